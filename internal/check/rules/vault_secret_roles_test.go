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

// A Vault GCP roleset (or static account) binds the service account it
// issues credentials of to its bindings' roles, and an Azure secrets role
// assigns the service principal it makes its azure_roles: judged by the
// Google and Azure engines at the bindings' scopes.
func TestVaultGCPAndAzureSecretRoles(t *testing.T) {
	t.Parallel()
	gcp := func(typ, resource string, roles ...any) res {
		return res{Addr: typ + ".ci", After: map[string]any{"backend": "gcp", "roleset": "ci", "project": "p", "secret_type": "access_token",
			"binding": []any{map[string]any{"resource": resource, "roles": roles}}}}
	}
	azure := func(role, scope string) res {
		return res{Addr: "vault_azure_secret_backend_role.ci", After: map[string]any{"backend": "azure", "role": "ci",
			"azure_roles": []any{map[string]any{"role_name": role, "scope": scope}}}}
	}
	project := "//cloudresourcemanager.googleapis.com/projects/p"
	cases := []struct {
		name     string
		r        res
		rule     string
		severity report.Severity // 0: no finding of rule
	}{
		{"roleset owner of a project", gcp("vault_gcp_secret_roleset", project, "roles/owner"), "NHI-004", report.Critical},
		{"static account editor of a folder", gcp("vault_gcp_secret_static_account", "//cloudresourcemanager.googleapis.com/folders/1", "roles/editor"), "NHI-004", report.Critical},
		{"roleset viewer of a project", gcp("vault_gcp_secret_roleset", project, "roles/viewer"), "NHI-004", 0},
		{"roleset object admin of one bucket", gcp("vault_gcp_secret_roleset", "//storage.googleapis.com/projects/_/buckets/releases", "roles/storage.objectAdmin"), "NHI-004", 0},
		{"Azure Owner of a subscription", azure("Owner", "/subscriptions/00000000-0000-0000-0000-000000000001"), "NHI-004", report.Critical},
		{"Azure Reader of a resource group", azure("Reader", "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/app"), "NHI-004", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := check(t, []res{tc.r}, nil)
			f := has(r, tc.r.Addr, tc.rule)
			switch {
			case tc.severity == 0 && f != nil:
				t.Errorf("unexpected %s: %s", tc.rule, f.Message)
			case tc.severity != 0 && f == nil:
				t.Errorf("no %s on %s; findings %v", tc.rule, tc.r.Addr, findings(r))
			case f != nil && f.Severity != tc.severity:
				t.Errorf("%s %s %q, want %s", tc.rule, f.Severity, f.Message, tc.severity)
			}
		})
	}
}
