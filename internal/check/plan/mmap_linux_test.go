package plan

import (
	"os"
	"path/filepath"
	"reflect"
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
