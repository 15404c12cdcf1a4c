//go:build !linux

package hugepages

func advise(int64) bool { return false }
