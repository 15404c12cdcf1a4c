package awsiam

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

// gunzip inflates a whole gzip stream into a buffer sized from its trailer.
func gunzip(gz []byte) ([]byte, error) {
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

// memberBlob is a run of independent gzip members (see iamgen): each is
// inflated on first use and kept.
type memberBlob struct {
	blob    []byte
	offsets []int // start of each member, then the end

	mu       sync.Mutex
	inflated map[int]string
}

// parseMembersHeader reads "#members off0 off1 ... end".
func parseMembersHeader(line string, blob []byte) (*memberBlob, error) {
	fields := strings.Fields(line)
	if len(fields) < 2 || fields[0] != "#members" {
		return nil, fmt.Errorf("bad members header")
	}
	m := &memberBlob{blob: blob, inflated: map[int]string{}}
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

func (m *memberBlob) valid(member int) bool { return member >= 0 && member+1 < len(m.offsets) }

// text returns the inflated member.
func (m *memberBlob) text(member int) (string, error) {
	if !m.valid(member) {
		return "", fmt.Errorf("no member %d", member)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if s, ok := m.inflated[member]; ok {
		return s, nil
	}
	raw, err := gunzip(m.blob[m.offsets[member]:m.offsets[member+1]])
	if err != nil {
		return "", err
	}
	s := string(raw)
	m.inflated[member] = s
	return s, nil
}

// slice returns [off, off+length) of a member.
func (m *memberBlob) slice(member, off, length int) (string, error) {
	s, err := m.text(member)
	if err != nil {
		return "", err
	}
	if off < 0 || length < 0 || off+length > len(s) {
		return "", fmt.Errorf("range %d+%d outside member %d", off, length, member)
	}
	return s[off : off+length], nil
}
