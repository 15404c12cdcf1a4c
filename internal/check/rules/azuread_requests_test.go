package rules_test

import (
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// Microsoft Graph application permissions, by app role id.
const (
	graphAPI                = "00000003-0000-0000-c000-000000000000"
	roleManagementReadWrite = "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8" // RoleManagement.ReadWrite.Directory
	appRoleAssignmentRW     = "06b708a9-e830-4db3-a914-8e69da51d44f" // AppRoleAssignment.ReadWrite.All
	applicationOwnedBy      = "18a4783c-866b-4cc7-a460-3d5e5662c884" // Application.ReadWrite.OwnedBy
	directoryReadWriteAll   = "19dbc75e-c2e2-444c-a770-ec69d8559fc7" // Directory.ReadWrite.All
	userRead                = "e1fe6dd8-ba31-4d61-89e7-88639da4683d" // User.Read, delegated
)

// An Entra ID application that asks for Microsoft Graph application
// permissions (required_resource_access, azuread_application_api_access)
// gets them once an administrator consents, in the portal or elsewhere,
// which the plan does not show. An admin-equivalent request is a medium
// NHI-004, an escalation-capable one a medium NHI-005: reported, not
// blocking by default. Delegated permissions (type Scope) act for a
// signed-in user and are not judged; a permission the plan itself grants
// to the application's service principal is judged as that grant.
func TestRequestedApplicationPermissions(t *testing.T) {
	t.Parallel()
	owners := []any{"00000000-0000-0000-0000-000000000001"}
	access := func(api string, perms ...[2]string) map[string]any {
		var ra []any
		for _, p := range perms {
			ra = append(ra, map[string]any{"id": p[0], "type": p[1]})
		}
		return map[string]any{"resource_app_id": api, "resource_access": ra}
	}
	app := func(name string, blocks ...any) res {
		return res{Addr: "azuread_application." + name, After: map[string]any{"display_name": name, "owners": owners, "required_resource_access": blocks},
			Unknown: map[string]any{"client_id": true, "object_id": true, "id": true}}
	}
	r := check(t, []res{
		app("ops", access(graphAPI, [2]string{roleManagementReadWrite, "Role"}, [2]string{userRead, "Scope"}),
			access(graphAPI, [2]string{applicationOwnedBy, "Role"})),
		app("delegated", access(graphAPI, [2]string{directoryReadWriteAll, "Scope"})),
		app("granted", access(graphAPI, [2]string{appRoleAssignmentRW, "Role"})),
		{Addr: "azuread_service_principal.granted", After: map[string]any{"owners": owners},
			Unknown: map[string]any{"client_id": true, "object_id": true, "id": true},
			Refs:    map[string][]string{"client_id": {"azuread_application.granted.client_id", "azuread_application.granted"}}},
		{Addr: "azuread_app_role_assignment.granted", After: map[string]any{"app_role_id": appRoleAssignmentRW},
			Unknown: map[string]any{"principal_object_id": true, "resource_object_id": true},
			Refs: map[string][]string{"principal_object_id": {"azuread_service_principal.granted.object_id", "azuread_service_principal.granted"},
				"resource_object_id": {"azuread_service_principal.msgraph.object_id", "azuread_service_principal.msgraph"}}},
		{Addr: "azuread_service_principal.msgraph", After: map[string]any{"client_id": graphAPI, "use_existing": true}, Unknown: map[string]any{"object_id": true, "id": true}},
		// A Graph permission the engine does not know: the .tf sources
		// cannot tell what it is, so the finding does not send there.
		{Addr: "azuread_app_role_assignment.unlisted", After: map[string]any{"app_role_id": "00000000-1111-2222-3333-444444444444"},
			Unknown: map[string]any{"principal_object_id": true, "resource_object_id": true},
			Refs: map[string][]string{"principal_object_id": {"azuread_service_principal.granted.object_id", "azuread_service_principal.granted"},
				"resource_object_id": {"azuread_service_principal.msgraph.object_id", "azuread_service_principal.msgraph"}}},
		app("api"),
		{Addr: "azuread_application_api_access.directory", After: map[string]any{"api_client_id": graphAPI, "role_ids": []any{directoryReadWriteAll}, "scope_ids": []any{userRead}},
			Refs: map[string][]string{"application_id": {"azuread_application.api.id", "azuread_application.api"}}},
	}, nil)

	if f := has(r, "azuread_app_role_assignment.unlisted", "NHI-004"); f == nil || f.Severity != report.Medium || strings.Contains(f.Message, "--source-dir") || !strings.Contains(f.Message, "not in the engine's table") {
		t.Errorf("a Graph permission the engine does not know: %+v", f)
	}
	for _, want := range []struct{ addr, rule, permission string }{
		{"azuread_application.ops", "NHI-004", "RoleManagement.ReadWrite.Directory"},
		{"azuread_application.ops", "NHI-005", "Application.ReadWrite.OwnedBy"},
		{"azuread_application_api_access.directory", "NHI-004", "Directory.ReadWrite.All"},
	} {
		f := has(r, want.addr, want.rule)
		if f == nil {
			t.Errorf("%s: no %s for a requested %s: %v", want.addr, want.rule, want.permission, findings(r))
			continue
		}
		if f.Severity != report.Medium || f.Blocking || !f.Introduced ||
			!strings.Contains(f.Message, "requests application permissions") || !strings.Contains(f.Message, want.permission) ||
			!strings.Contains(f.Message, "once an administrator consents") || !strings.Contains(f.Remediation, "reviewed change") {
			t.Errorf("%s %s: %s blocking=%v introduced=%v: %s / %s", want.addr, want.rule, f.Severity, f.Blocking, f.Introduced, f.Message, f.Remediation)
		}
		if strings.Contains(f.Message, "User.Read") {
			t.Errorf("%s: a delegated permission is judged: %s", want.addr, f.Message)
		}
	}
	if f := has(r, "azuread_application.ops", "NHI-004"); f != nil && strings.Contains(f.Message, "OwnedBy") {
		t.Errorf("NHI-004 names an escalation-only permission: %s", f.Message)
	}
	for _, addr := range []string{"azuread_application.delegated", "azuread_application.granted"} {
		for _, rule := range []string{"NHI-004", "NHI-005"} {
			if f := has(r, addr, rule); f != nil {
				t.Errorf("%s: %s for a delegated or granted permission: %s", addr, rule, f.Message)
			}
		}
	}
	if f := has(r, "azuread_app_role_assignment.granted", "NHI-004"); f == nil || f.Severity != report.Critical || !f.Blocking {
		t.Errorf("the grant of AppRoleAssignment.ReadWrite.All is judged as a grant: %+v", f)
	}
}

// A service principal created with the plan (the Microsoft Graph one,
// adopted with use_existing) has no app_role_ids until apply; grants and
// requests that read app_role_ids["Name"], as the azuread provider
// documents, are judged by the permission the reference names: the grant
// of RoleManagement.ReadWrite.Directory was of unknown privilege.
func TestAppRolesNamedByReference(t *testing.T) {
	t.Parallel()
	owners := []any{"00000000-0000-0000-0000-000000000001"}
	byName := func(name string) []string {
		return []string{`azuread_service_principal.msgraph.app_role_ids["` + name + `"]`, "azuread_service_principal.msgraph.app_role_ids", "azuread_service_principal.msgraph"}
	}
	ids := map[string]any{"client_id": true, "object_id": true, "id": true}
	r := check(t, []res{
		{Addr: "azuread_service_principal.msgraph", After: map[string]any{"client_id": graphAPI, "use_existing": true}, Unknown: map[string]any{"object_id": true, "id": true, "app_role_ids": true}},
		{Addr: "azuread_application.app", After: map[string]any{"display_name": "app", "owners": owners}, Unknown: ids},
		{Addr: "azuread_service_principal.app", After: map[string]any{"owners": owners}, Unknown: ids,
			Refs: map[string][]string{"client_id": {"azuread_application.app.client_id", "azuread_application.app"}}},
		{Addr: "azuread_app_role_assignment.roles", After: map[string]any{}, Unknown: map[string]any{"app_role_id": true, "principal_object_id": true, "resource_object_id": true},
			Refs: map[string][]string{"app_role_id": byName("RoleManagement.ReadWrite.Directory"),
				"principal_object_id": {"azuread_service_principal.app.object_id", "azuread_service_principal.app"},
				"resource_object_id":  {"azuread_service_principal.msgraph.object_id", "azuread_service_principal.msgraph"}}},
		// The application asks for what is granted above (not reported)
		// and for Application.ReadWrite.All (reported), by reference.
		{Addr: "azuread_application.asks", After: map[string]any{"display_name": "asks", "owners": owners,
			"required_resource_access": []any{map[string]any{"resource_app_id": graphAPI, "resource_access": []any{map[string]any{"type": "Role"}, map[string]any{"type": "Role"}}}}}, Unknown: map[string]any{"client_id": true, "object_id": true, "id": true,
			"required_resource_access": []any{map[string]any{"resource_access": []any{map[string]any{"id": true}, map[string]any{"id": true}}}}},
			Exprs: map[string]any{"required_resource_access": []any{map[string]any{
				"resource_app_id": map[string]any{"constant_value": graphAPI},
				"resource_access": []any{
					map[string]any{"id": map[string]any{"references": byName("Application.ReadWrite.All")}, "type": map[string]any{"constant_value": "Role"}},
					map[string]any{"id": map[string]any{"references": byName("User.Read.All")}, "type": map[string]any{"constant_value": "Role"}},
				}}}}},
		{Addr: "azuread_application_api_access.app", After: map[string]any{"api_client_id": graphAPI}, Unknown: map[string]any{"role_ids": true},
			Refs: map[string][]string{"application_id": {"azuread_application.app.id", "azuread_application.app"}, "role_ids": byName("RoleManagement.ReadWrite.Directory")}},
	}, nil)
	for _, addr := range []string{"azuread_app_role_assignment.roles", "azuread_service_principal.app"} {
		f := has(r, addr, "NHI-004")
		if f == nil || f.Severity != report.Critical || !f.Blocking || !strings.Contains(f.Message, "RoleManagement.ReadWrite.Directory") {
			t.Errorf("%s: the grant named by app_role_ids is not judged: %+v (%v)", addr, f, findings(r))
		}
	}
	f := has(r, "azuread_application.asks", "NHI-004")
	if f == nil || f.Severity != report.Medium || !strings.Contains(f.Message, "Application.ReadWrite.All") || strings.Contains(f.Message, "User.Read.All") {
		t.Errorf("a request named by app_role_ids: %+v (%v)", f, findings(r))
	}
	// azuread_application.app's own request of RoleManagement.ReadWrite.Directory
	// is what the plan grants its service principal.
	if f := has(r, "azuread_application_api_access.app", "NHI-004"); f != nil {
		t.Errorf("a request the plan grants is reported: %s", f.Message)
	}
	// Microsoft Graph's service principal, adopted to grant its
	// permissions, is Microsoft's: no owner is asked of it.
	if f := has(r, "azuread_service_principal.msgraph", "NHI-001"); f != nil {
		t.Errorf("an owner is asked of Microsoft's own service principal: %s", f.Message)
	}
}
