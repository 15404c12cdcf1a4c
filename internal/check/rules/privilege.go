package rules

import (
	"sort"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/graph"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// privilegeFindings reports, for one family of evidence kinds, the
// principal that holds the privilege, the credentials that carry it, and
// the grants and policies that give it.
func privilegeFindings(c *Context, kinds []iam.Kind, what string) {
	for _, n := range managed(c.G) {
		p := n.Privilege
		if p == nil || n.Entry.DataSource {
			continue
		}
		ev := evidenceOf(p, kinds)
		if len(ev) == 0 {
			continue
		}
		chain := chainOf(ev, n.Address())
		msg := evidenceMessage(ev)
		sev := caseOfEvidence(c.Rule.ID, ev)
		switch n.Class {
		case kb.Identity, kb.Group:
			c.Report(Finding{Node: n, Case: sev, Related: chain, Message: n.Subject() + " " + what + ": " + msg + unknownNote(p), Remediation: engineFix(c.Rule.ID, ev)})
			for _, cred := range n.Children {
				if cred.Class != kb.Credential || cred.Disabled || cred.R.Mode != "managed" {
					continue
				}
				c.Report(Finding{Node: cred, Case: sev, Related: append([]string{n.Address()}, chain...),
					Message: cred.Address() + " is a credential of " + n.Address() + ", which " + what + ": whoever holds it can " + verbFor(kinds),
				})
			}
		case kb.Grant, kb.Policy, kb.Credential:
			if n.Class == kb.Grant && (peopleOnly(c.G, n) || boundedBelow(c.G, n, kinds)) {
				continue
			}
			reached := principalsOf(c.G, n)
			c.Report(Finding{Node: n, Case: sev, Related: append(reached, chain...), Message: n.Address() + " " + grantVerb(n) + " " + what + ": " + msg + unknownNote(p) + recipientNote(c.G, n, reached),
				Remediation: or(remediationFor(ev), engineFix(c.Rule.ID, ev))})
		}
	}
}

// engineFixes are remediations outside AWS, whose own (iam:PassRole, ARNs,
// IAM Access Analyzer) would not help, by rule and evidence engine.
var engineFixes = map[string]map[string]string{
	"NHI-005": escalationFixes,
	"NHI-004": adminFixes,
}

// escalationFixes are NHI-005's, by evidence engine.
var escalationFixes = map[string]string{
	"gcp": "Grant predefined roles narrower than the basic ones, or a custom role of the permissions used (IAM Recommender shows them), " +
		"on the resource rather than the project (one bucket, one service account); keep setIamPolicy, service account keys, " +
		"actAs and token creation away from workloads.",
	"azure": "Assign a role of only the actions the workload uses (a built-in role narrower than Owner or Contributor, or a custom role) " +
		"at the narrowest scope (the resource, not the resource group or subscription); keep role assignments, access policies " +
		"and directory or Graph write permissions away from workloads.",
	"k8s": "Grant verbs on named resources in one namespace (a Role, not a ClusterRole); keep *, escalate, bind, impersonate, " +
		"secrets and pods/exec away from workloads.",
	"vault": "Grant capabilities on the paths the workload reads; keep sudo, sys/, auth/ and policy paths, and token creation, away from workloads.",
	"snowflake": "Grant the service user a custom role of the privileges it uses on its own warehouse, database and schemas; " +
		"keep making users and roles, and managing grants, with people.",
	"cloudflare": "Give the token the permission groups it uses on the zones or accounts it works on, named one by one rather than " +
		"every zone or every account; keep API token and member permissions away from automation.",
}

// adminFixes are NHI-004's outside AWS and Google, whose access logs and
// IAM Recommender the rule's own names.
var adminFixes = map[string]string{
	"azure": "Assign a role of only the actions the workload uses (not Owner, Contributor or User Access Administrator) at the narrowest scope, " +
		"and keep directory roles and Graph application permissions that administer the tenant away from workloads; Entra access reviews show what is used.",
	"k8s": "Bind a Role of the verbs and resources the workload uses in its namespace instead of a cluster-wide administrator ClusterRole, " +
		"and keep cluster administration with people.",
	"vault": "Give the token or role a policy of the paths the workload reads, never root or sudo on *, and keep Vault administration with people.",
	"snowflake": "Grant the service user a custom role of the privileges it uses (usage of its warehouse, the object privileges of its schemas) " +
		"rather than a system administration role or one that manages grants, and keep account administration with people.",
	"cloudflare": "Give the token the permission groups it uses on the zones or accounts it works on, without account settings or " +
		"member administration, and keep account administration with people.",
}

// engineFix picks a rule's remediation for the engine all of the evidence
// comes from, or "" for the rule's own (AWS, or several).
func engineFix(rule string, ev []iam.Evidence) string {
	fixes := engineFixes[rule]
	if fixes == nil || len(ev) == 0 {
		return ""
	}
	engine, _, _ := strings.Cut(ev[0].ID, ":")
	for _, e := range ev[1:] {
		if other, _, _ := strings.Cut(e.ID, ":"); other != engine {
			return ""
		}
	}
	return fixes[engine]
}

// or is a, or b when a is empty.
func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// requestedWhen is the case of a permission only asked for.
const requestedWhen = "the permission is only requested (an Entra ID application's required_resource_access, " +
	"azuread_application_api_access): an administrator's consent, which the plan does not show, makes it effective"

// requestFindings reports the application permissions a resource asks for
// that would give what the rule is about once an administrator consents:
// at the case's severity, as the plan alone does not make them effective.
func requestFindings(c *Context, kinds []iam.Kind, sev *SeverityCase, what string) {
	for _, rq := range c.G.Requests {
		n := rq.Node
		if n.R.Mode != "managed" {
			continue
		}
		ev := evidenceOf(&graph.Privilege{Verdict: rq.Verdict}, kinds)
		if len(ev) == 0 {
			continue
		}
		c.Report(Finding{Node: n, Case: sev,
			Message: n.Address() + " requests application permissions that give " + what + " once an administrator consents: " + evidenceMessage(ev),
			Remediation: "Request only the permissions the workload uses, and the narrowest (Application.ReadWrite.OwnedBy rather than Application.ReadWrite.All; " +
				"a role scoped to an administrative unit rather than RoleManagement.ReadWrite.Directory), and grant consent through a reviewed change " +
				"(azuread_app_role_assignment in the configuration), which this gate judges as a grant.",
		})
	}
}

// stackFindings reports the users, roles, groups and policies a stack's
// CloudFormation template declares that hold what the rule is about.
func stackFindings(c *Context, kinds []iam.Kind, what string) {
	for _, s := range c.G.Stacks {
		if s.Stack.R.Mode != "managed" {
			continue
		}
		p := &graph.Privilege{Verdict: s.Privilege}
		ev := evidenceOf(p, kinds)
		if len(ev) == 0 {
			continue
		}
		c.Report(Finding{Node: s.Stack,
			Message:     s.Stack.Address() + " declares " + s.Type + " " + s.LogicalID + " in its CloudFormation template, which " + what + ": " + evidenceMessage(ev) + unknownNote(p),
			Remediation: remediationFor(ev)})
	}
}

func evidenceOf(p *graph.Privilege, kinds []iam.Kind) []iam.Evidence {
	var out []iam.Evidence
	for _, e := range p.Evidence {
		for _, k := range kinds {
			if e.Kind == k {
				out = append(out, e)
				break
			}
		}
	}
	return out
}

// chainOf lists the addresses the evidence came through.
func chainOf(ev []iam.Evidence, self string) []string {
	seen := map[string]bool{self: true}
	var out []string
	for _, e := range ev {
		for _, g := range e.Grants {
			for _, a := range g.Source.Chain {
				if !seen[a] && looksLikeAddress(a) {
					seen[a] = true
					out = append(out, a)
				}
			}
		}
	}
	return out
}

// looksLikeAddress filters chain entries that are not resource addresses
// (engines may put attribute paths or managed policy names there).
func looksLikeAddress(s string) bool {
	return s != "" && !strings.ContainsAny(s, " /:") || strings.HasPrefix(s, "module.")
}

func evidenceMessage(ev []iam.Evidence) string {
	seen := map[string]bool{}
	var msgs []string
	for _, e := range ev {
		if e.Message != "" && !seen[e.Message] {
			seen[e.Message] = true
			msgs = append(msgs, strings.TrimSuffix(e.Message, "."))
		}
	}
	if len(msgs) > 3 {
		msgs = append(msgs[:3], report.Plural(len(msgs)-3, "more", "more"))
	}
	return strings.Join(msgs, "; ")
}

func unknownNote(p *graph.Privilege) string {
	if len(p.Unknowns) == 0 {
		return ""
	}
	u := namedUnknowns(p)
	if len(u) == 0 {
		return " (judged on what is known; some values are only known after apply)"
	}
	return " (judged on what is known; unknown until apply: " + strings.Join(u, ", ") + ")"
}

// namedUnknowns lists the first three unknowns a verdict depended on that
// have a name. Engines name an unknown by the reference that produces it;
// one without a reference renders as "(known after apply)", which says
// nothing more as an item of a list.
func namedUnknowns(p *graph.Privilege) []string {
	bare := value.Unknown{}.String()
	var u []string
	for _, s := range p.Unknowns {
		if s != bare && len(u) < 3 {
			u = append(u, s)
		}
	}
	return u
}

func verbFor(kinds []iam.Kind) string {
	for _, k := range kinds {
		if k == iam.KindAdmin {
			return "act as an administrator"
		}
	}
	return "use those permissions"
}

func grantVerb(n *graph.Node) string {
	switch {
	case n.Class == kb.Policy:
		return "is a policy that"
	case n.Class == kb.Credential:
		return "is a credential that"
	case n.Entry.Privilege.Engine == kb.DefaultAccount:
		return "runs its workloads as an identity that"
	}
	return "is a grant that"
}

// principalsOf lists who a grant reaches.
func principalsOf(g *graph.Graph, n *graph.Node) []string {
	var out []string
	for _, gr := range g.GrantsOf(n) {
		out = append(out, graph.Addresses(gr.Principals)...)
		out = append(out, graph.Addresses(gr.Groups)...)
		out = append(out, graph.Addresses(gr.On)...)
	}
	sort.Strings(out)
	return out
}

// boundedBelow reports whether every principal a grant reaches is held
// below what it grants by a permissions boundary the plan knows: an
// AdministratorAccess attachment to a user bounded by ReadOnlyAccess
// grants reading. The principals' own verdicts, which the boundary bounds,
// are reported; the grant is not. A boundary known only after apply, a
// group membership or a principal outside the plan bounds nothing here.
func boundedBelow(g *graph.Graph, n *graph.Node, kinds []iam.Kind) bool {
	grants := g.GrantsOf(n)
	if len(grants) == 0 {
		return false
	}
	for _, gr := range grants {
		if len(gr.Principals) == 0 || len(gr.Groups) > 0 || len(gr.On) > 0 {
			return false
		}
		for _, p := range gr.Principals {
			b := p.Entry.Privilege.Boundary
			if b == "" || p.Privilege == nil || len(p.Privilege.Unknowns) > 0 || len(evidenceOf(p.Privilege, kinds)) > 0 {
				return false
			}
			if !boundaryKnown(g, p, b) {
				return false
			}
		}
	}
	return true
}

// boundaryKnown reports whether a principal's permissions boundary is one
// the plan shows: an ARN, or a policy the plan makes (its ARN known only
// after apply, its document known).
func boundaryKnown(g *graph.Graph, p *graph.Node, attr string) bool {
	switch v := plan.Get(p.Values, kb.SplitPath(attr)...).(type) {
	case string:
		return v != ""
	case value.Unknown:
		for _, l := range g.Plan.Links(p.R, attr) {
			if t := g.Node(l.Target.Address); t != nil && t.Type() == "aws_iam_policy" {
				return true
			}
		}
	}
	return false
}

// recipientNote says who a grant goes to when that principal is not
// in the plan (an existing user, an object id), or is the identity of a
// resource that is no identity of its own (an Azure resource's
// system-assigned managed identity), which the reference names: judged
// as an identity where the plan shows the resource has one
// (graph.Node.HostedIdentity), and otherwise only through the grant.
func recipientNote(g *graph.Graph, n *graph.Node, reached []string) string {
	if n.Class != kb.Grant {
		return ""
	}
	if n.Entry.Privilege.Engine == kb.DefaultAccount {
		if len(reached) > 0 {
			return "; it runs as " + strings.Join(reached, ", ")
		}
		return "" // the default account is named in the evidence
	}
	for _, l := range n.Entry.Privilege.Principals {
		for _, link := range g.Plan.Links(n.R, l.Path) {
			t := g.Node(link.Target.Address)
			if link.Target.Mode != "managed" || !strings.Contains(strings.Join(link.Attr, "."), "identity") {
				continue
			}
			switch {
			case t != nil && t.HostedIdentity():
				return "; it is granted to " + t.Subject() + " (" + code(link.Ref) + ")"
			case len(reached) == 0 && (t == nil || t.Class == kb.Other):
				return "; it is granted to the managed identity of " + link.Target.Address + " (" + code(link.Ref) + ")"
			}
		}
		if len(reached) > 0 {
			continue
		}
		if v, ok := plan.Get(n.Values, kb.SplitPath(l.Path)...).(string); ok && strings.TrimSpace(v) != "" {
			who := code(clipValue(v))
			if n.Sensitive() {
				who = "(a value marked sensitive)"
			}
			return "; it is granted to " + l.Path + " " + who + ", which this plan does not manage, so the identity that receives it is not judged here"
		}
	}
	// Reached by its id, not a reference: a resource's managed identity
	// is still named as such, not only by the resource's address.
	for _, a := range reached {
		if t := g.Node(a); t != nil && t.HostedIdentity() {
			return "; it is granted to " + t.Subject()
		}
	}
	return ""
}

// peopleOnly reports whether a grant reaches only people (Google
// user:/group: members, an Azure assignment with principal_type User or
// Group) and no machine identity: it is not a machine identity's
// privilege. A grant that reaches an identity in the plan, adds to a
// group, or gives power over an identity (impersonation) stays in scope,
// and so does one whose members are unknown, secret or public.
func peopleOnly(g *graph.Graph, n *graph.Node) bool {
	spec := n.Entry.Privilege.People
	if spec == nil || spec.Path == "" {
		return false // a policy document's bindings to people are left out by the graph
	}
	for _, gr := range g.GrantsOf(n) {
		if len(gr.Principals) > 0 || len(gr.Groups) > 0 || len(gr.On) > 0 {
			return false
		}
	}
	var vals []any
	switch v := plan.Get(n.Values, kb.SplitPath(spec.Path)...).(type) {
	case []any:
		vals = v
	case nil:
		return false
	default:
		vals = []any{v}
	}
	if len(vals) == 0 {
		return false
	}
	for _, v := range vals {
		s, ok := v.(string)
		if !ok || !spec.Matches(s) {
			return false
		}
	}
	return true
}

// broadMemberFix is the remediation when the only reason is who the grant
// reaches (allUsers, allAuthenticatedUsers, a whole domain): the rule's
// generic fix speaks of actions and iam:PassRole, which does not apply.
const broadMemberFix = "Remove the public or domain-wide member (allUsers, allAuthenticatedUsers, domain:) " +
	"and grant the role to the one identity that needs it."

// defaultAccountFix is the remediation for a workload that runs as the
// default compute service account with the cloud-platform scope.
const defaultAccountFix = "Run it as a dedicated service account that holds only the roles the workload needs " +
	"(service_account.email = google_service_account.x.email), and keep the cloud-platform scope only with such an account."

// remediationFor picks a remediation that fits the evidence, or "" for
// the rule's own.
func remediationFor(ev []iam.Evidence) string {
	if len(ev) > 0 && ev[0].ID == "gcp:default-account-full-scope" {
		return defaultAccountFix
	}
	for _, e := range ev {
		if e.Kind != iam.KindBroadMember {
			return ""
		}
	}
	if len(ev) == 0 {
		return ""
	}
	return broadMemberFix
}

// clipValue bounds a value quoted in a message.
func clipValue(s string) string {
	if len(s) > 100 {
		return s[:100] + "..."
	}
	return s
}
