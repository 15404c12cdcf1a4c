package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/nhiguard/terraform-provider-nhi/internal/clock"
	"github.com/nhiguard/terraform-provider-nhi/internal/nhi"
	"github.com/nhiguard/terraform-provider-nhi/internal/validators"
)

var (
	_ resource.Resource                     = (*identityResource)(nil)
	_ resource.ResourceWithConfigure        = (*identityResource)(nil)
	_ resource.ResourceWithConfigValidators = (*identityResource)(nil)
	_ resource.ResourceWithImportState      = (*identityResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*identityResource)(nil)
	_ resource.ResourceWithUpgradeState     = (*identityResource)(nil)
)

// maxPeriodDays bounds every period attribute (100 years), far beyond any
// sensible policy, so date arithmetic cannot overflow.
const maxPeriodDays = 36500

// NewIdentityResource returns the nhi_identity resource.
func NewIdentityResource() resource.Resource {
	return &identityResource{clock: clock.New()}
}

type identityResource struct {
	clock clock.Clock
}

type identityModel struct {
	ID              types.String `tfsdk:"id"`
	Name            types.String `tfsdk:"name"`
	Kind            types.String `tfsdk:"kind"`
	Owner           types.String `tfsdk:"owner"`
	Purpose         types.String `tfsdk:"purpose"`
	Environment     types.String `tfsdk:"environment"`
	Credentials     types.Set    `tfsdk:"credentials"`
	RotationDays    types.Int64  `tfsdk:"rotation_days"`
	MaxLifetimeDays types.Int64  `tfsdk:"max_lifetime_days"`
	ExpiresAt       types.String `tfsdk:"expires_at"`
	ReviewEveryDays types.Int64  `tfsdk:"review_every_days"`
	LastReviewedAt  types.String `tfsdk:"last_reviewed_at"`
	Enforcement     types.String `tfsdk:"enforcement"`
	RotatedAt       types.String `tfsdk:"rotated_at"`
	RotationDueAt   types.String `tfsdk:"rotation_due_at"`
	ReviewDueAt     types.String `tfsdk:"review_due_at"`
	Tags            types.Map    `tfsdk:"tags"`
	Labels          types.Map    `tfsdk:"labels"`
	RotationTrigger types.String `tfsdk:"rotation_trigger"`
}

func (r *identityResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_identity"
}

func (r *identityResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = identitySchemaV1()
}

func periodValidators() []validator.Int64 {
	return []validator.Int64{int64validator.Between(1, maxPeriodDays)}
}

