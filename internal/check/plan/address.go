package plan

import (
	"fmt"
	"strconv"
	"strings"
)

// Step is one module call on the way to a resource: module.<Name>[<Key>].
type Step struct {
	Name string
	Key  any // nil, int or string
}

// Address is a parsed absolute resource instance address such as
// module.a["x"].module.b[0].aws_iam_user.this["k"].
type Address struct {
	Module []Step
	Mode   string // "managed" or "data"
	Type   string
	Name   string
	Key    any // nil, int or string
}

// ParseAddress parses an absolute resource instance address. Instance keys
// may contain dots, brackets and escaped quotes, so this is a small scanner
// rather than a split on ".".
func ParseAddress(s string) (Address, error) {
	var a Address
	rest := s
	for strings.HasPrefix(rest, "module.") {
		name, key, tail, err := parseStep(rest[len("module."):])
		if err != nil {
			return a, fmt.Errorf("address %q: %w", s, err)
		}
		a.Module = append(a.Module, Step{Name: name, Key: key})
		if !strings.HasPrefix(tail, ".") {
			if tail == "" {
				return a, fmt.Errorf("address %q: module path without a resource", s)
			}
			return a, fmt.Errorf("address %q: unexpected %q", s, tail)
		}
		rest = tail[1:]
	}
	a.Mode = "managed"
	if strings.HasPrefix(rest, "data.") {
		a.Mode = "data"
		rest = rest[len("data."):]
	}
	dot := strings.IndexByte(rest, '.')
	if dot <= 0 {
		return a, fmt.Errorf("address %q: want TYPE.NAME", s)
	}
	a.Type = rest[:dot]
	name, key, tail, err := parseStep(rest[dot+1:])
	if err != nil {
		return a, fmt.Errorf("address %q: %w", s, err)
	}
	if tail != "" {
		return a, fmt.Errorf("address %q: unexpected %q", s, tail)
	}
	a.Name, a.Key = name, key
	return a, nil
}

// parseStep reads NAME or NAME[KEY] and returns what follows.
func parseStep(s string) (name string, key any, rest string, err error) {
	end := 0
	for end < len(s) && s[end] != '.' && s[end] != '[' {
		end++
	}
	if end == 0 {
		return "", nil, s, fmt.Errorf("empty name")
	}
	name, rest = s[:end], s[end:]
	if !strings.HasPrefix(rest, "[") {
		return name, nil, rest, nil
	}
	key, n, err := parseKey(rest)
	if err != nil {
		return "", nil, s, err
	}
	return name, key, rest[n:], nil
}

// parseKey reads ["string"] or [123] at the start of s and returns the key
// and the number of bytes consumed.
func parseKey(s string) (any, int, error) {
	if len(s) < 3 || s[0] != '[' {
		return nil, 0, fmt.Errorf("malformed instance key %q", s)
	}
	if s[1] == '"' {
		i := 2
		for i < len(s) {
			switch s[i] {
			case '\\':
				i += 2
				continue
			case '"':
				if i+1 >= len(s) || s[i+1] != ']' {
					return nil, 0, fmt.Errorf("malformed instance key %q", s)
				}
				str, err := strconv.Unquote(s[1 : i+1])
				if err != nil {
					return nil, 0, fmt.Errorf("malformed instance key %q", s)
				}
				return str, i + 2, nil
			}
			i++
		}
		return nil, 0, fmt.Errorf("unterminated instance key %q", s)
	}
	close := strings.IndexByte(s, ']')
	if close < 0 {
		return nil, 0, fmt.Errorf("unterminated instance key %q", s)
	}
	n, err := strconv.Atoi(s[1:close])
	if err != nil {
		return nil, 0, fmt.Errorf("malformed instance key %q", s)
	}
	return n, close + 1, nil
}

// FormatKey renders an instance key the way Terraform prints it.
func FormatKey(key any) string {
	switch k := key.(type) {
	case nil:
		return ""
	case int:
		return "[" + strconv.Itoa(k) + "]"
	case string:
		return "[" + strconv.Quote(k) + "]"
	default:
		return fmt.Sprintf("[%v]", k)
	}
}

// ModuleAddress renders the module part, e.g. module.a["x"].module.b.
func (a Address) ModuleAddress() string {
	var b strings.Builder
	for i, st := range a.Module {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString("module.")
		b.WriteString(st.Name)
		b.WriteString(FormatKey(st.Key))
	}
	return b.String()
}

// ModulePath is the module call path without instance keys, the way the
// plan's configuration section is nested.
func (a Address) ModulePath() []string {
	if len(a.Module) == 0 {
		return nil
	}
	p := make([]string, len(a.Module))
	for i, st := range a.Module {
		p[i] = st.Name
	}
	return p
}

// ConfigAddress is the resource's address inside its module, without keys:
// aws_iam_user.this or data.aws_iam_policy_document.x.
func (a Address) ConfigAddress() string {
	if a.Mode == "data" {
		return "data." + a.Type + "." + a.Name
	}
	return a.Type + "." + a.Name
}

// String renders the full instance address.
func (a Address) String() string {
	m := a.ModuleAddress()
	r := a.ConfigAddress() + FormatKey(a.Key)
	if m == "" {
		return r
	}
	return m + "." + r
}

// normalizeKey turns the JSON forms of an instance key (float64,
// json.Number, string) into int or string.
func normalizeKey(k any) any {
	switch v := k.(type) {
	case nil:
		return nil
	case float64:
		return int(v)
	case int:
		return v
	case fmt.Stringer:
		s := v.String()
		if n, err := strconv.Atoi(s); err == nil {
			return n
		}
		return s
	case string:
		return v
	default:
		return fmt.Sprint(v)
	}
}
