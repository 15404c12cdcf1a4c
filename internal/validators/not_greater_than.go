package validators

import (
	"context"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var _ resource.ConfigValidator = int64NotGreaterThanValidator{}

type int64NotGreaterThanValidator struct {
	lesser, greater string
	reason          string
}

// Int64NotGreaterThan checks that the top-level int64 attribute lesser is not
// greater than the one named greater, when both are set and known. It reads
// the configuration's value, not the schema's paths: those cost more than
// the rest of an identity's validation together. reason, a sentence,
// explains why the order matters and ends the error detail.
func Int64NotGreaterThan(lesser, greater, reason string) resource.ConfigValidator {
	return int64NotGreaterThanValidator{lesser: lesser, greater: greater, reason: reason}
}

func (v int64NotGreaterThanValidator) Description(_ context.Context) string {
	return fmt.Sprintf("%s must not be greater than %s", v.lesser, v.greater)
}

func (v int64NotGreaterThanValidator) MarkdownDescription(_ context.Context) string {
	return fmt.Sprintf("`%s` must not be greater than `%s`", v.lesser, v.greater)
}

func (v int64NotGreaterThanValidator) ValidateResource(_ context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	lesser, ok := knownInt64(req.Config.Raw, v.lesser)
	if !ok {
		return
	}
	greater, ok := knownInt64(req.Config.Raw, v.greater)
	if !ok {
		return
	}
	if lesser > greater {
		resp.Diagnostics.AddAttributeError(path.Root(v.lesser), "Invalid Attribute Combination",
			fmt.Sprintf("%s (%d) must not be greater than %s (%d). %s", v.lesser, lesser, v.greater, greater, v.reason))
	}
}

// knownInt64 reads a top-level number attribute that is set, known and an
// int64; the attribute's own type reports any other number.
func knownInt64(config tftypes.Value, name string) (int64, bool) {
	v, ok := rootAttribute(config, name)
	if !ok || v.IsNull() || !v.IsKnown() {
		return 0, false
	}
	var f big.Float
	if err := v.As(&f); err != nil {
		return 0, false
	}
	i, acc := f.Int64()
	return i, acc == big.Exact
}
