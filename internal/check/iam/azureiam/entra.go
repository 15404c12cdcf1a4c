package azureiam

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// MicrosoftGraphAppID is the application id of Microsoft Graph, the
// resource_app_id of its permissions.
const MicrosoftGraphAppID = "00000003-0000-0000-c000-000000000000"

// GraphPermission is a Microsoft Graph application permission (app role).
type GraphPermission struct {
	ID    string    `json:"id"`
	Name  string    `json:"name"`
	Class iam.Class `json:"class"`
	// Kind is KindAdmin for permissions that let an app make itself (or
	// anyone) Global Administrator, KindEscalation for permissions that
	// take over identities or policies, KindWildcard for tenant-wide data
	// writes, KindNote for reads.
	Kind iam.Kind `json:"kind"`
	Why  string   `json:"why"`
}

// graphPermissions: application permission ids from the Microsoft Graph
// permissions reference (learn.microsoft.com/graph/permissions-reference).
var graphPermissions = []GraphPermission{
	{"9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8", "RoleManagement.ReadWrite.Directory", iam.ClassAdmin, iam.KindAdmin, "can assign any Entra role, Global Administrator included, to itself"},
	{"06b708a9-e830-4db3-a914-8e69da51d44f", "AppRoleAssignment.ReadWrite.All", iam.ClassAdmin, iam.KindAdmin, "can grant itself any application permission, RoleManagement.ReadWrite.Directory included"},
	{"1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9", "Application.ReadWrite.All", iam.ClassAdmin, iam.KindAdmin, "can add credentials to any application, including more privileged ones, and act as it"},
	{"19dbc75e-c2e2-444c-a770-ec69d8559fc7", "Directory.ReadWrite.All", iam.ClassAdmin, iam.KindAdmin, "can change almost every directory object"},
	{"8e8e4742-1d95-4f68-9d56-6ee75648c72a", "DelegatedPermissionGrant.ReadWrite.All", iam.ClassAdmin, iam.KindAdmin, "can grant any delegated permission to any app without consent"},
	{"31e08e0a-d3f7-4ca2-ac39-7343fb83e8ad", "RoleManagementPolicy.ReadWrite.Directory", iam.ClassAdmin, iam.KindAdmin, "can remove the approval and MFA requirements of privileged role activation"},
	{"50483e42-d915-4231-9639-7fdb7fd190e5", "UserAuthenticationMethod.ReadWrite.All", iam.ClassPermissionsManagement, iam.KindEscalation, "can add sign-in methods (Temporary Access Pass) to any user, administrators included"},
	{"7e05723c-0bb0-42da-be95-ae9f08a6e53c", "Domain.ReadWrite.All", iam.ClassPermissionsManagement, iam.KindEscalation, "can federate a domain and sign in as any of its users"},
	{"90db2b9a-d928-4d33-a4dd-8442ae3d41e4", "IdentityProvider.ReadWrite.All", iam.ClassPermissionsManagement, iam.KindEscalation, "can add identity providers that sign users in"},
	{"01c0a623-fc9b-48e9-b794-0756f8e8f067", "Policy.ReadWrite.ConditionalAccess", iam.ClassPermissionsManagement, iam.KindEscalation, "can switch off Conditional Access policies"},
	{"dd199f4a-f148-40a4-a2ec-f0069cc799ec", "RoleAssignmentSchedule.ReadWrite.Directory", iam.ClassAdmin, iam.KindAdmin, "can make active assignments of any Entra role, Global Administrator included, through PIM"},
	{"fee28b28-e1f3-4841-818e-2704dc62245f", "RoleEligibilitySchedule.ReadWrite.Directory", iam.ClassPermissionsManagement, iam.KindEscalation, "can make anyone eligible for any Entra role through PIM"},
	{"2f6817f8-7b12-4f0f-bc18-eeaf60705a9e", "PrivilegedAccess.ReadWrite.AzureADGroup", iam.ClassPermissionsManagement, iam.KindEscalation, "can assign membership of role-assignable groups through PIM, and so the roles they hold"},
	{"41202f2c-f7ab-45be-b001-85c9728b9d69", "PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup", iam.ClassPermissionsManagement, iam.KindEscalation, "can assign membership of role-assignable groups through PIM, and so the roles they hold"},
	{"cc117bb9-00cf-4eb8-b580-ea2a878fe8f7", "User-PasswordProfile.ReadWrite.All", iam.ClassPermissionsManagement, iam.KindEscalation, "can reset users' passwords and sign in as them"},
	{"9acd699f-1e81-4958-b001-93b1d2506e19", "EntitlementManagement.ReadWrite.All", iam.ClassPermissionsManagement, iam.KindEscalation, "can make access packages that grant group memberships and roles, and assign them"},
	{"9241abd9-d0e6-425a-bd4f-47ba86e767a4", "DeviceManagementConfiguration.ReadWrite.All", iam.ClassPermissionsManagement, iam.KindEscalation, "can push scripts and configuration to every managed device"},
	{"78145de6-330d-4800-a6ce-494ff2d33d07", "DeviceManagementApps.ReadWrite.All", iam.ClassPermissionsManagement, iam.KindEscalation, "can deploy applications to every managed device"},
	{"a402ca1c-2696-4531-972d-6e5ee4aa11ea", "Policy.ReadWrite.PermissionGrant", iam.ClassPermissionsManagement, iam.KindEscalation, "can change who may consent to which permissions"},
	{"25f85f3c-f66c-4205-8cd5-de92dd7f0cec", "Policy.ReadWrite.AuthenticationFlows", iam.ClassPermissionsManagement, iam.KindEscalation, "can change authentication flow policies"},
	{"29c18626-4985-4dcd-85c0-193eef327366", "Policy.ReadWrite.AuthenticationMethod", iam.ClassPermissionsManagement, iam.KindEscalation, "can weaken authentication method policies"},
	{"62a82d76-70ea-41e2-9197-370581804d09", "Group.ReadWrite.All", iam.ClassPermissionsManagement, iam.KindEscalation, "can change the members and owners of every group, and so the access groups grant"},
	{"dbaae8cf-10b5-4b86-a4a1-f871c94c6695", "GroupMember.ReadWrite.All", iam.ClassPermissionsManagement, iam.KindEscalation, "can change the members of every group, and so the access groups grant"},
	{"e330c4f0-4170-414e-a55a-2f022ec2b57b", "DeviceManagementRBAC.ReadWrite.All", iam.ClassPermissionsManagement, iam.KindEscalation, "can assign Intune roles"},
	{"292d869f-3427-49a8-9dab-8c70152b74e9", "Organization.ReadWrite.All", iam.ClassPermissionsManagement, iam.KindEscalation, "can change tenant-wide organization settings"},
	{"18a4783c-866b-4cc7-a460-3d5e5662c884", "Application.ReadWrite.OwnedBy", iam.ClassWrite, iam.KindWildcard, "can add credentials to the applications it owns"},
	{"741f803b-c850-494e-b5df-cde7c675a1ca", "User.ReadWrite.All", iam.ClassWrite, iam.KindWildcard, "can change every user's profile"},
	{"1138cb37-bd11-4084-a2b7-9f71582aeddb", "Device.ReadWrite.All", iam.ClassWrite, iam.KindWildcard, "can change every device"},
	{"e2a3a72e-5f79-4c64-b1b1-878b674786c9", "Mail.ReadWrite", iam.ClassWrite, iam.KindWildcard, "can read and change mail in every mailbox"},
	{"6931bccd-447a-43d1-b442-00a195474933", "MailboxSettings.ReadWrite", iam.ClassWrite, iam.KindWildcard, "can change every mailbox's settings (forwarding rules)"},
	{"75359482-378d-4052-8f01-80520e7db3cd", "Files.ReadWrite.All", iam.ClassWrite, iam.KindWildcard, "can read and change every file"},
	{"9492366f-7969-46a4-8d15-ed1a20078fff", "Sites.ReadWrite.All", iam.ClassWrite, iam.KindWildcard, "can read and change every SharePoint site"},
	{"a82116e5-55eb-4c41-a434-62fe8a61c773", "Sites.FullControl.All", iam.ClassPermissionsManagement, iam.KindEscalation, "has full control of every SharePoint site, permissions included"},
	{"0c0bf378-bf22-4481-8f81-9e89a9b4960a", "Sites.Manage.All", iam.ClassWrite, iam.KindWildcard, "can manage every SharePoint site"},
	{"243333ab-4d21-40cb-a475-36241daa0842", "DeviceManagementManagedDevices.ReadWrite.All", iam.ClassWrite, iam.KindWildcard, "can change, wipe and retire every managed device"},
	{"3011c876-62b7-4ada-afa2-506cbbecc68c", "User.EnableDisableAccount.All", iam.ClassWrite, iam.KindWildcard, "can disable every user's account"},
	{"09850681-111b-4a89-9bed-3f2cae46d706", "User.Invite.All", iam.ClassWrite, iam.KindWildcard, "can invite guests into the tenant"},
	{"f20584af-9290-4153-9280-ff8bb2c0ea7f", "Directory.Write.Restricted", iam.ClassWrite, iam.KindWildcard, "can change directory objects"},
	{"89c8469c-83ad-45f7-8ff2-6e3d4285709e", "ServicePrincipalEndpoint.ReadWrite.All", iam.ClassWrite, iam.KindWildcard, "can change the endpoints of every service principal"},
	{"9b50c33d-700f-43b1-b2eb-87e89b703581", "Synchronization.ReadWrite.All", iam.ClassWrite, iam.KindWildcard, "can change identity synchronization (provisioning) jobs"},
	{"5eb59dd3-1da2-4329-8733-9dabdc435916", "AdministrativeUnit.ReadWrite.All", iam.ClassWrite, iam.KindWildcard, "can change administrative units and their members"},
	{"0121dc95-1b9f-4aed-8bac-58c5ac466691", "TeamMember.ReadWrite.All", iam.ClassWrite, iam.KindWildcard, "can change the members of every team"},
	{"b633e1c5-b582-4048-a93e-9f11b44c7e96", "Mail.Send", iam.ClassWrite, iam.KindWildcard, "can send mail as any user"},
	{"ef54d2bf-783f-4e0f-bca1-3210c0444d99", "Calendars.ReadWrite", iam.ClassWrite, iam.KindWildcard, "can read and change every calendar"},
	{"294ce7c9-31ba-490a-ad7d-97a7d075e4ed", "Chat.ReadWrite.All", iam.ClassWrite, iam.KindWildcard, "can read and send messages in every chat"},
	{"6918b873-d17a-4dc1-b314-35f528134491", "Contacts.ReadWrite", iam.ClassWrite, iam.KindWildcard, "can read and change every mailbox's contacts"},
	{"0c458cef-11f3-48c2-a568-c66751c238c0", "Notes.ReadWrite.All", iam.ClassWrite, iam.KindWildcard, "can read and change every OneNote notebook"},
	// Reads of every mailbox, file, chat or calendar: the tenant's data,
	// not its directory.
	{"810c84a8-4a9e-49e6-bf7d-12d183f40d01", "Mail.Read", iam.ClassRead, iam.KindWildcard, "can read the mail of every mailbox"},
	{"01d4889c-1287-42c6-ac1f-5d1e02578ef6", "Files.Read.All", iam.ClassRead, iam.KindWildcard, "can read every file in OneDrive and SharePoint"},
	{"332a536c-c7ef-4017-ab91-336970924f0d", "Sites.Read.All", iam.ClassRead, iam.KindWildcard, "can read every SharePoint site"},
	{"798ee544-9d2d-430c-a058-570e29e34338", "Calendars.Read", iam.ClassRead, iam.KindWildcard, "can read every calendar"},
	{"6b7d71aa-70aa-4810-a8d9-5d9fb2830017", "Chat.Read.All", iam.ClassRead, iam.KindWildcard, "can read every chat"},
	{"7b2449af-6ccd-4f4d-9f78-e550c193f0d1", "ChannelMessage.Read.All", iam.ClassRead, iam.KindWildcard, "can read every Teams channel message"},
	{"089fe4d0-434a-44c5-8827-41ba8a0b17f5", "Contacts.Read", iam.ClassRead, iam.KindWildcard, "can read every mailbox's contacts"},
	{"3aeca27b-ee3a-4c2b-8ded-80376e2134a4", "Notes.Read.All", iam.ClassRead, iam.KindWildcard, "can read every OneNote notebook"},
	{"7ab1d382-f21e-4acd-a863-ba3e13f7da61", "Directory.Read.All", iam.ClassRead, iam.KindNote, "reads the whole directory"},
	{"246dd0d5-5bd0-4def-940b-0421030a5b68", "Policy.Read.All", iam.ClassRead, iam.KindNote, "reads the tenant's policies"},
	{"693c5e45-0940-467d-9b8a-1022fb9d42ef", "Mail.ReadBasic.All", iam.ClassRead, iam.KindNote, "reads mail metadata, not bodies"},
	{"883ea226-0bf2-4a8f-9f9d-92c9162a727d", "Sites.Selected", iam.ClassRead, iam.KindNote, "reaches only the sites an administrator grants it"},
	{"b0afded3-3588-46d8-8b3d-9842eff778da", "AuditLog.Read.All", iam.ClassRead, iam.KindNote, "reads the audit logs"},
	{"9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30", "Application.Read.All", iam.ClassRead, iam.KindNote, "reads every application"},
	{"483bed4a-2ad3-4361-a73b-c83ccdbdc53c", "RoleManagement.Read.Directory", iam.ClassRead, iam.KindNote, "reads role assignments"},
	{"230c1aed-a721-4c5d-9cb4-a90514e508ef", "Reports.Read.All", iam.ClassRead, iam.KindNote, "reads usage reports"},
	{"38d9df27-64da-44fd-b7c5-a6fbac20248f", "UserAuthenticationMethod.Read.All", iam.ClassRead, iam.KindNote, "reads users' sign-in methods"},
	{"23fc2474-f741-46ce-8465-674744c5c361", "Team.Create", iam.ClassWrite, iam.KindNote, "creates teams"},
	{"df021288-bdef-4463-88db-98f22de89214", "User.Read.All", iam.ClassRead, iam.KindNote, "reads every user"},
	{"5b567255-7703-4780-807c-7be8301ae99b", "Group.Read.All", iam.ClassRead, iam.KindNote, "reads every group"},
}

