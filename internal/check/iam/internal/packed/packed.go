// Package packed reads the compact tables iamgen writes: whole gzip streams,
// and blobs of independent gzip members that are inflated one at a time, on
// first use, so that a lookup pays only for the member it needs.
package packed

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// Gunzip inflates a whole gzip stream into a buffer sized from its trailer.
func Gunzip(gz []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	size := 0
	if len(gz) >= 4 {
		size = int(binary.LittleEndian.Uint32(gz[len(gz)-4:]))
	}
	buf := bytes.NewBuffer(make([]byte, 0, min(size, 64<<20)+1))
	if _, err := io.Copy(buf, zr); err != nil {
		return nil, err
	}
	return buf.Bytes(), zr.Close()
}

// Members is a run of independent gzip members: each is inflated on first
// use and kept.
type Members struct {
	blob    []byte
	offsets []int // start of each member, then the end

	mu       sync.Mutex
	inflated map[int]string
}

// ParseMembersHeader reads the index line "#members off0 off1 ... end"
// that describes blob.
func ParseMembersHeader(line string, blob []byte) (*Members, error) {
	fields := strings.Fields(line)
	if len(fields) < 2 || fields[0] != "#members" {
		return nil, fmt.Errorf("bad members header")
	}
	m := &Members{blob: blob, inflated: map[int]string{}}
	prev := 0
	for _, f := range fields[1:] {
		o, err := strconv.Atoi(f)
		if err != nil || o < prev || o > len(blob) {
			return nil, fmt.Errorf("bad member offset %q", f)
		}
		m.offsets = append(m.offsets, o)
		prev = o
	}
	return m, nil
}

// Valid reports whether member exists.
func (m *Members) Valid(member int) bool { return member >= 0 && member+1 < len(m.offsets) }

// Text returns the inflated member.
func (m *Members) Text(member int) (string, error) {
	if !m.Valid(member) {
		return "", fmt.Errorf("no member %d", member)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if s, ok := m.inflated[member]; ok {
		return s, nil
	}
	raw, err := Gunzip(m.blob[m.offsets[member]:m.offsets[member+1]])
	if err != nil {
		return "", err
	}
	s := string(raw)
	m.inflated[member] = s
	return s, nil
}

// Slice returns [off, off+length) of a member.
func (m *Members) Slice(member, off, length int) (string, error) {
	s, err := m.Text(member)
	if err != nil {
		return "", err
	}
	if off < 0 || length < 0 || off+length > len(s) {
		return "", fmt.Errorf("range %d+%d outside member %d", off, length, member)
	}
	return s[off : off+length], nil
}

// Lazy returns a function that decodes embedded data on its first call
// and returns it from then on. The data is generated and embedded, so a
// decode failure is a build defect: it panics, naming what.
func Lazy[T any](what string, decode func() (T, error)) func() T {
	load := sync.OnceValues(decode)
	return func() T {
		v, err := load()
		if err != nil {
			panic(fmt.Sprintf("%s: %v", what, err))
		}
		return v
	}
}
