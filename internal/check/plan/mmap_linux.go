package plan

import (
	"io"
	"os"
	"strconv"
	"syscall"
	"unsafe"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/hugepages"
)

// mapping is a plan file mapped read-only. Reading a large plan this way
// costs no copy and no fresh memory (the pages are the page cache's); the
// decoder copies what it keeps, so the mapping is released as soon as the
// plan is parsed.
type mapping struct {
	data    []byte
	dropped int // data[:dropped] is out of the process's memory
}

// mapFile maps a regular file's first size bytes. ok is false when the file
// cannot be mapped: read it instead.
func mapFile(f *os.File, size int64) (m *mapping, ok bool) {
	if size <= 0 || size != int64(int(size)) {
		return nil, false
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_PRIVATE|syscall.MAP_POPULATE)
	if err != nil {
		return nil, false
	}
	return &mapping{data: data}, true
}

func (m *mapping) release() { syscall.Munmap(m.data) }

// drop takes the pages of a decoded prefix of the mapping (done must end
// inside it) out of the process's memory, so that a plan being decoded and
// the values decoded from it are not both resident: the peak of a large
// check falls by up to the plan's size. Reading them again (a lazily
// decoded value) brings them back from the file. Anything else is ignored.
func (m *mapping) drop(done []byte) {
	if len(m.data) == 0 || len(done) == 0 {
		return
	}
	base := uintptr(unsafe.Pointer(unsafe.SliceData(m.data)))
	end := uintptr(unsafe.Pointer(unsafe.SliceData(done))) + uintptr(len(done))
	if end <= base || end > base+uintptr(len(m.data)) {
		return
	}
	page := os.Getpagesize()
	upto := int(end-base) / page * page
	if upto <= m.dropped {
		return
	}
	if err := syscall.Madvise(m.data[m.dropped:upto], syscall.MADV_DONTNEED); err == nil {
		m.dropped = upto
	}
}

// readAnon reads r to its end, at most limit+1 bytes, into an anonymous
// mapping outside the heap: a plan piped in of unknown size is read with no
// copy (a growing buffer copies it and holds it up to three times over),
// and the collector neither counts nor scans it. The mapping reserves
// limit+1 bytes of address space; only what is read takes memory. ok is
// false when no such mapping can be made: read into the heap instead.
func readAnon(r io.Reader, limit int64) (m *mapping, n int64, ok bool, err error) {
	size := limit + 1
	// A 32-bit process has too little address space to reserve it.
	if size <= 0 || strconv.IntSize < 64 {
		return nil, 0, false, nil
	}
	data, merr := syscall.Mmap(-1, 0, int(size), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANONYMOUS|syscall.MAP_NORESERVE)
	if merr != nil {
		return nil, 0, false, nil
	}
	m = &mapping{data: data}
	hugepages.Advise(data) // written page by page: 512 times fewer faults
	k, rerr := io.ReadFull(r, data)
	if rerr != nil && rerr != io.EOF && rerr != io.ErrUnexpectedEOF {
		m.release()
		return nil, 0, true, rerr
	}
	return m, int64(k), true, nil
}

// tmpfsMagic is the file system type of tmpfs (statfs(2)).
const tmpfsMagic = 0x01021994

// inMemoryFS reports whether files in dir live in memory (tmpfs): a plan
// spooled there takes the memory it was spooled to save.
func inMemoryFS(dir string) bool {
	var st syscall.Statfs_t
	return syscall.Statfs(dir, &st) == nil && st.Type == tmpfsMagic
}
