package graph

import (
	"maps"
	"slices"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// Text the plan marks sensitive at an attribute that decides what a
// resource grants (a policy, a policy ARN, a role, a member, a scope) is
// judged like any other: marking it sensitive would otherwise get an admin
// grant through the gate unjudged. The node's values hold the text
// (plan.Plan.SensitiveText) in place of the Secret; the node is marked
// sensitive, and everything the engines say that rests on it is redacted
// once privilege is resolved (redactSensitive), so no finding quotes it.

// Sensitive reports whether the node's values hold text the plan marks
// sensitive (at attributes that decide privilege): a message must not
// quote its values.
func (n *Node) Sensitive() bool { return n.sensitive }

// revealPrivilegeText returns a node's values with the sensitive text at
// its type's privilege attributes in place, copying what it changes; ok
// is false, and vals returned as is, when there is none.
func (g *Graph) revealPrivilegeText(typ string, vals map[string]any) (map[string]any, bool) {
	changed := false
	for _, p := range kb.PrivilegeText(typ) {
		if v, ok := g.reveal(vals, kb.SplitPath(p)); ok {
			vals, changed = v.(map[string]any), true
		}
	}
	return vals, changed
}

// reveal replaces the Secrets along path in v, and anywhere below its end,
// by the text they stand for.
func (g *Graph) reveal(v any, path []string) (any, bool) {
	switch x := v.(type) {
	case value.Secret:
		return g.Plan.SensitiveText(x)
	case map[string]any:
		if len(path) > 0 {
			r, ok := g.reveal(x[path[0]], path[1:])
			if !ok {
				return v, false
			}
			out := maps.Clone(x)
			out[path[0]] = r
			return out, true
		}
		var out map[string]any
		for k, e := range x {
			if r, ok := g.reveal(e, nil); ok {
				if out == nil {
					out = maps.Clone(x)
				}
				out[k] = r
			}
		}
		return out, out != nil
	case []any:
		var out []any
		for i, e := range x {
			if r, ok := g.reveal(e, path); ok {
				if out == nil {
					out = slices.Clone(x)
				}
				out[i] = r
			}
		}
		return out, out != nil
	}
	return v, false
}

// redactSensitive drops what the engines said that could quote sensitive
// text (messages, actions, resources, statement names, scopes, notes) from
// every verdict that rests on a sensitive node: evidence coming through
// one, or, naming no source, recorded on one or on what a sensitive grant
// gives. What the verdicts conclude (class, kind, pattern id, chain of
// addresses) stays, so the rules judge as before.
func (g *Graph) redactSensitive() {
	hidden := map[string]bool{}
	for _, n := range g.Nodes {
		if n.sensitive {
			hidden[n.Address()] = true
		}
	}
	if len(hidden) == 0 {
		return
	}
	for _, n := range g.Nodes {
		self := n.sensitive
		if p := n.Privilege; p != nil {
			p.Verdict = redactVerdict(p.Verdict, hidden, self || slices.ContainsFunc(p.Grants, func(gr *Node) bool { return gr.sensitive }))
		}
		if t := g.trust[n.ord]; t != nil {
			*t = redactVerdict(*t, hidden, self)
		}
	}
}

// redactVerdict redacts the evidence of v that comes through a hidden
// address, or names no source when bare is set.
func redactVerdict(v iam.Verdict, hidden map[string]bool, bare bool) iam.Verdict {
	var ev []iam.Evidence
	for i, e := range v.Evidence {
		if !restsOn(e, hidden, bare) {
			continue
		}
		if ev == nil {
			ev = slices.Clone(v.Evidence) // shared with other nodes and the cache
		}
		e.Message = sensitiveMessage(e)
		e.Actions, e.Scope = nil, ""
		grants := make([]iam.Grant, len(e.Grants))
		for j, gr := range e.Grants {
			grants[j] = iam.Grant{Source: gr.Source, Conditional: gr.Conditional}
		}
		e.Grants = grants
		ev[i] = e
	}
	if ev != nil {
		v.Evidence = ev
	}
	if (ev != nil || bare) && len(v.Notes) > 0 {
		v.Notes = []string{"what a sensitive value says is judged, never shown"}
	}
	return v
}

func restsOn(e iam.Evidence, hidden map[string]bool, bare bool) bool {
	if len(e.Grants) == 0 {
		return bare
	}
	for _, gr := range e.Grants {
		for _, a := range gr.Source.Chain {
			if hidden[a] {
				return true
			}
		}
	}
	return false
}

// sensitiveMessage says what evidence found without quoting what it rests
// on: its kind. Not the engine's pattern id either, which can be the very
// value (k8s:cluster-admin).
func sensitiveMessage(e iam.Evidence) string {
	what := map[iam.Kind]string{
		iam.KindAdmin:                 "administrator-equivalent access",
		iam.KindWildcard:              "a wildcard grant",
		iam.KindEscalation:            "a way to escalate to administrator",
		iam.KindPermissionsManagement: "permissions management",
		iam.KindOpenTrust:             "trust open too widely",
		iam.KindSecretsRead:           "broad secrets read",
		iam.KindBroadMember:           "a grant to too wide a set of members",
	}[e.Kind]
	if what == "" {
		what = string(e.Kind)
	}
	return what + ", from a value marked sensitive (what it says is not shown)"
}

// sensitiveReason replaces a problem's reason on a sensitive node: where a
// document goes wrong would say what it holds.
const sensitiveReason = "marked sensitive: what is wrong with it is not shown"
