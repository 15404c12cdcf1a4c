package rules

import (
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

func init() {
	register(&Rule{
		ID: "NHI-009", Slug: "identity-drift", Category: "drift", Severity: report.Medium,
		OWASP: []string{"NHI1:2025"}, NIST: []string{"DE.CM-09", "ID.AM-08"},
		Title: "Machine identity or grant changed outside Terraform",
		Why: "A key created or a policy widened by hand is the gap between what governance records say and " +
			"what the estate does. Terraform reports it as drift; nobody reviewed it.",
		Fix: "Find who changed it and why; bring the change into code (and review it) or let this plan revert it.",
		Bad: `# aws iam attach-user-policy --user-name ci --policy-arn arn:aws:iam::aws:policy/AdministratorAccess`,
		Good: `# Every grant to a machine identity is declared here and reviewed in a pull request.
resource "aws_iam_user_policy_attachment" "ci" {
  user       = aws_iam_user.ci.name
  policy_arn = aws_iam_policy.deploy_artifacts.arn
}`,
		Check: checkDrift,
	})
}

func checkDrift(c *Context) {
	for _, d := range c.G.Plan.Drift {
		e := kb.Lookup(d.Type)
		if e == nil {
			continue
		}
		switch e.Class {
		case kb.Identity, kb.Credential, kb.Grant, kb.Policy, kb.Group, kb.Trust:
		default:
			continue
		}
		what := "changed"
		switch {
		case d.After == nil:
			what = "deleted"
		case d.Before == nil:
			what = "created"
		}
		action := "no-op"
		if r := c.G.Plan.Resource(d.Address); r != nil {
			action = string(r.Action)
		}
		c.Report(Finding{Address: d.Address, ResourceType: d.Type, Action: action,
			Message: d.Address + " (" + e.Class.String() + ") was " + what + " outside Terraform since the last apply",
		})
	}
}
