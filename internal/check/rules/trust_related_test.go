package rules_test

import (
	"slices"
	"testing"
)

// A federated identity credential open too widely opens the application
// it belongs to: the finding names it.
func TestOpenFederatedCredentialNamesItsApplication(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "azuread_application.gh", After: map[string]any{"display_name": "gh", "owners": []any{"00000000-0000-0000-0000-000000000001"}}, Unknown: map[string]any{"id": true}},
		{Addr: "azuread_application_federated_identity_credential.gh", After: map[string]any{"display_name": "gh", "issuer": "https://token.actions.githubusercontent.com",
			"subject": "", "audiences": []any{"api://AzureADTokenExchange"}},
			Refs: map[string][]string{"application_id": {"azuread_application.gh.id", "azuread_application.gh"}}},
	}, nil)
	f := has(r, "azuread_application_federated_identity_credential.gh", "NHI-006")
	if f == nil || !slices.Contains(f.Related, "azuread_application.gh") {
		t.Errorf("open credential does not name its application: %+v (%v)", f, findings(r))
	}
}
