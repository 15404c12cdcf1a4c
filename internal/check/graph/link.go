package graph

import (
	"reflect"
	"slices"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// Edge is a reference from one resource's attribute to a node.
type Edge struct {
	From *plan.Resource
	// FromNode is the referring node, nil when the referrer has no kb entry.
	FromNode *Node
	// Attr is the referring top-level attribute (or "count"/"for_each").
	Attr string
	Link plan.Link
}

// edgesFrom returns a resource's links by attribute (memoised by the plan
// for both worlds).
func (g *Graph) edgesFrom(r *plan.Resource) plan.AttrLinks {
	return g.Plan.LinksByAttr(r)
}

// ReferencesTo returns the edges pointing at n, in the plan's current
// world, from the nodes that can bound its lifetime, rotate it, or keep
// its secret: the questions the graph asks of them (resolveBounds,
// rotationOf, consumerRotation).
func (g *Graph) ReferencesTo(n *Node) []Edge {
	g.buildReverse()
	if i := g.at(n); i >= 0 {
		return g.reverse[i]
	}
	return nil
}

// buildReverse indexes the references ReferencesTo returns. Indexing
// every reference was quadratic: a policy in each of n for_each instances
// reading every instance of an n-bucket for_each made n² edges (2,000 of
// each: 1 GB, 3 s; 4,000: 3.2 GB).
func (g *Graph) buildReverse() {
	if g.reverse != nil {
		return
	}
	g.reverse = make([][]Edge, len(g.nodes))
	for _, r := range g.Plan.Resources {
		if worldValues(r, g.Opts.World) == nil || r.Config == nil {
			continue
		}
		from := g.nodeOf(r)
		if from == nil {
			continue
		}
		for _, al := range g.edgesFrom(r) {
			attr, links := al.Attr, al.Links
			always := referrerAsked(from, attr)
			if !always && !g.holds(links, func(typ string) bool { return boundBy(typ, from.Type()) }) {
				continue
			}
			for _, l := range links {
				if t := g.nodeOf(l.Target); t != nil && t != from && (always || containsStr(t.Entry.Lifetime.BoundBy, from.Type())) {
					g.reverse[t.ord] = append(g.reverse[t.ord], Edge{From: r, FromNode: from, Attr: attr, Link: l})
				}
			}
		}
	}
}

// referrerAsked reports whether every reference from a node's attribute
// answers one of the questions ReferencesTo serves: from is a rotation
// resource, or a secret store receiving a value. Otherwise only those to a
// target whose lifetime from bounds (a certificate's key) do.
func referrerAsked(from *Node, attr string) bool {
	return from.Entry.Rotates != nil || from.Class == kb.Secret && containsStr(from.Entry.SinkAttrs, attr)
}

// boundBy reports whether resources of a type may have their lifetime
// bounded by a consumer of type by.
func boundBy(typ, by string) bool {
	return typeMay(typ, func(e *kb.Entry) bool { return containsStr(e.Lifetime.BoundBy, by) })
}

// typeMay reports whether resources of a type may satisfy has: their kb
// entry does, or they are manifests, whose entry depends on their values.
// It is what holds asks of a list's target types.
func typeMay(typ string, has func(e *kb.Entry) bool) bool {
	e := kb.Lookup(typ)
	return e != nil && (e.Manifest || has(e))
}

// summarizeFrom is the length from which holds summarizes a list rather
// than let its caller scan it.
const summarizeFrom = 16

// holds reports whether a list of links may name a target whose type
// satisfies match: false only when none does. Passes that look for one
// kind of target skip a long list on it, instead of scanning it for each
// of the resources sharing it: n resources reading every instance of an
// n-instance resource cost n² otherwise.
func (g *Graph) holds(links []plan.Link, match func(typ string) bool) bool {
	if len(links) < summarizeFrom {
		return true
	}
	key := plan.IDOf(links)
	types, ok := g.linkTypes[key]
	if !ok {
		seen := map[string]bool{}
		for _, l := range links {
			if !seen[l.Target.Type] {
				seen[l.Target.Type] = true
				types = append(types, l.Target.Type)
			}
		}
		if g.linkTypes == nil {
			g.linkTypes = map[plan.ListID][]string{}
		}
		g.linkTypes[key] = types
	}
	return slices.ContainsFunc(types, match)
}

// follow resolves a kb link from n: the nodes its attribute refers to in
// configuration (restricted to the link's types), or failing that, nodes
// whose identifying attributes equal its value. Either way a target must
// meet the link's Match conditions. missing lists values that name
// something outside the plan.
func (g *Graph) follow(n *Node, l kb.Link) (targets []*Node, missing []string) {
	path := kb.SplitPath(l.Path)
	if len(path) == 0 {
		return nil, nil
	}
	elems := valuesAt(n.Values, path[:len(path)-1])
	if len(path) == 1 {
		elems = []any{n.Values}
	}
	// The configuration does not say which element a reference is in:
	// one that allows the target will do, and none known rules none out.
	allowed := func(t *Node) bool {
		return len(l.Match) == 0 || len(elems) == 0 || slices.ContainsFunc(elems, func(el any) bool { return meets(n, el, t, l.Match) })
	}
	if g.configDescribes(n.R, path[0]) {
		ctx := plan.ContextOf(n.R)
		for _, e := range plan.ExprsAt(n.R.Config, path) {
			for _, lk := range g.Plan.LinksExpr(ctx, e) {
				t := g.nodeOf(lk.Target)
				if t != nil && slices.Contains(l.Types, t.Type()) && allowed(t) {
					targets = append(targets, t)
				}
			}
		}
	}
	if len(targets) > 0 {
		return dedupe(targets), nil
	}
	last := path[len(path)-1]
	for _, el := range elems {
		var vals []any
		if l.Key != "" {
			if m, ok := el.(map[string]any); ok {
				if x, ok := m[last].(map[string]any); ok {
					vals = []any{x[l.Key]}
				}
			}
		} else {
			vals = valuesAt(el, []string{last})
		}
		for _, v := range vals {
			s, ok := v.(string)
			if !ok || s == "" {
				continue
			}
			found := slices.DeleteFunc(g.lookupValue(l, s), func(t *Node) bool { return !meets(n, el, t, l.Match) })
			if len(found) == 0 {
				missing = append(missing, s)
			}
			targets = append(targets, found...)
		}
	}
	return dedupe(targets), missing
}

// meets reports whether a target meets a link's Match conditions, read in
// the element el of n's values that names it.
func meets(n *Node, el any, t *Node, ms []kb.Match) bool {
	e, ok := el.(map[string]any)
	if !ok {
		return true // known only after apply: nothing rules the target out
	}
	for _, m := range ms {
		var ours any
		if m.Field != "" {
			ours = e[m.Field]
		}
		if s, _ := ours.(string); s == "" && !value.IsUnknown(ours) && m.Default != "" {
			ours = plan.Get(n.Values, kb.SplitPath(m.Default)...)
		}
		s, ok := ours.(string)
		if !ok || s == "" {
			continue // unset or known after apply: nothing rules the target out
		}
		if m.Value != "" {
			if !strings.EqualFold(s, m.Value) {
				return false
			}
			continue
		}
		if theirs, ok := plan.Get(t.Values, kb.SplitPath(m.Target)...).(string); ok && theirs != "" && theirs != s {
			return false
		}
	}
	return true
}

// configDescribes reports whether the configuration's references for a
// top-level attribute describe the resource in the graph's world: after
// apply they do; before it, only where the plan leaves the attribute as it
// was. An attribute the plan changes (members added to a binding) referred
// to what the plan does not record, and its value before apply, which is
// known, is followed instead.
func (g *Graph) configDescribes(r *plan.Resource, attr string) bool {
	if r.Config == nil {
		return false
	}
	if g.Opts.World == After || r.Mode == "data" || r.Action == plan.NoOp {
		return true
	}
	return r.Before != nil && r.After != nil && reflect.DeepEqual(r.Before[attr], r.After[attr])
}

// lookupValue finds nodes of the link's types whose By attributes match s.
func (g *Graph) lookupValue(l kb.Link, s string) []*Node {
	var out []*Node
	keys := []string{s}
	if i := strings.LastIndexByte(s, '/'); i >= 0 && i < len(s)-1 {
		keys = append(keys, s[i+1:])
	}
	if i := strings.IndexByte(s, ':'); i >= 0 && i < len(s)-1 && !strings.HasPrefix(s, "arn:") {
		keys = append(keys, s[i+1:])
	}
	iamKind, account, name, isIAM := iamARN(s)
	for _, typ := range l.Types {
		for _, by := range l.By {
			idx := g.index(typ, by)
			for i, k := range keys {
				if i > 0 && isIAM {
					// An IAM ARN's name matches a role or user of that
					// kind, in that account, only.
					for _, n := range idx[k] {
						if g.sameIAMPrincipal(n, iamKind, account, name) {
							out = append(out, n)
						}
					}
					continue
				}
				out = append(out, idx[k]...)
			}
		}
	}
	return dedupe(out)
}

// iamARN splits an IAM role or user ARN (arn:aws:iam::ACCOUNT:role/path/NAME)
// into its kind ("role", "user"), account and name.
func iamARN(s string) (kind, account, name string, ok bool) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" {
		return "", "", "", false
	}
	kind, rest, found := strings.Cut(parts[5], "/")
	if !found || kind != "role" && kind != "user" {
		return "", "", "", false
	}
	return kind, parts[4], rest[strings.LastIndexByte(rest, '/')+1:], true
}

