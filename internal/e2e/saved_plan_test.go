package e2e_test

import (
	"encoding/json"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/nhiguard/terraform-provider-nhi/internal/e2e"
)

// TestSavedPlanAppliesLater plans with -out, waits, and applies the saved
// plan, as a pipeline that plans in review and applies after approval
// does: Terraform plans every change again during apply and fails when a
// value the first plan knew has changed. Before, a new identity planned
// rotated_at at the time of planning, and so did a rotation, and every
// such apply a second or more later failed with "Provider produced
// inconsistent final plan".
func TestSavedPlanAppliesLater(t *testing.T) {
	t.Parallel()
	dir := e2e.ConfigDir(t, `
resource "nhi_identity" "ci" {
  name          = "ci-deploy"
  kind          = "access_key"
  owner         = "team-platform"
  purpose       = "Deploys from CI."
  rotation_days = 90
}

resource "terraform_data" "key" {
  lifecycle {
    replace_triggered_by = [nhi_identity.ci.rotation_trigger]
  }
}
`)
	w := e2e.NewWorkspace(t)
	applyLater := func() {
		t.Helper()
		plan := w.PlanFile(dir)
		time.Sleep(1100 * time.Millisecond) // timestamps have whole seconds
		w.Run(dir, "apply", "-input=false", "-lock=false", "-no-color", plan)
	}
	rotatedAt := func() string {
		t.Helper()
		var st tfjson.State
		if err := json.Unmarshal(w.Run(dir, "show", "-json"), &st); err != nil {
			t.Fatal(err)
		}
		for _, r := range st.Values.RootModule.Resources {
			if r.Address == "nhi_identity.ci" {
				s, _ := r.AttributeValues["rotated_at"].(string)
				return s
			}
		}
		t.Fatal("nhi_identity.ci not in state")
		return ""
	}

	// Create.
	applyLater()
	created := rotatedAt()
	if created == "" {
		t.Fatal("no rotated_at after create")
	}

	// Rotation: the identity as if created long ago, then a saved plan
	// that rotates it.
	w.Run(dir, "state", "rm", "-lock=false", "nhi_identity.ci")
	w.Run(dir, "import", "-input=false", "-lock=false", "-no-color", "nhi_identity.ci", "ci-deploy,2020-01-01T00:00:00Z")
	// The import leaves the settings to configuration: the first apply
	// fills them in, and the refresh of the plan after it finds rotation due.
	applyLater()
	if got := rotatedAt(); got != "2020-01-01T00:00:00Z" {
		t.Fatalf("rotated_at %s after the apply that filled in the settings, want the imported time", got)
	}
	applyLater()
	if got := rotatedAt(); got == "2020-01-01T00:00:00Z" {
		t.Errorf("rotated_at %s: the overdue identity was not rotated", got)
	}
}
