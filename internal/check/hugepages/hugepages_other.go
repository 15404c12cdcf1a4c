//go:build !linux

package hugepages

func advise(int64) bool { return false }

// Advise does nothing where there are no transparent huge pages.
func Advise([]byte) bool { return false }
