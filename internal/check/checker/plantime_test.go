package checker_test

import (
	"context"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/checktest"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// end_date = timeadd(timestamp(), "43800h") is known after apply in the
// plan; the .tf sources say it is five years from the run.
func TestEndTimeOffsetFromPlanTime(t *testing.T) {
	t.Parallel()
	tf := `resource "azuread_application_password" "ci" {
  application_id = "/applications/00000000-0000-0000-0000-000000000001"
  end_date       = timeadd(timestamp(), "43800h")
}
`
	path, src := planWithSources(t, tf, []checktest.Res{{
		Addr:    "azuread_application_password.ci",
		After:   map[string]any{"application_id": "/applications/00000000-0000-0000-0000-000000000001", "display_name": "owner=team-ci"},
		Unknown: map[string]any{"end_date": true, "value": true, "key_id": true},
		Exprs:   map[string]any{"end_date": map[string]any{}},
	}})
	lifetime := func(sources checker.Sources) *report.Finding {
		res, err := checker.Check(context.Background(), checker.Input{PlanPath: path, Sources: sources, Now: fixtureNow})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Report.Findings {
			if f.Rule == "NHI-003" {
				return f
			}
		}
		return nil
	}
	if f := lifetime(src); f == nil || f.Severity != report.High || !strings.Contains(f.Message, "5 years") {
		t.Errorf("with sources: %+v", f)
	}
	if f := lifetime(nil); f == nil || f.Severity != report.Medium || !strings.Contains(f.Message, "only known after apply") {
		t.Errorf("without sources: %+v", f)
	}
}
