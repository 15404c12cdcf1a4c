// Package hugepages backs the heap a check is about to fill with
// transparent huge pages, where the kernel offers them.
//
// A check of a large plan fills a few hundred MiB of fresh heap once.
// With the default 4 KiB pages every page costs the kernel a fault: about
// 1 µs on bare metal, and ten times that in the virtual machines CI runs
// in, where touching 300 MiB took 0.9 s of a 3 s check. Huge pages fault
// once per 2 MiB. Go does not ask for them for its heap (a long-running
// server's sparse heap would hold more memory), but a check fills its
// heap densely and exits.
package hugepages

import (
	"runtime/debug"
	"strconv"
	"sync"
)

// Sizes outside these bounds are left alone: below, faults cost less
// than reserving; above, the reservation would be a guess too large to
// make up front.
const (
	minReserve = 16 << 20
	maxReserve = 16 << 30
)

var (
	mu       sync.Mutex
	reserved int64 // the largest reservation so far; the heap keeps its mappings
)

// Reserve makes the heap map at least n bytes ahead of use and advises
// the kernel to back them with huge pages when they are first touched.
// Nothing is touched, so nothing is resident until used. It does nothing
// where the kernel offers no huge pages, in a 32-bit process, under a
// limit on address space or data, and when an earlier call reserved as
// much; it never reserves more than half the machine's memory, nor more
// than half a memory limit already set.
func Reserve(n int64) {
	// A 32-bit process has too little address space to map ahead.
	if n < minReserve || n > maxReserve || strconv.IntSize < 64 {
		return
	}
	// Near a memory limit (the user's GOMEMLIMIT) the collector would run
	// over and over while the reservation is made: half of it at most.
	n = min(n, debug.SetMemoryLimit(-1)/2)
	mu.Lock()
	defer mu.Unlock()
	if n <= reserved {
		return
	}
	if advise(n) {
		reserved = n
	}
}
