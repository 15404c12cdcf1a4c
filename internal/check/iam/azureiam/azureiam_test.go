package azureiam

import (
	"slices"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

func ids(v iam.Verdict, kinds ...iam.Kind) []string {
	var out []string
	for _, e := range v.Evidence {
		if len(kinds) == 0 || slices.Contains(kinds, e.Kind) {
			out = append(out, e.ID)
		}
	}
	return out
}

const sub = "/subscriptions/00000000-0000-0000-0000-0000000000dd"

func TestLookupRole(t *testing.T) {
	t.Parallel()
	if BuiltInRoleCount() < 900 {
		t.Fatalf("%d roles", BuiltInRoleCount())
	}
	for _, k := range []string{"Owner", "owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
		sub + "/providers/Microsoft.Authorization/roleDefinitions/8E3AF657-A8FF-443C-A75C-2FE8C4BCB635"} {
		r, ok := LookupRole(k)
		if !ok || r.Name != "Owner" || !r.BuiltIn {
			t.Errorf("LookupRole(%q) = %+v %v", k, r, ok)
		}
	}
	if _, ok := LookupRole("Supreme Leader"); ok {
		t.Error("unknown role found")
	}
}

func TestParseScope(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    any
		level ScopeLevel
	}{
		{"/", ScopeRoot},
		{"/providers/Microsoft.Management/managementGroups/platform", ScopeManagementGroup},
		{sub, ScopeSubscription},
		{sub + "/", ScopeSubscription},
		{sub + "/resourceGroups/rg-platform", ScopeResourceGroup},
		{sub + "/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st", ScopeResource},
		{sub + "/providers/Microsoft.Security/pricings/x", ScopeResource},
		{value.Unknown{Ref: "azurerm_storage_account.reports.id"}, ScopeUnknown},
		{"", ScopeUnknown},
		{"garbage", ScopeUnknown},
	}
	for _, tc := range tests {
		if got := ParseScope(tc.in); got.Level != tc.level {
			t.Errorf("ParseScope(%v) = %v", tc.in, got.Level)
		}
	}
}

// A scope is described by its name, or, known only by the level its
// reference gives, by the reference: never by an empty name.
func TestDescribeScope(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		s    Scope
		want string
	}{
		{ParseScope(sub + "/resourceGroups/rg-platform"), "resource group rg-platform"},
		{ParseScope(sub), "subscription " + strings.TrimPrefix(sub, "/subscriptions/")},
		{ScopeFromLevel(ScopeResourceGroup, "azurerm_resource_group.this.id"), "resource group azurerm_resource_group.this.id (known after apply)"},
		{ScopeFromLevel(ScopeSubscription, "data.azurerm_subscription.current.id"), "subscription data.azurerm_subscription.current.id (known after apply)"},
		{ScopeFromLevel(ScopeResource, "azurerm_storage_account.st.id"), "resource azurerm_storage_account.st.id (known after apply)"},
		{ParseScope(value.Unknown{Ref: "var.scope"}), "scope var.scope (unknown until apply)"},
	} {
		if got := tc.s.Describe(); got != tc.want {
			t.Errorf("Describe() = %q, want %q", got, tc.want)
		}
	}
}

