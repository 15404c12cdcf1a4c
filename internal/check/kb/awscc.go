package kb

import "slices"

// AWS IAM through the Cloud Control provider (hashicorp/awscc), whose
// types mirror CloudFormation's: a role, user or group carries its inline
// policies (policies[].policy_document) and managed policy ARNs itself,
// and tags are a list of {key, value} objects. Cloud Control has no
// access key type, but an aws_iam_access_key may belong to an awscc user,
// and an aws attachment may name an awscc role: the aws links name both
// providers' types (awsUser, awsRole, awsGroup, awsPolicy). Attribute
// names follow registry.terraform.io/providers/hashicorp/awscc.

const awsccDoc = "https://registry.terraform.io/providers/hashicorp/awscc/latest/docs/resources/"

// awsccUnset are the optional attributes of principals that Cloud Control
// computes when unset (kb.Entry.ComputedUnset).
var awsccUnset = []string{"policies", "managed_policy_arns", "permissions_boundary", "tags"}

// awsccPolicies are the policy attributes an awscc principal carries.
func awsccPolicies(p Privilege) Privilege {
	p.Engine = AWSPolicy
	p.Document = "policies.policy_document"
	p.PolicyRef, p.PolicyRefTypes = "managed_policy_arns", awsPolicy
	return p
}

func init() {
	register(
		Entry{
			Type: "awscc_iam_user", Class: Identity, Kind: "service_account", Provider: "aws", Doc: awsccDoc + "iam_user",
			Owner: Owner{Tags: []string{"tags"}}, ComputedUnset: slices.Concat(awsccUnset, []string{"groups"}),
			Privilege: awsccPolicies(Privilege{Boundary: "permissions_boundary",
				Groups: []Link{{Path: "groups", Types: awsGroup, By: awsGroupNames}}}),
			Alternative: "Use an IAM role assumed through OIDC federation or an instance/task role instead of an IAM user",
		},
		Entry{
			Type: "awscc_iam_role", Class: Identity, Kind: "workload_identity", Provider: "aws", Doc: awsccDoc + "iam_role",
			Owner:         Owner{Tags: []string{"tags"}, Text: []string{"description"}},
			ComputedUnset: slices.Concat(awsccUnset, []string{"description"}),
			Privilege:     awsccPolicies(Privilege{Trust: "assume_role_policy_document", Boundary: "permissions_boundary"}),
		},
		Entry{
			Type: "awscc_iam_group", Class: Group, Kind: "group", Provider: "aws", Doc: awsccDoc + "iam_group",
			Privilege:     awsccPolicies(Privilege{}),
			ComputedUnset: []string{"policies", "managed_policy_arns"},
		},
		Entry{
			// A managed policy that attaches itself to the roles, users and
			// groups it names; other principals attach it by policy_arn.
			Type: "awscc_iam_managed_policy", Class: Grant, Kind: "policy", Provider: "aws", Doc: awsccDoc + "iam_managed_policy",
			Owner:         Owner{Text: []string{"description"}},
			ComputedUnset: []string{"users", "roles", "groups", "description"},
			Privilege: Privilege{Engine: AWSPolicy, Document: "policy_document", Principals: []Link{
				{Path: "users", Types: awsUser, By: awsUserNames},
				awsRolesByName,
				{Path: "groups", Types: awsGroup, By: awsGroupNames},
			}},
			Volatile: []string{"attachment_count", "permissions_boundary_usage_count", "update_date", "default_version_id"},
		},
		Entry{
			Type: "awscc_iam_role_policy", Class: Grant, Kind: "inline_policy", Provider: "aws", Doc: awsccDoc + "iam_role_policy",
			Privilege: Privilege{Engine: AWSPolicy, Document: "policy_document",
				Principals: []Link{{Path: "role_name", Types: awsRole, By: awsRoleNames}}},
		},
		Entry{
			Type: "awscc_iam_user_policy", Class: Grant, Kind: "inline_policy", Provider: "aws", Doc: awsccDoc + "iam_user_policy",
			Privilege: Privilege{Engine: AWSPolicy, Document: "policy_document",
				Principals: []Link{{Path: "user_name", Types: awsUser, By: awsUserNames}}},
		},
		Entry{
			Type: "awscc_iam_group_policy", Class: Grant, Kind: "inline_policy", Provider: "aws", Doc: awsccDoc + "iam_group_policy",
			Privilege: Privilege{Engine: AWSPolicy, Document: "policy_document",
				Principals: []Link{{Path: "group_name", Types: awsGroup, By: awsGroupNames}}},
		},
	)
}
