package vaultiam

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// JWTRole is what decides who may log in with a JWT auth role
// (vault_jwt_auth_backend_role of role_type "jwt").
type JWTRole struct {
	// BoundSubject must equal the token's sub claim exactly when set: a
	// string, value.Unknown, or nil/"" when absent.
	BoundSubject any
	// BoundClaims maps claims to required values (strings, a
	// comma-separated list allowed), or is a value.Unknown or nil.
	BoundClaims any
	// BoundClaimsType is "string" (exact, the default) or "glob" ("*"
	// matches any run), or a value.Unknown.
	BoundClaimsType any
	// Issuer is the auth mount's issuer (vault_jwt_auth_backend
	// bound_issuer, else its discovery or JWKS URL): a string, or nil or
	// a value.Unknown when the plan does not tell.
	Issuer any
	Source iam.Source
}

// pinClaims name one repository, project, workflow or workspace of the
// CI platforms that log in to Vault with JWTs (GitHub Actions, GitLab,
// Terraform Cloud), or one Kubernetes service account in sub. Claims such
// as repository_owner, namespace_path, ref or environment are shared by
// many repositories and pin nothing on their own; so is
// terraform_workspace_name, which every organization may reuse, unless
// the organization is bound too (iam.CombinedPins).
var pinClaims = map[string]*regexp.Regexp{
	// A glob sub still pins when the part before "*" names one
	// repository, project, workspace or service account.
	// GitHub's names may carry their immutable ids (repo:org@1/app@2), a
	// wildcard id still naming the repository.
	"sub": regexp.MustCompile(`^((repo|repository):[^/*:@]+(@[0-9]+|@\*)?/[^/*:@]+(@[0-9]+|@\*)?(:|$)|(.*:)?repository_id:[0-9]+(:|$)|project_path:[^*:]+/[^*:]+(:|$)|organization:[^*:]+:project:[^:]+:workspace:[^*:]+(:|$)|system:serviceaccount:[^*:]+:[^*:]+$)`),
	// The calling workflow's file: it names the calling repository.
	"workflow_ref":             regexp.MustCompile(`^[^*/]+/[^*/]+/`),
	"repository":               nil,
	"repository_id":            nil,
	"project_path":             nil,
	"project_id":               nil,
	"terraform_workspace_id":   nil,
	"terraform_full_workspace": nil,
}

// ownerClaims name one organization or group of a CI platform: GitHub's
// repository owner or enterprise, a reusable workflow (job_workflow_ref:
// any repository allowed to call it, the organization's at least), a
// GitLab namespace, an HCP Terraform organization. Required alone they let in every repository, project or
// workspace of it, not anyone's.
var ownerClaims = []string{"repository_owner", "repository_owner_id", "enterprise", "enterprise_id", "job_workflow_ref",
	"namespace_path", "namespace_id", "terraform_organization_name", "terraform_organization_id"}

// orgGlobs are glob values of claims whose text before the "*" still
// names one organization or group ("repo:org/*", "org/*").
var orgGlobs = map[string]*regexp.Regexp{
	"sub":              regexp.MustCompile(`^((repo|repository):[^/*:@]+(@[0-9]+|@\*)?/|project_path:[^*:/]+/|organization:[^*:]+:|repository_owner(_id)?:[^*:]+(:|$)|enterprise(_id)?:[^*:]+(:|$))`),
	"repository":       regexp.MustCompile(`^[^*/]+/`),
	"project_path":     regexp.MustCompile(`^[^*/]+/`),
	"job_workflow_ref": regexp.MustCompile(`^[^*/]+/`),
	"namespace_path":   regexp.MustCompile(`^[^*/]+/`),
}

// pinned reports whether one required claim value names one repository,
// project, workspace or workload. Under "string" matching a value is
// literal; under "glob" a "*" widens it unless the text before it already
// names one. A GitHub subject customised to name only the repository
// owner pins no repository.
func pinned(claim, val string, glob bool) bool {
	val = strings.TrimSpace(val)
	if val == "" {
		return false
	}
	if !glob || !strings.Contains(val, "*") {
		return claim != "sub" || !iam.GitHubOwnerSubject(val) && !iam.GitHubUnpinnedSubject(val)
	}
	re := pinClaims[claim]
	return re != nil && re.MatchString(val)
}

