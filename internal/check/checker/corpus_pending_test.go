//go:build corpus_pending

package checker_test

// Failing regressions found by running the checker on real `terraform show
// -json` plans, for bugs that lie in internal/check/plan or
// internal/check/graph (being rewritten for speed). Run them with
//
//	go test -tags corpus_pending ./internal/check/checker -run Pending
//
// Every plan here is a minimal synthetic reproduction written for this file.

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/checktest"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// pendingPlan is a small valid plan: one IAM user with an access key.
const pendingPlan = `{"format_version":"1.2","terraform_version":"1.9.8",
 "planned_values":{"root_module":{}},
 "resource_changes":[
  {"address":"aws_iam_user.ci","mode":"managed","type":"aws_iam_user","name":"ci","provider_name":"registry.terraform.io/hashicorp/aws",
   "change":{"actions":["create"],"before":null,"after":{"name":"ci","tags":{"owner":"team-ci"},"tags_all":{"owner":"team-ci"}},"after_unknown":{"arn":true},"before_sensitive":false,"after_sensitive":{}}},
  {"address":"aws_iam_access_key.ci","mode":"managed","type":"aws_iam_access_key","name":"ci","provider_name":"registry.terraform.io/hashicorp/aws",
   "change":{"actions":["create"],"before":null,"after":{"user":"ci","status":"Active"},"after_unknown":{"id":true,"secret":true},"before_sensitive":false,"after_sensitive":{"secret":true}}}],
 "configuration":{"root_module":{"resources":[
  {"address":"aws_iam_access_key.ci","mode":"managed","type":"aws_iam_access_key","name":"ci","provider_config_key":"aws","expressions":{"user":{"references":["aws_iam_user.ci.name","aws_iam_user.ci"]}}}]}}}`

var pendingNow = fixtureNow

func loadBytes(t *testing.T, data []byte) (*checker.Result, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return checker.Check(context.Background(), checker.Input{PlanPath: path, Now: pendingNow})
}

func pendingHas(r *report.Report, addr, rule string) *report.Finding {
	for _, f := range r.Findings {
		if f.Address == addr && f.Rule == rule {
			return f
		}
	}
	return nil
}

// P1. `terraform show -json tfplan | Out-File -Encoding utf8 plan.json` in
// Windows PowerShell 5.1 writes a UTF-8 byte order mark. The plan is real;
// it is refused with "not valid UTF-8 (at byte 0)".
// Wrong: plan.Parse. Fix: strip a leading EF BB BF before any other check.
func TestPendingUTF8BOMPlanIsRead(t *testing.T) {
	res, err := loadBytes(t, append([]byte("\xef\xbb\xbf"), pendingPlan...))
	if err != nil {
		t.Fatalf("a plan with a UTF-8 byte order mark was refused: %v", err)
	}
	if pendingHas(res.Report, "aws_iam_access_key.ci", "NHI-002") == nil {
		t.Errorf("the plan was not checked: %d findings", len(res.Report.Findings))
	}
}

// P2. `terraform show -json tfplan > plan.json` in Windows PowerShell 5.1
// writes UTF-16 LE with a byte order mark (FF FE). It is refused with
// "not valid UTF-8". Wrong: plan.Parse. Fix: on a FF FE / FE FF prefix,
// decode UTF-16 (unicode/utf16) to UTF-8 first, or at least refuse with
// "plan is UTF-16 (PowerShell >); re-save it as UTF-8".
func TestPendingUTF16PlanIsRead(t *testing.T) {
	units := utf16.Encode([]rune(pendingPlan))
	var b bytes.Buffer
	b.Write([]byte{0xff, 0xfe})
	_ = binary.Write(&b, binary.LittleEndian, units)
	res, err := loadBytes(t, b.Bytes())
	if err != nil {
		if strings.Contains(err.Error(), "UTF-16") {
			return // a right reason is acceptable
		}
		t.Fatalf("a UTF-16 plan was refused with a misleading reason: %v", err)
	}
	if pendingHas(res.Report, "aws_iam_access_key.ci", "NHI-002") == nil {
		t.Errorf("the plan was not checked")
	}
}

// P4. An errored plan (`terraform plan -out` on an error, TF >= 1.5:
// "errored": true, "prior_state": {}) is refused with "plan unexpected
// state input, format version is missing", which names the wrong problem.
// Wrong: plan.Parse / decodeError. Fix: read the top-level "errored" flag
// with topLevelString's tokenizer and refuse with "the plan errored:
// Terraform could not finish it; fix the errors and plan again". The CLI
// now rewrites the reason (cli.erroredPlan), but only when decoding fails:
// an errored plan that decodes would be checked as if it were complete.
func TestPendingErroredPlanReason(t *testing.T) {
	_, err := loadBytes(t, []byte(`{"format_version":"1.2","planned_values":{"root_module":{}},"prior_state":{},
	 "configuration":{"root_module":{"resources":[{"address":"aws_iam_user.u","mode":"managed","type":"aws_iam_user","name":"u","provider_config_key":"aws","expressions":{"name":{"references":["local.n"]}}}]}},
	 "errored":true}`))
	if err == nil {
		t.Fatal("an errored plan was checked as if it were complete")
	}
	if !strings.Contains(err.Error(), "errored") {
		t.Errorf("errored plan refused with a misleading reason: %v", err)
	}
}

// P8. AWS's documented self-service policy ("IAM: allows IAM users to
// manage their own credentials", attached to a users group in many real
// plans) grants iam:CreateAccessKey on arn:aws:iam::*:user/${aws:username}:
// the caller's own user only. It is reported as NHI-005 "privilege
// escalation: can create access keys for other IAM users and act as them".
// Wrong: awsiam termBreadth (resource.go), which sees the "*" in the
// account field and calls the resource broad. Fix: judge breadth on the
// resource part (after the fifth colon); a resource part that names one
// principal through a policy variable (user/${aws:username}) and has no
// wildcard is specific, whatever the account field says (a principal can
// only act on its own account's users).
func TestPendingSelfServiceAccessKeysIsNotEscalation(t *testing.T) {
	self := `{"Version":"2012-10-17","Statement":[{"Sid":"OwnKeys","Effect":"Allow",
	 "Action":["iam:CreateAccessKey","iam:DeleteAccessKey","iam:ListAccessKeys","iam:UpdateAccessKey"],
	 "Resource":"arn:aws:iam::*:user/${aws:username}"}]}`
	owned := map[string]any{"owner": "team-ci"}
	p := checktest.Plan(t, []checktest.Res{
		{Addr: "aws_iam_user.ci", After: map[string]any{"name": "ci", "tags": owned, "tags_all": owned}},
		{Addr: "aws_iam_user_policy.self", After: map[string]any{"user": "ci", "name": "self", "policy": self},
			Refs: map[string][]string{"user": {"aws_iam_user.ci.name", "aws_iam_user.ci"}}},
	}, nil)
	res, err := checker.CheckPlan(p, checker.Input{Now: pendingNow})
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
