package plan

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	tfjson "github.com/hashicorp/terraform-json"
)

// This file is a strict, single-pass decoder of `terraform show -json`
// output into terraform-json's model, with the same result as
// tfjson.Plan.UnmarshalJSON (UseJSONNumber) but without encoding/json's
// reflection and interface{} overhead: a large plan decodes several times
// faster, in less memory.
//
// It mirrors what encoding/json and terraform-json do, detail by detail:
// numbers are json.Number in plan values but float64 under configuration
// and prior_state (their UnmarshalJSON methods decode without UseNumber);
// null leaves a field unset; empty arrays and objects are non-nil; strings
// are unescaped the same way (lone surrogates become U+FFFD); nesting is
// limited to the same depth. Anything it does not handle the same way
// (a type error, a key that only matches a field case-insensitively,
// syntax errors) makes it give up, and Parse falls back to the reflective
// decoder, whose error messages are the reference. On top of that it
// rejects what encoding/json silently accepts: duplicate object keys and
// data after the document.
//
// The values of resources in planned_values and prior_state repeat the
// values in resource_changes. They are validated but not decoded; index
// decodes the few it needs (instances that are missing from
// resource_changes) from their recorded spans. Strings that are kept are
// copied (see strtab), so the input can go once the plan is indexed.

// maxDepth is encoding/json's nesting limit.
const maxDepth = 10000

// decodeFailure stops the fast decoder. policy failures are errors of
// their own (duplicate keys, trailing data); the others send Parse to the
// reflective decoder.
type decodeFailure struct {
	msg    string
	off    int
	policy bool
	// hint, when set, follows the position: what to do about it.
	hint string
	// refusal, when set, is the error Parse returns as is (an errored
	// plan): no other decoder's message would name the problem better.
	refusal error
}

// inputErr names a fault of the plan input and where it is.
func (f *decodeFailure) inputErr() error {
	if f.hint != "" {
		return inputErr("plan input has %s at byte %d: %s", f.msg, f.off, f.hint)
	}
	return inputErr("plan input has %s at byte %d", f.msg, f.off)
}

// span is the extent of an undecoded JSON value in the input.
type span struct {
	start, end int
	floats     bool // decode numbers as float64 (prior_state), not json.Number
}

type decoder struct {
	buf   []byte
	src   string // buf as a string; the decoder's strings are slices of it
	pos   int
	depth int

	// floats selects float64 numbers for interface values (configuration
	// and prior_state), json.Number otherwise.
	floats bool
	// inPrior and inPlanned are set while decoding prior_state and
	// planned_values; prune drops from them the resources the index would
	// never read (see parse).
	inPrior, inPlanned, prune bool
	// pruned are the addresses of the managed resources prune dropped from
	// planned_values and prior_state (see prunedAddrs).
	pruned prunedAddrs

	// reused is the reusable state resource of priorOrStateResource.
	reused *tfjson.StateResource
	// lazy holds the undecoded values of state resources.
	lazy map[*tfjson.StateResource]span
	// onChange, when set, sees each resource_changes entry as soon as it
	// is decoded (index merges its values there, while they are fresh).
	onChange func(*tfjson.ResourceChange)
	// reads, when set, names the types whose change values are decoded
	// (Options.Reads); others are skipped to empty objects.
	reads func(string) bool

	strs    *strtab
	scratch []byte // an escaped string's decoded bytes

	// consumed, when set, is told every few MiB that the input before the
	// position is decoded (see Options.consumed); released is how far.
	consumed func(done []byte)
	released int

	// members and elems stack the contents of the objects and arrays
	// being decoded; open, the kinds of the containers being skipped.
	members []member
	elems   []any
	open    []byte

	// skippedKeys stacks the keys of the objects being skipped (from
	// skippedBase[i] for the i-th open object), so that a duplicate key
	// is refused in skipped parts too: another tool reading planned_values
	// may take the other value. bigObjects indexes those with many keys.
	skippedKeys []string
	skippedBase []int
	bigObjects  map[int]map[string]struct{}
}

type member struct {
	k string
	v any
}

// decodePlan decodes data. The result does not refer to data, except
// through lazy's spans (decode them with stateValuesOf and strs). With
// prune, prior_state and planned_values keep only the resources index may
// read (runDecoder's decoder lists the addresses planned_values dropped).
func decodePlan(data []byte, onChange func(*tfjson.ResourceChange), prune bool, reads func(string) bool, consumed func([]byte)) (p *tfjson.Plan, lazy map[*tfjson.StateResource]span, strs *strtab, fail *decodeFailure) {
	p, d, fail := runDecoder(data, onChange, prune, reads, consumed)
	if fail != nil {
		return nil, nil, nil, fail
	}
	return p, d.lazy, d.strs, nil
}

// runDecoder is decodePlan, returning the decoder for what else it kept.
func runDecoder(data []byte, onChange func(*tfjson.ResourceChange), prune bool, reads func(string) bool, consumed func([]byte)) (p *tfjson.Plan, d *decoder, fail *decodeFailure) {
	d = &decoder{buf: data, lazy: map[*tfjson.StateResource]span{}, onChange: onChange, prune: prune, reads: reads, strs: newStrtab(), consumed: consumed}
	if len(data) > 0 {
		d.src = unsafeString(data)
	}
	defer func() {
		if r := recover(); r != nil {
			f, ok := r.(*decodeFailure)
			if !ok {
				panic(r)
			}
			p, d, fail = nil, nil, f
		}
	}()
	p = &tfjson.Plan{}
	d.plan(p)
	d.ws()
	if d.pos < len(d.buf) {
		if d.buf[d.pos] == '{' {
			// Tools that plan many configurations print their plans one
			// after another.
			panic(&decodeFailure{msg: "a second JSON document", off: d.pos, policy: true,
				hint: "check one plan at a time (terragrunt run-all show -json prints one per module)"})
		}
		panic(&decodeFailure{msg: "data after the JSON document", off: d.pos, policy: true,
			hint: "only the plan's JSON belongs in it; if a wrapper printed messages to stdout after it, send them to stderr"})
	}
	return p, d, nil
}

// releaseEvery is how much input the decoder reads between two calls of
// consumed.
const releaseEvery = 4 << 20

// progress tells consumed how far the decoder got, every releaseEvery
// bytes. It is called between resources, where nothing being decoded
// refers to the input behind the position.
func (d *decoder) progress() {
	if d.consumed != nil && d.pos-d.released >= releaseEvery {
		d.consumed(d.buf[:d.pos])
		d.released = d.pos
	}
}