// ofOneOrg reports whether a required claim value, though it pins no
// repository, names one organization or group: an owner claim, a glob
// whose fixed part names the organization, a subject naming its owner.
func ofOneOrg(claim, val string, glob bool) bool {
	val = strings.TrimSpace(val)
	if val == "" {
		return false
	}
	if !glob || !strings.Contains(val, "*") {
		return slices.Contains(ownerClaims, claim) || claim == "sub" && iam.GitHubOwnerSubject(val)
	}
	re := orgGlobs[claim]
	return re != nil && re.MatchString(val)
}

// oneParty tells an issuer that signs tokens for one party's workloads
// only (a GitHub enterprise's, a self-managed GitLab's, one Kubernetes
// cluster's, one CircleCI organization's or Bitbucket workspace's) from
// one that signs for anyone who signs up (token.actions.githubusercontent.com,
// gitlab.com, app.terraform.io) or is not known: it returns whose, or "".
func oneParty(issuer any) string {
	s, ok := issuer.(string)
	if !ok {
		return ""
	}
	host := strings.ToLower(strings.TrimSpace(s))
	host = strings.TrimPrefix(strings.TrimPrefix(host, "https://"), "http://")
	host = strings.TrimSuffix(host, "/")
	switch {
	case strings.HasPrefix(host, "token.actions.githubusercontent.com/"):
		return "one GitHub enterprise's repositories"
	case strings.HasPrefix(host, "gitlab.") && host != "gitlab.com" && !strings.HasPrefix(host, "gitlab.com/"):
		return "a self-managed GitLab instance's projects"
	case strings.HasPrefix(host, "kubernetes.default.svc"), strings.HasPrefix(host, "oidc.eks."),
		strings.HasPrefix(host, "container.googleapis.com/v1/projects/"), strings.Contains(host, ".oic.prod-aks.azure.com/"):
		return "one Kubernetes cluster's service accounts"
	case strings.HasPrefix(host, "oidc.circleci.com/org/"):
		return "one CircleCI organization's projects"
	case strings.HasPrefix(host, "api.bitbucket.org/2.0/workspaces/"):
		return "one Bitbucket workspace's repositories"
	}
	return ""
}

