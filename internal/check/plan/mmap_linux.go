package plan

import (
	"os"
	"syscall"
)

// mapFile maps a regular file's first size bytes read-only. Reading a
// large plan this way costs no copy and no fresh memory (the pages are the
// page cache's); the decoder copies what it keeps, so the mapping is
// released as soon as the plan is parsed. ok is false when the file cannot
// be mapped: read it instead.
func mapFile(f *os.File, size int64) (data []byte, release func(), ok bool) {
	if size <= 0 || size != int64(int(size)) {
		return nil, nil, false
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_PRIVATE|syscall.MAP_POPULATE)
	if err != nil {
		return nil, nil, false
	}
	return data, func() { syscall.Munmap(data) }, true
}
