package hugepages

import (
	"bytes"
	"cmp"
	"os"
	"runtime/debug"
	"slices"
	"syscall"
	"unsafe"
)

// madvHugepage is MADV_HUGEPAGE, which the syscall package does not name.
const madvHugepage = 14

const hugePage = 2 << 20

// advise makes the runtime map n bytes of heap from the kernel, advises
// huge pages on them, and frees them again. The advice stays with the
// mapping; the page allocator hands out the lowest free addresses first,
// so the check's heap is built in it.
//
// The heap is mapped by allocating it in huge-page-sized pieces. Fresh
// memory needs no clearing, but the runtime clears a whole object that
// starts in pages used before (freed pages at the top of the heap): one
// object as large as the reservation would have faulted in all of it.
// Pieces cost at most one piece of fresh memory cleared.
func advise(n int64) bool {
	// The runtime dies, it does not fail, when the kernel refuses it
	// memory: never ask for more than half of what the machine has, and
	// nothing under a limit on address space or data (ulimit -v, -d), or
	// strict overcommit, which the reservation would count against
	// though it is never touched.
	if limited(syscall.RLIMIT_AS) || limited(syscall.RLIMIT_DATA) || strictOvercommit(overcommitSetting) || !offered() {
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
	pieces := make([][]byte, n/hugePage)
	for i := range pieces {
		pieces[i] = make([]byte, hugePage)
	}
	ok := false
	for _, r := range runs(pieces) {
		ok = adviseRange(r[0], r[1]) || ok
	}
	// Collect the pieces and return their pages (never touched) to the
	// kernel, so they do not count against a memory limit until used.
	clear(pieces)
	debug.FreeOSMemory()
	return ok
}

// runs joins pieces of memory that follow one another into [start, end)
// address ranges.
func runs(pieces [][]byte) [][2]uintptr {
	var out [][2]uintptr
	for _, p := range pieces {
		out = append(out, [2]uintptr{start(p), start(p) + uintptr(len(p))})
	}
	slices.SortFunc(out, func(a, b [2]uintptr) int { return cmp.Compare(a[0], b[0]) })
	joined := out[:0]
	for _, r := range out {
		if k := len(joined) - 1; k >= 0 && joined[k][1] == r[0] {
			joined[k][1] = r[1]
			continue
		}
		joined = append(joined, r)
	}
	return joined
}

func start(b []byte) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(b))) }

// Advise asks the kernel to back the whole 2 MiB pages inside b with huge
// pages when they are first touched; b must be memory the process maps
// (the heap, or a mapping of its own). It reports whether the advice was
// taken.
func Advise(b []byte) bool { return adviseRange(start(b), start(b)+uintptr(len(b))) }

// adviseRange advises huge pages on the whole 2 MiB pages in [lo, hi),
// memory the caller keeps mapped.
func adviseRange(lo, hi uintptr) bool {
	from := (lo + hugePage - 1) &^ (hugePage - 1)
	to := hi &^ (hugePage - 1)
	if to <= from {
		return false
	}
	_, _, errno := syscall.Syscall(syscall.SYS_MADVISE, from, to-from, madvHugepage)
	return errno == 0
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

// overcommitSetting is where the kernel says how it commits memory.
const overcommitSetting = "/proc/sys/vm/overcommit_memory"

// strictOvercommit reports whether the kernel commits memory strictly
// (mode 2), counting every writable mapping against a fixed total: there
// a reservation takes memory from everything else on the machine.
func strictOvercommit(setting string) bool {
	mode, err := os.ReadFile(setting)
	return err == nil && bytes.Equal(bytes.TrimSpace(mode), []byte("2"))
}
