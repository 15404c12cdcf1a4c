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

// namedPermissions: permissions management on named resources only,
// outside the identity services ("s3:*" on one bucket and its objects;
// roles/storage.objectAdmin bound on one bucket): the workload can open
// those resources up (a bucket policy), not raise its own privilege.
var namedPermissions = severityCase("NHI-005", report.Medium,
	"the only finding is permissions management on named resources: AWS actions on named resources or under a named prefix (s3:* on one bucket), or a Google role bound on one resource that is no service account (roles/storage.objectAdmin on one bucket): it can expose those resources, not raise its own privilege")

// caseOfEvidence is the severity case a privilege finding's evidence makes,
// nil for the rule's own.
func caseOfEvidence(rule string, ev []iam.Evidence) *SeverityCase {
	if rule != "NHI-005" || len(ev) == 0 {
		return nil
	}
	for _, e := range ev {
		if e.ID == "gcp:set-iam-policy-resource" {
			continue
		}
		// Actions are its IAM, STS, Organizations or SSO actions: on a
		// named role they can still raise a principal (its own role).
		if e.ID != "aws:permissions-management" || len(e.Actions) > 0 || e.Scope != "specific resources" && e.Scope != "resources under a prefix" {
			return nil
		}
	}
	return namedPermissions
}
