package awsiam

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// ErrUnknownDocument is returned when the whole document is a
// value.Unknown: the caller should rebuild it from configuration.
var ErrUnknownDocument = errors.New("awsiam: policy document is unknown until apply")

// Term is one string of a policy element: an action, a resource, a
// principal or a condition value. When Terraform only knows it after apply,
// Unknown is set, Text is empty and Ref names the reference.
type Term struct {
	Text    string `json:"text,omitempty"`
	Unknown bool   `json:"unknown,omitempty"`
	Ref     string `json:"ref,omitempty"`
}

// String renders the term for messages; an unknown term shows its reference.
func (t Term) String() string {
	if t.Unknown {
		return value.Unknown{Ref: t.Ref}.String()
	}
	return t.Text
}

func (t Term) unknownRef() string { return iam.UnknownRef(value.Unknown{Ref: t.Ref}) }

// Effect of a statement.
type Effect string

const (
	EffectAllow   Effect = "Allow"
	EffectDeny    Effect = "Deny"
	EffectUnknown Effect = "" // the Effect value is unknown until apply
)

// Principal is the Principal or NotPrincipal element of a statement.
type Principal struct {
	Any           bool   `json:"any,omitempty"` // "*"
	AWS           []Term `json:"aws,omitempty"`
	Service       []Term `json:"service,omitempty"`
	Federated     []Term `json:"federated,omitempty"`
	CanonicalUser []Term `json:"canonical_user,omitempty"`
	// Unknown is set when the whole element (or one of its lists) is unknown.
	Unknown []string `json:"unknown,omitempty"`
}

// Condition is one key of one operator of a Condition block.
type Condition struct {
	Operator  string `json:"operator"`            // as written: "ForAnyValue:StringLikeIfExists"
	Base      string `json:"base"`                // "StringLike"
	Qualifier string `json:"qualifier,omitempty"` // "ForAllValues", "ForAnyValue" or ""
	IfExists  bool   `json:"if_exists,omitempty"`
	Key       string `json:"key"` // as written; keys compare case-insensitively
	Values    []Term `json:"values"`
}

// UnknownKey is the condition key written for the i-th one known only
// after apply (a policy document data source's condition variable built
// from an OIDC provider the same plan creates), which ref names: i keeps
// apart two such keys under one operator. No real key starts so.
func UnknownKey(ref string, i int) string {
	return unknownKeyPrefix + strconv.Itoa(i) + ":" + ref
}

const unknownKeyPrefix = "\x00unknown:"

// KeyUnknown reports whether the condition's key is known only after
// apply (UnknownKey), and its reference.
func (c Condition) KeyUnknown() (string, bool) {
	rest, ok := strings.CutPrefix(c.Key, unknownKeyPrefix)
	if !ok {
		return "", false
	}
	_, ref, _ := strings.Cut(rest, ":")
	return ref, true
}

// Negated reports whether the operator denies a match (StringNotEquals,
// ArnNotLike, ...); such a condition on an Allow does not pin anything.
func (c Condition) Negated() bool { return strings.Contains(c.Base, "Not") }

// Statement is one parsed statement.
type Statement struct {
	Index int    `json:"index"`
	Sid   string `json:"sid,omitempty"`
	// Effect is EffectUnknown when the value is unknown until apply.
	Effect Effect `json:"effect"`
	// Actions holds Action, or NotAction when NotAction is true.
	Actions   []Term `json:"actions"`
	NotAction bool   `json:"not_action,omitempty"`
	// Resources holds Resource or NotResource; HasResource is false when
	// the statement has neither (trust policies).
	Resources   []Term `json:"resources,omitempty"`
	NotResource bool   `json:"not_resource,omitempty"`
	HasResource bool   `json:"has_resource,omitempty"`
	// Principal holds Principal or NotPrincipal; nil when absent.
	Principal    *Principal  `json:"principal,omitempty"`
	NotPrincipal bool        `json:"not_principal,omitempty"`
	Conditions   []Condition `json:"conditions,omitempty"`
	// Unknowns lists references of unknown parts that are not in a Term
	// (the Effect, a whole Condition block, a whole Action list).
	Unknowns []string `json:"unknowns,omitempty"`

	exp *expansion // set on shared (managed) documents
}

