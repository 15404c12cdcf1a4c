package validators

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/helpers/validatordiag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var _ validator.Int64 = alsoRequiresValidator{}

type alsoRequiresValidator struct{ other string }

// AlsoRequires checks that the top-level attribute other is set whenever
// the validated attribute is: int64validator.AlsoRequires with one root
// attribute, and its message. That one matches path expressions against
// the whole configuration through the schema on every call, which was a
// third of the provider's time in planning an identity; this one reads
// the attribute from the configuration's value.
func AlsoRequires(other string) validator.Int64 {
	return alsoRequiresValidator{other: other}
}

func (v alsoRequiresValidator) Description(_ context.Context) string {
	return fmt.Sprintf("Ensure that if an attribute is set, also these are set: [%s]", v.other)
}

func (v alsoRequiresValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v alsoRequiresValidator) ValidateInt64(_ context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	other, ok := rootAttribute(req.Config.Raw, v.other)
	if !ok || !other.IsKnown() {
		return // no such attribute, or known only at apply: decided then
	}
	if other.IsNull() {
		resp.Diagnostics.Append(validatordiag.InvalidAttributeCombinationDiagnostic(req.Path,
			fmt.Sprintf("Attribute %q must be specified when %q is specified", v.other, req.Path)))
	}
}

// rootAttribute reads a top-level attribute of a configuration object.
func rootAttribute(config tftypes.Value, name string) (tftypes.Value, bool) {
	if config.IsNull() || !config.IsKnown() {
		return tftypes.Value{}, false
	}
	var attrs map[string]tftypes.Value
	if err := config.As(&attrs); err != nil {
		return tftypes.Value{}, false
	}
	v, ok := attrs[name]
	return v, ok
}
