package awsiam

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// TrustOptions tune AnalyzeTrust.
type TrustOptions struct {
	// Account is the role's own AWS account id, when known; trust in it is
	// not cross-account.
	Account string
	// Source is handed back in the evidence.
	Source iam.Source
}

// Trusted is one principal a role trust policy lets in.
type Trusted struct {
	// Type is "*", "AWS", "Service", "Federated" or "CanonicalUser".
	Type  string `json:"type"`
	Value Term   `json:"value"`
	// Issuer is the OIDC issuer host for web-identity federation, taken
	// from the provider ARN or, when that is unknown, from the condition
	// keys ("token.actions.githubusercontent.com").
	Issuer string `json:"issuer,omitempty"`
	// Subjects are the subject values the conditions pin (OIDC "sub").
	Subjects []Term `json:"subjects,omitempty"`
	// Actions are the sts actions allowed.
	Actions []string `json:"actions"`
	Where   string   `json:"where"`
	// Restricted lists the condition keys that narrow who may assume.
	Restricted []string `json:"restricted,omitempty"`
}

// TrustResult is the analysis of a role trust (assume-role) policy.
type TrustResult struct {
	iam.Verdict
	Trusted []Trusted `json:"trusted"`
}

// restrictingKeys narrow a trust to known principals when used with a
// positive operator and a value that is not a bare "*".
var restrictingKeys = []string{
	"aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn",
	"aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths", "aws:sourceowner",
	"aws:userid", "aws:username", "aws:sourcevpce", "aws:sourcevpc", "aws:sourceidentity",
	"sts:externalid", "aws:principalservicename",
}

var assumeActions = []string{"sts:assumerole", "sts:assumerolewithwebidentity", "sts:assumerolewithsaml", "sts:tagsession", "sts:setsourceidentity", "sts:setcontext"}

var accountRootRE = regexp.MustCompile(`^(arn:aws[a-z-]*:iam::(\d{12}|\*):root|\d{12})$`)

