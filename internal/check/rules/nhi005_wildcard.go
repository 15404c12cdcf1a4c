package rules

import (
	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

func init() {
	register(&Rule{
		ID: "NHI-005", Slug: "wildcard-or-escalation", Category: "over_privileged", Severity: report.High,
		OWASP: []string{"NHI5:2025"}, NIST: []string{"PR.AA-05"},
		Title: "Wildcard or escalation-capable permissions (iam:PassRole on *, setIamPolicy, ...)",
		Why: "Service-wide wildcards on every resource grant far more than any workload uses, and escalation " +
			"paths (passing a role to new compute, creating keys for others, editing policies) turn limited " +
			"rights into administrator rights in a few API calls.",
		Fix: "Name the actions and the resources (ARNs, buckets, namespaces); scope iam:PassRole to one role " +
			"with an iam:PassedToService condition; keep policy and key administration away from workloads.",
		Bad: `statement {
  actions   = ["s3:*"]
  resources = ["*"]
}`,
		Good: `statement {
  actions   = ["s3:GetObject"]
  resources = ["${aws_s3_bucket.artifacts.arn}/releases/*"]
}`,
		Check: func(c *Context) {
			kinds := []iam.Kind{iam.KindWildcard, iam.KindEscalation, iam.KindPermissionsManagement, iam.KindSecretsRead, iam.KindBroadMember}
			privilegeFindings(c, kinds, "holds wildcard or escalation-capable permissions")
			requestFindings(c, kinds, requestedWildcard, "wildcard or escalation-capable permissions")
			stackFindings(c, kinds, "holds wildcard or escalation-capable permissions")
		},
	})
}

var requestedWildcard = severityCase("NHI-005", report.Medium, requestedWhen)
