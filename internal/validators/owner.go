package validators

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/nhiguard/terraform-provider-nhi/internal/nhi"
)

var _ validator.String = namedOwnerValidator{}

type namedOwnerValidator struct{}

// NamedOwner warns of an owner that names no one ("TBD", "none", "n/a"):
// it is valid Terraform, but nhiguard treats what it covers as unowned.
func NamedOwner() validator.String {
	return namedOwnerValidator{}
}

func (v namedOwnerValidator) Description(_ context.Context) string {
	return `value should name an accountable team or person, not a placeholder such as "TBD"`
}

func (v namedOwnerValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v namedOwnerValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if value := req.ConfigValue.ValueString(); nhi.IsPlaceholderOwner(value) {
		resp.Diagnostics.AddAttributeWarning(req.Path, "Placeholder Owner",
			fmt.Sprintf("%s is %q, a placeholder that names no one: nhiguard check reports what it covers as unowned (NHI-001). Name the accountable team or person.",
				req.Path, value))
	}
}

// NotBlank refuses an empty string or one of spaces only: a reason or an
// approver of that kind is no reason or approver, and nhiguard does not
// let it waive anything.
func NotBlank() validator.String {
	return stringvalidator.RegexMatches(notBlank, "must not be empty or only spaces")
}

var notBlank = regexp.MustCompile(`\S`)
