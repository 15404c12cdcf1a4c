package plan

import (
	"encoding/json"
	"hash/maphash"
	"sort"
	"strconv"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// secretSeed keys value.Secret sums; it is random per process so a sum is
// worthless outside it.
var secretSeed = maphash.MakeSeed()

// merge builds the value the checker reasons about from a planned value and
// its markers: leaves marked unknown become value.Unknown, leaves marked
// sensitive (or named secret by isSecret at the top level) become
// value.Secret. The result shares no memory with v.
func merge(v, unknown, sensitive any, isSecret func(attr string) bool) any {
	top, ok := v.(map[string]any)
	if !ok {
		if unknown == true {
			return value.Unknown{}
		}
		if sensitive == true {
			return redact(v)
		}
		return v
	}
	unk, _ := unknown.(map[string]any)
	sen, _ := sensitive.(map[string]any)
	out := make(map[string]any, len(top)+len(unk))
	for k, x := range top {
		if isSecret != nil && isSecret(k) {
			out[k] = redact(x)
			continue
		}
		out[k] = mergeValue(x, unk[k], sen[k])
	}
	// Unknown attributes are often absent from after (or null there).
	for k, u := range unk {
		if _, present := top[k]; present && top[k] != nil {
			continue
		}
		if u == true {
			out[k] = value.Unknown{}
		} else if u != false && u != nil {
			out[k] = mergeValue(nil, u, sen[k])
		}
	}
	return out
}

// mergeInPlace is merge for a top-level object nothing else reads: it
// reuses top instead of copying it.
func mergeInPlace(top map[string]any, unknown, sensitive any, isSecret func(attr string) bool) map[string]any {
	unk, _ := unknown.(map[string]any)
	sen, _ := sensitive.(map[string]any)
	// What merge's second loop sets, decided on the original values.
	type set struct {
		k string
		v any
	}
	var late []set
	for k, u := range unk {
		if x, present := top[k]; present && x != nil {
			continue
		}
		if u == true {
			late = append(late, set{k, value.Unknown{}})
		} else if u != false && u != nil {
			late = append(late, set{k, mergeValue(nil, u, sen[k])})
		}
	}
	for k, x := range top {
		if isSecret != nil && isSecret(k) {
			top[k] = redact(x)
			continue
		}
		if unk[k] == nil && sen[k] == nil {
			continue // mergeValue would return x
		}
		top[k] = mergeValue(x, unk[k], sen[k])
	}
	for _, e := range late {
		top[e.k] = e.v
	}
	return top
}

func mergeValue(v, unknown, sensitive any) any {
	if unknown == true {
		return value.Unknown{}
	}
	if sensitive == true {
		return redact(v)
	}
	switch x := v.(type) {
	case map[string]any:
		unk, _ := unknown.(map[string]any)
		sen, _ := sensitive.(map[string]any)
		if unk == nil && sen == nil {
			return x
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = mergeValue(e, unk[k], sen[k])
		}
		for k, u := range unk {
			if _, ok := x[k]; !ok && u == true {
				out[k] = value.Unknown{}
			}
		}
		return out
	case []any:
		unk, _ := unknown.([]any)
		sen, _ := sensitive.([]any)
		if unk == nil && sen == nil {
			return x
		}
		out := make([]any, len(x), max(len(x), len(unk)))
		for i, e := range x {
			out[i] = mergeValue(e, at(unk, i), at(sen, i))
		}
		// A list whose trailing elements are still unknown.
		for i := len(x); i < len(unk); i++ {
			if unk[i] == true {
				out = append(out, value.Unknown{})
			}
		}
		return out
	case nil:
		// Nested unknowns under a null value: a block that is entirely computed.
		switch u := unknown.(type) {
		case map[string]any:
			if len(u) == 0 {
				return nil
			}
			return mergeValue(map[string]any{}, u, sensitive)
		case []any:
			if len(u) == 0 {
				return nil
			}
			return mergeValue([]any{}, u, sensitive)
		}
		return nil
	default:
		return v
	}
}

func at(s []any, i int) any {
	if i < len(s) {
		return s[i]
	}
	return nil
}

// redact replaces a sensitive value (whatever its shape) by a Secret whose
// sum covers its canonical text. Null stays null: "no secret" is not secret.
func redact(v any) any {
	switch v.(type) {
	case nil:
		return nil
	case value.Unknown:
		return v
	}
	var h maphash.Hash
	h.SetSeed(secretSeed)
	hashInto(&h, v)
	return value.Secret{Sum: h.Sum64()}
}

func hashInto(h *maphash.Hash, v any) {
	switch x := v.(type) {
	case string:
		h.WriteString("s")
		h.WriteString(x)
	case json.Number:
		h.WriteString("n")
		h.WriteString(x.String())
	case float64:
		h.WriteString("n")
		h.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
	case bool:
		if x {
			h.WriteString("t")
		} else {
			h.WriteString("f")
		}
	case []any:
		h.WriteString("[")
		for _, e := range x {
			hashInto(h, e)
			h.WriteString(",")
		}
		h.WriteString("]")
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		h.WriteString("{")
		for _, k := range keys {
			h.WriteString(k)
			h.WriteString(":")
			hashInto(h, x[k])
			h.WriteString(",")
		}
		h.WriteString("}")
	case value.Secret:
		h.WriteString("x")
		var b [8]byte
		for i := range b {
			b[i] = byte(x.Sum >> (8 * i))
		}
		h.Write(b[:])
	default:
		h.WriteString("?")
	}
}

// Get walks a value along a path of map keys and list indexes. A path
// through a single-element list (how Terraform represents a nested block
// with max one item) may omit the index.
func Get(v any, path ...string) any {
	for _, p := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			if i, err := strconv.Atoi(p); err == nil {
				if i < 0 || i >= len(x) {
					return nil
				}
				v = x[i]
				continue
			}
			if len(x) != 1 {
				return nil
			}
			m, ok := x[0].(map[string]any)
			if !ok {
				return nil
			}
			v = m[p]
		default:
			return nil
		}
	}
	return v
}

// String returns v as a string when it is a known string.
func String(v any) (string, bool) {
	s, ok := v.(string)
	return s, ok
}

// Strings returns the known string elements of a list or set value, and
// whether every element was a known string.
func Strings(v any) ([]string, bool) {
	switch x := v.(type) {
	case nil:
		return nil, true
	case string:
		return []string{x}, true
	case []any:
		out := make([]string, 0, len(x))
		all := true
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			} else {
				all = false
			}
		}
		return out, all
	default:
		return nil, false
	}
}

// Number returns v as a float64 when it is a known number (json.Number,
// float64 or a numeric string, as providers store some numbers as strings).
func Number(v any) (float64, bool) {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case float64:
		return x, true
	case int:
		return float64(x), true
	case string:
		f, err := strconv.ParseFloat(x, 64)
		return f, err == nil
	}
	return 0, false
}

// Bool returns v as a bool when it is a known bool (or "true"/"false").
func Bool(v any) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		b, err := strconv.ParseBool(x)
		return b, err == nil
	}
	return false, false
}