func TestAnalyzeAssignment(t *testing.T) {
	t.Parallel()
	rg := sub + "/resourceGroups/rg-platform"
	res := rg + "/providers/Microsoft.Storage/storageAccounts/streports"
	custom := &RoleDefinition{Name: "deployer", Actions: []string{"Microsoft.Authorization/*/write", "Microsoft.Resources/deployments/*"}}
	star := &RoleDefinition{Name: "everything", Actions: []string{"*"}}
	tests := []struct {
		name  string
		a     Assignment
		class iam.Class
		has   []string
	}{
		{"Owner at subscription (azurerm-01)", Assignment{Role: "Owner", Scope: sub}, iam.ClassAdmin, []string{"azure:role-assignment-write"}},
		{"Owner at management group", Assignment{Role: "Owner", Scope: "/providers/Microsoft.Management/managementGroups/root-mg"}, iam.ClassAdmin, []string{"azure:role-assignment-write"}},
		{"Owner at root", Assignment{Role: "Owner", Scope: "/"}, iam.ClassAdmin, []string{"azure:role-assignment-write"}},
		{"Owner at resource group", Assignment{Role: "Owner", Scope: rg}, iam.ClassPermissionsManagement, []string{"azure:role-assignment-write"}},
		{"Owner at one resource", Assignment{Role: "Owner", Scope: res}, iam.ClassPermissionsManagement, []string{"azure:role-assignment-write"}},
		{"Contributor at subscription", Assignment{Role: "Contributor", Scope: sub}, iam.ClassAdmin, []string{"azure:all-actions"}},
		{"Contributor at resource group", Assignment{Role: "Contributor", Scope: rg}, iam.ClassWrite, []string{"azure:all-actions"}},
		{"User Access Administrator at subscription", Assignment{Role: "User Access Administrator", Scope: sub}, iam.ClassAdmin, []string{"azure:role-assignment-write"}},
		{"RBAC Administrator at subscription", Assignment{Role: "Role Based Access Control Administrator", Scope: sub}, iam.ClassAdmin, []string{"azure:role-assignment-write"}},
		{"RBAC Administrator at resource group", Assignment{Role: "Role Based Access Control Administrator", Scope: rg}, iam.ClassPermissionsManagement, []string{"azure:role-assignment-write"}},
		{"Reader at subscription", Assignment{Role: "Reader", Scope: sub}, iam.ClassRead, nil},
		{"Storage Blob Data Reader on one account (azurerm-01)", Assignment{Role: "Storage Blob Data Reader", Scope: value.Unknown{Ref: "azurerm_storage_account.reports.id"}}, iam.ClassRead, nil},
		{"Owner at unknown scope is admin until shown otherwise", Assignment{Role: "Owner", Scope: value.Unknown{Ref: "var.scope"}}, iam.ClassAdmin, []string{"azure:role-assignment-write"}},
		{"Owner by definition id", Assignment{Role: sub + "/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635", Scope: sub}, iam.ClassAdmin, nil},
		{"custom Microsoft.Authorization/*/write at subscription", Assignment{Definition: custom, Scope: sub}, iam.ClassAdmin, []string{"azure:role-assignment-write"}},
		{"custom Microsoft.Authorization/*/write at resource group", Assignment{Definition: custom, Scope: rg}, iam.ClassPermissionsManagement, []string{"azure:role-assignment-write"}},
		{"custom * at subscription can assign roles", Assignment{Definition: star, Scope: sub}, iam.ClassAdmin, []string{"azure:role-assignment-write"}},
		{"custom provider wildcard", Assignment{Definition: &RoleDefinition{Name: "kv", Actions: []string{"Microsoft.KeyVault/*"}}, Scope: sub}, iam.ClassWrite, []string{"azure:provider-wildcard"}},
		{"custom * minus authorization is still admin at subscription", Assignment{Definition: &RoleDefinition{Name: "c", Actions: []string{"*"}, NotActions: []string{"Microsoft.Authorization/*"}}, Scope: sub}, iam.ClassAdmin, []string{"azure:all-actions"}},
		{"unknown role name", Assignment{Role: "Made Up", Scope: sub}, iam.ClassUnknown, nil},
		{"unknown role value", Assignment{Role: value.Unknown{Ref: "azurerm_role_definition.x.role_definition_resource_id"}, Scope: sub}, iam.ClassUnknown, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.a.Source = iam.Source{Chain: []string{"azurerm_role_assignment.x"}}
			r := AnalyzeAssignment(tc.a)
			got := ids(r.Verdict)
			if r.Class != tc.class {
				t.Fatalf("class %s, want %s (%v)", r.Class, tc.class, got)
			}
			for _, id := range tc.has {
				if !slices.Contains(got, id) {
					t.Errorf("missing %s in %v", id, got)
				}
			}
			for _, e := range r.Evidence {
				if e.Scope == "" || len(e.Grants) == 0 {
					t.Errorf("evidence without scope or grant: %+v", e)
				}
			}
		})
	}
	if v := ClassifyRole(RoleDefinition{Name: "reader", Actions: []string{"*/read"}}); v.Class != iam.ClassRead {
		t.Errorf("ClassifyRole reader = %s", v.Class)
	}
}

