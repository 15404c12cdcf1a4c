package rules_test

import (
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/rules"
)

// Every finding a rule reports at other than its default severity is a
// documented case (`nhiguard explain`, the rule pages, SARIF help): each
// declared case is shown here by a plan that brings it about, at the
// declared severity, and a case without an example fails the test.
func TestSeverityCasesAreWhatRulesReport(t *testing.T) {
	t.Parallel()
	owned := map[string]any{"owner": "team-a"}
	key := map[string]any{"user": "ci", "status": "Active"}
	userRef := map[string][]string{"user": {"aws_iam_user.ci.name", "aws_iam_user.ci"}}
	appRef := map[string][]string{"application_id": {"azuread_application.app.id", "azuread_application.app"},
		"end_date": {"time_offset.x.rfc3339", "time_offset.x"}}
	r := check(t, []res{
		{Addr: "aws_iam_user.ci", After: map[string]any{"name": "ci", "tags": owned, "tags_all": owned}},
		{Addr: "aws_iam_user.unknown_tags", After: map[string]any{"name": "u"}, Unknown: map[string]any{"tags": true, "tags_all": true}},
		{Addr: "aws_iam_access_key.ci", After: key, Unknown: map[string]any{"secret": true, "id": true}, Refs: userRef},
		{Addr: "azuread_application.app", After: map[string]any{"display_name": "app", "owners": []any{"00000000-0000-0000-0000-000000000001"}}},
		{Addr: "azuread_application_password.later", After: map[string]any{"display_name": "later"},
			Unknown: map[string]any{"end_date": true, "key_id": true, "value": true}, Refs: appRef},
		{Addr: "aws_db_instance.literal", After: map[string]any{"identifier": "db", "password": "a-literal-canary", "tags": owned, "tags_all": owned},
			Sensitive: map[string]any{"password": true}},
		{Addr: "azuread_application.app2", After: map[string]any{"display_name": "app2", "owners": []any{"00000000-0000-0000-0000-000000000001"},
			"required_resource_access": []any{map[string]any{"resource_app_id": "00000003-0000-0000-c000-000000000000", "resource_access": []any{
				map[string]any{"id": "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8", "type": "Role"}, // RoleManagement.ReadWrite.Directory
				map[string]any{"id": "62a82d76-70ea-41e2-9197-370581804d09", "type": "Role"}, // Group.ReadWrite.All
			}}}}},
		{Addr: "aws_iam_user_policy.later", After: map[string]any{"user": "ci"}, Unknown: map[string]any{"policy": true}, Refs: userRef},
		{Addr: "time_rotating.later", After: map[string]any{}, Unknown: map[string]any{"rotation_days": true, "id": true},
			Refs: map[string][]string{"rotation_days": {"random_integer.days.result", "random_integer.days"}}},
		{Addr: "random_password.rotated_later", After: map[string]any{"length": 32}, Unknown: map[string]any{"result": true, "keepers": true},
			Refs: map[string][]string{"keepers": {"time_rotating.later.id", "time_rotating.later"}}},
		{Addr: "aws_iam_role.bucket", After: map[string]any{"name": "bucket", "tags": owned, "tags_all": owned,
			"assume_role_policy": `{"Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`}},
		{Addr: "aws_iam_role_policy.bucket", After: map[string]any{"role": "bucket",
			"policy": `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::app-bucket","arn:aws:s3:::app-bucket/*"]}]}`},
			Refs: map[string][]string{"role": {"aws_iam_role.bucket.name", "aws_iam_role.bucket"}}},
		{Addr: "google_service_account.deployer", After: map[string]any{"account_id": "deployer", "description": "owner=team-a",
			"email": "deployer@p.iam.gserviceaccount.com"}, Unknown: map[string]any{"name": true, "id": true}},
		{Addr: "google_iam_workload_identity_pool.github", After: map[string]any{"workload_identity_pool_id": "github"}, Unknown: map[string]any{"name": true}},
		{Addr: "azurerm_federated_identity_credential.default_sa", After: map[string]any{"name": "d", "issuer": "https://oidc.example/aks",
			"subject": "system:serviceaccount:payments:default", "audience": []any{"api://AzureADTokenExchange"}}},
		{Addr: "google_iam_workload_identity_pool_provider.aws", After: map[string]any{"workload_identity_pool_provider_id": "aws",
			"aws": []any{map[string]any{"account_id": "999999999999"}}, "attribute_condition": "assertion.account == '999999999999'"}},
		{Addr: "google_service_account_iam_member.wif", After: map[string]any{"role": "roles/iam.workloadIdentityUser", "condition": []any{}},
			Unknown: map[string]any{"member": true, "service_account_id": true},
			Refs: map[string][]string{"member": {"google_iam_workload_identity_pool.github.name", "google_iam_workload_identity_pool.github"},
				"service_account_id": {"google_service_account.deployer.name", "google_service_account.deployer"}}},
		{Addr: "nhi_identity.partner", Actions: []string{"no-op"},
			Before: map[string]any{"name": "partner", "owner": "team-b", "rotation_due_at": "2026-09-01T00:00:00Z"},
			After:  map[string]any{"name": "partner", "owner": "team-b", "rotation_due_at": "2026-09-01T00:00:00Z"}},
	}, map[string]any{
		"outputs": map[string]any{
			"key": map[string]any{"expression": map[string]any{"references": []string{"aws_iam_access_key.ci.secret", "aws_iam_access_key.ci"}}},
		},
		"output_changes": map[string]any{
			"key": map[string]any{"actions": []string{"create"}, "before": nil, "after": nil, "after_unknown": true, "before_sensitive": false, "after_sensitive": false},
		},
	})
	examples := map[string]struct{ rule, address, message string }{
		"owner tags only known after apply":       {"NHI-001", "aws_iam_user.unknown_tags", "only known after apply"},
		"lifetime only known after apply":         {"NHI-003", "azuread_application_password.later", "only known after apply"},
		"output not marked sensitive":             {"NHI-007", "output.key", "not sensitive"},
		"literal in the configuration":            {"NHI-007", "aws_db_instance.literal", "as a literal"},
		"rotation of a declared identity overdue": {"NHI-008", "nhi_identity.partner", "rotation of nhi_identity.partner"},
		"admin permission requested":              {"NHI-004", "azuread_application.app2", "RoleManagement.ReadWrite.Directory"},
		"privilege not judged":                    {"NHI-004", "aws_iam_user_policy.later", "could not be judged"},
		"rotation period not known":               {"NHI-003", "random_password.rotated_later", "how often is only known after apply"},
		"escalation permission requested":         {"NHI-005", "azuread_application.app2", "Group.ReadWrite.All"},
		"permissions on named resources":          {"NHI-005", "aws_iam_role_policy.bucket", "can change permissions"},
		"member known after apply":                {"NHI-006", "google_service_account_iam_member.wif", "could not be verified"},
		"one party's workloads":                   {"NHI-006", "google_iam_workload_identity_pool_provider.aws", "every IAM principal of AWS account 999999999999"},
		"a namespace's default service account":   {"NHI-006", "azurerm_federated_identity_credential.default_sa", "system:serviceaccount:payments:default"},
	}
	covered := map[*rules.SeverityCase]bool{}
	for name, ex := range examples {
		var found bool
		for _, f := range r.Findings {
			if f.Rule != ex.rule || f.Address != ex.address || !strings.Contains(f.Message, ex.message) {
				continue
			}
			found = true
			var match *rules.SeverityCase
			for _, c := range rules.Lookup(ex.rule).SeverityCases() {
				if c.Severity == f.Severity {
					match = c
				}
			}
			if match == nil {
				t.Errorf("%s: %s %s is %s, which no case of the rule documents", name, ex.rule, ex.address, f.Severity)
				continue
			}
			covered[match] = true
		}
		if !found {
			t.Errorf("%s: no %s on %s saying %q: %v", name, ex.rule, ex.address, ex.message, findings(r))
		}
	}
	for _, rule := range rules.All() {
		for _, c := range rule.SeverityCases() {
			if c.Severity == rule.Severity {
				t.Errorf("%s: a case at the default severity (%s) is no case: %s", rule.ID, c.Severity, c.When)
			}
			if !covered[c] && !sameSeverityCovered(covered, c) {
				t.Errorf("%s: the case %q has no example here", rule.ID, c.When)
			}
		}
	}
}

// sameSeverityCovered: two cases of one rule at one severity (NHI-007's
// critical ones) are told apart by their examples' messages, not here.
func sameSeverityCovered(covered map[*rules.SeverityCase]bool, c *rules.SeverityCase) bool {
	for d := range covered {
		if d.Rule == c.Rule && d.Severity == c.Severity {
			return true
		}
	}
	return false
}
