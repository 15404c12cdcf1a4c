package kb

// SaaS platforms: Databricks, Snowflake, Datadog, HCP Terraform / Terraform
// Enterprise (hashicorp/tfe) and Cloudflare. None of their credentials can
// carry tags; names, comments and descriptions are the owner hints.

const (
	databricksDoc = "https://registry.terraform.io/providers/databricks/databricks/latest/docs/resources/"
	snowflakeDoc  = "https://registry.terraform.io/providers/snowflakedb/snowflake/latest/docs/resources/"
	// Resources removed in the provider's 1.0, documented in its 0.x releases.
	snowflakeDoc0     = "https://registry.terraform.io/providers/Snowflake-Labs/snowflake/0.87.0/docs/resources/"
	datadogDoc        = "https://registry.terraform.io/providers/DataDog/datadog/latest/docs/resources/"
	tfeDoc            = "https://registry.terraform.io/providers/hashicorp/tfe/latest/docs/resources/"
	cloudflareDoc     = "https://registry.terraform.io/providers/cloudflare/cloudflare/latest/docs/resources/"
	cloudflareDataDoc = "https://registry.terraform.io/providers/cloudflare/cloudflare/latest/docs/data-sources/"
)

var (
	databricksSP = []string{"databricks_service_principal"}
	// databricks_token: "If no lifetime is specified, the token remains
	// valid indefinitely" (a workspace maximum may still cap it).
	databricksTokenLifetime = Lifetime{
		Attrs:   []DurationAttr{{Path: "lifetime_seconds", Unit: Seconds, Zero: ZeroForever}},
		Default: Forever,
	}
	databricksOAuth  = "Use OAuth machine-to-machine tokens or workload identity federation for the service principal instead of a personal access token"
	snowflakeUsers   = []string{"snowflake_service_user", "snowflake_legacy_service_user", "snowflake_user"}
	snowflakeRoles   = []string{"snowflake_account_role", "snowflake_role"}
	snowflakeKeyPair = []Link{
		{Path: "rsa_public_key", Types: tlsKey, By: []string{"public_key_pem"}, Material: true},
		{Path: "rsa_public_key_2", Types: tlsKey, By: []string{"public_key_pem"}, Material: true},
	}
	// tfe tokens: "If no expiration date is supplied, the expiration date
	// will default to 2 years from the time of token creation" (team and
	// audit trail tokens).
	tfeTwoYears = Lifetime{Attrs: []DurationAttr{{Path: "expired_at", Unit: EndTime}}, Default: 730 * Day}
	tfeOIDC     = "Use HCP Terraform dynamic provider credentials or workload identity tokens instead of a long-lived API token"
	// expired_at from a time_rotating (rotation_rfc3339), the tfe docs'
	// own example: a new end replaces the token with each rotation.
	tfeRotation = Rotation{Triggers: []string{"expired_at"}}
	// Cloudflare v5 names the list policies[*] (permission_groups[*].id,
	// resources as JSON or a map); v4 the blocks policy[*]
	// (permission_groups a set of ids, resources a map).
	cloudflarePrivilege = Privilege{Engine: CloudflarePolicy, Scopes: "policies", ScopesAlt: []string{"policy"}}
	cloudflareLifetime  = Lifetime{Attrs: []DurationAttr{{Path: "expires_on", Unit: EndTime}}, Default: Forever}
)

// snowflakePrivileges is a grant of privileges to the role named at role.
func snowflakePrivileges(role string) Privilege {
	return Privilege{
		Engine: SnowflakeRole, Scopes: "privileges", Flag: "all_privileges", Scope: "on_account",
		Principals: []Link{{Path: role, Types: snowflakeRoles, By: []string{"name"}}},
	}
}

