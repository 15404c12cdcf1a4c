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
