package scopes

import (
	"slices"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

func ids(v iam.Verdict) []string {
	var out []string
	for _, e := range v.Evidence {
		out = append(out, e.ID)
	}
	return out
}

func TestGitHubClassicScopes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		scopes []string
		class  iam.Class
		id     string
	}{
		{[]string{"admin:org"}, iam.ClassAdmin, "github:admin-org"},
		{[]string{"repo", "read:org"}, iam.ClassWrite, "github:repo"},
		{[]string{"workflow"}, iam.ClassWrite, "github:workflow"},
		{[]string{"write:org"}, iam.ClassPermissionsManagement, "github:write-org"},
		{[]string{"read:packages", "read:org", "user:email"}, iam.ClassRead, ""},
		{[]string{"public_repo"}, iam.ClassWrite, ""},
		{[]string{"made_up"}, iam.ClassUnknown, ""},
		{nil, iam.ClassNone, ""},
	}
	for _, tc := range tests {
		v := GitHubClassicScopes(Strings(tc.scopes), iam.Source{Chain: []string{"token"}})
		if v.Class != tc.class || (tc.id != "" && !slices.Contains(ids(v), tc.id)) {
			t.Errorf("%v: %s %v", tc.scopes, v.Class, ids(v))
		}
	}
}

func TestGitHubPermissions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		perms map[string]any
		class iam.Class
		id    string
	}{
		{map[string]any{"contents": "read", "metadata": "read"}, iam.ClassRead, ""},
		{map[string]any{"contents": "write"}, iam.ClassWrite, ""},
		{map[string]any{"workflows": "write", "contents": "write"}, iam.ClassWrite, "github:workflows-write"},
		{map[string]any{"administration": "write"}, iam.ClassPermissionsManagement, "github:administration-write"},
		{map[string]any{"organization_administration": "write"}, iam.ClassAdmin, "github:organization-administration-write"},
		{map[string]any{"members": "write"}, iam.ClassPermissionsManagement, "github:members-write"},
		{map[string]any{"organization_projects": "admin"}, iam.ClassAdmin, "github:organization-projects-admin"},
		{map[string]any{"contents": value.Unknown{Ref: "var.level"}}, iam.ClassUnknown, ""},
	}
	for _, tc := range tests {
		v := GitHubPermissions(tc.perms, iam.Source{})
		if v.Class != tc.class || (tc.id != "" && !slices.Contains(ids(v), tc.id)) {
			t.Errorf("%v: %s %v", tc.perms, v.Class, ids(v))
		}
	}
}

func TestGitHubDeployKey(t *testing.T) {
	t.Parallel()
	// github-01: docs_publisher and legacy_jenkins are writable; mirror_reader is read-only.
	if v := GitHubDeployKey(false, iam.Source{Chain: []string{"github_repository_deploy_key.docs_publisher"}}); v.Class != iam.ClassWrite || !slices.Equal(ids(v), []string{"github:deploy-key-write"}) {
		t.Errorf("read_only=false: %s %v", v.Class, ids(v))
	}
	if v := GitHubDeployKey(true, iam.Source{}); v.Class != iam.ClassRead || len(v.Evidence) > 0 {
		t.Errorf("read_only=true: %s", v.Class)
	}
	if v := GitHubDeployKey(nil, iam.Source{}); v.Class != iam.ClassRead {
		t.Errorf("unset: %s", v.Class)
	}
	if v := GitHubDeployKey(value.Unknown{Ref: "var.ro"}, iam.Source{}); v.Class != iam.ClassUnknown || len(v.Unknowns) != 1 {
		t.Errorf("unknown: %+v", v)
	}
}

func TestGitLab(t *testing.T) {
	t.Parallel()
	scopes := []struct {
		scopes []string
		class  iam.Class
		id     string
	}{
		{[]string{"api"}, iam.ClassWrite, "gitlab:api"},
		{[]string{"sudo", "api"}, iam.ClassAdmin, "gitlab:sudo"},
		{[]string{"admin_mode"}, iam.ClassAdmin, "gitlab:admin-mode"},
		{[]string{"write_repository", "read_api"}, iam.ClassWrite, ""},
		{[]string{"read_api", "read_repository"}, iam.ClassRead, ""},
		{[]string{"read_registry", "write_registry"}, iam.ClassWrite, ""}, // deploy token
	}
	for _, tc := range scopes {
		v := GitLabScopes(Strings(tc.scopes), iam.Source{})
		if v.Class != tc.class || (tc.id != "" && !slices.Contains(ids(v), tc.id)) {
			t.Errorf("%v: %s %v", tc.scopes, v.Class, ids(v))
		}
	}
	levels := []struct {
		level any
		class iam.Class
	}{
		{50, iam.ClassAdmin}, {40, iam.ClassPermissionsManagement}, {30, iam.ClassWrite}, {20, iam.ClassRead},
		{15, iam.ClassRead}, {10, iam.ClassRead}, {5, iam.ClassNone}, {"maintainer", iam.ClassPermissionsManagement},
		{float64(30), iam.ClassWrite}, {"chief", iam.ClassUnknown}, {value.Unknown{}, iam.ClassUnknown},
	}
	for _, tc := range levels {
		if v := GitLabAccessLevel(tc.level, iam.Source{}); v.Class != tc.class {
			t.Errorf("level %v: %s", tc.level, v.Class)
		}
	}
}

