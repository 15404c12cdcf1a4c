package checker_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
)

// testdata/provisioners is a real plan (terraform 1.11.4, terraform_data)
// of resources whose local-exec provisioners make credentials with the
// platforms' CLIs, which the plan never shows. A constant command is in
// the plan; an interpolated one only in the .tf sources, which also tell
// destroy-time provisioners apart.
func TestProvisionersThatMakeCredentials(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "provisioners")
	src, err := checker.LoadSources(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	flagged := func(t *testing.T, path string, sources checker.Sources) []string {
		t.Helper()
		res, err := checker.Check(context.Background(), checker.Input{PlanPath: path, Sources: sources, Now: fixtureNow})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range res.Report.Findings {
			if f.Rule != "NHI-002" {
				t.Errorf("unexpected %s on %s", f.Rule, f.Address)
				continue
			}
			if !f.Introduced || !f.Blocking || !strings.Contains(f.Message, "in a provisioner (`") || !strings.Contains(f.Remediation, "Declare the credential as a resource") {
				t.Errorf("%s: %+v", f.Address, f)
			}
			out = append(out, f.Address)
		}
		slices.Sort(out)
		return out
	}
	plan := filepath.Join(dir, "plan.json")
	if got, want := flagged(t, plan, src), []string{"terraform_data.make_key", "terraform_data.make_sa_key"}; !slices.Equal(got, want) {
		t.Errorf("with sources: %v, want %v (list_keys makes none; on_destroy runs at destroy)", got, want)
	}
	// The plan alone keeps only constant commands, and does not say when
	// a provisioner runs.
	if got, want := flagged(t, plan, nil), []string{"terraform_data.make_key", "terraform_data.on_destroy"}; !slices.Equal(got, want) {
		t.Errorf("without sources: %v, want %v", got, want)
	}
	// Provisioners run when a resource is created: once it exists, a plan
	// that leaves it alone makes nothing.
	data, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	noop := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(noop, []byte(strings.ReplaceAll(string(data), `"actions":["create"]`, `"actions":["no-op"]`)), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := flagged(t, noop, src); len(got) != 0 {
		t.Errorf("unchanged resources: %v", got)
	}
}
