package e2e_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/cli"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
	"github.com/nhiguard/terraform-provider-nhi/internal/e2e"
)

func runChecker(t *testing.T, dir string, args ...string) (*report.Report, int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.RunEnv(append([]string{"nhiguard"}, args...), cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Dir: dir, Getenv: os.Getenv})
	var rep report.Report
	if code != cli.ExitError {
		if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
			t.Fatalf("report is not JSON (exit %d, stderr %q): %v", code, errb.String(), err)
		}
	}
	return &rep, code, errb.String()
}

// TestChecker_DemoPlan checks the demo's real plan: ownership and rotation
// are declared, the exception is current, so nothing blocks.
func TestChecker_DemoPlan(t *testing.T) {
	demo := e2e.DemoDir(t)
	js := e2e.PlanJSON(t, demo)
	path := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(path, js, 0o600); err != nil {
		t.Fatal(err)
	}
	rep, code, stderr := runChecker(t, demo, "check", path, "--format", "json")
	if code != cli.ExitOK {
		t.Fatalf("exit %d (stderr %q), findings %+v", code, stderr, rep.Findings)
	}
	if rep.Plan.FormatVersion == "" || rep.Plan.TerraformVersion == "" {
		t.Errorf("plan info missing: %+v", rep.Plan)
	}
}

// TestChecker_ProviderPlanAttributes checks that the checker reads what the
// provider computes at plan time: an expired identity (warn enforcement, so
// the plan succeeds) blocks as NHI-008, an overdue review is reported, and
// the credential it lists is owned through it. The plan is given both as
// JSON and as the binary plan file the checker converts with terraform.
func TestChecker_ProviderPlanAttributes(t *testing.T) {
	dir := filepath.Join(e2e.RepoRoot(t), "internal", "e2e", "testdata", "checker")
	w := e2e.NewWorkspace(t)
	planFile := w.PlanFile(dir)
	js := w.ShowJSON(dir, planFile)
	jsonPath := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(jsonPath, js, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, kv := range w.Env() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			t.Setenv(k, v)
		}
	}
	for name, plan := range map[string]string{"json": jsonPath, "binary": planFile} {
		rep, code, stderr := runChecker(t, dir, "check", plan, "--format", "json")
		if code != cli.ExitBlocking {
			t.Fatalf("%s: exit %d, want 1 (stderr %q)", name, code, stderr)
		}
		var expired, review bool
		for _, f := range rep.Findings {
			if f.Rule != "NHI-008" || f.Address != "nhi_identity.partner_feed" {
				continue
			}
			switch {
			case strings.Contains(f.Message, "expired on 2024-01-31"):
				expired = f.Blocking
			case strings.Contains(f.Message, "review of"):
				review = true
			}
		}
		if !expired || !review {
			t.Errorf("%s: expired (blocking) %v, overdue review %v; findings %+v", name, expired, review, rep.Findings)
		}
	}
}
