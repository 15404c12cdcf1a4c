package source

import (
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// OffsetFromPlanTime reads timeadd(timestamp(), "17520h"): a time that
// many hours after the run, which the plan holds as known after apply
// (timestamp() is). It returns the offset, and whether the expression is
// that form with a literal duration.
func OffsetFromPlanTime(expr hcl.Expression) (time.Duration, bool) {
	call, ok := expr.(*hclsyntax.FunctionCallExpr)
	if !ok || call.Name != "timeadd" || len(call.Args) != 2 {
		return 0, false
	}
	now, ok := call.Args[0].(*hclsyntax.FunctionCallExpr)
	if !ok || now.Name != "timestamp" || len(now.Args) != 0 {
		return 0, false
	}
	v, diags := call.Args[1].Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return 0, false
	}
	d, err := time.ParseDuration(v.AsString())
	if err != nil || d <= 0 {
		return 0, false
	}
	return d, true
}