func (d *decoder) fail(format string, args ...any) {
	panic(&decodeFailure{msg: fmt.Sprintf(format, args...), off: d.pos})
}

// ---- lexing ----

func (d *decoder) ws() {
	for d.pos < len(d.buf) {
		switch d.buf[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// peek returns the next non-space byte (0 at the end).
func (d *decoder) peek() byte {
	d.ws()
	if d.pos < len(d.buf) {
		return d.buf[d.pos]
	}
	return 0
}

func (d *decoder) literal(word string) {
	if len(d.buf)-d.pos < len(word) || d.src[d.pos:d.pos+len(word)] != word {
		d.fail("invalid literal")
	}
	d.pos += len(word)
}

// null consumes a null literal when one is next.
func (d *decoder) null() bool {
	if d.peek() == 'n' {
		d.literal("null")
		return true
	}
	return false
}

func (d *decoder) push() {
	d.depth++
	if d.depth > maxDepth {
		d.fail("exceeded max depth")
	}
}

// iterator over an object's keys or an array's elements.
type iter struct{ first bool }

// object starts an object, or reports false for null. Anything else is a
// type mismatch.
func (d *decoder) object() (iter, bool) {
	switch d.peek() {
	case '{':
		d.pos++
		d.push()
		return iter{first: true}, true
	case 'n':
		d.literal("null")
		return iter{}, false
	}
	d.fail("want an object")
	return iter{}, false
}

// key returns the next key (positioned at its value), or false at '}'.
func (d *decoder) key(it *iter) (string, bool) {
	c := d.peek()
	if c == '}' {
		d.pos++
		d.depth--
		return "", false
	}
	if !it.first {
		if c != ',' {
			d.fail("want , or }")
		}
		d.pos++
		c = d.peek()
	}
	it.first = false
	if c != '"' {
		d.fail("want a key")
	}
	k := d.strs.intern(d.stringBytes())
	if d.peek() != ':' {
		d.fail("want :")
	}
	d.pos++
	return k, true
}

// array starts an array, or reports false for null.
func (d *decoder) array() (iter, bool) {
	switch d.peek() {
	case '[':
		d.pos++
		d.push()
		return iter{first: true}, true
	case 'n':
		d.literal("null")
		return iter{}, false
	}
	d.fail("want an array")
	return iter{}, false
}

// elem reports whether another element follows (positioned at it).
func (d *decoder) elem(it *iter) bool {
	c := d.peek()
	if c == ']' {
		d.pos++
		d.depth--
		return false
	}
	if !it.first {
		if c != ',' {
			d.fail("want , or ]")
		}
		d.pos++
		d.ws()
	}
	it.first = false
	return true
}

// stringBytes reads a string at the current position (after spaces) and
// returns its decoded bytes: a slice of the input, or of d.scratch when it
// has escapes (valid until the next string). Non-ASCII text must be valid
// UTF-8, as Parse's reflective path checks up front.
func (d *decoder) stringBytes() []byte {
	d.pos++ // the opening quote
	start := d.pos
	b := d.buf
	for d.pos < len(b) {
		d.pos += plainRun(b[d.pos:])
		if d.pos >= len(b) {
			break
		}
		c := b[d.pos]
		switch {
		case c == '"':
			d.pos++
			return b[start : d.pos-1]
		case c == '\\':
			return d.escapedString(start)
		case c < 0x20:
			d.fail("control character in string")
		case c >= utf8.RuneSelf:
			d.rune()
			continue
		}
		d.pos++
	}
	d.fail("unterminated string")
	return nil
}

// rune consumes one multi-byte UTF-8 sequence, which must be valid.
func (d *decoder) rune() {
	r, n := utf8.DecodeRune(d.buf[d.pos:])
	if r == utf8.RuneError && n <= 1 {
		d.fail("invalid UTF-8")
	}
	d.pos += n
}

// escapedString decodes a string with escapes the way encoding/json does.
func (d *decoder) escapedString(start int) []byte {
	b := append(d.scratch[:0], d.buf[start:d.pos]...)
	defer func() { d.scratch = b[:0] }()
	for d.pos < len(d.buf) {
		c := d.buf[d.pos]
		switch {
		case c == '"':
			d.pos++
			return b
		case c < 0x20:
			d.fail("control character in string")
		case c >= utf8.RuneSelf:
			at := d.pos
			d.rune()
			b = append(b, d.buf[at:d.pos]...)
			continue
		case c != '\\':
			b = append(b, c)
			d.pos++
			continue
		}
		d.pos++
		if d.pos >= len(d.buf) {
			break
		}
		switch e := d.buf[d.pos]; e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r := d.hex4(d.pos + 1)
			d.pos += 4
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if d.pos+6 < len(d.buf) && d.buf[d.pos+1] == '\\' && d.buf[d.pos+2] == 'u' {
					r2 = d.hex4(d.pos + 3)
				}
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					d.pos += 6
					r = dec
				} else {
					r = utf8.RuneError
				}
			}
			b = utf8.AppendRune(b, r)
		default:
			d.fail("invalid escape")
		}
		d.pos++
	}
	d.fail("unterminated string")
	return nil
}

func (d *decoder) hex4(at int) rune {
	if at+4 > len(d.buf) {
		d.fail("short \\u escape")
	}
	var r rune
	for _, c := range d.buf[at : at+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			d.fail("invalid \\u escape")
		}
		r = r*16 + rune(c)
	}
	return r
}

// number reads a JSON number and returns its text (a slice of the input).
func (d *decoder) number() []byte {
	b := d.buf
	i := d.pos
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
	default:
		d.fail("invalid number")
	}
	if i < len(b) && b[i] == '.' {
		i++
		j := i
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		if i == j {
			d.fail("invalid number")
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := i
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		if i == j {
			d.fail("invalid number")
		}
	}
	s := b[d.pos:i]
	d.pos = i
	return s
}

// ---- generic values ----