// Where names the statement for evidence: its Sid, or "Statement[i]".
func (s Statement) Where() string {
	if s.Sid != "" {
		return s.Sid
	}
	return "Statement[" + strconv.Itoa(s.Index) + "]"
}

// Conditional reports whether the statement has any condition.
func (s Statement) Conditional() bool { return len(s.Conditions) > 0 }

// Document is a parsed policy document.
type Document struct {
	Version    string      `json:"version,omitempty"`
	ID         string      `json:"id,omitempty"`
	Statements []Statement `json:"statements"`
	// Unknowns lists references of statements (or the whole Statement
	// element) that are unknown until apply and could not be parsed.
	Unknowns []string `json:"unknowns,omitempty"`
}

// SyntaxError says what is wrong with a document, and where.
type SyntaxError struct {
	Path string // "Statement[1].Action"
	Msg  string
}

func (e *SyntaxError) Error() string {
	if e.Path == "" {
		return "awsiam: " + e.Msg
	}
	return "awsiam: " + e.Path + ": " + e.Msg
}

func syntaxErr(path, format string, args ...any) error {
	return &SyntaxError{Path: path, Msg: fmt.Sprintf(format, args...)}
}

// ParseDocument parses a policy document given as a JSON string or []byte,
// or already decoded (map[string]any, []any, string, json.Number, float64,
// bool, nil, with value.Unknown at any leaf). A *Document is returned as is.
// It never panics; malformed input gives a *SyntaxError, and an unknown
// document gives ErrUnknownDocument.
func ParseDocument(doc any) (*Document, error) {
	switch d := doc.(type) {
	case *Document:
		if d == nil {
			return nil, syntaxErr("", "nil document")
		}
		return d, nil
	case value.Unknown, *value.Unknown:
		return nil, ErrUnknownDocument
	case string:
		if decodeJSON != nil {
			if v, ok := decodeJSON(d); ok {
				if m, ok := v.(map[string]any); ok {
					return parseObject(m)
				}
			}
		}
		return parseJSON([]byte(d))
	case []byte:
		return parseJSON(d)
	case json.RawMessage:
		return parseJSON(d)
	case map[string]any:
		return parseObject(d)
	case nil:
		return nil, syntaxErr("", "empty document")
	default:
		return nil, syntaxErr("", "document is a %s, not a JSON object", typeName(doc))
	}
}

// decodeJSON, when set, decodes JSON text as encoding/json decodes into an
// interface{} with UseNumber, only faster; ok false sends the text to
// encoding/json, for its result and its error. See UseJSONDecoder.
var decodeJSON func(text string) (v any, ok bool)

// UseJSONDecoder makes string documents (managed policies, documents passed
// as text) decode with f, which must decode exactly as encoding/json does
// into an interface{} with UseNumber, or report false. The checker gives
// its plan decoder, several times faster on large policies such as
// ReadOnlyAccess; this package does not import the plan loader. Call it
// once, before any parse (from an init function).
func UseJSONDecoder(f func(text string) (v any, ok bool)) { decodeJSON = f }

func parseJSON(b []byte) (*Document, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, syntaxErr("", "empty document")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, syntaxErr("", "not JSON: %v", err)
	}
	if dec.More() {
		return nil, syntaxErr("", "not JSON: data after the document")
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, syntaxErr("", "document is a %s, not a JSON object", typeName(v))
	}
	return parseObject(m)
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case json.Number, float64, float32, int, int64:
		return "number"
	case []any, []string:
		return "list"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// canonicalKey maps element names case-insensitively to their canonical
// spelling. IAM itself is strict about case; accepting more only means a
// policy AWS would reject is still analysed, never that a grant is missed.
func canonicalKey(k string, known []string) (string, bool) {
	for _, c := range known {
		if strings.EqualFold(k, c) {
			return c, true
		}
	}
	return "", false
}

var docKeys = []string{"Version", "Id", "Statement"}
var stmtKeys = []string{"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"}