// AnalyzeTrust reads a role trust policy and reports who may assume the
// role: open to anyone (Principal "*" with no restricting condition), to a
// whole other account without an ExternalId, and OIDC federation (GitHub
// Actions, GitLab, Terraform Cloud, EKS, any issuer) with no subject
// condition or a subject wider than one repository, project, workspace or
// service account. Unknown subjects are "pinned but unverifiable": listed in
// Unknowns, never reported as open.
func AnalyzeTrust(doc any, opt TrustOptions) (*TrustResult, error) {
	d, err := ParseDocument(doc)
	if err != nil {
		return nil, err
	}
	r := &TrustResult{}
	r.Class = iam.ClassNone
	r.Unknowns = iam.AddUnknowns(r.Unknowns, d.Unknowns...)
	denyRestricts := trustDenyRestrictions(d)
	for i := range d.Statements {
		s := &d.Statements[i]
		r.Unknowns = iam.AddUnknowns(r.Unknowns, s.Unknowns...)
		if s.Effect != EffectAllow || s.Principal == nil {
			continue
		}
		acts := trustActions(s)
		if len(acts) == 0 {
			continue
		}
		restricted := append(restrictingConditions(s, &r.Verdict), denyRestricts...)
		g := iam.Grant{Source: opt.Source, Where: s.Where(), Actions: termStrings(s.Actions), Conditional: s.Conditional()}
		p := s.Principal
		r.Unknowns = iam.AddUnknowns(r.Unknowns, p.Unknown...)
		if p.Any || s.NotPrincipal || slices.ContainsFunc(p.AWS, isStar) {
			who := "anyone (Principal \"*\")"
			if s.NotPrincipal {
				who = "everyone except the NotPrincipal list"
			}
			r.Trusted = append(r.Trusted, Trusted{Type: "*", Value: Term{Text: "*"}, Actions: acts, Where: s.Where(), Restricted: restricted})
			if len(restricted) == 0 && (slices.Contains(acts, "sts:AssumeRole") || slices.Contains(acts, "sts:AssumeRoleWithSAML")) {
				r.add(iam.Evidence{Kind: iam.KindOpenTrust, ID: "aws:trust-public", Class: iam.ClassAdmin, Scope: "*",
					Message: fmt.Sprintf("trust lets %s assume the role: no aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn or sts:ExternalId condition", who),
					Grants:  []iam.Grant{g}})
			}
		}
		for _, a := range p.AWS {
			if isStar(a) {
				continue
			}
			r.Trusted = append(r.Trusted, Trusted{Type: "AWS", Value: a, Actions: acts, Where: s.Where(), Restricted: restricted})
			if a.Unknown {
				continue
			}
			m := accountRootRE.FindStringSubmatch(a.Text)
			if m == nil && !strings.Contains(a.Text, ":iam::*:") {
				continue
			}
			account := ""
			if m != nil {
				account = m[2]
				if account == "" {
					account = a.Text
				}
			}
			if account == "*" || strings.Contains(a.Text, ":iam::*:") {
				if len(restricted) == 0 {
					r.add(iam.Evidence{Kind: iam.KindOpenTrust, ID: "aws:trust-public", Class: iam.ClassAdmin, Scope: "*",
						Message: fmt.Sprintf("trust names %s, which is every AWS account", a.Text), Grants: []iam.Grant{g}})
				}
				continue
			}
			if opt.Account != "" && account == opt.Account {
				continue
			}
			if !hasKey(restricted, "sts:externalid") && !hasKey(restricted, "aws:principalarn") && !hasKey(restricted, "aws:principalorgid") && !requiresMFA(s) {
				r.add(iam.Evidence{Kind: iam.KindOpenTrust, ID: "aws:trust-account-no-external-id", Class: iam.ClassAdmin, Scope: "account " + account,
					Message: fmt.Sprintf("trust lets every principal of account %s assume the role, with no sts:ExternalId condition (confused deputy)", account),
					Grants:  []iam.Grant{g}})
			}
		}
		for _, svc := range p.Service {
			r.Trusted = append(r.Trusted, Trusted{Type: "Service", Value: svc, Actions: acts, Where: s.Where(), Restricted: restricted})
		}
		for _, c := range p.CanonicalUser {
			r.Trusted = append(r.Trusted, Trusted{Type: "CanonicalUser", Value: c, Actions: acts, Where: s.Where(), Restricted: restricted})
		}
		for _, f := range p.Federated {
			tr := Trusted{Type: "Federated", Value: f, Actions: acts, Where: s.Where(), Restricted: restricted}
			if slices.Contains(acts, "sts:AssumeRoleWithWebIdentity") {
				r.analyzeOIDC(s, f, &tr, g)
			}
			r.Trusted = append(r.Trusted, tr)
		}
		if len(p.Federated) == 0 && (p.Any || slices.ContainsFunc(p.AWS, isStar)) && slices.Contains(acts, "sts:AssumeRoleWithWebIdentity") {
			tr := Trusted{Type: "Federated", Value: Term{Text: "*"}, Actions: acts, Where: s.Where()}
			r.analyzeOIDC(s, Term{Text: "*"}, &tr, g)
			r.Trusted = append(r.Trusted, tr)
		}
	}
	return r, nil
}

func (r *TrustResult) add(e iam.Evidence) {
	r.Evidence = append(r.Evidence, e)
	r.Unknowns = iam.AddUnknowns(r.Unknowns, e.Unknowns...)
}

func isStar(t Term) bool { return !t.Unknown && t.Text == "*" }

func termStrings(ts []Term) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.String()
	}
	return out
}

func hasKey(keys []string, k string) bool {
	return slices.ContainsFunc(keys, func(x string) bool { return strings.EqualFold(x, k) })
}

// trustActions returns the canonical sts actions a statement allows.
func trustActions(s *Statement) []string {
	var out []string
	for _, a := range assumeActions {
		if s.matchesAction(a) {
			name := a
			if n, _, ok := LookupAction(a); ok {
				name = n
			}
			out = append(out, name)
		}
	}
	return out
}

// restrictingConditions returns the condition keys that narrow who may
// assume: positive operators, not IfExists (an absent key then passes),
// with a value other than a bare "*".
func restrictingConditions(s *Statement, v *iam.Verdict) []string {
	var out []string
	for _, c := range s.Conditions {
		key := strings.ToLower(c.Key)
		if !slices.Contains(restrictingKeys, key) || c.Negated() || c.IfExists || c.Base == "Null" || c.Base == "Bool" {
			continue
		}
		wide := false
		for _, val := range c.Values {
			if val.Unknown {
				v.Unknowns = iam.AddUnknowns(v.Unknowns, val.unknownRef())
				continue
			}
			if strings.Contains(c.Base, "Like") && wideLike(key, val.Text) {
				wide = true
			}
		}
		if !wide && len(c.Values) > 0 {
			out = appendUnique(out, c.Key)
		}
	}
	return out
}