var graphByKey = newKeyed(graphPermissions, func(p *GraphPermission) (string, string) { return p.ID, p.Name })

// LookupGraphPermission finds a Microsoft Graph application permission the
// engine knows, by app role id or by name (case-insensitive).
func LookupGraphPermission(idOrName string) (GraphPermission, bool) {
	return graphByKey.lookup(idOrName)
}

// keyed indexes a fixed list by id and by name, both case-insensitive.
type keyed[T any] map[string]*T

func newKeyed[T any](items []T, keys func(*T) (id, name string)) keyed[T] {
	t := keyed[T]{}
	for i := range items {
		id, name := keys(&items[i])
		t[strings.ToLower(id)], t[strings.ToLower(name)] = &items[i], &items[i]
	}
	return t
}

func (t keyed[T]) lookup(idOrName string) (T, bool) {
	x, ok := t[strings.ToLower(strings.TrimSpace(idOrName))]
	if !ok {
		var zero T
		return zero, false
	}
	return *x, true
}

// AppRoleGrant is an application permission granted to a service principal
// (azuread_app_role_assignment) or requested by an application
// (required_resource_access with type "Role").
type AppRoleGrant struct {
	ResourceAppID any // the API's application id (string or value.Unknown)
	AppRoleID     any // the app role id or name (string or value.Unknown)
	Source        iam.Source
}

