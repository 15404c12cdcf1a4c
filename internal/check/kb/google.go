package kb

// Google Cloud: service accounts and keys, IAM members, bindings and
// policies, custom roles, API keys, workload identity federation and Secret
// Manager. Attribute names follow the hashicorp/google provider
// documentation (registry.terraform.io/providers/hashicorp/google); the
// google-beta provider shares these type names and schemas.

const googleDoc = "https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/"

var (
	// labels holds the user's labels; terraform_labels adds the provider's
	// default_labels (like AWS tags_all).
	googleLabels = Owner{Tags: []string{"labels", "terraform_labels"}}
	googleSA     = []string{"google_service_account"}
	// service_account_id is an email, a unique id or
	// projects/P/serviceAccounts/EMAIL; By matches each form.
	googleSALink      = Link{Path: "service_account_id", Types: googleSA, By: []string{"name", "email", "unique_id", "id"}}
	googleCustomRoles = []string{"google_project_iam_custom_role", "google_organization_iam_custom_role"}
	// googlePeople are member prefixes naming people: a user, a group of
	// users, or a deleted one. domain:, allUsers and principalSet: are
	// broad and stay in scope.
	googlePeople = []string{"user:", "group:", "deleted:user:", "deleted:group:"}
	// googleEtag is the etag of the whole IAM policy a grant is part of: any
	// other binding changing it is not a change to this grant.
	googleEtag = []string{"etag"}
	googleWIF  = "Use workload identity federation (GitHub, GitLab, AWS, Azure, OIDC) or an attached service account instead of an exported key"
)

// googleIAM returns the _member, _binding and _policy entries of one IAM
// resource family. scope is the attribute naming the resource the grant is
// on; level is its ScopeLevel; on links the grant to an identity when the
// resource is a service account (impersonation).
func googleIAM(prefix, doc, scope, level string, on []Link) []Entry {
	base := Privilege{Engine: GCPRole, PolicyRef: "role", PolicyRefTypes: googleCustomRoles, Scope: scope, ScopeLevel: level, On: on}
	member, binding, policy := base, base, base
	member.Members = []string{"member"}
	binding.Members = []string{"members"}
	member.People = &People{Path: "member", Prefixes: googlePeople}
	binding.People = &People{Path: "members", Prefixes: googlePeople}
	// policy_data is the whole authoritative policy: {"bindings": [{role, members}]}.
	// Its bindings that reach only people are no machine identity's.
	policy.PolicyRef, policy.PolicyRefTypes, policy.Document = "", nil, "policy_data"
	policy.People = &People{Prefixes: googlePeople}
	return []Entry{
		{Type: prefix + "_iam_member", Class: Grant, Kind: "iam_member", Provider: "google", Doc: googleDoc + doc, Privilege: member, Volatile: googleEtag},
		{Type: prefix + "_iam_binding", Class: Grant, Kind: "iam_binding", Provider: "google", Doc: googleDoc + doc, Privilege: binding, Volatile: googleEtag},
		{Type: prefix + "_iam_policy", Class: Grant, Kind: "iam_policy", Provider: "google", Doc: googleDoc + doc, Privilege: policy, Volatile: googleEtag},
	}
}

