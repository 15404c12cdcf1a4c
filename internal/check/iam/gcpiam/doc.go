// Package gcpiam classifies Google Cloud IAM grants: roles (predefined,
// basic, or custom with their permissions), members, the scope they are
// granted at, and workload identity pool providers.
//
// The role table (every predefined and basic role with its permissions) is
// embedded from shared/data/iam/gcp-roles.json in a compact form
// (data/gcp-roles.tsv: a permission dictionary and per-role index
// deltas; licence in data/LICENSE.iam-dataset.txt; `go generate` refreshes
// it). It is decoded on first use, and each role's permission list when
// that role is looked up.
//
// API:
//
//   - LookupRole(name) (Role, bool): "roles/storage.admin" or "storage.admin".
//   - ParseMember(any) Member: member strings with their kind
//     (serviceAccount, user, group, domain, allUsers, allAuthenticatedUsers,
//     principal, principalSet, projectOwner/Editor/Viewer, deleted:), Public
//     (allUsers, allAuthenticatedUsers) and Broad (domain:, a whole pool,
//     every repository of an owner). A value.Unknown is one specific member.
//   - AnalyzeBinding(Binding) BindingResult: the class of the role at the
//     Scope the caller supplies (organization, folder, project, resource),
//     with iam.Evidence: "gcp:basic-role" (owner, editor: admin at project
//     level and above), "gcp:hierarchy-set-iam-policy" (resourcemanager.*
//     .setIamPolicy: admin, it can grant itself owner), "gcp:set-iam-policy"
//     (any other setIamPolicy: permissions-management;
//     "gcp:set-iam-policy-resource" when bound on one resource that is no
//     service account),
//     "gcp:impersonate-service-account" (actAs, getAccessToken, signBlob,
//     signJwt, implicitDelegation, getOpenIdToken, serviceAccountKeys.create,
//     serviceAccounts.setIamPolicy at project level or above, or to a public
//     or broad member on one service account), "gcp:actas-compute",
//     "gcp:update-custom-role", "gcp:deployment-manager", "gcp:hmac-keys",
//     "gcp:org-policy", and "gcp:public-member" / "gcp:broad-member".
//     BindingResult.Impersonates marks every binding that lets its members
//     act as service accounts, including a scoped one-to-one delegation
//     that raises no finding, so the caller can follow impersonation chains.
//   - ClassifyRole(role, perms) classifies a role as if granted on a project.
//   - Effective(results...) merges one principal's bindings.
//   - AnalyzeWorkloadIdentityProvider: "gcp:wif-no-condition" and
//     "gcp:wif-wide-condition" (the CEL condition, parsed with cel-go, does
//     not hold a repository, project, workspace or subject equal to a
//     literal in every token it admits); "gcp:wif-bounded-..." for
//     providers of one party's workloads (AWS, X.509, SAML, Entra,
//     Bitbucket).
package gcpiam
