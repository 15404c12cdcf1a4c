package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/nhiguard/terraform-provider-nhi/internal/clock"
	"github.com/nhiguard/terraform-provider-nhi/internal/nhi"
)

// createdIdentity returns the state of an identity created at createdAt,
// after edit changed its inputs.
func createdIdentity(t *testing.T, createdAt time.Time, edit func(*identityModel)) identityModel {
	t.Helper()
	m := identityModel{
		Name:        types.StringValue("payments-deploy"),
		Kind:        types.StringValue(nhi.KindAccessKey),
		Owner:       types.StringValue("team-payments"),
		Purpose:     types.StringValue("Deploys payments from CI."),
		Credentials: types.SetNull(types.StringType),
		Enforcement: types.StringValue(nhi.EnforcementBlock),
	}
	if edit != nil {
		edit(&m)
	}
	startRotation(&m, createdAt)
	if diags := deriveIdentity(context.Background(), &m); diags.HasError() {
		t.Fatal(diags)
	}
	return m
}

func stateOf(t *testing.T, s schema.Schema, m any) tfsdk.State {
	t.Helper()
	st := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(context.Background()), nil)}
	if diags := st.Set(context.Background(), m); diags.HasError() {
		t.Fatal(diags)
	}
	return st
}

// planIdentity runs ModifyPlan at now for an unchanged configuration (or a
// create, when prior is nil) and returns the planned model and diagnostics.
func planIdentity(t *testing.T, now time.Time, prior *identityModel, proposed identityModel) (identityModel, diag.Diagnostics) {
	t.Helper()
	ctx := context.Background()
	s := identitySchemaV1()
	r := &identityResource{clock: clock.NewFake(now)}

	planned := stateOf(t, s, proposed)
	req := resource.ModifyPlanRequest{
		Config: tfsdk.Config{Schema: s, Raw: planned.Raw},
		Plan:   tfsdk.Plan{Schema: s, Raw: planned.Raw},
		State:  tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)},
	}
	if prior != nil {
		req.State = stateOf(t, s, *prior)
	}
	resp := &resource.ModifyPlanResponse{Plan: req.Plan}
	r.ModifyPlan(ctx, req, resp)

	var got identityModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &got)...)
	return got, resp.Diagnostics
}

func TestIdentityModifyPlanDiagnostics(t *testing.T) {
	t.Parallel()

	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	withRotation := func(m *identityModel) { m.RotationDays = types.Int64Value(30) }
	withReview := func(m *identityModel) {
		m.ReviewEveryDays = types.Int64Value(180)
		m.LastReviewedAt = types.StringValue("2024-06-01T00:00:00Z") // due 2024-11-28
	}
	expiring := func(enforcement string) func(*identityModel) {
		return func(m *identityModel) {
			m.ExpiresAt = types.StringValue("2025-01-20T00:00:00Z")
			m.Enforcement = types.StringValue(enforcement)
		}
	}

	tests := map[string]struct {
		edit         func(*identityModel)
		now          time.Time
		create       bool
		wantSeverity diag.Severity // 0: no diagnostic
		wantSummary  string
		wantDetail   []string
		wantRotated  bool
	}{
		"nothing due": {edit: withRotation, now: start.AddDate(0, 0, 29)},
		"rotation due": {
			edit: withRotation, now: start.AddDate(0, 0, 33).Add(5 * time.Hour),
			wantSeverity: diag.SeverityWarning, wantSummary: summaryRotationDue, wantRotated: true,
			wantDetail: []string{`Identity "payments-deploy"`, `(owner "team-payments")`, "due for rotation on 2025-01-31T00:00:00Z", "3 days overdue", "this plan rotates it"},
		},
		"rotation due today": {
			edit: withRotation, now: start.AddDate(0, 0, 30),
			wantSeverity: diag.SeverityWarning, wantSummary: summaryRotationDue, wantRotated: true,
			wantDetail: []string{"less than a day overdue"},
		},
		"max lifetime is the period without rotation_days": {
			edit: func(m *identityModel) { m.MaxLifetimeDays = types.Int64Value(10) }, now: start.AddDate(0, 0, 11),
			wantSeverity: diag.SeverityWarning, wantSummary: summaryRotationDue, wantRotated: true,
			wantDetail: []string{"1 day overdue"},
		},
		"a new identity never rotates": {edit: withRotation, now: start.AddDate(0, 0, 90), create: true},
		"review due": {
			edit: withReview, now: start,
			wantSeverity: diag.SeverityWarning, wantSummary: summaryReviewDue,
			wantDetail: []string{`Identity "payments-deploy"`, `(owner "team-payments")`, "due for review on 2024-11-28T00:00:00Z", "34 days overdue", "set last_reviewed_at"},
		},
		"expired, block": {
			edit: expiring(nhi.EnforcementBlock), now: start.AddDate(0, 0, 21),
			wantSeverity: diag.SeverityError, wantSummary: summaryIdentityExpired,
			wantDetail: []string{`Identity "payments-deploy"`, `(owner "team-payments")`, "expired on 2025-01-20T00:00:00Z, 2 days ago", "renew it", "or remove"},
		},
		"expired, warn": {
			edit: expiring(nhi.EnforcementWarn), now: start.AddDate(0, 0, 21),
			wantSeverity: diag.SeverityWarning, wantSummary: summaryIdentityExpired,
			wantDetail: []string{"expired on 2025-01-20T00:00:00Z"},
		},
		"expired at create": {
			edit: expiring(nhi.EnforcementBlock), now: start.AddDate(0, 1, 0), create: true,
			wantSeverity: diag.SeverityError, wantSummary: summaryIdentityExpired,
		},
		"not yet expired": {edit: expiring(nhi.EnforcementBlock), now: start.AddDate(0, 0, 18)},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			prior := createdIdentity(t, start, tc.edit)
			priorPtr := &prior
			if tc.create {
				priorPtr = nil
			}
			got, diags := planIdentity(t, tc.now, priorPtr, prior)

			if tc.wantSeverity == 0 {
				if len(diags) != 0 {
					t.Fatalf("want no diagnostics, got %v", diags)
				}
			} else {
				if len(diags) != 1 {
					t.Fatalf("want one diagnostic, got %v", diags)
				}
				d := diags[0]
				if d.Severity() != tc.wantSeverity || d.Summary() != tc.wantSummary {
					t.Errorf("got %v %q, want %v %q", d.Severity(), d.Summary(), tc.wantSeverity, tc.wantSummary)
				}
				for _, want := range tc.wantDetail {
					if !strings.Contains(d.Detail(), want) {
						t.Errorf("detail %q does not contain %q", d.Detail(), want)
					}
				}
			}

			wantTrigger := prior.RotationTrigger.ValueString()
			if tc.wantRotated || tc.create {
				wantTrigger = nhi.FormatTimestamp(tc.now)
			}
			if got.RotationTrigger.ValueString() != wantTrigger || got.RotatedAt.ValueString() != wantTrigger {
				t.Errorf("planned rotation_trigger %s, rotated_at %s; want both %s", got.RotationTrigger, got.RotatedAt, wantTrigger)
			}
		})
	}
}

