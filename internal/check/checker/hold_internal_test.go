package checker

import (
	"math"
	"runtime/debug"
	"testing"
)

// While a plan is decoded the collector's pacing is off if a memory limit
// bounds the heap, and it comes back afterwards, also when checks overlap.
func TestCollectionHeldWhileDecoding(t *testing.T) {
	t.Setenv("GOGC", "") // not parallel: it changes the process's collector
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
