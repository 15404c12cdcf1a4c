package rules_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/checktest"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// A policy marked sensitive (sensitive(jsonencode(...)), or built from a
// sensitive input) is judged on what it says: marking it does not get an
// admin grant or an open trust through the gate. What the findings say of
// it never quotes it, while what they say of plain policies beside it
// still does.
func TestSensitivePoliciesAreJudgedUnshown(t *testing.T) {
	t.Parallel()
	const canary = "Sid4Canary9"
	doc := func(statements ...string) string {
		return `{"Version":"2012-10-17","Statement":[` + strings.Join(statements, ",") + `]}`
	}
	marked := map[string]any{"policy": true}
	r := check(t, []res{
		{Addr: "aws_iam_user.ci", After: map[string]any{"name": "ci", "tags": owned}},
		{Addr: "aws_iam_user_policy.hidden", After: map[string]any{"name": "hidden", "user": "ci",
			"policy": doc(`{"Sid":"` + canary + `","Effect":"Allow","Action":"*","Resource":"*"}`)}, Sensitive: marked},
		{Addr: "aws_iam_user_policy.plain", After: map[string]any{"name": "plain", "user": "ci",
			"policy": doc(`{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"*"}`)}},
		// Open trust, marked sensitive; and a closed one with a sensitive
		// ExternalId, which is no finding.
		{Addr: "aws_iam_role.open", After: map[string]any{"name": "open", "tags": owned,
			"assume_role_policy": doc(`{"Sid":"` + canary + `","Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}`)},
			Sensitive: map[string]any{"assume_role_policy": true}},
		{Addr: "aws_iam_role.partner", After: map[string]any{"name": "partner", "tags": owned,
			"assume_role_policy": doc(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"` + canary + `"}}}`)},
			Sensitive: map[string]any{"assume_role_policy": true}},
		// A harmless policy stays harmless, marked or not.
		{Addr: "aws_iam_role_policy.read", After: map[string]any{"name": "read", "role": "partner",
			"policy": doc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::` + canary + `/*"}`)}, Sensitive: marked},
	}, nil)
	judgedUnshown(t, r, canary, "aws_iam_user_policy.hidden NHI-004", "aws_iam_user.ci NHI-004", "aws_iam_role.open NHI-006")
	// The plain policy's evidence is the engine's own words.
	if f := has(r, "aws_iam_user_policy.plain", "NHI-005"); f == nil || strings.Contains(f.Message, "marked sensitive") || !strings.Contains(f.Message, "access keys") {
		t.Errorf("plain policy: %+v", f)
	}
	noFindingsOn(t, r, "aws_iam_role.partner", "its sensitive trust policy names one account with an ExternalId")
	noFindingsOn(t, r, "aws_iam_role_policy.read", "its sensitive policy reads one bucket")
}

// A policy marked sensitive that is no policy document stops the check,
// as a plain one does, and the message does not say what is wrong with it
// (that would quote it).
func TestUnreadableSensitivePolicy(t *testing.T) {
	t.Parallel()
	const canary = "notjson-canary-7"
	p := checktest.Plan(t, []res{
		{Addr: "aws_iam_user.ci", After: map[string]any{"name": "ci", "tags": owned}},
		{Addr: "aws_iam_user_policy.bad", After: map[string]any{"name": "bad", "user": "ci", "policy": `{"Statement":"` + canary + `"}`}, Sensitive: map[string]any{"policy": true}},
	}, nil)
	_, err := checker.CheckPlan(p, checker.Input{Now: now})
	var ie *plan.InputError
	if err == nil || !errors.As(err, &ie) {
		t.Fatalf("checked a plan whose sensitive policy is unreadable: %v", err)
	}
	if !strings.Contains(err.Error(), "aws_iam_user_policy.bad") || !strings.Contains(err.Error(), "marked sensitive") || strings.Contains(err.Error(), canary) || strings.Contains(err.Error(), "Statement") {
		t.Errorf("error %q", err)
	}
}

// The same holds for the other engines that read policy text: Google's
// policy_data and Vault policies, and what holds a Vault policy by name.
func TestSensitiveGoogleAndVaultPoliciesAreJudgedUnshown(t *testing.T) {
	t.Parallel()
	const canary = "canarypath7"
	r := check(t, []res{
		{Addr: "google_project_iam_policy.p", After: map[string]any{"project": "p",
			"policy_data": `{"bindings":[{"role":"roles/owner","members":["serviceAccount:` + canary + `@p.iam.gserviceaccount.com"]}]}`},
			Sensitive: map[string]any{"policy_data": true}},
		{Addr: "vault_policy.everything", After: map[string]any{"name": "everything",
			"policy": "path \"*\" {\n  capabilities = [\"create\", \"read\", \"update\", \"delete\", \"list\", \"sudo\"]\n}\npath \"" + canary + "/*\" {\n  capabilities = [\"read\"]\n}\n"},
			Sensitive: map[string]any{"policy": true}},
		{Addr: "vault_token.ci", After: map[string]any{"policies": []any{"everything"}, "ttl": "1h", "metadata": map[string]any{"owner": "team-a"}}},
	}, nil)
	judgedUnshown(t, r, canary, "google_project_iam_policy.p NHI-004", "vault_policy.everything NHI-004", "vault_token.ci NHI-004")
}

// judgedUnshown checks that the report never quotes canary, and that each
// wanted "address rule" finding is there and says it rests on a value
// marked sensitive.
func judgedUnshown(t *testing.T, r *report.Report, canary string, want ...string) {
	t.Helper()
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), canary) {
		t.Errorf("the report quotes a document marked sensitive: %s", out)
	}
	for _, w := range want {
		addr, rule, _ := strings.Cut(w, " ")
		if f := has(r, addr, rule); f == nil || !strings.Contains(f.Message, "marked sensitive") {
			t.Errorf("%s: %+v (all: %v)", w, f, findings(r))
		}
	}
}
