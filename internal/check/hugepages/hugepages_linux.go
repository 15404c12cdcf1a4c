package hugepages

import (
	"runtime/debug"
	"syscall"
	"unsafe"
)

// madvHugepage is MADV_HUGEPAGE, which the syscall package does not name.
const madvHugepage = 14

const hugePage = 2 << 20

// advise allocates one n-byte object, so the runtime maps that much heap
// from the kernel (untouched: fresh memory needs no zeroing), advises
// huge pages on the whole 2 MiB pages inside it, and frees it again. The
// advice stays with the mapping; the page allocator hands out the lowest
// free addresses first, so the check's heap is built in it.
func advise(n int64) bool {
	b := make([]byte, n)
	base := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	start := (base + hugePage - 1) &^ (hugePage - 1)
	end := (base + uintptr(n)) &^ (hugePage - 1)
	ok := end > start && syscall.Madvise(b[start-base:end-base], madvHugepage) == nil
	// Collect the object and return its pages (never touched) to the
	// kernel, so they do not count against a memory limit until used.
	debug.FreeOSMemory()
	return ok
}
