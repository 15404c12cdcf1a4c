package kb

import "time"

// HashiCorp Vault (hashicorp/vault). Vault objects cannot carry tags; a
// token's free-form metadata map is the only ownership carrier.

const vaultDoc = "https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/"

var (
	vaultPolicies = []string{"vault_policy"}
	// vaultLoginTokens bound the tokens a platform login (JWT, Kubernetes)
	// yields, the only credential such a role hands out. The token_*
	// fields are seconds; 0 means the mount's default (768h unless tuned).
	// A periodic token (token_period) renews forever; period is still its
	// TTL, as for vault_token.
	vaultLoginTokens = Lifetime{
		Attrs: []DurationAttr{
			{Path: "token_ttl", Unit: Seconds},
			{Path: "token_max_ttl", Unit: Seconds},
			{Path: "token_explicit_max_ttl", Unit: Seconds},
			{Path: "token_period", Unit: Seconds},
		},
		Default: 768 * time.Hour,
		Issued:  "tokens",
		// Login tokens are renewable: up to token_max_ttl (the mount's,
		// 768h unless tuned, when unset), or for ever when periodic
		// unless token_explicit_max_ttl ends them.
		Renewal: &Renewal{
			Max:         []DurationAttr{{Path: "token_explicit_max_ttl", Unit: Seconds}, {Path: "token_max_ttl", Unit: Seconds}},
			PeriodicMax: []DurationAttr{{Path: "token_explicit_max_ttl", Unit: Seconds}},
			Periodic:    "token_period",
			MaxDefault:  768 * time.Hour,
		},
	}
	vaultPKITTL  = []DurationAttr{{Path: "ttl", Unit: Duration}, {Path: "max_ttl", Unit: Duration}}
	vaultPKIRole = []Link{{Path: "name", Types: []string{"vault_pki_secret_backend_role"}, By: []string{"name"}}}
	vaultDynamic = "Issue short-lived credentials from a Vault secrets engine (vault_aws_secret_backend_role, vault_database_secret_backend_role) or log in with a platform auth method (JWT/OIDC, Kubernetes, cloud IAM) instead of a static token or secret id"
)

// vaultLoginPolicies is an auth role's token policies, with the attribute
// that says who may log in. policies is the pre-3.0 name of token_policies.
func vaultLoginPolicies(trust string) Privilege {
	return Privilege{Engine: VaultPolicy, PolicyRef: "token_policies", PolicyRefAlt: []string{"policies"}, PolicyRefTypes: vaultPolicies, Trust: trust}
}