// requiresMFA reports whether a statement admits only sessions signed in
// with MFA (Bool aws:MultiFactorAuthPresent true, or a NumericLessThan on
// aws:MultiFactorAuthAge), as terraform-aws-modules' iam-assumable-role
// does by default: people at a console, not a workload's keys. The
// IfExists forms pass sessions without the key, so they do not count.
func requiresMFA(s *Statement) bool {
	for _, c := range s.Conditions {
		if c.IfExists || c.Negated() {
			continue
		}
		switch strings.ToLower(c.Key) {
		case "aws:multifactorauthpresent":
			if c.Base == "Bool" && len(c.Values) > 0 && !slices.ContainsFunc(c.Values, func(v Term) bool { return v.Unknown || !strings.EqualFold(v.Text, "true") }) {
				return true
			}
		case "aws:multifactorauthage":
			if strings.HasPrefix(c.Base, "NumericLessThan") {
				return true
			}
		}
	}
	return false
}

// wideLike reports whether a Like pattern for a restricting key admits
// principals anyone can make: a bare wildcard; any wildcard in an
// organization or account id ("o-*": every organization); a wildcard in
// the account of an ARN ("arn:aws:iam::*:role/deployer": any account can
// name a role deployer) or in the organization of a path.
func wideLike(key, text string) bool {
	if strings.Trim(text, "*?") == "" {
		return true
	}
	switch key {
	case "aws:principalorgid", "aws:sourceorgid", "aws:principalaccount", "aws:sourceaccount", "aws:sourceowner":
		return strings.ContainsAny(text, "*?")
	case "aws:principalorgpaths", "aws:sourceorgpaths":
		org, _, _ := strings.Cut(text, "/")
		return strings.ContainsAny(org, "*?")
	case "aws:principalarn", "aws:sourcearn":
		parts := strings.SplitN(text, ":", 6)
		if len(parts) < 6 {
			return strings.ContainsAny(text, "*?")
		}
		return strings.ContainsAny(parts[4], "*?")
	}
	return false
}

// trustDenyRestrictions returns the keys of Deny statements that refuse
// everyone outside a set ("Deny * unless aws:PrincipalOrgID = o-..."):
// they restrict every Allow of the document.
func trustDenyRestrictions(d *Document) []string {
	var out []string
	for i := range d.Statements {
		s := &d.Statements[i]
		if s.Effect != EffectDeny || s.Principal == nil || !(s.Principal.Any || slices.ContainsFunc(s.Principal.AWS, isStar)) {
			continue
		}
		if len(trustActions(s)) == 0 {
			continue
		}
		for _, c := range s.Conditions {
			if slices.Contains(restrictingKeys, strings.ToLower(c.Key)) && c.Negated() {
				out = appendUnique(out, c.Key)
			}
		}
	}
	return out
}

// oidcIssuer describes how one identity provider writes subjects.
type oidcIssuer struct {
	name string
	// matches reports whether an issuer host is this provider.
	matches func(host string) bool
	// pinned matches a StringLike subject whose wildcards stay within one
	// repository, project, workspace or service account: the identifying
	// fields are literal ("repo:org/app:*" but not "repo:org/*").
	pinned []*regexp.Regexp
	// wide names what an unpinned subject lets in.
	wide string
	// bounded marks an issuer of one organization's or workspace's
	// tokens only (Bitbucket's, CircleCI's, a GitHub enterprise's): an
	// unpinned subject lets in that party's pipelines, not anyone's.
	bounded bool
	// org matches a subject whose wildcards stay within one organization
	// or group ("repo:org/*"): wide, but bounded the same way.
	org *regexp.Regexp
	// customOwner marks GitHub's issuers, whose subject an organization
	// or repository may customise to name only the owner
	// (repository_owner:org), with no wildcard (iam.GitHubOwnerSubject).
	customOwner bool
}

