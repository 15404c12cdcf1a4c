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
	}, nil)
	f := has(r, "azurerm_role_assignment.api", "NHI-004")
	if f == nil || !strings.Contains(f.Message, "it is granted to the managed identity of azurerm_linux_function_app.api (`azurerm_linux_function_app.api.identity[0].principal_id`)") {
		t.Errorf("the grant does not name whose identity receives it: %+v (%v)", f, findings(r))
	}
}