// sameIAMPrincipal reports whether a node matched by an IAM ARN's name is
// that principal: a role for a role ARN, a user for a user ARN, of the
// ARN's account (its own ARN's, or its provider's caller identity), the
// path aside (aws-auth names roles without it). When the node's account
// cannot be told it is not that principal: a grant to another account's
// role of the same name is not this one's.
func (g *Graph) sameIAMPrincipal(n *Node, kind, account, name string) bool {
	if !strings.HasSuffix(n.Type(), "_"+kind) {
		return false
	}
	if arn, ok := n.Values["arn"].(string); ok {
		k, a, nm, ok := iamARN(arn)
		return ok && k == kind && a == account && nm == name
	}
	return account != "" && g.awsOwnAccount(n) == account
}

// typeAttr keys the value indexes: a struct, as a joined string was an
// allocation per lookup.
type typeAttr struct{ typ, attr string }

// index returns value -> nodes for one type's attribute, built on first use.
func (g *Graph) index(typ, attr string) map[string][]*Node {
	key := typeAttr{typ, attr}
	if idx, ok := g.valueIndex[key]; ok {
		return idx
	}
	idx := map[string][]*Node{}
	path := kb.SplitPath(attr)
	for _, n := range g.byType[typ] {
		if s, ok := plan.Get(n.Values, path...).(string); ok && s != "" {
			idx[s] = append(idx[s], n)
		}
	}
	g.valueIndex[key] = idx
	return idx
}

