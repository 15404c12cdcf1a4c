// Package vaultiam parses and classifies HashiCorp Vault ACL policies.
//
// ParsePolicy(src, filename) reads HCL or JSON policies (hcl/v2):
// `path "x" { capabilities = [...] }`, the legacy `policy = "write"` form,
// and ignores parameter constraints (they only narrow). Input is the text
// or a value.Unknown (ErrUnknownPolicy); malformed policies are errors.
//
// AnalyzePolicy(policy, source) returns an iam.Verdict: admin for the sudo
// capability ("vault:sudo") on a path other than read-only root-protected
// ones (sys/leases/lookup), a write on every path ("*": "vault:wildcard-
// path"), writes under sys/ policies, mounts or auth ("vault:sys-write"),
// writes to auth roles ("vault:auth-write"; minting secret IDs of one
// named AppRole is not one, of every AppRole is
// "vault:auth-any-role-credentials"); permissions-management for identity
// writes ("vault:identity-write"); "vault:secrets-read" for read
// on every path or a whole KV mount; otherwise write or read by
// capability. Path globs follow Vault: "*" is a trailing prefix glob, "+"
// one segment.
//
// AnalyzePolicyNames(names, docs, source) classifies the policy names a
// token or auth role carries: "root" is admin ("vault:root-policy");
// names with a document are analysed; "default" is read; others unknown.
// A name with "*" is a glob (allowed_policies_glob): "*" is any policy,
// admin ("vault:any-policy"); another is the documents it matches, and
// unknown for the rest.
//
// Who may log in (KindOpenTrust, NHI-006): AnalyzeJWTRole reports a JWT
// auth role with neither bound_subject nor bound_claims
// ("vault:jwt-no-subject") or with a subject or claims that pin no
// repository, project, workflow or workspace ("vault:jwt-wide-claims":
// a ref or environment only); when what it requires names one
// organization or group (repository_owner, namespace_path, a glob such as
// "org/*", a GitHub subject customised to "repository_owner:org") or the
// mount's issuer signs for one party only (a GitHub enterprise's, a
// self-managed GitLab's, a cluster's), the IDs are
// "vault:jwt-bounded-no-subject" and "vault:jwt-bounded-wide-claims".
// AnalyzeKubernetesRole reports "*" in bound_service_account_names
// ("vault:k8s-any-service-account") or bound_service_account_namespaces,
// or a namespace selector that requires no label ("vault:k8s-any-namespace"),
// and a namespace's default service account ("k8s:default-service-account");
// AnalyzeAWSRole an iam-method AWS role whose bound_iam_principal_arns let
// any account in ("vault:aws-any-account") or every role or user of one
// ("vault:aws-bounded-account"); AnalyzeGCPRole a GCP role bound to
// service account "*" ("vault:gcp-any-service-account"). Unknown values
// are unverifiable, not reported.
package vaultiam
