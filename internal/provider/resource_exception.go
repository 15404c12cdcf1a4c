package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/nhiguard/terraform-provider-nhi/internal/clock"
	"github.com/nhiguard/terraform-provider-nhi/internal/nhi"
	"github.com/nhiguard/terraform-provider-nhi/internal/validators"
)

var (
	_ resource.Resource                = (*exceptionResource)(nil)
	_ resource.ResourceWithConfigure   = (*exceptionResource)(nil)
	_ resource.ResourceWithImportState = (*exceptionResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*exceptionResource)(nil)
)

// NewExceptionResource returns the nhi_exception resource.
func NewExceptionResource() resource.Resource {
	return &exceptionResource{clock: clock.New()}
}

type exceptionResource struct {
	clock clock.Clock
}

type exceptionModel struct {
	ID         types.String `tfsdk:"id"`
	Rules      types.Set    `tfsdk:"rules"`
	Resources  types.Set    `tfsdk:"resources"`
	Reason     types.String `tfsdk:"reason"`
	ApprovedBy types.String `tfsdk:"approved_by"`
	Ticket     types.String `tfsdk:"ticket"`
	ExpiresAt  types.String `tfsdk:"expires_at"`
	Renewals   types.Int64  `tfsdk:"renewals"`
}

func (r *exceptionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_exception"
}

func (r *exceptionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A time-boxed waiver of plan checker rules for some resources. Every exception expires: " +
			"from `expires_at` on, every plan fails until the exception is renewed (with a reason) or removed. " +
			"`renewals` counts how often `expires_at` was pushed later, as evidence of a risk that keeps being " +
			"waived instead of fixed.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "`exc-` and 16 hex digits of a SHA-256 over the sorted `rules` and `resources` " +
					"at creation; known at plan time and kept when they change later. Also the import id.",
			},
			"rules": schema.SetAttribute{
				Required:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Rule ids waived, such as `NHI-002`: `NHI-` followed by three digits.",
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(validators.RuleID()),
				},
			},
			"resources": schema.SetAttribute{
				Required:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Resource address patterns the waiver covers. `*` matches any run of characters, " +
					"including `.`, `[`, `]` and `\"`; everything else is literal, so `module.ci.aws_iam_access_key.*` " +
					"covers every access key in `module.ci`. An instance key is part of the address: for a module with " +
					"`count` or `for_each`, `module.ci[*].aws_iam_access_key.*` covers every instance's.",
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
				},
			},
			"reason": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Why the risk is accepted for now, and what will fix it.",
				Validators:          []validator.String{validators.NotBlank()},
			},
			"approved_by": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Who approved the exception: a person, role or team.",
				Validators:          []validator.String{validators.NotBlank()},
			},
			"ticket": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Ticket or URL tracking the fix, such as `SEC-1234`.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"expires_at": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "RFC 3339 timestamp when the exception ends; in the future when the exception " +
					"is created. From then on every plan fails until it is renewed or removed.",
				Validators: []validator.String{validators.RFC3339()},
			},
			"renewals": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "How many times `expires_at` was moved later. Moving it earlier does not count.",
			},
		},
	}
}

func (r *exceptionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	c, diags := clockFromProviderData(req.ProviderData, r.clock)
	resp.Diagnostics.Append(diags...)
	r.clock = c
}

