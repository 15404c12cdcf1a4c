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

// Infrastructure resources make the plan a monorepo's: most instances are
// buckets, functions, queues..., each configured, and the checker still
// finds the identities' problems and none on the infrastructure.
func TestInfrastructure(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	check := func(o plangen.Options) (*checker.Result, plangen.Stats) {
		data, st := plangen.Generate(o)
		p, err := plan.Parse(data, plan.Options{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := checker.CheckPlan(p, checker.Input{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		return res, st
	}
	mixed, st := check(plangen.Options{Instances: 400 * 4, InfraPerService: 24})
	types := map[string]int{}
	for _, r := range mixed.Plan.Resources {
		types[r.Type]++
		if r.Config == nil && r.Action != plan.Delete {
			t.Errorf("%s: no configuration", r.Address)
		}
	}
	for _, typ := range []string{"aws_s3_bucket", "aws_lambda_function", "aws_security_group", "aws_cloudwatch_log_group", "aws_sqs_queue", "aws_dynamodb_table"} {
		if types[typ] < st.Services*24/6 {
			t.Errorf("%d %s for %d services", types[typ], typ, st.Services)
		}
	}
	if st.Services > 400/8 {
		t.Errorf("%d services in %d instances: infrastructure should be most of the plan", st.Services, st.Instances)
	}
	for _, f := range mixed.Report.Findings {
		switch f.ResourceType {
		case "aws_s3_bucket", "aws_lambda_function", "aws_security_group", "aws_cloudwatch_log_group", "aws_sqs_queue", "aws_dynamodb_table":
			t.Errorf("finding on infrastructure: %s %s: %s", f.Rule, f.Address, f.Message)
		}
	}
	if len(mixed.Report.Findings) == 0 {
		t.Fatal("no findings on the identities")
	}
}
