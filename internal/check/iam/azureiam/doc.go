// Package azureiam classifies Azure RBAC role assignments, Microsoft Graph
// application permissions granted to Entra ID applications, Entra
// directory roles, and federated identity credentials.
//
// Built-in role definitions are embedded from
// shared/data/iam/azure-built-in-roles.json (data/azure-roles.tsv,
// indexed on first use, a role's action lists split when it is looked up; licence in data/LICENSE.iam-dataset.txt;
// `go generate` refreshes it).
//
// API:
//
//   - LookupRole(nameOrID) (RoleDefinition, bool): by name
//     (case-insensitive), GUID, or ".../providers/Microsoft.Authorization/
//     roleDefinitions/<guid>". Custom roles are RoleDefinition values the
//     caller builds from azurerm_role_definition (actions, not_actions,
//     data_actions, not_data_actions).
//   - ParseScope(any) Scope: "/" (root), management group, subscription,
//     resource group, resource; a value.Unknown is ScopeUnknown with its
//     reference (ScopeFromLevel lets the caller supply a level it knows).
//   - AnalyzeAssignment(Assignment) AssignmentResult: at subscription,
//     management group, root or unknown scope, roles that can write role
//     assignments (Owner, User Access Administrator, Role Based Access
//     Control Administrator, Microsoft.Authorization/*/write) are admin
//     ("azure:role-assignment-write"), and so are roles with "*" actions
//     (Contributor, custom; "azure:all-actions"). At resource group or
//     resource scope the same roles are reported with their scope named,
//     classed permissions-management or write. Other roles are write or
//     read by their actions and data actions; "Microsoft.X/*" actions give
//     "azure:provider-wildcard". Microsoft.Authorization/elevateAccess/
//     action is credited to no RBAC role (Owner and "*" included): only an
//     Entra ID Global Administrator can elevate, through the directory
//     role. An unknown role is ClassUnknown.
//   - ClassifyRole(def) classifies a role as if assigned on a subscription.
//   - LookupGraphPermission / AnalyzeAppRoles: Microsoft Graph
//     (MicrosoftGraphAppID) application permissions by app role id or name:
//     RoleManagement.ReadWrite.Directory, AppRoleAssignment.ReadWrite.All,
//     Application.ReadWrite.All, Directory.ReadWrite.All, ... are admin
//     (KindAdmin, "azure:graph-<name>"); permissions that take over users,
//     groups or policies are KindEscalation; tenant-wide data writes are
//     KindWildcard; reads are read. Ids not in the table are unknown.
//   - LookupDirectoryRole / AnalyzeDirectoryRole: Entra built-in
//     directory roles by template id or display name. Global
//     Administrator, Privileged Role Administrator, Privileged
//     Authentication Administrator and Partner Tier2 Support are admin
//     ("azure:directory-role-<name>"); the other roles Microsoft labels
//     privileged (Application Administrator, User Administrator,
//     Conditional Access Administrator...) are KindEscalation;
//     service-wide administrators (Exchange, SharePoint) KindWildcard;
//     readers read. Below the tenant (an administrative unit, one object)
//     a role is write at most. A custom role (CustomDirectoryRole) is
//     judged by its allowed_resource_actions: credentials, owners,
//     passwords, sign-in methods, group members or app role assignments
//     of others are an escalation ("azure:custom-directory-role-escalation"),
//     other writes write. Built-in roles not in the table and unknown roles
//     are unknown.
//   - AnalyzeFederatedCredential: "azure:fic-no-subject" and
//     "azure:fic-wide-subject" (repo:org/*, repo:*, project_path:group/*,
//     any Terraform Cloud workspace); an unknown subject is unverifiable,
//     not reported.
package azureiam
