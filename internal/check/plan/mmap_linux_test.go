package plan

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan/plangen"
)

// TestMappedPlanTruncated: a plan file cut short while it is parsed gives
// an input error, not a crash (the mapping's missing pages fault).
func TestMappedPlanTruncated(t *testing.T) {
	t.Parallel()
	data, _ := plangen.Generate(plangen.Options{Instances: 2000})
	path := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	mapped, release, ok := mapFile(f, int64(len(data)))
	if !ok {
		t.Skip("cannot map files here")
	}
	defer release()
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	p, err := parseMapped(mapped, Options{}, path)
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