var oidcIssuers = []oidcIssuer{
	{
		name:    "GitHub Actions",
		matches: func(h string) bool { return h == "token.actions.githubusercontent.com" },
		// repo:org/name, or a customised subject naming the repository's
		// immutable id (repository_owner_id:1:repository_id:2:...).
		pinned:      []*regexp.Regexp{githubPinned},
		wide:        "any GitHub repository's workflows",
		org:         githubOrg,
		customOwner: true,
	},
	{
		// An enterprise's own issuer (token.actions.githubusercontent.com/<enterprise>).
		name:        "GitHub Actions (enterprise issuer)",
		matches:     func(h string) bool { return strings.HasPrefix(h, "token.actions.githubusercontent.com/") },
		pinned:      []*regexp.Regexp{githubPinned},
		wide:        "any repository of the GitHub enterprise",
		bounded:     true,
		customOwner: true,
	},
	{
		name:    "Terraform Cloud",
		matches: func(h string) bool { return h == "app.terraform.io" },
		// Workspace names are unique in an organization, so the project
		// may be a wildcard.
		pinned: []*regexp.Regexp{regexp.MustCompile(`^organization:[^*?:]+:`), regexp.MustCompile(`:workspace:[^*?:]+(:|$)`)},
		wide:   "any Terraform Cloud workspace",
		org:    regexp.MustCompile(`^organization:[^*?:]+:`),
	},
	{
		name:    "EKS",
		matches: func(h string) bool { return strings.HasPrefix(h, "oidc.eks.") },
		pinned:  []*regexp.Regexp{regexp.MustCompile(`^system:serviceaccount:[^*?:]+:[^*?:]+$`)},
		wide:    "any service account of the cluster",
	},
	{
		name:    "GitLab",
		matches: func(h string) bool { return h == "gitlab.com" || strings.HasPrefix(h, "gitlab.") },
		pinned:  []*regexp.Regexp{regexp.MustCompile(`^project_path:[^*?:]+/[^*?:]+(:|$)`)},
		wide:    "any GitLab project's pipelines",
		org:     regexp.MustCompile(`^project_path:[^*?:/]+/`),
	},
	{
		// One organization's issuer (oidc.circleci.com/org/<org id>);
		// sub is org/<org id>/project/<project id>/user/<user id>.
		name:    "CircleCI",
		matches: func(h string) bool { return strings.HasPrefix(h, "oidc.circleci.com/org/") },
		pinned:  []*regexp.Regexp{regexp.MustCompile(`^org/[^*?/]+/project/[^*?/]+/`)},
		wide:    "any project of the CircleCI organization",
		bounded: true,
	},
	{
		// One workspace's issuer; sub is {repository uuid}:{step uuid},
		// or with a deployment environment's uuid between.
		name:    "Bitbucket Pipelines",
		matches: func(h string) bool { return strings.HasPrefix(h, "api.bitbucket.org/2.0/workspaces/") },
		pinned:  []*regexp.Regexp{regexp.MustCompile(`^\{[^*?}]+\}(:|$)`)},
		wide:    "any repository of the Bitbucket workspace",
		bounded: true,
	},
}

var (
	// A name may carry its immutable id (repo:org@123/app@456, GitHub's
	// default since July 2026); a wildcard id still names the repository.
	githubPinned = regexp.MustCompile(`^(repo|repository):[^/*?:@]+(@[0-9]+|@\*)?/[^/*?:@]+(@[0-9]+|@\*)?(:|$)|(^|:)repository_id:[0-9]+(:|$)`)
	githubOrg    = regexp.MustCompile(`^(repo|repository):[^/*?:@]+(@[0-9]+|@\*)?/|(^|:)repository_owner(_id)?:[^*?:]+(:|$)|(^|:)job_workflow_ref:[^*?:/]+/|(^|:)enterprise(_id)?:[^*?:]+(:|$)`)
)

// gitlabSubject recognises self-managed GitLab by its subject format when
// the host does not say so.
var gitlabSubject = regexp.MustCompile(`^project_path:`)

var gitlab = &oidcIssuers[slices.IndexFunc(oidcIssuers, func(o oidcIssuer) bool { return o.name == "GitLab" })]

func (o *oidcIssuer) isPinned(v string) bool {
	for _, re := range o.pinned {
		if !re.MatchString(v) {
			return false
		}
	}
	return true
}