// value decodes any JSON value the way encoding/json decodes into an
// interface{}.
func (d *decoder) value() any {
	switch c := d.peek(); c {
	case '"':
		return d.strs.boxString(d.stringBytes())
	case '{':
		d.pos++
		d.push()
		// Members are gathered first so the map is made at its size
		// (growing a map rehashes it).
		base := len(d.members)
		it := iter{first: true}
		for {
			k, ok := d.key(&it)
			if !ok {
				break
			}
			v := d.value()
			d.members = append(d.members, member{k, v})
		}
		ms := d.members[base:]
		m := make(map[string]any, len(ms))
		for _, e := range ms {
			m[e.k] = e.v
		}
		if len(m) != len(ms) {
			d.duplicate()
		}
		clear(ms)
		d.members = d.members[:base]
		return m
	case '[':
		d.pos++
		d.push()
		base := len(d.elems)
		it := iter{first: true}
		for d.elem(&it) {
			v := d.value()
			d.elems = append(d.elems, v)
		}
		s := append(make([]any, 0, len(d.elems)-base), d.elems[base:]...)
		clear(d.elems[base:])
		d.elems = d.elems[:base]
		return s
	case 't':
		d.literal("true")
		return true
	case 'f':
		d.literal("false")
		return false
	case 'n':
		d.literal("null")
		return nil
	default:
		if c == '-' || ('0' <= c && c <= '9') {
			n := d.number()
			if !d.floats {
				return d.strs.boxNumber(n)
			}
			f, err := strconv.ParseFloat(unsafeString(n), 64)
			if err != nil {
				d.fail("number out of range")
			}
			return f
		}
	}
	d.fail("want a value")
	return nil
}

func (d *decoder) duplicate() {
	panic(&decodeFailure{msg: "a duplicate object key", off: d.pos, policy: true})
}

// skip validates and skips any value. It is iterative, with the kinds of
// the open containers on a stack: half of a plan (planned_values,
// prior_state) is only validated, so this loop is the decoder's hottest.
func (d *decoder) skip() {
	b := d.buf
	base := len(d.open)
	for {
		// A value.
		d.ws()
		if d.pos >= len(b) {
			d.fail("unexpected end")
		}
		switch c := b[d.pos]; c {
		case '"':
			d.skipString()
		case '{':
			d.pos++
			d.push()
			d.ws()
			if d.pos < len(b) && b[d.pos] == '}' {
				d.pos++
				d.depth--
				break
			}
			d.open = append(d.open, '{')
			d.skippedBase = append(d.skippedBase, len(d.skippedKeys))
			d.skipMemberKey()
			continue
		case '[':
			d.pos++
			d.push()
			d.ws()
			if d.pos < len(b) && b[d.pos] == ']' {
				d.pos++
				d.depth--
				break
			}
			d.open = append(d.open, '[')
			continue
		case 't':
			d.literal("true")
		case 'f':
			d.literal("false")
		case 'n':
			d.literal("null")
		default:
			if c != '-' && (c < '0' || c > '9') {
				d.fail("want a value")
			}
			d.number()
		}
		// After a value: close containers, or go on to the next member.
		for {
			if len(d.open) == base {
				return
			}
			d.ws()
			if d.pos >= len(b) {
				d.fail("unexpected end")
			}
			c := b[d.pos]
			top := d.open[len(d.open)-1]
			if c == ',' {
				d.pos++
				if top == '{' {
					d.ws()
					d.skipMemberKey()
				}
				break
			}
			if (top == '{' && c == '}') || (top == '[' && c == ']') {
				d.pos++
				d.depth--
				d.open = d.open[:len(d.open)-1]
				if top == '{' {
					d.closeSkippedObject()
				}
				continue
			}
			d.fail("want , or a closing bracket")
		}
	}
}

// skipMemberKey skips `"key":` (after spaces), refusing a key the
// innermost skipped object already has.
func (d *decoder) skipMemberKey() {
	if d.pos >= len(d.buf) || d.buf[d.pos] != '"' {
		d.fail("want a key")
	}
	start := d.pos
	kb := d.stringBytes()
	var k string
	if len(kb) == d.pos-start-2 {
		k = d.src[start+1 : d.pos-1] // no escapes: the input itself
	} else {
		k = string(kb) // decoded escapes live in scratch
	}
	level := len(d.skippedBase) - 1
	keys := d.skippedKeys[d.skippedBase[level]:]
	if big := d.bigObjects[level]; big != nil {
		if _, dup := big[k]; dup {
			d.duplicate()
		}
		big[k] = struct{}{}
	} else {
		// Most objects are small: a scan beats hashing them.
		for _, seen := range keys {
			if seen == k {
				d.duplicate()
			}
		}
		if len(keys) == linearKeyScan {
			big = make(map[string]struct{}, 2*linearKeyScan)
			for _, seen := range keys {
				big[seen] = struct{}{}
			}
			big[k] = struct{}{}
			if d.bigObjects == nil {
				d.bigObjects = map[int]map[string]struct{}{}
			}
			d.bigObjects[level] = big
		}
	}
	d.skippedKeys = append(d.skippedKeys, k)
	if d.peek() != ':' {
		d.fail("want :")
	}
	d.pos++
}

// linearKeyScan is how many keys a skipped object may have before its
// duplicate check switches from a scan to a map.
const linearKeyScan = 32

func (d *decoder) closeSkippedObject() {
	level := len(d.skippedBase) - 1
	d.skippedKeys = d.skippedKeys[:d.skippedBase[level]]
	d.skippedBase = d.skippedBase[:level]
	if d.bigObjects != nil {
		delete(d.bigObjects, level)
	}
}

// plainRun is the length of the leading run of b that needs no attention
// inside a string: no quote, backslash, control character or non-ASCII
// byte. It tests eight bytes at a time.
func plainRun(b []byte) int {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		q := x ^ (lo * '"')
		s := x ^ (lo * '\\')
		if ((x-lo*0x20)&^x|(q-lo)&^q|(s-lo)&^s|x)&hi != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			return i
		}
	}
	return i
}

// skipString validates a string without building it.
func (d *decoder) skipString() {
	d.pos++
	b := d.buf
	for {
		d.pos += plainRun(b[d.pos:])
		if d.pos >= len(b) {
			break
		}
		switch c := b[d.pos]; {
		case c == '"':
			d.pos++
			return
		case c == '\\':
			d.pos++
			if d.pos >= len(b) {
				d.fail("unterminated string")
			}
			switch b[d.pos] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				d.pos++
			case 'u':
				d.hex4(d.pos + 1)
				d.pos += 5
			default:
				d.fail("invalid escape")
			}
		case c < 0x20:
			d.fail("control character in string")
		default:
			d.rune()
		}
	}
	d.fail("unterminated string")
}

// spanOf skips a value and returns its extent.
func (d *decoder) spanOf() span {
	d.ws()
	start := d.pos
	d.skip()
	return span{start: start, end: d.pos, floats: d.floats}
}

// ---- typed fields ----

func (d *decoder) text() string {
	switch d.peek() {
	case '"':
		return d.strs.text(d.stringBytes())
	case 'n':
		d.literal("null")
		return ""
	}
	d.fail("want a string")
	return ""
}

