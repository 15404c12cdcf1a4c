package kb

// Source control and CI: GitHub (integrations/github) and GitLab
// (gitlabhq/gitlab). CI secrets and variables are Sinks: a machine
// credential copied into one is readable by every workflow that can use it
// (NHI-007).

const (
	githubDoc = "https://registry.terraform.io/providers/integrations/github/latest/docs/resources/"
	gitlabDoc = "https://registry.terraform.io/providers/gitlabhq/gitlab/latest/docs/resources/"
)

var (
	// GitHub secrets: plaintext_value / encrypted_value, and (provider
	// 6.1x+) value / value_encrypted, all sensitive.
	githubSecretAttrs = []string{"plaintext_value", "encrypted_value", "value", "value_encrypted"}
	githubOIDC        = "Use a GitHub App installation token or OIDC federation from the workflow instead of a long-lived key or token"
	// GitLab token expiry: "When left blank, the token follows the
	// standard rule of expiry for personal access tokens": since GitLab
	// 16.0 a token created without expires_at gets the maximum allowed
	// lifetime, 365 days unless the instance lowers it.
	gitlabTokenLifetime = Lifetime{
		Attrs: []DurationAttr{
			{Path: "expires_at", Unit: EndTime},
			{Path: "rotation_configuration.expiration_days", Unit: Days},
		},
		Default: 365 * Day,
	}
	// rotation_configuration: the provider rotates the token on apply
	// within rotate_before_days of its expiry; expiration_days is each new
	// token's lifetime.
	// A changed expires_at rotates the token in place (the provider calls
	// the rotate API): one from a time_rotating rotates with it.
	gitlabTokenRotation = Rotation{Triggers: []string{"expires_at"}, Period: []DurationAttr{{Path: "rotation_configuration.expiration_days", Unit: Days}}}
	gitlabOIDC          = "Use CI/CD job tokens or OIDC (id_tokens) federation instead of a long-lived access token"
	gitlabUsers         = []string{"gitlab_user", "gitlab_group_service_account", "gitlab_instance_service_account"}
)

// githubSecret is a GitHub secret store: Actions, Dependabot, Codespaces.
func githubSecret(typ string) Entry {
	return Entry{
		Type: typ, Class: Sink, Kind: "ci_secret", Provider: "github", Doc: githubDoc + typ[len("github_"):],
		SecretAttrs: githubSecretAttrs,
		// Sealed with the repository's public key: committing it is what
		// the attribute is for.
		Sealed:    []string{"encrypted_value", "value_encrypted"},
		SinkAttrs: githubSecretAttrs,
	}
}

// githubVariable is a plain CI variable: its value is shown in clear, so it
// is a Sink and a PlainText place at once.
func githubVariable(typ string) Entry {
	return Entry{
		Type: typ, Class: Sink, Kind: "ci_variable", Provider: "github", Doc: githubDoc + typ[len("github_"):],
		SinkAttrs: []string{"value"},
		ValueName: "variable_name",
	}
}

// gitlabVariable is a GitLab CI/CD variable; value is sensitive in the
// provider schema, masked hides it in job logs, protected limits it to
// protected branches and tags.
func gitlabVariable(typ string) Entry {
	return Entry{
		Type: typ, Class: Sink, Kind: "ci_variable", Provider: "gitlab", Doc: gitlabDoc + typ[len("gitlab_"):],
		SecretAttrs: []string{"value"},
		SinkAttrs:   []string{"value"},
		Guards:      []string{"masked", "protected"},
		ValueName:   "key",
	}
}