func TestIdentityModifyPlanUnknownInputs(t *testing.T) {
	t.Parallel()

	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	proposed := createdIdentity(t, start, func(m *identityModel) { m.RotationDays = types.Int64Value(30) })
	proposed.Owner = types.StringUnknown()
	proposed.RotationDays = types.Int64Unknown()

	got, diags := planIdentity(t, start, nil, proposed)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if !got.Tags.IsUnknown() || !got.Labels.IsUnknown() || !got.RotationDueAt.IsUnknown() {
		t.Errorf("tags %v, labels %v, rotation_due_at %v: want unknown while owner and rotation_days are", got.Tags, got.Labels, got.RotationDueAt)
	}
	if got.ID.ValueString() != "payments-deploy" || got.RotationTrigger.ValueString() != nhi.FormatTimestamp(start) {
		t.Errorf("id %v, rotation_trigger %v: want known", got.ID, got.RotationTrigger)
	}
}

func TestIdentityImportStateID(t *testing.T) {
	t.Parallel()

	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := map[string]struct {
		id, wantName, wantRotatedAt string
		wantErr                     bool
	}{
		"name":                {id: "ci-deploy", wantName: "ci-deploy", wantRotatedAt: "2025-03-01T12:00:00Z"},
		"name and rotated_at": {id: "ci-deploy,2025-01-31T00:00:00Z", wantName: "ci-deploy", wantRotatedAt: "2025-01-31T00:00:00Z"},
		"name with a comma":   {id: "a,b,2025-01-31T00:00:00+01:00", wantName: "a,b", wantRotatedAt: "2025-01-30T23:00:00Z"},
		"bad timestamp":       {id: "ci-deploy,2025-01-31", wantErr: true},
		"empty":               {id: "", wantErr: true},
		"timestamp only":      {id: ",2025-01-31T00:00:00Z", wantErr: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s := identitySchemaV1()
			r := &identityResource{clock: clock.NewFake(now)}
			resp := &resource.ImportStateResponse{State: tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}}
			r.ImportState(ctx, resource.ImportStateRequest{ID: tc.id}, resp)

			if tc.wantErr {
				if !resp.Diagnostics.HasError() || resp.Diagnostics.Errors()[0].Summary() != "Unexpected Format of ID" {
					t.Fatalf("want Unexpected Format of ID, got %v", resp.Diagnostics)
				}
				return
			}
			var got identityModel
			resp.Diagnostics.Append(resp.State.Get(ctx, &got)...)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
			if got.ID.ValueString() != tc.wantName || got.Name.ValueString() != tc.wantName ||
				got.RotatedAt.ValueString() != tc.wantRotatedAt || got.RotationTrigger.ValueString() != tc.wantRotatedAt {
				t.Errorf("imported id %s name %s rotated_at %s trigger %s; want %s, %s", got.ID, got.Name, got.RotatedAt, got.RotationTrigger, tc.wantName, tc.wantRotatedAt)
			}
		})
	}
}

func TestOwnerImportStateEmptyID(t *testing.T) {
	t.Parallel()

	ctx := context.Background()
	r := &ownerResource{}
	var sresp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sresp)
	resp := &resource.ImportStateResponse{State: tfsdk.State{Schema: sresp.Schema, Raw: tftypes.NewValue(sresp.Schema.Type().TerraformType(ctx), nil)}}
	r.ImportState(ctx, resource.ImportStateRequest{ID: ""}, resp)
	if !resp.Diagnostics.HasError() || resp.Diagnostics.Errors()[0].Summary() != "Unexpected Format of ID" {
		t.Fatalf("want Unexpected Format of ID, got %v", resp.Diagnostics)
	}
}
