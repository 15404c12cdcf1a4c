package formatter

import (
	"encoding/binary"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// reportWriter writes the JSON report already indented and inert: the
// text json.Marshal, SafeJSON and json.Indent make together, in one pass.
// Encoding each finding with encoding/json, then scanning the text twice
// more, took a tenth of a large plan's check (33 MB of report for 127 MB
// of plan). TestJSONReportMatchesMarshal holds it to the three.
type reportWriter struct {
	w   io.Writer
	buf []byte
	err error
}

func writeReportJSON(w io.Writer, r *report.Report) error {
	x := &reportWriter{w: w, buf: make([]byte, 0, flushAt+4096)}
	b := x.buf
	b = append(b, "{\n  \"version\": "...)
	b = strconv.AppendInt(b, int64(r.Version), 10)
	b = append(b, ",\n  \"tool\": {\n    \"name\": "...)
	b = appendJSONString(b, r.Tool.Name)
	b = append(b, ",\n    \"version\": "...)
	b = appendJSONString(b, r.Tool.Version)
	b = append(b, "\n  },\n  \"plan\": {\n    \"terraform_version\": "...)
	b = appendJSONString(b, r.Plan.TerraformVersion)
	b = append(b, ",\n    \"format_version\": "...)
	b = appendJSONString(b, r.Plan.FormatVersion)
	b = append(b, "\n  },\n  \"summary\": {\n    \"identities\": "...)
	b = strconv.AppendInt(b, int64(r.Summary.Identities), 10)
	b = append(b, ",\n    \"credentials\": "...)
	b = strconv.AppendInt(b, int64(r.Summary.Credentials), 10)
	b = append(b, ",\n    \"findings\": "...)
	b = strconv.AppendInt(b, int64(r.Summary.Findings), 10)
	b = append(b, ",\n    \"blocking\": "...)
	b = strconv.AppendInt(b, int64(r.Summary.Blocking), 10)
	b = append(b, "\n  },\n  \"findings\": "...)
	x.buf = b
	writeList(x, r.Findings, appendFinding)
	x.buf = append(x.buf, ",\n  \"inventory\": "...)
	writeList(x, r.Inventory, appendInventoryEntry)
	if len(r.Notes) > 0 { // omitempty
		x.buf = append(x.buf, ",\n  \"notes\": ["...)
		for i, n := range r.Notes {
			if i > 0 {
				x.buf = append(x.buf, ',')
			}
			x.buf = appendJSONString(append(x.buf, "\n    "...), n)
		}
		x.buf = append(x.buf, "\n  ]"...)
	}
	x.buf = append(x.buf, "\n}"...)
	x.flush()
	return x.err
}

// flushAt is the size at which the buffer is written out.
const flushAt = 64 << 10

func (x *reportWriter) flush() {
	if x.err == nil && len(x.buf) > 0 {
		_, x.err = x.w.Write(x.buf)
	}
	x.buf = x.buf[:0]
}

// writeList writes a top-level list, each element indented by four spaces.
func writeList[T any](x *reportWriter, items []T, add func([]byte, *T) []byte) {
	switch {
	case items == nil:
		x.buf = append(x.buf, "null"...)
		return
	case len(items) == 0:
		x.buf = append(x.buf, "[]"...)
		return
	}
	x.buf = append(x.buf, '[')
	for i := range items {
		if i > 0 {
			x.buf = append(x.buf, ',')
		}
		x.buf = append(x.buf, "\n    "...)
		x.buf = add(x.buf, &items[i])
		if len(x.buf) >= flushAt {
			x.flush()
		}
	}
	x.buf = append(x.buf, "\n  ]"...)
}

func appendFinding(b []byte, fp **report.Finding) []byte {
	f := *fp
	if f == nil {
		return append(b, "null"...)
	}
	b = append(b, "{\n      \"rule\": "...)
	b = appendJSONString(b, f.Rule)
	b = appendStringField(b, "category", f.Category)
	b = appendStringField(b, "severity", f.Severity.String())
	b = appendStringField(b, "address", f.Address)
	b = appendStringField(b, "resource_type", f.ResourceType)
	b = appendStringField(b, "action", f.Action)
	b = strconv.AppendBool(append(b, ",\n      \"introduced\": "...), f.Introduced)
	b = strconv.AppendBool(append(b, ",\n      \"blocking\": "...), f.Blocking)
	b = appendStrings(append(b, ",\n      \"related\": "...), f.Related)
	b = appendStringField(b, "message", f.Message)
	b = appendStringField(b, "remediation", f.Remediation)
	b = appendStrings(append(b, ",\n      \"owasp\": "...), f.OWASP)
	if f.WaivedBy == nil {
		b = append(b, ",\n      \"waived_by\": null"...)
	} else {
		b = appendStringField(b, "waived_by", *f.WaivedBy)
	}
	return append(b, "\n    }"...)
}

func appendInventoryEntry(b []byte, e *report.InventoryEntry) []byte {
	b = append(b, "{\n      \"address\": "...)
	b = appendJSONString(b, e.Address)
	b = appendStringField(b, "kind", e.Kind)
	b = appendStringField(b, "owner", e.Owner)
	b = appendStringField(b, "owner_source", e.OwnerSource)
	b = appendStringField(b, "rotation", e.Rotation)
	b = appendStringField(b, "privilege", e.Privilege)
	if len(e.Chain) > 0 { // omitempty
		b = appendStrings(append(b, ",\n      \"chain\": "...), e.Chain)
	}
	return append(b, "\n    }"...)
}

// appendStringField appends a string member after the first of a list
// element's object (name needs no escape).
func appendStringField(b []byte, name, value string) []byte {
	b = append(b, ",\n      \""...)
	b = append(b, name...)
	b = append(b, "\": "...)
	return appendJSONString(b, value)
}

// appendStrings writes a list of strings that is a member of a list
// element's object as json.Indent lays it out: null, [] or one element a
// line.
func appendStrings(b []byte, ss []string) []byte {
	switch {
	case ss == nil:
		return append(b, "null"...)
	case len(ss) == 0:
		return append(b, "[]"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n        "...)
		b = appendJSONString(b, s)
	}
	return append(b, "\n      ]"...)
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s quoted as encoding/json quotes it (HTML
// characters, U+2028 and U+2029 escaped, invalid UTF-8 as U+FFFD), with
// SafeJSON's escapes on top: DEL, C1 controls, bidirectional controls,
// and the '[' of "##[".
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if i+8 <= len(s) {
			v := binary.LittleEndian.Uint64([]byte(s[i : i+8])) // does not allocate
			special := v&highs |                                // non-ASCII
				(v-0x20*ones)&^v&highs | // a control character
				zeroByte(v^('"'*ones)) | zeroByte(v^('\\'*ones)) | zeroByte(v^('<'*ones)) | zeroByte(v^('>'*ones)) |
				zeroByte(v^('&'*ones)) | zeroByte(v^('['*ones)) | zeroByte(v^(0x7f*ones))
			if special == 0 {
				i += 8
				continue
			}
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if plainASCII[c] && (c != '[' || !hashesBefore(b, s, start, i)) {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case unsafeRune(r) || r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
		default:
			i += n
			continue
		}
		i += n
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// Most of a report's text needs no escape: it is skipped eight bytes at a
// time, a word whose bytes are all plainASCII and none '['.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// zeroByte has the high bit set in each byte of x that is zero (and
// perhaps in bytes above one that is).
func zeroByte(x uint64) uint64 { return (x - ones) &^ x & highs }

// hashesBefore reports whether the two bytes written before s[i] (s[start:i]
// still pending, then what b holds) are "##".
func hashesBefore(b []byte, s string, start, i int) bool {
	prev := func(k int) byte { // the k-th byte before s[i], k >= 1
		if i-k >= start {
			return s[i-k]
		}
		j := len(b) - (k - (i - start))
		if j < 0 {
			return 0
		}
		return b[j]
	}
	return prev(1) == '#' && prev(2) == '#'
}

// plainASCII holds the ASCII bytes written as they are: printable, and
// neither a quote, a backslash, DEL nor HTML's <, > and &. '[' is plain
// unless it follows "##".
var plainASCII = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = true
	}
	for _, c := range `"\<>&` {
		t[c] = false
	}
	return t
}()