// AnalyzeJWTRole reports a JWT role that any token of its issuer can log
// in with (KindOpenTrust): no bound_subject and no bound_claims
// ("vault:jwt-no-subject"), or a subject or claims that pin no repository,
// project, workflow or workspace ("vault:jwt-wide-claims": only
// repository_owner or ref, a glob like "org/*", a GitHub subject
// customised to "repository_owner:org"). Like an AWS OIDC role without a
// sub condition, every repository of the CI platform then gets the role's
// policies. When what is required names one organization or group, or
// the issuer signs for one party only (oneParty), it is that party's
// workloads, not anyone's: "vault:jwt-bounded-no-subject" and
// "vault:jwt-bounded-wide-claims". Unknown values are unverifiable, not
// reported.
func AnalyzeJWTRole(r JWTRole) iam.Verdict {
	v := iam.Verdict{Class: iam.ClassNone}
	unknown := func(u value.Unknown, attr string) iam.Verdict {
		v.Unknowns = iam.AddUnknowns(v.Unknowns, iam.UnknownRef(u))
		v.Notes = append(v.Notes, attr+" is unknown until apply; who may log in could not be verified")
		return v
	}
	var shown []string
	where := "bound_claims"
	orgBound := false
	switch x := r.BoundSubject.(type) {
	case value.Unknown:
		return unknown(x, "bound_subject")
	case string:
		if sub := strings.TrimSpace(x); sub != "" {
			owner := iam.GitHubOwnerSubject(sub)
			if !owner && !iam.GitHubUnpinnedSubject(sub) {
				return v // sub must match exactly: one subject
			}
			// sub is compared exactly, but names only the owner, or
			// neither repository nor owner.
			shown, where, orgBound = append(shown, "bound_subject="+sub), "bound_subject", owner
		}
	}
	glob := false
	switch x := r.BoundClaimsType.(type) {
	case value.Unknown:
		// Either matching may apply: judge the stricter reading.
		glob = true
		v.Unknowns = iam.AddUnknowns(v.Unknowns, iam.UnknownRef(x))
	case string:
		glob = strings.EqualFold(strings.TrimSpace(x), "glob")
	}
	var claims map[string]any
	switch x := r.BoundClaims.(type) {
	case value.Unknown:
		return unknown(x, "bound_claims")
	case map[string]any:
		claims = x
	}
	keys := make([]string, 0, len(claims))
	for k := range claims {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	// Vault requires every bound claim: one that pins is enough, or the
	// claims of one of iam.CombinedPins together.
	every := func(val string, f func(string) bool) bool {
		// Vault reads "a,b" as a list; every entry must pass.
		return !slices.ContainsFunc(strings.Split(val, ","), func(s string) bool { return !f(s) })
	}
	pins := func(claim, val string) bool {
		return every(val, func(s string) bool { return pinned(claim, s, glob) })
	}
	required := map[string]string{}
	var pending *value.Unknown // a pinning claim known only after apply
	pendingKey := ""
	for _, k := range keys {
		claim := strings.TrimPrefix(k, "/") // a JSON pointer to a top-level claim
		_, pin := pinClaims[claim]
		switch x := claims[k].(type) {
		case value.Unknown:
			if pin && pending == nil {
				pending, pendingKey = &x, k
			}
			shown = append(shown, k+"=(known after apply)")
		case string:
			if pin && pins(claim, x) {
				return v
			}
			required[claim] = x
			shown = append(shown, k+"="+x)
			orgBound = orgBound || every(x, func(s string) bool { return pin && pinned(claim, s, glob) || ofOneOrg(claim, s, glob) })
		}
	}
	for _, combo := range iam.CombinedPins {
		if !slices.ContainsFunc(combo, func(c string) bool { x, ok := required[c]; return !ok || !pins(c, x) }) {
			return v
		}
	}
	if pending != nil {
		return unknown(*pending, "bound_claims."+pendingKey)
	}
	g := iam.Grant{Source: r.Source, Where: where}
	party := oneParty(r.Issuer)
	issuer, _ := r.Issuer.(string)
	if len(shown) == 0 {
		if party != "" {
			v.Evidence = append(v.Evidence, iam.Evidence{Kind: iam.KindOpenTrust, ID: "vault:jwt-bounded-no-subject", Class: iam.ClassAdmin, Scope: issuer,
				Message: fmt.Sprintf("JWT auth role has no bound_subject and no bound_claims: every token its issuer (%s) signs, for %s, can log in with the role's policies", issuer, party),
				Grants:  []iam.Grant{g}})
			return v
		}
		v.Evidence = append(v.Evidence, iam.Evidence{Kind: iam.KindOpenTrust, ID: "vault:jwt-no-subject", Class: iam.ClassAdmin, Scope: "issuer",
			Message: "JWT auth role has no bound_subject and no bound_claims: every token its issuer signs (on a CI platform, every repository, project or pipeline) can log in with the role's policies",
			Grants:  []iam.Grant{g}})
		return v
	}
	match := "exact"
	if glob {
		match = "glob"
	}
	what := fmt.Sprintf("JWT auth role requires only %s (%s match), which", strings.Join(shown, "; "), match)
	const single = "no single repository, project, workflow or workspace (sub, repository, project_path, ...)"
	switch {
	case orgBound:
		v.Evidence = append(v.Evidence, iam.Evidence{Kind: iam.KindOpenTrust, ID: "vault:jwt-bounded-wide-claims", Class: iam.ClassAdmin, Scope: "organization",
			Message: what + " names one organization or group but " + single + ": every repository or pipeline of it can log in with the role's policies",
			Actions: shown, Grants: []iam.Grant{g}})
	case party != "":
		v.Evidence = append(v.Evidence, iam.Evidence{Kind: iam.KindOpenTrust, ID: "vault:jwt-bounded-wide-claims", Class: iam.ClassAdmin, Scope: issuer,
			Message: fmt.Sprintf("%s pins %s: every token of the issuer (%s, for %s) that carries it can log in with the role's policies", what, single, issuer, party),
			Actions: shown, Grants: []iam.Grant{g}})
	default:
		v.Evidence = append(v.Evidence, iam.Evidence{Kind: iam.KindOpenTrust, ID: "vault:jwt-wide-claims", Class: iam.ClassAdmin, Scope: "issuer",
			Message: what + " pins " + single + ": every token of the issuer that carries it, whoever's, can log in with the role's policies",
			Actions: shown, Grants: []iam.Grant{g}})
	}
	return v
}

// KubernetesRole is what decides who may log in with a Kubernetes auth
// role (vault_kubernetes_auth_backend_role).
type KubernetesRole struct {
	// ServiceAccountNames and ServiceAccountNamespaces are lists of
	// strings (or value.Unknown, in the list or as the list); "*" allows
	// any.
	ServiceAccountNames      any
	ServiceAccountNamespaces any
	// NamespaceSelector is bound_service_account_namespace_selector, a
	// label selector in JSON or YAML (a string, value.Unknown, or nil):
	// namespaces it selects are allowed too (ORed with the list).
	NamespaceSelector any
	Source            iam.Source
}

// AnalyzeKubernetesRole reports a Kubernetes auth role bound to every
// service account of its namespaces ("vault:k8s-any-service-account") or
// to service accounts of a name in every namespace
// ("vault:k8s-any-namespace": namespaces "*", or an empty namespace
// selector, which selects them all): whoever can run a pod there, or
// create a namespace and a service account of that name, logs in with the
// role's policies (KindOpenTrust). Vault refuses "*" for both. A role
// bound to a namespace's default service account, which every pod there
// that names none runs as, is reported as an IRSA trust in it is
// ("k8s:default-service-account").
func AnalyzeKubernetesRole(r KubernetesRole) iam.Verdict {
	v := iam.Verdict{Class: iam.ClassNone}
	names, nameAny := starList(r.ServiceAccountNames, &v)
	spaces, spaceAny := starList(r.ServiceAccountNamespaces, &v)
	nsWhere, nsWhy := "bound_service_account_namespaces", "bound_service_account_namespaces is \"*\""
	if !spaceAny && selectsEvery(r.NamespaceSelector, &v) {
		spaceAny = true
		nsWhere, nsWhy = "bound_service_account_namespace_selector", "bound_service_account_namespace_selector selects every namespace (it requires no label)"
	}
	if nameAny {
		where, scope := "namespace "+listOr(spaces), "namespaces "+listOr(spaces)
		if spaceAny {
			where, scope = "every namespace", "every namespace"
		}
		v.Evidence = append(v.Evidence, iam.Evidence{Kind: iam.KindOpenTrust, ID: "vault:k8s-any-service-account", Class: iam.ClassAdmin, Scope: scope,
			Message: fmt.Sprintf("Kubernetes auth role bound_service_account_names is \"*\": every service account in %s, so any pod anyone runs there, can log in with the role's policies", where),
			Actions: []string{"*"}, Grants: []iam.Grant{{Source: r.Source, Where: "bound_service_account_names"}}})
	}
	if spaceAny {
		v.Evidence = append(v.Evidence, iam.Evidence{Kind: iam.KindOpenTrust, ID: "vault:k8s-any-namespace", Class: iam.ClassAdmin, Scope: "every namespace",
			Message: fmt.Sprintf("Kubernetes auth role %s: a service account named %s in any namespace, so whoever can create one there, can log in with the role's policies", nsWhy, listOr(names)),
			Actions: []string{"*"}, Grants: []iam.Grant{{Source: r.Source, Where: nsWhere}}})
	}
	if !nameAny && !spaceAny && slices.Contains(names, "default") && len(spaces) > 0 {
		v.Evidence = append(v.Evidence, iam.Evidence{Kind: iam.KindOpenTrust, ID: "k8s:default-service-account", Class: iam.ClassWrite, Scope: "namespaces " + listOr(spaces),
			Message: fmt.Sprintf("Kubernetes auth role admits service account default of namespace %s, the default service account every pod of its namespace that names none runs as", listOr(spaces)),
			Actions: []string{"default"}, Grants: []iam.Grant{{Source: r.Source, Where: "bound_service_account_names"}}})
	}
	return v
}

// selectsEvery reports whether a namespace label selector, JSON or YAML,
// requires no label ("{}", {"matchLabels": {}}): it selects every
// namespace. An unknown selector goes into v; one that does not parse
// (Vault refuses it) selects nothing.
func selectsEvery(sel any, v *iam.Verdict) bool {
	switch x := sel.(type) {
	case value.Unknown:
		v.Unknowns = iam.AddUnknowns(v.Unknowns, iam.UnknownRef(x))
	case string:
		if strings.TrimSpace(x) == "" {
			return false
		}
		var s struct {
			MatchLabels      map[string]any `yaml:"matchLabels"`
			MatchExpressions []any          `yaml:"matchExpressions"`
		}
		if err := yaml.Unmarshal([]byte(x), &s); err != nil {
			return false
		}
		return len(s.MatchLabels) == 0 && len(s.MatchExpressions) == 0
	}
	return false
}

// AppRole is what decides who may log in with an AppRole
// (vault_approle_auth_backend_role).
type AppRole struct {
	// BindSecretID is bind_secret_id: true (the default, also when nil)
	// or false, or a value.Unknown.
	BindSecretID any
	// CIDRs are token_bound_cidrs and secret_id_bound_cidrs, as planned.
	CIDRs  []any
	Source iam.Source
}

// AnalyzeAppRole reports an AppRole that needs no secret id
// ("vault:approle-no-secret-id"): its role_id, which is no secret (it is
// read from the role, logged, baked into images), is all a login takes,
// from anywhere its bound CIDRs allow.
func AnalyzeAppRole(r AppRole) iam.Verdict {
	v := iam.Verdict{Class: iam.ClassNone}
	switch x := r.BindSecretID.(type) {
	case value.Unknown:
		v.Unknowns = iam.AddUnknowns(v.Unknowns, iam.UnknownRef(x))
		return v
	case bool:
		if x {
			return v
		}
	default:
		return v
	}
	var cidrs []string
	for _, l := range r.CIDRs {
		known, _ := starList(l, &v)
		cidrs = append(cidrs, known...)
	}
	from := "from anywhere"
	if len(cidrs) > 0 {
		from = "from " + strings.Join(cidrs, ", ")
	}
	v.Evidence = append(v.Evidence, iam.Evidence{Kind: iam.KindOpenTrust, ID: "vault:approle-no-secret-id", Class: iam.ClassAdmin, Scope: from,
		Message: fmt.Sprintf("AppRole bind_secret_id is false: the role_id, which is no secret, is all a login takes, %s", from),
		Grants:  []iam.Grant{{Source: r.Source, Where: "bind_secret_id"}}})
	return v
}

// starList returns the known entries of a list other than "*", and
// whether "*" is one of them; unknowns go into v.
func starList(l any, v *iam.Verdict) ([]string, bool) {
	var items []any
	switch x := l.(type) {
	case value.Unknown:
		v.Unknowns = iam.AddUnknowns(v.Unknowns, iam.UnknownRef(x))
	case []any:
		items = x
	case []string:
		for _, s := range x {
			items = append(items, s)
		}
	}
	var out []string
	star := false
	for _, it := range items {
		switch x := it.(type) {
		case string:
			if strings.TrimSpace(x) == "*" {
				star = true
			} else {
				out = append(out, x)
			}
		case value.Unknown:
			v.Unknowns = iam.AddUnknowns(v.Unknowns, iam.UnknownRef(x))
		}
	}
	return out, star
}

func listOr(ss []string) string {
	if len(ss) == 0 {
		return "(unknown)"
	}
	return strings.Join(ss, ", ")
}

// AWSRole is what decides who may log in with an AWS auth role
// (vault_aws_auth_backend_role) through the iam method.
type AWSRole struct {
	// AuthType is "iam" (the default, also when nil or "") or "ec2", or a
	// value.Unknown.
	AuthType any
	// PrincipalARNs is bound_iam_principal_arns: a list of ARNs (strings
	// or value.Unknown), each possibly ending in "*" (a prefix match).
	PrincipalARNs any
	Source        iam.Source
}

// AnalyzeAWSRole reports an iam-method AWS auth role that a principal of
// any AWS account can log in with ("vault:aws-any-account"): an entry of
// bound_iam_principal_arns that is "*" or a prefix that stops before a
// whole account id (arn:aws:iam::*, arn:aws:*). An entry naming every
// principal, role or user of one account (arn:aws:iam::123456789012:*,
// ...:role/*) lets in every workload of that account, its EC2 and Lambda
// roles included ("vault:aws-bounded-account"), as a trust policy naming
// the account does; a path or name prefix (role/ci-*) is narrower.
func AnalyzeAWSRole(r AWSRole) iam.Verdict {
	v := iam.Verdict{Class: iam.ClassNone}
	switch x := r.AuthType.(type) {
	case value.Unknown:
		v.Unknowns = iam.AddUnknowns(v.Unknowns, iam.UnknownRef(x))
	case string:
		if t := strings.ToLower(strings.TrimSpace(x)); t != "" && t != "iam" {
			return v // the ec2 method binds instances, not principals
		}
	}
	arns, star := starList(r.PrincipalARNs, &v)
	var open, account []string
	who := ""
	if star {
		open = append(open, "*")
	}
	for _, a := range arns {
		if anyAccount(a) {
			open = append(open, a)
			continue
		}
		if w := wholeAccount(a); w != "" {
			account = append(account, a)
			if who != "" && who != w {
				w = "every principal"
			}
			who = w
		}
	}
	g := []iam.Grant{{Source: r.Source, Where: "bound_iam_principal_arns"}}
	if len(open) > 0 {
		v.Evidence = append(v.Evidence, iam.Evidence{Kind: iam.KindOpenTrust, ID: "vault:aws-any-account", Class: iam.ClassAdmin, Scope: "every AWS account",
			Message: fmt.Sprintf("AWS auth role bound_iam_principal_arns %s matches principals of any AWS account: whoever holds AWS credentials anywhere can log in with the role's policies", strings.Join(open, ", ")),
			Actions: open, Grants: g})
	}
	if len(account) > 0 && len(open) == 0 {
		v.Evidence = append(v.Evidence, iam.Evidence{Kind: iam.KindOpenTrust, ID: "vault:aws-bounded-account", Class: iam.ClassAdmin, Scope: "one AWS account",
			Message: fmt.Sprintf("AWS auth role bound_iam_principal_arns %s matches %s of the account: any of its workloads (EC2 instances, Lambda functions, CI roles) can log in with the role's policies", strings.Join(account, ", "), who),
			Actions: account, Grants: g})
	}
	return v
}

// anyAccount reports whether a bound principal ARN matches principals of
// every account. Vault reads "*" only at the end, as a prefix match: the
// prefix matches every account when it stops before the account id is
// whole; a "*" elsewhere is literal and matches no real principal.
func anyAccount(arn string) bool {
	prefix, wildcard := strings.CutSuffix(strings.TrimSpace(arn), "*")
	return wildcard && strings.Count(prefix, ":") < 5 // arn:partition:iam::account:
}

// wholeAccount says whether a bound principal ARN matches every
// principal, role or user of one account (the prefix stops right after the
// account id, or after role/ or user/): which, or "".
func wholeAccount(arn string) string {
	prefix, wildcard := strings.CutSuffix(strings.TrimSpace(arn), "*")
	parts := strings.SplitN(prefix, ":", 6)
	if !wildcard || len(parts) < 6 || parts[4] == "" {
		return ""
	}
	switch parts[5] {
	case "":
		return "every principal"
	case "role/":
		return "every role"
	case "user/":
		return "every user"
	}
	return ""
}

// GCPRole is what decides who may log in with a GCP auth role
// (vault_gcp_auth_backend_role).
type GCPRole struct {
	// ServiceAccounts is bound_service_accounts and Projects is
	// bound_projects: lists of strings or value.Unknown; "*" in
	// ServiceAccounts allows every service account (of Projects when set).
	ServiceAccounts any
	Projects        any
	Source          iam.Source
}

// AnalyzeGCPRole reports a GCP auth role bound to service account "*"
// ("vault:gcp-any-service-account"): with no bound_projects, every service
// account of every Google Cloud project can log in with the role's
// policies; with them, every one of those projects', including those
// created later, as a Kubernetes role bound to every service account of a
// namespace.
func AnalyzeGCPRole(r GCPRole) iam.Verdict {
	v := iam.Verdict{Class: iam.ClassNone}
	_, star := starList(r.ServiceAccounts, &v)
	if !star {
		return v
	}
	projects, _ := starList(r.Projects, &v)
	who := "every service account of every Google Cloud project"
	scope := "every project"
	if len(projects) > 0 {
		who = "every service account of project " + strings.Join(projects, ", ")
		scope = "projects " + strings.Join(projects, ", ")
	} else if _, unknown := r.Projects.(value.Unknown); unknown {
		who = "every service account of the projects in bound_projects (known after apply)"
		scope = "bound_projects"
	}
	v.Evidence = append(v.Evidence, iam.Evidence{Kind: iam.KindOpenTrust, ID: "vault:gcp-any-service-account", Class: iam.ClassAdmin, Scope: scope,
		Message: fmt.Sprintf("GCP auth role bound_service_accounts is \"*\": %s, including ones created later, can log in with the role's policies", who),
		Actions: []string{"*"}, Grants: []iam.Grant{{Source: r.Source, Where: "bound_service_accounts"}}})
	return v
}
