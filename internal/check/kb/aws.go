package kb

// AWS IAM, STS federation and Secrets Manager. Attribute names follow the
// hashicorp/aws provider documentation (registry.terraform.io/providers/hashicorp/aws).

const awsDoc = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/"

var awsTags = Owner{Tags: []string{"tags", "tags_all"}}

var (
	awsUser  = []string{"aws_iam_user"}
	awsRole  = []string{"aws_iam_role"}
	awsGroup = []string{"aws_iam_group"}
	awsOIDC  = "Federate with OIDC (GitHub Actions, GitLab, Terraform Cloud) or use an IAM role for the workload instead of a static key"
)

func init() {
	register(
		Entry{
			Type: "aws_iam_user", Class: Identity, Kind: "service_account", Provider: "aws", Doc: awsDoc + "iam_user",
			Owner:       awsTags,
			Privilege:   Privilege{Engine: AWSPolicy, Boundary: "permissions_boundary"},
			Alternative: "Use an IAM role assumed through OIDC federation or an instance/task role instead of an IAM user",
		},
		Entry{
			Type: "aws_iam_role", Class: Identity, Kind: "workload_identity", Provider: "aws", Doc: awsDoc + "iam_role",
			Owner: awsTags,
			Privilege: Privilege{
				Engine: AWSPolicy, Trust: "assume_role_policy", Boundary: "permissions_boundary",
				// Deprecated inline forms on the role itself.
				Document: "inline_policy.policy", PolicyRef: "managed_policy_arns", PolicyRefTypes: []string{"aws_iam_policy"},
			},
		},
		Entry{
			Type: "aws_iam_group", Class: Group, Kind: "group", Provider: "aws", Doc: awsDoc + "iam_group",
			Privilege: Privilege{Engine: AWSPolicy},
		},
		Entry{
			Type: "aws_iam_access_key", Class: Credential, Kind: "access_key", Provider: "aws", Doc: awsDoc + "iam_access_key",
			Parents:          []Link{{Path: "user", Types: awsUser, By: []string{"name"}}},
			Lifetime:         Lifetime{Static: true, Default: Forever},
			SecretAttrs:      []string{"secret", "ses_smtp_password_v4", "encrypted_secret", "encrypted_ses_smtp_password_v4"},
			CredentialSecret: true,
			Alternative:      awsOIDC,
		},
		Entry{
			Type: "aws_iam_service_specific_credential", Class: Credential, Kind: "password", Provider: "aws", Doc: awsDoc + "iam_service_specific_credential",
			Parents:          []Link{{Path: "user_name", Types: awsUser, By: []string{"name"}}},
			Lifetime:         Lifetime{Static: true, Default: Forever},
			SecretAttrs:      []string{"service_password", "service_credential_secret"},
			CredentialSecret: true,
			Alternative:      "Use IAM authentication with temporary credentials (git-remote-codecommit, Keyspaces SigV4 plugin) instead of a service-specific password",
		},
		Entry{
			Type: "aws_iam_signing_certificate", Class: Credential, Kind: "certificate", Provider: "aws", Doc: awsDoc + "iam_signing_certificate",
			Parents:  []Link{{Path: "user_name", Types: awsUser, By: []string{"name"}}},
			Lifetime: Lifetime{Static: true, Default: Forever},
		},
		Entry{
			Type: "aws_iam_user_ssh_key", Class: Credential, Kind: "ssh_key", Provider: "aws", Doc: awsDoc + "iam_user_ssh_key",
			Parents:  []Link{{Path: "username", Types: awsUser, By: []string{"name"}}, {Path: "public_key", Types: []string{"tls_private_key"}, Material: true}},
			Lifetime: Lifetime{Static: true, Default: Forever},
		},
		Entry{
			Type: "aws_iam_user_login_profile", Class: Credential, Kind: "password", Provider: "aws", Doc: awsDoc + "iam_user_login_profile",
			Parents:     []Link{{Path: "user", Types: awsUser, By: []string{"name"}}},
			Human:       true,
			SecretAttrs: []string{"password", "encrypted_password"},
		},
		Entry{
			Type: "aws_iam_openid_connect_provider", Class: Trust, Kind: "workload_identity", Provider: "aws", Doc: awsDoc + "iam_openid_connect_provider",
			Owner: awsTags,
		},
		Entry{
			Type: "aws_iam_policy", Class: Policy, Kind: "policy", Provider: "aws", Doc: awsDoc + "iam_policy",
			Privilege: Privilege{Engine: AWSPolicy, Document: "policy"},
		},
		Entry{
			Type: "aws_iam_user_policy", Class: Grant, Kind: "inline_policy", Provider: "aws", Doc: awsDoc + "iam_user_policy",
			Privilege: Privilege{Engine: AWSPolicy, Document: "policy", Principals: []Link{{Path: "user", Types: awsUser, By: []string{"name"}}}},
		},
		Entry{
			Type: "aws_iam_role_policy", Class: Grant, Kind: "inline_policy", Provider: "aws", Doc: awsDoc + "iam_role_policy",
			Privilege: Privilege{Engine: AWSPolicy, Document: "policy", Principals: []Link{{Path: "role", Types: awsRole, By: []string{"name", "id"}}}},
		},
		Entry{
			Type: "aws_iam_group_policy", Class: Grant, Kind: "inline_policy", Provider: "aws", Doc: awsDoc + "iam_group_policy",
			Privilege: Privilege{Engine: AWSPolicy, Document: "policy", Principals: []Link{{Path: "group", Types: awsGroup, By: []string{"name", "id"}}}},
		},
		Entry{
			Type: "aws_iam_user_policy_attachment", Class: Grant, Kind: "policy_attachment", Provider: "aws", Doc: awsDoc + "iam_user_policy_attachment",
			Privilege: Privilege{Engine: AWSPolicy, PolicyRef: "policy_arn", PolicyRefTypes: []string{"aws_iam_policy"},
				Principals: []Link{{Path: "user", Types: awsUser, By: []string{"name"}}}},
		},
		Entry{
			Type: "aws_iam_role_policy_attachment", Class: Grant, Kind: "policy_attachment", Provider: "aws", Doc: awsDoc + "iam_role_policy_attachment",
			Privilege: Privilege{Engine: AWSPolicy, PolicyRef: "policy_arn", PolicyRefTypes: []string{"aws_iam_policy"},
				Principals: []Link{{Path: "role", Types: awsRole, By: []string{"name", "id"}}}},
		},
		Entry{
			Type: "aws_iam_group_policy_attachment", Class: Grant, Kind: "policy_attachment", Provider: "aws", Doc: awsDoc + "iam_group_policy_attachment",
			Privilege: Privilege{Engine: AWSPolicy, PolicyRef: "policy_arn", PolicyRefTypes: []string{"aws_iam_policy"},
				Principals: []Link{{Path: "group", Types: awsGroup, By: []string{"name", "id"}}}},
		},
		Entry{
			Type: "aws_iam_policy_attachment", Class: Grant, Kind: "policy_attachment", Provider: "aws", Doc: awsDoc + "iam_policy_attachment",
			Privilege: Privilege{Engine: AWSPolicy, PolicyRef: "policy_arn", PolicyRefTypes: []string{"aws_iam_policy"},
				Principals: []Link{
					{Path: "users", Types: awsUser, By: []string{"name"}},
					{Path: "roles", Types: awsRole, By: []string{"name", "id"}},
					{Path: "groups", Types: awsGroup, By: []string{"name", "id"}},
				}},
		},
		Entry{
			Type: "aws_iam_user_group_membership", Class: Grant, Kind: "group_membership", Provider: "aws", Doc: awsDoc + "iam_user_group_membership",
			Privilege: Privilege{Engine: AWSPolicy,
				Principals: []Link{{Path: "user", Types: awsUser, By: []string{"name"}}},
				Groups:     []Link{{Path: "groups", Types: awsGroup, By: []string{"name", "id"}}}},
		},
		Entry{
			Type: "aws_iam_group_membership", Class: Grant, Kind: "group_membership", Provider: "aws", Doc: awsDoc + "iam_group_membership",
			Privilege: Privilege{Engine: AWSPolicy,
				Principals: []Link{{Path: "users", Types: awsUser, By: []string{"name"}}},
				Groups:     []Link{{Path: "group", Types: awsGroup, By: []string{"name", "id"}}}},
		},
		Entry{
			Type: "aws_iam_instance_profile", Class: Other, Kind: "instance_profile", Provider: "aws", Doc: awsDoc + "iam_instance_profile",
			Owner:   awsTags,
			Parents: []Link{{Path: "role", Types: awsRole, By: []string{"name"}}},
		},
		Entry{
			Type: "aws_secretsmanager_secret", Class: Secret, Kind: "secret", Provider: "aws", Doc: awsDoc + "secretsmanager_secret",
			Owner:    awsTags,
			Lifetime: Lifetime{Static: true, Default: Forever},
		},
		Entry{
			Type: "aws_secretsmanager_secret_version", Class: Secret, Kind: "secret", Provider: "aws", Doc: awsDoc + "secretsmanager_secret_version",
			Parents:     []Link{{Path: "secret_id", Types: []string{"aws_secretsmanager_secret"}, By: []string{"id", "arn", "name"}}},
			Lifetime:    Lifetime{Static: true, Default: Forever},
			SecretAttrs: []string{"secret_string", "secret_binary", "secret_string_wo"},
			SinkAttrs:   []string{"secret_string", "secret_binary", "secret_string_wo"},
		},
		Entry{
			Type: "aws_secretsmanager_secret_rotation", Class: Rotator, Kind: "rotation", Provider: "aws", Doc: awsDoc + "secretsmanager_secret_rotation",
			Rotates: &Rotates{
				Target: []Link{{Path: "secret_id", Types: []string{"aws_secretsmanager_secret"}, By: []string{"id", "arn", "name"}}},
				Period: []DurationAttr{
					{Path: "rotation_rules.automatically_after_days", Unit: Days},
					{Path: "rotation_rules.schedule_expression", Unit: Rate},
				},
			},
		},
		Entry{
			Type: "aws_ssm_parameter", Class: Other, Kind: "parameter", Provider: "aws", Doc: awsDoc + "ssm_parameter",
			Owner:       awsTags,
			SecretAttrs: []string{"value", "value_wo"},
			SinkAttrs:   []string{"value", "insecure_value"},
		},
	)
}
