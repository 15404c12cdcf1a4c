package plangen_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan/plangen"
)

func TestGenerateSizeAndShape(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 300, 2000} {
		data, st := plangen.Generate(plangen.Options{Instances: n})
		if st.Instances < n || st.Instances > n+12 {
			t.Errorf("n=%d: %d instances", n, st.Instances)
		}
		if int64(len(data)) != st.Bytes {
			t.Errorf("n=%d: %d bytes, stats say %d", n, len(data), st.Bytes)
		}
		if !json.Valid(data) {
			t.Fatalf("n=%d: not valid JSON", n)
		}
		p, err := plan.Parse(data, plan.Options{})
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		if len(p.Resources) != st.Instances {
			t.Errorf("n=%d: loaded %d resources, generated %d", n, len(p.Resources), st.Instances)
		}
	}
	a, _ := plangen.Generate(plangen.Options{Instances: 500})
	b, _ := plangen.Generate(plangen.Options{Instances: 500})
	if !bytes.Equal(a, b) {
		t.Error("two plans with the same options differ")
	}
}

// TestGeneratedFindings checks that a generated plan makes the checker do
// real work: every rule family fires, through groups, modules and outputs.
func TestGeneratedFindings(t *testing.T) {
	t.Parallel()
	data, _ := plangen.Generate(plangen.Options{Instances: 1500})
	p, err := plan.Parse(data, plan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := checker.CheckPlan(p, checker.Input{Now: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	rules := map[string]int{}
	for _, f := range res.Report.Findings {
		rules[f.Rule]++
	}
	for _, r := range []string{"NHI-001", "NHI-002", "NHI-004", "NHI-005", "NHI-006", "NHI-007", "NHI-008", "NHI-009"} {
		if rules[r] == 0 {
			t.Errorf("no %s finding; got %v", r, rules)
		}
	}
	sources := map[string]int{}
	for _, e := range res.Report.Inventory {
		sources[e.OwnerSource]++
	}
	for _, s := range []string{"tag", "nhi_identity", "parent:tag", "parent:nhi_identity", "none"} {
		if sources[s] == 0 {
			t.Errorf("no inventory entry owned by %q; got %v", s, sources)
		}
	}
	// Admin inherited through the admins group reaches the member's key.
	viaGroup := false
	for _, e := range res.Report.Inventory {
		for _, c := range e.Chain {
			if c == "aws_iam_group.admins" {
				viaGroup = true
			}
		}
	}
	if !viaGroup {
		t.Error("no privilege chain goes through aws_iam_group.admins")
	}
}
