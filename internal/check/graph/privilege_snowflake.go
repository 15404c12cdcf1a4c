package graph

import (
	"slices"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam/snowflakeiam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// snowflakeRole reports whether a type is a Snowflake role (the account
// role, and its name before the provider's 1.0).
func snowflakeRole(typ string) bool {
	e := kb.Lookup(typ)
	return e != nil && e.Provider == "snowflake" && e.Kind == "role"
}

// sfEdge is one role grant: the role it gives (by normalized name, or an
// unknown reference when the plan cannot name it) and the grant resource.
type sfEdge struct {
	role    string
	unknown string
	grant   *Node
}

// sfRoles is what the plan says of Snowflake roles.
type sfRoles struct {
	defined  map[string]*Node    // the role resources, by name
	children map[string][]sfEdge // roles granted to a role (its parent inherits them)
	privs    map[string][]*Node  // privilege grants to a role
	held     map[*Node][]sfEdge  // roles granted to a machine identity
}

// snowflakePrivilege judges what Snowflake service users hold: the roles
// granted to them, the roles granted to those (a parent role inherits its
// children), system roles by name and the privileges the plan grants to
// the others. A role the plan does not define is unknown. default_role
// grants nothing (Snowflake requires the role to be granted as well), so
// it is not read. Each grant on the way to a machine identity gives what
// it reaches, as an attachment does in AWS.
func (g *Graph) snowflakePrivilege() {
	st := g.snowflakeRoles()
	if len(st.held) == 0 {
		return
	}
	recorded := map[*Node]map[string]bool{}
	onGrant := func(n *Node, v iam.Verdict) {
		key := strings.Join(v.Chain(), " ")
		for _, e := range v.Evidence {
			key += "|" + e.ID
		}
		if recorded[n] == nil {
			recorded[n] = map[string]bool{}
		}
		if !recorded[n][key] {
			recorded[n][key] = true
			record(n, v)
		}
	}
	for _, u := range g.Nodes {
		edges, ok := st.held[u]
		if !ok {
			continue
		}
		type step struct {
			e     sfEdge
			chain []*Node
		}
		var queue []step
		for _, e := range edges {
			queue = append(queue, step{e, []*Node{e.grant}})
		}
		seen := map[string]bool{}
		for len(queue) > 0 {
			s := queue[0]
			queue = queue[1:]
			if s.e.unknown != "" {
				record(u, iam.Verdict{Class: iam.ClassUnknown, Unknowns: []string{s.e.unknown}}, s.e.grant)
				continue
			}
			if seen[s.e.role] {
				continue
			}
			seen[s.e.role] = true
			chain := s.chain
			if r := st.defined[s.e.role]; r != nil {
				chain = append(slices.Clip(chain), r)
			}
			for _, rv := range st.verdicts(s.e.role, chain) {
				grants := grantNodes(chain, rv.by)
				record(u, rv.v, grants...)
				if rv.v.Class.Known() {
					for _, gn := range grants {
						onGrant(gn, rv.v)
					}
				}
			}
			for _, c := range st.children[s.e.role] {
				queue = append(queue, step{c, append(slices.Clip(chain), c.grant)})
			}
		}
	}
}

// grantNodes are the grant resources of a chain, and the privilege grant
// (by) that gives a verdict, if any.
func grantNodes(chain []*Node, by *Node) []*Node {
	var out []*Node
	for _, n := range chain {
		if n.Class == kb.Grant {
			out = append(out, n)
		}
	}
	if by != nil {
		out = append(out, by)
	}
	return out
}

// sfVerdict is what a role gives, and the privilege grant that gives it
// (nil for a system role's or an unknown role's).
type sfVerdict struct {
	v  iam.Verdict
	by *Node
}

// verdicts are what one role gives, reached through chain: a system
// role's, or the privileges the plan grants it; unknown for a role the
// plan does not define.
func (st *sfRoles) verdicts(role string, chain []*Node) []sfVerdict {
	addrs := Addresses(chain)
	via := viaRoles(chain, role)
	if v, ok := snowflakeiam.SystemRole(role, via, src(addrs...)); ok {
		return []sfVerdict{{v: v}}
	}
	var out []sfVerdict
	if st.defined[role] == nil {
		out = append(out, sfVerdict{v: iam.Verdict{Class: iam.ClassUnknown,
			Notes: []string{"role " + role + ", granted by " + chain[len(chain)-1].Address() + ", is not defined in this plan: what it gives is unknown"}}})
	} else {
		out = append(out, sfVerdict{v: iam.Verdict{Class: iam.ClassNone}})
	}
	for _, pn := range st.privs[role] {
		p := pn.Entry.Privilege
		v := snowflakeiam.Privileges(snowflakeiam.Grant{Role: role, Via: via, Privileges: listAt(pn.Values, p.Scopes),
			All: pn.Values[p.Flag], OnAccount: pn.Values[p.Scope], Source: src(append(slices.Clip(addrs), pn.Address())...)})
		out = append(out, sfVerdict{v: v, by: pn})
	}
	return out
}

// viaRoles names the custom roles of a chain, other than role itself,
// through which a user holds what role gives ("" when it holds it
// directly).
func viaRoles(chain []*Node, role string) string {
	var names []string
	for _, n := range chain {
		if k := snowflakeRoleKey(n); snowflakeRole(n.Type()) && k != role {
			names = append(names, k)
		}
	}
	return strings.Join(names, ", then ")
}

// listAt reads a list attribute as the engines take it: its elements,
// or the unknown list itself.
func listAt(vals map[string]any, attr string) []any {
	switch x := vals[attr].(type) {
	case []any:
		return x
	case value.Unknown:
		return []any{x}
	}
	return nil
}

// snowflakeRoles gathers the role resources, the role grants and the
// privilege grants of the plan.
func (g *Graph) snowflakeRoles() *sfRoles {
	st := &sfRoles{defined: map[string]*Node{}, children: map[string][]sfEdge{}, privs: map[string][]*Node{}, held: map[*Node][]sfEdge{}}
	for _, n := range g.Nodes {
		if snowflakeRole(n.Type()) {
			st.defined[snowflakeRoleKey(n)] = n
		}
	}
	for _, gr := range g.Grants {
		n := gr.Node
		p := n.Entry.Privilege
		if p.Engine != kb.SnowflakeRole {
			continue
		}
		if p.Scopes != "" {
			for _, e := range g.snowflakeRoleEdges(n, p.Principals[0]) {
				if e.unknown == "" {
					st.privs[e.role] = append(st.privs[e.role], n)
				}
			}
			continue
		}
		granted := g.snowflakeRoleEdges(n, kb.Link{Path: p.PolicyRef, Types: p.PolicyRefTypes})
		for _, l := range p.Principals {
			if slices.ContainsFunc(l.Types, snowflakeRole) {
				for _, parent := range g.snowflakeRoleEdges(n, l) {
					if parent.unknown == "" {
						st.children[parent.role] = append(st.children[parent.role], granted...)
					}
				}
			}
		}
		for _, u := range gr.Principals {
			if u.Class == kb.Identity {
				st.held[u] = append(st.held[u], granted...)
			}
		}
	}
	return st
}

// snowflakeRoleEdges names the roles a link of a grant holds: the role
// resources it refers to, else its values; an unknown value that refers
// to none is an unknown role.
func (g *Graph) snowflakeRoleEdges(n *Node, l kb.Link) []sfEdge {
	ts, _ := g.follow(n, kb.Link{Path: l.Path, Types: l.Types, By: []string{"name"}})
	var out []sfEdge
	for _, t := range ts {
		out = append(out, sfEdge{role: snowflakeRoleKey(t), grant: n})
	}
	if len(out) > 0 {
		return out
	}
	path := kb.SplitPath(l.Path)
	for _, v := range valuesAt(n.Values, path) {
		switch x := v.(type) {
		case string:
			if strings.TrimSpace(x) != "" {
				out = append(out, sfEdge{role: snowflakeiam.Normalize(x), grant: n})
			}
		case value.Unknown:
			ref := x.Ref
			if ref == "" {
				ref = g.configRef(n, path)
			}
			out = append(out, sfEdge{unknown: iam.UnknownRef(value.Unknown{Ref: ref}), grant: n})
		}
	}
	return out
}

// snowflakeRoleKey names a role resource: its name, or its address while
// the name is known only after apply.
func snowflakeRoleKey(n *Node) string {
	if s, ok := plan.Get(n.Values, "name").(string); ok && s != "" {
		return snowflakeiam.Normalize(s)
	}
	return n.Address()
}