func parseObject(m map[string]any) (*Document, error) {
	d := &Document{}
	fields := map[string]any{}
	for k, v := range m {
		c, ok := canonicalKey(k, docKeys)
		if !ok {
			return nil, syntaxErr("", "unknown element %q", k)
		}
		if _, dup := fields[c]; dup {
			return nil, syntaxErr("", "duplicate element %q", c)
		}
		fields[c] = v
	}
	if v, ok := fields["Version"]; ok {
		switch s := v.(type) {
		case value.Unknown:
		case string:
			if s != "2012-10-17" && s != "2008-10-17" {
				return nil, syntaxErr("Version", "unsupported version %q", s)
			}
			d.Version = s
		default:
			return nil, syntaxErr("Version", "must be a string, not a %s", typeName(v))
		}
	}
	if v, ok := fields["Id"]; ok {
		switch s := v.(type) {
		case string:
			d.ID = s
		case value.Unknown:
		default:
			return nil, syntaxErr("Id", "must be a string, not a %s", typeName(v))
		}
	}
	st, ok := fields["Statement"]
	if !ok {
		return nil, syntaxErr("", "missing Statement")
	}
	var list []any
	switch s := st.(type) {
	case value.Unknown:
		d.Unknowns = iam.AddUnknowns(d.Unknowns, iam.UnknownRef(s))
		return d, nil
	case map[string]any:
		list = []any{s}
	case []any:
		list = s
	default:
		return nil, syntaxErr("Statement", "must be an object or a list of objects, not a %s", typeName(st))
	}
	sids := map[string]bool{}
	for i, raw := range list {
		path := "Statement[" + strconv.Itoa(i) + "]"
		switch s := raw.(type) {
		case value.Unknown:
			d.Unknowns = iam.AddUnknowns(d.Unknowns, iam.UnknownRef(s))
			continue
		case map[string]any:
			stmt, err := parseStatement(s, i, path)
			if err != nil {
				return nil, err
			}
			if stmt.Sid != "" {
				if sids[stmt.Sid] {
					return nil, syntaxErr(path+".Sid", "duplicate Sid %q", stmt.Sid)
				}
				sids[stmt.Sid] = true
			}
			d.Statements = append(d.Statements, stmt)
		default:
			return nil, syntaxErr(path, "must be an object, not a %s", typeName(raw))
		}
	}
	return d, nil
}

func parseStatement(m map[string]any, index int, path string) (Statement, error) {
	s := Statement{Index: index}
	fields := map[string]any{}
	for k, v := range m {
		c, ok := canonicalKey(k, stmtKeys)
		if !ok {
			return s, syntaxErr(path, "unknown element %q", k)
		}
		if _, dup := fields[c]; dup {
			return s, syntaxErr(path, "duplicate element %q", c)
		}
		fields[c] = v
	}
	if v, ok := fields["Sid"]; ok {
		switch x := v.(type) {
		case string:
			s.Sid = x
		case value.Unknown:
		default:
			return s, syntaxErr(path+".Sid", "must be a string, not a %s", typeName(v))
		}
	}
	switch e := fields["Effect"].(type) {
	case string:
		switch {
		case strings.EqualFold(e, "Allow"):
			s.Effect = EffectAllow
		case strings.EqualFold(e, "Deny"):
			s.Effect = EffectDeny
		default:
			return s, syntaxErr(path+".Effect", "must be Allow or Deny, not %q", e)
		}
	case value.Unknown:
		s.Effect = EffectUnknown
		s.Unknowns = iam.AddUnknowns(s.Unknowns, iam.UnknownRef(e))
	case nil:
		if _, ok := fields["Effect"]; ok {
			return s, syntaxErr(path+".Effect", "must be Allow or Deny, not null")
		}
		return s, syntaxErr(path, "missing Effect")
	default:
		return s, syntaxErr(path+".Effect", "must be a string, not a %s", typeName(e))
	}

	act, hasAct := fields["Action"]
	nact, hasNot := fields["NotAction"]
	switch {
	case hasAct && hasNot:
		return s, syntaxErr(path, "has both Action and NotAction")
	case !hasAct && !hasNot:
		return s, syntaxErr(path, "has neither Action nor NotAction")
	}
	name := "Action"
	if hasNot {
		act, name, s.NotAction = nact, "NotAction", true
	}
	terms, unk, err := parseTerms(act, path+"."+name)
	if err != nil {
		return s, err
	}
	for _, t := range terms {
		if t.Unknown {
			continue
		}
		if err := checkAction(t.Text); err != nil {
			return s, syntaxErr(path+"."+name, "%v", err)
		}
	}
	s.Actions = terms
	s.Unknowns = iam.AddUnknowns(s.Unknowns, unk...)

	res, hasRes := fields["Resource"]
	nres, hasNotRes := fields["NotResource"]
	if hasRes && hasNotRes {
		return s, syntaxErr(path, "has both Resource and NotResource")
	}
	if hasRes || hasNotRes {
		name := "Resource"
		if hasNotRes {
			res, name, s.NotResource = nres, "NotResource", true
		}
		terms, unk, err := parseTerms(res, path+"."+name)
		if err != nil {
			return s, err
		}
		s.Resources, s.HasResource = terms, true
		s.Unknowns = iam.AddUnknowns(s.Unknowns, unk...)
	}

	pr, hasPr := fields["Principal"]
	npr, hasNotPr := fields["NotPrincipal"]
	if hasPr && hasNotPr {
		return s, syntaxErr(path, "has both Principal and NotPrincipal")
	}
	if hasPr || hasNotPr {
		name := "Principal"
		if hasNotPr {
			pr, name, s.NotPrincipal = npr, "NotPrincipal", true
		}
		p, err := parsePrincipal(pr, path+"."+name)
		if err != nil {
			return s, err
		}
		s.Principal = p
	}

	if c, ok := fields["Condition"]; ok {
		conds, unk, err := parseConditions(c, path+".Condition")
		if err != nil {
			return s, err
		}
		s.Conditions = conds
		s.Unknowns = iam.AddUnknowns(s.Unknowns, unk...)
	}
	return s, nil
}