func TestAnalyzeAppRoles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		roles []any
		class iam.Class
		has   string
	}{
		{"RoleManagement.ReadWrite.Directory by id", []any{"9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8"}, iam.ClassAdmin, "azure:graph-rolemanagement.readwrite.directory"},
		{"Application.ReadWrite.All by name", []any{"Application.ReadWrite.All"}, iam.ClassAdmin, "azure:graph-application.readwrite.all"},
		{"AppRoleAssignment.ReadWrite.All", []any{"06b708a9-e830-4db3-a914-8e69da51d44f"}, iam.ClassAdmin, "azure:graph-approleassignment.readwrite.all"},
		{"Directory.ReadWrite.All", []any{"19dbc75e-c2e2-444c-a770-ec69d8559fc7"}, iam.ClassAdmin, "azure:graph-directory.readwrite.all"},
		{"Group.ReadWrite.All is an escalation", []any{"62a82d76-70ea-41e2-9197-370581804d09"}, iam.ClassPermissionsManagement, "azure:graph-group.readwrite.all"},
		{"Directory.Read.All is read", []any{"7ab1d382-f21e-4acd-a863-ba3e13f7da61", "User.Read.All"}, iam.ClassRead, ""},
		{"unknown Graph id", []any{"00000000-1111-2222-3333-444444444444"}, iam.ClassUnknown, ""},
		{"unknown value", []any{value.Unknown{Ref: "azuread_service_principal.graph.app_role_ids[\"X\"]"}}, iam.ClassUnknown, ""},
		{"mixed keeps the highest", []any{"User.Read.All", "Mail.ReadWrite"}, iam.ClassWrite, "azure:graph-mail.readwrite"},
		// 246dd0d5-... is Policy.Read.All; the Conditional Access writer is 01c0a623-...
		{"Policy.Read.All is read", []any{"246dd0d5-5bd0-4def-940b-0421030a5b68"}, iam.ClassRead, ""},
		{"Policy.ReadWrite.ConditionalAccess by id", []any{"01c0a623-fc9b-48e9-b794-0756f8e8f067"}, iam.ClassPermissionsManagement, "azure:graph-policy.readwrite.conditionalaccess"},
		{"PIM active role assignments are admin", []any{"dd199f4a-f148-40a4-a2ec-f0069cc799ec"}, iam.ClassAdmin, "azure:graph-roleassignmentschedule.readwrite.directory"},
		// Every mailbox's mail is the tenant's data: wildcard, though read.
		{"Mail.Read reads every mailbox", []any{"810c84a8-4a9e-49e6-bf7d-12d183f40d01"}, iam.ClassRead, "azure:graph-mail.read"},
		{"Mail.Send by name", []any{"Mail.Send"}, iam.ClassWrite, "azure:graph-mail.send"},
		{"Sites.Selected is the narrow one", []any{"883ea226-0bf2-4a8f-9f9d-92c9162a727d"}, iam.ClassRead, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var grants []AppRoleGrant
			for _, r := range tc.roles {
				grants = append(grants, AppRoleGrant{ResourceAppID: MicrosoftGraphAppID, AppRoleID: r, Source: iam.Source{Chain: []string{"azuread_app_role_assignment.x"}}})
			}
			v := AnalyzeAppRoles(grants...)
			if v.Class != tc.class {
				t.Fatalf("class %s, want %s", v.Class, tc.class)
			}
			if tc.has != "" && !slices.Contains(ids(v), tc.has) {
				t.Fatalf("missing %s in %v", tc.has, ids(v))
			}
		})
	}
	if v := AnalyzeAppRoles(AppRoleGrant{ResourceAppID: "00000002-0000-0ff1-ce00-000000000000", AppRoleID: "dc50a0fb-09a3-484d-be87-e023b12c6440"}); v.Class != iam.ClassUnknown {
		t.Errorf("non-Graph API = %s", v.Class)
	}
	if v := AnalyzeAppRoles(); v.Class != iam.ClassNone {
		t.Errorf("no grants = %s", v.Class)
	}
	if p, ok := LookupGraphPermission("rolemanagement.readwrite.directory"); !ok || p.ID != "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8" {
		t.Errorf("lookup by name: %+v", p)
	}
}

