package rules_test

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/checktest"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

var now = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)

type res = checktest.Res

func check(t *testing.T, rs []res, extra map[string]any) *report.Report {
	t.Helper()
	res, err := checker.CheckPlan(checktest.Plan(t, rs, extra), checker.Input{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return res.Report
}

// findings renders "address rule" lines, sorted.
func findings(r *report.Report) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.Address+" "+f.Rule)
	}
	sort.Strings(out)
	return out
}

// noFindingsOn fails the test for every finding on addr, saying why there
// should be none.
func noFindingsOn(t *testing.T, r *report.Report, addr, why string) {
	t.Helper()
	for _, f := range r.Findings {
		if f.Address == addr {
			t.Errorf("%s: %s %s %s", why, addr, f.Rule, f.Message)
		}
	}
}

func has(r *report.Report, addr, rule string) *report.Finding {
	for _, f := range r.Findings {
		if f.Address == addr && f.Rule == rule {
			return f
		}
	}
	return nil
}

var owned = map[string]any{"owner": "team-a"}

func TestHarmlessWildcardsAreNotOverPrivileged(t *testing.T) {
	t.Parallel()
	policy := `{"Version":"2012-10-17","Statement":[
	  {"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::reports/*"},
	  {"Effect":"Allow","Action":["logs:*"],"Resource":"arn:aws:logs:us-east-1:111122223333:log-group:/app/reports:*"}]}`
	r := check(t, []res{
		{Addr: "aws_iam_user.bot", After: map[string]any{"name": "bot", "tags": owned, "tags_all": owned}},
		{Addr: "aws_iam_user_policy.bot", After: map[string]any{"user": "bot", "policy": policy}, Refs: map[string][]string{"user": {"aws_iam_user.bot.name", "aws_iam_user.bot"}}},
	}, nil)
	for _, f := range r.Findings {
		if f.Category == "over_privileged" {
			t.Errorf("harmless wildcard raised %s on %s: %s", f.Rule, f.Address, f.Message)
		}
	}
	// logs:* on one log group writes log events: write, not admin.
	if got := r.Inventory[0].Privilege; got != "write" {
		t.Errorf("privilege = %s, want write", got)
	}
}

func TestWildcardAndEscalation(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, policy, rule string
	}{
		{"star on star", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, "NHI-004"},
		{"service wildcard", `{"Statement":[{"Effect":"Allow","Action":["sqs:*"],"Resource":["*"]}]}`, "NHI-005"},
		{"passrole anywhere", `{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"},{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*"}]}`, "NHI-005"},
		{"create keys for others", `{"Statement":[{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"*"}]}`, "NHI-005"},
		{"not action", `{"Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"}]}`, "NHI-004"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := check(t, []res{
				{Addr: "aws_iam_user.bot", After: map[string]any{"name": "bot", "tags": owned, "tags_all": owned}},
				{Addr: "aws_iam_access_key.bot", After: map[string]any{"user": "bot", "status": "Active"}, Unknown: map[string]any{"secret": true, "id": true}, Refs: map[string][]string{"user": {"aws_iam_user.bot.name", "aws_iam_user.bot"}}},
				{Addr: "aws_iam_user_policy.bot", After: map[string]any{"user": "bot", "policy": tc.policy}, Refs: map[string][]string{"user": {"aws_iam_user.bot.name", "aws_iam_user.bot"}}},
			}, nil)
			for _, addr := range []string{"aws_iam_user.bot", "aws_iam_access_key.bot", "aws_iam_user_policy.bot"} {
				if has(r, addr, tc.rule) == nil {
					t.Errorf("no %s on %s; got %v", tc.rule, addr, findings(r))
				}
			}
		})
	}
}

