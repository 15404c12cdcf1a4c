package iam

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// Class is the privilege level a principal reaches through a grant.
type Class int

const (
	ClassUnknown Class = iota // could not be determined
	ClassNone
	ClassRead
	ClassWrite
	ClassPermissionsManagement
	ClassAdmin
)

var classNames = [...]string{
	ClassUnknown:               "unknown",
	ClassNone:                  "none",
	ClassRead:                  "read",
	ClassWrite:                 "write",
	ClassPermissionsManagement: "permissions-management",
	ClassAdmin:                 "admin",
}

// String returns the report spelling of c.
func (c Class) String() string {
	if c < ClassUnknown || c > ClassAdmin {
		return fmt.Sprintf("Class(%d)", int(c))
	}
	return classNames[c]
}

// MarshalText encodes c as its String.
func (c Class) MarshalText() ([]byte, error) {
	if c < ClassUnknown || c > ClassAdmin {
		return nil, fmt.Errorf("iam: invalid class %d", int(c))
	}
	return []byte(c.String()), nil
}

// UnmarshalText accepts what MarshalText produces (and the underscore
// spelling "permissions_management").
func (c *Class) UnmarshalText(b []byte) error {
	p, err := ParseClass(string(b))
	if err != nil {
		return err
	}
	*c = p
	return nil
}

// ParseClass is the inverse of Class.String; it also accepts
// "permissions_management".
func ParseClass(s string) (Class, error) {
	s = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-")
	for i, n := range classNames {
		if n == s {
			return Class(i), nil
		}
	}
	return ClassUnknown, fmt.Errorf("iam: unknown privilege class %q", s)
}

// Known reports whether c is one of the ordered classes (not ClassUnknown).
func (c Class) Known() bool { return c >= ClassNone && c <= ClassAdmin }

// AtLeast reports whether c is known and not below min. ClassUnknown is never
// at least anything, so callers must decide separately what an unknown means.
func (c Class) AtLeast(min Class) bool { return c.Known() && c >= min }

// Max returns the highest known class among cs. ClassUnknown only wins when
// nothing is known, because one certain grant already bounds the principal
// from below.
func Max(cs ...Class) Class {
	best := ClassUnknown
	for _, c := range cs {
		if c.Known() && (!best.Known() || c > best) {
			best = c
		}
	}
	return best
}

// Kind says what an Evidence is about; rules pick the kinds they report.
type Kind string

const (
	// KindAdmin: the grant is admin-equivalent on its own (NHI-004).
	KindAdmin Kind = "admin"
	// KindWildcard: a service-wide or all-actions wildcard on all resources,
	// or a dangerous action on every resource (NHI-005).
	KindWildcard Kind = "wildcard"
	// KindEscalation: a known way to turn the grant into admin, or to act as
	// another identity (NHI-005).
	KindEscalation Kind = "escalation"
	// KindPermissionsManagement: the grant can change who may do what
	// (IAM policies, role assignments, setIamPolicy, RBAC bind).
	KindPermissionsManagement Kind = "permissions-management"
	// KindSecretsRead: the grant reads secrets broadly (Kubernetes secrets
	// cluster-wide, Vault secret paths).
	KindSecretsRead Kind = "secrets-read"
	// KindOpenTrust: anyone, any account or any CI workflow may assume or
	// impersonate the identity (NHI-006).
	KindOpenTrust Kind = "open-trust"
	// KindBroadMember: a grant to a public or very wide member
	// (allUsers, a whole domain, a principalSet).
	KindBroadMember Kind = "broad-member"
	// KindNote: information that does not by itself make a finding (for
	// example a conditional Deny that only partly reduces a grant).
	KindNote Kind = "note"
)

// Source identifies where one input came from. Chain is opaque to the
// engines: the caller fills it with the resource addresses from the
// principal to the grant (for example membership, group, attachment,
// policy) and gets it back untouched in Evidence.
type Source struct {
	Chain []string `json:"chain,omitempty"`
}

// Grant points at the part of one input that contributed to an Evidence.
type Grant struct {
	Source Source `json:"source"`
	// Where names the part of the document: an AWS statement ("Sid" or
	// "Statement[2]"), a Kubernetes rule ("rules[0]"), a Vault path, a role.
	Where string `json:"where,omitempty"`
	// Actions and Resources are what that part grants, as written.
	Actions   []string `json:"actions,omitempty"`
	Resources []string `json:"resources,omitempty"`
	// Conditional is true when the part only applies under a condition.
	Conditional bool `json:"conditional,omitempty"`
}

// Evidence is one reason behind a Verdict.
type Evidence struct {
	Kind Kind `json:"kind"`
	// ID is a stable identifier of the pattern, "<engine>:<slug>", for
	// example "aws:passrole-compute" or "gcp:set-iam-policy".
	ID string `json:"id"`
	// Class is the privilege this evidence alone implies.
	Class Class `json:"class"`
	// Message is one sentence a reviewer can read; it never carries secrets.
	Message string `json:"message"`
	// Scope is the breadth the evidence applies at, in the engine's words
	// ("*", "subscription", "cluster", "project", "one resource" ...).
	Scope string `json:"scope,omitempty"`
	// Actions are the actions, permissions or verbs that make the pattern.
	Actions []string `json:"actions,omitempty"`
	Grants  []Grant  `json:"grants,omitempty"`
	// Unknowns lists the references of values.Unknown the evidence relied on.
	Unknowns []string `json:"unknowns,omitempty"`
}

// Verdict is what an engine concludes about one principal or one grant.
type Verdict struct {
	Class    Class      `json:"class"`
	Evidence []Evidence `json:"evidence,omitempty"`
	// Unknowns lists every unknown reference the verdict depended on.
	// A non-empty list means the class is a lower bound or unverified.
	Unknowns []string `json:"unknowns,omitempty"`
	// Notes explain parts the engine could not evaluate.
	Notes []string `json:"notes,omitempty"`
}

