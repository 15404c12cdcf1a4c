package checker

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/KimMachineGun/automemlimit/memlimit"
)

// These tests change the process's memory limit and pacing: none is
// parallel, and each restores both.
func isolateMemory(t *testing.T) {
	t.Helper()
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOGC", "")
	inContainer(t, 0) // wherever the tests run
	prevLimit := debug.SetMemoryLimit(math.MaxInt64)
	prevPacing := debug.SetGCPercent(100)
	t.Cleanup(func() {
		debug.SetMemoryLimit(prevLimit)
		debug.SetGCPercent(prevPacing)
	})
}

func memoryLimit() int64 { return debug.SetMemoryLimit(-1) }

// awaitLimit collects until the guard has set a limit that satisfies ok,
// or two seconds have passed; it returns the last limit seen.
func awaitLimit(ok func(int64) bool) int64 {
	deadline := time.Now().Add(2 * time.Second)
	for !ok(memoryLimit()) && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(4 * guardPoll)
	}
	return memoryLimit()
}

// liveHeap keeps n bytes alive until the test ends.
func liveHeap(t *testing.T, n int) {
	pieces := make([][]byte, n>>20)
	for i := range pieces {
		pieces[i] = make([]byte, 1<<20)
	}
	t.Cleanup(func() { runtime.KeepAlive(pieces) })
}

// Once the plan's resources are counted, the limit grows to what they
// need, when that is more than the plan's size gave; with no sizing in
// force nothing is set.
func TestLimitFitsTheResourceCount(t *testing.T) {
	isolateMemory(t)
	fitMemory(100000)
	if got := memoryLimit(); got != math.MaxInt64 {
		t.Fatalf("a count with no sizing in force set a limit of %d", got)
	}
	undo := sizeMemoryFor(10 << 20)
	bySize := int64(10<<20)*5/2 + 32<<20
	fitMemory(1000)
	if got := memoryLimit(); got != bySize {
		t.Errorf("1,000 resources: limit %d, want the size's %d", got, bySize)
	}
	fitMemory(50000)
	if got, want := memoryLimit(), int64(50000)*perResource+32<<20; got != want {
		t.Errorf("50,000 resources: limit %d, want %d", got, want)
	}
	undo()
	if got := memoryLimit(); got != math.MaxInt64 {
		t.Errorf("limit not restored: %d", got)
	}
}

// The cli sizes the heap, and Check again inside: the inner sizing changes
// nothing, and undoing it does not bring back a limit the guard lifted.
func TestASecondSizingLeavesTheFirst(t *testing.T) {
	isolateMemory(t)
	const before = 1 << 40
	debug.SetMemoryLimit(before)
	outer := sizeMemoryFor(10 << 20)
	want := int64(10<<20)*5/2 + 32<<20
	inner := sizeMemoryFor(20 << 20)
	if got := memoryLimit(); got != want {
		t.Errorf("inner sizing set %d, want the outer's %d", got, want)
	}
	debug.SetMemoryLimit(math.MaxInt64) // as the guard lifts it
	inner()
	if got := memoryLimit(); got != math.MaxInt64 {
		t.Errorf("undoing the inner sizing set %d", got)
	}
	outer()
	if got := memoryLimit(); got != before {
		t.Errorf("undoing the outer sizing set %d, want %d", got, int64(before))
	}
}

// A live heap past the limit makes every collection free next to nothing:
// the guard removes the limit.
func TestGuardLiftsALimitTheLiveHeapFills(t *testing.T) {
	isolateMemory(t)
	undo := sizeMemoryFor(8 << 20) // a limit of 52 MiB
	defer undo()
	liveHeap(t, 64<<20)
	if got := awaitLimit(func(l int64) bool { return l == math.MaxInt64 }); got != math.MaxInt64 {
		t.Errorf("limit still %d MiB with 64 MiB live", got>>20)
	}
}

// A live heap well under the limit leaves it alone, however often the
// collector runs.
func TestGuardKeepsALimitWithRoom(t *testing.T) {
	isolateMemory(t)
	undo := sizeMemoryFor(40 << 20)
	defer undo()
	want := int64(40<<20)*5/2 + 32<<20
	liveHeap(t, 8<<20)
	for range 10 {
		runtime.GC()
		time.Sleep(2 * guardPoll)
	}
	if got := memoryLimit(); got != want {
		t.Errorf("limit %d with 8 MiB live, want %d", got, want)
	}
}

// While a plan is decoded (pacing held), a collection is the limit's and
// frees little: the limit is raised to twice the live heap and still
// bounds it; pacing and the limit come back afterwards.
func TestGuardRaisesTheLimitWhileDecoding(t *testing.T) {
	isolateMemory(t)
	undo := sizeMemoryFor(8 << 20)
	resume := holdCollection()
	liveHeap(t, 40<<20)
	atLeast := int64(2*40<<20 + 32<<20)
	got := awaitLimit(func(l int64) bool { return l >= atLeast })
	if got < atLeast || got == math.MaxInt64 {
		t.Errorf("limit while decoding %d MiB with 40 MiB live, want at least %d MiB and a bound", got>>20, atLeast>>20)
	}
	resume()
	undo()
	if got := memoryLimit(); got != math.MaxInt64 {
		t.Errorf("limit not restored: %d", got)
	}
}

