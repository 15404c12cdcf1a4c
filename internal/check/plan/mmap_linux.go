package plan

import (
	"os"
	"syscall"
	"unsafe"
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
