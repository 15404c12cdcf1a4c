package checker

import (
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
)

// While a plan is decoded the collector's pacing is off if a memory limit
// bounds the heap, and it comes back afterwards, also when checks overlap.
func TestCollectionHeldWhileDecoding(t *testing.T) {
	t.Setenv("GOGC", "") // not parallel: it changes the process's collector
	inContainer(t, 0)    // wherever the tests run
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	pacing := func() int {
		v := debug.SetGCPercent(-1)
		debug.SetGCPercent(v)
		return v
	}

	resume := holdCollection()
	if got := pacing(); got != 100 {
		t.Errorf("held without a memory limit: GOGC %d", got)
	}
	resume()

	debug.SetMemoryLimit(1 << 30)
	first := holdCollection()
	second := holdCollection()
	if got := pacing(); got != -1 {
		t.Errorf("not held while decoding: GOGC %d", got)
	}
	first()
	if got := pacing(); got != -1 {
		t.Errorf("released while another check decodes: GOGC %d", got)
	}
	second()
	if got := pacing(); got != 100 {
		t.Errorf("pacing not restored: GOGC %d", got)
	}
}

// The memory limit follows a JSON plan's size; a binary plan's says
// nothing of the JSON made of it, so it sets none.
func TestMemoryLimitFromThePlanSize(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "") // not parallel: it changes the process's limit
	inContainer(t, 0)          // wherever the tests run
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	dir := t.TempDir()
	jsonPlan := filepath.Join(dir, "plan.json")
	binary := filepath.Join(dir, "tfplan")
	body := make([]byte, 1<<20)
	if err := os.WriteFile(jsonPlan, append([]byte(`{"format_version":"1.2"}`), body...), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(binary, append([]byte("PK\x03\x04"), body...), 0o600); err != nil {
		t.Fatal(err)
	}
	restore := SizeMemory(binary)
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("a binary plan set a limit of %d", got)
	}
	restore()
	restore = SizeMemory(jsonPlan)
	if got, want := debug.SetMemoryLimit(-1), int64(len(body)+24)*5/2+32<<20; got != want {
		t.Errorf("limit for a JSON plan = %d, want %d", got, want)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("limit not restored: %d", got)
	}
}

// JSON read from stdin or made from a binary plan sets the limit once its
// size is known, leaving room for the JSON when the heap holds it, and
// the previous limit comes back afterwards.
func TestMemoryLimitOnceTheSizeIsKnown(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "") // not parallel: it changes the process's limit
	inContainer(t, 0)          // wherever the tests run
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	const n = 100 << 20
	var later lateSizing
	later.sized(n, false)
	if got, want := debug.SetMemoryLimit(-1), int64(n)*5/2+32<<20; got != want {
		t.Errorf("limit for mapped JSON = %d, want %d", got, want)
	}
	later.sized(n, true)
	if got, want := debug.SetMemoryLimit(-1), int64(n+n/5)*5/2+32<<20; got != want {
		t.Errorf("limit for JSON in the heap = %d, want %d", got, want)
	}
	later.restore()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("limit not restored: %d", got)
	}
	later.restore() // twice is harmless
}