func TestAnalyzeFederatedCredential(t *testing.T) {
	t.Parallel()
	gh := "https://token.actions.githubusercontent.com"
	tests := []struct {
		name string
		fc   FederatedCredential
		want string
	}{
		{"missing subject", FederatedCredential{Issuer: gh}, "azure:fic-no-subject"},
		{"empty subject", FederatedCredential{Issuer: gh, Subject: ""}, "azure:fic-no-subject"},
		// A classic subject is matched exactly: a wildcard in it admits no token.
		{"classic repo:org/*", FederatedCredential{Issuer: gh, Subject: "repo:example-org/*"}, ""},
		{"classic repo:*", FederatedCredential{Issuer: gh, Subject: "repo:*"}, ""},
		{"expression with org wildcard", FederatedCredential{Issuer: gh, Expression: "claims['sub'] matches 'repo:example-org/*'"}, "azure:fic-wide-subject"},
		{"expression with any repository", FederatedCredential{Issuer: gh, Expression: "claims['sub'] matches 'repo:*'"}, "azure:fic-wide-subject"},
		{"expression pinning one repo among several clauses", FederatedCredential{Issuer: gh, Expression: "claims['sub'] matches 'repo:example-org/app:ref:refs/heads/*' or claims['sub'] eq 'repo:example-org/web:environment:prod'"}, ""},
		{"expression widening in its second clause", FederatedCredential{Issuer: gh, Expression: "claims['sub'] eq 'repo:example-org/app:environment:prod' or claims['sub'] matches 'repo:example-org/*'"}, "azure:fic-wide-subject"},
		{"expression without a sub clause", FederatedCredential{Issuer: gh, Expression: "claims['job_workflow_ref'] matches 'example-org/*'"}, "azure:fic-no-subject"},
		{"one repo, one environment", FederatedCredential{Issuer: gh, Subject: "repo:example-org/app:environment:prod"}, ""},
		{"one repo, any branch", FederatedCredential{Issuer: gh, Expression: "claims['sub'] matches 'repo:example-org/app:ref:refs/heads/*'"}, ""},
		{"GitLab group wildcard", FederatedCredential{Issuer: "https://gitlab.com", Expression: "claims['sub'] matches 'project_path:group/*'"}, "azure:fic-wide-subject"},
		{"Terraform Cloud one workspace", FederatedCredential{Issuer: "https://app.terraform.io", Expression: "claims['sub'] matches 'organization:acme:project:*:workspace:prod:run_phase:*'"}, ""},
		{"Terraform Cloud any workspace", FederatedCredential{Issuer: "https://app.terraform.io", Expression: "claims['sub'] matches 'organization:acme:project:*:workspace:*:run_phase:apply'"}, "azure:fic-wide-subject"},
		{"unknown subject", FederatedCredential{Issuer: gh, Subject: value.Unknown{Ref: "local.subject"}}, ""},
		{"Kubernetes service account", FederatedCredential{Issuer: "https://oidc.example", Subject: "system:serviceaccount:ns:sa"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := AnalyzeFederatedCredential(tc.fc)
			got := ids(v, iam.KindOpenTrust)
			if tc.want == "" && len(got) > 0 || tc.want != "" && !slices.Contains(got, tc.want) {
				t.Fatalf("got %v, want %q", got, tc.want)
			}
			if s, ok := tc.fc.Subject.(string); ok && strings.Contains(s, "*") && (len(v.Notes) != 1 || !strings.Contains(v.Notes[0], "admits no token")) {
				t.Errorf("a classic subject's wildcard is not noted as inert: %v", v.Notes)
			}
		})
	}
}