// issuerOf returns the OIDC host of a federated principal ARN or URL.
func issuerOf(f Term) string {
	if f.Unknown {
		return ""
	}
	if _, rest, ok := strings.Cut(f.Text, ":oidc-provider/"); ok {
		return strings.ToLower(rest)
	}
	return strings.ToLower(strings.TrimPrefix(f.Text, "https://"))
}

// analyzeOIDC checks the subject conditions of a web-identity statement.
func (r *TrustResult) analyzeOIDC(s *Statement, f Term, tr *Trusted, g iam.Grant) {
	host := issuerOf(f)
	if host == "" || host == "*" {
		// Unknown provider ARN (created in the same plan): take the issuer
		// from the condition keys, "<issuer>:sub" or "<issuer>:aud".
		for _, c := range s.Conditions {
			if i := strings.LastIndex(c.Key, ":"); i > 0 && strings.Contains(c.Key[:i], ".") {
				host = strings.ToLower(c.Key[:i])
				break
			}
		}
	}
	tr.Issuer = host
	var issuer *oidcIssuer
	for i := range oidcIssuers {
		if oidcIssuers[i].matches(host) {
			issuer = &oidcIssuers[i]
		}
	}
	var subjects []Term
	subjectSeen, wide := false, []string{}
	// Conditions of one statement must all hold: one whose every value
	// pins the subject pins it, whatever the others admit.
	pinnedByOne := false
	for _, c := range s.Conditions {
		k := strings.ToLower(c.Key)
		if ref, unknown := c.KeyUnknown(); unknown {
			// "<issuer>:sub" with an issuer known after apply (an EKS
			// cluster's, made in the same plan): a condition on anything
			// but the audience may be the subject's, and its values are
			// judged as one; which key it is cannot be told.
			if !slices.ContainsFunc(c.Values, func(v Term) bool { return v.Unknown || !isAudience(v.Text) }) {
				continue
			}
			r.Unknowns = iam.AddUnknowns(r.Unknowns, iam.UnknownRef(value.Unknown{Ref: ref}))
		} else if !strings.HasSuffix(k, ":sub") || (host != "" && !strings.HasPrefix(k, host+":")) {
			continue
		}
		if c.Negated() || c.Base == "Null" {
			continue
		}
		subjectSeen = true
		like := strings.Contains(c.Base, "Like")
		wideBefore := len(wide)
		unknownValue := false
		for _, v := range c.Values {
			subjects = append(subjects, v)
			if v.Unknown {
				r.Unknowns = iam.AddUnknowns(r.Unknowns, v.unknownRef())
				unknownValue = true
				continue
			}
			if !like || !strings.ContainsAny(v.Text, "*?") {
				// StringEquals compares literally: "repo:*" is one odd
				// subject. A GitHub subject customised to name only the
				// repository owner is every repository of it; one naming
				// neither ("environment:prod"), any repository's.
				if issuer != nil && issuer.customOwner && (iam.GitHubOwnerSubject(v.Text) || iam.GitHubUnpinnedSubject(v.Text)) {
					wide = append(wide, v.Text)
				}
				continue
			}
			if issuer == nil && gitlabSubject.MatchString(v.Text) {
				issuer = gitlab
			}
			if issuer == nil || !issuer.isPinned(v.Text) {
				wide = append(wide, v.Text)
			}
		}
		if len(wide) == wideBefore && !unknownValue && len(c.Values) > 0 {
			pinnedByOne = true
		}
	}
	if pinnedByOne {
		wide = wide[:0]
	}
	tr.Subjects = subjects
	name, what := "OIDC", "any identity the provider issues tokens for"
	if issuer != nil {
		name, what = issuer.name, issuer.wide
	}
	if host == "cognito-identity.amazonaws.com" {
		if !slices.ContainsFunc(s.Conditions, func(c Condition) bool {
			return strings.EqualFold(c.Key, "cognito-identity.amazonaws.com:aud") && !c.Negated()
		}) {
			r.add(iam.Evidence{Kind: iam.KindOpenTrust, ID: "aws:trust-cognito-no-aud", Class: iam.ClassAdmin, Scope: "*",
				Message: "Cognito federation without a cognito-identity.amazonaws.com:aud condition: any identity pool can assume the role", Grants: []iam.Grant{g}})
		}
		return
	}
	// One organization's or workspace's pipelines, not anyone's: the
	// issuer is theirs, or each wide subject names the organization.
	bounded := issuer != nil && (issuer.bounded || len(wide) > 0 && issuer.org != nil &&
		!slices.ContainsFunc(wide, func(w string) bool { return !issuer.org.MatchString(w) }))
	id := "aws:trust-oidc-"
	if bounded {
		id = "aws:trust-oidc-bounded-"
	}
	switch {
	case !subjectSeen:
		r.add(iam.Evidence{Kind: iam.KindOpenTrust, ID: id + "no-subject", Class: iam.ClassAdmin, Scope: host,
			Message: fmt.Sprintf("%s federation (%s) has no subject (sub) condition: %s can assume the role", name, orUnknown(host), what),
			Grants:  []iam.Grant{g}})
	case len(wide) > 0:
		if bounded && !issuer.bounded {
			what = "any of the organization's repositories, projects or workspaces"
		}
		r.add(iam.Evidence{Kind: iam.KindOpenTrust, ID: id + "wide-subject", Class: iam.ClassAdmin, Scope: host,
			Message: fmt.Sprintf("%s federation (%s) subject %s is wider than one repository, project or workspace: %s matching it can assume the role", name, orUnknown(host), strings.Join(wide, ", "), what),
			Actions: wide, Grants: []iam.Grant{g}})
	}
	if len(wide) == 0 {
		if sa := defaultServiceAccount(subjects); sa != "" {
			r.add(iam.Evidence{Kind: iam.KindOpenTrust, ID: "k8s:default-service-account", Class: iam.ClassWrite, Scope: host,
				Message: fmt.Sprintf("%s federation (%s) admits %s, the default service account every pod of its namespace that names none runs as", name, orUnknown(host), sa),
				Actions: []string{sa}, Grants: []iam.Grant{g}})
		}
	}
}