func (d *decoder) boolean() bool {
	switch d.peek() {
	case 't':
		d.literal("true")
		return true
	case 'f':
		d.literal("false")
		return false
	case 'n':
		d.literal("null")
		return false
	}
	d.fail("want a boolean")
	return false
}

// uint64Field reads a uint64 as encoding/json does (an integer literal).
// A null leaves the previous value.
func (d *decoder) uint64Field(prev uint64) uint64 {
	c := d.peek()
	if c == 'n' {
		d.literal("null")
		return prev
	}
	if c != '-' && (c < '0' || c > '9') {
		d.fail("want a number")
	}
	n, err := strconv.ParseUint(unsafeString(d.number()), 10, 64)
	if err != nil {
		d.fail("not an unsigned integer")
	}
	return n
}

func (d *decoder) strings() []string {
	it, ok := d.array()
	if !ok {
		return nil
	}
	out := []string{}
	for d.elem(&it) {
		out = append(out, d.text())
	}
	return out
}

// field tracks which fields of one object were seen, to reject duplicates.
type fields uint64

func (d *decoder) once(seen *fields, bit uint) {
	if *seen&(1<<bit) != 0 {
		d.duplicate()
	}
	*seen |= 1 << bit
}

// unknown skips the value of a key the struct does not have. encoding/json
// would match a key that differs only in case (or Unicode folding), so
// such keys send Parse to the reflective decoder.
func (d *decoder) unknown(key string, known ...string) {
	for i := 0; i < len(key); i++ {
		if key[i] >= utf8.RuneSelf {
			d.fail("non-ASCII key")
		}
	}
	for _, k := range known {
		if len(k) == len(key) && asciiEqualFold(k, key) {
			d.fail("key matches a field only case-insensitively")
		}
	}
	d.skip()
}

func asciiEqualFold(a, b string) bool {
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// delegate decodes a rarely used value with encoding/json.
func (d *decoder) delegate(v any) {
	sp := d.spanOf()
	dec := json.NewDecoder(bytes.NewReader(d.buf[sp.start:sp.end]))
	if !d.floats {
		dec.UseNumber()
	}
	if err := dec.Decode(v); err != nil {
		d.fail("%v", err)
	}
}

// ---- the plan ----

var planFields = []string{"format_version", "terraform_version", "variables", "planned_values", "resource_drift", "resource_changes",
	"deferred_changes", "complete", "output_changes", "prior_state", "configuration", "relevant_attributes", "checks", "timestamp", "action_invocations"}

func (d *decoder) plan(p *tfjson.Plan) {
	it, ok := d.object()
	if !ok {
		d.fail("top level is null")
	}
	var seen fields
	for {
		k, ok := d.key(&it)
		if !ok {
			return
		}
		switch k {
		case "format_version":
			d.once(&seen, 0)
			p.FormatVersion = d.text()
		case "terraform_version":
			d.once(&seen, 1)
			p.TerraformVersion = d.text()
		case "variables":
			d.once(&seen, 2)
			p.Variables = objectOf(d, d.planVariable)
		case "planned_values":
			d.once(&seen, 3)
			d.inPlanned = true
			p.PlannedValues = d.stateValues()
			d.inPlanned = false
		case "resource_drift":
			d.once(&seen, 4)
			p.ResourceDrift = d.resourceChanges(nil)
		case "resource_changes":
			d.once(&seen, 5)
			p.ResourceChanges = d.resourceChanges(d.onChange)
		case "deferred_changes":
			d.once(&seen, 6)
			p.DeferredChanges = d.deferredChanges()
		case "complete":
			d.once(&seen, 7)
			if d.null() {
				p.Complete = nil
			} else {
				b := d.boolean()
				p.Complete = &b
			}
		case "output_changes":
			d.once(&seen, 8)
			p.OutputChanges = objectOf(d, func() *tfjson.Change { return d.change(false) })
		case "prior_state":
			d.once(&seen, 9)
			p.PriorState = d.state()
		case "configuration":
			d.once(&seen, 10)
			p.Config = d.config()
		case "relevant_attributes":
			d.once(&seen, 11)
			p.RelevantAttributes = d.relevantAttributes()
		case "checks":
			d.once(&seen, 12)
			p.Checks = nil
			d.delegate(&p.Checks)
		case "timestamp":
			d.once(&seen, 13)
			p.Timestamp = d.text()
		case "action_invocations":
			d.once(&seen, 14)
			p.ActionInvocations = nil
			d.delegate(&p.ActionInvocations)
		case "errored":
			// terraform-json has no field for it, but an errored plan
			// is incomplete: checking it would pass what it leaves out.
			d.once(&seen, 15)
			if d.boolean() {
				panic(&decodeFailure{msg: "errored plan", off: d.pos, refusal: erroredPlan()})
			}
		default:
			d.unknown(k, planFields...)
		}
	}
}

func (d *decoder) planVariable() *tfjson.PlanVariable {
	it, ok := d.object()
	if !ok {
		return nil
	}
	v := &tfjson.PlanVariable{}
	var seen fields
	for {
		k, ok := d.key(&it)
		if !ok {
			return v
		}
		if k == "value" {
			d.once(&seen, 0)
			v.Value = d.value()
			continue
		}
		d.unknown(k, "value")
	}
}

func (d *decoder) resourceChanges(onChange func(*tfjson.ResourceChange)) []*tfjson.ResourceChange {
	it, ok := d.array()
	if !ok {
		return nil
	}
	out := []*tfjson.ResourceChange{}
	for d.elem(&it) {
		rc := d.resourceChange()
		if onChange != nil {
			onChange(rc)
		}
		out = append(out, rc)
		d.progress()
	}
	return out
}

var resourceChangeFields = []string{"address", "previous_address", "module_address", "mode", "type", "name", "index", "provider_name", "deposed", "change", "action_reason"}

func (d *decoder) resourceChange() *tfjson.ResourceChange {
	it, ok := d.object()
	if !ok {
		return nil
	}
	rc := &tfjson.ResourceChange{}
	var seen fields
	for {
		k, ok := d.key(&it)
		if !ok {
			return rc
		}
		switch k {
		case "address":
			d.once(&seen, 0)
			rc.Address = d.text()
		case "previous_address":
			d.once(&seen, 1)
			rc.PreviousAddress = d.text()
		case "module_address":
			d.once(&seen, 2)
			rc.ModuleAddress = d.text()
		case "mode":
			d.once(&seen, 3)
			rc.Mode = tfjson.ResourceMode(d.text())
		case "type":
			d.once(&seen, 4)
			rc.Type = d.text()
		case "name":
			d.once(&seen, 5)
			rc.Name = d.text()
		case "index":
			d.once(&seen, 6)
			rc.Index = d.value()
		case "provider_name":
			d.once(&seen, 7)
			rc.ProviderName = d.text()
		case "deposed":
			d.once(&seen, 8)
			rc.DeposedKey = d.text()
		case "change":
			d.once(&seen, 9)
			// Terraform writes the type first; a change seen before its
			// type is decoded whole.
			rc.Change = d.change(d.reads != nil && rc.Type != "" && !d.reads(rc.Type))
		case "action_reason":
			d.once(&seen, 10)
			rc.ActionReason = tfjson.ActionReason(d.text())
		default:
			d.unknown(k, resourceChangeFields...)
		}
	}
}

var changeFields = []string{"actions", "before", "after", "after_unknown", "before_sensitive", "after_sensitive", "importing",
	"generated_config", "replace_paths", "before_identity", "after_identity"}

func (d *decoder) change(shallow bool) *tfjson.Change {
	it, ok := d.object()
	if !ok {
		return nil
	}
	c := &tfjson.Change{}
	var seen fields
	// A no-op change lists the same object twice: decode it once.
	var beforeSpan, beforeSensSpan span
	for {
		k, ok := d.key(&it)
		if !ok {
			return c
		}
		if shallow {
			if f := valueField(c, k); f != nil {
				d.once(&seen, uint(slices.Index(changeFields, k)))
				*f = d.shell()
				continue
			}
			if f := sensitivityField(c, k); f != nil {
				d.once(&seen, uint(slices.Index(changeFields, k)))
				*f = d.markedShell()
				continue
			}
		}
		switch k {
		case "actions":
			d.once(&seen, 0)
			if it, ok := d.array(); ok {
				c.Actions = tfjson.Actions{}
				for d.elem(&it) {
					c.Actions = append(c.Actions, tfjson.Action(d.text()))
				}
			} else {
				c.Actions = nil
			}
		case "before":
			d.once(&seen, 1)
			beforeSpan = d.valueSpan(&c.Before)
		case "after":
			d.once(&seen, 2)
			c.After = d.sameAs(beforeSpan, c.Before)
		case "after_unknown":
			d.once(&seen, 3)
			c.AfterUnknown = d.value()
		case "before_sensitive":
			d.once(&seen, 4)
			beforeSensSpan = d.valueSpan(&c.BeforeSensitive)
		case "after_sensitive":
			d.once(&seen, 5)
			c.AfterSensitive = d.sameAs(beforeSensSpan, c.BeforeSensitive)
		case "importing":
			d.once(&seen, 6)
			c.Importing = d.importing()
		case "generated_config":
			d.once(&seen, 7)
			c.GeneratedConfig = d.text()
		case "replace_paths":
			d.once(&seen, 8)
			if it, ok := d.array(); ok {
				c.ReplacePaths = []any{}
				for d.elem(&it) {
					c.ReplacePaths = append(c.ReplacePaths, d.value())
				}
			} else {
				c.ReplacePaths = nil
			}
		case "before_identity":
			d.once(&seen, 9)
			c.BeforeIdentity = d.value()
		case "after_identity":
			d.once(&seen, 10)
			c.AfterIdentity = d.value()
		default:
			d.unknown(k, changeFields...)
		}
	}
}

// valueField is the field of c holding a value or its unknown markers for
// key k, nil for the other fields.
func valueField(c *tfjson.Change, k string) *any {
	switch k {
	case "before":
		return &c.Before
	case "after":
		return &c.After
	case "after_unknown":
		return &c.AfterUnknown
	}
	return nil
}

// sensitivityField is the field of c holding sensitivity markers for key
// k, nil for the other fields.
func sensitivityField(c *tfjson.Change, k string) *any {
	switch k {
	case "before_sensitive":
		return &c.BeforeSensitive
	case "after_sensitive":
		return &c.AfterSensitive
	}
	return nil
}

// markedShell reads the sensitivity markers of values no one will look
// into: which attributes hold sensitive values still matters for every
// type (Resource.SensitiveAfter). An object that marks nothing, as most
// do, is checked as shell checks it and becomes an empty one; one that
// marks something is decoded whole.
func (d *decoder) markedShell() any {
	if d.peek() != '{' {
		return d.value()
	}
	start := d.pos
	d.skip()
	if !hasTrueLiteral(d.buf[start:d.pos]) {
		return map[string]any{}
	}
	d.pos = start
	return d.value()
}

// hasTrueLiteral reports whether JSON text holds a true outside strings.
func hasTrueLiteral(b []byte) bool {
	inString := false
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case !inString && c == 't':
			return true
		}
	}
	return false
}

