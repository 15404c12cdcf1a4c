package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/nhiguard/terraform-provider-nhi/internal/validators"
)

var (
	_ resource.Resource                = (*ownerResource)(nil)
	_ resource.ResourceWithImportState = (*ownerResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*ownerResource)(nil)
)

// NewOwnerResource returns the nhi_owner resource.
func NewOwnerResource() resource.Resource {
	return &ownerResource{}
}

type ownerResource struct{}

type ownerModel struct {
	ID          types.String `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	Email       types.String `tfsdk:"email"`
	Escalation  types.String `tfsdk:"escalation"`
	Description types.String `tfsdk:"description"`
}

func (r *ownerResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_owner"
}

func (r *ownerResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An accountable owner, usually a team, for machine identities. " +
			"Reference it from `nhi_identity.owner` as `nhi_owner.<name>.id`; the id equals `name` " +
			"and is known at plan time, so the plan checker sees the owner before apply.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Equal to `name`. Known at plan time; also the import id.",
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name of the owning team, such as `team-payments`. Renaming changes `id` in place. A placeholder such as `TBD` or `none` gives a warning: it names no one, and `nhiguard check` treats what it owns as unowned.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1), validators.NamedOwner()},
			},
			"email": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Contact email address of the owner, such as `payments-oncall@example.com`, without a display name.",
				Validators:          []validator.String{validators.Email()},
			},
			"escalation": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Where to escalate when the owner does not respond: a chat handle, an on-call rotation or a URL.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"description": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Free-form description of the owner.",
			},
		},
	}
}

// ModifyPlan sets id from name, so references to it are known at plan time.
func (r *ownerResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var name types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("name"), &name)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), name)...)
}

func (r *ownerResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan ownerModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = plan.Name
	tflog.Debug(ctx, "created owner", map[string]any{"id": plan.ID.ValueString()})
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Read keeps the state as it is: the owner exists only in Terraform state.
func (r *ownerResource) Read(_ context.Context, _ resource.ReadRequest, _ *resource.ReadResponse) {}

func (r *ownerResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan ownerModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = plan.Name
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Delete only forgets the owner; the framework removes it from state.
func (r *ownerResource) Delete(_ context.Context, _ resource.DeleteRequest, _ *resource.DeleteResponse) {
}

// ImportState takes the owner's name. Email, escalation and description come
// from configuration on the next apply.
func (r *ownerResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID == "" {
		resp.Diagnostics.AddError("Unexpected Format of ID",
			`Expected the owner's name, such as "team-payments"; got an empty id.`)
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), req.ID)...)
}