func TestExpiredDeclarations(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "nhi_exception.legacy", Actions: []string{"no-op"},
			Before: map[string]any{"rules": []any{"NHI-002"}, "resources": []any{"aws_iam_access_key.legacy"}, "reason": "migrating", "approved_by": "sec", "expires_at": "2026-10-01T00:00:00Z", "renewals": 3},
			After:  map[string]any{"rules": []any{"NHI-002"}, "resources": []any{"aws_iam_access_key.legacy"}, "reason": "migrating", "approved_by": "sec", "expires_at": "2026-10-01T00:00:00Z", "renewals": 3}},
		{Addr: "nhi_identity.partner", Actions: []string{"no-op"},
			Before: map[string]any{"name": "partner", "owner": "team-b", "expires_at": "2026-11-01T00:00:00Z", "rotation_due_at": "2026-09-01T00:00:00Z", "review_due_at": "2026-11-20T00:00:00Z"},
			After:  map[string]any{"name": "partner", "owner": "team-b", "expires_at": "2026-11-01T00:00:00Z", "rotation_due_at": "2026-09-01T00:00:00Z", "review_due_at": "2026-11-20T00:00:00Z"}},
		{Addr: "nhi_identity.fine", After: map[string]any{"name": "fine", "owner": "team-c", "expires_at": "2027-11-01T00:00:00Z", "rotation_due_at": "2027-01-01T00:00:00Z"}},
	}, nil)
	exc := has(r, "nhi_exception.legacy", "NHI-008")
	if exc == nil || !strings.Contains(exc.Message, "renewed 3 times") || !exc.Introduced || !exc.Blocking {
		t.Errorf("expired exception: %+v", exc)
	}
	var n int
	for _, f := range r.Findings {
		if f.Address == "nhi_identity.partner" && f.Rule == "NHI-008" {
			n++
		}
		if f.Address == "nhi_identity.fine" {
			t.Errorf("finding on a current identity: %s", f.Message)
		}
	}
	if n != 3 {
		t.Errorf("partner: %d NHI-008 findings (expired, rotation, review), want 3: %v", n, findings(r))
	}
}

func TestExceptionWaivesUntilItExpires(t *testing.T) {
	t.Parallel()
	key := res{Addr: "aws_iam_access_key.legacy", After: map[string]any{"user": "legacy", "status": "Active"}, Unknown: map[string]any{"secret": true}}
	user := res{Addr: "aws_iam_user.legacy", After: map[string]any{"name": "legacy", "tags": owned, "tags_all": owned}}
	exc := func(expires string) res {
		v := map[string]any{"rules": []any{"NHI-002"}, "resources": []any{"aws_iam_access_key.*"}, "reason": "r", "approved_by": "a", "expires_at": expires}
		return res{Addr: "nhi_exception.legacy", After: v}
	}
	r := check(t, []res{key, user, exc("2027-01-01T00:00:00Z")}, nil)
	f := has(r, "aws_iam_access_key.legacy", "NHI-002")
	if f == nil || f.WaivedBy == nil || *f.WaivedBy != "nhi_exception.legacy" || f.Blocking {
		t.Fatalf("NHI-002 not waived: %+v", f)
	}
	r = check(t, []res{key, user, exc("2026-01-01T00:00:00Z")}, nil)
	f = has(r, "aws_iam_access_key.legacy", "NHI-002")
	if f == nil || f.WaivedBy != nil || !f.Blocking {
		t.Fatalf("expired exception still waives: %+v", f)
	}
}

func TestInactiveKeyAndForget(t *testing.T) {
	t.Parallel()
	vals := map[string]any{"user": "u", "status": "Inactive"}
	r := check(t, []res{
		{Addr: "aws_iam_access_key.old", Actions: []string{"update"}, Before: map[string]any{"user": "u", "status": "Active"}, After: vals},
		{Addr: "aws_iam_access_key.gone", Actions: []string{"forget"}, Before: map[string]any{"user": "u2", "status": "Active"}},
		{Addr: "aws_iam_user.u2", Actions: []string{"forget"}, Before: map[string]any{"name": "u2", "tags": owned, "tags_all": owned}},
	}, nil)
	noFindingsOn(t, r, "aws_iam_access_key.old", "inactive key reported")
	if f := has(r, "aws_iam_user.u2", "NHI-001"); f == nil || !strings.Contains(f.Message, "leaves Terraform management") {
		t.Errorf("forgotten user not reported as leaving management: %v", findings(r))
	}
	if has(r, "aws_iam_access_key.gone", "NHI-002") == nil {
		t.Errorf("forgotten static key not judged: %v", findings(r))
	}
}