func init() {
	register(
		Entry{
			// ttl, explicit_max_ttl and period are Vault durations ("24h",
			// "72h", or bare seconds). With none set a token gets the
			// mount's default TTL, 768h (32 days) unless tuned; a token with
			// the root policy and no TTL never expires. A periodic token
			// (period) can be renewed forever; period is still its TTL.
			Type: "vault_token", Class: Credential, Kind: "token", Provider: "vault", Doc: vaultDoc + "token",
			Owner: Owner{Tags: []string{"metadata"}, Text: []string{"display_name"}},
			// A token made against a token role (role_name) belongs to
			// it, and the role's token TTLs bound it.
			Parents: []Link{{Path: "role_name", Types: []string{"vault_token_auth_backend_role"}, By: []string{"role_name"}}},
			Lifetime: Lifetime{
				Attrs: []DurationAttr{
					{Path: "ttl", Unit: Duration},
					{Path: "explicit_max_ttl", Unit: Duration},
					{Path: "period", Unit: Duration},
				},
				FromParent: vaultLoginTokens.Attrs,
				Default:    768 * time.Hour,
				DefaultIf:  []Condition{{Path: "policies", Contains: "root", Lifetime: Forever}},
				// Tokens are renewable unless renewable = false (and the
				// provider renews them itself, renew_min_lease): a
				// renewable token lives until explicit_max_ttl, forever
				// when periodic without one, else the system maximum.
				Renewal: &Renewal{
					Unless:     &Condition{Path: "renewable", Contains: "false"},
					Max:        []DurationAttr{{Path: "explicit_max_ttl", Unit: Duration}},
					Periodic:   "period",
					MaxDefault: 768 * time.Hour,
				},
			},
			Privilege:        Privilege{Engine: VaultPolicy, PolicyRef: "policies", PolicyRefTypes: vaultPolicies},
			SecretAttrs:      []string{"client_token", "wrapped_token"},
			CredentialSecret: true,
			Alternative:      vaultDynamic,
		},
		Entry{
			Type: "vault_policy", Class: Policy, Kind: "policy", Provider: "vault", Doc: vaultDoc + "policy",
			Privilege: Privilege{Engine: VaultPolicy, Document: "policy"},
		},
		Entry{
			// The AppRole itself: secret_id_ttl bounds every secret id it
			// issues (0, the default, means they never expire);
			// secret_id_num_uses 0 means unlimited use. token_ttl and
			// token_max_ttl bound the tokens a login yields, not the secret
			// id: they are judged apart (Tokens).
			Type: "vault_approle_auth_backend_role", Class: Identity, Kind: "approle", Provider: "vault", Doc: vaultDoc + "approle_auth_backend_role",
			Lifetime: Lifetime{
				Attrs:   []DurationAttr{{Path: "secret_id_ttl", Unit: Seconds, Zero: ZeroForever}},
				Default: Forever,
			},
			Tokens: &vaultLoginTokens,
			// policies is the pre-3.0 name of token_policies.
			Privilege:   Privilege{Engine: VaultPolicy, PolicyRef: "token_policies", PolicyRefAlt: []string{"policies"}, PolicyRefTypes: vaultPolicies},
			Alternative: vaultDynamic,
		},
		Entry{
			// A JWT role logs in whoever presents a token of the mount's
			// issuer that matches bound_subject (exact) and every
			// bound_claims entry (bound_claims_type "string" or "glob");
			// bound_audiences only checks aud. With neither a subject nor
			// a pinning claim every repository of a CI platform gets the
			// role (vaultiam.AnalyzeJWTRole). Only role_type "jwt" is a
			// machine login: "oidc", the default (unknown in a plan that
			// leaves it unset), signs people in through a browser.
			Type: "vault_jwt_auth_backend_role", Class: Identity, Kind: "workload_identity", Provider: "vault", Doc: vaultDoc + "jwt_auth_backend_role",
			When:      &Condition{Path: "role_type", Contains: "jwt"},
			Otherwise: Other,
			Lifetime:  vaultLoginTokens,
			Privilege: vaultLoginPolicies("bound_claims"),
		},
		Entry{
			// A Kubernetes role logs in the service accounts named in
			// bound_service_account_names within the namespaces in
			// bound_service_account_namespaces; "*" in either (Vault
			// refuses both) opens it to every workload there, or to a name
			// in every namespace (vaultiam.AnalyzeKubernetesRole).
			Type: "vault_kubernetes_auth_backend_role", Class: Identity, Kind: "workload_identity", Provider: "vault", Doc: vaultDoc + "kubernetes_auth_backend_role",
			Lifetime:  vaultLoginTokens,
			Privilege: vaultLoginPolicies("bound_service_account_names"),
		},
		Entry{
			// Cloud logins: an AWS role logs in the IAM principals in
			// bound_iam_principal_arns (iam method; a trailing "*" is a
			// prefix match, so one that stops before the account id lets
			// every account in) or EC2 instances (ec2 method); a GCP role
			// the service accounts in bound_service_accounts ("*": all, of
			// bound_projects when set); an Azure role the managed
			// identities its bound_* narrow within the mount's tenant
			// (vaultiam.AnalyzeAWSRole, AnalyzeGCPRole).
			Type: "vault_aws_auth_backend_role", Class: Identity, Kind: "workload_identity", Provider: "vault", Doc: vaultDoc + "aws_auth_backend_role",
			Lifetime:  vaultLoginTokens,
			Privilege: vaultLoginPolicies("bound_iam_principal_arns"),
		},
		Entry{
			Type: "vault_gcp_auth_backend_role", Class: Identity, Kind: "workload_identity", Provider: "vault", Doc: vaultDoc + "gcp_auth_backend_role",
			Lifetime:  vaultLoginTokens,
			Privilege: vaultLoginPolicies("bound_service_accounts"),
		},
		Entry{
			Type: "vault_azure_auth_backend_role", Class: Identity, Kind: "workload_identity", Provider: "vault", Doc: vaultDoc + "azure_auth_backend_role",
			Lifetime:  vaultLoginTokens,
			Privilege: vaultLoginPolicies("bound_service_principal_ids"),
		},
		Entry{
			// A secret id's own ttl (0 = the role's) is read first, then
			// the role's secret_id_ttl through the parent link.
			Type: "vault_approle_auth_backend_role_secret_id", Class: Credential, Kind: "secret_id", Provider: "vault", Doc: vaultDoc + "approle_auth_backend_role_secret_id",
			Parents: []Link{{Path: "role_name", Types: []string{"vault_approle_auth_backend_role"}, By: []string{"role_name"}}},
			Lifetime: Lifetime{
				Attrs:      []DurationAttr{{Path: "ttl", Unit: Seconds}},
				FromParent: []DurationAttr{{Path: "secret_id_ttl", Unit: Seconds, Zero: ZeroForever}},
				Default:    Forever,
			},
			SecretAttrs:      []string{"secret_id", "wrapping_token"},
			CredentialSecret: true,
			Alternative:      vaultDynamic,
		},
		Entry{
			Type: "vault_auth_backend", Class: Other, Kind: "auth_mount", Provider: "vault", Doc: vaultDoc + "auth_backend",
		},
		Entry{
			// A JWT/OIDC mount: its issuer (bound_issuer, else the
			// discovery or JWKS URL) tells whose tokens its roles admit
			// (vaultJWTIssuer).
			Type: "vault_jwt_auth_backend", Class: Other, Kind: "auth_mount", Provider: "vault", Doc: vaultDoc + "jwt_auth_backend",
			// The OIDC client secret Vault signs in to the provider with.
			SecretAttrs: []string{"oidc_client_secret"},
		},
		// Static secrets stored in Vault: a credential copied here is a copy
		// of it (NHI-007), and nothing rotates it.
		Entry{
			Type: "vault_generic_secret", Class: Secret, Kind: "secret", Provider: "vault", Doc: vaultDoc + "generic_secret",
			Lifetime:    Lifetime{Static: true, Default: Forever},
			SecretAttrs: []string{"data_json", "data"},
			SinkAttrs:   []string{"data_json"},
		},
		Entry{
			Type: "vault_kv_secret_v2", Class: Secret, Kind: "secret", Provider: "vault", Doc: vaultDoc + "kv_secret_v2",
			Lifetime:    Lifetime{Static: true, Default: Forever},
			Rotation:    Rotation{Triggers: []string{"data_json_wo_version"}},
			SecretAttrs: []string{"data_json", "data", "data_json_wo"},
			SinkAttrs:   []string{"data_json", "data_json_wo"},
		},
		Entry{
			Type: "vault_kv_secret", Class: Secret, Kind: "secret", Provider: "vault", Doc: vaultDoc + "kv_secret",
			Lifetime:    Lifetime{Static: true, Default: Forever},
			SecretAttrs: []string{"data_json", "data"},
			SinkAttrs:   []string{"data_json"},
		},
		Entry{
			// A token role shapes the tokens created through
			// auth/token/create/NAME: their policies (within
			// allowed_policies, and those allowed_policies_glob matches,
			// whether or not the caller holds them) and TTLs.
			Type: "vault_token_auth_backend_role", Class: Identity, Kind: "token_role", Provider: "vault", Doc: vaultDoc + "token_auth_backend_role",
			Lifetime: vaultLoginTokens,
			Privilege: Privilege{Engine: VaultPolicy, PolicyRef: "allowed_policies", PolicyRefAlt: []string{"token_policies"},
				PolicyRefAlso: []string{"allowed_policies_glob"}, PolicyRefTypes: vaultPolicies},
			Alternative: vaultDynamic,
		},
		// PKI: a role issues certificates to whoever may write
		// pki/issue/NAME; ttl is their default and max_ttl their cap
		// (Vault durations or bare seconds), and with neither the mount's
		// default lease applies (768h unless tuned). A certificate Terraform
		// issues or signs lives for its own ttl, else its role's.
		Entry{
			// allow_any_name = true issues certificates for any name: whoever
			// may use the role can pass for any service under the CA.
			Type: "vault_pki_secret_backend_role", Class: Identity, Kind: "pki_role", Provider: "vault", Doc: vaultDoc + "pki_secret_backend_role",
			Lifetime:  Lifetime{Attrs: vaultPKITTL, Default: 768 * time.Hour, Issued: "certificates"},
			Privilege: Privilege{Engine: AnyName, Flag: "allow_any_name"},
		},
		Entry{
			Type: "vault_pki_secret_backend_cert", Class: Credential, Kind: "certificate", Provider: "vault", Doc: vaultDoc + "pki_secret_backend_cert",
			Parents:          vaultPKIRole,
			Lifetime:         Lifetime{Attrs: []DurationAttr{{Path: "ttl", Unit: Duration}}, FromParent: vaultPKITTL, Default: 768 * time.Hour},
			Rotation:         Rotation{Renewal: []string{"auto_renew"}},
			SecretAttrs:      []string{"private_key"},
			CredentialSecret: true,
		},
		Entry{
			Type: "vault_pki_secret_backend_sign", Class: Credential, Kind: "certificate", Provider: "vault", Doc: vaultDoc + "pki_secret_backend_sign",
			Parents:  vaultPKIRole,
			Lifetime: Lifetime{Attrs: []DurationAttr{{Path: "ttl", Unit: Duration}}, FromParent: vaultPKITTL, Default: 768 * time.Hour},
			Rotation: Rotation{Renewal: []string{"auto_renew"}},
		},
		Entry{
			// A root CA; its key leaves Vault (private_key) only with
			// type "exported".
			Type: "vault_pki_secret_backend_root_cert", Class: Credential, Kind: "certificate", Provider: "vault", Doc: vaultDoc + "pki_secret_backend_root_cert",
			Lifetime:         Lifetime{Attrs: []DurationAttr{{Path: "ttl", Unit: Duration}}, Default: 768 * time.Hour},
			SecretAttrs:      []string{"private_key"},
			CredentialSecret: true,
		},
		// Dynamic-secret roles: the secretless alternative. Their
		// credentials are short-lived, but what they may do is judged.
		Entry{
			// With credential_type "iam_user" every read of
			// aws/creds/NAME makes an IAM user holding policy_arns,
			// policy_document and the policies of iam_groups, within
			// permissions_boundary_arn: a factory of users with those
			// rights, judged as an IAM user is. With "assumed_role" or
			// "federation_token" the same attributes only narrow the
			// role's or Vault's own rights, which the plan does not show.
			Type: "vault_aws_secret_backend_role", Class: Identity, Kind: "dynamic_role", Provider: "vault", Doc: vaultDoc + "aws_secret_backend_role",
			When:      &Condition{Path: "credential_type", Contains: "iam_user"},
			Otherwise: Other,
			Privilege: Privilege{Engine: AWSPolicy, Document: "policy_document", PolicyRef: "policy_arns", PolicyRefTypes: awsPolicy,
				Groups: []Link{{Path: "iam_groups", Types: awsGroup, By: awsGroupNames}}, Boundary: "permissions_boundary_arn"},
		},
		Entry{
			Type: "vault_database_secret_backend_role", Class: Other, Kind: "dynamic_role", Provider: "vault", Doc: vaultDoc + "database_secret_backend_role",
		},
		// A GCP roleset makes a service account bound to the roles of its
		// binding blocks (resource, roles), and a static account binds an
		// existing one so; an Azure role makes a service principal assigned
		// its azure_roles (role_name or role_id, scope). What they hold is
		// judged by the Google and Azure engines (graph.vaultIssuedPrivilege).
		Entry{
			Type: "vault_gcp_secret_roleset", Class: Identity, Kind: "dynamic_role", Provider: "vault", Doc: vaultDoc + "gcp_secret_roleset",
		},
		Entry{
			Type: "vault_gcp_secret_static_account", Class: Identity, Kind: "dynamic_role", Provider: "vault", Doc: vaultDoc + "gcp_secret_static_account",
		},
		Entry{
			Type: "vault_azure_secret_backend_role", Class: Identity, Kind: "dynamic_role", Provider: "vault", Doc: vaultDoc + "azure_secret_backend_role",
		},
	)
}
