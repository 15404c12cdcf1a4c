package rules_test

import (
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// The Cloud Control provider (awscc) makes the same IAM objects as the aws
// provider, with the policies on the principal and tags as {key, value}
// objects: an admin role, an open trust or an unowned user made through it
// is judged as the aws provider's is.
func TestAWSCloudControlIAM(t *testing.T) {
	t.Parallel()
	admin := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	narrow := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`
	openTrust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"*"}}]}`
	ec2Trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ec2.amazonaws.com"}}]}`
	owner := []any{map[string]any{"key": "Name", "value": "x"}, map[string]any{"key": "owner", "value": "team-platform"}}
	// Cloud Control computes every optional attribute the configuration
	// leaves unset: unknown at plan time, it holds nothing.
	computed := map[string]any{"arn": true, "id": true, "role_id": true, "managed_policy_arns": true, "permissions_boundary": true, "path": true, "policies": true, "max_session_duration": true, "description": true}
	r := check(t, []res{
		{Addr: "awscc_iam_role.inline_admin", After: map[string]any{"role_name": "inline-admin", "assume_role_policy_document": ec2Trust, "tags": owner,
			"policies": []any{map[string]any{"policy_name": "all", "policy_document": admin}}}, Unknown: without(computed, "policies")},
		{Addr: "awscc_iam_role.open", After: map[string]any{"role_name": "open", "assume_role_policy_document": openTrust, "tags": owner}, Unknown: computed},
		{Addr: "awscc_iam_role.quiet", After: map[string]any{"role_name": "quiet", "assume_role_policy_document": ec2Trust, "tags": owner}, Unknown: computed},
		{Addr: "awscc_iam_role_policy.grant", After: map[string]any{"role_name": "quiet", "policy_name": "s3", "policy_document": narrow}, Refs: map[string][]string{"role_name": {"awscc_iam_role.quiet.role_name", "awscc_iam_role.quiet"}}},
		{Addr: "awscc_iam_user.managed_admin", After: map[string]any{"user_name": "ci", "managed_policy_arns": []any{"arn:aws:iam::aws:policy/AdministratorAccess"}}, Unknown: without(computed, "managed_policy_arns")},
		{Addr: "awscc_iam_user.via_group", After: map[string]any{"user_name": "deployer", "groups": []any{"admins"}, "tags": owner}, Unknown: computed},
		{Addr: "awscc_iam_group.admins", After: map[string]any{"group_name": "admins", "policies": []any{map[string]any{"policy_name": "all", "policy_document": admin}}}, Unknown: without(computed, "policies")},
		{Addr: "aws_iam_access_key.ci", After: map[string]any{"user": "ci", "status": "Active"}, Refs: map[string][]string{"user": {"awscc_iam_user.managed_admin.user_name", "awscc_iam_user.managed_admin"}}},
		{Addr: "awscc_iam_role.managed_target", After: map[string]any{"role_name": "target", "assume_role_policy_document": ec2Trust, "tags": owner}, Unknown: computed},
		{Addr: "awscc_iam_managed_policy.attach_admin", After: map[string]any{"policy_document": admin, "roles": []any{"target"}}, Unknown: map[string]any{"policy_arn": true, "id": true}},
		// Tags the configuration leaves unset are computed: no owner, for sure.
		{Addr: "awscc_iam_role.untagged", After: map[string]any{"role_name": "untagged", "assume_role_policy_document": ec2Trust}, Unknown: without(computed, "tags")},
		// An existing role's unknown policies are whatever AWS holds: not judged as none.
		{Addr: "awscc_iam_role.updated", Actions: []string{"update"}, Before: map[string]any{"role_name": "updated", "assume_role_policy_document": ec2Trust, "tags": owner, "description": "a"},
			After: map[string]any{"role_name": "updated", "assume_role_policy_document": ec2Trust, "tags": owner, "description": "b"}, Unknown: map[string]any{"policies": true}},
	}, nil)
	for _, want := range []struct{ addr, rule string }{
		{"awscc_iam_role.inline_admin", "NHI-004"},
		{"awscc_iam_role.open", "NHI-006"},
		{"awscc_iam_user.managed_admin", "NHI-004"},
		{"awscc_iam_user.managed_admin", "NHI-001"},
		{"awscc_iam_user.via_group", "NHI-004"},
		{"awscc_iam_role.managed_target", "NHI-004"},
		{"aws_iam_access_key.ci", "NHI-002"},
	} {
		if has(r, want.addr, want.rule) == nil {
			t.Errorf("%s: no %s (%v)", want.addr, want.rule, findings(r))
		}
	}
	// Owned through {key, value} tags, with a narrow grant and a closed trust.
	noFindingsOn(t, r, "awscc_iam_role.quiet", "an owned role with a narrow policy and a service trust")
	if f := has(r, "awscc_iam_role.untagged", "NHI-001"); f == nil || f.Severity != report.High || strings.Contains(f.Message, "may have no owner") {
		t.Errorf("a role whose tags are unset is not unowned for sure: %+v", f)
	}
	privilege := map[string]string{}
	for _, e := range r.Inventory {
		privilege[e.Address] = e.Privilege
	}
	for addr, want := range map[string]string{"awscc_iam_role.untagged": "none", "awscc_iam_role.updated": "unknown", "awscc_iam_role.inline_admin": "admin"} {
		if privilege[addr] != want {
			t.Errorf("%s: privilege %q, want %q", addr, privilege[addr], want)
		}
	}
	if f := has(r, "awscc_iam_user.via_group", "NHI-004"); f != nil && !strings.Contains(f.Message+strings.Join(f.Related, " "), "awscc_iam_group.admins") {
		t.Errorf("the group's admin policy is not named: %s", f.Message)
	}
}

func without(m map[string]any, keys ...string) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	for _, k := range keys {
		delete(out, k)
	}
	return out
}