func TestIntroducedVersusPreExisting(t *testing.T) {
	t.Parallel()
	narrow := `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`
	wide := `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`
	user := map[string]any{"name": "u", "tags": owned, "tags_all": owned}
	key := map[string]any{"user": "u", "status": "Active", "create_date": "2023-01-15T09:30:00Z"}
	r := check(t, []res{
		{Addr: "aws_iam_user.u", Actions: []string{"no-op"}, Before: user, After: user},
		{Addr: "aws_iam_access_key.k", Actions: []string{"no-op"}, Before: key, After: key, Refs: map[string][]string{"user": {"aws_iam_user.u.name"}}},
		{Addr: "aws_iam_user_policy.p", Actions: []string{"update"}, Before: map[string]any{"user": "u", "policy": narrow}, After: map[string]any{"user": "u", "policy": wide}, Refs: map[string][]string{"user": {"aws_iam_user.u.name"}}},
	}, nil)
	for addr, wantIntroduced := range map[string]bool{"aws_iam_user.u": true, "aws_iam_access_key.k": true, "aws_iam_user_policy.p": true} {
		f := has(r, addr, "NHI-005")
		if f == nil || f.Introduced != wantIntroduced || !f.Blocking {
			t.Errorf("%s NHI-005: %+v", addr, f)
		}
	}
	f := has(r, "aws_iam_access_key.k", "NHI-002")
	if f == nil || f.Introduced || f.Blocking {
		t.Errorf("pre-existing static key should be reported, not introduced or blocking: %+v", f)
	}
}

func TestLoginProfileOnMachineUser(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "aws_iam_user.ci", After: map[string]any{"name": "ci", "tags": owned, "tags_all": owned}},
		{Addr: "aws_iam_access_key.ci", After: map[string]any{"user": "ci", "status": "Active"}, Refs: map[string][]string{"user": {"aws_iam_user.ci.name"}}},
		{Addr: "aws_iam_user_login_profile.ci", After: map[string]any{"user": "ci"}, Refs: map[string][]string{"user": {"aws_iam_user.ci.name"}}},
	}, nil)
	if has(r, "aws_iam_user_login_profile.ci", "NHI-010") == nil {
		t.Errorf("no NHI-010: %v", findings(r))
	}
}

func TestDrift(t *testing.T) {
	t.Parallel()
	drift := []any{map[string]any{
		"address": "aws_iam_user_policy_attachment.x", "mode": "managed", "type": "aws_iam_user_policy_attachment", "name": "x",
		"change": map[string]any{"actions": []string{"update"}, "before": map[string]any{"policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}, "after": map[string]any{"policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}},
	}}
	r := check(t, []res{{Addr: "aws_s3_bucket.b", After: map[string]any{"bucket": "b"}}}, map[string]any{"resource_drift": drift})
	if f := has(r, "aws_iam_user_policy_attachment.x", "NHI-009"); f == nil || f.Category != "drift" {
		t.Errorf("no NHI-009: %v", findings(r))
	}
}

