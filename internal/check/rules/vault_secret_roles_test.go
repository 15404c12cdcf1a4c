package rules_test

import (
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// A Vault AWS secrets-engine role of credential_type iam_user makes an IAM
// user on every read of aws/creds/NAME, holding its policies: judged as an
// IAM user is, through policy_arns, policy_document, iam_groups and the
// permissions boundary. Other credential types only narrow a role's or
// Vault's own rights, which the plan does not show.
func TestVaultAWSSecretRoleIssuesUsers(t *testing.T) {
	t.Parallel()
	const addr = "vault_aws_secret_backend_role.ci"
	role := func(vals map[string]any) res {
		v := map[string]any{"backend": "aws", "name": "ci", "credential_type": "iam_user"}
		for k, x := range vals {
			v[k] = x
		}
		return res{Addr: addr, After: v}
	}
	admin := "arn:aws:iam::aws:policy/AdministratorAccess"
	cases := []struct {
		name     string
		rs       []res
		rule     string
		severity report.Severity // 0: no finding of rule on addr
	}{
		{"managed AdministratorAccess", []res{role(map[string]any{"policy_arns": []any{admin}})}, "NHI-004", report.Critical},
		{"policy document allowing everything", []res{role(map[string]any{
			"policy_document": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`})}, "NHI-004", report.Critical},
		{"policy document for one bucket", []res{role(map[string]any{
			"policy_document": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::releases/*"}]}`})}, "NHI-004", 0},
		{"iam:PassRole on everything", []res{role(map[string]any{
			"policy_document": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:PassRole","ec2:RunInstances"],"Resource":"*"}]}`})}, "NHI-005", report.High},
		{"member of an admin group", []res{
			role(map[string]any{"iam_groups": []any{"admins"}}),
			{Addr: "aws_iam_group.admins", After: map[string]any{"name": "admins", "path": "/"}},
			{Addr: "aws_iam_group_policy_attachment.admins", After: map[string]any{"group": "admins", "policy_arn": admin}},
		}, "NHI-004", report.Critical},
		{"admin within a read-only boundary", []res{role(map[string]any{"policy_arns": []any{admin},
			"permissions_boundary_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"})}, "NHI-004", 0},
		// The session policy of an assumed role only narrows the role.
		{"assumed role", []res{role(map[string]any{"credential_type": "assumed_role", "policy_arns": []any{admin},
			"role_arns": []any{"arn:aws:iam::123456789012:role/deploy"}})}, "NHI-004", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := check(t, tc.rs, nil)
			f := has(r, addr, tc.rule)
			switch {
			case tc.severity == 0 && f != nil:
				t.Errorf("unexpected %s: %s", tc.rule, f.Message)
			case tc.severity != 0 && f == nil:
				t.Errorf("no %s on %s; findings %v", tc.rule, addr, findings(r))
			case f != nil && f.Severity != tc.severity:
				t.Errorf("%s %s %q, want %s", tc.rule, f.Severity, f.Message, tc.severity)
			}
		})
	}
}
