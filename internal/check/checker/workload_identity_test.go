package checker_test

import (
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/checktest"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

const subscription = "/subscriptions/00000000-0000-0000-0000-0000000000dd"

// systemIdentity is an identity block as azurerm plans it; a principal id
// of "" is known only after apply.
func systemIdentity(typ, principalID string) []any {
	block := map[string]any{"type": typ, "identity_ids": nil}
	if principalID != "" {
		block["principal_id"] = principalID
	}
	return []any{block}
}

// identityRefs are the references Terraform lists for host.identity[0].principal_id.
func identityRefs(host, attr string) []string {
	block := strings.SplitN(attr, ".", 2)[0]
	return []string{host + "." + block + "[0]." + strings.SplitN(attr, ".", 2)[1], host + "." + block + "[0]", host + "." + block, host}
}

// roleAssignment assigns role at scope to what the principal_id
// references (host.identity[0].principal_id), known only after apply.
func roleAssignment(addr, role, scope, host, attr string) checktest.Res {
	return checktest.Res{Addr: addr,
		After:   map[string]any{"role_definition_name": role, "scope": scope},
		Unknown: map[string]any{"principal_id": true, "principal_type": true, "id": true},
		Refs:    map[string][]string{"principal_id": identityRefs(host, attr)}}
}

func inventoryEntry(r *report.Report, addr string) *report.InventoryEntry {
	for i := range r.Inventory {
		if r.Inventory[i].Address == addr {
			return &r.Inventory[i]
		}
	}
	return nil
}

// Owner, Contributor or User Access Administrator on a subscription or
// management group, or a Graph permission, given to the system-assigned
// identity of a virtual machine, an app or a cluster (principal_id =
// X.identity[0].principal_id, unknown until the plan creates X) lands on
// that identity: it is listed in the inventory under X.identity, owned by
// X's tags, holds no secret to rotate, and is over-privileged (NHI-004)
// as a user-assigned identity would be. An identity block of type
// UserAssigned alone makes none: the declared identity gets the grant.
func TestSystemAssignedIdentityReceivesItsGrants(t *testing.T) {
	t.Parallel()
	owned := map[string]any{"owner": "team-ci"}
	host := func(addr string, identity []any, tags map[string]any) checktest.Res {
		after := map[string]any{"name": strings.Split(addr, ".")[1], "identity": identity}
		if tags != nil {
			after["tags"] = tags
		}
		return checktest.Res{Addr: addr, After: after,
			Unknown: map[string]any{"id": true, "identity": []any{map[string]any{"principal_id": true, "tenant_id": true}}}}
	}
	const graphAPI = "00000003-0000-0000-c000-000000000000"
	aks := host("azurerm_kubernetes_cluster.aks", systemIdentity("SystemAssigned", ""), owned)
	aks.Unknown["kubelet_identity"] = true
	rs := []checktest.Res{
		host("azurerm_linux_virtual_machine.ci", systemIdentity("SystemAssigned", ""), owned),
		roleAssignment("azurerm_role_assignment.ci", "Owner", subscription, "azurerm_linux_virtual_machine.ci", "identity.principal_id"),
		host("azurerm_linux_function_app.api", systemIdentity("SystemAssigned", ""), nil),
		roleAssignment("azurerm_role_assignment.api", "Contributor", subscription, "azurerm_linux_function_app.api", "identity.principal_id"),
		host("azurerm_windows_web_app.both", systemIdentity("SystemAssigned, UserAssigned", ""), owned),
		roleAssignment("azurerm_role_assignment.both", "Owner", "/providers/Microsoft.Management/managementGroups/platform", "azurerm_windows_web_app.both", "identity.principal_id"),
		aks,
		roleAssignment("azurerm_role_assignment.kubelet", "User Access Administrator", subscription, "azurerm_kubernetes_cluster.aks", "kubelet_identity.object_id"),
		host("azurerm_logic_app_workflow.flow", systemIdentity("SystemAssigned", ""), owned),
		{Addr: "azuread_service_principal.msgraph", After: map[string]any{"client_id": graphAPI, "use_existing": true}, Unknown: map[string]any{"object_id": true, "id": true, "app_role_ids": true}},
		{Addr: "azuread_app_role_assignment.flow", After: map[string]any{"app_role_id": "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8"}, // RoleManagement.ReadWrite.Directory
			Unknown: map[string]any{"principal_object_id": true, "resource_object_id": true, "id": true},
			Refs: map[string][]string{"principal_object_id": identityRefs("azurerm_logic_app_workflow.flow", "identity.principal_id"),
				"resource_object_id": {"azuread_service_principal.msgraph.object_id", "azuread_service_principal.msgraph"}}},
		// A user-assigned identity only: the app has no identity of its own.
		{Addr: "azurerm_user_assigned_identity.web", After: map[string]any{"name": "id-web", "tags": owned}, Unknown: map[string]any{"principal_id": true, "id": true}},
		host("azurerm_linux_web_app.web", systemIdentity("UserAssigned", ""), owned),
		{Addr: "azurerm_role_assignment.web", After: map[string]any{"role_definition_name": "Owner", "scope": subscription},
			Unknown: map[string]any{"principal_id": true, "id": true},
			Refs:    map[string][]string{"principal_id": {"azurerm_user_assigned_identity.web.principal_id", "azurerm_user_assigned_identity.web"}}},
	}
	res, err := checker.CheckPlan(checktest.Plan(t, rs, nil), checker.Input{Now: fixtureNow})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Report
	for _, c := range []struct{ host, grant, owner string }{
		{"azurerm_linux_virtual_machine.ci", "azurerm_role_assignment.ci", "team-ci"},
		{"azurerm_linux_function_app.api", "azurerm_role_assignment.api", ""},
		{"azurerm_windows_web_app.both", "azurerm_role_assignment.both", "team-ci"},
		{"azurerm_kubernetes_cluster.aks", "azurerm_role_assignment.kubelet", "team-ci"},
		{"azurerm_logic_app_workflow.flow", "azuread_app_role_assignment.flow", "team-ci"},
	} {
		e := inventoryEntry(r, c.host+".identity")
		if e == nil || e.Kind != kb.HostedKind || e.Owner != c.owner || e.Privilege != "admin" || e.ResourceType != strings.Split(c.host, ".")[0] {
			t.Errorf("%s: inventory %+v", c.host, e)
		}
		f := findingOn(r, c.host, "NHI-004")
		if f == nil || !f.Introduced || !f.Blocking || !strings.Contains(f.Message, "managed identity") ||
			!strings.Contains(f.Message, " of "+c.host+" holds administrator-equivalent privilege") || !strings.Contains(strings.Join(f.Related, " "), c.grant) {
			t.Errorf("%s: the identity's privilege: %+v", c.host, f)
		}
		if g := findingOn(r, c.grant, "NHI-004"); g == nil || !strings.Contains(g.Message, "it is granted to the ") || !strings.Contains(g.Message, " of "+c.host) {
			t.Errorf("%s: the grant does not name the identity it reaches: %+v", c.grant, g)
		}
		for _, rule := range []string{"NHI-002", "NHI-003"} {
			if f := findingOn(r, c.host, rule); f != nil {
				t.Errorf("%s: a managed identity holds no secret, yet %s: %s", c.host, rule, f.Message)
			}
		}
		if f := findingOn(r, c.host, "NHI-001"); (f != nil) != (c.owner == "") {
			t.Errorf("%s: ownership from the resource's tags %q: %+v", c.host, c.owner, f)
		} else if f != nil && !strings.Contains(f.Message, "the system-assigned managed identity of "+c.host+" has no accountable owner") {
			t.Errorf("%s: %s", c.host, f.Message)
		}
	}
	if e := inventoryEntry(r, "azurerm_linux_web_app.web.identity"); e != nil {
		t.Errorf("a UserAssigned identity block made a system-assigned identity: %+v", e)
	}
	if f := findingOn(r, "azurerm_linux_web_app.web", "NHI-004"); f != nil {
		t.Errorf("the web app holds its user-assigned identity's grant: %s", f.Message)
	}
	if f := findingOn(r, "azurerm_user_assigned_identity.web", "NHI-004"); f == nil || !f.Introduced {
		t.Errorf("the user-assigned identity's own grant: %+v", f)
	}
	if e := inventoryEntry(r, "azurerm_user_assigned_identity.web"); e == nil || e.Kind != "managed_identity" || e.Privilege != "admin" {
		t.Errorf("the user-assigned identity's inventory: %+v", e)
	}
	if r.Summary.Identities != 6 {
		t.Errorf("%d identities, want the five system-assigned and one user-assigned", r.Summary.Identities)
	}
}

// A cluster whose control plane and kubelet run as user-assigned
// identities of the configuration has no identity of its own (azurerm
// still plans a kubelet_identity block for it), and an untagged
// deployment slot takes its app's owner.
func TestHostsWithoutAnIdentityOfTheirOwn(t *testing.T) {
	t.Parallel()
	owned := map[string]any{"owner": "team-ci"}
	uai := func(addr string) checktest.Res {
		return checktest.Res{Addr: addr, After: map[string]any{"name": strings.Split(addr, ".")[1], "tags": owned}, Unknown: map[string]any{"principal_id": true, "client_id": true, "id": true}}
	}
	rs := []checktest.Res{
		uai("azurerm_user_assigned_identity.aks"),
		uai("azurerm_user_assigned_identity.kubelet"),
		{Addr: "azurerm_kubernetes_cluster.aks", After: map[string]any{"name": "aks", "identity": systemIdentity("UserAssigned", "")},
			Unknown: map[string]any{"id": true, "kubelet_identity": []any{map[string]any{"client_id": true, "object_id": true, "user_assigned_identity_id": true}}},
			Refs:    map[string][]string{"kubelet_identity": {"azurerm_user_assigned_identity.kubelet.id", "azurerm_user_assigned_identity.kubelet"}}},
		{Addr: "azurerm_linux_web_app.api", After: map[string]any{"name": "api", "tags": owned}, Unknown: map[string]any{"id": true}},
		{Addr: "azurerm_linux_web_app_slot.staging", After: map[string]any{"name": "staging", "identity": systemIdentity("SystemAssigned", "")},
			Unknown: map[string]any{"id": true, "app_service_id": true, "identity": []any{map[string]any{"principal_id": true, "tenant_id": true}}},
			Refs:    map[string][]string{"app_service_id": {"azurerm_linux_web_app.api.id", "azurerm_linux_web_app.api"}}},
	}
	res, err := checker.CheckPlan(checktest.Plan(t, rs, nil), checker.Input{Now: fixtureNow})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Report
	if e := inventoryEntry(r, "azurerm_kubernetes_cluster.aks.identity"); e != nil {
		t.Errorf("a cluster running as user-assigned identities has one of its own: %+v", e)
	}
	if f := findingOn(r, "azurerm_kubernetes_cluster.aks", "NHI-001"); f != nil {
		t.Errorf("the untagged cluster: %s", f.Message)
	}
	if e := inventoryEntry(r, "azurerm_linux_web_app_slot.staging.identity"); e == nil || e.Owner != "team-ci" {
		t.Errorf("the slot's identity takes its app's owner: %+v", e)
	}
	if f := findingOn(r, "azurerm_linux_web_app_slot.staging", "NHI-001"); f != nil {
		t.Errorf("the slot of an owned app: %s", f.Message)
	}
}

// The usual change to an existing workload: the host is unchanged, its
// identity's principal id known, and the plan adds an Owner assignment to
// it, by reference or by the id itself. The privilege is what the plan
// introduces; an assignment that was already there is pre-existing.
func TestGrantToAnExistingHostsIdentity(t *testing.T) {
	t.Parallel()
	const principal = "99999999-0000-0000-0000-000000000001"
	vm := func(addr string) checktest.Res {
		v := map[string]any{"name": strings.Split(addr, ".")[1], "tags": map[string]any{"owner": "team-ci"},
			"identity": systemIdentity("SystemAssigned", principal)}
		return checktest.Res{Addr: addr, Actions: []string{"no-op"}, Before: v, After: v}
	}
	byRef := roleAssignment("azurerm_role_assignment.new_ref", "Owner", subscription, "azurerm_linux_virtual_machine.new_ref", "identity.principal_id")
	byRef.After["principal_id"] = principal
	delete(byRef.Unknown, "principal_id")
	byID := checktest.Res{Addr: "azurerm_role_assignment.new_id", After: map[string]any{"role_definition_name": "Owner", "scope": subscription, "principal_id": "99999999-0000-0000-0000-000000000002"}}
	idVM := vm("azurerm_linux_virtual_machine.new_id")
	idVM.Before["identity"] = systemIdentity("SystemAssigned", "99999999-0000-0000-0000-000000000002")
	oldVM := vm("azurerm_linux_virtual_machine.old")
	oldVM.Before["identity"] = systemIdentity("SystemAssigned", "99999999-0000-0000-0000-000000000003")
	oldGrant := map[string]any{"role_definition_name": "Owner", "scope": subscription, "principal_id": "99999999-0000-0000-0000-000000000003"}
	rs := []checktest.Res{
		vm("azurerm_linux_virtual_machine.new_ref"), byRef,
		idVM, byID,
		oldVM, {Addr: "azurerm_role_assignment.old", Actions: []string{"no-op"}, Before: oldGrant, After: oldGrant},
	}
	res, err := checker.CheckPlan(checktest.Plan(t, rs, nil), checker.Input{Now: fixtureNow})
	if err != nil {
		t.Fatal(err)
	}
	for host, introduced := range map[string]bool{
		"azurerm_linux_virtual_machine.new_ref": true,
		"azurerm_linux_virtual_machine.new_id":  true,
		"azurerm_linux_virtual_machine.old":     false,
	} {
		f := findingOn(res.Report, host, "NHI-004")
		if f == nil || f.Introduced != introduced || f.Blocking != introduced {
			t.Errorf("%s: introduced %v: %+v", host, introduced, f)
		}
		if e := inventoryEntry(res.Report, host+".identity"); e == nil || e.Privilege != "admin" || e.Owner != "team-ci" {
			t.Errorf("%s: inventory %+v", host, e)
		}
	}
	// Reached by the id itself, the grant still names whose identity it is.
	if f := findingOn(res.Report, "azurerm_role_assignment.new_id", "NHI-004"); f == nil ||
		!strings.HasSuffix(f.Message, "; it is granted to the system-assigned managed identity of azurerm_linux_virtual_machine.new_id") {
		t.Errorf("a grant by principal id: %+v", f)
	}
}

// A Google workload (an instance, a Cloud Run service, a function) runs
// as the service account it names, the default compute account when it
// names none. One the plan makes is known only after apply: the workload
// runs as that account, not the default one, and with the cloud-platform
// scope (which Cloud Run's tokens always carry) it hands whatever runs on
// it the account's privilege, here roles/owner (NHI-004 on the workload).
// Narrow scopes, or an account of no such privilege, give nothing.
func TestGoogleWorkloadsRunAsTheirServiceAccount(t *testing.T) {
	t.Parallel()
	const full = "https://www.googleapis.com/auth/cloud-platform"
	saRef := func() map[string]any {
		return map[string]any{"references": []any{"google_service_account.app.email", "google_service_account.app"}}
	}
	// instance runs as the account its email expression names (nil: none
	// named, so the provider fills in the default one) with the scopes.
	instance := func(addr string, email map[string]any, scopes ...any) checktest.Res {
		sa := map[string]any{"scopes": map[string]any{"constant_value": scopes}}
		if email != nil {
			sa["email"] = email
		}
		return checktest.Res{Addr: addr, After: map[string]any{"name": "vm", "labels": map[string]any{"owner": "team-ci"}, "service_account": []any{map[string]any{"scopes": scopes}}},
			Unknown: map[string]any{"id": true, "service_account": []any{map[string]any{"email": true}}},
			Exprs:   map[string]any{"service_account": []any{sa}}}
	}
	run := func(addr string, account map[string]any) checktest.Res {
		tpl := map[string]any{"containers": []any{map[string]any{"image": map[string]any{"constant_value": "europe-docker.pkg.dev/p/r/app:1"}}}}
		if account != nil {
			tpl["service_account"] = account
		}
		return checktest.Res{Addr: addr, After: map[string]any{"name": "run", "labels": map[string]any{"owner": "team-ci"}, "template": []any{map[string]any{"containers": []any{map[string]any{"image": "europe-docker.pkg.dev/p/r/app:1"}}}}},
			Unknown: map[string]any{"id": true, "template": []any{map[string]any{"service_account": true}}},
			Exprs:   map[string]any{"template": []any{tpl}}}
	}
	rs := []checktest.Res{
		{Addr: "google_service_account.app", After: map[string]any{"account_id": "app", "display_name": "app (owner: team-ci)"}, Unknown: map[string]any{"email": true, "id": true, "name": true}},
		{Addr: "google_project_iam_member.app_owner", After: map[string]any{"project": "proj-1", "role": "roles/owner"}, Unknown: map[string]any{"member": true, "id": true, "etag": true},
			Refs: map[string][]string{"member": {"google_service_account.app.email", "google_service_account.app"}}},
		{Addr: "google_service_account.plain", After: map[string]any{"account_id": "plain", "display_name": "plain (owner: team-ci)"}, Unknown: map[string]any{"email": true, "id": true, "name": true}},
		instance("google_compute_instance.declared", saRef(), full),
		instance("google_compute_instance.declared_narrow", saRef(), "https://www.googleapis.com/auth/logging.write"),
		instance("google_compute_instance.plain", map[string]any{"references": []any{"google_service_account.plain.email", "google_service_account.plain"}}, full),
		instance("google_compute_instance.default", nil, full),
		run("google_cloud_run_v2_service.declared", saRef()),
		run("google_cloud_run_v2_service.default", nil),
		{Addr: "google_cloudfunctions2_function.default", After: map[string]any{"name": "fn", "labels": map[string]any{"owner": "team-ci"}, "service_config": []any{map[string]any{"available_memory": "256M"}}},
			Unknown: map[string]any{"id": true, "service_config": []any{map[string]any{"service_account_email": true}}},
			Exprs:   map[string]any{"service_config": []any{map[string]any{"available_memory": map[string]any{"constant_value": "256M"}}}}},
	}
	res, err := checker.CheckPlan(checktest.Plan(t, rs, nil), checker.Input{Now: fixtureNow})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Report
	for _, addr := range []string{"google_compute_instance.declared", "google_cloud_run_v2_service.declared"} {
		f := findingOn(r, addr, "NHI-004")
		if f == nil || !f.Blocking || !strings.Contains(f.Message, "roles/owner") || !strings.Contains(f.Message, "it runs as google_service_account.app") {
			t.Errorf("%s: runs as an owner of the project: %+v", addr, f)
		}
	}
	for _, addr := range []string{"google_compute_instance.default", "google_cloud_run_v2_service.default", "google_cloudfunctions2_function.default"} {
		if f := findingOn(r, addr, "NHI-005"); f == nil || !strings.Contains(f.Message, "default compute service account") {
			t.Errorf("%s: runs as the default compute account: %+v", addr, f)
		}
	}
	for _, addr := range []string{"google_compute_instance.declared", "google_compute_instance.declared_narrow", "google_compute_instance.plain", "google_cloud_run_v2_service.declared"} {
		for _, f := range r.Findings {
			if f.Address == addr && strings.Contains(f.Message, "default compute service account") {
				t.Errorf("%s runs as a service account of the plan, not the default one: %s", addr, f.Message)
			}
		}
	}
	for _, addr := range []string{"google_compute_instance.declared_narrow", "google_compute_instance.plain"} {
		for _, f := range r.Findings {
			if f.Address == addr {
				t.Errorf("%s: narrow scopes, or an account with no privilege, give nothing: %s %s", addr, f.Rule, f.Message)
			}
		}
	}
}