func BenchmarkDecodeRoles(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeRoles(rolesText); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAnalyzeAssignment(b *testing.B) {
	a := Assignment{Role: "Contributor", Scope: sub}
	b.ReportAllocs()
	for b.Loop() {
		AnalyzeAssignment(a)
	}
}

// Only an Entra ID Global Administrator can call
// Microsoft.Authorization/elevateAccess/action, through the directory role;
// no Azure role assignment confers it, though Owner's "*" matches it.
func TestRBACRolesDoNotElevateAccess(t *testing.T) {
	t.Parallel()
	owner, ok := LookupRole("Owner")
	if !ok {
		t.Fatal("Owner is not in the embedded roles")
	}
	// The premise: Owner's actions match the operation, so only the
	// reasoning can keep it from being credited.
	if !allows(owner.Actions, owner.NotActions, "microsoft.authorization/elevateaccess/action") {
		t.Fatalf("Owner's actions %v no longer match elevateAccess", owner.Actions)
	}
	root, mg := "/", "/providers/Microsoft.Management/managementGroups/root-mg"
	explicit := &RoleDefinition{Name: "elevator", Actions: []string{"Microsoft.Authorization/elevateAccess/Action"}}
	star := &RoleDefinition{Name: "everything", Actions: []string{"*"}}
	tests := []struct {
		name  string
		a     Assignment
		class iam.Class
	}{
		{"Owner at root", Assignment{Role: "Owner", Scope: root}, iam.ClassAdmin},
		{"Owner at management group", Assignment{Role: "Owner", Scope: mg}, iam.ClassAdmin},
		{"Owner at subscription", Assignment{Role: "Owner", Scope: sub}, iam.ClassAdmin},
		{"Owner at unknown scope", Assignment{Role: "Owner", Scope: value.Unknown{Ref: "var.scope"}}, iam.ClassAdmin},
		{"User Access Administrator at root", Assignment{Role: "User Access Administrator", Scope: root}, iam.ClassAdmin},
		{"custom * at root", Assignment{Definition: star, Scope: root}, iam.ClassAdmin},
		{"custom naming elevateAccess at root", Assignment{Definition: explicit, Scope: root}, iam.ClassWrite},
	}
	for _, tc := range tests {
		r := AnalyzeAssignment(tc.a)
		if r.Class != tc.class {
			t.Errorf("%s: class %s, want %s", tc.name, r.Class, tc.class)
		}
		for _, e := range r.Evidence {
			if e.Kind == iam.KindEscalation || strings.Contains(strings.ToLower(e.Message+e.ID+strings.Join(e.Actions, " ")), "elevate") {
				t.Errorf("%s: credited with elevateAccess: %+v", tc.name, e)
			}
		}
	}
	// Every built-in role at root.
	for _, e := range table().byID {
		r := AnalyzeAssignment(Assignment{Role: e.id, Scope: root})
		for _, ev := range r.Evidence {
			if strings.Contains(strings.ToLower(ev.Message+ev.ID), "elevate") {
				t.Errorf("built-in %s: %+v", e.name, ev)
			}
		}
	}
}

func TestAnalyzeDirectoryRole(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		role  any
		scope any
		class iam.Class
		has   string
	}{
		{"Global Administrator by template id", "62e90394-69f5-4237-9190-012177145e10", nil, iam.ClassAdmin, "azure:directory-role-global-administrator"},
		{"Global Administrator by name", "global administrator", "/", iam.ClassAdmin, "azure:directory-role-global-administrator"},
		{"Privileged Role Administrator", "e8611ab8-c189-46e8-94e1-60213ab1f814", "", iam.ClassAdmin, "azure:directory-role-privileged-role-administrator"},
		{"Application Administrator escalates", "Application Administrator", nil, iam.ClassPermissionsManagement, "azure:directory-role-application-administrator"},
		{"unknown scope stays tenant-wide", "Cloud Application Administrator", value.Unknown{Ref: "azuread_administrative_unit.x.id"}, iam.ClassPermissionsManagement, "azure:directory-role-cloud-application-administrator"},
		{"scoped to one application", "Cloud Application Administrator", "/0a1b2c3d-0000-1111-2222-333344445555", iam.ClassWrite, ""},
		{"Directory Readers is read", "88d8e3e3-8f55-4a1e-953a-9b9898b8876b", nil, iam.ClassRead, ""},
		{"Exchange Administrator is service-wide", "Exchange Administrator", nil, iam.ClassWrite, "azure:directory-role-exchange-administrator"},
		{"not in the table", "00000000-1111-2222-3333-444444444444", nil, iam.ClassUnknown, ""},
		{"unknown role", value.Unknown{Ref: "azuread_directory_role.x.template_id"}, nil, iam.ClassUnknown, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := AnalyzeDirectoryRole(DirectoryRoleGrant{Role: tc.role, Scope: tc.scope, Source: iam.Source{Chain: []string{"azuread_directory_role_assignment.x"}}})
			if v.Class != tc.class {
				t.Fatalf("class %s, want %s (notes %v)", v.Class, tc.class, v.Notes)
			}
			if tc.has != "" && !slices.Contains(ids(v), tc.has) {
				t.Fatalf("missing %s in %v", tc.has, ids(v))
			}
			if tc.has == "" && len(v.Evidence) > 0 {
				t.Fatalf("unexpected evidence %v", ids(v))
			}
		})
	}
	seen := map[string]bool{}
	for _, r := range directoryRoles {
		if seen[r.TemplateID] || seen[strings.ToLower(r.Name)] {
			t.Errorf("duplicate role %s %s", r.TemplateID, r.Name)
		}
		seen[r.TemplateID], seen[strings.ToLower(r.Name)] = true, true
		if (r.Kind == iam.KindAdmin) != (r.Class == iam.ClassAdmin) || (r.Kind != "" && r.Kind != iam.KindNote && r.Why == "") {
			t.Errorf("%s: kind %s, class %s, why %q disagree", r.Name, r.Kind, r.Class, r.Why)
		}
	}
}

