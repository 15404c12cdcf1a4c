package rules_test

import (
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// A permissions boundary caps what any grant gives its principal: an
// AdministratorAccess attachment to a user bounded by ReadOnlyAccess, or
// to a role bounded by a policy of the plan that reads S3, grants reading.
// Neither the principal nor the grant holds administrator privilege; an
// unbounded user's attachment still does.
func TestGrantWithinPermissionsBoundary(t *testing.T) {
	t.Parallel()
	const admin = "arn:aws:iam::aws:policy/AdministratorAccess"
	r := check(t, []res{
		{Addr: "aws_iam_user.bounded", After: map[string]any{"name": "bounded", "tags": owned, "tags_all": owned, "permissions_boundary": "arn:aws:iam::aws:policy/ReadOnlyAccess"}},
		{Addr: "aws_iam_user_policy_attachment.bounded", After: map[string]any{"user": "bounded", "policy_arn": admin},
			Refs: map[string][]string{"user": {"aws_iam_user.bounded.name", "aws_iam_user.bounded"}}},
		{Addr: "aws_iam_policy.s3read", After: map[string]any{"name": "s3read", "policy": `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`},
			Unknown: map[string]any{"arn": true}},
		{Addr: "aws_iam_role.worker", After: map[string]any{"name": "worker", "tags": owned, "tags_all": owned,
			"assume_role_policy": `{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`},
			Unknown: map[string]any{"permissions_boundary": true}, Refs: map[string][]string{"permissions_boundary": {"aws_iam_policy.s3read.arn", "aws_iam_policy.s3read"}}},
		{Addr: "aws_iam_role_policy_attachment.worker", After: map[string]any{"role": "worker", "policy_arn": admin},
			Refs: map[string][]string{"role": {"aws_iam_role.worker.name", "aws_iam_role.worker"}}},
		{Addr: "aws_iam_user.open", After: map[string]any{"name": "open", "tags": owned, "tags_all": owned}},
		{Addr: "aws_iam_user_policy_attachment.open", After: map[string]any{"user": "open", "policy_arn": admin},
			Refs: map[string][]string{"user": {"aws_iam_user.open.name", "aws_iam_user.open"}}},
	}, nil)
	for _, addr := range []string{"aws_iam_user.bounded", "aws_iam_user_policy_attachment.bounded", "aws_iam_role.worker", "aws_iam_role_policy_attachment.worker"} {
		if f := has(r, addr, "NHI-004"); f != nil {
			t.Errorf("%s: admin within a read-only boundary: %s", addr, f.Message)
		}
	}
	for _, addr := range []string{"aws_iam_user.open", "aws_iam_user_policy_attachment.open"} {
		if f := has(r, addr, "NHI-004"); f == nil || !f.Blocking {
			t.Errorf("%s: unbounded admin not reported: %v", addr, findings(r))
		}
	}
}

// What a grant gives on its own is judged as it acts on its principal:
// iam:AttachUserPolicy on * lets a user grant itself AdministratorAccess,
// and a role only other users (escalation, not administrator). The grant
// and its principal get the same verdict.
func TestGrantJudgedForItsPrincipalsKind(t *testing.T) {
	t.Parallel()
	const attach = `{"Statement":[{"Effect":"Allow","Action":"iam:AttachUserPolicy","Resource":"*"}]}`
	r := check(t, []res{
		{Addr: "aws_iam_role.esc", After: map[string]any{"name": "esc", "tags": owned, "tags_all": owned,
			"assume_role_policy": `{"Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`}},
		{Addr: "aws_iam_role_policy.esc", After: map[string]any{"role": "esc", "policy": attach},
			Refs: map[string][]string{"role": {"aws_iam_role.esc.name", "aws_iam_role.esc"}}},
		{Addr: "aws_iam_user.esc", After: map[string]any{"name": "esc", "tags": owned, "tags_all": owned}},
		{Addr: "aws_iam_user_policy.esc", After: map[string]any{"user": "esc", "policy": attach},
			Refs: map[string][]string{"user": {"aws_iam_user.esc.name", "aws_iam_user.esc"}}},
	}, nil)
	for _, tc := range []struct {
		addr, rule string
	}{
		{"aws_iam_role.esc", "NHI-005"}, {"aws_iam_role_policy.esc", "NHI-005"},
		{"aws_iam_user.esc", "NHI-004"}, {"aws_iam_user_policy.esc", "NHI-004"},
	} {
		if has(r, tc.addr, tc.rule) == nil {
			t.Errorf("%s: no %s: %v", tc.addr, tc.rule, findings(r))
		}
	}
	if f := has(r, "aws_iam_role_policy.esc", "NHI-004"); f != nil {
		t.Errorf("a role's grant judged as a user's: %s", f.Message)
	}
}

// Permissions management on named resources is medium outside the
// identity services (s3:* on one bucket); on a named role it can raise a
// principal (iam:PutRolePolicy on its own role) and stays high.
func TestNamedPermissionsOnIdentityServicesStayHigh(t *testing.T) {
	t.Parallel()
	role := func(name string) map[string]any {
		return map[string]any{"name": name, "tags": owned, "tags_all": owned,
			"assume_role_policy": `{"Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`}
	}
	r := check(t, []res{
		{Addr: "aws_iam_role.bucket", After: role("bucket")},
		{Addr: "aws_iam_role_policy.bucket", After: map[string]any{"role": "bucket",
			"policy": `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::app","arn:aws:s3:::app/*"]}]}`},
			Refs: map[string][]string{"role": {"aws_iam_role.bucket.name", "aws_iam_role.bucket"}}},
		{Addr: "aws_iam_role.self", After: role("self")},
		{Addr: "aws_iam_role_policy.self", After: map[string]any{"role": "self",
			"policy": `{"Statement":[{"Effect":"Allow","Action":"iam:PutRolePolicy","Resource":"arn:aws:iam::111122223333:role/self"}]}`},
			Refs: map[string][]string{"role": {"aws_iam_role.self.name", "aws_iam_role.self"}}},
	}, nil)
	if f := has(r, "aws_iam_role_policy.bucket", "NHI-005"); f == nil || f.Severity != report.Medium {
		t.Errorf("s3:* on one bucket: %+v", f)
	}
	if f := has(r, "aws_iam_role_policy.self", "NHI-005"); f == nil || f.Severity != report.High || !f.Blocking {
		t.Errorf("iam:PutRolePolicy on a named role: %+v (%v)", f, findings(r))
	}
}
