package graph

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam/k8srbac"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// --- EKS: Kubernetes privilege of AWS IAM principals ---

// eksPrivilege judges what an EKS cluster hands the IAM roles and users
// its access policy associations, access entries and aws-auth ConfigMap
// name, as Kubernetes RBAC would judge the same role bound to them: the
// grant holds it, and so does each principal of the plan it names.
func (g *Graph) eksPrivilege() {
	for _, gr := range g.Grants {
		n := gr.Node
		p := n.Entry.Privilege
		if p.Engine != kb.EKSAccess {
			continue
		}
		switch {
		case p.PolicyRef != "":
			v := g.eksAccessPolicy(n)
			record(n, v)
			for _, pr := range gr.Principals {
				record(pr, v, n)
			}
		case p.K8sGroups != "":
			groups, _ := plan.Strings(plan.Get(n.Values, kb.SplitPath(p.K8sGroups)...))
			g.recordGroups(n, gr.Principals, groups)
		case p.Document != "":
			g.awsAuthPrivilege(n)
		}
	}
}

// eksAccessPolicy judges an access policy association: its policy as the
// built-in ClusterRole it mirrors, bound cluster-wide or in the
// namespaces of its access scope.
func (g *Graph) eksAccessPolicy(n *Node) iam.Verdict {
	p := n.Entry.Privilege
	arn := plan.Get(n.Values, kb.SplitPath(p.PolicyRef)...)
	if u, ok := arn.(value.Unknown); ok {
		ref := iam.UnknownRef(u)
		if u.Ref == "" {
			ref = or(g.configRef(n, kb.SplitPath(p.PolicyRef)), ref)
		}
		return iam.Verdict{Class: iam.ClassUnknown, Unknowns: []string{ref}}
	}
	name, _ := arn.(string)
	scope, _ := plan.Get(n.Values, "access_scope", "type").(string)
	namespaces, _ := plan.Strings(plan.Get(n.Values, kb.SplitPath(p.Scope)...))
	// An unknown scope type is judged as the broader of the two.
	b, ok := k8srbac.EKSAccessBinding(name, !strings.EqualFold(scope, "namespace"), namespaces, src(n.Address()))
	if !ok {
		return iam.Verdict{Class: iam.ClassUnknown, Notes: []string{"EKS access policy " + name + " is not one whose rules nhiguard knows"}}
	}
	return k8srbac.AnalyzeBoundRole(b)
}

// recordGroups records on a grant, and on the principals it puts in
// Kubernetes groups, what the plan's bindings to those groups hand them
// (cluster-admin for system:masters, which no binding is needed for).
func (g *Graph) recordGroups(n *Node, principals []*Node, groups []string) {
	judged := false
	for _, group := range groups {
		if group == k8srbac.MastersGroup {
			v := k8srbac.MastersVerdict(src(n.Address()))
			judged = true
			record(n, v)
			for _, pr := range principals {
				record(pr, v, n)
			}
			continue
		}
		for _, bg := range g.Grants {
			if bg.Node.Entry.Privilege.Engine != kb.K8sRBAC {
				continue
			}
			if !boundToGroup(k8sSubjects(bg.Node), group) {
				continue
			}
			b := g.k8sBinding(bg.Node)
			b.Source.Chain = append([]string{n.Address()}, b.Source.Chain...)
			judged = true
			// The principals hold it as the binding's subjects
			// (eksGroupMembers).
			record(n, k8srbac.AnalyzeBoundRole(b), bg.Node)
		}
	}
	if !judged {
		// Bindings outside the plan may name the groups: nothing to judge.
		record(n, iam.Verdict{Class: iam.ClassNone})
	}
}

