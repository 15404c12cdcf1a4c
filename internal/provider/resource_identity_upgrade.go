package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhiguard/terraform-provider-nhi/internal/nhi"
)

// Schema version 0 of nhi_identity was the pre-release schema. Version 1:
//   - renamed rotation_period_days to rotation_days and last_rotated_at to
//     rotated_at, so every timestamp ends in _at and periods share the
//     rotation_ prefix;
//   - added labels;
//   - made enforcement default to "block" (version 0 stored null for it).
//
// Each earlier version is upgraded straight to the current one, because the
// framework does not chain upgraders.

func (r *identityResource) UpgradeState(_ context.Context) map[int64]resource.StateUpgrader {
	schemaV0 := identitySchemaV0()
	return map[int64]resource.StateUpgrader{
		0: {
			PriorSchema:   &schemaV0,
			StateUpgrader: upgradeIdentityStateV0toV1,
		},
	}
}

// identitySchemaV0 is the version 0 schema, kept only to read old state.
func identitySchemaV0() schema.Schema {
	str := func() schema.StringAttribute { return schema.StringAttribute{Optional: true} }
	computedStr := func() schema.StringAttribute { return schema.StringAttribute{Computed: true} }
	num := func() schema.Int64Attribute { return schema.Int64Attribute{Optional: true} }
	return schema.Schema{
		Version: 0,
		Attributes: map[string]schema.Attribute{
			"id":                   computedStr(),
			"name":                 schema.StringAttribute{Required: true},
			"kind":                 schema.StringAttribute{Required: true},
			"owner":                schema.StringAttribute{Required: true},
			"purpose":              schema.StringAttribute{Required: true},
			"environment":          str(),
			"credentials":          schema.SetAttribute{Optional: true, ElementType: types.StringType},
			"rotation_period_days": num(),
			"max_lifetime_days":    num(),
			"expires_at":           str(),
			"review_every_days":    num(),
			"last_reviewed_at":     str(),
			"enforcement":          str(),
			"last_rotated_at":      computedStr(),
			"rotation_due_at":      computedStr(),
			"review_due_at":        computedStr(),
			"tags":                 schema.MapAttribute{Computed: true, ElementType: types.StringType},
			"rotation_trigger":     computedStr(),
		},
	}
}

type identityModelV0 struct {
	ID                 types.String `tfsdk:"id"`
	Name               types.String `tfsdk:"name"`
	Kind               types.String `tfsdk:"kind"`
	Owner              types.String `tfsdk:"owner"`
	Purpose            types.String `tfsdk:"purpose"`
	Environment        types.String `tfsdk:"environment"`
	Credentials        types.Set    `tfsdk:"credentials"`
	RotationPeriodDays types.Int64  `tfsdk:"rotation_period_days"`
	MaxLifetimeDays    types.Int64  `tfsdk:"max_lifetime_days"`
	ExpiresAt          types.String `tfsdk:"expires_at"`
	ReviewEveryDays    types.Int64  `tfsdk:"review_every_days"`
	LastReviewedAt     types.String `tfsdk:"last_reviewed_at"`
	Enforcement        types.String `tfsdk:"enforcement"`
	LastRotatedAt      types.String `tfsdk:"last_rotated_at"`
	RotationDueAt      types.String `tfsdk:"rotation_due_at"`
	ReviewDueAt        types.String `tfsdk:"review_due_at"`
	Tags               types.Map    `tfsdk:"tags"`
	RotationTrigger    types.String `tfsdk:"rotation_trigger"`
}

// upgradeIdentityStateV0toV1 renames the version 0 attributes and derives the
// new ones exactly as a plan would, so the first plan after the upgrade is
// empty and, above all, rotation_trigger keeps its value: a changed trigger
// would replace every credential that uses it.
func upgradeIdentityStateV0toV1(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	var old identityModelV0
	resp.Diagnostics.Append(req.State.Get(ctx, &old)...)
	if resp.Diagnostics.HasError() {
		return
	}

	enforcement := old.Enforcement
	if enforcement.IsNull() {
		enforcement = types.StringValue(nhi.EnforcementBlock)
	}
	trigger := old.RotationTrigger
	if trigger.IsNull() {
		trigger = old.LastRotatedAt
	}

	m := identityModel{
		Name:            old.Name,
		Kind:            old.Kind,
		Owner:           old.Owner,
		Purpose:         old.Purpose,
		Environment:     old.Environment,
		Credentials:     old.Credentials,
		RotationDays:    old.RotationPeriodDays,
		MaxLifetimeDays: old.MaxLifetimeDays,
		ExpiresAt:       old.ExpiresAt,
		ReviewEveryDays: old.ReviewEveryDays,
		LastReviewedAt:  old.LastReviewedAt,
		Enforcement:     enforcement,
		RotatedAt:       old.LastRotatedAt,
		RotationTrigger: trigger,
	}
	resp.Diagnostics.Append(deriveIdentity(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