func TestRegistry(t *testing.T) {
	t.Parallel()
	tests := []struct {
		provider string
		scopes   []string
		class    iam.Class
	}{
		{"cloudflare", []string{"Zone Read", "DNS Read"}, iam.ClassRead},
		{"cloudflare", []string{"DNS Write", "Zone Read"}, iam.ClassWrite},
		{"Cloudflare", []string{"Workers Scripts Edit"}, iam.ClassWrite},
		{"cloudflare", []string{"API Tokens Write"}, iam.ClassAdmin},
		// A user permission over the token owner's own memberships
		// (accepting an invitation, leaving an account): it grants no one
		// anything (developers.cloudflare.com, API token permissions).
		{"cloudflare", []string{"Memberships Write"}, iam.ClassWrite},
		{"cloudflare", []string{"Memberships Edit"}, iam.ClassWrite},
		// Add Member accepts Account Settings Write or SCIM Provisioning.
		{"cloudflare", []string{"Account Settings Edit"}, iam.ClassAdmin},
		{"cloudflare", []string{"SCIM Provisioning"}, iam.ClassPermissionsManagement},
		{"datadog", []string{"dashboards_read", "monitors_read"}, iam.ClassRead},
		{"datadog", []string{"monitors_write"}, iam.ClassWrite},
		{"datadog", []string{"user_access_manage"}, iam.ClassPermissionsManagement},
		// "Application Keys configured with no scopes have full access": an unset list reads as "*".
		{"datadog", []string{"*"}, iam.ClassWrite},
		{"datadog", []string{"api_keys_write"}, iam.ClassAdmin},
		{"github", []string{"repo"}, iam.ClassWrite},
		{"gitlab", []string{"read_api"}, iam.ClassRead},
		{"nosuch", []string{"x"}, iam.ClassUnknown},
	}
	for _, tc := range tests {
		if v := Classify(tc.provider, Strings(tc.scopes), iam.Source{}); v.Class != tc.class {
			t.Errorf("%s %v: %s", tc.provider, tc.scopes, v.Class)
		}
	}
	Register("example", func(s string) (iam.Class, iam.Kind, string, bool) {
		return iam.ClassRead, "", "", s == "look"
	})
	if v := Classify("example", Strings([]string{"look"}), iam.Source{}); v.Class != iam.ClassRead {
		t.Errorf("custom provider: %s", v.Class)
	}
	if !slices.Contains(Providers(), "cloudflare") {
		t.Error("providers")
	}
}

// Key Vault access policy permissions (azurerm_key_vault_access_policy),
// the lists merged, in either spelling the provider versions use.
func TestAzureKeyVaultPermissions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		perms []string
		class iam.Class
	}{
		{[]string{"Get", "List"}, iam.ClassRead},
		{[]string{"get", "list", "getissuers"}, iam.ClassRead},
		{[]string{"Encrypt", "Verify", "WrapKey", "Backup"}, iam.ClassRead},
		{[]string{"Get", "Set"}, iam.ClassWrite},
		{[]string{"Purge"}, iam.ClassWrite},
		{[]string{"Decrypt"}, iam.ClassWrite},
		{[]string{"UnwrapKey", "Get"}, iam.ClassWrite},
		{[]string{"Sign"}, iam.ClassWrite},
		{[]string{"Release"}, iam.ClassWrite},
		{[]string{"SetSAS", "RegenerateKey"}, iam.ClassWrite},
		{[]string{"ManageIssuers"}, iam.ClassWrite},
		{[]string{"Impersonate"}, iam.ClassUnknown},
		{nil, iam.ClassNone},
	}
	for _, tc := range tests {
		v := Classify("azurerm", Strings(tc.perms), iam.Source{Chain: []string{"azurerm_key_vault_access_policy.x"}})
		if v.Class != tc.class {
			t.Errorf("%v: %s", tc.perms, v.Class)
		}
		// The lists are merged: "Get" may be a key's public part, so no
		// permission is claimed to read secrets.
		if v.Has(iam.KindSecretsRead) || v.Has(iam.KindAdmin) {
			t.Errorf("%v: evidence %v", tc.perms, ids(v))
		}
	}
	if v := Classify("azurerm", []any{"Get", value.Unknown{Ref: "var.perms"}}, iam.Source{}); v.Class != iam.ClassRead || len(v.Unknowns) != 1 {
		t.Errorf("unknown permission: %s %v", v.Class, v.Unknowns)
	}
	if v := Classify("azurerm", Strings([]string{"Get", "Impersonate"}), iam.Source{}); len(v.Notes) != 1 {
		t.Errorf("an unknown permission is not noted: %v", v.Notes)
	}
	if !slices.Contains(Providers(), "azurerm") {
		t.Error("azurerm is not registered")
	}
}

