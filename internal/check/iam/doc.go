// Package iam holds the vocabulary shared by the policy engines under it:
// the privilege Class of a grant, the Evidence that justifies it and the
// Verdict an engine returns.
//
//	awsiam    AWS policy documents: parsing, effective permissions of a
//	          principal, escalation paths, role trust
//	gcpiam    Google Cloud roles, members, bindings at a scope, workload
//	          identity pool providers
//	azureiam  Azure role assignments at a scope, Microsoft Graph application
//	          permissions, federated identity credentials
//	k8srbac   Kubernetes RBAC rules and bindings
//	vaultiam  Vault ACL policies and token policy names
//	scopes    GitHub, GitLab and other token scopes, Cloudflare token policies
//	snowflakeiam Snowflake system roles and privileges granted to roles
//
// Tables (AWS actions and managed policies, Google roles, Azure roles) are
// embedded in compact form under each package's data/ with their licence
// notices, decoded lazily, and refreshed by `go generate` through
// internal/iamgen. Builds and tests never need npm or the network.
//
// The engines are pure libraries: they know nothing about Terraform plans.
// The caller (the identity graph) hands each engine the documents, roles or
// rules that apply to one principal, each tagged with a Source: the chain of
// resource addresses (or other names) it reached the principal through. Every
// Evidence carries back the Sources that produced it, so the caller can build
// the `related` chain of a finding from Verdict.Chain without re-deriving
// anything.
//
// # Classes
//
// Class orders privilege: ClassNone < ClassRead < ClassWrite <
// ClassPermissionsManagement < ClassAdmin. ClassUnknown is outside that
// order: it means the engine could not tell (for example, the only grant
// names a role that is not in its tables). Its zero value is ClassUnknown so
// that a forgotten assignment never claims "none". Class.String gives exactly
// "none", "read", "write", "permissions-management", "admin" and "unknown",
// the strings the JSON report uses.
//
// # Unknown values
//
// Documents may hold value.Unknown leaves (values Terraform knows only after
// apply). Engines treat an Unknown as one specific value, never as a wildcard:
// an Unknown resource is one resource, an Unknown subject is "a subject is
// pinned, but it cannot be verified". Whenever a verdict depended on one, its
// reference is listed in Evidence.Unknowns and Verdict.Unknowns.
package iam
