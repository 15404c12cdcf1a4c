package validators_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/nhiguard/terraform-provider-nhi/internal/validators"
)

// TestAlsoRequires compares AlsoRequires with int64validator.AlsoRequires,
// whose message and behaviour it keeps.
func TestAlsoRequires(t *testing.T) {
	t.Parallel()
	s := schema.Schema{Attributes: map[string]schema.Attribute{
		"review_every_days": schema.Int64Attribute{Optional: true},
		"last_reviewed_at":  schema.StringAttribute{Optional: true},
	}}
	objectType := s.Type().TerraformType(context.Background())
	number := func(v any) tftypes.Value { return tftypes.NewValue(tftypes.Number, v) }
	str := func(v any) tftypes.Value { return tftypes.NewValue(tftypes.String, v) }
	tests := map[string]struct {
		every, last tftypes.Value
		wantError   bool
	}{
		"both set":          {number(90), str("2026-01-01T00:00:00Z"), false},
		"required missing":  {number(90), str(nil), true},
		"neither":           {number(nil), str(nil), false},
		"only the required": {number(nil), str("2026-01-01T00:00:00Z"), false},
		"required unknown":  {number(90), str(tftypes.UnknownValue), false},
		"value unknown":     {number(tftypes.UnknownValue), str(nil), false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			config := tfsdk.Config{Schema: s, Raw: tftypes.NewValue(objectType, map[string]tftypes.Value{
				"review_every_days": tc.every, "last_reviewed_at": tc.last,
			})}
			var value types.Int64
			if diags := config.GetAttribute(ctx, path.Root("review_every_days"), &value); diags.HasError() {
				t.Fatal(diags)
			}
			req := validator.Int64Request{Path: path.Root("review_every_days"), PathExpression: path.MatchRoot("review_every_days"),
				Config: config, ConfigValue: value}
			got, want := &validator.Int64Response{}, &validator.Int64Response{}
			validators.AlsoRequires("last_reviewed_at").ValidateInt64(ctx, req, got)
			int64validator.AlsoRequires(path.MatchRoot("last_reviewed_at")).ValidateInt64(ctx, req, want)
			if got.Diagnostics.HasError() != tc.wantError {
				t.Fatalf("HasError() = %t, want %t: %v", got.Diagnostics.HasError(), tc.wantError, got.Diagnostics)
			}
			if !got.Diagnostics.Equal(want.Diagnostics) {
				t.Errorf("diagnostics = %v, int64validator.AlsoRequires gives %v", got.Diagnostics, want.Diagnostics)
			}
		})
	}
}