func identitySchemaV1() schema.Schema {
	return schema.Schema{
		Version: 1,
		MarkdownDescription: "One machine identity (a service account, access key, API key, token, certificate, ...): " +
			"who owns it, why it exists, how often its credentials rotate and when it must be reviewed. " +
			"Credentials point at the identity, never the other way round: merge `tags` or `labels` into the " +
			"credential's own tags, and put `rotation_trigger` in its `lifecycle { replace_triggered_by = [...] }`, " +
			"`keepers` or `rotate_when_changed`, so the plan itself rotates the credential when rotation is due.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Equal to `name`. Known at plan time.",
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name of the identity, such as `ci-deploy`. Unique among identities; renaming changes `id` in place and does not rotate.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"kind": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Kind of identity, one of `" + strings.Join(nhi.Kinds(), "`, `") + "`.",
				Validators:          []validator.String{stringvalidator.OneOf(nhi.Kinds()...)},
			},
			"owner": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Accountable owner: an `nhi_owner` id (such as `nhi_owner.payments.id`) or an owner name. A placeholder such as `TBD` or `none` gives a warning: it names no one, and `nhiguard check` treats what the identity covers as unowned.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1), validators.NamedOwner()},
			},
			"purpose": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Why the identity exists and what it may do, in a sentence.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"environment": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Environment the identity belongs to, such as `prod`.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"credentials": schema.SetAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Addresses of credential resources this identity covers, such as " +
					"`aws_iam_access_key.deploy`, for a credential that cannot reference the identity itself. " +
					"Plain strings, not references: a credential that uses `rotation_trigger` must not also be " +
					"referenced here, or Terraform reports a dependency cycle.",
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
				},
			},
			"rotation_days": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Rotation period in days (1 to %d). Rotation is due `rotation_days` "+
					"after `rotated_at`; from then on the plan changes `rotation_trigger`. Must not exceed "+
					"`max_lifetime_days`.", maxPeriodDays),
				Validators: periodValidators(),
			},
			"max_lifetime_days": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Longest a credential of this identity may live, in days (1 to %d). "+
					"Without `rotation_days` it is also the rotation period.", maxPeriodDays),
				Validators: periodValidators(),
			},
			"expires_at": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "RFC 3339 timestamp after which the identity must no longer exist, such as the end " +
					"of a contract or a partner integration. From then on every plan fails (or warns, with " +
					"`enforcement = \"warn\"`) until it is renewed or removed.",
				Validators: []validator.String{validators.RFC3339()},
			},
			"review_every_days": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Review cadence in days (1 to %d); requires `last_reviewed_at`. "+
					"A review that is due is a plan warning.", maxPeriodDays),
				Validators: append(periodValidators(), validators.AlsoRequires("last_reviewed_at")),
			},
			"last_reviewed_at": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "RFC 3339 timestamp of the last review of owner, purpose and scope. Update it when you review.",
				Validators:          []validator.String{validators.RFC3339()},
			},
			"enforcement": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(nhi.EnforcementBlock),
				MarkdownDescription: "What an identity past `expires_at` does to the plan: `block` (default) fails it " +
					"with an error, `warn` reports a warning.",
				Validators: []validator.String{stringvalidator.OneOf(nhi.Enforcements()...)},
			},
			"rotated_at": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "RFC 3339 timestamp of the last rotation: when the identity was created (known after " +
					"apply), or when the refresh of the plan that rotated it ran. Import can set it.",
			},
			"rotation_due_at": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "RFC 3339 timestamp when rotation is due: `rotated_at` plus `rotation_days` " +
					"(or `max_lifetime_days`). Null when neither is set.",
			},
			"review_due_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "RFC 3339 timestamp when the next review is due: `last_reviewed_at` plus `review_every_days`. Null without a cadence.",
			},
			"tags": schema.MapAttribute{
				Computed:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Owner metadata to merge into the credential's tags, known at plan time: `" +
					nhi.TagIdentity + "` (name), `" + nhi.TagOwner + "` (owner), `" + nhi.TagKind + "` (kind), `" +
					nhi.TagEnvironment + "` (environment, when set) and `" + nhi.TagRotationDays +
					"` (rotation_days, when set).",
			},
			"labels": schema.MapAttribute{
				Computed:    true,
				ElementType: types.StringType,
				MarkdownDescription: "`tags` made valid as Google Cloud labels: values lower-cased, each run of " +
					"characters other than `a-z`, `0-9`, `_` and `-` replaced by `_`, `_` trimmed from both ends, at " +
					"most 63 characters.",
			},
			"rotation_trigger": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "Opaque value that stays the same until rotation is due and changes in the plan " +
					"that rotates; known after apply when the identity is created. Use it in " +
					"`lifecycle { replace_triggered_by = [nhi_identity.<name>.rotation_trigger] }`, " +
					"`keepers` or `rotate_when_changed` of the credential.",
			},
		},
	}
}

func (r *identityResource) ConfigValidators(_ context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		validators.Int64NotGreaterThan("rotation_days", "max_lifetime_days",
			"A credential must be rotated before it reaches its maximum lifetime."),
	}
}

func (r *identityResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	c, diags := clockFromProviderData(req.ProviderData, r.clock)
	resp.Diagnostics.Append(diags...)
	r.clock = c
}

// ModifyPlan computes the derived values at plan time so that references to
// them (id, tags, labels, and an existing identity's rotation_trigger) are
// known in the plan, rotates when the refresh found rotation due (Read),
// and reports expiry, rotation and review.
func (r *identityResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy: nothing to check
	}
	var plan identityModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var state *identityModel
	var rotateAt *time.Time
	if !req.State.Raw.IsNull() {
		state = &identityModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		rotateAt = privateRotation(ctx, req.Private, &resp.Diagnostics)
	}
	planned, diags := r.planIdentity(ctx, plan, state, rotateAt)
	resp.Diagnostics.Append(diags...)
	if planned != nil {
		resp.Diagnostics.Append(resp.Plan.Set(ctx, planned)...)
	}
}

