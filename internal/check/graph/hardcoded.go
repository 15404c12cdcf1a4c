package graph

import (
	"slices"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// HardCoded is a resource whose secret is written into the configuration
// as a literal (a password, a secret's value), in its block or in what
// sets the input variable it reads. The loader dropped the literal
// (plan.SecretLiteral); only where it was remains.
//
// Provider blocks' credentials are dropped too, and reported from the
// plan's ProviderCredentials when they have the form of a live one (plans
// made for tests hold placeholders there).
type HardCoded struct {
	Node *Node
	// Attrs are the attributes holding literals, in knowledge-base order.
	Attrs []string
	// Via say, for each attribute, where the literal is written when not
	// in the resource's block: "the default of var.db_password", "the
	// argument password of module.db"; "" otherwise.
	Via []string
}

// resolveHardCoded finds the HardCoded secrets of the world. A literal
// exists before the plan when the resource had that very value (the same
// keyed hash), so a plan that leaves a hard-coded password alone does not
// introduce it.
func (g *Graph) resolveHardCoded() {
	for _, n := range g.Nodes {
		if n.R.Config == nil || n.R.Mode != "managed" || len(n.Entry.SecretAttrs) == 0 || !holdsSecrets(n) {
			continue
		}
		var attrs, via []string
		for _, attr := range n.Entry.SecretAttrs {
			if !n.Entry.Reveals(attr) {
				continue
			}
			lit, where, ok := g.Plan.SecretLiteral(n.R, attr)
			if !ok {
				continue
			}
			// The literal is what the resource holds in this world, unless
			// the value says otherwise: before the plan, the resource had
			// it only if its value hashes the same; after, a known other
			// value means the literal is not applied (ignore_changes on a
			// placeholder the secret was created with).
			held, known := n.Values[attr].(value.Secret)
			if g.Opts.World == Before && (!known || held != lit) || g.Opts.World == After && known && held != lit {
				continue
			}
			attrs, via = append(attrs, attr), append(via, where)
		}
		if len(attrs) > 0 {
			g.HardCoded = append(g.HardCoded, &HardCoded{Node: n, Attrs: attrs, Via: via})
		}
	}
}

// holdsSecrets reports whether the node's secret attributes hold a secret
// in this world: an SSM parameter's value only when it is a SecureString,
// a CI variable's only when a guard (sensitive, masked) says so.
func holdsSecrets(n *Node) bool {
	e := n.Entry
	if e.SecretWhen != nil && !matches(n.Values, *e.SecretWhen) {
		return false
	}
	if len(e.Guards) == 0 {
		return true
	}
	return slices.ContainsFunc(e.Guards, func(guard string) bool {
		return matches(n.Values, kb.Condition{Path: guard, Contains: "true"})
	})
}