func init() {
	register(
		Entry{
			// Service accounts cannot carry labels: description and
			// display_name are the only places an owner can be written.
			Type: "google_service_account", Class: Identity, Kind: "service_account", Provider: "google", Doc: googleDoc + "google_service_account",
			Owner:       Owner{Text: []string{"description", "display_name"}},
			Alternative: "Attach the service account to the workload (or use workload identity federation) so no key is ever exported",
		},
		Entry{
			// valid_after/valid_before are computed (valid_before is
			// 9999-12-31 for user-managed keys): the key is judged as static.
			Type: "google_service_account_key", Class: Credential, Kind: "service_account_key", Provider: "google", Doc: googleDoc + "google_service_account_key",
			// A key made from an uploaded certificate (public_key_data)
			// is valid until the certificate's end; Google holds only its
			// public half. A key Google makes never expires.
			Parents: []Link{googleSALink},
			Lifetime: Lifetime{
				Attrs:  []DurationAttr{{Path: "public_key_data", Unit: Certificate, Only: &Condition{Path: "public_key_data", Set: true}}},
				Static: true, Default: Forever,
			},
			Rotation:         Rotation{Triggers: []string{"keepers"}},
			SecretAttrs:      []string{"private_key"},
			CredentialSecret: true,
			Alternative:      googleWIF,
		},
		Entry{
			// An HMAC key (access_id + secret) lets a service account use
			// the Cloud Storage XML API and S3-compatible tools. It never
			// expires; state = "INACTIVE" disables it.
			Type: "google_storage_hmac_key", Class: Credential, Kind: "access_key", Provider: "google", Doc: googleDoc + "storage_hmac_key",
			Parents:          []Link{{Path: "service_account_email", Types: googleSA, By: []string{"email"}}},
			Lifetime:         Lifetime{Static: true, Default: Forever},
			SecretAttrs:      []string{"secret"},
			CredentialSecret: true,
			Disabled:         []Condition{{Path: "state", Contains: "INACTIVE"}},
			Alternative:      "Use the JSON API with the service account's own short-lived OAuth tokens (workload identity or an attached service account) instead of an HMAC key",
		},
		Entry{
			// A built-in Cloud SQL user signs in with a password that lives
			// until someone changes it; Cloud IAM users and groups
			// (type CLOUD_IAM_*) sign in with IAM tokens and hold none.
			Type: "google_sql_user", Class: Credential, Kind: "password", Provider: "google", Doc: googleDoc + "sql_user",
			Lifetime:         Lifetime{Static: true, Default: Forever},
			SecretAttrs:      []string{"password", "password_wo"},
			CredentialSecret: true,
			Disabled: []Condition{
				{Path: "type", Contains: "CLOUD_IAM_USER"}, {Path: "type", Contains: "CLOUD_IAM_SERVICE_ACCOUNT"},
				{Path: "type", Contains: "CLOUD_IAM_GROUP"}, {Path: "type", Contains: "CLOUD_IAM_GROUP_USER"},
				{Path: "type", Contains: "CLOUD_IAM_GROUP_SERVICE_ACCOUNT"},
			},
			Alternative: "Use IAM database authentication (a CLOUD_IAM_SERVICE_ACCOUNT user and the Cloud SQL connector) instead of a database password",
		},
		Entry{
			Type: "google_project_iam_custom_role", Class: Policy, Kind: "custom_role", Provider: "google", Doc: googleDoc + "google_project_iam_custom_role",
			Owner:     Owner{Text: []string{"description", "title"}},
			Privilege: Privilege{Engine: GCPRole, Scopes: "permissions", Scope: "project", ScopeLevel: "project"},
		},
		Entry{
			Type: "google_organization_iam_custom_role", Class: Policy, Kind: "custom_role", Provider: "google", Doc: googleDoc + "google_organization_iam_custom_role",
			Owner:     Owner{Text: []string{"description", "title"}},
			Privilege: Privilege{Engine: GCPRole, Scopes: "permissions", Scope: "org_id", ScopeLevel: "organization"},
		},
		Entry{
			// No restrictions block: any enabled API, from any caller. API
			// keys have no expiry of their own.
			Type: "google_apikeys_key", Class: Credential, Kind: "api_key", Provider: "google", Doc: googleDoc + "apikeys_key",
			Owner:            Owner{Text: []string{"display_name"}},
			Parents:          []Link{{Path: "service_account_email", Types: googleSA, By: []string{"email"}}},
			Lifetime:         Lifetime{Static: true, Default: Forever},
			Privilege:        Privilege{Engine: Unrestricted, Flag: "restrictions", Scopes: "restrictions.api_targets.service"},
			SecretAttrs:      []string{"key_string"},
			CredentialSecret: true,
			Alternative:      "Call the API with service account credentials (attached or federated) instead of an API key; if a key is unavoidable, restrict it to one API and one caller",
		},
		Entry{
			Type: "google_iam_workload_identity_pool", Class: Trust, Kind: "workload_identity", Provider: "google", Doc: googleDoc + "iam_workload_identity_pool",
			Owner: Owner{Text: []string{"description", "display_name"}},
		},
		Entry{
			// attribute_condition is what pins the external subject
			// (assertion.repository == "org/repo"); without it any identity
			// of the issuer can federate (NHI-006).
			Type: "google_iam_workload_identity_pool_provider", Class: Trust, Kind: "workload_identity", Provider: "google", Doc: googleDoc + "iam_workload_identity_pool_provider",
			Owner:     Owner{Text: []string{"description", "display_name"}},
			Parents:   []Link{{Path: "workload_identity_pool_id", Types: []string{"google_iam_workload_identity_pool"}, By: []string{"workload_identity_pool_id", "id", "name"}}},
			Privilege: Privilege{Trust: "attribute_condition"},
		},
		Entry{
			// ttl / expire_time delete the secret; rotation only schedules
			// a Pub/Sub notification for a rotator to act on.
			Type: "google_secret_manager_secret", Class: Secret, Kind: "secret", Provider: "google", Doc: googleDoc + "secret_manager_secret",
			Owner: googleLabels,
			Lifetime: Lifetime{
				Attrs:  []DurationAttr{{Path: "ttl", Unit: Duration}, {Path: "expire_time", Unit: EndTime}},
				Static: true, Default: Forever,
			},
			Rotation: Rotation{Period: []DurationAttr{{Path: "rotation.rotation_period", Unit: Duration}}},
		},
		Entry{
			// Storing a credential's secret here is a copy of it (NHI-007).
			Type: "google_secret_manager_secret_version", Class: Secret, Kind: "secret", Provider: "google", Doc: googleDoc + "secret_manager_secret_version",
			Parents:     []Link{{Path: "secret", Types: []string{"google_secret_manager_secret"}, By: []string{"id", "name"}}},
			Lifetime:    Lifetime{Static: true, Default: Forever},
			Rotation:    Rotation{Triggers: []string{"secret_data_wo_version"}},
			SecretAttrs: []string{"secret_data", "secret_data_wo"},
			SinkAttrs:   []string{"secret_data", "secret_data_wo"},
		},
		Entry{
			// Renders binding blocks into policy_data for the *_iam_policy
			// resources; when policy_data is known only after apply (a
			// member made in the same plan), the planned blocks say what
			// it grants (graph.gcpPolicyData).
			Type: "google_iam_policy", Class: Other, Kind: "policy", Provider: "google",
			Doc:        "https://registry.terraform.io/providers/hashicorp/google/latest/docs/data-sources/iam_policy",
			DataSource: true,
		},
		Entry{
			Type: "google_project", Class: Other, Kind: "project", Provider: "google", Doc: googleDoc + "google_project",
			Owner: googleLabels,
		},
		Entry{
			Type: "google_storage_bucket", Class: Other, Kind: "bucket", Provider: "google", Doc: googleDoc + "storage_bucket",
			Owner: googleLabels,
		},
		Entry{
			// metadata and metadata_startup_script are readable from the
			// metadata server by anything on the VM (see PlainText). An
			// instance grants what its service account may do to whatever
			// runs on it (DefaultAccount).
			Type: "google_compute_instance", Class: Grant, Kind: "instance", Provider: "google", Doc: googleDoc + "compute_instance",
			Owner:     googleLabels,
			Privilege: defaultAccount("service_account.email", "service_account.scopes"),
		},
		Entry{
			Type: "google_compute_instance_template", Class: Grant, Kind: "instance_template", Provider: "google", Doc: googleDoc + "compute_instance_template",
			Owner:     googleLabels,
			Privilege: defaultAccount("service_account.email", "service_account.scopes"),
		},
		Entry{
			// Nodes run as node_config.service_account ("default" when
			// unset); GKE's default oauth_scopes are a narrow set.
			Type: "google_container_node_pool", Class: Grant, Kind: "node_pool", Provider: "google", Doc: googleDoc + "container_node_pool",
			Privilege: defaultAccount("node_config.service_account", "node_config.oauth_scopes"),
		},
		Entry{
			// Revisions run as template.service_account, the default
			// compute service account when unset; their tokens carry the
			// cloud-platform scope, which nothing narrows.
			Type: "google_cloud_run_v2_service", Class: Grant, Kind: "cloud_run_service", Provider: "google", Doc: googleDoc + "cloud_run_v2_service",
			Owner:     googleLabels,
			Privilege: serverlessAccount("template.service_account"),
		},
		Entry{
			// A second-generation function runs on Cloud Run as
			// service_config.service_account_email, likewise.
			Type: "google_cloudfunctions2_function", Class: Grant, Kind: "cloud_function", Provider: "google", Doc: googleDoc + "cloudfunctions2_function",
			Owner:     googleLabels,
			Privilege: serverlessAccount("service_config.service_account_email"),
		},
		Entry{
			// The cluster's node_config is its default node pool's, which
			// remove_default_node_pool deletes once the cluster is made.
			Type: "google_container_cluster", Class: Other, Kind: "cluster", Provider: "google", Doc: googleDoc + "container_cluster",
			When:      &Condition{Path: "remove_default_node_pool", Contains: "true"},
			Otherwise: Grant,
			Owner:     Owner{Tags: []string{"resource_labels"}},
			Privilege: defaultAccount("node_config.service_account", "node_config.oauth_scopes"),
			// A client certificate's key (issue_client_certificate) signs
			// in to the cluster's API; its CA certificate is no secret.
			// The basic-auth password of provider versions before 4.0 was
			// set in the configuration.
			SecretPaths:      []string{"master_auth.client_key", "master_auth.password"},
			CredentialSecret: true,
		},
	)
	onSA := []Link{googleSALink}
	register(googleIAM("google_project", "google_project_iam", "project", "project", nil)...)
	register(googleIAM("google_folder", "google_folder_iam", "folder", "folder", nil)...)
	register(googleIAM("google_organization", "google_organization_iam", "org_id", "organization", nil)...)
	register(googleIAM("google_service_account", "google_service_account_iam", "service_account_id", "resource", onSA)...)
	register(googleIAM("google_storage_bucket", "storage_bucket_iam", "bucket", "resource", nil)...)
	register(googleIAM("google_pubsub_topic", "pubsub_topic_iam", "topic", "resource", nil)...)
	register(googleIAM("google_pubsub_subscription", "pubsub_subscription_iam", "subscription", "resource", nil)...)
	register(googleIAM("google_secret_manager_secret", "secret_manager_secret_iam", "secret_id", "resource", nil)...)
	register(googleIAM("google_bigquery_dataset", "bigquery_dataset_iam", "dataset_id", "resource", nil)...)
	register(googleIAM("google_kms_crypto_key", "google_kms_crypto_key_iam", "crypto_key_id", "resource", nil)...)
	register(googleIAM("google_kms_key_ring", "google_kms_key_ring_iam", "key_ring_id", "resource", nil)...)
}

// serverlessAccount is the privilege of a Cloud Run workload: the service
// account at email (the default compute account when unset), with no
// OAuth scopes to limit it.
func serverlessAccount(email string) Privilege {
	p := defaultAccount(email, "")
	p.UnsetMeansAll = true
	return p
}

// defaultAccount is the privilege of a Compute Engine workload: the
// service account at email (the project's default compute account when
// unset), limited by the OAuth scopes.
func defaultAccount(email, scopes string) Privilege {
	return Privilege{Engine: DefaultAccount, PolicyRef: email, Scopes: scopes,
		Principals: []Link{{Path: email, Types: googleSA, By: []string{"email"}}}}
}