// Has reports whether v holds evidence of kind k.
func (v Verdict) Has(k Kind) bool {
	return slices.ContainsFunc(v.Evidence, func(e Evidence) bool { return e.Kind == k })
}

// Of returns v's evidence of kind k, in order.
func (v Verdict) Of(k Kind) []Evidence {
	var out []Evidence
	for _, e := range v.Evidence {
		if e.Kind == k {
			out = append(out, e)
		}
	}
	return out
}

// Chain returns every address from the evidence of the given kinds (all
// kinds when none are given), first occurrence first, without duplicates.
func (v Verdict) Chain(kinds ...Kind) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range v.Evidence {
		if len(kinds) > 0 && !slices.Contains(kinds, e.Kind) {
			continue
		}
		for _, g := range e.Grants {
			for _, a := range g.Source.Chain {
				if a != "" && !seen[a] {
					seen[a] = true
					out = append(out, a)
				}
			}
		}
	}
	return out
}

// AddUnknowns appends refs to dst, keeping order and dropping duplicates;
// engines use it to merge Unknowns lists.
func AddUnknowns(dst []string, refs ...string) []string {
	for _, r := range refs {
		if !slices.Contains(dst, r) {
			dst = append(dst, r)
		}
	}
	return dst
}

// UnknownRef names an Unknown in Unknowns lists: its reference, or
// "(known after apply)" when the plan did not say where it comes from.
func UnknownRef(u value.Unknown) string {
	if u.Ref == "" {
		return u.String()
	}
	return u.Ref
}

// DefaultServiceAccount reports a Kubernetes subject naming a namespace's
// default service account, which every pod of the namespace that names
// no service account runs as.
func DefaultServiceAccount(subject string) bool {
	ns, ok := strings.CutPrefix(subject, "system:serviceaccount:")
	if !ok {
		return false
	}
	ns, name, ok := strings.Cut(ns, ":")
	return ok && ns != "" && !strings.ContainsAny(ns, "*?") && name == "default"
}

// CombinedPins are token claims of CI platforms that name one workload
// only together: a Terraform Cloud workspace name is unique within its
// organization, and every organization may have a "prod". Each claim alone
// pins nothing.
var CombinedPins = [][]string{
	{"terraform_organization_name", "terraform_workspace_name"},
	{"terraform_organization_id", "terraform_workspace_name"},
}

// GitHubOwnerSubject reports a GitHub Actions sub claim customised
// (include_claim_keys of an OIDC subject claim template) to name the
// repository owner but no repository: "repository_owner:org",
// "repository_owner_id:123", or a reusable workflow of the owner
// ("job_workflow_ref:org/shared/..."), alone or with claims many
// repositories share ("environment:prod"). Every repository of the owner
// gets it: the organization's trust, not one repository's.
func GitHubOwnerSubject(sub string) bool {
	return githubOwnerClaim.MatchString(sub) && !githubRepositoryClaim.MatchString(sub)
}

// GitHubUnpinnedSubject reports a GitHub Actions sub claim customised to
// name neither a repository nor its owner: only claims any repository
// may have ("environment:prod", "ref:refs/heads/main", a workflow's sha).
// Any repository on GitHub whose subject template yields it gets the
// trust. An enterprise's claims make it that enterprise's
// (GitHubOwnerSubject).
func GitHubUnpinnedSubject(sub string) bool {
	key, _, _ := strings.Cut(sub, ":")
	// Only a subject in the form GitHub writes (its first claim one of
	// GitHub's, not repo: a "repo:*" compared exactly admits no one).
	if !slices.Contains(githubClaimKeys, key) || strings.ContainsAny(sub, "*?") {
		return false
	}
	return !githubOwnerClaim.MatchString(sub) && !githubRepositoryClaim.MatchString(sub)
}

// githubClaimKeys are the claims a GitHub Actions subject template may
// include, but repo, which names a repository whenever GitHub writes it
// (and pull_request, the context of a pull request's run).
var githubClaimKeys = []string{"actor", "actor_id", "base_ref", "check_run_id", "enterprise", "enterprise_id", "environment",
	"event_name", "head_ref", "job_workflow_ref", "job_workflow_sha", "pull_request", "ref", "ref_protected", "ref_type",
	"repository", "repository_id", "repository_owner", "repository_owner_id", "repository_visibility", "run_attempt",
	"run_id", "run_number", "runner_environment", "sha", "workflow", "workflow_ref", "workflow_sha"}

var (
	// The owner, an enterprise (every repository of it), or a reusable
	// workflow (job_workflow_ref names the workflow's repository, not the
	// caller's: every repository allowed to call it, its organization's
	// at least, gets its tokens).
	githubOwnerClaim = regexp.MustCompile(`(^|:)repository_owner(_id)?:[^:*?]+|(^|:)job_workflow_ref:[^:*?/]+/|(^|:)enterprise(_id)?:[^:*?]+`)
	// A repository (repo:org/name, repository:org/name, its id, or the
	// calling workflow's file, workflow_ref) pins the subject.
	githubRepositoryClaim = regexp.MustCompile(`(^|:)(repo|repository):[^:/]+/[^:]+|(^|:)repository_id:[0-9]+(:|$)|(^|:)workflow_ref:[^:/]+/[^:/]+/`)
)

// Glob matches s against a pattern in which "*" matches any run of
// characters and every other byte itself (Azure actions, Vault policy name
// globs).
func Glob(p, s string) bool {
	pi, si, star, mark := 0, 0, -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && p[pi] == s[si]:
			pi++
			si++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