// valuesAt collects the leaf values at a path, reading every element of
// lists along the way (nested blocks, lists of names).
func valuesAt(v any, path []string) []any {
	if len(path) == 0 {
		switch x := v.(type) {
		case []any:
			return x
		case nil:
			return nil
		}
		return []any{v}
	}
	switch x := v.(type) {
	case map[string]any:
		return valuesAt(x[path[0]], path[1:])
	case []any:
		var out []any
		for _, e := range x {
			out = append(out, valuesAt(e, path)...)
		}
		return out
	}
	return nil
}

// hasUnknown reports whether a value is or contains an unknown.
func hasUnknown(v any) bool { return value.Contains(v, value.IsUnknown) }

// linkParents resolves every node's parent links.
func (g *Graph) linkParents() {
	for _, n := range g.Nodes {
		for _, l := range n.Entry.Parents {
			ts, missing := g.follow(n, l)
			for _, t := range ts {
				if l.Material {
					n.Material = append(n.Material, t)
					continue
				}
				n.Parents = append(n.Parents, t)
				t.Children = append(t.Children, n)
			}
			if len(ts) == 0 && !l.Material {
				n.ParentMissing = append(n.ParentMissing, missing...)
			}
		}
		n.Parents = dedupe(n.Parents)
	}
	// An identity that embeds the public half of a key makes the key's
	// holder one of its credentials.
	for _, n := range g.Nodes {
		for _, l := range n.Entry.Holds {
			ts, _ := g.follow(n, l)
			for _, t := range ts {
				t.Parents = dedupe(append(t.Parents, n))
				n.Children = append(n.Children, t)
			}
		}
	}
}
