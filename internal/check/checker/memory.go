package checker

import (
	"math"
	"os"
	"runtime/debug"
	"sync"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/hugepages"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
)

// SizeMemory sizes the heap for a plan file before it is checked: huge
// pages for the heap the check will fill, and a soft memory limit. It
// returns the function that restores the previous limit. Check calls it;
// a caller that also writes the report calls it around both.
//
// The pipeline's live heap peaks near 1.5 times a large plan, and the
// default pacing lets the heap grow to twice the live size: the limit
// keeps a large plan's check under three times its size. A plan of a few
// tens of MiB peaks above three times its size: the binary and the runtime
// take about 12 MiB outside the heap, and a limit that made up for it
// would leave the live heap so little room that the collector ran two or
// three times as often (a quarter more time on a 25 MiB plan). A limit the
// user set (GOMEMLIMIT) is kept.
//
// A binary plan's size says nothing of the JSON Terraform makes of it,
// many times larger, and a plan on stdin has no size in advance: Check
// sizes the heap for their JSON once it is read (reading it needs none:
// it goes to a mapping of its own or to a file).
func SizeMemory(path string) func() {
	if path == "" {
		return func() {}
	}
	if path == "-" || plan.IsBinaryPlanFile(path) {
		return func() {} // sized once read (Check)
	}
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() {
		return func() {}
	}
	return sizeMemoryFor(st.Size())
}

// lateSizing sizes the heap for JSON whose size is known only once read
// (plan.Options.Sized), and restores the limit afterwards.
type lateSizing struct{ undo func() }

func (l *lateSizing) sized(n int64, inHeap bool) {
	if inHeap {
		// While it is decoded, the heap holds the JSON as well as the
		// values decoded from it: a limit of three times its size leaves
		// the decoding room; the peak comes later, the JSON gone.
		n += n / 5
	}
	l.restore()
	l.undo = sizeMemoryFor(n)
}

func (l *lateSizing) restore() {
	if l.undo != nil {
		l.undo()
		l.undo = nil
	}
}

// sizeMemoryFor is SizeMemory for a plan of n bytes.
func sizeMemoryFor(n int64) func() {
	limit := n*5/2 + 32<<20
	if n >= reserveFrom && n <= plan.DefaultMaxBytes {
		hugepages.Reserve(limit)
	}
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	prev := debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(prev) }
}

const (
	// reserveFrom is the plan size from which the heap is reserved: below
	// it, reserving (2 to 3 ms) costs more than the page faults it saves.
	// Past the default bound on plan size (plan.DefaultMaxBytes) nothing is
	// reserved: such a plan is most likely refused unread.
	reserveFrom = 1 << 20
)

// holdCollection turns the collector's pacing off while a plan is
// decoded, when a memory limit bounds the heap (SizeMemory's, or the
// user's GOMEMLIMIT) and the user did not set GOGC: nearly all that
// decoding allocates stays alive until the plan is indexed, so collections
// then mark a growing heap and free little (on a 25 MB plan, five of its
// eight). The limit still starts a collection if the heap nears it. It
// returns the function that restores the pacing; checks that overlap (in
// tests) share one hold, and the last to finish restores it.
func holdCollection() func() {
	if os.Getenv("GOGC") != "" || debug.SetMemoryLimit(-1) == math.MaxInt64 {
		return func() {}
	}
	held.Lock()
	if held.n == 0 {
		held.pacing = debug.SetGCPercent(-1)
	}
	held.n++
	held.Unlock()
	return func() {
		held.Lock()
		if held.n--; held.n == 0 {
			debug.SetGCPercent(held.pacing)
		}
		held.Unlock()
	}
}

var held struct {
	sync.Mutex
	n      int
	pacing int
}
