package validators

import (
	"context"
	"fmt"
	"net/mail"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

var _ validator.String = emailValidator{}

type emailValidator struct{}

// Email checks that a string is a bare email address such as
// "team@example.com": no display name, no angle brackets.
func Email() validator.String {
	return emailValidator{}
}

func (v emailValidator) Description(_ context.Context) string {
	return `value must be an email address, such as "team@example.com"`
}

func (v emailValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v emailValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	if !validEmail(value) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Email Address",
			fmt.Sprintf("%s must be a bare email address such as \"team@example.com\", without a display name; got %q.",
				req.Path, value))
	}
}

func validEmail(s string) bool {
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Name != "" || addr.Address != s {
		return false
	}
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && domain != "" && !strings.ContainsAny(s, " \t")
}