// eksGroupMembers makes the IAM principals an access entry or aws-auth
// puts in a Kubernetes group subjects of the plan's bindings to that
// group, as the service accounts they name are.
func (g *Graph) eksGroupMembers() {
	members := map[string][]*Node{}
	for _, gr := range g.Grants {
		p := gr.Node.Entry.Privilege
		switch {
		case p.Engine != kb.EKSAccess:
		case p.K8sGroups != "":
			groups, _ := plan.Strings(plan.Get(gr.Node.Values, kb.SplitPath(p.K8sGroups)...))
			for _, group := range groups {
				members[group] = append(members[group], gr.Principals...)
			}
		case p.Document != "":
			for _, m := range g.awsAuthMappings(gr.Node) {
				for _, group := range m.groups {
					members[group] = append(members[group], m.principals...)
				}
			}
		}
	}
	if len(members) == 0 {
		return
	}
	for _, bg := range g.Grants {
		if bg.Node.Entry.Privilege.Engine != kb.K8sRBAC {
			continue
		}
		for _, s := range k8sSubjects(bg.Node) {
			if !strings.EqualFold(s.Kind, "Group") || len(members[s.Name]) == 0 {
				continue
			}
			for _, pr := range members[s.Name] {
				if !slices.Contains(bg.Principals, pr) {
					bg.Principals = append(bg.Principals, pr)
					g.grantsTo[pr.ord] = append(g.grantsTo[pr.ord], bg)
				}
			}
		}
	}
}

// awsAuthMapping is one element of aws-auth's mapRoles or mapUsers.
type awsAuthMapping struct {
	arn        string
	groups     []string
	principals []*Node
	// unknown names what the mappings are built from when the plan knows
	// them only after apply.
	unknown string
}

// awsAuthMappings reads the aws-auth ConfigMap of kube-system: each IAM
// role (mapRoles) or user (mapUsers) it maps, with its groups and the
// identity of the plan it names. Mappings known only after apply (built
// with yamlencode around a role made in this plan) are one mapping with
// unknown set and the roles and users the configuration references.
func (g *Graph) awsAuthMappings(n *Node) []awsAuthMapping {
	// Asked for the grant's principals, for group members and for the
	// privilege: the YAML is read once.
	if ms, ok := g.awsAuth[n]; ok {
		return ms
	}
	ms := g.readAWSAuth(n)
	if g.awsAuth == nil {
		g.awsAuth = map[*Node][]awsAuthMapping{}
	}
	g.awsAuth[n] = ms
	return ms
}

// readAWSAuth is awsAuthMappings without the memo.
func (g *Graph) readAWSAuth(n *Node) []awsAuthMapping {
	p := n.Entry.Privilege
	if ns, _ := plan.Get(n.Values, kb.SplitPath(p.Scope)...).(string); ns != "kube-system" {
		return nil
	}
	if name, _ := plan.Get(n.Values, "metadata", "name").(string); name != "aws-auth" {
		return nil
	}
	data := n.Values[p.Document]
	var out []awsAuthMapping
	for _, m := range []struct {
		key, arnKey string
		types       []string
	}{{"mapRoles", "rolearn", []string{"aws_iam_role", "awscc_iam_role"}}, {"mapUsers", "userarn", []string{"aws_iam_user", "awscc_iam_user"}}} {
		var text any = data
		if d, ok := data.(map[string]any); ok {
			text = d[m.key]
		}
		switch s := text.(type) {
		case value.Unknown:
			ts, _ := g.follow(n, kb.Link{Path: p.Document, Types: m.types})
			ref := or(g.configRef(n, []string{p.Document}), p.Document+"."+m.key)
			out = append(out, awsAuthMapping{unknown: ref, principals: ts})
		case string:
			var list []map[string]any
			if yaml.Unmarshal([]byte(s), &list) != nil {
				continue
			}
			l := kb.Link{Types: m.types, By: []string{"arn", "name", "role_name", "user_name"}}
			for _, e := range list {
				arn, _ := e[m.arnKey].(string)
				if kb.SSORole(arn) {
					continue // people signing in through IAM Identity Center
				}
				groups, _ := plan.Strings(e["groups"])
				out = append(out, awsAuthMapping{arn: arn, groups: groups, principals: g.lookupValue(l, arn)})
			}
		}
		if _, whole := data.(value.Unknown); whole {
			break // one unknown says it for both
		}
	}
	return out
}

// awsAuthPrivilege records what aws-auth hands each mapped role and user.
func (g *Graph) awsAuthPrivilege(n *Node) {
	ms := g.awsAuthMappings(n)
	if len(ms) == 0 {
		return
	}
	for _, m := range ms {
		if m.unknown != "" {
			// Which groups go with which role is not known before apply.
			record(n, iam.Verdict{Class: iam.ClassUnknown, Unknowns: []string{m.unknown}})
			continue
		}
		g.recordGroups(n, m.principals, m.groups)
	}
}

// or is a, or b when a is empty.
func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
