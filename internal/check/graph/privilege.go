package graph

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam/awsiam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// Privilege is what a node can do (identities, groups) or gives (grants,
// policies), as the policy engines judged it.
type Privilege struct {
	iam.Verdict
	// Grants are the grant resources that reach an identity or group.
	Grants []*Node
}

// Label is the inventory's privilege class.
func (p *Privilege) Label() string {
	if p == nil {
		return "unknown"
	}
	return p.Class.String()
}

// Has reports whether any evidence is of one of the kinds.
func (p *Privilege) Has(kinds ...iam.Kind) bool {
	if p == nil {
		return false
	}
	for _, e := range p.Evidence {
		for _, k := range kinds {
			if e.Kind == k {
				return true
			}
		}
	}
	return false
}

// Grant is a privilege grant resolved to the principals it reaches.
type Grant struct {
	Node       *Node
	Principals []*Node
	// Groups are groups the grant adds its principals to (memberships).
	Groups []*Node
	// On is the identity the grant gives power over (impersonation).
	On []*Node
}

// UnverifiedTrust is a grant that lets a member known only after apply
// act as an identity (Grant.On): Ref names what the member is built from.
type UnverifiedTrust struct {
	Grant *Grant
	Ref   string
}

// DocumentSource evaluates documents from configuration where the planned
// value is unknown (a policy built with jsonencode around an unknown ARN).
type DocumentSource interface {
	Document(r *plan.Resource, attribute string) (any, bool)
}

// TrustOf returns who-may-act-as verdicts recorded for a node.
func (g *Graph) TrustOf(n *Node) *iam.Verdict {
	if i := g.at(n); i >= 0 && g.trust != nil {
		return g.trust[i]
	}
	return nil
}

func (g *Graph) resolvePrivilege() {
	g.trust = make([]*iam.Verdict, len(g.nodes))
	g.grantsTo = make([][]*Grant, len(g.nodes))
	for _, n := range g.Nodes {
		if n.Class != kb.Grant {
			continue
		}
		gr := &Grant{Node: n}
		for _, l := range n.Entry.Privilege.Principals {
			ts, _ := g.follow(n, l)
			// A resource that could have a managed identity of its own but
			// has none in this world receives nothing.
			ts = slices.DeleteFunc(ts, func(t *Node) bool { return t.Entry.Hosted != nil && !t.HostedIdentity() })
			gr.Principals = append(gr.Principals, ts...)
		}
		for _, l := range n.Entry.Privilege.Groups {
			ts, _ := g.follow(n, l)
			gr.Groups = append(gr.Groups, ts...)
		}
		for _, l := range n.Entry.Privilege.On {
			ts, _ := g.follow(n, l)
			gr.On = append(gr.On, ts...)
		}
		if n.Entry.Privilege.Engine == kb.GCPRole {
			gr.Principals = append(gr.Principals, g.gcpMembers(n)...)
		}
		if n.Entry.Privilege.Engine == kb.EKSAccess && n.Entry.Privilege.Document != "" {
			for _, m := range g.awsAuthMappings(n) {
				gr.Principals = append(gr.Principals, m.principals...)
			}
		}
		gr.Principals = dedupe(gr.Principals)
		g.Grants = append(g.Grants, gr)
		for _, p := range gr.Principals {
			g.grantsTo[p.ord] = append(g.grantsTo[p.ord], gr)
		}
		for _, grp := range gr.Groups {
			g.grantsTo[grp.ord] = append(g.grantsTo[grp.ord], gr)
		}
	}
	g.eksGroupMembers()
	g.awsPrivilege()
	g.gcpPrivilege()
	g.azurePrivilege()
	g.k8sPrivilege()
	g.eksPrivilege()
	g.vaultPrivilege()
	g.scopePrivilege()
	g.snowflakePrivilege()
	g.tidyPrivileges()
	g.redactSensitive()
}

// GrantsTo lists the grants that name a node as principal or group.
func (g *Graph) GrantsTo(n *Node) []*Grant {
	if i := g.at(n); i >= 0 && g.grantsTo != nil {
		return g.grantsTo[i]
	}
	return nil
}

// src builds an engine source whose chain is addresses.
func src(chain ...string) iam.Source { return iam.Source{Chain: chain} }