// planIdentity is ModifyPlan on models, shared with the fast path
// (fastpath.go): plan is the framework's plan before modification, state
// the prior state or nil on create, and rotateAt the rotation the refresh
// planned (nil for none). It returns nil when no plan could be derived.
//
// Terraform plans every change twice, at plan time and again during apply,
// and the second plan must keep every value the first one knew. So no
// planned value may depend on the time of planning: a new identity's
// rotation record is known only after apply (Create sets it), and a
// rotation takes the time the refresh decided it, which the plan's prior
// state carries into apply.
func (r *identityResource) planIdentity(ctx context.Context, plan identityModel, state *identityModel, rotateAt *time.Time) (*identityModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	now := r.clock.Now()

	if state != nil && !state.RotatedAt.IsNull() {
		plan.RotatedAt = state.RotatedAt
		plan.RotationTrigger = state.RotationTrigger
		if plan.RotationTrigger.IsNull() {
			plan.RotationTrigger = state.RotatedAt
		}
	} else {
		plan.RotatedAt, plan.RotationTrigger = types.StringUnknown(), types.StringUnknown()
	}
	diags.Append(deriveIdentity(ctx, &plan)...)
	if diags.HasError() {
		return nil, diags
	}

	// Only an existing identity rotates, when the refresh found it due
	// under the settings in its state; a new one starts a fresh period.
	if state != nil {
		due, dueKnown := knownTime(plan.RotationDueAt)
		switch {
		case rotateAt != nil:
			stateDue, _ := knownTime(state.RotationDueAt)
			tflog.Info(ctx, "rotation due", map[string]any{"identity": plan.Name.ValueString(), "due": state.RotationDueAt.ValueString()})
			diags.AddAttributeWarning(path.Root("rotation_trigger"), summaryRotationDue,
				rotationDueDetail(plan.Name.ValueString(), quoted(plan.Owner), stateDue, *rotateAt))
			startRotation(&plan, *rotateAt)
			diags.Append(deriveIdentity(ctx, &plan)...)
			if diags.HasError() {
				return nil, diags
			}
		case dueKnown && nhi.IsDue(due, now):
			// Due by this plan's settings, but the refresh did not plan
			// it: refresh was skipped, or this plan shortens the period.
			diags.AddAttributeWarning(path.Root("rotation_trigger"), summaryRotationDue,
				rotationDeferredDetail(plan.Name.ValueString(), quoted(plan.Owner), due, now))
		}
	}

	if due, ok := knownTime(plan.ReviewDueAt); ok && nhi.IsDue(due, now) {
		diags.AddAttributeWarning(path.Root("last_reviewed_at"), summaryReviewDue,
			reviewDueDetail(plan.Name.ValueString(), quoted(plan.Owner), due, now))
	}

	if expiresAt, ok := knownTime(plan.ExpiresAt); ok && nhi.Expired(expiresAt, now) {
		detail := identityExpiredDetail(plan.Name.ValueString(), quoted(plan.Owner), expiresAt, now)
		if plan.Enforcement.ValueString() == nhi.EnforcementWarn {
			diags.AddAttributeWarning(path.Root("expires_at"), summaryIdentityExpired, detail)
		} else {
			diags.AddAttributeError(path.Root("expires_at"), summaryIdentityExpired, detail)
		}
	}
	return &plan, diags
}

// plannedRotation is the refresh's decision for an identity in state at
// now: the time of its rotation when one is due, else nil.
func plannedRotation(state identityModel, now time.Time) *time.Time {
	if due, ok := knownTime(state.RotationDueAt); ok && nhi.IsDue(due, now) {
		return &now
	}
	return nil
}

func (r *identityResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan identityModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.resolveUnknown(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Debug(ctx, "created identity", map[string]any{"id": plan.ID.ValueString(), "rotated_at": plan.RotatedAt.ValueString()})
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Read keeps the state as it is: the identity exists only in Terraform
// state, so a refresh never reports drift. It decides whether rotation is
// due and records the decision in private state, which the plan reads and
// which the plan's prior state carries into apply, so that plan and apply
// agree on the rotation whenever apply runs.
func (r *identityResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state identityModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var value []byte
	if at := plannedRotation(state, r.clock.Now()); at != nil {
		value, _ = json.Marshal(nhi.FormatTimestamp(*at))
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateRotationKey, value)...)
}

// privateRotationKey holds the rotation a refresh planned: an RFC 3339
// timestamp as a JSON string.
const privateRotationKey = "rotation"

// privateState is the private state a plan reads (the framework's type is
// internal to it; a nil one reads as empty).
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// privateRotation reads the rotation a refresh planned, nil for none.
func privateRotation(ctx context.Context, p privateState, diags *diag.Diagnostics) *time.Time {
	raw, d := p.GetKey(ctx, privateRotationKey)
	diags.Append(d...)
	var text string
	if len(raw) == 0 || json.Unmarshal(raw, &text) != nil {
		return nil
	}
	t, err := nhi.ParseTimestamp(text)
	if err != nil {
		return nil
	}
	return &t
}

func (r *identityResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan identityModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.resolveUnknown(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Debug(ctx, "updated identity", map[string]any{"id": plan.ID.ValueString(), "rotated_at": plan.RotatedAt.ValueString()})
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	// The planned rotation is done; the next refresh decides the next one.
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateRotationKey, nil)...)
}

// Delete only forgets the identity; the framework removes it from state.
func (r *identityResource) Delete(_ context.Context, _ resource.DeleteRequest, _ *resource.DeleteResponse) {
}

