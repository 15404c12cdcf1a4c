package rules_test

import (
	"strings"
	"testing"
)

// NHI-004's fix fits the engine: an Azure Owner assignment is not told to
// use IAM Access Analyzer, which is AWS's.
func TestAdminFixFitsTheEngine(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "azurerm_user_assigned_identity.ci", After: map[string]any{"name": "ci", "tags": owned}, Unknown: map[string]any{"principal_id": true}},
		{Addr: "azurerm_role_assignment.ci", After: map[string]any{"scope": "/subscriptions/00000000-0000-0000-0000-000000000000", "role_definition_name": "Owner"},
			Unknown: map[string]any{"principal_id": true}, Refs: map[string][]string{"principal_id": {"azurerm_user_assigned_identity.ci.principal_id", "azurerm_user_assigned_identity.ci"}}},
		{Addr: "aws_iam_user.ci", After: map[string]any{"name": "ci", "tags": owned, "tags_all": owned}},
		{Addr: "aws_iam_user_policy_attachment.ci", After: map[string]any{"user": "ci", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"},
			Refs: map[string][]string{"user": {"aws_iam_user.ci.name", "aws_iam_user.ci"}}},
	}, nil)
	for _, addr := range []string{"azurerm_user_assigned_identity.ci", "azurerm_role_assignment.ci"} {
		f := has(r, addr, "NHI-004")
		if f == nil {
			t.Fatalf("%s: no NHI-004: %v", addr, findings(r))
		}
		if strings.Contains(f.Remediation, "Access Analyzer") || !strings.Contains(f.Remediation, "narrowest scope") {
			t.Errorf("%s: fix does not fit Azure: %s", addr, f.Remediation)
		}
	}
	if f := has(r, "aws_iam_user.ci", "NHI-004"); f == nil || !strings.Contains(f.Remediation, "Access Analyzer") {
		t.Errorf("AWS keeps the rule's own fix: %+v", f)
	}
}
