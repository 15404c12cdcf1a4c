package validators

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/nhiguard/terraform-provider-nhi/internal/nhi"
)

var _ validator.String = rfc3339Validator{}

type rfc3339Validator struct{}

// RFC3339 checks that a string is an RFC 3339 timestamp, such as
// "2026-01-31T00:00:00Z".
func RFC3339() validator.String {
	return rfc3339Validator{}
}

func (v rfc3339Validator) Description(_ context.Context) string {
	return `value must be an RFC 3339 timestamp, such as "2026-01-31T00:00:00Z"`
}

func (v rfc3339Validator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v rfc3339Validator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := nhi.ParseTimestamp(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid RFC 3339 Timestamp",
			fmt.Sprintf("%s must be an RFC 3339 timestamp with a time zone, such as \"2026-01-31T00:00:00Z\"; got %q.",
				req.Path, req.ConfigValue.ValueString()))
	}
}
