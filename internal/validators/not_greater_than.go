package validators

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ConfigValidator = int64NotGreaterThanValidator{}

type int64NotGreaterThanValidator struct {
	lesser, greater path.Path
	reason          string
}

// Int64NotGreaterThan checks that the int64 attribute at lesser is not greater
// than the one at greater, when both are set and known. reason, a sentence,
// explains why the order matters and ends the error detail.
func Int64NotGreaterThan(lesser, greater path.Path, reason string) resource.ConfigValidator {
	return int64NotGreaterThanValidator{lesser: lesser, greater: greater, reason: reason}
}

func (v int64NotGreaterThanValidator) Description(_ context.Context) string {
	return fmt.Sprintf("%s must not be greater than %s", v.lesser, v.greater)
}

func (v int64NotGreaterThanValidator) MarkdownDescription(_ context.Context) string {
	return fmt.Sprintf("`%s` must not be greater than `%s`", v.lesser, v.greater)
}

func (v int64NotGreaterThanValidator) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var lesser, greater types.Int64
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, v.lesser, &lesser)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, v.greater, &greater)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if lesser.IsNull() || lesser.IsUnknown() || greater.IsNull() || greater.IsUnknown() {
		return
	}
	if lesser.ValueInt64() > greater.ValueInt64() {
		resp.Diagnostics.AddAttributeError(v.lesser, "Invalid Attribute Combination",
			fmt.Sprintf("%s (%d) must not be greater than %s (%d). %s",
				v.lesser, lesser.ValueInt64(), v.greater, greater.ValueInt64(), v.reason))
	}
}
