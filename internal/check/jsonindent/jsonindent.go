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

// Write writes compact JSON to w, each element of an object or array on a
// new line indented by indent per level, as json.Indent(dst, compact, "",
// indent) does. It does not add a trailing newline.
func Write(w io.Writer, compact []byte, indent string) error {
	const flushAt = 64 << 10
	out := make([]byte, 0, flushAt+4096)
	var err error
	flush := func() {
		if err == nil && len(out) > 0 {
			_, err = w.Write(out)
		}
		out = out[:0]
	}
	// lines[d] is a newline followed by d indents.
	lines := [][]byte{[]byte("\n")}
	newline := func(depth int) {
		for len(lines) <= depth {
			lines = append(lines, append(bytes.Clone(lines[len(lines)-1]), indent...))
		}
		out = append(out, lines[depth]...)
	}
	b, depth := compact, 0
	for i := 0; i < len(b); i++ {
		if len(out) >= flushAt {
			flush()
		}
		switch c := b[i]; c {
		case '"':
			end := stringEnd(b, i)
			out = append(out, b[i:end]...)
			i = end - 1
		case '{', '[':
			if i+1 < len(b) && (b[i+1] == '}' || b[i+1] == ']') {
				out = append(out, b[i:i+2]...) // an empty object or array stays on its line
				i++
				continue
			}
			out = append(out, c)
			depth++
			newline(depth)
		case '}', ']':
			depth--
			newline(depth)
			out = append(out, c)
		case ',':
			out = append(out, c)
			newline(depth)
		case ':':
			out = append(out, ':', ' ')
		case ' ', '\t', '\n', '\r':
			// json.Indent drops whitespace between tokens.
		default:
			// A number, true, false or null: up to the next delimiter.
			end := i + 1
			for end < len(b) && !delimiter(b[end]) {
				end++
			}
			out = append(out, b[i:end]...)
			i = end - 1
		}
	}
	flush()
	return err
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