func TestAnalyzeCustomDirectoryRole(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		actions []string
		scope   any
		class   iam.Class
		hit     bool
	}{
		{"adds credentials to applications", []string{"microsoft.directory/applications/basic/update", "microsoft.directory/applications/credentials/update"}, nil, iam.ClassPermissionsManagement, true},
		{"every property of service principals", []string{"microsoft.directory/servicePrincipals/allProperties/allTasks"}, "/", iam.ClassPermissionsManagement, true},
		{"all properties of users, passwords included", []string{"microsoft.directory/users/allProperties/update"}, nil, iam.ClassPermissionsManagement, true},
		{"changes group members, scoped to one unit", []string{"microsoft.directory/groups/members/update"}, "/administrativeUnits/x", iam.ClassWrite, false},
		{"renames applications", []string{"microsoft.directory/applications/basic/update"}, nil, iam.ClassWrite, false},
		{"reads applications", []string{"microsoft.directory/applications/standard/read", "microsoft.directory/applications/owners/read"}, nil, iam.ClassRead, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := AnalyzeDirectoryRole(DirectoryRoleGrant{Custom: &CustomDirectoryRole{Name: "Deployers", Actions: tc.actions}, Scope: tc.scope})
			if v.Class != tc.class {
				t.Fatalf("class %s, want %s", v.Class, tc.class)
			}
			if got := slices.Contains(ids(v), "azure:custom-directory-role-escalation"); got != tc.hit {
				t.Fatalf("escalation evidence %v, want %v", ids(v), tc.hit)
			}
		})
	}
}