// ModifyPlan keeps id and counts renewals at plan time, and fails the plan
// for an exception that is past expires_at.
func (r *exceptionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy: removing an expired exception must stay possible
	}
	var plan exceptionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var state *exceptionModel
	if !req.State.Raw.IsNull() {
		state = &exceptionModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	now := r.clock.Now()

	if state == nil {
		plan.Renewals = types.Int64Value(0)
		setExceptionID(&plan)
	} else {
		plan.ID = state.ID
		plan.Renewals = countRenewal(state, plan.ExpiresAt)
	}

	checkExceptionExpiry(&resp.Diagnostics, &plan, state == nil, now)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

// checkExceptionExpiry fails an exception that is past expires_at, with the
// creation-specific message for a new one.
func checkExceptionExpiry(diags *diag.Diagnostics, m *exceptionModel, creating bool, now time.Time) {
	expiresAt, ok := knownTime(m.ExpiresAt)
	if !ok || !nhi.Expired(expiresAt, now) {
		return
	}
	if creating {
		diags.AddAttributeError(path.Root("expires_at"), summaryExceptionAlreadyEnded,
			exceptionAlreadyEndedDetail(expiresAt, now))
		return
	}
	diags.AddAttributeError(path.Root("expires_at"), summaryExceptionExpired,
		exceptionExpiredDetail(setStrings(m.Rules), setStrings(m.Resources), expiresAt, now))
}

func (r *exceptionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan exceptionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.ID.IsUnknown() {
		setExceptionID(&plan)
	}
	plan.Renewals = types.Int64Value(0)
	// Checked at plan time when expires_at is known there; this covers a
	// value known only now.
	checkExceptionExpiry(&resp.Diagnostics, &plan, true, r.clock.Now())
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Debug(ctx, "created exception", map[string]any{"id": plan.ID.ValueString()})
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Read keeps the state as it is: the exception exists only in Terraform state.
func (r *exceptionResource) Read(_ context.Context, _ resource.ReadRequest, _ *resource.ReadResponse) {
}

func (r *exceptionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state exceptionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.ID.IsUnknown() {
		plan.ID = state.ID
	}
	if plan.Renewals.IsUnknown() {
		plan.Renewals = countRenewal(&state, plan.ExpiresAt)
	}
	checkExceptionExpiry(&resp.Diagnostics, &plan, false, r.clock.Now())
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Debug(ctx, "updated exception", map[string]any{"id": plan.ID.ValueString(), "renewals": plan.Renewals.ValueInt64()})
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Delete only forgets the exception; the framework removes it from state.
func (r *exceptionResource) Delete(_ context.Context, _ resource.DeleteRequest, _ *resource.DeleteResponse) {
}

// ImportState accepts "<id>" or "<id>,<renewals>", so the renewal count can
// survive moving state. The other attributes come from configuration.
func (r *exceptionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, renewals := req.ID, int64(0)
	if before, after, found := strings.Cut(req.ID, ","); found {
		n, err := strconv.ParseInt(after, 10, 64)
		if err != nil || n < 0 {
			before = ""
		}
		id, renewals = before, n
	}
	if id == "" {
		resp.Diagnostics.AddError("Unexpected Format of ID",
			fmt.Sprintf(`Expected "<id>" or "<id>,<renewals>" with a non-negative renewal count, such as "exc-0123456789abcdef" or "exc-0123456789abcdef,2"; got %q.`, req.ID))
		return
	}
	m := exceptionModel{
		ID:        types.StringValue(id),
		Rules:     types.SetNull(types.StringType),
		Resources: types.SetNull(types.StringType),
		Renewals:  types.Int64Value(renewals),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// setExceptionID derives a new exception's id, unknown while rules or
// resources are.
func setExceptionID(m *exceptionModel) {
	rules, okRules := knownStrings(m.Rules)
	resources, okResources := knownStrings(m.Resources)
	if !okRules || !okResources {
		m.ID = types.StringUnknown()
		return
	}
	m.ID = types.StringValue(nhi.ExceptionID(rules, resources))
}

// countRenewal returns the renewal count after moving expires_at from the
// state's value to next: one more when next is later.
func countRenewal(state *exceptionModel, next types.String) types.Int64 {
	if next.IsUnknown() {
		return types.Int64Unknown()
	}
	count := state.Renewals.ValueInt64()
	before, okBefore := knownTime(state.ExpiresAt)
	after, okAfter := knownTime(next)
	if okBefore && okAfter && after.After(before) {
		count++
	}
	return types.Int64Value(count)
}

// knownStrings returns the elements of a set of strings; ok is false when the
// set or any element is unknown.
func knownStrings(s types.Set) (values []string, ok bool) {
	if s.IsUnknown() {
		return nil, false
	}
	for _, e := range s.Elements() {
		str, isString := e.(types.String)
		if !isString || str.IsUnknown() {
			return nil, false
		}
		values = append(values, str.ValueString())
	}
	return values, true
}

// setStrings renders a set of strings for messages.
func setStrings(s types.Set) []string {
	if values, ok := knownStrings(s); ok {
		return values
	}
	return []string{"(known after apply)"}
}
