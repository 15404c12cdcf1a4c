package kb

// Entra ID (hashicorp/azuread v2 and v3) and Azure Resource Manager
// (hashicorp/azurerm). Where azuread v3 renamed an attribute
// (application_object_id -> application_id, service principal
// application_id -> client_id) both names are listed so plans from either
// major version link.

const (
	azureadDoc = "https://registry.terraform.io/providers/hashicorp/azuread/latest/docs/resources/"
	azurermDoc = "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/"
)

var (
	// azurermTags: Azure resources carry owners in their tags.
	azurermTags = Owner{Tags: []string{"tags"}}
	azureApps   = []string{"azuread_application", "azuread_application_registration"}
	azureSP     = []string{"azuread_service_principal"}
	// microsoftAPIs are the service principals of Microsoft's own APIs, by
	// application (client) id: Microsoft Graph, Azure AD Graph, Exchange
	// Online, SharePoint Online, Azure Service Management, Key Vault,
	// Storage and Azure DevOps.
	microsoftAPIs = func() []Condition {
		var out []Condition
		for _, id := range []string{
			"00000003-0000-0000-c000-000000000000", "00000002-0000-0000-c000-000000000000",
			"00000002-0000-0ff1-ce00-000000000000", "00000003-0000-0ff1-ce00-000000000000",
			"797f4846-ba00-4fd7-ba43-dac1f8f63013", "cfa8b339-82a2-471a-a3c9-0fc0be7a4093",
			"e406a681-f3d4-42a8-90b6-c2b029497af1", "499b84ac-1321-427f-aa17-267ca6975798",
		} {
			out = append(out, Condition{Path: "client_id", Contains: id, Or: []Condition{{Path: "application_id", Contains: id}}})
		}
		return out
	}()
	// Application credentials: v3 application_id is the resource id
	// "/applications/OBJECT_ID" (azuread_application.id); v2
	// application_object_id is the bare object id.
	azureAppParents = []Link{
		{Path: "application_id", Types: azureApps, By: []string{"id", "object_id"}},
		{Path: "application_object_id", Types: azureApps, By: []string{"object_id"}},
	}
	// v3 service_principal_id is "/servicePrincipals/OBJECT_ID", v2 the object id.
	azureSPParents = []Link{{Path: "service_principal_id", Types: azureSP, By: []string{"id", "object_id"}}}
	// Entra objects a role can be granted to, by object id: directory
	// objects, user-assigned identities, and the resources that have a
	// managed identity of their own (Hosted).
	azurePrincipals = append([]string{"azuread_service_principal", "azuread_group", "azurerm_user_assigned_identity"}, azureHosts...)
	// azureHostedIDs are where a resource's own managed identity keeps its
	// object id (principal_id; an AKS cluster's kubelet identity's object_id).
	azureHostedIDs = []string{"identity.principal_id", "kubelet_identity.object_id"}
	// systemAssigned is a resource's system-assigned identity: its
	// identity block's type is SystemAssigned, alone or beside
	// UserAssigned (a UserAssigned identity is one of its own).
	systemAssigned = &Hosted{When: identityType("SystemAssigned", "SystemAssigned, UserAssigned", "SystemAssigned,UserAssigned"),
		IDs: []string{"identity.principal_id"}, What: "system-assigned managed identity"}
	// azureHosts are the types with a Hosted identity.
	azureHosts = []string{
		"azurerm_linux_virtual_machine", "azurerm_windows_virtual_machine",
		"azurerm_linux_virtual_machine_scale_set", "azurerm_windows_virtual_machine_scale_set",
		"azurerm_linux_web_app", "azurerm_windows_web_app", "azurerm_linux_web_app_slot", "azurerm_windows_web_app_slot",
		"azurerm_linux_function_app", "azurerm_windows_function_app", "azurerm_linux_function_app_slot", "azurerm_windows_function_app_slot",
		"azurerm_logic_app_workflow", "azurerm_logic_app_standard", "azurerm_container_group", "azurerm_container_app",
		"azurerm_kubernetes_cluster", "azurerm_data_factory", "azurerm_automation_account", "azurerm_api_management",
		"azurerm_storage_account",
	}
	// Applications and service principals: owners (object ids of
	// accountable principals), string tags ("owner=team"), free text.
	azureadOwner = Owner{Principals: []string{"owners"}, TagLists: []string{"tags"}, Text: []string{"notes", "description"}}
	azureFed     = "Use a federated identity credential (workload identity federation from GitHub, GitLab, Kubernetes or Terraform Cloud) or a managed identity instead of a client secret"
	// Microsoft Graph addPassword: endDateTime "Optional. The default value
	// is startDateTime + 2 years"; the provider sends none when end_date
	// and end_date_relative are unset.
	// azureAssignee is the principal of a role assignment: a managed
	// identity's principal_id or a service principal's or group's object_id.
	azureAssignee = []Link{{Path: "principal_id", Types: azurePrincipals, By: azureObjectIDs("principal_id", "object_id")}}
	// principal_type is computed when unset; set to User or Group it says
	// the assignment is to people.
	azureAssigneePeople   = &People{Path: "principal_type", Values: []string{"User", "Group"}}
	azurePasswordLifetime = Lifetime{
		Attrs:   []DurationAttr{{Path: "end_date", Unit: EndTime}, {Path: "end_date_relative", Unit: Duration}},
		Default: 730 * Day,
	}
)

