package checker_test

// Regressions in ownership and privilege naming found on real plans; the
// plans are minimal synthetic reproductions.

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/checktest"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

func checkJSON(t *testing.T, doc string) (*checker.Result, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	return checker.Check(context.Background(), checker.Input{PlanPath: path, Now: fixtureNow})
}

func findingOn(r *report.Report, addr, rule string) *report.Finding {
	for _, f := range r.Findings {
		if f.Address == addr && f.Rule == rule {
			return f
		}
	}
	return nil
}

// An owner tag whose value is sensitive (tags = var.tags with a sensitive
// variable) is an owner that exists: never "no owner key", never its value.
// A wholly sensitive tags map cannot be verified either way.
func TestSensitiveOwnerTags(t *testing.T) {
	t.Parallel()
	user := func(sensitive string) string {
		return `{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{"root_module":{}},
	 "resource_changes":[{"address":"aws_iam_user.ci","mode":"managed","type":"aws_iam_user","name":"ci","provider_name":"registry.terraform.io/hashicorp/aws",
	  "change":{"actions":["create"],"before":null,"after":{"name":"ci","tags":{"owner":"team-ci"},"tags_all":{"owner":"team-ci"}},"after_unknown":{"arn":true},
	   "before_sensitive":false,"after_sensitive":` + sensitive + `}}],
	 "configuration":{"root_module":{"resources":[]}}}`
	}
	res, err := checkJSON(t, user(`{"tags":{"owner":true},"tags_all":{"owner":true}}`))
	if err != nil {
		t.Fatal(err)
	}
	if f := findingOn(res.Report, "aws_iam_user.ci", "NHI-001"); f != nil {
		t.Errorf("sensitive owner tag not counted as an owner: %s", f.Message)
	}
	if len(res.Report.Inventory) != 1 || res.Report.Inventory[0].Owner != "(sensitive value)" {
		t.Errorf("inventory owner: %+v", res.Report.Inventory)
	}
	res, err = checkJSON(t, user(`{"tags":true,"tags_all":true}`))
	if err != nil {
		t.Fatal(err)
	}
	f := findingOn(res.Report, "aws_iam_user.ci", "NHI-001")
	if f == nil || !strings.Contains(f.Message, "marked sensitive") || f.Severity != report.Medium {
		t.Errorf("wholly sensitive tags: %+v", f)
	}
	for _, r := range []*report.Report{res.Report} {
		for _, f := range r.Findings {
			if strings.Contains(f.Message, "team-ci") {
				t.Errorf("a sensitive owner value was printed: %s", f.Message)
			}
		}
	}
}

// Google IAM members are mostly references, unknown at plan time: the
// finding names the reference it reads, not a bare "(known after apply)".
func TestGoogleUnknownMemberIsNamed(t *testing.T) {
	t.Parallel()
	p := checktest.Plan(t, []checktest.Res{
		{Addr: "google_service_account.ci", After: map[string]any{"account_id": "ci", "description": "owner: team-ci"}, Unknown: map[string]any{"email": true, "member": true}},
		{Addr: "google_project_iam_member.tc", After: map[string]any{"project": "p", "role": "roles/iam.serviceAccountTokenCreator"},
			Unknown: map[string]any{"member": true},
			Refs:    map[string][]string{"member": {"google_service_account.ci.email", "google_service_account.ci"}}},
	}, nil)
	res, err := checker.CheckPlan(p, checker.Input{Now: fixtureNow})
	if err != nil {
		t.Fatal(err)
	}
	f := findingOn(res.Report, "google_project_iam_member.tc", "NHI-005")
	if f == nil {
		t.Fatal("token creator grant not reported")
	}
	if !strings.Contains(f.Message, "lets google_service_account.ci (email known after apply) act as") {
		t.Errorf("unknown member not named: %s", f.Message)
	}
}

// Text after the plan object (two plans concatenated, a log line) is not
// read up to the first object and checked.
func TestTrailingDataIsRefused(t *testing.T) {
	t.Parallel()
	_, err := checkJSON(t, corpusPlan+` "description": "x" }}}`)
	var ie *plan.InputError
	if err == nil || !errors.As(err, &ie) {
		t.Fatalf("input with trailing data after the plan object was accepted (err=%v)", err)
	}
}

// A plan that leaves resources out (-target, deferred changes) says so:
// what it leaves out was not checked.
func TestIncompletePlanIsNoted(t *testing.T) {
	t.Parallel()
	incomplete := func(r *report.Report) bool {
		for _, n := range r.Notes {
			if strings.Contains(n, "The plan is incomplete") {
				return true
			}
		}
		return false
	}
	for doc, want := range map[string]bool{
		corpusPlan: false,
		strings.Replace(corpusPlan, `"format_version":"1.2",`, `"format_version":"1.2","complete":true,`, 1):  false,
		strings.Replace(corpusPlan, `"format_version":"1.2",`, `"format_version":"1.2","complete":false,`, 1): true,
	} {
		res, err := checkJSON(t, doc)
		if err != nil {
			t.Fatal(err)
		}
		if got := incomplete(res.Report); got != want {
			t.Errorf("incomplete note %v, want %v: %s", got, want, doc[:80])
		}
	}
}

// AWS's documented self-service policy ("IAM: allows IAM users to manage
// their own credentials") grants iam:CreateAccessKey on
// arn:aws:iam::*:user/${aws:username}: the caller's own user only, not an
// escalation to other users.
func TestSelfServiceAccessKeysIsNotEscalation(t *testing.T) {
	self := `{"Version":"2012-10-17","Statement":[{"Sid":"OwnKeys","Effect":"Allow",
	 "Action":["iam:CreateAccessKey","iam:DeleteAccessKey","iam:ListAccessKeys","iam:UpdateAccessKey"],
	 "Resource":"arn:aws:iam::*:user/${aws:username}"}]}`
	owned := map[string]any{"owner": "team-ci"}
	p := checktest.Plan(t, []checktest.Res{
		{Addr: "aws_iam_user.ci", After: map[string]any{"name": "ci", "tags": owned, "tags_all": owned}},
		{Addr: "aws_iam_user_policy.self", After: map[string]any{"user": "ci", "name": "self", "policy": self},
			Refs: map[string][]string{"user": {"aws_iam_user.ci.name", "aws_iam_user.ci"}}},
	}, nil)
	res, err := checker.CheckPlan(p, checker.Input{Now: fixtureNow})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Report
	for _, f := range r.Findings {
		if f.Rule == "NHI-005" {
			t.Errorf("self-service key management reported as escalation: %s", f.Message)
		}
	}
}
