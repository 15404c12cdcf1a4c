package validators_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/nhiguard/terraform-provider-nhi/internal/validators"
)

func TestInt64NotGreaterThan(t *testing.T) {
	t.Parallel()

	s := schema.Schema{Attributes: map[string]schema.Attribute{
		"rotation_days":     schema.Int64Attribute{Optional: true},
		"max_lifetime_days": schema.Int64Attribute{Optional: true},
	}}
	objectType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"rotation_days":     tftypes.Number,
		"max_lifetime_days": tftypes.Number,
	}}
	number := func(v any) tftypes.Value { return tftypes.NewValue(tftypes.Number, v) }

	tests := map[string]struct {
		rotation, lifetime tftypes.Value
		wantError          bool
	}{
		"less":             {number(30), number(90), false},
		"equal":            {number(90), number(90), false},
		"greater":          {number(400), number(365), true},
		"lifetime unset":   {number(400), number(nil), false},
		"rotation unset":   {number(nil), number(1), false},
		"lifetime unknown": {number(400), number(tftypes.UnknownValue), false},
		"rotation unknown": {number(tftypes.UnknownValue), number(1), false},
		// Not an int64: the attribute's own type reports it.
		"not an integer": {number(400.5), number(365), false},
		"both large":     {number(1e300), number(365), false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			config := tfsdk.Config{Schema: s, Raw: tftypes.NewValue(objectType, map[string]tftypes.Value{
				"rotation_days":     tc.rotation,
				"max_lifetime_days": tc.lifetime,
			})}
			v := validators.Int64NotGreaterThan("rotation_days", "max_lifetime_days",
				"Rotate before the maximum lifetime.")
			resp := &resource.ValidateConfigResponse{}
			v.ValidateResource(context.Background(), resource.ValidateConfigRequest{Config: config}, resp)

			if resp.Diagnostics.HasError() != tc.wantError {
				t.Fatalf("HasError() = %t, want %t: %v", resp.Diagnostics.HasError(), tc.wantError, resp.Diagnostics)
			}
			if tc.wantError {
				d := resp.Diagnostics.Errors()[0]
				want := "rotation_days (400) must not be greater than max_lifetime_days (365). Rotate before the maximum lifetime."
				if d.Summary() != "Invalid Attribute Combination" || !strings.Contains(d.Detail(), want) {
					t.Errorf("diagnostic = %q / %q, want detail %q", d.Summary(), d.Detail(), want)
				}
			}
		})
	}
}