// checkAction applies AWS's rule that an action is "*" or "service:name".
func checkAction(a string) error {
	if a == "*" {
		return nil
	}
	svc, name, ok := strings.Cut(a, ":")
	if !ok || svc == "" || name == "" {
		return fmt.Errorf("action %q must be \"*\" or \"service:action\"", a)
	}
	if strings.ContainsAny(a, " \t\n") {
		return fmt.Errorf("action %q contains white space", a)
	}
	return nil
}

// parseTerms reads a string-or-list element. A wholly unknown element
// becomes one unknown Term (one specific, unknown value), and its
// reference is also returned.
func parseTerms(v any, path string) ([]Term, []string, error) {
	switch x := v.(type) {
	case string:
		return []Term{{Text: x}}, nil, nil
	case value.Unknown:
		return []Term{{Unknown: true, Ref: x.Ref}}, []string{iam.UnknownRef(x)}, nil
	case []string:
		out := make([]Term, len(x))
		for i, s := range x {
			out[i] = Term{Text: s}
		}
		return out, nil, nil
	case []any:
		out := make([]Term, 0, len(x))
		for i, e := range x {
			switch y := e.(type) {
			case string:
				out = append(out, Term{Text: y})
			case value.Unknown:
				out = append(out, Term{Unknown: true, Ref: y.Ref})
			default:
				return nil, nil, syntaxErr(path+"["+strconv.Itoa(i)+"]", "must be a string, not a %s", typeName(e))
			}
		}
		return out, nil, nil
	}
	return nil, nil, syntaxErr(path, "must be a string or a list of strings, not a %s", typeName(v))
}

func parsePrincipal(v any, path string) (*Principal, error) {
	p := &Principal{}
	switch x := v.(type) {
	case string:
		if x != "*" {
			return nil, syntaxErr(path, "a string principal must be \"*\", not %q", x)
		}
		p.Any = true
		return p, nil
	case value.Unknown:
		p.Unknown = append(p.Unknown, iam.UnknownRef(x))
		return p, nil
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			terms, unk, err := parseTerms(x[k], path+"."+k)
			if err != nil {
				return nil, err
			}
			p.Unknown = iam.AddUnknowns(p.Unknown, unk...)
			switch {
			case strings.EqualFold(k, "AWS"):
				p.AWS = append(p.AWS, terms...)
			case strings.EqualFold(k, "Service"):
				p.Service = append(p.Service, terms...)
			case strings.EqualFold(k, "Federated"):
				p.Federated = append(p.Federated, terms...)
			case strings.EqualFold(k, "CanonicalUser"):
				p.CanonicalUser = append(p.CanonicalUser, terms...)
			default:
				return nil, syntaxErr(path, "unknown principal type %q", k)
			}
		}
		return p, nil
	}
	return nil, syntaxErr(path, "must be \"*\" or an object, not a %s", typeName(v))
}