// AnalyzeAppRoles classifies the application permissions one app holds.
// Permissions of APIs other than Microsoft Graph, and Graph permissions
// the table does not list, are unknown (a Note says which).
func AnalyzeAppRoles(grants ...AppRoleGrant) iam.Verdict {
	v := iam.Verdict{Class: iam.ClassNone}
	var classes []iam.Class
	for _, gr := range grants {
		g := iam.Grant{Source: gr.Source}
		api, ok := gr.ResourceAppID.(string)
		if u, isU := gr.ResourceAppID.(value.Unknown); isU {
			v.Unknowns = iam.AddUnknowns(v.Unknowns, iam.UnknownRef(u))
		}
		role := ""
		switch x := gr.AppRoleID.(type) {
		case string:
			role = x
		case value.Unknown:
			v.Unknowns = iam.AddUnknowns(v.Unknowns, iam.UnknownRef(x))
			v.Notes = append(v.Notes, "an application permission is unknown until apply")
			classes = append(classes, iam.ClassUnknown)
			continue
		}
		if !ok || !strings.EqualFold(api, MicrosoftGraphAppID) {
			v.Notes = append(v.Notes, fmt.Sprintf("permission %s of API %v is not classified", role, gr.ResourceAppID))
			classes = append(classes, iam.ClassUnknown)
			continue
		}
		p, known := LookupGraphPermission(role)
		if !known {
			v.Notes = append(v.Notes, fmt.Sprintf("Microsoft Graph permission %s is not in the engine's table", role))
			classes = append(classes, iam.ClassUnknown)
			continue
		}
		classes = append(classes, p.Class)
		g.Where, g.Actions = p.Name, []string{p.Name}
		if p.Kind == iam.KindNote {
			continue
		}
		v.Evidence = append(v.Evidence, iam.Evidence{Kind: p.Kind, ID: "azure:graph-" + strings.ToLower(p.Name), Class: p.Class, Scope: "tenant",
			Actions: []string{p.Name}, Grants: []iam.Grant{g},
			Message: fmt.Sprintf("Microsoft Graph application permission %s: the app %s", p.Name, p.Why)})
	}
	if len(classes) > 0 {
		v.Class = iam.Max(classes...)
	}
	return v
}

