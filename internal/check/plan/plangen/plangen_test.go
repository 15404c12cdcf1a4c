package plangen_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
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

// Each crowded shape makes the checker resolve what it crowds: every
// member of the admins group, every policy of the crowded role (the last
// grants administrator access), every statement of the crowded document
// (the last does, as of the wildcards document), every editor of the
// project, every exposed key, every key an identity declares, every role
// bound to the account (the last reads secrets), every reader of the
// buckets, the owner of every user of the module instances, every key an
// identity's pattern covers, every bucket the local gathers (with the
// shape's sources).
func TestShapes(t *testing.T) {
	t.Parallel()
	const n = 40
	instances := func(resource, key string) []string {
		var out []string
		for i := range n {
			out = append(out, fmt.Sprintf("%s[\"%s%d\"]", resource, key, i))
		}
		return out
	}
	for _, c := range []struct {
		shape     plangen.Shape
		instances int
		admins    []string // addresses NHI-004 must name
	}{
		{plangen.GroupMembers, 2 + 3*n, nil},
		{plangen.RolePolicies, 1 + 2*n, []string{"aws_iam_role.crowded"}},
		{plangen.Statements, 2, []string{"aws_iam_user.crowded"}},
		{plangen.ProjectMembers, 2 * n, nil},
		{plangen.KeyOutputs, n, nil},
		{plangen.Wildcards, 2, []string{"aws_iam_user.crowded"}},
		{plangen.DeclaredKeys, 2 * n, nil},
		{plangen.BoundAccount, 1 + 2*n, []string{"kubernetes_service_account_v1.bound"}},
		{plangen.EveryBucket, 3 * n, nil},
		{plangen.ModuleInstances, 1 + 6*n, nil},
		{plangen.DeclaredPatterns, 2 * n, nil},
		{plangen.FilteredBuckets, 3 * n, nil},
		{plangen.LocalReaders, 4 * n, nil},
	} {
		var buf bytes.Buffer
		st, err := plangen.WriteShape(&buf, c.shape, n)
		if err != nil {
			t.Fatal(err)
		}
		if st.Bytes != int64(buf.Len()) || st.Instances != c.instances {
			t.Errorf("%s: stats %+v for %d bytes, want %d instances", c.shape, st, buf.Len(), c.instances)
		}
		p, err := plan.Parse(buf.Bytes(), plan.Options{})
		if err != nil {
			t.Fatalf("%s: %v", c.shape, err)
		}
		if len(p.Resources) != c.instances {
			t.Errorf("%s: loaded %d resources, want %d", c.shape, len(p.Resources), c.instances)
		}
		in := checker.Input{Now: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)}
		if files := plangen.ShapeSources(c.shape); files != nil {
			dir := t.TempDir()
			for name, text := range files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if in.Sources, err = checker.LoadSources(dir, ""); err != nil || in.Sources == nil {
				t.Fatalf("%s: sources: %v", c.shape, err)
			}
		}
		res, err := checker.CheckPlan(p, in)
		if err != nil {
			t.Fatal(err)
		}
		if c.shape == plangen.LocalReaders {
			// Every policy reads every bucket through the local.
			for i := range n {
				ls := p.LinksByAttr(p.Resource(fmt.Sprintf("aws_iam_user_policy.reader[\"u%d\"]", i))).Get("policy")
				if len(ls) != 2*n {
					t.Fatalf("%s: reader %d links %d buckets through local.bucket_arns, want %d", c.shape, i, len(ls), 2*n)
				}
			}
		}
		rule := "NHI-004"
		found := map[string]bool{}
		want := c.admins
		switch c.shape {
		case plangen.GroupMembers:
			want = instances("aws_iam_user.member", "u")
		case plangen.ProjectMembers:
			want = instances("google_service_account.robot", "s")
		case plangen.KeyOutputs:
			rule, want = "NHI-007", instances("aws_iam_access_key.exposed", "k")
		case plangen.BoundAccount:
			rule = "NHI-005" // reading every secret: escalation, not administration
		case plangen.EveryBucket, plangen.FilteredBuckets:
			rule, want = "NHI-001", instances("aws_iam_user.reader", "u") // unowned; the documents are unknown
		}
		for _, f := range res.Report.Findings {
			if f.Rule == rule {
				found[f.Address] = true
			}
		}
		if c.shape == plangen.DeclaredKeys || c.shape == plangen.DeclaredPatterns {
			// Each key's owner comes from the identity that lists it.
			rule, want = "owner from nhi_identity.credentials", instances("aws_iam_access_key.declared", "k")
			if c.shape == plangen.DeclaredPatterns {
				want = nil
				for i := range n {
					want = append(want, fmt.Sprintf("module.keys[\"k%d\"].aws_iam_access_key.this", i))
				}
			}
			clear(found)
			for _, e := range res.Report.Inventory {
				if e.OwnerSource == "nhi_identity.credentials" {
					found[e.Address] = true
				}
			}
		}
		if c.shape == plangen.ModuleInstances {
			// Each user's owner is its module's nhi_identity's, whose owner
			// comes from the nhi_owner passed into the module.
			rule, want = "owner team-payments from nhi_identity", nil
			clear(found)
			for i := range n {
				want = append(want, fmt.Sprintf("module.svc[\"s%d\"].aws_iam_user.this", i))
			}
			for _, e := range res.Report.Inventory {
				if e.OwnerSource == "nhi_identity" && e.Owner == "team-payments" {
					found[e.Address] = true
				}
			}
		}
		for _, a := range want {
			if !found[a] {
				t.Errorf("%s: no %s on %s", c.shape, rule, a)
			}
		}
	}
	if _, err := plangen.WriteShape(io.Discard, "spiral", 1); err == nil {
		t.Error("an unknown shape was written")
	}
}