// JSON sized once read (stdin, a binary plan) holds the collector's pacing
// from then until it is decoded, as a plan file's does from the start.
func TestLateSizingHoldsPacingWhileDecoding(t *testing.T) {
	isolateMemory(t)
	pacing := func() int {
		v := debug.SetGCPercent(-1)
		debug.SetGCPercent(v)
		return v
	}
	var later lateSizing
	later.sized(10<<20, false)
	if got := pacing(); got != -1 {
		t.Errorf("pacing while the sized JSON is decoded: GOGC %d, want held", got)
	}
	later.decoded()
	if got := pacing(); got != 100 {
		t.Errorf("pacing once decoded: GOGC %d, want 100", got)
	}
	later.restore()
	if got := memoryLimit(); got != math.MaxInt64 {
		t.Errorf("limit not restored: %d", got)
	}
}

// inContainer makes the checks of a test run as if in a container that
// allows n bytes (0: not in one).
func inContainer(t *testing.T, n uint64) {
	t.Helper()
	prev := containerMemory
	containerMemory = func() (uint64, error) {
		if n == 0 {
			return 0, memlimit.ErrNoLimit
		}
		return n, nil
	}
	t.Cleanup(func() { containerMemory = prev })
}

func TestCeilingLeavesRoomInTheContainer(t *testing.T) {
	for _, c := range []struct {
		allowed uint64
		want    int64
	}{
		{0, math.MaxInt64},
		{1 << 30, 1<<30 - (1<<30)/5 - 32<<20},
		{300 << 20, 300<<20 - (300<<20)/5 - 32<<20},
		{70 << 20, math.MaxInt64}, // too small to leave the room
	} {
		inContainer(t, c.allowed)
		if got := ceiling(); got != c.want {
			t.Errorf("container of %d MiB: ceiling %d, want %d", c.allowed>>20, got, c.want)
		}
	}
}

// In a container no limit goes past the ceiling: not the plan's size, nor
// its resource count, nor the guard lifting a limit the live heap fills.
func TestLimitsStayUnderTheContainerCeiling(t *testing.T) {
	isolateMemory(t)
	inContainer(t, 200<<20)
	c := ceiling()
	undo := sizeMemoryFor(100 << 20) // 282 MiB by its size
	defer undo()
	if got := memoryLimit(); got != c {
		t.Errorf("sized limit %d MiB, want the ceiling's %d MiB", got>>20, c>>20)
	}
	fitMemory(1000000)
	if got := memoryLimit(); got != c {
		t.Errorf("limit for a million resources %d MiB, want the ceiling's %d MiB", got>>20, c>>20)
	}
}

func TestGuardLiftsALimitOnlyToTheCeiling(t *testing.T) {
	isolateMemory(t)
	inContainer(t, 1<<30)
	c := ceiling()
	called := false
	OnOutOfMemory(func(int64, int64) { called = true })
	defer OnOutOfMemory(nil)
	undo := sizeMemoryFor(8 << 20) // a limit of 52 MiB
	defer undo()
	liveHeap(t, 64<<20)
	if got := awaitLimit(func(l int64) bool { return l == c }); got != c {
		t.Errorf("limit %d MiB with 64 MiB live, want the ceiling's %d MiB", got>>20, c>>20)
	}
	if called {
		t.Error("64 MiB live in a 1 GiB container was called out of memory")
	}
}

// A live heap the container cannot hold stops the check with a reason
// (the command exits), instead of the kernel killing it.
func TestGuardCallsOutALiveHeapPastTheCeiling(t *testing.T) {
	isolateMemory(t)
	inContainer(t, 160<<20) // a ceiling of 96 MiB
	type call struct{ live, allowed int64 }
	calls := make(chan call, 1)
	OnOutOfMemory(func(live, allowed int64) { calls <- call{live, allowed} })
	defer OnOutOfMemory(nil)
	undo := sizeMemoryFor(8 << 20)
	defer undo()
	liveHeap(t, 112<<20)
	deadline := time.After(2 * time.Second)
	for {
		select {
		case got := <-calls:
			if got.live < ceiling() || got.allowed != 160<<20 {
				t.Errorf("called with %d MiB live of %d MiB, want at least %d MiB of 160", got.live>>20, got.allowed>>20, ceiling()>>20)
			}
			return
		case <-deadline:
			t.Fatal("112 MiB live past a 96 MiB ceiling was not called out of memory")
		default:
			runtime.GC()
			time.Sleep(4 * guardPoll)
		}
	}
}
