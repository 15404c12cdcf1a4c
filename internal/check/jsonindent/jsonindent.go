// Package jsonindent indents the compact JSON that encoding/json writes,
// byte for byte as json.Indent does with an empty prefix, in one pass and
// straight to a writer. json.Indent runs its validating scanner on every
// byte and builds the whole indented copy in memory: on a report of a
// large plan that was a fifth of the check's time and a second copy of
// the output. The input here was written by json.Marshal, so it is valid
// and holds no whitespace outside strings.
package jsonindent

import (
	"bytes"
	"io"
)

// Indenter indents compact JSON written to it, each element of an object
// or array on a new line indented by indent per level, as json.Indent(dst,
// compact, "", indent) does; it adds no trailing newline. The text may come
// in pieces, each ending anywhere between two tokens, not inside a string
// or a number.
type Indenter struct {
	w     io.Writer
	out   []byte
	lines [][]byte // lines[d] is a newline followed by d indents
	depth int
	// open is a '{' or '[' that ended the last piece: whether it starts an
	// empty object or array is known from the next byte.
	open byte
	err  error
}

const flushAt = 64 << 10

// NewIndenter returns an Indenter writing to w; call Flush at the end.
func NewIndenter(w io.Writer, indent string) *Indenter {
	return &Indenter{w: w, out: make([]byte, 0, flushAt+4096), lines: [][]byte{[]byte("\n"), []byte("\n" + indent)}}
}

// Write indents p. Errors of the underlying writer are returned by Flush.
func (x *Indenter) Write(p []byte) (int, error) {
	b := p
	if x.open != 0 && len(b) > 0 {
		c := x.open
		x.open = 0
		if b[0] == '}' || b[0] == ']' {
			x.out = append(x.out, c, b[0])
			b = b[1:]
		} else {
			x.opened(c)
		}
	}
	for i := 0; i < len(b); i++ {
		if len(x.out) >= flushAt {
			x.flush()
		}
		switch c := b[i]; c {
		case '"':
			end := stringEnd(b, i)
			x.out = append(x.out, b[i:end]...)
			i = end - 1
		case '{', '[':
			if i+1 == len(b) {
				x.open = c
				continue
			}
			if b[i+1] == '}' || b[i+1] == ']' {
				x.out = append(x.out, b[i:i+2]...) // an empty object or array stays on its line
				i++
				continue
			}
			x.opened(c)
		case '}', ']':
			x.depth--
			x.newline()
			x.out = append(x.out, c)
		case ',':
			x.out = append(x.out, c)
			x.newline()
		case ':':
			x.out = append(x.out, ':', ' ')
		case ' ', '\t', '\n', '\r':
			// json.Indent drops whitespace between tokens.
		default:
			// A number, true, false or null: up to the next delimiter.
			end := i + 1
			for end < len(b) && !delimiter(b[end]) {
				end++
			}
			x.out = append(x.out, b[i:end]...)
			i = end - 1
		}
	}
	return len(p), nil
}

// Flush writes what is buffered and returns the first write error.
func (x *Indenter) Flush() error {
	if x.open != 0 {
		x.out = append(x.out, x.open) // the text ended after it: invalid, kept as written
		x.open = 0
	}
	x.flush()
	return x.err
}

func (x *Indenter) opened(c byte) {
	x.out = append(x.out, c)
	x.depth++
	x.newline()
}

func (x *Indenter) newline() {
	for len(x.lines) <= x.depth {
		prev, one := x.lines[len(x.lines)-1], x.lines[1]
		x.lines = append(x.lines, append(bytes.Clone(prev), one[1:]...))
	}
	x.out = append(x.out, x.lines[max(x.depth, 0)]...)
}

func (x *Indenter) flush() {
	if x.err == nil && len(x.out) > 0 {
		_, x.err = x.w.Write(x.out)
	}
	x.out = x.out[:0]
}

// stringEnd is the offset just past the string that opens at b[start].
func stringEnd(b []byte, start int) int {
	for i := start + 1; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++ // the escaped byte, which may be a quote
		case '"':
			return i + 1
		}
	}
	return len(b)
}

func delimiter(c byte) bool {
	switch c {
	case ',', ':', '{', '}', '[', ']', '"', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}
