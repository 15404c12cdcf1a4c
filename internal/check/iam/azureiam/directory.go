package azureiam

import (
	"fmt"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// DirectoryRole is a Microsoft Entra built-in directory role.
type DirectoryRole struct {
	TemplateID string
	Name       string
	Class      iam.Class
	// Kind is KindAdmin for roles that control the whole tenant,
	// KindEscalation for roles that can take over other identities,
	// credentials or sign-in (and so reach Global Administrator), and
	// KindWildcard for service-wide administration; readers are KindNote.
	Kind iam.Kind
	Why  string
}

// directoryRoles: template ids and names from the Microsoft Entra built-in
// roles reference (learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference).
// Every role Microsoft labels privileged is here, with the service
// administrators a workload is commonly given and the readers; a role not
// listed is unknown, not harmless.
var directoryRoles = []DirectoryRole{
	{"62e90394-69f5-4237-9190-012177145e10", "Global Administrator", iam.ClassAdmin, iam.KindAdmin, "controls every part of the tenant and can elevate to Owner of every Azure subscription"},
	{"e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator", iam.ClassAdmin, iam.KindAdmin, "can assign any directory role, Global Administrator included, to itself"},
	{"7be44c8a-adaf-4e2a-84d6-ab2649e08a13", "Privileged Authentication Administrator", iam.ClassAdmin, iam.KindAdmin, "can reset the sign-in methods of any user, Global Administrators included"},
	{"e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8", "Partner Tier2 Support", iam.ClassAdmin, iam.KindAdmin, "can reset the passwords of any user, Global Administrators included"},
	{"9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "Application Administrator", iam.ClassPermissionsManagement, iam.KindEscalation, "can add credentials to any application, more privileged ones included, and act as it"},
	{"158c047a-c907-4556-b7ef-446551a6b5f7", "Cloud Application Administrator", iam.ClassPermissionsManagement, iam.KindEscalation, "can add credentials to any application, more privileged ones included, and act as it"},
	{"c4e39bd9-1100-46d3-8c65-fb160da0071f", "Authentication Administrator", iam.ClassPermissionsManagement, iam.KindEscalation, "can reset the sign-in methods of non-admin users"},
	{"25a516ed-2fa0-40ea-a2d0-12923a21473a", "Authentication Extensibility Administrator", iam.ClassPermissionsManagement, iam.KindEscalation, "can run custom code in every sign-in"},
	{"0526716b-113d-4c15-b2c8-68e3c22b9f80", "Authentication Policy Administrator", iam.ClassPermissionsManagement, iam.KindEscalation, "can weaken the tenant's authentication methods policy"},
	{"b1be1c3e-b65d-4f19-8427-f6fa0d97feb9", "Conditional Access Administrator", iam.ClassPermissionsManagement, iam.KindEscalation, "can switch off Conditional Access policies"},
	{"194ae4cb-b126-40b2-bd5b-6091b380977d", "Security Administrator", iam.ClassPermissionsManagement, iam.KindEscalation, "can change Identity Protection and security policies"},
	{"fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator", iam.ClassPermissionsManagement, iam.KindEscalation, "can reset passwords and change the members of groups, and so the access groups grant"},
	{"fdd7a751-b60b-444a-984c-02652fe8fa1c", "Groups Administrator", iam.ClassPermissionsManagement, iam.KindEscalation, "can change the members of groups, and so the access groups grant"},
	{"729827e3-9c14-49f7-bb1b-9608f156bbb8", "Helpdesk Administrator", iam.ClassPermissionsManagement, iam.KindEscalation, "can reset the passwords of non-admin users"},
	{"966707d0-3269-4727-9be2-8c3a10f19b9d", "Password Administrator", iam.ClassPermissionsManagement, iam.KindEscalation, "can reset the passwords of non-admin users"},
	{"4ba39ca4-527c-499a-b93d-d9b492c50246", "Partner Tier1 Support", iam.ClassPermissionsManagement, iam.KindEscalation, "can reset the passwords of non-admin users and change applications"},
	{"8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2", "Hybrid Identity Administrator", iam.ClassPermissionsManagement, iam.KindEscalation, "can change federation and sync settings and so sign in as synchronized users"},
	{"d29b2b05-8046-44ba-8758-1e26182fcf32", "Directory Synchronization Accounts", iam.ClassPermissionsManagement, iam.KindEscalation, "can write synchronized users and groups, their credentials included"},
	{"8329153b-31d0-4727-b945-745eb3bc5f31", "Domain Name Administrator", iam.ClassPermissionsManagement, iam.KindEscalation, "can federate a domain and sign in as any of its users"},
	{"be2f45a1-457d-42af-a067-6ec1fa63bc45", "External Identity Provider Administrator", iam.ClassPermissionsManagement, iam.KindEscalation, "can add identity providers that sign users in"},
	{"9360feb5-f418-4baa-8175-e2a00bac4301", "Directory Writers", iam.ClassPermissionsManagement, iam.KindEscalation, "can change users, groups and their memberships"},
	{"3a2c62db-5318-420d-8d74-23affee5d9d5", "Intune Administrator", iam.ClassPermissionsManagement, iam.KindEscalation, "can run code on every managed device and change security groups"},
	{"aaf43236-0c0d-4d5f-883a-6955382ac081", "B2C IEF Keyset Administrator", iam.ClassPermissionsManagement, iam.KindEscalation, "can replace the keys that sign federation tokens"},
	{"59d46f88-662b-457b-bceb-5c3809e5908f", "Lifecycle Workflows Administrator", iam.ClassPermissionsManagement, iam.KindEscalation, "can run workflows that change users and issue Temporary Access Passes"},
	{"db506228-d27e-4b7d-95e5-295956d6615f", "Agent ID Administrator", iam.ClassPermissionsManagement, iam.KindEscalation, "can add credentials to every agent identity"},
	{"ecb2c6bf-0ab6-418e-bd87-7986f8d63bbe", "Attribute Provisioning Administrator", iam.ClassPermissionsManagement, iam.KindEscalation, "can change what applications provision from custom security attributes"},
	{"7698a772-787b-4ac8-901f-60d6b08affd2", "Cloud Device Administrator", iam.ClassWrite, iam.KindWildcard, "can manage every device and read BitLocker keys"},
	{"5f2222b1-57c3-48ba-8ad5-d4759f1fde6f", "Security Operator", iam.ClassWrite, iam.KindWildcard, "can manage security alerts and incidents tenant-wide"},
	{"cf1c38e5-3621-4004-a7cb-879624dced7c", "Application Developer", iam.ClassWrite, "", ""},
	{"29232cdf-9323-42fd-ade2-1d097af3e4de", "Exchange Administrator", iam.ClassWrite, iam.KindWildcard, "can read and change every mailbox"},
	{"f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "SharePoint Administrator", iam.ClassWrite, iam.KindWildcard, "can read and change every SharePoint site"},
	{"69091246-20e8-4a56-aa4d-066075b2a7a8", "Teams Administrator", iam.ClassWrite, iam.KindWildcard, "can manage every team and its Microsoft 365 group"},
	{"11648597-926c-4cf3-9c36-bcebb0ba8dcc", "Power Platform Administrator", iam.ClassWrite, iam.KindWildcard, "can manage every Power Platform and Dynamics 365 environment"},
	{"44367163-eba1-44c3-98af-f5787879f96a", "Dynamics 365 Administrator", iam.ClassWrite, iam.KindWildcard, "can manage every Dynamics 365 environment"},
	{"a9ea8996-122f-4c74-9520-8edcd192826c", "Fabric Administrator", iam.ClassWrite, iam.KindWildcard, "can manage every Fabric and Power BI workspace"},
	{"17315797-102d-40b4-93e0-432062caca18", "Compliance Administrator", iam.ClassWrite, iam.KindWildcard, "can manage compliance configuration tenant-wide"},
	{"e6d1a23a-da11-4be4-9570-befc86d067a7", "Compliance Data Administrator", iam.ClassWrite, iam.KindWildcard, "can manage compliance content tenant-wide"},
	{"e3973bdf-4987-49ae-837a-ba8e231c7286", "Azure DevOps Administrator", iam.ClassWrite, iam.KindWildcard, "can manage Azure DevOps organization policies"},
	{"b0f54661-2d74-4c50-afa3-1ec803f12efe", "Billing Administrator", iam.ClassWrite, "", ""},
	{"4d6ac14f-3453-41d0-bef9-a3e0c569773a", "License Administrator", iam.ClassWrite, "", ""},
	{"45d8d3c5-c802-45c6-b32a-1d70b5e1e86e", "Identity Governance Administrator", iam.ClassWrite, iam.KindWildcard, "can manage access packages and reviews tenant-wide"},
	{"f2ef992c-3afb-46b9-b7cf-a126ee74c451", "Global Reader", iam.ClassRead, iam.KindNote, ""},
	{"88d8e3e3-8f55-4a1e-953a-9b9898b8876b", "Directory Readers", iam.ClassRead, iam.KindNote, ""},
	{"5d6b6bb7-de71-4623-b4af-96380a352509", "Security Reader", iam.ClassRead, iam.KindNote, ""},
	{"4a5d8f65-41da-4de4-8968-e035b65339cf", "Reports Reader", iam.ClassRead, iam.KindNote, ""},
	{"1076ac91-f3d9-41a7-a339-dcdf5f480acc", "Teams Reader", iam.ClassRead, iam.KindNote, ""},
	{"790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b", "Message Center Reader", iam.ClassRead, iam.KindNote, ""},
	{"843318fb-79a6-4168-9e6f-aa9a07481cc4", "Global Secure Access Log Reader", iam.ClassRead, iam.KindNote, ""},
	{"75934031-6c7e-415a-99d7-48dbd49e875e", "Usage Summary Reports Reader", iam.ClassRead, iam.KindNote, ""},
}

var directoryByKey = newKeyed(directoryRoles, func(r *DirectoryRole) (string, string) { return r.TemplateID, r.Name })

// LookupDirectoryRole finds a built-in directory role by template id or
// display name (case-insensitive).
func LookupDirectoryRole(idOrName string) (DirectoryRole, bool) {
	return directoryByKey.lookup(idOrName)
}

// CustomDirectoryRole is an azuread_custom_directory_role: its name and
// its permissions' allowed_resource_actions.
type CustomDirectoryRole struct {
	Name    string
	Actions []string
}

// customEscalations are resource actions of a custom directory role that
// take over another identity or widen access: an application's or service
// principal's credentials or owners, a user's password or sign-in
// methods, group members, app role assignments. Matched case-insensitively
// on the action or on its object type's allProperties/allTasks or
// allProperties/update (which includes credentials and owners).
var customEscalations = []string{
	"microsoft.directory/applications/credentials/update",
	"microsoft.directory/applications/owners/update",
	"microsoft.directory/serviceprincipals/credentials/update",
	"microsoft.directory/serviceprincipals/owners/update",
	"microsoft.directory/serviceprincipals/approleassignedto/update",
	"microsoft.directory/serviceprincipals/synchronizationcredentials/manage",
	"microsoft.directory/users/password/update",
	"microsoft.directory/users/authenticationmethods/create",
	"microsoft.directory/users/authenticationmethods/standard/update",
	"microsoft.directory/groups/members/update",
	"microsoft.directory/groups/owners/update",
}

// coversAll reports whether action grants every property of the object
// type escalation e is on.
func coversAll(action, e string) bool {
	for _, all := range []string{"allproperties/alltasks", "allproperties/update"} {
		if prefix, ok := strings.CutSuffix(action, all); ok && strings.HasPrefix(e, prefix) {
			return true
		}
	}
	return false
}

// classifyCustom reads a custom role's actions: any escalation is
// permissions-management, any other write is write, reads are read.
func classifyCustom(c *CustomDirectoryRole) (iam.Class, []string) {
	class := iam.ClassNone
	var hits []string
	for _, a := range c.Actions {
		l := strings.ToLower(strings.TrimSpace(a))
		for _, e := range customEscalations {
			if l == e || coversAll(l, e) {
				hits = append(hits, a)
				break
			}
		}
		switch {
		case strings.HasSuffix(l, "/read"):
			class = max(class, iam.ClassRead)
		case l != "":
			class = max(class, iam.ClassWrite)
		}
	}
	if len(hits) > 0 {
		class = iam.ClassPermissionsManagement
	}
	return class, hits
}

// DirectoryRoleGrant is a directory role given to a principal
// (azuread_directory_role_assignment, azuread_directory_role_member).
type DirectoryRoleGrant struct {
	// Role is the role's template id or display name (string or
	// value.Unknown). The object id of an activated role names no role:
	// the caller resolves it to the azuread_directory_role it belongs to.
	Role any
	// Custom, when set, is the custom role the grant gives instead.
	Custom *CustomDirectoryRole
	// Scope is directory_scope_id: nil, "" or "/" for the whole tenant,
	// else one administrative unit or object (string or value.Unknown).
	Scope  any
	Source iam.Source
}

// AnalyzeDirectoryRole classifies a directory role assignment. Roles the
// table does not list are unknown. An assignment scoped below the tenant
// (an administrative unit, one application) keeps the role's name in a
// note but is write at most: it reaches the objects in that scope only.
func AnalyzeDirectoryRole(gr DirectoryRoleGrant) iam.Verdict {
	v := iam.Verdict{Class: iam.ClassUnknown}
	if gr.Custom != nil {
		return analyzeCustom(gr)
	}
	var name string
	switch x := gr.Role.(type) {
	case string:
		name = x
	case value.Unknown:
		v.Unknowns = iam.AddUnknowns(v.Unknowns, iam.UnknownRef(x))
		v.Notes = append(v.Notes, "the directory role is unknown until apply")
		return v
	}
	r, known := LookupDirectoryRole(name)
	if !known {
		v.Notes = append(v.Notes, fmt.Sprintf("directory role %s is not in the engine's table", name))
		return v
	}
	scope := directoryScope(gr.Scope, &v)
	v.Class = r.Class
	if r.Kind == "" || r.Kind == iam.KindNote {
		return v
	}
	if scope != "tenant" && scope != "unknown" {
		v.Class = min(r.Class, iam.ClassWrite)
		v.Notes = append(v.Notes, fmt.Sprintf("directory role %s is scoped to %s, not the tenant", r.Name, scope))
		return v
	}
	v.Evidence = append(v.Evidence, iam.Evidence{
		Kind: r.Kind, ID: "azure:directory-role-" + strings.ReplaceAll(strings.ToLower(r.Name), " ", "-"), Class: r.Class, Scope: scope,
		Actions: []string{r.Name}, Grants: []iam.Grant{{Source: gr.Source, Where: r.Name, Actions: []string{r.Name}}},
		Message: fmt.Sprintf("Entra directory role %s: the principal %s", r.Name, r.Why),
	})
	return v
}

// directoryScope names a grant's directory_scope_id: "tenant" for the
// whole directory, "unknown", or the scope itself.
func directoryScope(s any, v *iam.Verdict) string {
	switch x := s.(type) {
	case value.Unknown:
		v.Unknowns = iam.AddUnknowns(v.Unknowns, iam.UnknownRef(x))
		return "unknown"
	case string:
		if x != "" && x != "/" {
			return x
		}
	}
	return "tenant"
}

// analyzeCustom classifies a custom directory role by its actions: one
// that takes over identities is an escalation at tenant (or unknown)
// scope, write below it.
func analyzeCustom(gr DirectoryRoleGrant) iam.Verdict {
	v := iam.Verdict{}
	scope := directoryScope(gr.Scope, &v)
	var hits []string
	v.Class, hits = classifyCustom(gr.Custom)
	if len(hits) == 0 {
		return v
	}
	if scope != "tenant" && scope != "unknown" {
		v.Class = iam.ClassWrite
		v.Notes = append(v.Notes, fmt.Sprintf("custom directory role %s is scoped to %s, not the tenant", gr.Custom.Name, scope))
		return v
	}
	v.Evidence = append(v.Evidence, iam.Evidence{
		Kind: iam.KindEscalation, ID: "azure:custom-directory-role-escalation", Class: v.Class, Scope: scope,
		Actions: hits, Grants: []iam.Grant{{Source: gr.Source, Where: gr.Custom.Name, Actions: hits}},
		Message: fmt.Sprintf("custom Entra directory role %s allows %s: the principal can take over other identities with it", gr.Custom.Name, strings.Join(hits, ", ")),
	})
	return v
}
