package rules

import (
	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

func init() {
	register(&Rule{
		ID: "NHI-004", Slug: "admin-equivalent-grant", Category: "over_privileged", Severity: report.Critical,
		OWASP: []string{"NHI5:2025"}, NIST: []string{"PR.AA-05"},
		Title: "Admin-equivalent grant to a machine identity, effective through groups, attachments and bindings",
		Why: "A machine identity with administrator rights turns any leak of its credential, any bug in its " +
			"workload and any compromised dependency into a full account, project or cluster takeover.",
		Fix: "Grant only the actions and resources the workload uses (start from access logs or IAM Access " +
			"Analyzer / Recommender), and keep administration with people behind SSO and approval.",
		Bad: `resource "aws_iam_user_policy_attachment" "ci" {
  user       = aws_iam_user.ci.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}`,
		Good: `resource "aws_iam_role_policy" "deploy" {
  role   = aws_iam_role.deploy.id
  policy = data.aws_iam_policy_document.upload_releases.json
}`,
		Check: func(c *Context) {
			privilegeFindings(c, []iam.Kind{iam.KindAdmin}, "holds administrator-equivalent privilege")
			requestFindings(c, []iam.Kind{iam.KindAdmin}, requestedAdmin, "administrator-equivalent privilege")
			stackFindings(c, []iam.Kind{iam.KindAdmin}, "holds administrator-equivalent privilege")
		},
	})
}

var requestedAdmin = severityCase("NHI-004", report.Medium, requestedWhen)
