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
	rotationUnverified                 // NHI-003, medium: rotated, how often unknown
)

// judgeLifetime decides whether a node lives too long, and against what maximum.
func judgeLifetime(c *Context, n *graph.Node) (lifetimeVerdict, time.Duration) {
	max := c.Policy.MaxFor(n.Kind())
	if len(n.BoundBy) > 0 || isCopy(c.G, n) {
		return lifetimeOK, max
	}
	if n.Class != kb.Credential && n.Class != kb.Secret && n.Class != kb.Identity {
		return lifetimeOK, max
	}
	return judge(effectiveLifetime(n), n.Entry.Lifetime, n, max), max
}

// judgeInline is judgeLifetime for the credential a node makes in a block
// of its own (kb.Entry.Inline), which its owner's replacement rotates.
func judgeInline(c *Context, n *graph.Node) (lifetimeVerdict, graph.Lifetime, time.Duration) {
	in := n.Entry.Inline
	max := c.Policy.MaxFor(in.Kind)
	lt := defaulted(n, n.InlineLifetime, in.Lifetime)
	return judge(lt, in.Lifetime, n, max), lt, max
}

// judge is the verdict on a lifetime read by spec, for a credential of n
// (rotated as n is).
func judge(lt graph.Lifetime, spec kb.Lifetime, n *graph.Node, max time.Duration) lifetimeVerdict {
	rot := n.Rotation
	if !lt.Judged || n.Disabled {
		return lifetimeOK
	}
	if rot.Rotated() {
		if rot.Period > max {
			return rotationTooSlow
		}
		// How often is known only after apply: what the credential's own
		// lifetime bounds is fine; past it, the rotation is unverified.
		if rot.Period == 0 && rot.PeriodUnknown != "" && (lt.Unknown || lt.Duration > max) {
			return rotationUnverified
		}
		return lifetimeOK
	}
	if lt.Static && !lt.Settable && len(spec.FromParent) == 0 {
		return staticNoRotation
	}
	if lt.Unknown {
		return lifetimeUnverified
	}
	if lt.Duration > max {
		return lifetimeTooLong
	}
	return lifetimeOK
}

// isCopy reports whether a node only holds a copy of another identity's
// credential (a secret version fed an access key): its lifetime and owner
// are the credential's business; the copy itself is NHI-007.
func isCopy(g *graph.Graph, n *graph.Node) bool { return g.HoldsCopy(n.R) }

// effectiveLifetime is n.Lifetime, except for a lifetime attribute the
// provider computes when it is left unset (azuread_application_password
// end_date: "if omitted, the API will decide", about two years): it is
// unknown in every plan that does not set it, which is not "cannot tell".
// When the configuration has no expression for any of the type's lifetime
// attributes, nothing was set and the type's default applies.
func effectiveLifetime(n *graph.Node) graph.Lifetime {
	return defaulted(n, n.Lifetime, n.Entry.Lifetime)
}

// defaulted is lt, read from n by spec, with the default for lifetime
// attributes the provider computes when left unset (effectiveLifetime).
func defaulted(n *graph.Node, lt graph.Lifetime, spec kb.Lifetime) graph.Lifetime {
	if !lt.Unknown || spec.Default == 0 || n.R.Config == nil {
		return lt
	}
	named := false
	for _, a := range spec.Attrs {
		if n.R.Configures(kb.SplitPath(a.Path)...) {
			return lt
		}
		named = named || lt.UnknownRef == a.Path
	}
	if !named {
		// Unknown through a reference, or a parent outside the plan.
		return lt
	}
	lt.Unknown, lt.UnknownRef = false, ""
	lt.Duration, lt.Source = spec.Default, "default"
	return lt
}
