package graph

import (
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
)

// FlowKind says where a secret went.
type FlowKind string

const (
	// ToOutput: a root module output; readable by anyone who can run
	// `terraform output` or read state, whatever its sensitive flag says.
	ToOutput FlowKind = "output"
	// ToCISecret: another system's CI secret or variable.
	ToCISecret FlowKind = "ci_secret"
	// ToSecretStore: a copy of a credential in a secret store.
	ToSecretStore FlowKind = "secret_store"
	// ToPlainText: tags, labels, user data, descriptions: stored and shown in clear.
	ToPlainText FlowKind = "plain_text"
)

// Flow is a secret value leaving the resource that issues it.
type Flow struct {
	Source *Node
	// Attr is the secret attribute read (empty when the whole object is).
	Attr string
	Kind FlowKind
	// Sink is the receiving address: output.NAME or a resource address.
	Sink string
	// SinkType is the receiving resource type, or "output".
	SinkType string
	// SinkAttr is the receiving attribute.
	SinkAttr string
	// SinkResource is nil for outputs.
	SinkResource *plan.Resource
	// Via lists module outputs and variables the value passed through.
	Via []string
}

func (g *Graph) resolveFlows() {
	isSecretRead := func(n *Node, l plan.Link) (string, bool) {
		attr := firstAttr(l)
		if attr == "" {
			return "", !l.Whole
		}
		return attr, containsStr(n.Entry.SecretAttrs, attr)
	}
	for _, o := range g.Plan.Outputs {
		if o.Action == plan.Delete {
			continue
		}
		for _, l := range g.Plan.OutputLinks(o) {
			n := g.nodeOf(l.Target)
			if n == nil || len(n.Entry.SecretAttrs) == 0 {
				continue
			}
			attr, ok := isSecretRead(n, l)
			if !ok || (l.Whole && !o.Sensitive) {
				// A non-sensitive output cannot carry a sensitive value
				// (Terraform refuses it), so a whole-module reference in
				// one does not read the module's secret outputs.
				continue
			}
			g.Flows = append(g.Flows, &Flow{Source: n, Attr: attr, Kind: ToOutput, Sink: o.Address, SinkType: "output", SinkAttr: "value", Via: l.Via})
		}
	}
	for _, r := range g.Plan.Resources {
		if worldValues(r, g.Opts.World) == nil || r.Config == nil || r.Mode != "managed" {
			continue
		}
		sinkNode := g.nodeOf(r)
		for attr, links := range g.edgesFrom(r) {
			for _, l := range links {
				n := g.nodeOf(l.Target)
				if n == nil || n == sinkNode || len(n.Entry.SecretAttrs) == 0 {
					continue
				}
				secretAttr, ok := isSecretRead(n, l)
				if !ok {
					continue
				}
				kind, ok := flowKind(sinkNode, r.Type, attr, n)
				if !ok {
					continue
				}
				g.Flows = append(g.Flows, &Flow{Source: n, Attr: secretAttr, Kind: kind, Sink: r.Address, SinkType: r.Type, SinkAttr: attr, SinkResource: r, Via: l.Via})
			}
		}
	}
}

// flowKind decides whether a secret reaching a resource attribute is exposure.
func flowKind(sink *Node, sinkType, attr string, src *Node) (FlowKind, bool) {
	if sink != nil && containsStr(sink.Entry.SinkAttrs, attr) {
		if !src.Entry.CredentialSecret {
			// A generated secret stored where it is meant to live.
			return "", false
		}
		if sink.Class == kb.Sink {
			return ToCISecret, true
		}
		return ToSecretStore, true
	}
	if kb.IsPlainText(sinkType, attr) {
		return ToPlainText, true
	}
	return "", false
}

// FlowsFrom returns the flows leaving a node.
func (g *Graph) FlowsFrom(n *Node) []*Flow {
	var out []*Flow
	for _, f := range g.Flows {
		if f.Source == n {
			out = append(out, f)
		}
	}
	return out
}