func init() {
	register(
		// Databricks.
		Entry{
			Type: "databricks_service_principal", Class: Identity, Kind: "service_principal", Provider: "databricks", Doc: databricksDoc + "service_principal",
			Owner:       Owner{Text: []string{"display_name"}},
			Alternative: databricksOAuth,
		},
		Entry{
			// A PAT of the user (or principal) the provider authenticates as.
			Type: "databricks_token", Class: Credential, Kind: "token", Provider: "databricks", Doc: databricksDoc + "token",
			Owner:            Owner{Text: []string{"comment"}},
			Lifetime:         databricksTokenLifetime,
			SecretAttrs:      []string{"token_value"},
			CredentialSecret: true,
			Alternative:      databricksOAuth,
		},
		Entry{
			Type: "databricks_obo_token", Class: Credential, Kind: "token", Provider: "databricks", Doc: databricksDoc + "obo_token",
			Owner:            Owner{Text: []string{"comment"}},
			Parents:          []Link{{Path: "application_id", Types: databricksSP, By: []string{"application_id"}}},
			Lifetime:         databricksTokenLifetime,
			SecretAttrs:      []string{"token_value"},
			CredentialSecret: true,
			Alternative:      databricksOAuth,
		},
		Entry{
			// lifetime is "NNNNs"; unset, "the secret will have a default
			// lifetime of 730 days (63072000s)". Changing time_rotating
			// recreates the secret.
			Type: "databricks_service_principal_secret", Class: Credential, Kind: "client_secret", Provider: "databricks", Doc: databricksDoc + "service_principal_secret",
			Parents:          []Link{{Path: "service_principal_id", Types: databricksSP, By: []string{"id"}}},
			Lifetime:         Lifetime{Attrs: []DurationAttr{{Path: "lifetime", Unit: Duration}}, Default: 730 * Day},
			Rotation:         Rotation{Triggers: []string{"time_rotating"}},
			SecretAttrs:      []string{"secret"},
			CredentialSecret: true,
			Alternative:      databricksOAuth,
		},
		Entry{
			Type: "databricks_group", Class: Group, Kind: "group", Provider: "databricks", Doc: databricksDoc + "group",
		},
		Entry{
			Type: "databricks_group_member", Class: Grant, Kind: "group_membership", Provider: "databricks", Doc: databricksDoc + "group_member",
			Privilege: Privilege{
				Principals: []Link{{Path: "member_id", Types: []string{"databricks_service_principal", "databricks_group"}, By: []string{"id"}}},
				Groups:     []Link{{Path: "group_id", Types: []string{"databricks_group"}, By: []string{"id"}}},
			},
		},

		// Snowflake (snowflakedb/snowflake, formerly Snowflake-Labs/snowflake,
		// v1+): one resource per user type. snowflake_user is TYPE =
		// PERSON (its user_type is read-only), so a person, not a machine
		// identity.
		Entry{
			// Key-pair authentication only; days_to_expiry expires the user.
			// default_role grants nothing: "specifying a default role for a
			// user does not grant the role to the user" (provider docs), so
			// privilege comes only from role grants.
			Type: "snowflake_service_user", Class: Identity, Kind: "service_account", Provider: "snowflake", Doc: snowflakeDoc + "service_user",
			Owner: Owner{Text: []string{"comment", "display_name"}},
			Holds: snowflakeKeyPair,
			// No lifetime of its own: days_to_expiry ends the user, not a
			// credential; its key pair is judged where it is made.
			Alternative: "Use key-pair authentication with a key generated outside Terraform, or workload identity federation, and rotate via rsa_public_key_2",
		},
		Entry{
			// LEGACY_SERVICE users may log in with a static password.
			Type: "snowflake_legacy_service_user", Class: Identity, Kind: "service_account", Provider: "snowflake", Doc: snowflakeDoc + "legacy_service_user",
			Owner:            Owner{Text: []string{"comment", "display_name"}},
			Holds:            snowflakeKeyPair,
			Lifetime:         Lifetime{Attrs: []DurationAttr{{Path: "days_to_expiry", Unit: Days}}},
			SecretAttrs:      []string{"password"},
			CredentialSecret: true,
			Alternative:      "Move to snowflake_service_user (TYPE = SERVICE) with key-pair authentication; legacy service users keep password logins",
		},
		Entry{
			Type: "snowflake_user", Class: Other, Kind: "user", Provider: "snowflake", Doc: snowflakeDoc + "user",
			Human:       true,
			SecretAttrs: []string{"password"},
		},
		Entry{
			// A role: what it may do is the privileges and roles granted to
			// it in the plan.
			Type: "snowflake_account_role", Class: Other, Kind: "role", Provider: "snowflake", Doc: snowflakeDoc + "account_role",
		},
		Entry{
			// The account role's name before the provider's 1.0.
			Type: "snowflake_role", Class: Other, Kind: "role", Provider: "snowflake", Doc: snowflakeDoc0 + "role",
		},
		Entry{
			// GRANT ROLE role_name TO USER user_name, or TO ROLE
			// parent_role_name: the parent inherits what the role may do.
			Type: "snowflake_grant_account_role", Class: Grant, Kind: "role_grant", Provider: "snowflake", Doc: snowflakeDoc + "grant_account_role",
			Privilege: Privilege{
				Engine:         SnowflakeRole,
				PolicyRef:      "role_name",
				PolicyRefTypes: snowflakeRoles,
				Principals: []Link{
					{Path: "user_name", Types: snowflakeUsers, By: []string{"name"}},
					{Path: "parent_role_name", Types: snowflakeRoles, By: []string{"name"}},
				},
			},
		},
		Entry{
			// The same before the provider's 1.0: role_name to users and roles.
			Type: "snowflake_role_grants", Class: Grant, Kind: "role_grant", Provider: "snowflake", Doc: snowflakeDoc0 + "role_grants",
			Privilege: Privilege{
				Engine:         SnowflakeRole,
				PolicyRef:      "role_name",
				PolicyRefTypes: snowflakeRoles,
				Principals: []Link{
					{Path: "users", Types: snowflakeUsers, By: []string{"name"}},
					{Path: "roles", Types: snowflakeRoles, By: []string{"name"}},
				},
			},
		},
		Entry{
			// Privileges on the account (on_account), an account object, a
			// schema or schema objects, to one role.
			Type: "snowflake_grant_privileges_to_account_role", Class: Grant, Kind: "privilege_grant", Provider: "snowflake", Doc: snowflakeDoc + "grant_privileges_to_account_role",
			Privilege: snowflakePrivileges("account_role_name"),
		},
		Entry{
			// Its name before the provider's 1.0.
			Type: "snowflake_grant_privileges_to_role", Class: Grant, Kind: "privilege_grant", Provider: "snowflake", Doc: snowflakeDoc0 + "grant_privileges_to_role",
			Privilege: snowflakePrivileges("role_name"),
		},

		// Datadog. Keys never expire.
		Entry{
			Type: "datadog_api_key", Class: Credential, Kind: "api_key", Provider: "datadog", Doc: datadogDoc + "api_key",
			Owner:            Owner{Text: []string{"name"}},
			Lifetime:         Lifetime{Static: true, Default: Forever},
			SecretAttrs:      []string{"key"},
			CredentialSecret: true,
		},
		Entry{
			// "Application Keys configured with no scopes have full access."
			Type: "datadog_application_key", Class: Credential, Kind: "application_key", Provider: "datadog", Doc: datadogDoc + "application_key",
			Owner:            Owner{Text: []string{"name"}},
			Lifetime:         Lifetime{Static: true, Default: Forever},
			Privilege:        Privilege{Engine: TokenScopes, Scopes: "scopes", UnsetMeansAll: true},
			SecretAttrs:      []string{"key"},
			CredentialSecret: true,
			Alternative:      "Give the automation a datadog_service_account with a scoped role and a scoped application key, rotated on a schedule",
		},
		Entry{
			Type: "datadog_service_account", Class: Identity, Kind: "service_account", Provider: "datadog", Doc: datadogDoc + "service_account",
			Owner: Owner{Text: []string{"name"}},
		},
		Entry{
			Type: "datadog_service_account_application_key", Class: Credential, Kind: "application_key", Provider: "datadog", Doc: datadogDoc + "service_account_application_key",
			Owner:            Owner{Text: []string{"name"}},
			Parents:          []Link{{Path: "service_account_id", Types: []string{"datadog_service_account"}, By: []string{"id"}}},
			Lifetime:         Lifetime{Static: true, Default: Forever},
			Privilege:        Privilege{Engine: TokenScopes, Scopes: "scopes", UnsetMeansAll: true},
			SecretAttrs:      []string{"key"},
			CredentialSecret: true,
		},

		// HCP Terraform / Terraform Enterprise.
		Entry{
			Type: "tfe_team", Class: Group, Kind: "team", Provider: "tfe", Doc: tfeDoc + "team",
		},
		Entry{
			Type: "tfe_team_token", Class: Credential, Kind: "token", Provider: "tfe", Doc: tfeDoc + "team_token",
			Owner:            Owner{Text: []string{"description"}},
			Parents:          []Link{{Path: "team_id", Types: []string{"tfe_team"}, By: []string{"id"}}},
			Lifetime:         tfeTwoYears,
			Rotation:         tfeRotation,
			Privilege:        Privilege{Engine: TeamToken},
			SecretAttrs:      []string{"token"},
			CredentialSecret: true,
			Alternative:      tfeOIDC,
		},
		Entry{
			// The organization token acts as the organization's service
			// account. Its docs: "If no expiration date is supplied, the
			// expiration date will default to null and never expire."
			Type: "tfe_organization_token", Class: Credential, Kind: "token", Provider: "tfe", Doc: tfeDoc + "organization_token",
			Lifetime:         Lifetime{Attrs: []DurationAttr{{Path: "expired_at", Unit: EndTime}}, Default: Forever},
			Rotation:         tfeRotation,
			Privilege:        Privilege{Engine: TeamToken},
			SecretAttrs:      []string{"token"},
			CredentialSecret: true,
			Alternative:      tfeOIDC,
		},
		Entry{
			Type: "tfe_audit_trail_token", Class: Credential, Kind: "token", Provider: "tfe", Doc: tfeDoc + "audit_trail_token",
			Lifetime:         tfeTwoYears,
			Rotation:         tfeRotation,
			SecretAttrs:      []string{"token"},
			CredentialSecret: true,
		},
		Entry{
			Type: "tfe_agent_pool", Class: Other, Kind: "agent_pool", Provider: "tfe", Doc: tfeDoc + "agent_pool",
		},
		Entry{
			// Agent tokens have no expiry argument.
			Type: "tfe_agent_token", Class: Credential, Kind: "token", Provider: "tfe", Doc: tfeDoc + "agent_token",
			Owner:            Owner{Text: []string{"description"}},
			Parents:          []Link{{Path: "agent_pool_id", Types: []string{"tfe_agent_pool"}, By: []string{"id"}}},
			Lifetime:         Lifetime{Static: true, Default: Forever},
			SecretAttrs:      []string{"token"},
			CredentialSecret: true,
		},
		Entry{
			// access is read, plan, write, admin or custom.
			Type: "tfe_team_access", Class: Grant, Kind: "team_access", Provider: "tfe", Doc: tfeDoc + "team_access",
			Privilege: Privilege{PolicyRef: "access", Principals: []Link{{Path: "team_id", Types: []string{"tfe_team"}, By: []string{"id"}}}},
		},
		Entry{
			// A workspace or variable-set variable; sensitive = false shows
			// the value to everyone who can read the workspace.
			Type: "tfe_variable", Class: Sink, Kind: "ci_variable", Provider: "tfe", Doc: tfeDoc + "variable",
			SecretAttrs: []string{"value"},
			SinkAttrs:   []string{"value"},
			Guards:      []string{"sensitive"},
			ValueName:   "key",
		},

		// Cloudflare. condition.request_ip pins where a token may be used.
		Entry{
			Type: "cloudflare_api_token", Class: Credential, Kind: "api_token", Provider: "cloudflare", Doc: cloudflareDoc + "api_token",
			Owner:            Owner{Text: []string{"name"}},
			Lifetime:         cloudflareLifetime,
			Privilege:        cloudflarePrivilege,
			SecretAttrs:      []string{"value"},
			CredentialSecret: true,
		},
		Entry{
			// The permission groups by name (v4: account, zone, user, r2
			// maps of name to id): read to name the ids tokens hold.
			Type: "cloudflare_api_token_permission_groups", Class: Other, Kind: "permission_groups", Provider: "cloudflare",
			Doc: cloudflareDataDoc + "api_token_permission_groups", DataSource: true,
		},
		Entry{
			// v5: result[*] {id, name, scopes}.
			Type: "cloudflare_api_token_permission_groups_list", Class: Other, Kind: "permission_groups", Provider: "cloudflare",
			Doc: cloudflareDataDoc + "api_token_permission_groups_list", DataSource: true,
		},
		Entry{
			Type: "cloudflare_account_api_token_permission_groups_list", Class: Other, Kind: "permission_groups", Provider: "cloudflare",
			Doc: cloudflareDataDoc + "account_api_token_permission_groups_list", DataSource: true,
		},
		Entry{
			Type: "cloudflare_account_token", Class: Credential, Kind: "api_token", Provider: "cloudflare", Doc: cloudflareDoc + "account_token",
			Owner:            Owner{Text: []string{"name"}},
			Lifetime:         cloudflareLifetime,
			Privilege:        Privilege{Engine: CloudflarePolicy, Scopes: "policies"}, // provider 5 only
			SecretAttrs:      []string{"value"},
			CredentialSecret: true,
		},
	)
}