func init() {
	register(
		Entry{
			// read_only defaults to true; false grants push. Deploy keys
			// never expire. title is the only place for an owner hint.
			Type: "github_repository_deploy_key", Class: Credential, Kind: "deploy_key", Provider: "github", Doc: githubDoc + "repository_deploy_key",
			Owner:       Owner{Text: []string{"title"}},
			Parents:     []Link{{Path: "key", Types: tlsKey, By: []string{"public_key_openssh"}, Material: true}},
			Lifetime:    Lifetime{Static: true, Default: Forever},
			Privilege:   Privilege{Engine: WriteFlag, Flag: "read_only", Inverted: true},
			Alternative: githubOIDC,
		},
		Entry{
			// An SSH key on the authenticated (often machine) user: it acts
			// with everything that user can reach.
			Type: "github_user_ssh_key", Class: Credential, Kind: "ssh_key", Provider: "github", Doc: githubDoc + "user_ssh_key",
			Owner:       Owner{Text: []string{"title"}},
			Parents:     []Link{{Path: "key", Types: tlsKey, By: []string{"public_key_openssh"}, Material: true}},
			Lifetime:    Lifetime{Static: true, Default: Forever},
			Alternative: githubOIDC,
		},
		githubSecret("github_actions_secret"),
		githubSecret("github_actions_environment_secret"),
		githubSecret("github_actions_organization_secret"),
		githubSecret("github_dependabot_secret"),
		githubSecret("github_dependabot_organization_secret"),
		githubSecret("github_codespaces_secret"),
		githubSecret("github_codespaces_organization_secret"),
		githubSecret("github_codespaces_user_secret"),
		githubVariable("github_actions_variable"),
		githubVariable("github_actions_environment_variable"),
		githubVariable("github_actions_organization_variable"),
		Entry{
			// The app (an identity outside the plan) gains the repository.
			Type: "github_app_installation_repository", Class: Grant, Kind: "app_installation", Provider: "github", Doc: githubDoc + "app_installation_repository",
		},
		Entry{
			Type: "github_app_installation_repositories", Class: Grant, Kind: "app_installation", Provider: "github", Doc: githubDoc + "app_installation_repositories",
		},
		Entry{
			// configuration holds url and secret, both sensitive in the
			// provider schema; the shared secret is meant to be there.
			Type: "github_repository_webhook", Class: Other, Kind: "webhook", Provider: "github", Doc: githubDoc + "repository_webhook",
			// The shared secret, not the url beside it, is the secret:
			// a literal url is a setting.
			SecretPaths: []string{"configuration.secret"},
		},
		Entry{
			Type: "github_organization_webhook", Class: Other, Kind: "webhook", Provider: "github", Doc: githubDoc + "organization_webhook",
			// The shared secret, not the url beside it, is the secret:
			// a literal url is a setting.
			SecretPaths: []string{"configuration.secret"},
		},

		// GitLab. access_level (project and group tokens) is the role the
		// token's bot user gets; scopes limit what it may do with it.
		Entry{
			Type: "gitlab_personal_access_token", Class: Credential, Kind: "token", Provider: "gitlab", Doc: gitlabDoc + "personal_access_token",
			Owner:            Owner{Text: []string{"name", "description"}},
			Parents:          []Link{{Path: "user_id", Types: gitlabUsers, By: []string{"id", "service_account_id"}}},
			Lifetime:         gitlabTokenLifetime,
			Rotation:         gitlabTokenRotation,
			Privilege:        Privilege{Engine: TokenScopes, Scopes: "scopes"},
			SecretAttrs:      []string{"token"},
			CredentialSecret: true,
			Alternative:      gitlabOIDC,
		},
		Entry{
			Type: "gitlab_group_service_account_access_token", Class: Credential, Kind: "token", Provider: "gitlab", Doc: gitlabDoc + "group_service_account_access_token",
			Owner:            Owner{Text: []string{"name"}},
			Parents:          []Link{{Path: "user_id", Types: gitlabUsers, By: []string{"service_account_id", "id"}}},
			Lifetime:         gitlabTokenLifetime,
			Rotation:         gitlabTokenRotation,
			Privilege:        Privilege{Engine: TokenScopes, Scopes: "scopes"},
			SecretAttrs:      []string{"token"},
			CredentialSecret: true,
			Alternative:      gitlabOIDC,
		},
		Entry{
			Type: "gitlab_project_access_token", Class: Credential, Kind: "token", Provider: "gitlab", Doc: gitlabDoc + "project_access_token",
			Owner:            Owner{Text: []string{"name", "description"}},
			Lifetime:         gitlabTokenLifetime,
			Rotation:         gitlabTokenRotation,
			Privilege:        Privilege{Engine: TokenScopes, Scopes: "scopes", PolicyRef: "access_level"},
			SecretAttrs:      []string{"token"},
			CredentialSecret: true,
			Alternative:      gitlabOIDC,
		},
		Entry{
			Type: "gitlab_group_access_token", Class: Credential, Kind: "token", Provider: "gitlab", Doc: gitlabDoc + "group_access_token",
			Owner:            Owner{Text: []string{"name", "description"}},
			Lifetime:         gitlabTokenLifetime,
			Rotation:         gitlabTokenRotation,
			Privilege:        Privilege{Engine: TokenScopes, Scopes: "scopes", PolicyRef: "access_level"},
			SecretAttrs:      []string{"token"},
			CredentialSecret: true,
			Alternative:      gitlabOIDC,
		},
		Entry{
			Type: "gitlab_group_service_account", Class: Identity, Kind: "service_account", Provider: "gitlab", Doc: gitlabDoc + "group_service_account",
			Owner: Owner{Text: []string{"name"}},
		},
		Entry{
			Type: "gitlab_user", Class: Other, Kind: "user", Provider: "gitlab", Doc: gitlabDoc + "user",
			SecretAttrs: []string{"password"},
		},
		Entry{
			Type: "gitlab_instance_service_account", Class: Identity, Kind: "service_account", Provider: "gitlab", Doc: gitlabDoc + "instance_service_account",
			Owner: Owner{Text: []string{"name"}},
		},
		// Deploy tokens are not bound by the personal-token lifetime rule:
		// "Will not expire per default" / "Not set by default".
		Entry{
			Type: "gitlab_deploy_token", Class: Credential, Kind: "deploy_token", Provider: "gitlab", Doc: gitlabDoc + "deploy_token",
			Owner:            Owner{Text: []string{"name"}},
			Lifetime:         Lifetime{Attrs: []DurationAttr{{Path: "expires_at", Unit: EndTime}}, Default: Forever},
			Privilege:        Privilege{Engine: TokenScopes, Scopes: "scopes"},
			SecretAttrs:      []string{"token"},
			CredentialSecret: true,
			Alternative:      gitlabOIDC,
		},
		Entry{
			Type: "gitlab_project_deploy_token", Class: Credential, Kind: "deploy_token", Provider: "gitlab", Doc: gitlabDoc + "project_deploy_token",
			Owner:            Owner{Text: []string{"name"}},
			Lifetime:         Lifetime{Attrs: []DurationAttr{{Path: "expires_at", Unit: EndTime}}, Default: Forever},
			Privilege:        Privilege{Engine: TokenScopes, Scopes: "scopes"},
			SecretAttrs:      []string{"token"},
			CredentialSecret: true,
			Alternative:      gitlabOIDC,
		},
		Entry{
			Type: "gitlab_group_deploy_token", Class: Credential, Kind: "deploy_token", Provider: "gitlab", Doc: gitlabDoc + "group_deploy_token",
			Owner:            Owner{Text: []string{"name"}},
			Lifetime:         Lifetime{Attrs: []DurationAttr{{Path: "expires_at", Unit: EndTime}}, Default: Forever},
			Privilege:        Privilege{Engine: TokenScopes, Scopes: "scopes"},
			SecretAttrs:      []string{"token"},
			CredentialSecret: true,
			Alternative:      gitlabOIDC,
		},
		Entry{
			// can_push defaults to false.
			Type: "gitlab_deploy_key", Class: Credential, Kind: "deploy_key", Provider: "gitlab", Doc: gitlabDoc + "deploy_key",
			Owner:       Owner{Text: []string{"title"}},
			Parents:     []Link{{Path: "key", Types: tlsKey, By: []string{"public_key_openssh"}, Material: true}},
			Lifetime:    Lifetime{Static: true, Default: Forever},
			Privilege:   Privilege{Engine: WriteFlag, Flag: "can_push"},
			Alternative: gitlabOIDC,
		},
		Entry{
			Type: "gitlab_pipeline_trigger", Class: Credential, Kind: "token", Provider: "gitlab", Doc: gitlabDoc + "pipeline_trigger",
			Owner:            Owner{Text: []string{"description"}},
			Lifetime:         Lifetime{Static: true, Default: Forever},
			SecretAttrs:      []string{"token"},
			CredentialSecret: true,
			Alternative:      "Trigger downstream pipelines with CI_JOB_TOKEN (trigger: keyword) instead of a trigger token",
		},
		Entry{
			// Runner authentication tokens expire only if the instance sets
			// a runner token expiration interval (off by default).
			Type: "gitlab_user_runner", Class: Credential, Kind: "runner_token", Provider: "gitlab", Doc: gitlabDoc + "user_runner",
			Owner:            Owner{Text: []string{"description"}},
			Lifetime:         Lifetime{Static: true, Default: Forever},
			SecretAttrs:      []string{"token"},
			CredentialSecret: true,
		},
		gitlabVariable("gitlab_project_variable"),
		gitlabVariable("gitlab_group_variable"),
		gitlabVariable("gitlab_instance_variable"),
	)
}
