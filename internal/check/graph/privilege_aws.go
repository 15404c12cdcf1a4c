package graph

import (
	"slices"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam/awsiam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// awsKind is the kind of an AWS identity: a role has a trust policy
// (aws or awscc), a user none.
func awsKind(n *Node) awsiam.PrincipalKind {
	if n.Entry.Privilege.Trust != "" {
		return awsiam.PrincipalRole
	}
	return awsiam.PrincipalUser
}

// principalKind is the kind a grant's principals share, so that what the
// grant gives on its own is judged as it acts on them (iam:AttachUserPolicy
// lets a user, not a role, grant itself a policy); unspecified when they
// differ or are not in the plan.
func principalKind(ps []*Node) awsiam.PrincipalKind {
	var kind awsiam.PrincipalKind
	for i, p := range ps {
		if p.Class != kb.Identity || p.Entry.Privilege.Engine != kb.AWSPolicy {
			return awsiam.PrincipalUnspecified
		}
		k := awsKind(p)
		if i > 0 && k != kind {
			return awsiam.PrincipalUnspecified
		}
		kind = k
	}
	return kind
}

// awsPrivilege evaluates AWS IAM: standalone policies, what each grant
// gives, the effective permissions of every group, user and role
// (inline, attached and group-inherited policies, within the permissions
// boundary), and who may assume each role.
func (g *Graph) awsPrivilege() {
	g.awsDocumentProblems()
	for _, n := range g.Nodes {
		p := n.Entry.Privilege
		if p.Engine != kb.AWSPolicy || n.Class != kb.Policy || p.Document == "" {
			continue
		}
		record(n, g.awsAnalyzeDocument(g.document(n, p.Document), src(n.Address())))
	}
	// What each policy grant gives on its own.
	for _, gr := range g.Grants {
		if gr.Node.Entry.Privilege.Engine != kb.AWSPolicy || len(gr.Groups) > 0 {
			continue
		}
		pols := g.awsGrantPolicies(gr.Node, nil)
		if len(pols) == 0 {
			continue
		}
		record(gr.Node, g.awsEvaluate(awsiam.Input{Kind: principalKind(gr.Principals), Policies: pols}))
	}
	// Groups before their members.
	for _, n := range g.Nodes {
		if n.Entry.Privilege.Engine == kb.AWSPolicy && n.Class == kb.Group {
			g.awsPrincipal(n, awsiam.PrincipalGroup)
		}
	}
	for _, n := range g.Nodes {
		if n.Entry.Privilege.Engine != kb.AWSPolicy || n.Class != kb.Identity {
			continue
		}
		g.awsPrincipal(n, awsKind(n))
		if t := n.Entry.Privilege.Trust; t != "" {
			doc := g.document(n, t)
			if doc == nil {
				continue
			}
			if v, ok := g.awsAnalyzeTrust(doc, awsiam.TrustOptions{Source: src(n.Address()), Account: g.awsOwnAccount(n)}); ok {
				g.recordTrust(n, v)
			}
		}
	}
	// A membership gives what its groups hold.
	for _, gr := range g.Grants {
		if gr.Node.Entry.Privilege.Engine != kb.AWSPolicy || len(gr.Groups) == 0 {
			continue
		}
		for _, grp := range gr.Groups {
			if grp.Privilege != nil {
				record(gr.Node, prefixed(grp.Privilege.Verdict, gr.Node.Address()))
			}
		}
	}
}

// awsOwnAccount is the AWS account a role is in, "" when the plan does not
// tell: its own ARN (a role that exists), or the account_id of an
// aws_caller_identity read with the same provider configuration.
func (g *Graph) awsOwnAccount(n *Node) string {
	if arn, ok := n.Values["arn"].(string); ok {
		if parts := strings.SplitN(arn, ":", 6); len(parts) == 6 && parts[0] == "arn" && parts[4] != "" {
			return parts[4]
		}
	}
	if n.R.Config == nil {
		return ""
	}
	account := ""
	for _, c := range g.byType["aws_caller_identity"] {
		id, ok := c.Values["account_id"].(string)
		if !ok || id == "" || c.R.Config == nil || c.R.Config.ProviderConfigKey != n.R.Config.ProviderConfigKey {
			continue
		}
		if account != "" && account != id {
			return "" // two accounts for one provider configuration: none is sure
		}
		account = id
	}
	return account
}

// prefixed copies a verdict with each evidence source chain prefixed by an address.
func prefixed(v iam.Verdict, addr string) iam.Verdict {
	out := v
	out.Evidence = make([]iam.Evidence, len(v.Evidence))
	for i, e := range v.Evidence {
		e.Grants = append([]iam.Grant(nil), e.Grants...)
		for j := range e.Grants {
			e.Grants[j].Source.Chain = append([]string{addr}, e.Grants[j].Source.Chain...)
		}
		out.Evidence[i] = e
	}
	return out
}

// awsGrantPolicies lists the policies a grant resource (or an identity's
// own inline and managed policy attributes) contributes, each with the
// chain of addresses it came through.
func (g *Graph) awsGrantPolicies(n *Node, chain []string) []awsiam.Policy {
	p := n.Entry.Privilege
	if p.Document == "" && p.PolicyRef == "" {
		return nil
	}
	// A grant's own policies are asked for twice, for the grant and for
	// its principal: the second time is the memo.
	i := g.at(n)
	if len(chain) == 0 && i >= 0 {
		if g.ownPolicies == nil {
			g.ownPolicies = make([][]awsiam.Policy, len(g.nodes))
		}
		if ps := g.ownPolicies[i]; ps != nil {
			return ps
		}
		ps := slices.Clip(g.grantPolicies(n, nil))
		if ps == nil {
			ps = []awsiam.Policy{}
		}
		g.ownPolicies[i] = ps
		return ps
	}
	return g.grantPolicies(n, chain)
}

// grantPolicies is awsGrantPolicies without the memo.
func (g *Graph) grantPolicies(n *Node, chain []string) []awsiam.Policy {
	p := n.Entry.Privilege
	// Sources share base; clipped, each append(base, ...) copies instead
	// of writing into a shared array.
	base := slices.Clip(append(slices.Clip(chain), n.Address()))
	var out []awsiam.Policy
	if p.Document != "" {
		for _, doc := range g.documents(n, p.Document) {
			if _, unknown := doc.(value.Unknown); unknown && siblingsFill(n, p.Document) {
				continue
			}
			out = append(out, awsiam.Policy{Document: doc, Source: src(base...)})
		}
	}
	if p.PolicyRef != "" {
		targets := g.refTargets(n, p.PolicyRef, p.PolicyRefTypes)
		var covered []string // the targets' ARNs; a grant has one or a few
		for _, t := range targets {
			if s, ok := t.Values["arn"].(string); ok {
				covered = append(covered, s)
			}
			out = append(out, awsiam.Policy{Document: g.document(t, t.Entry.Privilege.Document), Source: src(append(base, t.Address())...)})
		}
		for _, v := range stringsAt(n.Values, p.PolicyRef) {
			switch x := v.(type) {
			case string:
				if !slices.Contains(covered, x) && (len(targets) == 0 || isManagedARN(x)) {
					out = append(out, awsiam.Policy{ARN: x, Source: src(base...)})
				}
			case value.Unknown:
				if len(targets) == 0 && !siblingsFill(n, p.PolicyRef) {
					out = append(out, awsiam.Policy{Document: x, Source: src(base...)})
				}
			}
		}
	}
	return out
}

// siblingsFill reports whether an attribute is one the provider computes
// from other resources (kb MaintainedBy: a new role's managed_policy_arns
// and inline_policy, known after apply) and the configuration does not set
// it: what fills it are those resources, which are judged as grants of
// their own, so its unknown value hides nothing. Without the configuration
// it is not known who sets it.
func siblingsFill(n *Node, attr string) bool {
	top := kb.SplitPath(attr)[0]
	if n.R.Config == nil || len(n.Entry.MaintainedFor(top)) == 0 {
		return false
	}
	return !n.R.Configures(top)
}

// documents reads a document attribute that may sit in repeated blocks
// (aws_iam_role inline_policy.policy).
func (g *Graph) documents(n *Node, attr string) []any {
	path := kb.SplitPath(attr)
	if len(path) == 1 {
		if d := g.document(n, attr); d != nil {
			return []any{d}
		}
		return nil
	}
	var out []any
	for _, v := range valuesAt(n.Values, path) {
		if s, ok := v.(string); ok && s == "" {
			continue
		}
		if v != nil {
			out = append(out, v)
		}
	}
	// Blocks unknown as a whole may hold any document.
	if u, ok := unknownAbove(n.Values, path); ok {
		out = append(out, u)
	}
	return out
}

// unknownAbove finds a value unknown as a whole on the way to the end of
// path (a list of blocks, or one block), where valuesAt finds nothing.
func unknownAbove(v any, path []string) (value.Unknown, bool) {
	if len(path) == 0 {
		return value.Unknown{}, false
	}
	switch x := v.(type) {
	case value.Unknown:
		return x, true
	case map[string]any:
		return unknownAbove(x[path[0]], path[1:])
	case []any:
		for _, e := range x {
			if u, ok := unknownAbove(e, path); ok {
				return u, true
			}
		}
	}
	return value.Unknown{}, false
}

func isManagedARN(s string) bool {
	_, _, _, ok := awsiam.ParseManagedPolicyARN(s)
	return ok
}

// awsPrincipal evaluates one user, role or group.
func (g *Graph) awsPrincipal(n *Node, kind awsiam.PrincipalKind) {
	in := awsiam.Input{Kind: kind}
	var grants []*Node
	in.Policies = append(in.Policies, g.awsGrantPolicies(n, nil)...)
	for _, gr := range g.GrantsTo(n) {
		if gr.Node.Entry.Privilege.Engine != kb.AWSPolicy {
			continue
		}
		if len(gr.Groups) == 0 {
			in.Policies = append(in.Policies, g.awsGrantPolicies(gr.Node, nil)...)
			grants = append(grants, gr.Node)
			continue
		}
		if kind == awsiam.PrincipalGroup || !containsNode(gr.Principals, n) {
			continue
		}
		// Membership: the group's own grants apply to the member.
		for _, grp := range gr.Groups {
			grants = append(grants, gr.Node)
			in.Policies, grants = g.awsGroupPolicies(grp, []string{gr.Node.Address(), grp.Address()}, in.Policies, grants)
		}
	}
	// A user that names its groups itself (awscc_iam_user.groups).
	if kind != awsiam.PrincipalGroup {
		for _, l := range n.Entry.Privilege.Groups {
			grps, _ := g.follow(n, l)
			for _, grp := range grps {
				in.Policies, grants = g.awsGroupPolicies(grp, []string{grp.Address()}, in.Policies, grants)
			}
		}
	}
	if b := n.Entry.Privilege.Boundary; b != "" {
		for _, v := range stringsAt(n.Values, b) {
			if s, ok := v.(string); ok {
				if t := g.policyByARN(s); t != nil {
					in.Boundaries = append(in.Boundaries, awsiam.Policy{Document: g.document(t, t.Entry.Privilege.Document), Source: src(t.Address())})
				} else {
					in.Boundaries = append(in.Boundaries, awsiam.Policy{ARN: s, Source: src(n.Address() + "." + b)})
				}
			}
		}
		for _, t := range g.refTargets(n, b, []string{"aws_iam_policy"}) {
			in.Boundaries = append(in.Boundaries, awsiam.Policy{Document: g.document(t, t.Entry.Privilege.Document), Source: src(t.Address())})
		}
	}
	if len(in.Policies) == 0 {
		record(n, iam.Verdict{Class: iam.ClassNone}, grants...)
		return
	}
	record(n, g.awsEvaluate(in), grants...)
}

// awsGroupPolicies adds what a member gets from a group, reached through
// chain: the group's own policies (an awscc_iam_group's) and its grants.
func (g *Graph) awsGroupPolicies(grp *Node, chain []string, pols []awsiam.Policy, grants []*Node) ([]awsiam.Policy, []*Node) {
	grants = append(grants, grp)
	pols = append(pols, g.awsGrantPolicies(grp, chain[:len(chain)-1])...)
	for _, ggr := range g.groupPolicyGrants(grp) {
		pols = append(pols, g.awsGrantPolicies(ggr.Node, chain)...)
		grants = append(grants, ggr.Node)
	}
	return pols, grants
}

// groupPolicyGrants are a group's own AWS policy grants, in order, without
// its memberships: a group's grant list holds every membership, so
// scanning it for each member was quadratic in the group's size.
func (g *Graph) groupPolicyGrants(grp *Node) []*Grant {
	if gs, ok := g.groupGrants[grp]; ok {
		return gs
	}
	var gs []*Grant
	for _, ggr := range g.GrantsTo(grp) {
		if len(ggr.Groups) == 0 && ggr.Node.Entry.Privilege.Engine == kb.AWSPolicy {
			gs = append(gs, ggr)
		}
	}
	if g.groupGrants == nil {
		g.groupGrants = map[*Node][]*Grant{}
	}
	g.groupGrants[grp] = gs
	return gs
}

func (g *Graph) policyByARN(arn string) *Node {
	if ns := g.index("aws_iam_policy", "arn")[arn]; len(ns) > 0 {
		return ns[0]
	}
	return nil
}

func containsNode(ns []*Node, n *Node) bool {
	for _, x := range ns {
		if x == n {
			return true
		}
	}
	return false
}