// defaultServiceAccount is the first subject naming a namespace's default
// Kubernetes service account ("system:serviceaccount:apps:default").
func defaultServiceAccount(subjects []Term) string {
	for _, s := range subjects {
		if !s.Unknown && iam.DefaultServiceAccount(s.Text) {
			return s.Text
		}
	}
	return ""
}

// isAudience tells an OIDC audience value (the aud condition's) from a
// subject.
func isAudience(s string) bool {
	return s == "sts.amazonaws.com" || s == "sts.amazonaws.com.cn" || strings.HasPrefix(s, "api://") || strings.HasPrefix(s, "https://")
}

func orUnknown(host string) string {
	if host == "" {
		return "issuer unknown until apply"
	}
	return host
}

// AnalyzePublicRead reports a resource policy that lets anyone (Principal
// "*", or {"AWS": "*"}, with no condition that narrows who) perform one of
// actions on the resource it is attached to: a Secrets Manager secret's
// policy granting secretsmanager:GetSecretValue, say. The evidence is
// "aws:resource-public".
func AnalyzePublicRead(doc any, actions []string, src iam.Source) (iam.Verdict, error) {
	d, err := ParseDocument(doc)
	if err != nil {
		return iam.Verdict{}, err
	}
	v := iam.Verdict{Class: iam.ClassNone}
	v.Unknowns = iam.AddUnknowns(v.Unknowns, d.Unknowns...)
	for i := range d.Statements {
		s := &d.Statements[i]
		if s.Effect != EffectAllow || s.Principal == nil {
			continue
		}
		p := s.Principal
		if !p.Any && !s.NotPrincipal && !slices.ContainsFunc(p.AWS, isStar) {
			continue
		}
		var acts []string
		for _, a := range actions {
			if s.matchesAction(strings.ToLower(a)) {
				acts = append(acts, a)
			}
		}
		if len(acts) == 0 || len(restrictingConditions(s, &v)) > 0 {
			continue
		}
		v.Evidence = append(v.Evidence, iam.Evidence{Kind: iam.KindOpenTrust, ID: "aws:resource-public", Class: iam.ClassRead, Scope: "*",
			Message: fmt.Sprintf("its resource policy allows %s to anyone (Principal \"*\"), with no aws:PrincipalOrgID, aws:PrincipalAccount or aws:SourceArn condition", strings.Join(acts, ", ")),
			Actions: acts, Grants: []iam.Grant{{Source: src, Where: s.Where(), Actions: acts}}})
	}
	return v, nil
}
