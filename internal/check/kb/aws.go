package kb

// AWS IAM, STS federation and Secrets Manager. Attribute names follow the
// hashicorp/aws provider documentation (registry.terraform.io/providers/hashicorp/aws).

const awsDoc = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/"

// secretsManagerRead are the actions that read a Secrets Manager secret's
// value, in a resource policy.
var secretsManagerRead = &PublicRead{Document: "policy", Actions: []string{"secretsmanager:GetSecretValue", "secretsmanager:BatchGetSecretValue"}}

var awsTags = Owner{Tags: []string{"tags", "tags_all"}}

var (
	// An IAM credential with status Inactive cannot sign in or sign
	// requests until someone activates it.
	awsInactive = []Condition{{Path: "status", Contains: "Inactive"}}
	// Users, roles, groups and managed policies of either AWS provider
	// (awscc.go), and the attributes that hold their names in each.
	awsUser       = []string{"aws_iam_user", "awscc_iam_user"}
	awsUserNames  = []string{"name", "user_name"}
	awsRole       = []string{"aws_iam_role", "awscc_iam_role"}
	awsRoleNames  = []string{"name", "id", "role_name"}
	awsGroup      = []string{"aws_iam_group", "awscc_iam_group"}
	awsGroupNames = []string{"name", "id", "group_name"}
	awsPolicy     = []string{"aws_iam_policy", "awscc_iam_managed_policy"}
	// awsRoleByName is an attachment's or inline policy's role;
	// awsRolesByName, a policy attachment's roles.
	awsRoleByName  = Link{Path: "role", Types: awsRole, By: awsRoleNames}
	awsRolesByName = Link{Path: "roles", Types: awsRole, By: awsRoleNames}
	awsOIDC        = "Federate with OIDC (GitHub Actions, GitLab, Terraform Cloud) or use an IAM role for the workload instead of a static key"
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
				Document: "inline_policy.policy", PolicyRef: "managed_policy_arns", PolicyRefTypes: awsPolicy,
			},
			MaintainedBy: []Maintained{
				{Attr: "managed_policy_arns", Type: "aws_iam_role_policy_attachment", Owner: awsRoleByName, Element: "policy_arn"},
				{Attr: "managed_policy_arns", Type: "aws_iam_policy_attachment", Owner: awsRolesByName, Element: "policy_arn"},
				{Attr: "inline_policy", Key: "name", Type: "aws_iam_role_policy", Owner: awsRoleByName, Element: "name"},
			},
		},
		Entry{
			Type: "aws_iam_group", Class: Group, Kind: "group", Provider: "aws", Doc: awsDoc + "iam_group",
			Privilege: Privilege{Engine: AWSPolicy},
		},
		Entry{
			Type: "aws_iam_access_key", Class: Credential, Kind: "access_key", Provider: "aws", Doc: awsDoc + "iam_access_key",
			Parents:  []Link{{Path: "user", Types: awsUser, By: awsUserNames}},
			Lifetime: Lifetime{Static: true, Default: Forever},
			// ses_smtp_password: aws provider 2.x, which plans of Terraform 0.12 hold.
			SecretAttrs: []string{"secret", "ses_smtp_password_v4", "encrypted_secret", "encrypted_ses_smtp_password_v4", "ses_smtp_password"},
			// With pgp_key set, the encrypted_ attributes hold the secret
			// sealed to that key, and the plain ones are empty.
			Sealed:           []string{"encrypted_secret", "encrypted_ses_smtp_password_v4"},
			CredentialSecret: true,
			Alternative:      awsOIDC,
			Disabled:         awsInactive,
		},
		Entry{
			Type: "aws_iam_service_specific_credential", Class: Credential, Kind: "password", Provider: "aws", Doc: awsDoc + "iam_service_specific_credential",
			Parents: []Link{{Path: "user_name", Types: awsUser, By: awsUserNames}},
			// credential_age_days (1-36600) sets an expiry for Bedrock API
			// keys only; CodeCommit and Keyspaces passwords never expire.
			// expiration_date is computed, so it is not read.
			Lifetime: Lifetime{Attrs: []DurationAttr{{Path: "credential_age_days", Unit: Days,
				Only: &Condition{Path: "service_name", Contains: "bedrock.amazonaws.com"}}}, Static: true, Default: Forever},
			SecretAttrs:      []string{"service_password", "service_credential_secret"},
			CredentialSecret: true,
			Alternative:      "Use IAM authentication with temporary credentials (git-remote-codecommit, Keyspaces SigV4 plugin) instead of a service-specific password",
			Disabled:         awsInactive,
		},
		Entry{
			Type: "aws_iam_signing_certificate", Class: Credential, Kind: "certificate", Provider: "aws", Doc: awsDoc + "iam_signing_certificate",
			Parents: []Link{
				{Path: "user_name", Types: awsUser, By: awsUserNames},
				{Path: "certificate_body", Types: tlsCerts, By: []string{"cert_pem", "certificate_pem"}, Material: true},
			},
			Lifetime: Lifetime{Static: true, Default: Forever},
			Disabled: awsInactive,
		},
		Entry{
			Type: "aws_iam_user_ssh_key", Class: Credential, Kind: "ssh_key", Provider: "aws", Doc: awsDoc + "iam_user_ssh_key",
			Parents:  []Link{{Path: "username", Types: awsUser, By: awsUserNames}, {Path: "public_key", Types: tlsKey, By: []string{"public_key_openssh"}, Material: true}},
			Lifetime: Lifetime{Static: true, Default: Forever},
			Disabled: awsInactive,
		},
		Entry{
			// Without public_key, AWS makes the key pair and the provider
			// keeps its private key in state, not marked sensitive (an
			// output of it is printed); with pgp_key it keeps only the
			// encrypted form. With public_key it holds no secret.
			Type: "aws_lightsail_key_pair", Class: Credential, Kind: "ssh_key", Provider: "aws", Doc: awsDoc + "lightsail_key_pair",
			When:      &Condition{Path: "public_key", Unset: true},
			Otherwise: Other,
			// public_key is computed when unset: AWS's half of the pair it makes.
			ComputedUnset:    []string{"public_key"},
			Owner:            awsTags,
			Lifetime:         Lifetime{Static: true, Default: Forever},
			SecretAttrs:      []string{"private_key", "encrypted_private_key"},
			Sealed:           []string{"encrypted_private_key"},
			CredentialSecret: true,
			Alternative:      "Connect with Lightsail's browser SSH or a key you keep outside Terraform (public_key), or use EC2 Instance Connect or SSM Session Manager, which need no long-lived key",
		},
		Entry{
			Type: "aws_iam_user_login_profile", Class: Credential, Kind: "password", Provider: "aws", Doc: awsDoc + "iam_user_login_profile",
			Parents: []Link{{Path: "user", Types: awsUser, By: awsUserNames}},
			Human:   true,
			// The console password lives until reset; an account password
			// policy may expire it, but that is not in the plan.
			Lifetime:         Lifetime{Static: true, Default: Forever},
			SecretAttrs:      []string{"password", "encrypted_password"},
			Sealed:           []string{"encrypted_password"},
			CredentialSecret: true,
		},
		Entry{
			// A device's X.509 certificate: one AWS IoT makes
			// (CreateKeysAndCertificate) is valid until 2049 and its
			// private key is in state; one signed from a CSR lives as long
			// as its CA allows. Either lasts until replaced; active = false
			// stops it authenticating.
			Type: "aws_iot_certificate", Class: Credential, Kind: "certificate", Provider: "aws", Doc: awsDoc + "iot_certificate",
			Lifetime:         Lifetime{Static: true, Default: Forever},
			SecretAttrs:      []string{"private_key"},
			CredentialSecret: true,
			Disabled:         []Condition{{Path: "active", Contains: "false"}},
			Alternative:      "Have devices make their own keys and send a CSR (csr), and rotate certificates with AWS IoT Device Defender's audit or a fleet provisioning template",
		},
		Entry{
			Type: "aws_iam_openid_connect_provider", Class: Trust, Kind: "workload_identity", Provider: "aws", Doc: awsDoc + "iam_openid_connect_provider",
			Owner: awsTags,
		},
		Entry{
			Type: "aws_iam_policy", Class: Policy, Kind: "policy", Provider: "aws", Doc: awsDoc + "iam_policy",
			Owner:     awsTags,
			Privilege: Privilege{Engine: AWSPolicy, Document: "policy"},
			// How many principals it is attached to: it moves with them.
			Volatile: []string{"attachment_count"},
		},
		Entry{
			Type: "aws_iam_user_policy", Class: Grant, Kind: "inline_policy", Provider: "aws", Doc: awsDoc + "iam_user_policy",
			Privilege: Privilege{Engine: AWSPolicy, Document: "policy", Principals: []Link{{Path: "user", Types: awsUser, By: awsUserNames}}},
		},
		Entry{
			Type: "aws_iam_role_policy", Class: Grant, Kind: "inline_policy", Provider: "aws", Doc: awsDoc + "iam_role_policy",
			Privilege: Privilege{Engine: AWSPolicy, Document: "policy", Principals: []Link{awsRoleByName}},
		},
		Entry{
			Type: "aws_iam_group_policy", Class: Grant, Kind: "inline_policy", Provider: "aws", Doc: awsDoc + "iam_group_policy",
			Privilege: Privilege{Engine: AWSPolicy, Document: "policy", Principals: []Link{{Path: "group", Types: awsGroup, By: awsGroupNames}}},
		},
		Entry{
			Type: "aws_iam_user_policy_attachment", Class: Grant, Kind: "policy_attachment", Provider: "aws", Doc: awsDoc + "iam_user_policy_attachment",
			Privilege: Privilege{Engine: AWSPolicy, PolicyRef: "policy_arn", PolicyRefTypes: awsPolicy,
				Principals: []Link{{Path: "user", Types: awsUser, By: awsUserNames}}},
		},
		Entry{
			Type: "aws_iam_role_policy_attachment", Class: Grant, Kind: "policy_attachment", Provider: "aws", Doc: awsDoc + "iam_role_policy_attachment",
			Privilege: Privilege{Engine: AWSPolicy, PolicyRef: "policy_arn", PolicyRefTypes: awsPolicy,
				Principals: []Link{awsRoleByName}},
		},
		Entry{
			Type: "aws_iam_group_policy_attachment", Class: Grant, Kind: "policy_attachment", Provider: "aws", Doc: awsDoc + "iam_group_policy_attachment",
			Privilege: Privilege{Engine: AWSPolicy, PolicyRef: "policy_arn", PolicyRefTypes: awsPolicy,
				Principals: []Link{{Path: "group", Types: awsGroup, By: awsGroupNames}}},
		},
		Entry{
			Type: "aws_iam_policy_attachment", Class: Grant, Kind: "policy_attachment", Provider: "aws", Doc: awsDoc + "iam_policy_attachment",
			Privilege: Privilege{Engine: AWSPolicy, PolicyRef: "policy_arn", PolicyRefTypes: awsPolicy,
				Principals: []Link{
					{Path: "users", Types: awsUser, By: awsUserNames},
					awsRolesByName,
					{Path: "groups", Types: awsGroup, By: awsGroupNames},
				}},
		},
		Entry{
			Type: "aws_iam_user_group_membership", Class: Grant, Kind: "group_membership", Provider: "aws", Doc: awsDoc + "iam_user_group_membership",
			Privilege: Privilege{Engine: AWSPolicy,
				Principals: []Link{{Path: "user", Types: awsUser, By: awsUserNames}},
				Groups:     []Link{{Path: "groups", Types: awsGroup, By: awsGroupNames}}},
		},
		Entry{
			Type: "aws_iam_group_membership", Class: Grant, Kind: "group_membership", Provider: "aws", Doc: awsDoc + "iam_group_membership",
			Privilege: Privilege{Engine: AWSPolicy,
				Principals: []Link{{Path: "users", Types: awsUser, By: awsUserNames}},
				Groups:     []Link{{Path: "group", Types: awsGroup, By: awsGroupNames}}},
		},
		Entry{
			Type: "aws_iam_instance_profile", Class: Other, Kind: "instance_profile", Provider: "aws", Doc: awsDoc + "iam_instance_profile",
			Owner:   awsTags,
			Parents: []Link{{Path: "role", Types: awsRole, By: awsRoleNames}},
		},
		Entry{
			Type: "aws_secretsmanager_secret", Class: Secret, Kind: "secret", Provider: "aws", Doc: awsDoc + "secretsmanager_secret",
			Owner:      awsTags,
			Lifetime:   Lifetime{Static: true, Default: Forever},
			PublicRead: secretsManagerRead,
		},
		Entry{
			// block_public_policy is off by default: a policy open to
			// anyone is accepted.
			Type: "aws_secretsmanager_secret_policy", Class: Other, Kind: "resource_policy", Provider: "aws", Doc: awsDoc + "secretsmanager_secret_policy",
			Parents:    []Link{{Path: "secret_arn", Types: []string{"aws_secretsmanager_secret"}, By: []string{"arn", "id"}}},
			PublicRead: secretsManagerRead,
		},
		Entry{
			Type: "aws_secretsmanager_secret_version", Class: Secret, Kind: "secret", Provider: "aws", Doc: awsDoc + "secretsmanager_secret_version",
			Parents:  []Link{{Path: "secret_id", Types: []string{"aws_secretsmanager_secret"}, By: []string{"id", "arn", "name"}}},
			Lifetime: Lifetime{Static: true, Default: Forever},
			// A new secret_string_wo_version replaces the version.
			Rotation:    Rotation{Triggers: []string{"secret_string_wo_version"}},
			SecretAttrs: []string{"secret_string", "secret_binary", "secret_string_wo"},
			SinkAttrs:   []string{"secret_string", "secret_binary", "secret_string_wo"},
		},
		Entry{
			// A stack makes what its template declares: the IAM users,
			// keys, roles and policies of an inline template are judged
			// (template_url points at S3, out of the plan's sight).
			Type: "aws_cloudformation_stack", Class: Other, Kind: "stack", Provider: "aws", Doc: awsDoc + "cloudformation_stack",
			Owner:    awsTags,
			Template: "template_body",
		},
		Entry{
			Type: "aws_cloudformation_stack_set", Class: Other, Kind: "stack_set", Provider: "aws", Doc: awsDoc + "cloudformation_stack_set",
			Owner:    awsTags,
			Template: "template_body",
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
			// The account the provider works in: a role's trust of that
			// account's root is its own account's, not a third party's.
			Type: "aws_caller_identity", Class: Other, Kind: "caller_identity", Provider: "aws",
			Doc:        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/caller_identity",
			DataSource: true,
		},
		Entry{
			Type: "aws_iam_policy_document", Class: Policy, Kind: "policy", Provider: "aws",
			Doc:        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document",
			DataSource: true,
			// Renders statement blocks into json; roles and policies point at
			// .json. When json is unknown at plan time (an ARN not yet known),
			// the statement blocks in after/configuration hold the same content.
			Privilege: Privilege{Engine: AWSPolicy, Document: "json"},
		},
		// The *_exclusive resources (provider 5.6x+) reconcile what is
		// attached to one principal. The attachment variants also attach
		// every listed ARN, so they grant; the inline variants only list
		// names of aws_*_policy resources, which grant themselves.
		Entry{
			Type: "aws_iam_role_policy_attachments_exclusive", Class: Grant, Kind: "policy_attachment", Provider: "aws", Doc: awsDoc + "iam_role_policy_attachments_exclusive",
			Privilege: Privilege{Engine: AWSPolicy, PolicyRef: "policy_arns", PolicyRefTypes: awsPolicy,
				Principals: []Link{{Path: "role_name", Types: awsRole, By: awsRoleNames}}},
		},
		Entry{
			Type: "aws_iam_user_policy_attachments_exclusive", Class: Grant, Kind: "policy_attachment", Provider: "aws", Doc: awsDoc + "iam_user_policy_attachments_exclusive",
			Privilege: Privilege{Engine: AWSPolicy, PolicyRef: "policy_arns", PolicyRefTypes: awsPolicy,
				Principals: []Link{{Path: "user_name", Types: awsUser, By: awsUserNames}}},
		},
		Entry{
			Type: "aws_iam_group_policy_attachments_exclusive", Class: Grant, Kind: "policy_attachment", Provider: "aws", Doc: awsDoc + "iam_group_policy_attachments_exclusive",
			Privilege: Privilege{Engine: AWSPolicy, PolicyRef: "policy_arns", PolicyRefTypes: awsPolicy,
				Principals: []Link{{Path: "group_name", Types: awsGroup, By: awsGroupNames}}},
		},
		Entry{
			Type: "aws_iam_role_policies_exclusive", Class: Other, Kind: "inline_policy_set", Provider: "aws", Doc: awsDoc + "iam_role_policies_exclusive",
			Parents: []Link{{Path: "role_name", Types: awsRole, By: awsRoleNames}},
		},
		Entry{
			Type: "aws_iam_user_policies_exclusive", Class: Other, Kind: "inline_policy_set", Provider: "aws", Doc: awsDoc + "iam_user_policies_exclusive",
			Parents: []Link{{Path: "user_name", Types: awsUser, By: awsUserNames}},
		},
		Entry{
			Type: "aws_iam_group_policies_exclusive", Class: Other, Kind: "inline_policy_set", Provider: "aws", Doc: awsDoc + "iam_group_policies_exclusive",
			Parents: []Link{{Path: "group_name", Types: awsGroup, By: awsGroupNames}},
		},
		Entry{
			// A TOTP seed for a person's MFA; Terraform cannot attach it to a
			// user, so it links to nothing. Its seed must not leak.
			Type: "aws_iam_virtual_mfa_device", Class: Other, Kind: "mfa_device", Provider: "aws", Doc: awsDoc + "iam_virtual_mfa_device",
			Owner:       awsTags,
			SecretAttrs: []string{"base_32_string_seed", "qr_code_png"},
		},
		Entry{
			Type: "aws_iam_saml_provider", Class: Trust, Kind: "workload_identity", Provider: "aws", Doc: awsDoc + "iam_saml_provider",
			Owner: awsTags,
		},
		Entry{
			Type: "aws_iam_server_certificate", Class: Credential, Kind: "certificate", Provider: "aws", Doc: awsDoc + "iam_server_certificate",
			Owner: awsTags,
			Parents: []Link{
				{Path: "certificate_body", Types: tlsCerts, By: []string{"cert_pem", "certificate_pem"}, Material: true},
				{Path: "private_key", Types: tlsKey, Material: true},
			},
			// The X.509 validity bounds it: read from the certificate body
			// when the plan holds it (file()), or from the tls certificate
			// it was made from; expiration is known only after upload.
			Lifetime: Lifetime{
				Attrs:      []DurationAttr{{Path: "expiration", Unit: EndTime}, {Path: "certificate_body", Unit: Certificate}},
				FromParent: []DurationAttr{{Path: "validity_period_hours", Unit: Hours}, {Path: "validity_days", Unit: Days}},
			},
			SecretAttrs:      []string{"private_key"},
			CredentialSecret: true,
			Alternative:      "Use an ACM certificate (managed renewal, private key never leaves AWS) instead of uploading one to IAM",
		},
		Entry{
			Type: "aws_kms_key", Class: Other, Kind: "kms_key", Provider: "aws", Doc: awsDoc + "kms_key",
			Owner: awsTags,
		},
		Entry{
			Type: "aws_s3_bucket", Class: Other, Kind: "bucket", Provider: "aws", Doc: awsDoc + "s3_bucket",
			Owner: awsTags,
		},
		// Compute whose configuration is shown in clear (see PlainText).
		Entry{
			Type: "aws_lambda_function", Class: Other, Kind: "function", Provider: "aws", Doc: awsDoc + "lambda_function",
			Owner: awsTags,
		},
		Entry{
			Type: "aws_instance", Class: Other, Kind: "instance", Provider: "aws", Doc: awsDoc + "instance",
			Owner: awsTags,
		},
		Entry{
			Type: "aws_launch_template", Class: Other, Kind: "launch_template", Provider: "aws", Doc: awsDoc + "launch_template",
			Owner: awsTags,
		},
		Entry{
			Type: "aws_ecs_task_definition", Class: Other, Kind: "task_definition", Provider: "aws", Doc: awsDoc + "ecs_task_definition",
			Owner: awsTags,
		},
		// Services whose users sign in with a password set in a nested
		// block: the domain's internal master user, the broker's users.
		Entry{
			Type: "aws_opensearch_domain", Class: Other, Kind: "search_domain", Provider: "aws", Doc: awsDoc + "opensearch_domain",
			Owner:       awsTags,
			SecretPaths: []string{"advanced_security_options.master_user_options.master_user_password"},
		},
		Entry{
			Type: "aws_elasticsearch_domain", Class: Other, Kind: "search_domain", Provider: "aws", Doc: awsDoc + "elasticsearch_domain",
			Owner:       awsTags,
			SecretPaths: []string{"advanced_security_options.master_user_options.master_user_password"},
		},
		Entry{
			Type: "aws_mq_broker", Class: Other, Kind: "broker", Provider: "aws", Doc: awsDoc + "mq_broker",
			Owner:       awsTags,
			SecretPaths: []string{"user.password"},
		},
		Entry{
			// A REST API key that callers send as x-api-key. It never
			// expires; usage plans meter it, they do not scope it.
			Type: "aws_api_gateway_api_key", Class: Credential, Kind: "api_key", Provider: "aws", Doc: awsDoc + "api_gateway_api_key",
			Owner:            Owner{Tags: []string{"tags", "tags_all"}, Text: []string{"description"}},
			Lifetime:         Lifetime{Static: true, Default: Forever},
			SecretAttrs:      []string{"value"},
			CredentialSecret: true,
			Alternative:      "Authorize callers with IAM (SigV4) or a Lambda, Cognito or JWT authorizer; API Gateway API keys identify usage plans and are not meant to authenticate",
			Disabled:         []Condition{{Path: "enabled", Contains: "false"}},
		},
		Entry{
			// An app client with generate_secret authenticates with a client
			// secret (the OAuth client credentials grant machines use) that
			// never expires; without one it is a public client for people.
			Type: "aws_cognito_user_pool_client", Class: Credential, Kind: "client_secret", Provider: "aws", Doc: awsDoc + "cognito_user_pool_client",
			When:             &Condition{Path: "generate_secret", Contains: "true"},
			Otherwise:        Other,
			Lifetime:         Lifetime{Static: true, Default: Forever},
			SecretAttrs:      []string{"client_secret"},
			CredentialSecret: true,
			Alternative:      "Have machine callers use IAM (SigV4) or a federated identity instead of a Cognito client secret; if one is needed, rotate it and keep it in a secret manager",
		},
		Entry{
			// An AppSync API key ends at expires (RFC 3339); left unset it
			// lasts 7 days, and AWS allows at most 365.
			Type: "aws_appsync_api_key", Class: Credential, Kind: "api_key", Provider: "aws", Doc: awsDoc + "appsync_api_key",
			Owner:            Owner{Text: []string{"description"}},
			Lifetime:         Lifetime{Attrs: []DurationAttr{{Path: "expires", Unit: EndTime}}, Default: 7 * Day},
			SecretAttrs:      []string{"key"},
			CredentialSecret: true,
			Alternative:      "Authorize AppSync callers with IAM, Cognito user pools or OIDC instead of an API key",
		},
		Entry{
			Type: "aws_ssm_parameter", Class: Other, Kind: "parameter", Provider: "aws", Doc: awsDoc + "ssm_parameter",
			Owner:       awsTags,
			SecretAttrs: []string{"value", "value_wo"},
			SecretWhen:  &Condition{Path: "type", Contains: "SecureString"},
			// insecure_value is stored in clear: it is in PlainText.
			SinkAttrs: []string{"value", "value_wo"},
		},
	)
}
