package plan

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan/plangen"
)

// mappedPlan writes a generated plan of n instances and maps it; the
// mapping and the file are released when the test ends.
func mappedPlan(t *testing.T, n int) (data []byte, path string, m *mapping) {
	t.Helper()
	data, _ = plangen.Generate(plangen.Options{Instances: n})
	path = filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	m, ok := mapFile(f, int64(len(data)))
	if !ok {
		t.Skip("cannot map files here")
	}
	t.Cleanup(m.release)
	return data, path, m
}

// TestMappedPlanTruncated: a plan file cut short while it is parsed gives
// an input error, not a crash (the mapping's missing pages fault).
func TestMappedPlanTruncated(t *testing.T) {
	t.Parallel()
	_, path, m := mappedPlan(t, 2000)
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	p, err := parseMapped(m.data, Options{}, path)
	if err == nil || p != nil || !strings.Contains(err.Error(), "changed while it was read") {
		t.Fatalf("got %v, %v; want the changed-file error", p, err)
	}
	if _, ok := err.(*InputError); !ok {
		t.Errorf("%T is not an *InputError", err)
	}
}

// TestLoadMappedMatchesParse: a plan loaded from a mapped file is the plan
// Parse makes of the same bytes.
func TestLoadMappedMatchesParse(t *testing.T) {
	t.Parallel()
	data, _ := plangen.Generate(plangen.Options{Instances: 1500})
	if len(data) < mapThreshold {
		t.Fatalf("plan of %d bytes is below the mapping threshold", len(data))
	}
	path := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(t.Context(), path, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := Parse(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(loaded.Resources) != len(parsed.Resources) {
		t.Fatalf("%d resources loaded, %d parsed", len(loaded.Resources), len(parsed.Resources))
	}
	for i := range loaded.Resources {
		if d := diff("resource", reflectValue(loaded.Resources[i].After), reflectValue(parsed.Resources[i].After)); d != "" {
			t.Fatalf("%s: %s", loaded.Resources[i].Address, d)
		}
	}
}

func reflectValue(v any) reflect.Value { return reflect.ValueOf(v) }

// TestDroppedPagesDecodeTheSame: the pages of a mapped plan are dropped as
// it is decoded, and values decoded later from their spans (data sources
// only in prior_state) read them back from the file: the plan is the one
// Parse makes of the same bytes.
func TestDroppedPagesDecodeTheSame(t *testing.T) {
	t.Parallel()
	data, path, m := mappedPlan(t, 8000)
	if len(data) < 3*releaseEvery {
		t.Fatalf("plan of %d bytes gives too few chances to drop pages", len(data))
	}
	drops := 0
	opts := Options{consumed: func(done []byte) { drops++; m.drop(done) }}
	mapped, err := parseMapped(m.data, opts, path)
	if err != nil {
		t.Fatal(err)
	}
	if drops < 3 || m.dropped < 2*releaseEvery {
		t.Fatalf("%d drops, %d bytes dropped", drops, m.dropped)
	}
	m.drop(m.data[:10]) // behind what was dropped: nothing to do
	m.drop([]byte("elsewhere"))
	parsed, err := Parse(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(mapped.Resources) != len(parsed.Resources) {
		t.Fatalf("%d resources mapped, %d parsed", len(mapped.Resources), len(parsed.Resources))
	}
	dataSources := 0
	for i, r := range mapped.Resources {
		want := parsed.Resources[i]
		if r.Mode == "data" {
			dataSources++
		}
		if r.Address != want.Address || !reflect.DeepEqual(r.Before, want.Before) || !reflect.DeepEqual(r.After, want.After) {
			t.Fatalf("%s differs once its pages were dropped", r.Address)
		}
	}
	if dataSources == 0 {
		t.Fatal("no data source was decoded from its span")
	}
}

// TestLoadPipedMatchesParse: a plan piped to stdin is read into a mapping
// outside the heap, unmapped once parsed: the plan is the one Parse makes
// of the same bytes, and nothing in it still points into the mapping (a
// value that did would fault here). A plan past the size bound is refused.
func TestLoadPipedMatchesParse(t *testing.T) {
	t.Parallel()
	data, _ := plangen.Generate(plangen.Options{Instances: 1500})
	pipe := func() *os.File {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			w.Write(data)
			w.Close()
		}()
		t.Cleanup(func() { r.Close() })
		return r
	}
	var sized []int64
	loaded, err := Load(t.Context(), "-", pipe(), Options{Sized: func(n int64, inHeap bool) {
		if inHeap == (strconv.IntSize < 64) { // a 32-bit process reads into the heap
			sized = append(sized, n)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sized) != 1 || sized[0] != int64(len(data)) {
		t.Errorf("Sized told %v, want [%d] (outside the heap, in a mapping of its own)", sized, len(data))
	}
	parsed, err := Parse(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(loaded.Resources) != len(parsed.Resources) {
		t.Fatalf("%d resources loaded, %d parsed", len(loaded.Resources), len(parsed.Resources))
	}
	for i, r := range loaded.Resources {
		want := parsed.Resources[i]
		if r.Address != want.Address || !reflect.DeepEqual(r.Before, want.Before) || !reflect.DeepEqual(r.After, want.After) || !reflect.DeepEqual(r.Config, want.Config) {
			t.Fatalf("%s differs when piped", r.Address)
		}
	}
	_, err = Load(t.Context(), "-", pipe(), Options{MaxBytes: int64(len(data)) - 1})
	if err == nil || !strings.Contains(err.Error(), "exceeds the") {
		t.Errorf("a piped plan one byte over the bound: %v", err)
	}
}

// TestLoadRedirectedStdinIsMapped: stdin redirected from a plan file is
// mapped like the file (Sized is told it is not in the heap); one already
// read from is read from where it stands, into the heap.
func TestLoadRedirectedStdinIsMapped(t *testing.T) {
	t.Parallel()
	_, path, _ := mappedPlan(t, 1500)
	open := func() *os.File {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	var inHeap []bool
	sized := func(_ int64, h bool) { inHeap = append(inHeap, h) }
	if _, err := Load(t.Context(), "-", open(), Options{Sized: sized}); err != nil {
		t.Fatal(err)
	}
	read := open()
	if _, err := read.Seek(1, 0); err != nil {
		t.Fatal(err)
	}
	_, err := Load(t.Context(), "-", read, Options{Sized: sized})
	if err == nil {
		t.Error("a plan read from its second byte loaded")
	}
	if !reflect.DeepEqual(inHeap, []bool{false, true}) {
		t.Errorf("Sized told in-heap %v, want [false true] (mapped, then read)", inHeap)
	}
}

// TestBinaryPlanJSONGoesThroughATemporaryFile: the JSON `terraform show`
// makes of a binary plan is written to a temporary file and mapped (Sized
// is told its size, outside the heap), the plan is the one Parse makes of
// it, and the file, which holds what the binary plan holds, has no name
// while Terraform writes it, nor after.
func TestBinaryPlanJSONGoesThroughATemporaryFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir) // not parallel: the temporary files go here
	data, _ := plangen.Generate(plangen.Options{Instances: 300})
	jsonPath := filepath.Join(t.TempDir(), "show.json")
	if err := os.WriteFile(jsonPath, data, 0o600); err != nil {
		t.Fatal(err)
	}
	// The fake terraform lists the temporary directory while it writes.
	seen := filepath.Join(t.TempDir(), "seen")
	tf := filepath.Join(t.TempDir(), "terraform")
	if err := os.WriteFile(tf, []byte("#!/bin/sh\nls -A '"+dir+"' > '"+seen+"'\nexec cat '"+jsonPath+"'\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "tfplan")
	if err := os.WriteFile(bin, append([]byte("PK\x03\x04"), make([]byte, 64)...), 0o600); err != nil {
		t.Fatal(err)
	}
	var sizes []int64
	var inHeap []bool
	loaded, err := Load(t.Context(), bin, nil, Options{Terraform: tf, Sized: func(n int64, h bool) {
		sizes, inHeap = append(sizes, n), append(inHeap, h)
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sizes, []int64{int64(len(data))}) || !reflect.DeepEqual(inHeap, []bool{false}) {
		t.Errorf("Sized told %v (in heap %v), want [%d] outside the heap", sizes, inHeap, len(data))
	}
	parsed, err := Parse(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(loaded.Resources) != len(parsed.Resources) || len(loaded.Resources) == 0 {
		t.Fatalf("%d resources loaded, %d parsed", len(loaded.Resources), len(parsed.Resources))
	}
	for i, r := range loaded.Resources {
		if want := parsed.Resources[i]; r.Address != want.Address || !reflect.DeepEqual(r.After, want.After) {
			t.Fatalf("%s differs when made from a binary plan", r.Address)
		}
	}
	listed, err := os.ReadFile(seen)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(listed), "nhiguard-show-") {
		t.Errorf("the JSON file had a name while terraform wrote it: %q", listed)
	}
	left, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		t.Errorf("temporary file %s left behind", e.Name())
	}
}

// A plan is not spooled to tmpfs (spoolDir), as it would stay in memory.
func TestInMemoryFS(t *testing.T) {
	t.Parallel()
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() && !inMemoryFS("/dev/shm") {
		t.Error("/dev/shm is not told apart as tmpfs")
	}
	for _, dir := range []string{"/proc", "/nonexistent"} {
		if inMemoryFS(dir) {
			t.Errorf("%s is taken for tmpfs", dir)
		}
	}
}
