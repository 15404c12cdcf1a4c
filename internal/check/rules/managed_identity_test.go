package rules_test

import (
	"strings"
	"testing"
)

// A role assignment to an Azure resource's system-assigned managed
// identity (principal_id = X.identity[0].principal_id) is judged as a
// grant, and its finding names the resource whose identity receives it.
func TestGrantToAResourcesManagedIdentityNamesIt(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "azurerm_linux_function_app.api", After: map[string]any{"name": "api", "tags": owned}, Unknown: map[string]any{"identity": true}},
		{Addr: "azurerm_role_assignment.api", After: map[string]any{"role_definition_name": "Owner", "scope": "/subscriptions/00000000-0000-0000-0000-0000000000dd"},
			Unknown: map[string]any{"principal_id": true},
			Refs:    map[string][]string{"principal_id": {"azurerm_linux_function_app.api.identity[0].principal_id", "azurerm_linux_function_app.api.identity[0]", "azurerm_linux_function_app.api"}}},
		// An existing app's identity: its principal id is known, the reference still names whose it is.
		{Addr: "azurerm_linux_function_app.old", Actions: []string{"no-op"}, Before: map[string]any{"name": "old", "tags": owned}, After: map[string]any{"name": "old", "tags": owned}},
		{Addr: "azurerm_role_assignment.old", After: map[string]any{"role_definition_name": "Owner", "scope": "/subscriptions/00000000-0000-0000-0000-0000000000dd",
			"principal_id": "99999999-0000-0000-0000-000000000001"},
			Refs: map[string][]string{"principal_id": {"azurerm_linux_function_app.old.identity[0].principal_id", "azurerm_linux_function_app.old.identity[0]", "azurerm_linux_function_app.old"}}},
	}, nil)
	if f := has(r, "azurerm_role_assignment.old", "NHI-004"); f == nil || !strings.Contains(f.Message, "it is granted to the managed identity of azurerm_linux_function_app.old") {
		t.Errorf("a known principal id read from an app's identity: %+v", f)
	}
	f := has(r, "azurerm_role_assignment.api", "NHI-004")
	if f == nil || !strings.Contains(f.Message, "it is granted to the managed identity of azurerm_linux_function_app.api (`azurerm_linux_function_app.api.identity[0].principal_id`)") {
		t.Errorf("the grant does not name whose identity receives it: %+v (%v)", f, findings(r))
	}
}
