package rules_test

import "testing"

// A binding to a custom role the plan defines is judged on the role's
// permissions, found by the role's name or id, whichever the binding
// names: setIamPolicy on the project is administration, reading objects
// is not.
func TestGoogleCustomRoleBindings(t *testing.T) {
	t.Parallel()
	role := func(id string, perms ...any) map[string]any {
		return map[string]any{"project": "p", "role_id": id, "title": id, "name": "projects/p/roles/" + id, "id": "projects/p/roles/" + id, "permissions": perms}
	}
	r := check(t, []res{
		{Addr: "google_project_iam_custom_role.admin", After: role("keyAdmin", "iam.serviceAccountKeys.create", "resourcemanager.projects.setIamPolicy")},
		{Addr: "google_project_iam_custom_role.reader", After: role("reader", "storage.objects.get")},
		{Addr: "google_project_iam_member.admin", After: map[string]any{"project": "p", "role": "projects/p/roles/keyAdmin", "member": "serviceAccount:ci@p.iam.gserviceaccount.com"}},
		{Addr: "google_project_iam_member.reader", After: map[string]any{"project": "p", "role": "projects/p/roles/reader", "member": "serviceAccount:ro@p.iam.gserviceaccount.com"}},
	}, nil)
	if has(r, "google_project_iam_member.admin", "NHI-004") == nil {
		t.Errorf("a custom role that sets IAM policy is not over-privileged: %v", findings(r))
	}
	if f := has(r, "google_project_iam_member.reader", "NHI-004"); f != nil {
		t.Errorf("a custom role that reads objects is over-privileged: %s", f.Message)
	}
}
