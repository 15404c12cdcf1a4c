package rules

import (
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

func init() {
	register(&Rule{
		ID: "NHI-002", Slug: "static-secret-not-rotated", Category: "long_lived", Severity: report.High,
		OWASP: []string{"NHI7:2025"}, NIST: []string{"PR.AA-01", "PR.AA-05"},
		Title: "Static secret with no rotation mechanism",
		Why: "A static key lives until someone replaces it. Leaked keys are used for years; the longer a " +
			"secret lives, the more copies of it exist in laptops, CI logs and backups.",
		Fix: "Rotate it from the plan: lifecycle { replace_triggered_by = [nhi_identity.x.rotation_trigger] } " +
			"(or a time_rotating, or keepers / rotate_when_changed tied to one), or remove the secret in favour of federation.",
		Bad: `resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}`,
		Good: `resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
  lifecycle {
    create_before_destroy = true
    replace_triggered_by  = [nhi_identity.ci.rotation_trigger]
  }
}`,
		Check: checkStaticSecret,
	})
}

func checkStaticSecret(c *Context) {
	for _, n := range managed(c.G) {
		v, _ := judgeLifetime(c, n)
		if v != staticNoRotation {
			continue
		}
		msg := n.Address() + " is a static " + n.Kind() + " that never expires, and nothing in the configuration rotates it"
		if n.Rotation.Unverified {
			msg += unverifiedNote
		}
		if alt := n.Alternative(); alt != "" {
			msg += ". " + alt
		}
		c.Report(Finding{Node: n, Related: parentAddrs(n), Message: msg, Remediation: n.Entry.Rotate})
	}
	for _, p := range c.G.Provisioned {
		c.Report(Finding{
			Address: p.R.Address, ResourceType: p.R.Type, Action: p.R.ActionLabel(),
			Message: p.R.Address + " makes " + p.Command.What + " in a provisioner (`" + p.Call + "`): a static credential the plan does not show, " +
				"which no owner, lifetime or rotation in the configuration governs",
			Remediation: "Declare the credential as a resource (" + p.Command.Declare + "), which the plan shows and the gate judges (owner, rotation, privilege), or federate instead of making a static credential.",
		})
	}
	for _, s := range c.G.Stacks {
		if !s.Credential || s.Stack.R.Mode != "managed" {
			continue
		}
		c.Report(Finding{Node: s.Stack,
			Message: s.Stack.Address() + " makes a static access key in its CloudFormation template (" + s.Type + " " + s.LogicalID + "): " +
				"a credential the plan does not show, which no owner, lifetime or rotation in the configuration governs",
			Remediation: "Declare the key as a resource (aws_iam_access_key), which the plan shows and the gate judges (owner, rotation, privilege), or have the workload assume a role instead of holding a key.",
		})
	}
}