func TestUnknownValuesAreJudgedOnWhatIsKnown(t *testing.T) {
	t.Parallel()
	// The policy is unknown at plan time and nothing in configuration
	// rebuilds it: privilege is unknown, and nothing claims it is admin or
	// escalation-capable; a medium NHI-004 says it could not be judged, as
	// a medium NHI-001 says the unknown owner tags could not be verified.
	r := check(t, []res{
		{Addr: "aws_iam_user.u", After: map[string]any{"name": "u"}, Unknown: map[string]any{"tags": true, "tags_all": true}},
		{Addr: "aws_iam_user_policy.p", After: map[string]any{"user": "u"}, Unknown: map[string]any{"policy": true}, Refs: map[string][]string{"user": {"aws_iam_user.u.name"}, "policy": {"aws_s3_bucket.b.arn"}}},
	}, nil)
	f := has(r, "aws_iam_user.u", "NHI-001")
	if f == nil || f.Severity != report.Medium || !strings.Contains(f.Message, "after apply") {
		t.Errorf("unknown tags: %+v", f)
	}
	unjudged := 0
	for _, f := range r.Findings {
		if f.Category != "over_privileged" {
			continue
		}
		if f.Rule != "NHI-004" || f.Severity != report.Medium || f.Blocking || !strings.Contains(f.Message, "could not be judged") {
			t.Errorf("invented %s (%s) on %s from an unknown policy: %s", f.Rule, f.Severity, f.Address, f.Message)
			continue
		}
		unjudged++
	}
	if unjudged != 2 {
		t.Errorf("%d findings say the policy could not be judged, want the user's and the policy's: %v", unjudged, findings(r))
	}
}

func TestOpenTrustAcrossFamilies(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		rs   []res
		addr string
		want bool
	}{
		{"google provider without condition", []res{{Addr: "google_iam_workload_identity_pool_provider.gh", After: map[string]any{
			"workload_identity_pool_provider_id": "gh", "attribute_condition": nil,
			"oidc": []any{map[string]any{"issuer_uri": "https://token.actions.githubusercontent.com"}}}}}, "google_iam_workload_identity_pool_provider.gh", true},
		{"google provider pinned to a repository", []res{{Addr: "google_iam_workload_identity_pool_provider.gh", After: map[string]any{
			"workload_identity_pool_provider_id": "gh", "attribute_condition": `assertion.repository == "example-org/payments"`,
			"oidc": []any{map[string]any{"issuer_uri": "https://token.actions.githubusercontent.com"}}}}}, "google_iam_workload_identity_pool_provider.gh", false},
		{"azure flexible federated credential for a whole org", []res{{Addr: "azuread_application_flexible_federated_identity_credential.gh", After: map[string]any{
			"display_name": "gh", "issuer": "https://token.actions.githubusercontent.com", "claims_matching_expression": "claims['sub'] matches 'repo:example-org/*'", "audience": "api://AzureADTokenExchange"}}}, "azuread_application_flexible_federated_identity_credential.gh", true},
		// Entra matches a classic subject exactly: "repo:example-org/*" admits no token.
		{"azure classic federated credential with a literal wildcard", []res{{Addr: "azuread_application_federated_identity_credential.gh", After: map[string]any{
			"display_name": "gh", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:example-org/*", "audiences": []any{"api://AzureADTokenExchange"}}}}, "azuread_application_federated_identity_credential.gh", false},
		{"azure federated credential for one environment", []res{{Addr: "azuread_application_federated_identity_credential.gh", After: map[string]any{
			"display_name": "gh", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:example-org/payments:environment:production", "audiences": []any{"api://AzureADTokenExchange"}}}}, "azuread_application_federated_identity_credential.gh", false},
		{"aws role trusting another account's root without ExternalId", []res{{Addr: "aws_iam_role.x", After: map[string]any{"name": "x", "tags": owned, "tags_all": owned,
			"assume_role_policy": `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole"}]}`}}}, "aws_iam_role.x", true},
		{"aws role trusting another account with ExternalId", []res{{Addr: "aws_iam_role.x", After: map[string]any{"name": "x", "tags": owned, "tags_all": owned,
			"assume_role_policy": `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"a1b2"}}}]}`}}}, "aws_iam_role.x", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := check(t, tc.rs, nil)
			if got := has(r, tc.addr, "NHI-006") != nil; got != tc.want {
				t.Errorf("NHI-006 on %s: %v, want %v (findings %v)", tc.addr, got, tc.want, findings(r))
			}
		})
	}
}
