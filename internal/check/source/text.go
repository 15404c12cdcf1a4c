package source

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Text renders what an expression writes as text without evaluating it:
// the literal parts of a string template, each interpolation as "${…}",
// and the elements of a list on lines of their own. A plan keeps only
// the references of a template, so this is the one place the words of
// an interpolated command can be read. ok is false for an expression that
// writes no text of its own (a reference, a function call).
func Text(e hcl.Expression) (string, bool) {
	switch x := e.(type) {
	case *hclsyntax.TemplateExpr:
		var b strings.Builder
		for _, p := range x.Parts {
			if s, ok := constantString(p); ok {
				b.WriteString(s)
			} else {
				b.WriteString("${…}")
			}
		}
		return b.String(), true
	case *hclsyntax.TemplateWrapExpr:
		return "${…}", true
	case *hclsyntax.TupleConsExpr:
		var lines []string
		for _, el := range x.Exprs {
			if s, ok := Text(el); ok {
				lines = append(lines, s)
			}
		}
		return strings.Join(lines, "\n"), len(lines) > 0
	}
	return constantString(e)
}

// constantString is the value of an expression that is a string
// constant, evaluated without variables or functions.
func constantString(e hcl.Expression) (string, bool) {
	v, diags := e.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}
