package source

import (
	"bytes"
	"encoding/json"
	"io"
	"math/big"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
	"github.com/zclconf/go-cty/cty"
)

// ToGo converts a cty value to plain Go data: map[string]any, []any, string,
// json.Number, bool and nil. Every unknown value (at any depth) becomes a
// value.Unknown whose Ref names the references it depends on, sorted and joined
// with ", " when there are several ("" when none is known). A value that went
// through a function other than jsonencode (merge, concat, ...) carries the
// references of all that function's arguments, since functions do not say which
// argument an element came from.
func ToGo(v cty.Value) any { return toGo(v, nil) }

func toGo(v cty.Value, inherited []string) any {
	v, marks := v.Unmark()
	refs := inherited
	if own := markRefs(marks); len(own) > 0 {
		refs = own
	}
	if !v.IsKnown() {
		return value.Unknown{Ref: strings.Join(refs, ", ")}
	}
	if v.IsNull() {
		return nil
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return v.AsString()
	case ty == cty.Number:
		return numberToGo(v.AsBigFloat())
	case ty == cty.Bool:
		return v.True()
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		out := make([]any, 0, v.LengthInt())
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out = append(out, toGo(e, refs))
		}
		return out
	case ty.IsMapType() || ty.IsObjectType():
		out := make(map[string]any, v.LengthInt())
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			k, _ = k.Unmark()
			out[k.AsString()] = toGo(e, refs)
		}
		return out
	}
	return nil
}

func numberToGo(f *big.Float) any {
	if f.IsInf() {
		return nil
	}
	if f.IsInt() {
		return json.Number(f.Text('f', 0))
	}
	return json.Number(f.Text('g', -1))
}

// markRefs collects the references an unknown stands for, including those of a
// jsonencode document it was built from.
func markRefs(marks map[any]struct{}) []string {
	var out []string
	for m := range marks {
		switch m := m.(type) {
		case refMark:
			out = append(out, string(m))
		case *jsonDoc:
			_, paths := m.val.UnmarkDeepWithPaths()
			for _, pm := range paths {
				out = append(out, markRefs(pm.Marks)...)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Document evaluates an attribute that holds a document, typically a JSON
// policy, and returns it as Go data (see ToGo) with only the unknown leaves
// replaced by value.Unknown:
//
//   - a known string holding JSON is decoded (numbers as json.Number); another
//     known string is returned as is; a known non-string value goes through ToGo;
//   - jsonencode(x) over a partly unknown x returns x's structure: in
//     jsonencode({Resource = aws_s3_bucket.b.arn}) only Resource is
//     value.Unknown{Ref: "aws_s3_bucket.b.arn"};
//   - a string template (a heredoc, templatefile) with unknown interpolations
//     is rendered with placeholders and decoded when the result is JSON; a string
//     in it that contains an unknown part becomes a value.Unknown naming the
//     references of the parts;
//   - anything else unknown is a single value.Unknown.
//
// Limitation: a string that embeds a partly unknown jsonencode result in a larger
// template ("x${jsonencode(...)}") is returned as the document itself.
func (ev *Evaluator) Document(a *Attribute, inst Instance) (any, error) {
	v, diags := ev.eval(a.Expr, a.References(), inst, nil, markMode, nil)
	if err := diagErr(diags); err != nil {
		return ToGo(v), err
	}
	u, _ := v.Unmark()
	switch {
	case u.IsKnown() && !u.IsNull() && u.Type() == cty.String:
		if doc, ok := decodeJSON(u.AsString(), nil); ok {
			return doc, nil
		}
		return u.AsString(), nil
	case u.IsKnown():
		return ToGo(v), nil
	}
	if doc := jsonDocOf(v); doc != nil {
		return ToGo(doc.val), nil
	}
	if u.Type() == cty.String || u.Type() == cty.DynamicPseudoType {
		if templated(a) {
			sv, sdiags := ev.eval(a.Expr, a.References(), inst, nil, sentinelMode, nil)
			if su, _ := sv.Unmark(); !sdiags.HasErrors() && su.IsKnown() && !su.IsNull() && su.Type() == cty.String {
				if doc, ok := decodeJSON(su.AsString(), ev.sent); ok {
					return doc, nil
				}
			}
		}
	}
	return ToGo(v), nil
}

// templated reports whether an expression builds a string from parts, where
// rendering unknown parts as placeholders can recover the surrounding JSON. It
// keeps sentinel evaluation away from expressions where a placeholder string
// could be mistaken for a real value (conditionals, comparisons).
func templated(a *Attribute) bool {
	e, ok := a.Expr.(hclsyntax.Expression)
	if !ok {
		return true // JSON: a string is always a template
	}
	for {
		switch x := e.(type) {
		case *hclsyntax.TemplateExpr:
			return true
		case *hclsyntax.TemplateWrapExpr:
			e = x.Wrapped
		case *hclsyntax.ParenthesesExpr:
			e = x.Expression
		case *hclsyntax.FunctionCallExpr:
			return x.Name == "templatefile" || x.Name == "format" || x.Name == "replace" || x.Name == "trimspace"
		case *hclsyntax.ScopeTraversalExpr:
			return x.Traversal.RootName() == "local"
		default:
			return false
		}
	}
}

// decodeJSON decodes a whole JSON text with json.Number numbers. With s set,
// strings holding placeholders become value.Unknown (map keys keep a readable
// form, since Go map keys cannot be Unknown).
func decodeJSON(text string, s *sentinels) (any, bool) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false
	}
	trimmed := bytes.TrimSpace([]byte(text))
	if len(trimmed) == 0 || (trimmed[0] != '{' && trimmed[0] != '[') {
		return nil, false // a bare JSON scalar is more likely a plain string
	}
	if s == nil {
		return doc, true
	}
	return replacePlaceholders(doc, s), true
}

func replacePlaceholders(doc any, s *sentinels) any {
	switch d := doc.(type) {
	case string:
		if refs, _ := s.refsIn(d); len(refs) > 0 {
			slices.Sort(refs)
			return value.Unknown{Ref: strings.Join(slices.Compact(refs), ", ")}
		}
		return d
	case []any:
		for i := range d {
			d[i] = replacePlaceholders(d[i], s)
		}
		return d
	case map[string]any:
		out := make(map[string]any, len(d))
		for k, v := range d {
			if refs, _ := s.refsIn(k); len(refs) > 0 {
				k = value.Unknown{Ref: strings.Join(refs, ", ")}.String()
			}
			out[k] = replacePlaceholders(v, s)
		}
		return out
	}
	return doc
}
