package provider

import (
	"context"
	"reflect"
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

// planIdentity plans an unchanged configuration at now (or a create, when
// prior is nil) as a refresh and the plan after it do: the rotation Read
// decides at now, then planIdentity.
func planIdentity(t *testing.T, now time.Time, prior *identityModel, proposed identityModel) (identityModel, diag.Diagnostics) {
	t.Helper()
	r := &identityResource{clock: clock.NewFake(now)}
	var rotateAt *time.Time
	if prior != nil {
		rotateAt = plannedRotation(*prior, now)
	}
	got, diags := r.planIdentity(context.Background(), proposed, prior, rotateAt)
	if got == nil {
		t.Fatalf("no plan: %v", diags)
	}
	return *got, diags
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

			if tc.create {
				// Known only after apply: the plan must not depend on its own time.
				if !got.RotationTrigger.IsUnknown() || !got.RotatedAt.IsUnknown() || !got.RotationDueAt.IsUnknown() {
					t.Errorf("planned rotation_trigger %s, rotated_at %s, rotation_due_at %s; want unknown on create", got.RotationTrigger, got.RotatedAt, got.RotationDueAt)
				}
				return
			}
			wantTrigger := prior.RotationTrigger.ValueString()
			if tc.wantRotated {
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
	if got.ID.ValueString() != "payments-deploy" || !got.RotationTrigger.IsUnknown() {
		t.Errorf("id %v, rotation_trigger %v: want the id known, the trigger known after apply", got.ID, got.RotationTrigger)
	}
}

// Terraform plans each change again during apply and requires the values
// the first plan knew: planning later, with the same prior state (its
// private state included), must give the same plan. Before, a create
// planned rotated_at at the time of planning, and applying a saved plan a
// second later failed with "Provider produced inconsistent final plan".
func TestIdentityPlanDoesNotDependOnPlanTime(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	withRotation := func(m *identityModel) { m.RotationDays = types.Int64Value(30) }
	prior := createdIdentity(t, start, withRotation)
	refreshed := start.AddDate(0, 0, 40) // rotation due
	for name, tc := range map[string]struct {
		state    *identityModel
		rotateAt *time.Time
	}{
		"create":                        {nil, nil},
		"unchanged, not due":            {&prior, nil},
		"rotation planned by a refresh": {&prior, plannedRotation(prior, refreshed)},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var plans []*identityModel
			for _, at := range []time.Time{refreshed, refreshed.Add(time.Hour)} {
				r := &identityResource{clock: clock.NewFake(at)}
				p, diags := r.planIdentity(ctx, prior, tc.state, tc.rotateAt)
				if diags.HasError() || p == nil {
					t.Fatal(diags)
				}
				plans = append(plans, p)
			}
			if !reflect.DeepEqual(*plans[0], *plans[1]) {
				t.Errorf("planned an hour apart:\n%+v\n%+v", *plans[0], *plans[1])
			}
		})
	}
}

// A rotation due by this plan's settings that the refresh did not plan (a
// plan with -refresh=false, or one that shortens the period) is reported,
// and the rotation record is kept.
func TestIdentityRotationDueWithoutRefresh(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	prior := createdIdentity(t, start, func(m *identityModel) { m.RotationDays = types.Int64Value(30) })
	now := start.AddDate(0, 0, 40)
	r := &identityResource{clock: clock.NewFake(now)}
	got, diags := r.planIdentity(context.Background(), prior, &prior, nil)
	if got == nil || !got.RotatedAt.Equal(prior.RotatedAt) || !got.RotationTrigger.Equal(prior.RotationTrigger) {
		t.Fatalf("planned %+v, want the rotation record kept", got)
	}
	if len(diags) != 1 || diags[0].Summary() != summaryRotationDue || !strings.Contains(diags[0].Detail(), "does not rotate it") {
		t.Errorf("diagnostics %v, want a rotation-due warning saying this plan does not rotate", diags)
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