// Cloudflare policies: deny grants nothing; a write group on every zone or
// every account (the top-level wildcards, in a map or provider 5's JSON)
// is a wildcard, one account's zones nested under it are not; Account
// Settings Write adds members with any role (admin); an id nothing names is
// unknown, never guessed; the built-in table names only documented ids.
func TestCloudflarePolicies(t *testing.T) {
	t.Parallel()
	named := func(names ...string) []CloudflareGroup {
		var out []CloudflareGroup
		for _, n := range names {
			out = append(out, CloudflareGroup{Name: n})
		}
		return out
	}
	everyZone := map[string]any{"com.cloudflare.api.account.zone.*": "*"}
	for _, tc := range []struct {
		name  string
		ps    []CloudflarePolicy
		class iam.Class
		ids   []string
	}{
		{"dns write on every zone", []CloudflarePolicy{{Effect: "allow", Groups: named("DNS Write", "Zone Read"), Resources: everyZone}},
			iam.ClassWrite, []string{"cloudflare:every-zone"}},
		{"workers on every account, as JSON", []CloudflarePolicy{{Effect: "allow", Groups: named("Workers Scripts Write"), Resources: `{"com.cloudflare.api.account.*":"*"}`}},
			iam.ClassWrite, []string{"cloudflare:every-account"}},
		{"every zone of one account", []CloudflarePolicy{{Effect: "allow", Groups: named("DNS Write"),
			Resources: `{"com.cloudflare.api.account.f037e56e89293a057740de681ac9abbe":{"com.cloudflare.api.account.zone.*":"*"}}`}}, iam.ClassWrite, nil},
		{"read on every zone", []CloudflarePolicy{{Groups: named("DNS Read"), Resources: everyZone}}, iam.ClassRead, nil},
		{"deny", []CloudflarePolicy{{Effect: "deny", Groups: named("Zone Write"), Resources: everyZone}}, iam.ClassNone, nil},
		{"account settings", []CloudflarePolicy{{Effect: "allow", Groups: named("Account Settings Write"), Resources: map[string]any{"com.cloudflare.api.account.x": "*"}}},
			iam.ClassAdmin, []string{"cloudflare:account-settings-write"}},
		{"api tokens", []CloudflarePolicy{{Effect: "allow", Groups: named("API Tokens Edit"), Resources: map[string]any{"com.cloudflare.api.user.x": "*"}}},
			iam.ClassAdmin, []string{"cloudflare:api-tokens-edit"}},
		{"an unnamed id", []CloudflarePolicy{{Effect: "allow", Groups: []CloudflareGroup{{ID: "a0b1"}}, Resources: everyZone}}, iam.ClassUnknown, nil},
		{"an unnamed id next to a read", []CloudflarePolicy{{Effect: "allow", Groups: append(named("Zone Read"), CloudflareGroup{ID: "a0b1"}), Resources: everyZone}},
			iam.ClassRead, nil},
	} {
		v := CloudflarePolicies(tc.ps, iam.Source{})
		if v.Class != tc.class || !slices.Equal(ids(v), tc.ids) {
			t.Errorf("%s: %s %v %v", tc.name, v.Class, ids(v), v.Notes)
		}
		if tc.name == "an unnamed id" && (len(v.Notes) != 1 || !strings.Contains(v.Notes[0], "a0b1 is not named in the plan")) {
			t.Errorf("an unnamed id says so: %v", v.Notes)
		}
	}
	if n, ok := CloudflareGroupName("82E64A83756745BBBB1C9C2701BF816B"); !ok || n != "DNS Read" {
		t.Errorf("the documented DNS Read id: %q", n)
	}
	if _, ok := CloudflareGroupName("4755a26eedb94da69e1066d98aa820be"); ok {
		t.Error("only ids a public source names are built in")
	}
}
