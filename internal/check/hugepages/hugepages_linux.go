package hugepages

import (
	"bytes"
	"os"
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
	// The runtime dies, it does not fail, when the kernel refuses it
	// memory: never ask for more than half of what the machine has, and
	// nothing under a limit on address space or data (ulimit -v, -d),
	// which the reservation would count against.
	if limited(syscall.RLIMIT_AS) || limited(syscall.RLIMIT_DATA) || !offered() {
		return false
	}
	var si syscall.Sysinfo_t
	if syscall.Sysinfo(&si) != nil {
		return false
	}
	if half := int64(si.Totalram) * int64(si.Unit) / 2; n > half {
		n = half
	}
	if n < minReserve {
		return false
	}
	b := make([]byte, n)
	ok := Advise(b)
	// Collect the object and return its pages (never touched) to the
	// kernel, so they do not count against a memory limit until used.
	debug.FreeOSMemory()
	return ok
}

// Advise asks the kernel to back the whole 2 MiB pages inside b with huge
// pages when they are first touched; b must be memory the process maps
// (the heap, or a mapping of its own). It reports whether the advice was
// taken.
func Advise(b []byte) bool {
	base := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	start := (base + hugePage - 1) &^ (hugePage - 1)
	end := (base + uintptr(len(b))) &^ (hugePage - 1)
	return end > start && syscall.Madvise(b[start-base:end-base], madvHugepage) == nil
}

// limited reports whether a resource limit is set (or cannot be read).
func limited(resource int) bool {
	var l syscall.Rlimit
	return syscall.Getrlimit(resource, &l) != nil || l.Cur != ^uint64(0) // RLIM_INFINITY
}

// offered reports whether the kernel gives huge pages to memory that asks
// for them ("always" or "madvise"); with "never", or no such setting, a
// reservation would buy nothing.
func offered() bool {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	return err == nil && !bytes.Contains(mode, []byte("[never]"))
}