// FederatedCredential is a federated identity credential of an app or a
// user-assigned identity (azuread_application_federated_identity_credential,
// azurerm_federated_identity_credential).
type FederatedCredential struct {
	Issuer any // string or value.Unknown
	// Subject is the exact subject, or Expression a flexible credential's
	// claims matching expression; nil or "" when absent.
	Subject    any
	Expression any
	Source     iam.Source
}

// AnalyzeFederatedCredential reports a credential without a subject
// ("azure:fic-no-subject") or whose subject spans more than one repository,
// project or workspace ("azure:fic-wide-subject"). A classic credential's
// subject is matched exactly: Entra takes no wildcard in it, so "repo:org/*"
// admits no token at all (a note says so). A flexible credential's claims
// matching expression does match patterns: its sub clauses are judged. An
// unknown subject is present but unverifiable.
func AnalyzeFederatedCredential(fc FederatedCredential) iam.Verdict {
	v := iam.Verdict{Class: iam.ClassNone}
	g := iam.Grant{Source: fc.Source, Where: "subject"}
	issuer, _ := fc.Issuer.(string)
	if u, ok := fc.Issuer.(value.Unknown); ok {
		v.Unknowns = iam.AddUnknowns(v.Unknowns, iam.UnknownRef(u))
	}
	subject, flexible := "", false
	for i, s := range []any{fc.Subject, fc.Expression} {
		switch x := s.(type) {
		case value.Unknown:
			v.Unknowns = iam.AddUnknowns(v.Unknowns, iam.UnknownRef(x))
			return v
		case string:
			if strings.TrimSpace(x) != "" {
				subject, flexible = strings.TrimSpace(x), i == 1
			}
		}
	}
	if subject == "" {
		v.Evidence = append(v.Evidence, iam.Evidence{Kind: iam.KindOpenTrust, ID: "azure:fic-no-subject", Class: iam.ClassAdmin, Scope: issuer,
			Message: fmt.Sprintf("federated identity credential for %s has no subject: any token the issuer signs is accepted", orIssuer(issuer)), Grants: []iam.Grant{g}})
		return v
	}
	if !flexible {
		if strings.ContainsAny(subject, "*?") {
			v.Notes = append(v.Notes, fmt.Sprintf("federated identity credential subject %q is matched literally (Entra takes no wildcard in a subject): it admits no token", subject))
		}
		if iam.DefaultServiceAccount(subject) {
			v.Evidence = append(v.Evidence, iam.Evidence{Kind: iam.KindOpenTrust, ID: "k8s:default-service-account", Class: iam.ClassWrite, Scope: issuer,
				Actions: []string{subject}, Grants: []iam.Grant{g},
				Message: fmt.Sprintf("federated identity credential admits %s, the default service account every pod of its namespace that names none runs as", subject)})
		}
		return v
	}
	g.Where = "claims_matching_expression"
	subs := subClaimPatterns(subject)
	if len(subs) == 0 {
		v.Evidence = append(v.Evidence, iam.Evidence{Kind: iam.KindOpenTrust, ID: "azure:fic-no-subject", Class: iam.ClassAdmin, Scope: issuer,
			Message: fmt.Sprintf("flexible federated identity credential for %s matches no sub claim (%q): any token the issuer signs that passes it is accepted", orIssuer(issuer), subject), Grants: []iam.Grant{g}})
		return v
	}
	for _, sub := range subs {
		if wideSubject(sub) {
			v.Evidence = append(v.Evidence, iam.Evidence{Kind: iam.KindOpenTrust, ID: "azure:fic-wide-subject", Class: iam.ClassAdmin, Scope: issuer,
				Actions: []string{sub}, Grants: []iam.Grant{g},
				Message: fmt.Sprintf("flexible federated identity credential matches subject %q, which spans more than one repository, project or workspace", sub)})
			break
		}
	}
	return v
}

