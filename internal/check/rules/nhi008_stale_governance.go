package rules

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/graph"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
	"github.com/nhiguard/terraform-provider-nhi/internal/nhi"
)

// governanceOverdue: a due date passed, the identity itself still valid.
var governanceOverdue = severityCase("NHI-008", report.Medium,
	"the rotation or review of a declared identity is overdue (an expired identity or exception stays high)")

func init() {
	register(&Rule{
		ID: "NHI-008", Slug: "stale-governance", Category: "stale_governance", Severity: report.High,
		OWASP: []string{"NHI1:2025"}, NIST: []string{"ID.RA-07", "PR.AA-01"},
		Title: "Expired exception or identity, overdue review or rotation (willful neglect)",
		Why: "A waiver past its date, an identity past its contract, a rotation everyone knows is overdue: " +
			"the risk is known and nobody acts. That is the failure auditors call willful neglect.",
		Fix: "Fix what the exception waived and remove it, or renew it with a new reason, approver and date; " +
			"rotate or retire the identity; record the review (last_reviewed_at).",
		Bad: `resource "nhi_exception" "legacy" {
  rules       = ["NHI-002"]
  resources   = ["aws_iam_access_key.legacy"]
  reason      = "migration to OIDC"
  approved_by = "security-lead@example.com"
  expires_at  = "2024-01-31T00:00:00Z"
}`,
		Good: `# Renewed after review, with a new reason, approver, ticket and date
# (or better: the key migrated to OIDC and the exception removed).
resource "nhi_exception" "legacy" {
  rules       = ["NHI-002"]
  resources   = ["aws_iam_access_key.legacy"]
  reason      = "runner upgrade moved to Q2; OIDC after that"
  approved_by = "security-lead@example.com"
  ticket      = "SEC-1234"
  expires_at  = "2027-03-31T00:00:00Z"
}`,
		Check: checkStaleGovernance,
	})
}

func checkStaleGovernance(c *Context) {
	now := c.G.Opts.Now
	date := func(t interface{ Format(string) string }) string { return t.Format("2006-01-02") }
	for _, n := range c.G.Exceptions {
		d := n.Declaration
		if d.ExpiresAt.IsZero() || !nhi.Expired(d.ExpiresAt, now) {
			continue
		}
		days := nhi.DaysOverdue(d.ExpiresAt, now)
		msg := fmt.Sprintf("%s expired on %s (%s ago) and no longer waives %s on %s", n.Address(), date(d.ExpiresAt), nhi.PluralDays(days), strings.Join(d.Rules, ", "), strings.Join(d.Resources, ", "))
		if d.Renewals > 0 {
			msg += fmt.Sprintf("; it was already renewed %s", report.Plural(d.Renewals, "time", "times"))
		}
		c.Report(Finding{TimeDriven: true, Node: n, Related: d.Resources, Message: msg})
	}
	for _, n := range c.G.Identities {
		d := n.Declaration
		related := coveredBy(c, n.Address())
		if !d.ExpiresAt.IsZero() && nhi.Expired(d.ExpiresAt, now) {
			days := nhi.DaysOverdue(d.ExpiresAt, now)
			c.Report(Finding{TimeDriven: true, Node: n, Related: related,
				Message:     fmt.Sprintf("%s (%s, owner %s) expired on %s, %s ago, and its credentials are still declared", n.Address(), d.Name, ownerOr(d.Owner), date(d.ExpiresAt), nhi.PluralDays(days)),
				Remediation: "Retire the identity and its credentials, or extend expires_at with the contract or integration that justifies it.",
			})
		}
		due := d.RotationDueAt
		if period := cmp.Or(d.RotationDays, d.MaxLifetimeDays); due.IsZero() && !d.RotatedAt.IsZero() && period > 0 {
			due = nhi.RotationDueAt(d.RotatedAt, period)
		}
		if !due.IsZero() && nhi.IsDue(due, now) && !rotates(n) {
			days := nhi.DaysOverdue(due, now)
			c.Report(Finding{TimeDriven: true, Node: n, Case: governanceOverdue, Related: related,
				Message:     fmt.Sprintf("rotation of %s (owner %s) was due on %s and is %s overdue", n.Address(), ownerOr(d.Owner), date(due), nhi.PluralDays(days)),
				Remediation: "Apply a plan that rotates it: credentials with replace_triggered_by = [" + n.Address() + ".rotation_trigger] are replaced when rotation is due.",
			})
		}
		rdue := d.ReviewDueAt
		if rdue.IsZero() && !d.LastReviewedAt.IsZero() && d.ReviewEveryDays > 0 {
			rdue = nhi.ReviewDueAt(d.LastReviewedAt, d.ReviewEveryDays)
		}
		if !rdue.IsZero() && nhi.IsDue(rdue, now) {
			days := nhi.DaysOverdue(rdue, now)
			c.Report(Finding{TimeDriven: true, Node: n, Case: governanceOverdue, Related: related,
				Message:     fmt.Sprintf("review of %s (owner %s) was due on %s and is %s overdue", n.Address(), ownerOr(d.Owner), date(rdue), nhi.PluralDays(days)),
				Remediation: "Review the identity's purpose, owner and privilege, then set last_reviewed_at.",
			})
		}
	}
	for _, e := range c.Policy.Exceptions {
		if !e.Expired(now) {
			continue
		}
		days := nhi.DaysOverdue(e.ExpiresAt, now)
		c.Report(Finding{TimeDriven: true, Address: e.ID, ResourceType: "exception", Action: "no-op", Related: e.Resources,
			Message: fmt.Sprintf("exception %s (%s) expired on %s, %s ago, and no longer waives %s on %s", e.ID, e.Reason, date(e.ExpiresAt), nhi.PluralDays(days), strings.Join(e.Rules, ", "), strings.Join(e.Resources, ", ")),
		})
	}
}

// rotates reports whether the plan rotates an identity: its
// rotation_trigger changes (or is known only after apply). Any other
// update of it leaves an overdue rotation overdue.
func rotates(n *graph.Node) bool {
	if n.R.Action != plan.Update && n.R.Action != plan.Replace {
		return false
	}
	before, after := n.R.Before["rotation_trigger"], n.R.After["rotation_trigger"]
	_, unknown := after.(value.Unknown)
	return unknown || before != after
}

func ownerOr(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// coveredBy lists the credentials an identity covers.
func coveredBy(c *Context, identity string) []string {
	return c.G.CoveredBy(identity)
}
