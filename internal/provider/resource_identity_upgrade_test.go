package provider

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/nhiguard/terraform-provider-nhi/internal/nhi"
)

func TestUpgradeIdentityStateV0toV1(t *testing.T) {
	t.Parallel()

	ctx := context.Background()
	str := func(v any) tftypes.Value { return tftypes.NewValue(tftypes.String, v) }
	num := func(v any) tftypes.Value { return tftypes.NewValue(tftypes.Number, v) }
	strMap := tftypes.Map{ElementType: tftypes.String}
	strSet := tftypes.Set{ElementType: tftypes.String}

	v0 := func(enforcement, trigger tftypes.Value) tftypes.Value {
		schemaV0 := identitySchemaV0()
		return tftypes.NewValue(schemaV0.Type().TerraformType(ctx), map[string]tftypes.Value{
			"id":                   str("payments-deploy"),
			"name":                 str("payments-deploy"),
			"kind":                 str("access_key"),
			"owner":                str("Team Payments"),
			"purpose":              str("Deploys payments from CI."),
			"environment":          str("prod"),
			"credentials":          tftypes.NewValue(strSet, []tftypes.Value{str("aws_iam_access_key.legacy")}),
			"rotation_period_days": num(90),
			"max_lifetime_days":    num(nil),
			"expires_at":           str(nil),
			"review_every_days":    num(nil),
			"last_reviewed_at":     str(nil),
			"enforcement":          enforcement,
			"last_rotated_at":      str("2025-01-01T00:00:00Z"),
			"rotation_due_at":      str("2025-04-01T00:00:00Z"),
			"review_due_at":        str(nil),
			"tags": tftypes.NewValue(strMap, map[string]tftypes.Value{
				"nhi_identity": str("payments-deploy"),
				"nhi_owner":    str("Team Payments"),
			}),
			"rotation_trigger": trigger,
		})
	}

	tests := map[string]struct {
		state           tftypes.Value
		wantEnforcement string
	}{
		"all set":                          {v0(str("warn"), str("2025-01-01T00:00:00Z")), "warn"},
		"legacy null enforcement, trigger": {v0(str(nil), str(nil)), "block"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			schemaV0, schemaV1 := identitySchemaV0(), identitySchemaV1()
			req := resource.UpgradeStateRequest{State: &tfsdk.State{Raw: tc.state, Schema: schemaV0}}
			resp := &resource.UpgradeStateResponse{State: tfsdk.State{Schema: schemaV1}}
			upgradeIdentityStateV0toV1(ctx, req, resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}

			var got identityModel
			if diags := resp.State.Get(ctx, &got); diags.HasError() {
				t.Fatal(diags)
			}
			checks := map[string][2]string{
				"id":                     {got.ID.ValueString(), "payments-deploy"},
				"rotation_days":          {got.RotationDays.String(), "90"},
				"rotated_at":             {got.RotatedAt.ValueString(), "2025-01-01T00:00:00Z"},
				"rotation_due_at":        {got.RotationDueAt.ValueString(), "2025-04-01T00:00:00Z"},
				"rotation_trigger":       {got.RotationTrigger.ValueString(), "2025-01-01T00:00:00Z"},
				"enforcement":            {got.Enforcement.ValueString(), tc.wantEnforcement},
				"tags.nhi_owner":         {got.Tags.Elements()[nhi.TagOwner].String(), `"Team Payments"`},
				"labels.nhi_owner":       {got.Labels.Elements()[nhi.TagOwner].String(), `"team_payments"`},
				"tags.nhi_rotation_days": {got.Tags.Elements()[nhi.TagRotationDays].String(), `"90"`},
				"credentials":            {got.Credentials.String(), `["aws_iam_access_key.legacy"]`},
			}
			for attr, c := range checks {
				if c[0] != c[1] {
					t.Errorf("%s = %s, want %s", attr, c[0], c[1])
				}
			}

			// A plan of the unchanged configuration against the upgraded state
			// changes nothing, above all not rotation_trigger.
			planned, diags := planIdentity(t, time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), &got, got)
			if diags.HasError() {
				t.Fatal(diags)
			}
			s := identitySchemaV1()
			if !stateOf(t, s, planned).Raw.Equal(stateOf(t, s, got).Raw) {
				t.Errorf("first plan after upgrade changes the state:\n got %+v\nwant %+v", planned, got)
			}
		})
	}
}