// azureObjectIDs are the attributes a link by object id reads on its
// targets: theirs, and where a resource's own managed identity keeps its id.
func azureObjectIDs(own ...string) []string {
	return append(own, azureHostedIDs...)
}

// identityType matches an identity block whose type is one of the values.
func identityType(values ...string) Condition {
	c := Condition{Path: "identity.type", Contains: values[0]}
	for _, v := range values[1:] {
		c.Or = append(c.Or, Condition{Path: c.Path, Contains: v})
	}
	return c
}

func init() {
	register(
		Entry{
			Type: "azuread_application", Class: Identity, Kind: "oauth_client", Provider: "azuread", Doc: azureadDoc + "application",
			Owner: azureadOwner,
			// tags is computed when unset (feature tags): a new
			// application the configuration gives none has none of its own.
			ComputedUnset: []string{"tags"},
			Alternative:   azureFed,
			Requests:      &Requests{Blocks: "required_resource_access", API: "resource_app_id", Access: "resource_access"},
			// azuread v3: "A single password block ... The password is
			// generated during creation"; end_date defaults as an
			// application password's does.
			Inline: &Inline{Block: "password", Kind: "client_secret", What: "client secret",
				Rotated: "azuread_application_password with rotate_when_changed from a time_rotating", Secret: "value", Lifetime: Lifetime{
					Attrs:   []DurationAttr{{Path: "password.end_date", Unit: EndTime}},
					Default: azurePasswordLifetime.Default,
				}},
		},
		Entry{
			// The permissions an application asks of one API, apart from
			// the application (azuread provider 2.4x+).
			Type: "azuread_application_api_access", Class: Other, Kind: "api_access", Provider: "azuread", Doc: azureadDoc + "application_api_access",
			Parents:  azureAppParents,
			Requests: &Requests{API: "api_client_id", RoleIDs: "role_ids"},
		},
		Entry{
			// One owner of an application (registration), apart from it.
			Type: "azuread_application_owner", Class: Other, Kind: "owner", Provider: "azuread", Doc: azureadDoc + "application_owner",
			AssignsOwner: &OwnerAssignment{To: azureAppParents[0], Owner: "owner_object_id"},
		},
		Entry{
			// No owners or tags on this lighter resource (owners come from
			// azuread_application_owner, which points at it).
			Type: "azuread_application_registration", Class: Identity, Kind: "oauth_client", Provider: "azuread", Doc: azureadDoc + "application_registration",
			Owner:       Owner{Text: []string{"notes", "description"}},
			Alternative: azureFed,
		},
		Entry{
			Type: "azuread_application_password", Class: Credential, Kind: "client_secret", Provider: "azuread", Doc: azureadDoc + "application_password",
			Owner:            Owner{Text: []string{"display_name"}},
			Parents:          azureAppParents,
			Lifetime:         azurePasswordLifetime,
			Rotation:         Rotation{Triggers: []string{"rotate_when_changed"}},
			SecretAttrs:      []string{"value"},
			CredentialSecret: true,
			Alternative:      azureFed,
		},
		Entry{
			// value is the public certificate (or, for type Symmetric, a
			// key the caller already holds); end_date "If omitted, the API
			// will decide a suitable expiry date, which is typically around
			// 2 years from the start date".
			Type: "azuread_application_certificate", Class: Credential, Kind: "certificate", Provider: "azuread", Doc: azureadDoc + "application_certificate",
			Parents:     append(append([]Link(nil), azureAppParents...), Link{Path: "value", Types: tlsCerts, By: []string{"cert_pem", "certificate_pem"}, Material: true}),
			Lifetime:    azurePasswordLifetime,
			Alternative: azureFed,
			// type = "Symmetric" makes value a shared secret key, not a
			// certificate's public half: a literal of it is hard-coded.
			SecretAttrs: []string{"value"},
			SecretWhen:  &Condition{Path: "type", Contains: "Symmetric"},
		},
		Entry{
			Type: "azuread_service_principal", Class: Identity, Kind: "service_principal", Provider: "azuread", Doc: azureadDoc + "service_principal",
			Owner:         azureadOwner,
			ComputedUnset: []string{"tags"},
			Foreign:       microsoftAPIs,
			Parents: []Link{
				{Path: "client_id", Types: azureApps, By: []string{"client_id"}},
				{Path: "application_id", Types: azureApps, By: []string{"client_id", "application_id"}},
			},
			Alternative: azureFed,
		},
		Entry{
			Type: "azuread_service_principal_password", Class: Credential, Kind: "client_secret", Provider: "azuread", Doc: azureadDoc + "service_principal_password",
			Owner:            Owner{Text: []string{"display_name"}},
			Parents:          azureSPParents,
			Lifetime:         azurePasswordLifetime,
			Rotation:         Rotation{Triggers: []string{"rotate_when_changed"}},
			SecretAttrs:      []string{"value"},
			CredentialSecret: true,
			Alternative:      azureFed,
		},
		Entry{
			Type: "azuread_service_principal_certificate", Class: Credential, Kind: "certificate", Provider: "azuread", Doc: azureadDoc + "service_principal_certificate",
			Parents:     append(append([]Link(nil), azureSPParents...), Link{Path: "value", Types: tlsCerts, By: []string{"cert_pem", "certificate_pem"}, Material: true}),
			Lifetime:    azurePasswordLifetime,
			Alternative: azureFed,
		},
		Entry{
			// issuer + subject must match the external token exactly (no
			// wildcards): a subject with "*" admits no token.
			Type: "azuread_application_federated_identity_credential", Class: Trust, Kind: "workload_identity", Provider: "azuread", Doc: azureadDoc + "application_federated_identity_credential",
			Owner:     Owner{Text: []string{"description"}},
			Parents:   azureAppParents,
			Privilege: Privilege{Trust: "subject"},
		},
		Entry{
			// A flexible credential matches claims by expression
			// (claims['sub'] matches 'repo:org/app:*'): its patterns do
			// match, unlike a classic credential's subject.
			Type: "azuread_application_flexible_federated_identity_credential", Class: Trust, Kind: "workload_identity", Provider: "azuread", Doc: azureadDoc + "application_flexible_federated_identity_credential",
			Owner:     Owner{Text: []string{"description"}},
			Parents:   azureAppParents,
			Privilege: Privilege{Trust: "claims_matching_expression"},
		},
		Entry{
			// resource_object_id is the API's service principal (Microsoft
			// Graph for RoleManagement.ReadWrite.Directory and friends);
			// app_role_id is the permission granted on it.
			Type: "azuread_app_role_assignment", Class: Grant, Kind: "app_role_assignment", Provider: "azuread", Doc: azureadDoc + "app_role_assignment",
			Privilege: Privilege{
				Engine: AzureAppRole, PolicyRef: "app_role_id",
				Principals: []Link{{Path: "principal_object_id", Types: azurePrincipals, By: azureObjectIDs("object_id", "principal_id")}},
				Scope:      "resource_object_id", ScopeLevel: "resource",
			},
		},
		Entry{
			// Entra directory roles (Global Administrator, Privileged Role
			// Administrator) by role template or object id; judged by the
			// Entra engine, scoped to the tenant unless directory_scope_id
			// narrows it.
			Type: "azuread_directory_role_assignment", Class: Grant, Kind: "directory_role_assignment", Provider: "azuread", Doc: azureadDoc + "directory_role_assignment",
			Privilege: Privilege{
				Engine: AzureAppRole, PolicyRef: "role_id", PolicyRefTypes: []string{"azuread_directory_role", "azuread_custom_directory_role"},
				Principals: []Link{{Path: "principal_object_id", Types: azurePrincipals, By: azureObjectIDs("object_id", "principal_id")}},
				Scope:      "directory_scope_id", ScopeLevel: "directory",
			},
		},
		Entry{
			// The pre-2.x way to give a directory role: role_object_id is
			// the object id of the activated azuread_directory_role.
			Type: "azuread_directory_role_member", Class: Grant, Kind: "directory_role_assignment", Provider: "azuread", Doc: azureadDoc + "directory_role_member",
			Privilege: Privilege{
				Engine: AzureAppRole, PolicyRef: "role_object_id", PolicyRefTypes: []string{"azuread_directory_role"},
				Principals: []Link{{Path: "member_object_id", Types: azurePrincipals, By: azureObjectIDs("object_id", "principal_id")}},
				ScopeLevel: "directory",
			},
		},
		Entry{
			Type: "azuread_directory_role", Class: Other, Kind: "directory_role", Provider: "azuread", Doc: azureadDoc + "directory_role",
		},
		Entry{
			Type: "azuread_custom_directory_role", Class: Policy, Kind: "directory_role", Provider: "azuread", Doc: azureadDoc + "custom_directory_role",
			Owner: Owner{Text: []string{"description"}},
		},
		Entry{
			Type: "azuread_group", Class: Group, Kind: "group", Provider: "azuread", Doc: azureadDoc + "group",
			Owner: Owner{Principals: []string{"owners"}, Text: []string{"description"}},
		},
		Entry{
			Type: "azuread_group_member", Class: Grant, Kind: "group_membership", Provider: "azuread", Doc: azureadDoc + "group_member",
			Privilege: Privilege{
				Principals: []Link{{Path: "member_object_id", Types: azurePrincipals, By: azureObjectIDs("object_id", "principal_id")}},
				Groups:     []Link{{Path: "group_object_id", Types: []string{"azuread_group"}, By: []string{"object_id", "id"}}},
			},
		},

		// Azure Resource Manager.
		Entry{
			Type: "azurerm_user_assigned_identity", Class: Identity, Kind: "managed_identity", Provider: "azurerm", Doc: azurermDoc + "user_assigned_identity",
			Owner: azurermTags,
		},
		Entry{
			// principal_id is an object id: a managed identity's
			// principal_id or a service principal's / group's object_id.
			// role_definition_id is computed when the name is given.
			Type: "azurerm_role_assignment", Class: Grant, Kind: "role_assignment", Provider: "azurerm", Doc: azurermDoc + "role_assignment",
			Privilege: Privilege{
				Engine: AzureRole, PolicyRef: "role_definition_name", PolicyRefAlt: []string{"role_definition_id"},
				PolicyRefTypes: []string{"azurerm_role_definition"},
				Principals:     azureAssignee,
				Scope:          "scope",
				People:         azureAssigneePeople,
			},
		},
		Entry{
			// An active PIM assignment is a role assignment (with an
			// optional schedule); role_definition_id is the full id.
			Type: "azurerm_pim_active_role_assignment", Class: Grant, Kind: "role_assignment", Provider: "azurerm", Doc: azurermDoc + "pim_active_role_assignment",
			Privilege: Privilege{
				Engine: AzureRole, PolicyRef: "role_definition_id", PolicyRefTypes: []string{"azurerm_role_definition"},
				Principals: azureAssignee,
				Scope:      "scope",
				People:     azureAssigneePeople,
			},
		},
		Entry{
			// Document names the permissions block (actions, not_actions,
			// data_actions, not_data_actions), the Azure engine's input.
			Type: "azurerm_role_definition", Class: Policy, Kind: "role_definition", Provider: "azurerm", Doc: azurermDoc + "role_definition",
			Owner:     Owner{Text: []string{"description"}},
			Privilege: Privilege{Engine: AzureRole, Document: "permissions", Scope: "scope"},
		},
		Entry{
			Type: "azurerm_federated_identity_credential", Class: Trust, Kind: "workload_identity", Provider: "azurerm", Doc: azurermDoc + "federated_identity_credential",
			// parent_id; user_assigned_identity_id from azurerm v5.
			Parents: []Link{{Path: "parent_id", Types: []string{"azurerm_user_assigned_identity"}, By: []string{"id"}},
				{Path: "user_assigned_identity_id", Types: []string{"azurerm_user_assigned_identity"}, By: []string{"id"}}},
			Privilege: Privilege{Trust: "subject"},
		},
		Entry{
			// Data-plane access to one vault for object_id (a service
			// principal's or group's object_id, a managed identity's
			// principal_id; application_id only narrows it to that app
			// acting for the principal). The four permission lists are
			// read as one (scopes "azurerm"): "Get" among them may read
			// every secret's value.
			Type: "azurerm_key_vault_access_policy", Class: Grant, Kind: "access_policy", Provider: "azurerm", Doc: azurermDoc + "key_vault_access_policy",
			Privilege: Privilege{
				Engine: TokenScopes, Scopes: "secret_permissions",
				ScopesAlt:  []string{"key_permissions", "certificate_permissions", "storage_permissions"},
				Principals: []Link{{Path: "object_id", Types: azurePrincipals, By: azureObjectIDs("principal_id", "object_id")}},
			},
		},
		Entry{
			// A certificate Key Vault issues or imports: its policy's
			// validity_in_months bounds it (12 months by default), and a
			// lifetime_action with action_type AutoRenew renews it before
			// then. An imported one carries its private key in
			// certificate.contents (and the PFX password).
			Type: "azurerm_key_vault_certificate", Class: Credential, Kind: "certificate", Provider: "azurerm", Doc: azurermDoc + "key_vault_certificate",
			Owner: azurermTags,
			Lifetime: Lifetime{
				Attrs:   []DurationAttr{{Path: "certificate_policy.x509_certificate_properties.validity_in_months", Unit: Months}},
				Default: 365 * Day,
			},
			Rotation:         Rotation{Renewal: []string{"certificate_policy.lifetime_action"}},
			SecretAttrs:      []string{"certificate"},
			CredentialSecret: true,
		},
		Entry{
			// A copy of a credential's secret here is exposure too (NHI-007).
			Type: "azurerm_key_vault_secret", Class: Secret, Kind: "secret", Provider: "azurerm", Doc: azurermDoc + "key_vault_secret",
			Owner:    azurermTags,
			Lifetime: Lifetime{Attrs: []DurationAttr{{Path: "expiration_date", Unit: EndTime}}, Static: true, Default: Forever},
			// value_wo (azurerm 4.23+) is written with value_wo_version.
			Rotation:    Rotation{Triggers: []string{"value_wo_version"}},
			SecretAttrs: []string{"value", "value_wo"},
			SinkAttrs:   []string{"value", "value_wo"},
		},
		Entry{
			Type: "azurerm_resource_group", Class: Other, Kind: "resource_group", Provider: "azurerm", Doc: azurermDoc + "resource_group",
			Owner: azurermTags,
		},
		Entry{
			// Shared keys authenticate to the whole account: copies of them
			// are credential exposure.
			Type: "azurerm_storage_account", Class: Other, Kind: "storage_account", Provider: "azurerm", Doc: azurermDoc + "storage_account",
			Owner:  azurermTags,
			Hosted: systemAssigned,
			SecretAttrs: []string{
				"primary_access_key", "secondary_access_key",
				"primary_connection_string", "secondary_connection_string",
				"primary_blob_connection_string", "secondary_blob_connection_string",
			},
			CredentialSecret: true,
			Alternative:      "Disable shared keys (shared_access_key_enabled = false) and grant a managed identity a data role instead",
		},
		Entry{
			// The registry's admin user: one static password for push and
			// pull, while admin_enabled is true.
			Type: "azurerm_container_registry", Class: Credential, Kind: "password", Provider: "azurerm", Doc: azurermDoc + "container_registry",
			When:             &Condition{Path: "admin_enabled", Contains: "true"},
			Otherwise:        Other,
			Owner:            azurermTags,
			Lifetime:         Lifetime{Static: true, Default: Forever},
			SecretAttrs:      []string{"admin_password"},
			CredentialSecret: true,
			Alternative:      "Disable the admin user (admin_enabled = false) and pull with a managed identity granted AcrPull, or a scoped repository token",
		},
		Entry{
			// The local accounts' kubeconfigs hold client certificates and
			// keys; kube_admin_config's is cluster-admin. Their hosts and CA
			// certificates are read everywhere and are no secret: their keys
			// and passwords are.
			Type: "azurerm_kubernetes_cluster", Class: Other, Kind: "kubernetes_cluster", Provider: "azurerm", Doc: azurermDoc + "kubernetes_cluster",
			Owner: azurermTags,
			// The cluster's identity runs its control plane; the kubelet
			// identity, which AKS makes unless one is given, is what every
			// node (and so every pod that reaches the instance metadata
			// endpoint) gets tokens for. A grant to either reaches the
			// cluster's workloads.
			// Only a system-assigned control plane identity makes the
			// cluster an identity: a kubelet_identity block is also
			// planned for a kubelet that runs as a user-assigned identity
			// of the configuration, which is that identity, not the
			// cluster's.
			Hosted: &Hosted{
				When: identityType("SystemAssigned"),
				IDs:  azureHostedIDs,
				What: "managed identity (control plane or kubelet)",
			},
			SecretAttrs: []string{"kube_config_raw", "kube_admin_config_raw"},
			SecretPaths: []string{"kube_config.client_key", "kube_config.password", "kube_admin_config.client_key", "kube_admin_config.password",
				// Set in the configuration: the Windows nodes' admin
				// password, and the client secret a cluster without a
				// managed identity signs in to Azure with.
				"windows_profile.admin_password", "service_principal.client_secret"},
			CredentialSecret: true,
			Alternative:      "Disable the cluster's local accounts (local_account_disabled = true) and sign in through Entra ID (kubelogin in pipelines)",
		},
		Entry{
			// The legacy virtual machine sets its admin password in its
			// os_profile block.
			Type: "azurerm_virtual_machine", Class: Other, Kind: "instance", Provider: "azurerm", Doc: azurermDoc + "virtual_machine",
			Owner:       azurermTags,
			SecretPaths: []string{"os_profile.admin_password"},
		},
		Entry{
			// A registry password to pull images with, and environment
			// variables the service keeps secret (shown to no reader of
			// the group, unlike environment_variables).
			Type: "azurerm_container_group", Class: Other, Kind: "container_group", Provider: "azurerm", Doc: azurermDoc + "container_group",
			Owner:       azurermTags,
			SecretPaths: []string{"image_registry_credential.password", "container.secure_environment_variables"},
			Hosted:      systemAssigned,
		},
	)
	// Virtual machines and scale sets: an admin password set in the
	// configuration, and a system-assigned identity.
	for _, k := range []struct{ typ, kind string }{
		{"azurerm_linux_virtual_machine", "instance"}, {"azurerm_linux_virtual_machine_scale_set", "instance_group"},
		{"azurerm_windows_virtual_machine", "instance"}, {"azurerm_windows_virtual_machine_scale_set", "instance_group"},
	} {
		register(Entry{
			Type: k.typ, Class: Other, Kind: k.kind, Provider: "azurerm", Doc: azurermDoc + k.typ[len("azurerm_"):],
			Owner: azurermTags, SecretAttrs: []string{"admin_password"}, Hosted: systemAssigned,
		})
	}
	// Services that run code, or act on other resources, as their own
	// system-assigned identity.
	for _, k := range []struct{ typ, kind string }{
		{"azurerm_linux_web_app", "web_app"}, {"azurerm_windows_web_app", "web_app"},
		{"azurerm_linux_web_app_slot", "web_app"}, {"azurerm_windows_web_app_slot", "web_app"},
		{"azurerm_linux_function_app", "function_app"}, {"azurerm_windows_function_app", "function_app"},
		{"azurerm_linux_function_app_slot", "function_app"}, {"azurerm_windows_function_app_slot", "function_app"},
		{"azurerm_logic_app_workflow", "logic_app"}, {"azurerm_logic_app_standard", "logic_app"},
		{"azurerm_container_app", "container_app"},
		{"azurerm_data_factory", "data_factory"}, {"azurerm_automation_account", "automation_account"},
		{"azurerm_api_management", "api_management"},
	} {
		e := Entry{
			Type: k.typ, Class: Other, Kind: k.kind, Provider: "azurerm", Doc: azurermDoc + k.typ[len("azurerm_"):],
			Owner: azurermTags, Hosted: systemAssigned,
		}
		// A deployment slot belongs to its app: an untagged slot takes
		// the app's owner.
		switch k.typ {
		case "azurerm_linux_web_app_slot", "azurerm_windows_web_app_slot":
			e.Parents = []Link{{Path: "app_service_id", Types: []string{"azurerm_linux_web_app", "azurerm_windows_web_app"}, By: []string{"id"}}}
		case "azurerm_linux_function_app_slot", "azurerm_windows_function_app_slot":
			e.Parents = []Link{{Path: "function_app_id", Types: []string{"azurerm_linux_function_app", "azurerm_windows_function_app"}, By: []string{"id"}}}
		}
		switch k.kind {
		case "web_app", "function_app":
			// The publishing (deployment) credential the service makes.
			e.SecretPaths = []string{"site_credential.password"}
		}
		switch k.kind {
		case "function_app", "logic_app":
			// The key of the storage account the runtime keeps its state in.
			if k.typ != "azurerm_logic_app_workflow" {
				e.SecretAttrs = []string{"storage_account_access_key"}
			}
		}
		register(e)
	}
	// Shared keys and the connection strings that embed them authenticate
	// to the whole resource, like a storage account's: copies of them are
	// credential exposure.
	for _, k := range []struct {
		typ, kind, alternative string
		secrets                []string
	}{
		{"azurerm_redis_cache", "cache", "Turn on Entra ID authentication, disable access-key authentication, and give a managed identity a data access policy",
			[]string{"primary_access_key", "secondary_access_key", "primary_connection_string", "secondary_connection_string"}},
		{"azurerm_cosmosdb_account", "database_account", "Disable key-based access (local_authentication_disabled = true) and grant a managed identity a Cosmos DB data role",
			[]string{"primary_key", "secondary_key", "primary_readonly_key", "secondary_readonly_key", "connection_strings",
				"primary_sql_connection_string", "secondary_sql_connection_string", "primary_readonly_sql_connection_string", "secondary_readonly_sql_connection_string",
				"primary_mongodb_connection_string", "secondary_mongodb_connection_string", "primary_readonly_mongodb_connection_string", "secondary_readonly_mongodb_connection_string"}},
		{"azurerm_servicebus_namespace", "namespace", "Disable local authentication (local_auth_enabled = false) and grant a managed identity a Service Bus data role",
			[]string{"default_primary_key", "default_secondary_key", "default_primary_connection_string", "default_secondary_connection_string"}},
		{"azurerm_eventhub_namespace", "namespace", "Disable local authentication (local_authentication_enabled = false) and grant a managed identity an Event Hubs data role",
			[]string{"default_primary_key", "default_secondary_key", "default_primary_connection_string", "default_secondary_connection_string",
				"default_primary_connection_string_alias", "default_secondary_connection_string_alias"}},
		{"azurerm_search_service", "search_service", "Use Entra ID authentication (local_authentication_enabled = false) and grant a managed identity a Search data role",
			[]string{"primary_key", "secondary_key", "query_keys"}},
		{"azurerm_cognitive_account", "cognitive_account", "Disable local authentication (local_auth_enabled = false) and grant a managed identity a Cognitive Services role",
			[]string{"primary_access_key", "secondary_access_key"}},
	} {
		register(Entry{
			Type: k.typ, Class: Other, Kind: k.kind, Provider: "azurerm", Doc: azurermDoc + k.typ[len("azurerm_"):],
			Owner: azurermTags, SecretAttrs: k.secrets, CredentialSecret: true, Alternative: k.alternative,
		})
	}
	// Shared access authorization rules of Event Hubs and Service Bus: each
	// rule's keys sign tokens for what the rule allows (listen, send,
	// manage), on its namespace, event hub, queue or topic.
	for _, typ := range []string{
		"azurerm_eventhub_namespace_authorization_rule", "azurerm_eventhub_authorization_rule",
		"azurerm_servicebus_namespace_authorization_rule", "azurerm_servicebus_queue_authorization_rule", "azurerm_servicebus_topic_authorization_rule",
	} {
		register(Entry{
			Type: typ, Class: Other, Kind: "authorization_rule", Provider: "azurerm", Doc: azurermDoc + typ[len("azurerm_"):],
			SecretAttrs: []string{"primary_key", "secondary_key", "primary_connection_string", "secondary_connection_string",
				"primary_connection_string_alias", "secondary_connection_string_alias"},
			CredentialSecret: true,
			Alternative:      "Disable local (SAS) authentication on the namespace and grant a managed identity a data role",
		})
	}
}