// shell reads a value no one will look into: an object is checked
// (syntax, duplicate keys) and becomes an empty one, keeping its shape for
// validation and existence; anything else is decoded as usual.
func (d *decoder) shell() any {
	if d.peek() == '{' {
		d.skip()
		return map[string]any{}
	}
	return d.value()
}

// valueSpan decodes a value into *v and returns its extent.
func (d *decoder) valueSpan(v *any) span {
	d.ws()
	start := d.pos
	*v = d.value()
	return span{start: start, end: d.pos}
}

// sameAs decodes the next value, or when its text equals the earlier
// value's text, returns that value again (the trees are equal, and no one
// changes them).
func (d *decoder) sameAs(prev span, prevValue any) any {
	d.ws()
	switch prevValue.(type) {
	case map[string]any, []any:
		// Objects and arrays end with their own delimiter, so equal text
		// is an equal value (a number could continue past it).
	default:
		return d.value()
	}
	n := prev.end - prev.start
	if d.pos+n <= len(d.buf) && d.src[d.pos:d.pos+n] == d.src[prev.start:prev.end] {
		// The same bytes form the same value, so they end where it ended.
		d.pos += n
		return prevValue
	}
	return d.value()
}

func (d *decoder) importing() *tfjson.Importing {
	it, ok := d.object()
	if !ok {
		return nil
	}
	im := &tfjson.Importing{}
	var seen fields
	for {
		k, ok := d.key(&it)
		if !ok {
			return im
		}
		switch k {
		case "id":
			d.once(&seen, 0)
			im.ID = d.text()
		case "unknown":
			d.once(&seen, 1)
			im.Unknown = d.boolean()
		case "identity":
			d.once(&seen, 2)
			im.Identity = d.value()
		default:
			d.unknown(k, "id", "unknown", "identity")
		}
	}
}