func parseConditions(v any, path string) ([]Condition, []string, error) {
	var unk []string
	switch x := v.(type) {
	case value.Unknown:
		return nil, []string{iam.UnknownRef(x)}, nil
	case map[string]any:
		ops := make([]string, 0, len(x))
		for k := range x {
			ops = append(ops, k)
		}
		sort.Strings(ops)
		var out []Condition
		for _, op := range ops {
			base, qual, ifExists, err := splitOperator(op)
			if err != nil {
				return nil, nil, syntaxErr(path, "%v", err)
			}
			switch block := x[op].(type) {
			case value.Unknown:
				unk = iam.AddUnknowns(unk, iam.UnknownRef(block))
			case map[string]any:
				keys := make([]string, 0, len(block))
				for k := range block {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					vals, err := conditionValues(block[k], path+"."+op+"."+k)
					if err != nil {
						return nil, nil, err
					}
					out = append(out, Condition{Operator: op, Base: base, Qualifier: qual, IfExists: ifExists, Key: k, Values: vals})
				}
			default:
				return nil, nil, syntaxErr(path+"."+op, "must be an object of condition keys, not a %s", typeName(block))
			}
		}
		return out, unk, nil
	}
	return nil, nil, syntaxErr(path, "must be an object, not a %s", typeName(v))
}

var conditionBases = []string{
	"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
	"StringLike", "StringNotLike",
	"NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
	"NumericGreaterThan", "NumericGreaterThanEquals",
	"DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals",
	"DateGreaterThan", "DateGreaterThanEquals",
	"Bool", "BinaryEquals", "IpAddress", "NotIpAddress",
	"ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
}

func splitOperator(op string) (base, qualifier string, ifExists bool, err error) {
	rest := op
	if q, r, ok := strings.Cut(rest, ":"); ok {
		switch {
		case strings.EqualFold(q, "ForAllValues"):
			qualifier = "ForAllValues"
		case strings.EqualFold(q, "ForAnyValue"):
			qualifier = "ForAnyValue"
		default:
			return "", "", false, fmt.Errorf("unknown condition qualifier %q", q)
		}
		rest = r
	}
	if len(rest) > len("IfExists") && strings.EqualFold(rest[len(rest)-len("IfExists"):], "IfExists") {
		ifExists = true
		rest = rest[:len(rest)-len("IfExists")]
	}
	for _, b := range conditionBases {
		if strings.EqualFold(b, rest) {
			if b == "Null" && ifExists {
				return "", "", false, fmt.Errorf("condition operator %q: Null has no IfExists form", op)
			}
			return b, qualifier, ifExists, nil
		}
	}
	return "", "", false, fmt.Errorf("unknown condition operator %q", op)
}

func conditionValues(v any, path string) ([]Term, error) {
	one := func(e any, p string) (Term, error) {
		switch y := e.(type) {
		case string:
			return Term{Text: y}, nil
		case bool:
			return Term{Text: strconv.FormatBool(y)}, nil
		case json.Number:
			return Term{Text: y.String()}, nil
		case float64:
			if math.IsNaN(y) || math.IsInf(y, 0) {
				return Term{}, syntaxErr(p, "not a finite number")
			}
			return Term{Text: strconv.FormatFloat(y, 'f', -1, 64)}, nil
		case int:
			return Term{Text: strconv.Itoa(y)}, nil
		case int64:
			return Term{Text: strconv.FormatInt(y, 10)}, nil
		case value.Unknown:
			return Term{Unknown: true, Ref: y.Ref}, nil
		}
		return Term{}, syntaxErr(p, "must be a string, number or boolean, not a %s", typeName(e))
	}
	switch x := v.(type) {
	case []any:
		out := make([]Term, 0, len(x))
		for i, e := range x {
			t, err := one(e, path+"["+strconv.Itoa(i)+"]")
			if err != nil {
				return nil, err
			}
			out = append(out, t)
		}
		return out, nil
	case []string:
		out := make([]Term, len(x))
		for i, s := range x {
			out[i] = Term{Text: s}
		}
		return out, nil
	}
	t, err := one(v, path)
	if err != nil {
		return nil, err
	}
	return []Term{t}, nil
}
