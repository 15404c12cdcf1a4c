package rules_test

import (
	"strings"
	"testing"
)

// Entra directory roles given to a service principal: by a reference to
// the activated role (its template id unknown until apply), by template id,
// through the older azuread_directory_role_member by the role's object id,
// and scoped to one administrative unit.
func TestDirectoryRolesOfServicePrincipals(t *testing.T) {
	t.Parallel()
	sp := res{Addr: "azuread_service_principal.ci", After: map[string]any{"client_id": "11111111-2222-3333-4444-555555555555", "owners": []any{"o-1"}},
		Unknown: map[string]any{"object_id": true, "id": true}}
	spRef := map[string][]string{"principal_object_id": {"azuread_service_principal.ci.object_id", "azuread_service_principal.ci"}}
	cases := []struct {
		name string
		rs   []res
		rule string // "" for no over-privilege finding on the service principal
	}{
		{"Global Administrator activated in the plan", []res{sp,
			{Addr: "azuread_directory_role.ga", After: map[string]any{"display_name": "Global Administrator"}, Unknown: map[string]any{"template_id": true, "object_id": true}},
			{Addr: "azuread_directory_role_assignment.ci", After: map[string]any{}, Unknown: map[string]any{"role_id": true, "principal_object_id": true},
				Refs: map[string][]string{"role_id": {"azuread_directory_role.ga.template_id", "azuread_directory_role.ga"}, "principal_object_id": spRef["principal_object_id"]}},
		}, "NHI-004"},
		{"Privileged Role Administrator by template id", []res{sp,
			{Addr: "azuread_directory_role_assignment.ci", After: map[string]any{"role_id": "e8611ab8-c189-46e8-94e1-60213ab1f814"}, Unknown: map[string]any{"principal_object_id": true}, Refs: spRef},
		}, "NHI-004"},
		{"Application Administrator through a role member, linked by object id", []res{sp,
			{Addr: "azuread_directory_role.apps", Actions: []string{"no-op"},
				Before: map[string]any{"display_name": "Application Administrator", "template_id": "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "object_id": "aaaa0000-0000-0000-0000-000000000001"},
				After:  map[string]any{"display_name": "Application Administrator", "template_id": "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "object_id": "aaaa0000-0000-0000-0000-000000000001"}},
			{Addr: "azuread_directory_role_member.ci", After: map[string]any{"role_object_id": "aaaa0000-0000-0000-0000-000000000001"}, Unknown: map[string]any{"member_object_id": true},
				Refs: map[string][]string{"member_object_id": {"azuread_service_principal.ci.object_id", "azuread_service_principal.ci"}}},
		}, "NHI-005"},
		{"Application Administrator of one administrative unit", []res{sp,
			{Addr: "azuread_directory_role_assignment.ci", After: map[string]any{"role_id": "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "directory_scope_id": "/administrativeUnits/bbbb0000-0000-0000-0000-000000000002"},
				Unknown: map[string]any{"principal_object_id": true}, Refs: spRef},
		}, ""},
		{"custom role that adds credentials to any application", []res{sp,
			{Addr: "azuread_custom_directory_role.deploy", After: map[string]any{"display_name": "Deployers", "enabled": true, "version": "1.0",
				"permissions": []any{map[string]any{"allowed_resource_actions": []any{"microsoft.directory/applications/credentials/update"}}}},
				Unknown: map[string]any{"object_id": true, "template_id": true}},
			{Addr: "azuread_directory_role_assignment.ci", After: map[string]any{}, Unknown: map[string]any{"role_id": true, "principal_object_id": true},
				Refs: map[string][]string{"role_id": {"azuread_custom_directory_role.deploy.object_id", "azuread_custom_directory_role.deploy"}, "principal_object_id": spRef["principal_object_id"]}},
		}, "NHI-005"},
		// Graph's documented scope of one application, "/${azuread_application.x.object_id}":
		// known after apply, made from that object's id alone.
		{"Cloud Application Administrator of one application, by reference", []res{sp,
			{Addr: "azuread_application.target", After: map[string]any{"display_name": "t", "owners": []any{"o-1"}}, Unknown: map[string]any{"object_id": true}},
			{Addr: "azuread_directory_role_assignment.ci", After: map[string]any{"role_id": "158c047a-c907-4556-b7ef-446551a6b5f7"},
				Unknown: map[string]any{"principal_object_id": true, "directory_scope_id": true},
				Refs: map[string][]string{"principal_object_id": spRef["principal_object_id"],
					"directory_scope_id": {"azuread_application.target.object_id", "azuread_application.target"}}},
		}, ""},
		// Anything else in the expression may make it the tenant's "/".
		{"Cloud Application Administrator, scope from a variable too", []res{sp,
			{Addr: "azuread_application.target", After: map[string]any{"display_name": "t", "owners": []any{"o-1"}}, Unknown: map[string]any{"object_id": true}},
			{Addr: "azuread_directory_role_assignment.ci", After: map[string]any{"role_id": "158c047a-c907-4556-b7ef-446551a6b5f7"},
				Unknown: map[string]any{"principal_object_id": true, "directory_scope_id": true},
				Refs: map[string][]string{"principal_object_id": spRef["principal_object_id"],
					"directory_scope_id": {"var.tenant_wide", "azuread_application.target.object_id", "azuread_application.target"}}},
		}, "NHI-005"},
		{"Directory Readers", []res{sp,
			{Addr: "azuread_directory_role_assignment.ci", After: map[string]any{"role_id": "88d8e3e3-8f55-4a1e-953a-9b9898b8876b"}, Unknown: map[string]any{"principal_object_id": true}, Refs: spRef},
		}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := check(t, tc.rs, nil)
			for _, rule := range []string{"NHI-004", "NHI-005"} {
				if got, want := has(r, "azuread_service_principal.ci", rule) != nil, rule == tc.rule; got != want {
					t.Errorf("%s on the service principal: %v, want %v (findings %v)", rule, got, want, findings(r))
				}
			}
			if f := has(r, "azuread_service_principal.ci", tc.rule); f != nil && !strings.Contains(f.Message, " Administrator") && !strings.Contains(f.Message, "Deployers") {
				t.Errorf("%s does not name the role: %s", tc.rule, f.Message)
			}
		})
	}
}
