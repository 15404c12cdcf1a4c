package rules

import (
	"fmt"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/graph"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

var (
	// lifetimeUnknown: a lifetime only known after apply.
	lifetimeUnknown = severityCase("NHI-003", report.Medium,
		"the lifetime is only known after apply and nothing rotates the credential, so it could not be checked against the maximum")
	// rotationUnknown: a rotation whose period is only known after apply.
	rotationUnknown = severityCase("NHI-003", report.Medium,
		"a rotation is configured, but how often it rotates is only known after apply, so it could not be checked against the maximum")
)

func init() {
	register(&Rule{
		ID: "NHI-003", Slug: "lifetime-beyond-policy", Category: "long_lived", Severity: report.High,
		OWASP: []string{"NHI7:2025"}, NIST: []string{"PR.AA-01", "PR.AA-05"},
		Title: "Expiry, validity or TTL beyond the policy maximum (or none at all)",
		Why: "A credential that stays valid for years outlives the people, contracts and systems that " +
			"justified it. Short lifetimes bound the damage of a leak without anyone having to notice it.",
		Fix: "Set the lifetime attribute (end date, validity, TTL) within the policy maximum, and rotate " +
			"before it ends (time_rotating or nhi_identity.rotation_trigger).",
		Bad: `resource "tls_self_signed_cert" "ca" {
  validity_period_hours = 87600
}`,
		Good: `resource "tls_self_signed_cert" "api" {
  validity_period_hours = 720
  early_renewal_hours   = 168
}`,
		Check: checkLifetime,
	})
}

func checkLifetime(c *Context) {
	type slow struct {
		targets []string
		period  time.Duration
	}
	slowRotators := map[*graph.Node]*slow{}
	for _, n := range managed(c.G) {
		v, max := judgeLifetime(c, n)
		lt, rot := effectiveLifetime(n), n.Rotation
		switch v {
		case rotationTooSlow:
			by := "it"
			related := parentAddrs(n)
			if rot.By != nil {
				by = rot.By.Address()
				related = append(related, by)
				if rot.By.Class == kb.Rotator || rot.By.Entry.Rotates != nil {
					if slowRotators[rot.By] == nil {
						slowRotators[rot.By] = &slow{period: rot.Period}
					}
					slowRotators[rot.By].targets = append(slowRotators[rot.By].targets, n.Address())
				}
			}
			c.Report(Finding{Node: n, Related: related,
				Message: n.Address() + " is rotated only every " + graph.FormatDuration(rot.Period) + " (by " + by + "), beyond the policy maximum of " + graph.FormatDuration(max),
			})
		case lifetimeTooLong:
			msg := n.Address() + " " + validity(lt.Duration) + " (" + lt.Source + ")" + ", beyond the policy maximum of " + graph.FormatDuration(max) + ", and nothing rotates it"
			if issued := n.Entry.Lifetime.Issued; issued != "" {
				what := "issues " + issued + " valid for " + lifetimeText(lt.Duration)
				if lt.Duration >= kb.Forever {
					what = "issues " + issued + " that never expire"
				}
				msg = n.Address() + " " + what + " (" + lt.Source + "), beyond the policy maximum of " + graph.FormatDuration(max)
			}
			if rot.Unverified && n.Entry.Lifetime.Issued == "" {
				// Replacing an issuer does not end what it issued.
				msg += unverifiedNote
			}
			c.Report(Finding{Node: n, Related: parentAddrs(n), Attribute: lt.Source, Message: msg})
		case lifetimeUnverified:
			msg := n.Address() + " has a lifetime that is only known after apply (" + lt.UnknownRef + ") and nothing rotates it, so it could not be checked against the policy maximum of " + graph.FormatDuration(max)
			if issued := n.Entry.Lifetime.Issued; issued != "" {
				msg = n.Address() + " issues " + issued + " whose lifetime is only known after apply (" + lt.UnknownRef + "), so it could not be checked against the policy maximum of " + graph.FormatDuration(max)
			}
			c.Report(Finding{Node: n, Case: lifetimeUnknown, Related: parentAddrs(n), Message: msg})
		case rotationUnverified:
			related := parentAddrs(n)
			by := "a rotation"
			if rot.By != nil {
				by = rot.By.Address()
				related = append(related, by)
			}
			c.Report(Finding{Node: n, Case: rotationUnknown, Related: related,
				Message: n.Address() + " is rotated by " + by + ", but how often is only known after apply (" + rot.PeriodUnknown +
					"), so it could not be checked against the policy maximum of " + graph.FormatDuration(max),
			})
		}
	}
	// The tokens an identity's login yields, where its own lifetime is
	// another credential's (an AppRole's secret ids).
	for _, n := range managed(c.G) {
		lt, max := n.TokenLifetime, c.Policy.MaxFor("token")
		if !lt.Judged || lt.Unknown || n.Disabled || lt.Duration <= max {
			continue
		}
		what := "issues tokens valid for " + lifetimeText(lt.Duration)
		if lt.Duration >= kb.Forever {
			what = "issues tokens that never expire"
		}
		c.Report(Finding{Node: n, Facet: "tokens", Attribute: lt.Source,
			Message: n.Address() + " " + what + " (" + lt.Source + "), beyond the policy maximum of " + graph.FormatDuration(max)})
	}
	// The credential a resource makes in a block of its own (an Entra
	// application's password block).
	for _, n := range managed(c.G) {
		in := n.Entry.Inline
		if in == nil || !n.InlineLifetime.Judged {
			continue
		}
		v, lt, max := judgeInline(c, n)
		what := n.Address() + "'s " + in.What + " (its " + in.Block + " block)"
		f := Finding{Node: n, Facet: in.Block, Related: parentAddrs(n),
			Remediation: "Set " + in.Lifetime.Attrs[0].Path + " within the policy maximum, or make the " + in.What + " a resource of its own that a rotation replaces (" + in.Rotated + "); better, federate."}
		switch v {
		case lifetimeTooLong:
			f.Attribute = lt.Source
			f.Message = what + " " + validity(lt.Duration) + " (" + lt.Source + "), beyond the policy maximum of " + graph.FormatDuration(max) + ", and nothing rotates it"
			if n.Rotation.Unverified {
				f.Message += unverifiedNote
			}
		case lifetimeUnverified:
			f.Case = lifetimeUnknown
			f.Message = what + " has a lifetime that is only known after apply (" + lt.UnknownRef + ") and nothing rotates it, so it could not be checked against the policy maximum of " + graph.FormatDuration(max)
		case rotationTooSlow:
			f.Message = what + " is rotated only every " + graph.FormatDuration(n.Rotation.Period) + ", beyond the policy maximum of " + graph.FormatDuration(max)
		case rotationUnverified:
			f.Case = rotationUnknown
			f.Message = what + " is rotated, but how often is only known after apply (" + n.Rotation.PeriodUnknown + "), so it could not be checked against the policy maximum of " + graph.FormatDuration(max)
		default:
			continue
		}
		c.Report(f)
	}
	// The rotator that sets a too-slow schedule is where the fix goes.
	for r, s := range slowRotators {
		if r.R.Mode != "managed" {
			continue
		}
		c.Report(Finding{Node: r, Related: s.targets,
			Message: r.Address() + " rotates " + report.Plural(len(s.targets), "credential", "credentials") + " only every " + graph.FormatDuration(s.period) + ", beyond the policy maximum",
		})
	}
}

// validity says how long a credential is valid: "is valid for 2 years",
// "never expires".
func validity(d time.Duration) string {
	if d >= kb.Forever {
		return "never expires"
	}
	return "is valid for " + lifetimeText(d)
}

// lifetimeText renders a lifetime read from an end date: "about 72 years"
// rather than "26335.1 days". Whole values keep graph.FormatDuration's
// wording.
func lifetimeText(d time.Duration) string {
	year := 365 * kb.Day
	switch {
	case d >= kb.Forever || d < 2*kb.Day:
		return graph.FormatDuration(d)
	case d >= 2*year && d%year != 0:
		return fmt.Sprintf("about %d years", (d+year/2)/year)
	case d%kb.Day != 0:
		return fmt.Sprintf("about %d days", (d+kb.Day/2)/kb.Day)
	}
	return graph.FormatDuration(d)
}