// document reads a policy document attribute: the planned value when
// known, else a document data source it references (rebuilt from its
// statement blocks when its json is unknown), else the configuration
// evaluated from .tf sources, else an Unknown naming the reference.
func (g *Graph) document(n *Node, attr string) any {
	path := kb.SplitPath(attr)
	v := plan.Get(n.Values, path...)
	switch x := v.(type) {
	case string:
		if strings.TrimSpace(x) != "" {
			return x
		}
		return nil
	case nil:
		if !n.R.Configures(path...) {
			return nil
		}
	case value.Unknown:
	default:
		return v
	}
	ref := "" // as configRef, in the same pass
	for _, e := range plan.ExprsAt(n.R.Config, path) {
		links := g.Plan.LinksExpr(plan.ContextOf(n.R), e)
		if ref == "" && len(links) > 0 {
			ref = links[0].String()
		}
		if !g.holds(links, isPolicyDocument) {
			continue
		}
		for _, l := range links {
			if l.Target.Type == "aws_iam_policy_document" {
				if d := g.nodeOf(l.Target); d != nil {
					return g.policyDocumentData(d, 0)
				}
			}
		}
	}
	if ds, ok := g.Opts.Sources.(DocumentSource); ok && len(path) == 1 {
		if doc, ok := ds.Document(n.R, attr); ok && doc != nil {
			return doc
		}
	}
	return value.Unknown{Ref: ref}
}

func isPolicyDocument(typ string) bool { return typ == "aws_iam_policy_document" }

// configRef names what the configuration of an attribute refers to (its
// first resolved reference), for a value known only after apply.
func (g *Graph) configRef(n *Node, path []string) string {
	for _, e := range plan.ExprsAt(n.R.Config, path) {
		for _, l := range g.Plan.LinksExpr(plan.ContextOf(n.R), e) {
			return l.String()
		}
	}
	return ""
}

// policyDocumentData renders an aws_iam_policy_document: its json when
// known, else the document rebuilt from its statement blocks.
func (g *Graph) policyDocumentData(d *Node, depth int) any {
	if s, ok := d.Values["json"].(string); ok && s != "" {
		return s
	}
	if depth > 4 {
		return value.Unknown{Ref: d.Address() + ".json"}
	}
	var stmts []any
	// source_policy_documents come first; statements with the same sid
	// in the document itself override them, which changes nothing here.
	for _, attr := range []string{"source_policy_documents", "source_json", "override_policy_documents", "override_json"} {
		for _, s := range valuesAt(d.Values, []string{attr}) {
			str, ok := s.(string)
			if !ok {
				continue
			}
			var doc map[string]any
			if json.Unmarshal([]byte(str), &doc) == nil {
				switch st := doc["Statement"].(type) {
				case []any:
					stmts = append(stmts, st...)
				case map[string]any:
					stmts = append(stmts, st)
				}
			}
		}
	}
	blocks, _ := d.Values["statement"].([]any)
	for _, b := range blocks {
		m, ok := b.(map[string]any)
		if !ok {
			continue
		}
		st := map[string]any{}
		if s, ok := m["sid"].(string); ok && s != "" {
			st["Sid"] = s
		}
		st["Effect"] = "Allow"
		if e, ok := m["effect"].(string); ok && e != "" {
			st["Effect"] = e
		} else if value.IsUnknown(m["effect"]) {
			st["Effect"] = m["effect"]
		}
		for attr, key := range map[string]string{"actions": "Action", "not_actions": "NotAction", "resources": "Resource", "not_resources": "NotResource"} {
			if v := m[attr]; v != nil {
				if l, ok := v.([]any); ok && len(l) == 0 {
					continue
				}
				st[key] = v
			}
		}
		for attr, key := range map[string]string{"principals": "Principal", "not_principals": "NotPrincipal"} {
			ps, _ := m[attr].([]any)
			if len(ps) == 0 {
				continue
			}
			prin := map[string]any{}
			for _, p := range ps {
				pm, ok := p.(map[string]any)
				if !ok {
					continue
				}
				typ, _ := pm["type"].(string)
				ids, _ := pm["identifiers"].([]any)
				if typ == "*" {
					st[key] = "*"
					prin = nil
					break
				}
				if typ == "" {
					continue
				}
				prev, _ := prin[typ].([]any)
				prin[typ] = append(prev, ids...)
			}
			if prin != nil && len(prin) > 0 {
				st[key] = prin
			}
		}
		if cs, _ := m["condition"].([]any); len(cs) > 0 {
			cond := map[string]any{}
			for i, c := range cs {
				cm, ok := c.(map[string]any)
				if !ok {
					continue
				}
				test, _ := cm["test"].(string)
				variable, _ := cm["variable"].(string)
				if u, ok := cm["variable"].(value.Unknown); ok {
					variable = awsiam.UnknownKey(u.Ref, i)
				}
				if test == "" || variable == "" {
					continue
				}
				ops, _ := cond[test].(map[string]any)
				if ops == nil {
					ops = map[string]any{}
					cond[test] = ops
				}
				ops[variable] = cm["values"]
			}
			st["Condition"] = cond
		}
		stmts = append(stmts, st)
	}
	if stmts == nil {
		return value.Unknown{Ref: d.Address() + ".json"}
	}
	return map[string]any{"Version": "2012-10-17", "Statement": stmts}
}