// resolveUnknown fills what the plan could not know: values derived from
// inputs that were unknown at plan time. Planned known values are kept as
// they are, since Terraform requires apply to match them.
func (r *identityResource) resolveUnknown(ctx context.Context, m *identityModel, diags *diag.Diagnostics) {
	if m.RotatedAt.IsUnknown() || m.RotatedAt.IsNull() {
		startRotation(m, r.clock.Now())
	}
	diags.Append(deriveIdentity(ctx, m)...)
}

// ImportState accepts "<name>" or "<name>,<rotated_at>". Without a timestamp
// the rotation period starts at import; with one, rotation may be due on the
// next plan. The other attributes come from configuration on the next apply.
func (r *identityResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	name, rotatedAt := req.ID, r.clock.Now()
	if i := strings.LastIndex(req.ID, ","); i >= 0 {
		t, err := nhi.ParseTimestamp(req.ID[i+1:])
		if err != nil {
			name = ""
		} else {
			name, rotatedAt = req.ID[:i], t
		}
	}
	if name == "" {
		resp.Diagnostics.AddError("Unexpected Format of ID",
			fmt.Sprintf(`Expected "<name>" or "<name>,<rotated_at>" with an RFC 3339 rotated_at, such as "ci-deploy" or "ci-deploy,2025-01-31T00:00:00Z"; got %q.`, req.ID))
		return
	}
	m := identityModel{
		ID:              types.StringValue(name),
		Name:            types.StringValue(name),
		Credentials:     types.SetNull(types.StringType),
		RotatedAt:       types.StringValue(nhi.FormatTimestamp(rotatedAt)),
		RotationTrigger: types.StringValue(nhi.FormatTimestamp(rotatedAt)),
		Tags:            types.MapNull(types.StringType),
		Labels:          types.MapNull(types.StringType),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// startRotation records a rotation at now. rotation_trigger is the rotation
// time: it changes exactly when a rotation happens.
func startRotation(m *identityModel, now time.Time) {
	ts := types.StringValue(nhi.FormatTimestamp(now))
	m.RotatedAt = ts
	m.RotationTrigger = ts
}

// deriveIdentity sets id, tags, labels, rotation_due_at and review_due_at from
// the inputs, unknown where an input they depend on is unknown.
func deriveIdentity(ctx context.Context, m *identityModel) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = m.Name

	m.Tags, m.Labels = types.MapUnknown(types.StringType), types.MapUnknown(types.StringType)
	if in, ok := tagInput(m); ok {
		var d diag.Diagnostics
		m.Tags, d = stringMap(nhi.Tags(in))
		diags.Append(d...)
		m.Labels, d = stringMap(nhi.Labels(in))
		diags.Append(d...)
	}

	period := m.RotationDays
	if period.IsNull() {
		period = m.MaxLifetimeDays
	}
	m.RotationDueAt = dueAt(m.RotatedAt, period)
	m.ReviewDueAt = dueAt(m.LastReviewedAt, m.ReviewEveryDays)
	return diags
}

// stringMap is types.MapValueFrom for a map of strings, without its
// reflection (a tenth of planning an identity).
func stringMap(m map[string]string) (types.Map, diag.Diagnostics) {
	elems := make(map[string]attr.Value, len(m))
	for k, v := range m {
		elems[k] = types.StringValue(v)
	}
	return types.MapValue(types.StringType, elems)
}

// dueAt returns from plus days, null when either is null and unknown when
// either is unknown.
func dueAt(from types.String, days types.Int64) types.String {
	if from.IsUnknown() || days.IsUnknown() {
		return types.StringUnknown()
	}
	if from.IsNull() || days.IsNull() {
		return types.StringNull()
	}
	t, err := nhi.ParseTimestamp(from.ValueString())
	if err != nil {
		// Validators reject a malformed timestamp before any plan.
		return types.StringNull()
	}
	return types.StringValue(nhi.FormatTimestamp(nhi.DueAt(t, int(days.ValueInt64()))))
}

// tagInput collects the tag values; ok is false while any of them is unknown.
func tagInput(m *identityModel) (nhi.TagInput, bool) {
	for _, v := range []attr.Value{m.Name, m.Owner, m.Kind, m.Environment, m.RotationDays} {
		if v.IsUnknown() {
			return nhi.TagInput{}, false
		}
	}
	return nhi.TagInput{
		Identity:     m.Name.ValueString(),
		Owner:        m.Owner.ValueString(),
		Kind:         m.Kind.ValueString(),
		Environment:  m.Environment.ValueString(),
		RotationDays: m.RotationDays.ValueInt64(),
	}, true
}

// knownTime parses a known, non-null timestamp attribute.
func knownTime(s types.String) (time.Time, bool) {
	if s.IsNull() || s.IsUnknown() {
		return time.Time{}, false
	}
	t, err := nhi.ParseTimestamp(s.ValueString())
	return t, err == nil
}