// Reading every Key Vault secret of a subscription is reported; on one
// vault, or without the data action, it is not.
func TestKeyVaultSecretsReadAtWideScope(t *testing.T) {
	t.Parallel()
	const sub = "/subscriptions/00000000-0000-0000-0000-0000000000dd"
	for _, tc := range []struct {
		role, scope string
		want        bool
	}{
		{"Key Vault Secrets User", sub, true},
		{"Key Vault Administrator", sub, true},
		{"Key Vault Secrets Officer", "/providers/Microsoft.Management/managementGroups/mg", true},
		{"Key Vault Secrets User", sub + "/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv", false},
		{"Key Vault Reader", sub, false},
		{"Reader", sub, false},
	} {
		r := AnalyzeAssignment(Assignment{Role: tc.role, Scope: tc.scope})
		if got := slices.Contains(ids(r.Verdict, iam.KindSecretsRead), "azure:key-vault-secrets-read"); got != tc.want {
			t.Errorf("%s at %s: secrets read %v, want %v", tc.role, tc.scope, got, tc.want)
		}
	}
}

// Delegated role assignment as Microsoft recommends it: an ABAC condition
// limits the roles User Access Administrator or Role Based Access Control
// Administrator may assign, and they are judged by what those roles do.
func TestConstrainedDelegation(t *testing.T) {
	t.Parallel()
	const sub = "/subscriptions/00000000-0000-0000-0000-0000000000dd"
	cond := func(guid string) string {
		return "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR " +
			"(@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {" + guid + "}))"
	}
	for _, tc := range []struct {
		name      string
		condition any
		class     iam.Class
		evidence  string
	}{
		{"no condition", nil, iam.ClassAdmin, "azure:role-assignment-write"},
		{"Storage Blob Data Reader only", cond("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"), iam.ClassPermissionsManagement, ""},
		{"Owner among them", cond("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1, 8e3af657a8ff443ca75c2fe8c4bcb635"), iam.ClassAdmin, "azure:role-assignment-write"},
		{"a custom role", cond("11111111-2222-3333-4444-555555555555"), iam.ClassPermissionsManagement, "azure:role-assignment-write-constrained"},
	} {
		r := AnalyzeAssignment(Assignment{Role: "Role Based Access Control Administrator", Scope: sub, Condition: tc.condition})
		got := ids(r.Verdict, iam.KindAdmin, iam.KindPermissionsManagement)
		if r.Class != tc.class || tc.evidence == "" && len(got) > 0 || tc.evidence != "" && !slices.Contains(got, tc.evidence) {
			t.Errorf("%s: %s %v, want %s %q", tc.name, r.Class, got, tc.class, tc.evidence)
		}
	}
}

// A provider's every operation on one resource is no wildcard over
// resources (Network Contributor on the subnet an AKS cluster joins, as
// Microsoft requires); on a resource group or wider it is.
func TestProviderWildcardOnOneResource(t *testing.T) {
	t.Parallel()
	subnet := sub + "/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aks"
	for scope, want := range map[string]bool{subnet: false, sub + "/resourceGroups/rg-net": true, sub: true} {
		r := AnalyzeAssignment(Assignment{Role: "Network Contributor", Scope: scope, Source: iam.Source{Chain: []string{"azurerm_role_assignment.x"}}})
		if got := slices.Contains(ids(r.Verdict), "azure:provider-wildcard"); got != want || r.Class != iam.ClassWrite {
			t.Errorf("Network Contributor at %s: class %s, evidence %v; want write, wildcard %v", scope, r.Class, ids(r.Verdict), want)
		}
	}
}
