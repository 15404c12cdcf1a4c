package rules_test

import "testing"

// azuread_application_registration carries no owners: the azuread provider
// sets them with azuread_application_owner, which names the application
// and the owner's object id. The registration, and the password it holds,
// are owned through it; without one they are not.
func TestOwnerNamedByAnotherResource(t *testing.T) {
	t.Parallel()
	for _, withOwner := range []bool{true, false} {
		rs := []res{
			{Addr: "azuread_application_registration.reg", After: map[string]any{"display_name": "reg"}, Unknown: map[string]any{"id": true, "client_id": true}},
			{Addr: "azuread_application_password.reg", After: map[string]any{"display_name": "ci", "end_date_relative": "720h"}, Unknown: map[string]any{"value": true},
				Refs: map[string][]string{"application_id": {"azuread_application_registration.reg.id", "azuread_application_registration.reg"}}},
		}
		if withOwner {
			rs = append(rs, res{Addr: "azuread_application_owner.reg", After: map[string]any{"owner_object_id": "11111111-2222-3333-4444-555555555555"},
				Refs: map[string][]string{"application_id": {"azuread_application_registration.reg.id", "azuread_application_registration.reg"}}})
		}
		r := check(t, rs, nil)
		for _, addr := range []string{"azuread_application_registration.reg", "azuread_application_password.reg"} {
			if got := has(r, addr, "NHI-001") != nil; got == withOwner {
				t.Errorf("owner resource %v: %s NHI-001 %v: %v", withOwner, addr, got, findings(r))
			}
		}
		if withOwner {
			for _, e := range r.Inventory {
				if e.Address == "azuread_application_registration.reg" && e.Owner != "11111111-2222-3333-4444-555555555555" {
					t.Errorf("inventory owner %q", e.Owner)
				}
			}
		}
	}
}

// Microsoft Graph's service principal, adopted with use_existing to grant
// its permissions, is Microsoft's identity: no owner is asked of it, and
// the register does not list it.
func TestForeignServicePrincipalIsNotInventoried(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "azuread_service_principal.msgraph", After: map[string]any{"client_id": "00000003-0000-0000-c000-000000000000", "use_existing": true}},
		{Addr: "azuread_service_principal.app", After: map[string]any{"client_id": "11111111-2222-3333-4444-555555555555", "owners": []any{"00000000-0000-0000-0000-000000000001"}}},
	}, nil)
	listed := map[string]bool{}
	for _, e := range r.Inventory {
		listed[e.Address] = true
	}
	if listed["azuread_service_principal.msgraph"] || !listed["azuread_service_principal.app"] {
		t.Errorf("inventory: %v", listed)
	}
	if f := has(r, "azuread_service_principal.msgraph", "NHI-001"); f != nil {
		t.Errorf("Microsoft Graph asked for an owner: %s", f.Message)
	}
}