func (d *decoder) deferredChanges() []*tfjson.DeferredResourceChange {
	it, ok := d.array()
	if !ok {
		return nil
	}
	out := []*tfjson.DeferredResourceChange{}
	for d.elem(&it) {
		it, ok := d.object()
		if !ok {
			out = append(out, nil)
			continue
		}
		dc := &tfjson.DeferredResourceChange{}
		var seen fields
		for {
			k, ok := d.key(&it)
			if !ok {
				break
			}
			switch k {
			case "reason":
				d.once(&seen, 0)
				dc.Reason = d.text()
			case "resource_change":
				d.once(&seen, 1)
				dc.ResourceChange = d.resourceChange()
			default:
				d.unknown(k, "reason", "resource_change")
			}
		}
		out = append(out, dc)
	}
	return out
}

func (d *decoder) relevantAttributes() []tfjson.ResourceAttribute {
	it, ok := d.array()
	if !ok {
		return nil
	}
	out := []tfjson.ResourceAttribute{}
	for d.elem(&it) {
		var ra tfjson.ResourceAttribute
		if it, ok := d.object(); ok {
			var seen fields
			for {
				k, ok := d.key(&it)
				if !ok {
					break
				}
				switch k {
				case "resource":
					d.once(&seen, 0)
					ra.Resource = d.text()
				case "attribute":
					d.once(&seen, 1)
					if it, ok := d.array(); ok {
						ra.Attribute = []json.RawMessage{}
						for d.elem(&it) {
							sp := d.spanOf()
							ra.Attribute = append(ra.Attribute, d.strs.raw(d.buf[sp.start:sp.end]))
						}
					} else {
						ra.Attribute = nil
					}
				default:
					d.unknown(k, "resource", "attribute")
				}
			}
		}
		out = append(out, ra)
	}
	return out
}

// ---- state representations ----

// state decodes prior_state as tfjson.State.UnmarshalJSON does: numbers as
// float64, then Validate.
func (d *decoder) state() *tfjson.State {
	it, ok := d.object()
	if !ok {
		return nil
	}
	saved := d.floats
	d.floats, d.inPrior = true, true
	defer func() { d.floats, d.inPrior = saved, false }()
	s := &tfjson.State{}
	var seen fields
	for {
		k, ok := d.key(&it)
		if !ok {
			break
		}
		switch k {
		case "format_version":
			d.once(&seen, 0)
			s.FormatVersion = d.text()
		case "terraform_version":
			d.once(&seen, 1)
			s.TerraformVersion = d.text()
		case "values":
			d.once(&seen, 2)
			s.Values = d.stateValues()
		case "checks":
			d.once(&seen, 3)
			s.Checks = nil
			d.delegate(&s.Checks)
		default:
			d.unknown(k, "format_version", "terraform_version", "values", "checks")
		}
	}
	if err := s.Validate(); err != nil {
		d.fail("prior_state: %v", err)
	}
	return s
}

func (d *decoder) stateValues() *tfjson.StateValues {
	it, ok := d.object()
	if !ok {
		return nil
	}
	sv := &tfjson.StateValues{}
	var seen fields
	for {
		k, ok := d.key(&it)
		if !ok {
			return sv
		}
		switch k {
		case "outputs":
			d.once(&seen, 0)
			sv.Outputs = objectOf(d, func() (o *tfjson.StateOutput) {
				d.delegate(&o)
				return o
			})
		case "root_module":
			d.once(&seen, 1)
			sv.RootModule = d.stateModule()
		default:
			d.unknown(k, "outputs", "root_module")
		}
	}
}

func (d *decoder) stateModule() *tfjson.StateModule {
	it, ok := d.object()
	if !ok {
		return nil
	}
	m := &tfjson.StateModule{}
	var seen fields
	for {
		k, ok := d.key(&it)
		if !ok {
			return m
		}
		switch k {
		case "resources":
			d.once(&seen, 0)
			if it, ok := d.array(); ok {
				m.Resources = []*tfjson.StateResource{}
				for d.elem(&it) {
					sr := d.priorOrStateResource()
					if _, undecoded := d.lazy[sr]; undecoded && d.prune && d.inPrior && onlyByAddress(sr) {
						// index reads no more of these than their address
						// (prior_state only fills in data sources).
						if sr.DeposedKey == "" && sr.Mode != ephemeralMode {
							d.pruned.prior = append(d.pruned.prior, sr.Address)
						}
						delete(d.lazy, sr)
						continue
					}
					if d.prune && d.inPlanned && sr != nil && onlyByAddress(sr) {
						if sr.DeposedKey == "" && sr.Mode != ephemeralMode {
							d.pruned.planned = append(d.pruned.planned, sr.Address)
						}
						delete(d.lazy, sr)
						continue
					}
					if sr != nil && sr == d.reused {
						sr = d.keep(sr)
					}
					m.Resources = append(m.Resources, sr)
					d.progress()
				}
			} else {
				m.Resources = nil
			}
		case "address":
			d.once(&seen, 1)
			m.Address = d.text()
		case "child_modules":
			d.once(&seen, 2)
			if it, ok := d.array(); ok {
				m.ChildModules = []*tfjson.StateModule{}
				for d.elem(&it) {
					m.ChildModules = append(m.ChildModules, d.stateModule())
				}
			} else {
				m.ChildModules = nil
			}
		default:
			d.unknown(k, "resources", "address", "child_modules")
		}
	}
}

var stateResourceFields = []string{"address", "mode", "type", "name", "index", "provider_name", "schema_version", "values",
	"sensitive_values", "depends_on", "tainted", "deposed_key", "identity_schema_version", "identity"}

func (d *decoder) stateResource() *tfjson.StateResource {
	return d.stateResourceInto(&tfjson.StateResource{})
}

// priorOrStateResource decodes a state resource. Most of prior_state's
// and planned_values' are dropped as soon as they are read (see
// stateModule): those are decoded into one reusable resource, which keep
// copies when it is kept.
func (d *decoder) priorOrStateResource() *tfjson.StateResource {
	if !d.prune || !d.inPrior && !d.inPlanned {
		return d.stateResource()
	}
	if d.reused == nil {
		d.reused = new(tfjson.StateResource)
	}
	*d.reused = tfjson.StateResource{}
	return d.stateResourceInto(d.reused)
}

// onlyByAddress reports whether index reads no more of a planned_values
// or prior_state resource than its address: a managed resource, which
// resource_changes lists with its values (index only checks that planned
// ones are there, and that the address parses), or a deposed object,
// which index skips. A data source is read in full. index goes by the
// address, not the mode; an address that might name a data source
// (holding "data." anywhere) is left for it to parse.
func onlyByAddress(sr *tfjson.StateResource) bool {
	return sr.DeposedKey != "" || !strings.Contains(sr.Address, "data.")
}

