package e2e_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/nhiguard/terraform-provider-nhi/internal/e2e"
	"github.com/nhiguard/terraform-provider-nhi/internal/nhi"
)

// TestDemoPlan plans examples/demo with the real terraform and the freshly
// built provider, and checks what the plan checker relies on: every resource
// is there, ownership is known at plan time, and the credential references
// its identity.
func TestDemoPlan(t *testing.T) {
	t.Parallel()

	raw := e2e.PlanJSON(t, e2e.DemoDir(t))
	var plan tfjson.Plan
	if err := json.Unmarshal(raw, &plan); err != nil {
		t.Fatalf("decoding plan JSON: %v", err)
	}
	if err := plan.Validate(); err != nil {
		t.Fatalf("plan JSON: %v", err)
	}

	changes := map[string]*tfjson.ResourceChange{}
	for _, rc := range plan.ResourceChanges {
		changes[rc.Address] = rc
	}
	for _, addr := range []string{
		"nhi_owner.payments",
		"nhi_identity.payments_deploy",
		"nhi_identity.reporting_export",
		"nhi_exception.reporting_export_rotation",
		"terraform_data.payments_deploy_key",
		"terraform_data.reporting_export_key",
	} {
		rc, ok := changes[addr]
		if !ok {
			t.Errorf("plan has no change for %s", addr)
			continue
		}
		if !rc.Change.Actions.Create() {
			t.Errorf("%s: actions %v, want create", addr, rc.Change.Actions)
		}
		if strings.HasPrefix(addr, "nhi_") && rc.ProviderName != "registry.terraform.io/nhiguard/nhi" {
			t.Errorf("%s: provider %s, want registry.terraform.io/nhiguard/nhi", addr, rc.ProviderName)
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	identity := after(t, changes["nhi_identity.payments_deploy"])
	if identity["owner"] != "team-payments" || identity["id"] != "payments-deploy" {
		t.Errorf("identity owner %v, id %v: want both known at plan time", identity["owner"], identity["id"])
	}
	for _, attr := range []string{"tags", "labels"} {
		if identity[attr] == nil {
			t.Errorf("identity %s is not known at plan time", attr)
		}
	}
	// A new identity's rotation record is the time of the apply that
	// creates it (TestSavedPlanAppliesLater says why).
	unknown, _ := changes["nhi_identity.payments_deploy"].Change.AfterUnknown.(map[string]any)
	for _, attr := range []string{"rotation_trigger", "rotated_at", "rotation_due_at"} {
		if unknown[attr] != true {
			t.Errorf("identity %s: %v, want known after apply", attr, identity[attr])
		}
	}
	tags, _ := identity["tags"].(map[string]any)
	if tags[nhi.TagOwner] != "team-payments" || tags[nhi.TagRotationDays] != "90" {
		t.Errorf("identity tags %v: want %s=team-payments, %s=90", tags, nhi.TagOwner, nhi.TagRotationDays)
	}

	// The credential carries the identity's tags at plan time...
	credential := after(t, changes["terraform_data.payments_deploy_key"])
	input, _ := credential["input"].(map[string]any)
	if !jsonEqual(input["tags"], identity["tags"]) {
		t.Errorf("credential tags %v, want the identity's %v", input["tags"], identity["tags"])
	}
	// ...and its configuration references the identity, which is how the
	// checker links the two.
	refs := configReferences(t, &plan, "terraform_data.payments_deploy_key")
	if !slices.Contains(refs, "nhi_identity.payments_deploy") {
		t.Errorf("credential references %v, want nhi_identity.payments_deploy", refs)
	}
	// The plan JSON leaves out lifecycle blocks, so check the source for the
	// rotation wiring the checker reads with hcl.
	src, err := os.ReadFile(filepath.Join(e2e.DemoDir(t), "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "replace_triggered_by = [nhi_identity.payments_deploy.rotation_trigger]") {
		t.Error("examples/demo/main.tf does not wire rotation with replace_triggered_by")
	}

	legacy := after(t, changes["nhi_identity.reporting_export"])
	if creds, _ := legacy["credentials"].([]any); len(creds) != 1 || creds[0] != "terraform_data.reporting_export_key" {
		t.Errorf("reporting identity credentials %v, want [terraform_data.reporting_export_key]", legacy["credentials"])
	}

	exception := after(t, changes["nhi_exception.reporting_export_rotation"])
	rules, _ := exception["rules"].([]any)
	resources, _ := exception["resources"].([]any)
	if len(rules) != 1 || rules[0] != "NHI-002" || len(resources) != 1 {
		t.Fatalf("exception rules %v, resources %v", exception["rules"], exception["resources"])
	}
	pattern, _ := resources[0].(string)
	if !nhi.MatchAddress(pattern, "terraform_data.reporting_export_key") {
		t.Errorf("exception pattern %q does not cover the legacy key", pattern)
	}
	if exception["id"] != nhi.ExceptionID([]string{"NHI-002"}, []string{pattern}) || fmt.Sprint(exception["renewals"]) != "0" {
		t.Errorf("exception id %v, renewals %v: want known at plan time", exception["id"], exception["renewals"])
	}
}

// TestExpiredExceptionFailsPlan checks that the real terraform refuses to
// plan a configuration with an exception that has already expired.
func TestExpiredExceptionFailsPlan(t *testing.T) {
	t.Parallel()

	dir := e2e.ConfigDir(t, `
resource "nhi_exception" "old" {
  rules       = ["NHI-002"]
  resources   = ["aws_iam_access_key.legacy"]
  reason      = "Legacy key."
  approved_by = "security-lead@example.com"
  expires_at  = "2020-01-01T00:00:00Z"
}
`)
	w := e2e.NewWorkspace(t)
	_, stderr, err := w.RunResult(dir, "plan", "-input=false", "-lock=false", "-no-color")
	if err == nil {
		t.Fatal("terraform plan succeeded with an expired exception")
	}
	for _, want := range []string{"Error: Exception Expiry In The Past", "must be in the future when the exception is created"} {
		if !strings.Contains(strings.Join(strings.Fields(string(stderr)), " "), want) {
			t.Errorf("plan output does not contain %q:\n%s", want, stderr)
		}
	}
}

func after(t *testing.T, rc *tfjson.ResourceChange) map[string]any {
	t.Helper()
	m, ok := rc.Change.After.(map[string]any)
	if !ok {
		t.Fatalf("%s: planned values are %T, want an object", rc.Address, rc.Change.After)
	}
	return m
}

// configReferences returns every reference in the configuration of the root
// module resource at addr.
func configReferences(t *testing.T, plan *tfjson.Plan, addr string) []string {
	t.Helper()
	if plan.Config == nil || plan.Config.RootModule == nil {
		t.Fatal("plan has no configuration")
	}
	for _, r := range plan.Config.RootModule.Resources {
		if r.Address != addr {
			continue
		}
		var refs []string
		for _, expr := range r.Expressions {
			if expr != nil && expr.ExpressionData != nil {
				refs = append(refs, expr.References...)
			}
		}
		return refs
	}
	t.Fatalf("configuration has no resource %s", addr)
	return nil
}

func jsonEqual(a, b any) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}
