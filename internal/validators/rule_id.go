package validators

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/nhiguard/terraform-provider-nhi/internal/nhi"
)

var _ validator.String = ruleIDValidator{}

type ruleIDValidator struct{}

// RuleID checks that a string has the form of a checker rule id, "NHI-" and
// three digits, such as "NHI-002".
func RuleID() validator.String {
	return ruleIDValidator{}
}

func (v ruleIDValidator) Description(_ context.Context) string {
	return `value must be a rule id: "NHI-" followed by three digits, such as "NHI-002"`
}

func (v ruleIDValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v ruleIDValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if !nhi.ValidRuleID(req.ConfigValue.ValueString()) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Rule ID",
			fmt.Sprintf("Rule ids are \"NHI-\" followed by three digits, such as \"NHI-002\"; got %q.",
				req.ConfigValue.ValueString()))
	}
}