// keep copies the reusable resource, with its undecoded values.
func (d *decoder) keep(sr *tfjson.StateResource) *tfjson.StateResource {
	kept := new(tfjson.StateResource)
	*kept = *sr
	if sp, ok := d.lazy[sr]; ok {
		delete(d.lazy, sr)
		d.lazy[kept] = sp
	}
	return kept
}

// stateResourceInto decodes a state resource into r.
func (d *decoder) stateResourceInto(r *tfjson.StateResource) *tfjson.StateResource {
	it, ok := d.object()
	if !ok {
		return nil
	}
	var seen fields
	for {
		k, ok := d.key(&it)
		if !ok {
			return r
		}
		switch k {
		case "address":
			d.once(&seen, 0)
			r.Address = d.text()
		case "mode":
			d.once(&seen, 1)
			r.Mode = tfjson.ResourceMode(d.text())
		case "type":
			d.once(&seen, 2)
			r.Type = d.text()
		case "name":
			d.once(&seen, 3)
			r.Name = d.text()
		case "index":
			d.once(&seen, 4)
			r.Index = d.value()
		case "provider_name":
			d.once(&seen, 5)
			r.ProviderName = d.text()
		case "schema_version":
			d.once(&seen, 6)
			r.SchemaVersion = d.uint64Field(r.SchemaVersion)
		case "values":
			d.once(&seen, 7)
			switch d.peek() {
			case 'n':
				d.literal("null")
				delete(d.lazy, r)
			case '{':
				d.lazy[r] = d.spanOf()
			default:
				d.fail("values: want an object")
			}
		case "sensitive_values":
			d.once(&seen, 8)
			sp := d.spanOf()
			r.SensitiveValues = d.strs.raw(d.buf[sp.start:sp.end])
		case "depends_on":
			d.once(&seen, 9)
			r.DependsOn = d.strings()
		case "tainted":
			d.once(&seen, 10)
			r.Tainted = d.boolean()
		case "deposed_key":
			d.once(&seen, 11)
			r.DeposedKey = d.text()
		case "identity_schema_version":
			d.once(&seen, 12)
			if d.null() {
				r.IdentitySchemaVersion = nil
			} else {
				v := d.uint64Field(0)
				r.IdentitySchemaVersion = &v
			}
		case "identity":
			d.once(&seen, 13)
			r.IdentityValues = d.valueObject()
		default:
			d.unknown(k, stateResourceFields...)
		}
	}
}

// valueObject decodes a map[string]any field (null gives nil).
func (d *decoder) valueObject() map[string]any {
	switch d.peek() {
	case 'n':
		d.literal("null")
		return nil
	case '{':
		return d.value().(map[string]any)
	}
	d.fail("want an object")
	return nil
}

// stateValuesOf decodes the values of a state resource that decodePlan
// left undecoded.
func stateValuesOf(buf []byte, sp span, strs *strtab) (m map[string]any, fail *decodeFailure) {
	if strs == nil {
		strs = newStrtab()
	}
	d := &decoder{buf: buf, src: unsafeString(buf), pos: sp.start, floats: sp.floats, strs: strs}
	defer func() {
		if r := recover(); r != nil {
			f, ok := r.(*decodeFailure)
			if !ok {
				panic(r)
			}
			m, fail = nil, f
		}
	}()
	return d.value().(map[string]any), nil
}

// ---- configuration ----

// config decodes the configuration as tfjson.Config.UnmarshalJSON does:
// with json.Unmarshal, so numbers are float64.
func (d *decoder) config() *tfjson.Config {
	it, ok := d.object()
	if !ok {
		return nil
	}
	saved := d.floats
	d.floats = true
	defer func() { d.floats = saved }()
	c := &tfjson.Config{}
	var seen fields
	for {
		k, ok := d.key(&it)
		if !ok {
			return c
		}
		switch k {
		case "provider_config":
			d.once(&seen, 0)
			c.ProviderConfigs = objectOf(d, d.providerConfig)
		case "root_module":
			d.once(&seen, 1)
			c.RootModule = d.configModule()
		default:
			d.unknown(k, "provider_config", "root_module")
		}
	}
}

var providerConfigFields = []string{"name", "full_name", "alias", "module_address", "expressions", "version_constraint"}

func (d *decoder) providerConfig() *tfjson.ProviderConfig {
	it, ok := d.object()
	if !ok {
		return nil
	}
	pc := &tfjson.ProviderConfig{}
	var seen fields
	for {
		k, ok := d.key(&it)
		if !ok {
			return pc
		}
		switch k {
		case "name":
			d.once(&seen, 0)
			pc.Name = d.text()
		case "full_name":
			d.once(&seen, 1)
			pc.FullName = d.text()
		case "alias":
			d.once(&seen, 2)
			pc.Alias = d.text()
		case "module_address":
			d.once(&seen, 3)
			pc.ModuleAddress = d.text()
		case "expressions":
			d.once(&seen, 4)
			pc.Expressions = d.expressions()
		case "version_constraint":
			d.once(&seen, 5)
			pc.VersionConstraint = d.text()
		default:
			d.unknown(k, providerConfigFields...)
		}
	}
}

func (d *decoder) configModule() *tfjson.ConfigModule {
	it, ok := d.object()
	if !ok {
		return nil
	}
	m := &tfjson.ConfigModule{}
	var seen fields
	for {
		k, ok := d.key(&it)
		if !ok {
			return m
		}
		switch k {
		case "outputs":
			d.once(&seen, 0)
			m.Outputs = objectOf(d, d.configOutput)
		case "resources":
			d.once(&seen, 1)
			if it, ok := d.array(); ok {
				m.Resources = []*tfjson.ConfigResource{}
				for d.elem(&it) {
					m.Resources = append(m.Resources, d.configResource())
				}
			} else {
				m.Resources = nil
			}
		case "module_calls":
			d.once(&seen, 2)
			m.ModuleCalls = objectOf(d, d.moduleCall)
		case "variables":
			d.once(&seen, 3)
			m.Variables = objectOf(d, d.configVariable)
		default:
			d.unknown(k, "outputs", "resources", "module_calls", "variables")
		}
	}
}

