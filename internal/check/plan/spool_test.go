package plan

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A plan piped in loads the same through a temporary file (Spool) as
// from memory, and is refused with the same message when it is too large,
// empty, or a binary plan with no terraform to convert it.
func TestSpooledStdinLoadsAsFromMemory(t *testing.T) {
	t.Parallel()
	large, err := os.ReadFile(filepath.Join(fixtures, "aws-12-large-generated", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	small, err := os.ReadFile(filepath.Join(fixtures, "aws-02-unowned-ci-user-admin", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	// A pipe, not a file: only what is not mapped as a file is spooled.
	piped := func(data []byte) io.Reader { return io.MultiReader(bytes.NewReader(data)) }
	load := func(data []byte, spool bool, opts Options) (*Plan, error) {
		opts.Spool = spool
		opts.Terraform = "/nonexistent/terraform"
		return Load(context.Background(), "-", piped(data), opts)
	}
	for name, data := range map[string][]byte{"large": large, "small": small} {
		var sized []int64
		var inHeap []bool
		opts := Options{Sized: func(n int64, heap bool) { sized = append(sized, n); inHeap = append(inHeap, heap) }}
		spooled, wasSpooled, err := loadSpooled(context.Background(), "-", piped(data), opts, t.TempDir())
		if err != nil || !wasSpooled {
			t.Fatalf("%s spooled: %v (through a file: %v)", name, err, wasSpooled)
		}
		if len(sized) != 1 || sized[0] != int64(len(data)) || inHeap[0] {
			t.Errorf("%s spooled: sized %v (in heap %v), want %d bytes mapped", name, sized, inHeap, len(data))
		}
		inMemory, err := load(data, false, Options{})
		if err != nil {
			t.Fatalf("%s from memory: %v", name, err)
		}
		if d := indexDiff(spooled, inMemory); d != "" {
			t.Errorf("%s: %s", name, d)
		}
	}
	for name, c := range map[string]struct {
		data []byte
		opts Options
		want string
	}{
		"too large": {large, Options{MaxBytes: 1 << 20}, "plan input from stdin exceeds the 1 MiB limit"},
		"empty":     {nil, Options{}, "plan input is empty"},
		"binary":    {[]byte("PK\x03\x04 a binary plan"), Options{}, "needs the /nonexistent/terraform CLI"},
		"truncated": {large[:len(large)/2], Options{}, "plan input is truncated"},
	} {
		_, err := load(c.data, true, c.opts)
		_, merr := load(c.data, false, c.opts)
		if err == nil || merr == nil || err.Error() != merr.Error() || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: spooled %v, from memory %v, want both %q", name, err, merr, c.want)
		}
	}
}

// With nowhere to spool to, nothing is read from stdin, so Load can read
// it into memory instead.
func TestNoSpoolDirReadsNothing(t *testing.T) {
	t.Parallel()
	stdin := strings.NewReader(`{"format_version":"1.2"}`)
	if _, spooled, err := loadSpooled(context.Background(), "-", stdin, Options{}, ""); spooled || err != nil {
		t.Fatalf("spooled %v, %v; want neither", spooled, err)
	}
	if stdin.Len() == 0 {
		t.Error("stdin was read")
	}
}
