package plan

import "unsafe"

// unsafeString views b as a string without copying. The decoder's strings
// are slices of the plan input, which nothing changes after it is read.
func unsafeString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}