func (d *decoder) configOutput() *tfjson.ConfigOutput {
	it, ok := d.object()
	if !ok {
		return nil
	}
	o := &tfjson.ConfigOutput{}
	var seen fields
	for {
		k, ok := d.key(&it)
		if !ok {
			return o
		}
		switch k {
		case "sensitive":
			d.once(&seen, 0)
			o.Sensitive = d.boolean()
		case "expression":
			d.once(&seen, 1)
			o.Expression = d.expression()
		case "description":
			d.once(&seen, 2)
			o.Description = d.text()
		case "depends_on":
			d.once(&seen, 3)
			o.DependsOn = d.strings()
		default:
			d.unknown(k, "sensitive", "expression", "description", "depends_on")
		}
	}
}

var configResourceFields = []string{"address", "mode", "type", "name", "provider_config_key", "provisioners", "expressions",
	"schema_version", "count_expression", "for_each_expression", "depends_on"}

func (d *decoder) configResource() *tfjson.ConfigResource {
	it, ok := d.object()
	if !ok {
		return nil
	}
	r := &tfjson.ConfigResource{}
	var seen fields
	for {
		k, ok := d.key(&it)
		if !ok {
			return r
		}
		switch k {
		case "address":
			d.once(&seen, 0)
			r.Address = d.text()
		case "mode":
			d.once(&seen, 1)
			r.Mode = tfjson.ResourceMode(d.text())
		case "type":
			d.once(&seen, 2)
			r.Type = d.text()
		case "name":
			d.once(&seen, 3)
			r.Name = d.text()
		case "provider_config_key":
			d.once(&seen, 4)
			r.ProviderConfigKey = d.text()
		case "provisioners":
			d.once(&seen, 5)
			if it, ok := d.array(); ok {
				r.Provisioners = []*tfjson.ConfigProvisioner{}
				for d.elem(&it) {
					r.Provisioners = append(r.Provisioners, d.provisioner())
				}
			} else {
				r.Provisioners = nil
			}
		case "expressions":
			d.once(&seen, 6)
			r.Expressions = d.expressions()
		case "schema_version":
			d.once(&seen, 7)
			r.SchemaVersion = d.uint64Field(r.SchemaVersion)
		case "count_expression":
			d.once(&seen, 8)
			r.CountExpression = d.expression()
		case "for_each_expression":
			d.once(&seen, 9)
			r.ForEachExpression = d.expression()
		case "depends_on":
			d.once(&seen, 10)
			r.DependsOn = d.strings()
		default:
			d.unknown(k, configResourceFields...)
		}
	}
}

func (d *decoder) provisioner() *tfjson.ConfigProvisioner {
	it, ok := d.object()
	if !ok {
		return nil
	}
	p := &tfjson.ConfigProvisioner{}
	var seen fields
	for {
		k, ok := d.key(&it)
		if !ok {
			return p
		}
		switch k {
		case "type":
			d.once(&seen, 0)
			p.Type = d.text()
		case "expressions":
			d.once(&seen, 1)
			p.Expressions = d.expressions()
		default:
			d.unknown(k, "type", "expressions")
		}
	}
}

func (d *decoder) configVariable() *tfjson.ConfigVariable {
	it, ok := d.object()
	if !ok {
		return nil
	}
	v := &tfjson.ConfigVariable{}
	var seen fields
	for {
		k, ok := d.key(&it)
		if !ok {
			return v
		}
		switch k {
		case "default":
			d.once(&seen, 0)
			v.Default = d.value()
		case "description":
			d.once(&seen, 1)
			v.Description = d.text()
		case "sensitive":
			d.once(&seen, 2)
			v.Sensitive = d.boolean()
		default:
			d.unknown(k, "default", "description", "sensitive")
		}
	}
}

var moduleCallFields = []string{"source", "expressions", "count_expression", "for_each_expression", "module", "version_constraint", "depends_on"}

func (d *decoder) moduleCall() *tfjson.ModuleCall {
	it, ok := d.object()
	if !ok {
		return nil
	}
	c := &tfjson.ModuleCall{}
	var seen fields
	for {
		k, ok := d.key(&it)
		if !ok {
			return c
		}
		switch k {
		case "source":
			d.once(&seen, 0)
			c.Source = d.text()
		case "expressions":
			d.once(&seen, 1)
			c.Expressions = d.expressions()
		case "count_expression":
			d.once(&seen, 2)
			c.CountExpression = d.expression()
		case "for_each_expression":
			d.once(&seen, 3)
			c.ForEachExpression = d.expression()
		case "module":
			d.once(&seen, 4)
			c.Module = d.configModule()
		case "version_constraint":
			d.once(&seen, 5)
			c.VersionConstraint = d.text()
		case "depends_on":
			d.once(&seen, 6)
			c.DependsOn = d.strings()
		default:
			d.unknown(k, moduleCallFields...)
		}
	}
}

func (d *decoder) expressions() map[string]*tfjson.Expression {
	return objectOf(d, d.expression)
}

// objectOf decodes an object whose members member decodes each, or nil
// for null; a duplicate key is refused.
func objectOf[T any](d *decoder, member func() T) map[string]T {
	it, ok := d.object()
	if !ok {
		return nil
	}
	m := map[string]T{}
	for {
		k, ok := d.key(&it)
		if !ok {
			return m
		}
		n := len(m)
		m[k] = member()
		if len(m) == n {
			d.duplicate()
		}
	}
}

// expression decodes as tfjson.Expression.UnmarshalJSON: an array is a
// list of nested blocks (objects, or null for an empty block), an object
// is constant_value and references, null is no expression.
func (d *decoder) expression() *tfjson.Expression {
	switch d.peek() {
	case 'n':
		d.literal("null")
		return nil
	case '[':
		d.pos++
		d.push()
		data := &tfjson.ExpressionData{}
		it := iter{first: true}
		for d.elem(&it) {
			block := d.expressions()
			if block == nil {
				block = map[string]*tfjson.Expression{} // a null block is an empty one
			}
			data.NestedBlocks = append(data.NestedBlocks, block)
		}
		return &tfjson.Expression{ExpressionData: data}
	case '{':
		it, _ := d.object()
		data := &tfjson.ExpressionData{}
		var seen fields
		for {
			k, ok := d.key(&it)
			if !ok {
				break
			}
			switch k {
			case "constant_value":
				d.once(&seen, 0)
				data.ConstantValue = d.value()
			case "references":
				d.once(&seen, 1)
				data.References = d.strings()
			default:
				d.unknown(k, "constant_value", "references")
			}
		}
		if len(data.References) > 0 {
			data.ConstantValue = tfjson.UnknownConstantValue
		}
		return &tfjson.Expression{ExpressionData: data}
	}
	d.fail("expression: want an object or a list of blocks")
	return nil
}