// stringsAt reads every known string at a path (lists flattened).
func stringsAt(vals map[string]any, path string) []any {
	if path == "" {
		return nil
	}
	var out []any
	for _, v := range valuesAt(vals, kb.SplitPath(path)) {
		switch x := v.(type) {
		case string:
			if x != "" {
				out = append(out, x)
			}
		case value.Unknown:
			out = append(out, x)
		}
	}
	return out
}

// refTarget resolves an attribute naming a policy or role to plan nodes of the given types.
func (g *Graph) refTargets(n *Node, attr string, types []string) []*Node {
	if attr == "" || len(types) == 0 {
		return nil
	}
	ts, _ := g.follow(n, kb.Link{Path: attr, Types: types, By: []string{"arn", "name", "id", "metadata.name", "role_id"}})
	return ts
}

func sortedKeys(m map[*Node]bool) []*Node {
	out := make([]*Node, 0, len(m))
	for n := range m {
		out = append(out, n)
	}
	sortNodes(out)
	return out
}

// record sets a node's privilege verdict, merging when set already.
func record(n *Node, v iam.Verdict, grants ...*Node) {
	if n.Privilege == nil {
		n.Privilege = &Privilege{Verdict: v}
		// The verdict is often another node's too (a binding's and each
		// of its subjects', a cached evaluation's): later appends must
		// not write into its arrays, where another subject's would land.
		p := n.Privilege
		p.Evidence, p.Unknowns, p.Notes = slices.Clip(p.Evidence), slices.Clip(p.Unknowns), slices.Clip(p.Notes)
	} else {
		n.Privilege.Class = iam.Max(n.Privilege.Class, v.Class)
		n.Privilege.Evidence = append(n.Privilege.Evidence, v.Evidence...)
		n.Privilege.Unknowns = append(n.Privilege.Unknowns, v.Unknowns...)
		n.Privilege.Notes = append(n.Privilege.Notes, v.Notes...)
	}
	// Deduplicated and sorted once all is recorded (tidyPrivileges):
	// doing it here was quadratic in the grants one principal receives.
	n.Privilege.Grants = append(n.Privilege.Grants, grants...)
}

// tidyPrivileges deduplicates and sorts what record gathered.
func (g *Graph) tidyPrivileges() {
	for _, n := range g.Nodes {
		if p := n.Privilege; p != nil {
			p.Grants = dedupe(p.Grants)
			sortNodes(p.Grants)
			if !sort.StringsAreSorted(p.Unknowns) { // a copy: the array may be shared
				p.Unknowns = slices.Sorted(slices.Values(p.Unknowns))
			}
		}
	}
}

// recordTrust merges an open-trust verdict.
func (g *Graph) recordTrust(n *Node, v iam.Verdict) {
	if len(v.Evidence) == 0 && len(v.Unknowns) == 0 {
		return
	}
	t := g.trust[n.ord]
	if t == nil {
		t = &iam.Verdict{}
		g.trust[n.ord] = t
	}
	t.Evidence = append(t.Evidence, v.Evidence...)
	t.Unknowns = append(t.Unknowns, v.Unknowns...)
}
