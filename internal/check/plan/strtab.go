package plan

import (
	"encoding/json"
	"unsafe"
)

// strtab gives the decoder's strings a home of their own, so the plan's
// input can be freed once it is decoded (its bytes are mostly values that
// are only validated, or repeated in several sections). Strings are
// copied into large chunks, one allocation for many; short ones, keys
// above all, are interned, and short values are boxed once, as an
// interface holding a string costs an allocation of its own.
type strtab struct {
	recent   *[512]string
	chunk    []byte
	rawChunk []byte
	interns  map[string]string
	strs     map[string]any // boxed short strings
	nums     map[string]any // boxed short json.Numbers
}

const (
	chunkSize = 256 << 10
	shortStr  = 32
	// maxShared bounds each table. What recurs (types, keys, modes,
	// common values) is met early and stays; a plan of half a million
	// resources filled them with as many unique names and addresses, and
	// growing maps that size took a third of its decoding. Past it, a new
	// string is copied (and boxed) as it would be without a table.
	maxShared = 1 << 16
)

func newStrtab() *strtab {
	return &strtab{recent: new([512]string), interns: map[string]string{}, strs: map[string]any{}, nums: map[string]any{}}
}

// copy returns b as a string that does not share b's memory.
func (t *strtab) copy(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > chunkSize/8 || t.interns == nil {
		return string(b)
	}
	if cap(t.chunk)-len(t.chunk) < len(b) {
		t.chunk = make([]byte, 0, chunkSize)
	}
	n := len(t.chunk)
	t.chunk = append(t.chunk, b...)
	return unsafe.String(&t.chunk[n], len(b))
}

// intern returns the one copy of a string. A small direct-mapped cache in
// front of the map catches the keys that recur object after object.
func (t *strtab) intern(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if t.interns == nil {
		return t.copy(b) // a one-off decode: nothing to share
	}
	slot := &t.recent[(uint(len(b))*31+uint(b[0])*7+uint(b[len(b)-1]))%uint(len(t.recent))]
	if *slot == string(b) {
		return *slot
	}
	s, ok := t.interns[string(b)]
	if !ok {
		s = t.copy(b)
		if len(t.interns) < maxShared {
			t.interns[s] = s
		}
	}
	*slot = s
	return s
}

// text is a string field: short ones repeat (types, names, modes).
func (t *strtab) text(b []byte) string {
	if len(b) <= shortStr {
		return t.intern(b)
	}
	return t.copy(b)
}

func (t *strtab) boxString(b []byte) any {
	if len(b) > shortStr || t.strs == nil {
		return t.copy(b)
	}
	if v, ok := t.strs[string(b)]; ok {
		return v
	}
	s := t.intern(b)
	var v any = s
	if len(t.strs) < maxShared {
		t.strs[s] = v
	}
	return v
}

func (t *strtab) boxNumber(b []byte) any {
	if len(b) > shortStr || t.nums == nil {
		return json.Number(t.copy(b))
	}
	if v, ok := t.nums[string(b)]; ok {
		return v
	}
	s := t.intern(b)
	var v any = json.Number(s)
	if len(t.nums) < maxShared {
		t.nums[s] = v
	}
	return v
}

// raw copies a span of JSON for a json.RawMessage field, into chunks of
// their own: a RawMessage may be changed, a string may not.
func (t *strtab) raw(b []byte) json.RawMessage {
	if len(b) > chunkSize/8 {
		return append(json.RawMessage(nil), b...)
	}
	if cap(t.rawChunk)-len(t.rawChunk) < len(b) {
		t.rawChunk = make([]byte, 0, chunkSize)
	}
	n := len(t.rawChunk)
	t.rawChunk = append(t.rawChunk, b...)
	return json.RawMessage(t.rawChunk[n:len(t.rawChunk):len(t.rawChunk)])
}
