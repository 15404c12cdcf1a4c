package kb

// More SaaS credentials: MongoDB Atlas, Confluent Cloud, Okta, Auth0 and
// PagerDuty. Their keys and client secrets never expire on their own;
// descriptions and names are the owner hints.

const (
	atlasDoc     = "https://registry.terraform.io/providers/mongodb/mongodbatlas/latest/docs/resources/"
	confluentDoc = "https://registry.terraform.io/providers/confluentinc/confluent/latest/docs/resources/"
	oktaDoc      = "https://registry.terraform.io/providers/okta/okta/latest/docs/resources/"
	auth0Doc     = "https://registry.terraform.io/providers/auth0/auth0/latest/docs/resources/"
	pagerdutyDoc = "https://registry.terraform.io/providers/PagerDuty/pagerduty/latest/docs/resources/"

	privateKeyJWT = "Authenticate the client with a private key JWT (or mTLS) instead of a shared client secret"
)

func init() {
	register(
		Entry{
			// An organization programmatic API key: the private key never
			// expires; role_names (ORG_OWNER...) is what it may do.
			Type: "mongodbatlas_api_key", Class: Credential, Kind: "api_key", Provider: "mongodbatlas", Doc: atlasDoc + "api_key",
			Owner:            Owner{Text: []string{"description"}},
			Lifetime:         Lifetime{Static: true, Default: Forever},
			SecretAttrs:      []string{"private_key"},
			CredentialSecret: true,
			Alternative:      "Use an Atlas service account (OAuth 2.0 client credentials with expiring tokens) instead of a programmatic API key",
		},
		Entry{
			Type: "mongodbatlas_project_api_key", Class: Credential, Kind: "api_key", Provider: "mongodbatlas", Doc: atlasDoc + "project_api_key",
			Owner:            Owner{Text: []string{"description"}},
			Lifetime:         Lifetime{Static: true, Default: Forever},
			SecretAttrs:      []string{"private_key"},
			CredentialSecret: true,
			Alternative:      "Use an Atlas service account (OAuth 2.0 client credentials with expiring tokens) instead of a programmatic API key",
		},
		// A database user with a password, unless it signs in with X.509,
		// AWS IAM, LDAP or OIDC; delete_after_date ends it.
		func() Entry {
			e := noWriteOnly(dbPassword("mongodbatlas_database_user", "mongodbatlas", atlasDoc+"database_user", "password", Owner{Text: []string{"description"}}))
			e.Lifetime = Lifetime{Attrs: []DurationAttr{{Path: "delete_after_date", Unit: EndTime}}, Static: true, Default: Forever}
			e.Alternative = "Have the workload sign in with AWS IAM, X.509 or OIDC (workload identity federation) instead of a password"
			return e
		}(),
		Entry{
			// A Cloud API key or a cluster API key of a service account
			// (owner), which never expires.
			Type: "confluent_api_key", Class: Credential, Kind: "api_key", Provider: "confluent", Doc: confluentDoc + "confluent_api_key",
			Owner:            Owner{Text: []string{"display_name", "description"}},
			Lifetime:         Lifetime{Static: true, Default: Forever},
			SecretAttrs:      []string{"secret"},
			CredentialSecret: true,
			Alternative:      "Use OAuth with an identity pool (workload identity federation) instead of an API key",
		},
		Entry{
			// A service app (client credentials) authenticates with its
			// client secret unless it uses private_key_jwt.
			Type: "okta_app_oauth", Class: Credential, Kind: "client_secret", Provider: "okta", Doc: oktaDoc + "app_oauth",
			When:             &Condition{Path: "type", Contains: "service"},
			Otherwise:        Other,
			Owner:            Owner{Text: []string{"label"}},
			Lifetime:         Lifetime{Static: true, Default: Forever},
			SecretAttrs:      []string{"client_secret"},
			CredentialSecret: true,
			Disabled:         []Condition{{Path: "token_endpoint_auth_method", Contains: "private_key_jwt"}, {Path: "token_endpoint_auth_method", Contains: "none"}},
			Alternative:      privateKeyJWT,
		},
		Entry{
			Type: "auth0_client_credentials", Class: Credential, Kind: "client_secret", Provider: "auth0", Doc: auth0Doc + "client_credentials",
			When: &Condition{Path: "authentication_method", Contains: "client_secret_post", Or: []Condition{
				{Path: "authentication_method", Contains: "client_secret_basic"}}},
			Otherwise:        Other,
			Lifetime:         Lifetime{Static: true, Default: Forever},
			SecretAttrs:      []string{"client_secret"},
			CredentialSecret: true,
			Alternative:      privateKeyJWT,
		},
		Entry{
			// An integration (routing) key lets anyone who holds it open
			// incidents on the service: a secret to keep, not an identity.
			Type: "pagerduty_service_integration", Class: Other, Kind: "integration", Provider: "pagerduty", Doc: pagerdutyDoc + "service_integration",
			SecretAttrs:      []string{"integration_key"},
			CredentialSecret: true,
		},
	)
}
