package rules

import (
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/graph"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
)

// lifetimeVerdict is the shared judgement behind NHI-002 and NHI-003.
type lifetimeVerdict int

const (
	lifetimeOK         lifetimeVerdict = iota
	staticNoRotation                   // NHI-002
	rotationTooSlow                    // NHI-003
	lifetimeTooLong                    // NHI-003
	lifetimeUnverified                 // NHI-003, medium
)

// judgeLifetime decides whether a node lives too long, and against what maximum.
func judgeLifetime(c *Context, n *graph.Node) (lifetimeVerdict, time.Duration) {
	max := c.Policy.MaxFor(n.Kind())
	lt, rot := n.Lifetime, n.Rotation
	if !lt.Judged || n.Disabled || len(n.BoundBy) > 0 || isCopy(c.G, n) {
		return lifetimeOK, max
	}
	if n.Class != kb.Credential && n.Class != kb.Secret && n.Class != kb.Identity {
		return lifetimeOK, max
	}
	if rot.Rotated() {
		if rot.Period > max {
			return rotationTooSlow, max
		}
		return lifetimeOK, max
	}
	if lt.Static && len(n.Entry.Lifetime.Attrs) == 0 && len(n.Entry.Lifetime.FromParent) == 0 {
		return staticNoRotation, max
	}
	if lt.Unknown {
		return lifetimeUnverified, max
	}
	if lt.Duration > max {
		return lifetimeTooLong, max
	}
	return lifetimeOK, max
}

// isCopy reports whether a node only holds a copy of another identity's
// credential (a secret version fed an access key): its lifetime and owner
// are the credential's business; the copy itself is NHI-007.
func isCopy(g *graph.Graph, n *graph.Node) bool {
	for _, f := range g.Flows {
		if f.SinkResource == n.R && f.Kind == graph.ToSecretStore {
			return true
		}
	}
	return false
}
