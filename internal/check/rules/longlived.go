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
	lt, rot := effectiveLifetime(n), n.Rotation
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
		// How often is known only after apply: what the credential's own
		// lifetime bounds is fine; past it, the rotation is unverified.
		if rot.Period == 0 && rot.PeriodUnknown != "" && (lt.Unknown || lt.Duration > max) {
			return rotationUnverified, max
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
func isCopy(g *graph.Graph, n *graph.Node) bool { return g.HoldsCopy(n.R) }

// effectiveLifetime is n.Lifetime, except for a lifetime attribute the
// provider computes when it is left unset (azuread_application_password
// end_date: "if omitted, the API will decide", about two years): it is
// unknown in every plan that does not set it, which is not "cannot tell".
// When the configuration has no expression for any of the type's lifetime
// attributes, nothing was set and the type's default applies.
func effectiveLifetime(n *graph.Node) graph.Lifetime {
	lt := n.Lifetime
	spec := n.Entry.Lifetime
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