// subClaim finds the sub clauses of a claims matching expression:
// claims['sub'] matches 'repo:org/*' (a pattern) or eq '...' (exact).
var subClaim = regexp.MustCompile(`claims\[\s*['"]sub['"]\s*\]\s+(matches|eq)\s+'([^']*)'`)

// subClaimPatterns lists the subjects a claims matching expression admits;
// an exact (eq) subject has its wildcard characters escaped away.
func subClaimPatterns(expr string) []string {
	var out []string
	for _, m := range subClaim.FindAllStringSubmatch(expr, -1) {
		if m[1] == "eq" {
			out = append(out, strings.NewReplacer("*", "", "?", "").Replace(m[2]))
			continue
		}
		out = append(out, m[2])
	}
	return out
}

// wideSubject: a wildcard before the repository (GitHub), project (GitLab)
// or workspace (Terraform Cloud) is fully named.
func wideSubject(s string) bool {
	p := strings.IndexAny(s, "*?")
	if p < 0 {
		return false
	}
	prefix := s[:p]
	for _, head := range []string{"repo:", "project_path:"} {
		if i := strings.Index(prefix, head); i >= 0 {
			rest := prefix[i+len(head):]
			// "org/repo:" must be complete before the wildcard.
			slash := strings.IndexByte(rest, '/')
			return slash < 0 || !strings.Contains(rest[slash+1:], ":")
		}
	}
	if strings.HasPrefix(s, "organization:") {
		return !tfcWorkspace.MatchString(s) || strings.ContainsAny(strings.SplitN(s, ":", 3)[1], "*?")
	}
	return true
}

// tfcWorkspace: workspace names are unique in an organization, so a
// literal workspace pins one even under a wildcard project.
var tfcWorkspace = regexp.MustCompile(`:workspace:[^*?:]+(:|$)`)

func orIssuer(s string) string {
	if s == "" {
		return "an issuer unknown until apply"
	}
	return s
}
