package formatter

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// SafeJSON makes JSON text inert on a screen without changing what it
// means: DEL, C1 controls, the Unicode line and paragraph separators and
// bidirectional controls (which encoding/json leaves raw, except U+2028
// and U+2029) become \u escapes. They can only occur inside strings, where
// the escape decodes to the same character, so every value, address and
// fingerprint survives exactly while a terminal, an editor or a code
// review shows the escape instead of reordering or hiding text (Trojan
// Source). ASCII control characters are already escaped by encoding/json.
// The '[' of "##[" becomes \u005b too, so the JSON printed in a GitHub
// Actions log cannot hold a workflow command (see Inert).
func SafeJSON(b []byte) []byte {
	i := indexUnsafe(b)
	if i < 0 {
		return b
	}
	var out bytes.Buffer
	out.Grow(len(b) + 64)
	for i >= 0 {
		out.Write(b[:i])
		r, n := utf8.DecodeRune(b[i:])
		fmt.Fprintf(&out, `\u%04x`, r)
		b = b[i+n:]
		i = indexUnsafe(b)
	}
	out.Write(b)
	return out.Bytes()
}

// indexUnsafe is the offset of the first rune SafeJSON escapes, or -1.
func indexUnsafe(b []byte) int {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c == 0x7f || c == '[' && i >= 2 && b[i-1] == '#' && b[i-2] == '#' {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError && unsafeRune(r) {
			return i
		}
		i += n
	}
	return -1
}

func unsafeRune(r rune) bool {
	return r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r)
}
