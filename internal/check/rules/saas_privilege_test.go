package rules_test

import (
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// sfUser is a Snowflake service user created by the plan.
func sfUser(name string, after map[string]any) res {
	vals := map[string]any{"name": strings.ToUpper(name), "comment": "owner=team-data"}
	for k, v := range after {
		vals[k] = v
	}
	return res{Addr: "snowflake_service_user." + name, After: vals, Unknown: map[string]any{"id": true, "fully_qualified_name": true}}
}

// sfGrant grants role_name to a user or a parent role, both referred to.
func sfGrant(name, role string, refs map[string][]string) res {
	after := map[string]any{"role_name": role}
	for attr := range refs {
		after[attr] = nil
	}
	unknown := map[string]any{"id": true}
	for attr := range refs {
		unknown[attr] = true
	}
	return res{Addr: "snowflake_grant_account_role." + name, After: after, Unknown: unknown, Refs: refs}
}

func sfRole(name string) res {
	return res{Addr: "snowflake_account_role." + name, After: map[string]any{"name": strings.ToUpper(name)}, Unknown: map[string]any{"id": true}}
}

func nameRef(addr string) []string { return []string{addr + ".name", addr} }

// A default role grants nothing in Snowflake ("specifying a default role
// for a user does not grant the role to the user"): a service user whose
// default_role is ACCOUNTADMIN and that holds no grant is not admin.
func TestSnowflakeDefaultRoleGrantsNothing(t *testing.T) {
	t.Parallel()
	r := check(t, []res{sfUser("loader", map[string]any{"default_role": "ACCOUNTADMIN"})}, nil)
	noFindingsOn(t, r, "snowflake_service_user.loader", "default_role alone")
}

// Roles reach a user through any depth of role grants (a parent role
// inherits its children), named in the message; a cycle of grants ends.
// The role is matched by name however it is written (a fully qualified
// "\"ETL\"" literal names the role resource ETL).
func TestSnowflakeRoleHierarchy(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		sfUser("etl", nil),
		sfRole("etl"), sfRole("ops"),
		{Addr: "snowflake_grant_account_role.etl_to_user", After: map[string]any{"role_name": `"ETL"`}, Unknown: map[string]any{"id": true, "user_name": true},
			Refs: map[string][]string{"user_name": nameRef("snowflake_service_user.etl")}},
		sfGrant("ops_to_etl", "OPS", map[string][]string{"parent_role_name": nameRef("snowflake_account_role.etl")}),
		sfGrant("etl_to_ops", "ETL", map[string][]string{"parent_role_name": nameRef("snowflake_account_role.ops")}), // a cycle
		sfGrant("securityadmin_to_ops", "securityadmin", map[string][]string{"parent_role_name": nameRef("snowflake_account_role.ops")}),
	}, nil)
	f := has(r, "snowflake_service_user.etl", "NHI-004")
	if f == nil || !strings.Contains(f.Message, "SECURITYADMIN (held through role ETL, then OPS)") {
		t.Fatalf("SECURITYADMIN two roles down: %+v", f)
	}
	if !strings.Contains(f.Remediation, "custom role") {
		t.Errorf("a Snowflake fix, not AWS's: %s", f.Remediation)
	}
	for _, g := range []string{"snowflake_grant_account_role.etl_to_user", "snowflake_grant_account_role.ops_to_etl", "snowflake_grant_account_role.securityadmin_to_ops"} {
		if has(r, g, "NHI-004") == nil {
			t.Errorf("%s is on the way: %v", g, findings(r))
		}
	}
}

// The grants of before 1.0 (snowflake_role_grants: role_name to users and
// roles) count too: USERADMIN makes users and roles, permissions
// management. ALL PRIVILEGES on the account includes MANAGE GRANTS:
// admin; on one warehouse it is write.
func TestSnowflakeLegacyGrantsAndAllPrivileges(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "snowflake_legacy_service_user.scim", After: map[string]any{"name": "SCIM", "comment": "owner=team-identity"}, Unknown: map[string]any{"password": true}},
		{Addr: "snowflake_role_grants.useradmin", After: map[string]any{"role_name": "USERADMIN", "roles": []any{}}, Unknown: map[string]any{"users": true},
			Refs: map[string][]string{"users": nameRef("snowflake_legacy_service_user.scim")}},
		sfUser("deployer", nil), sfRole("deploy"),
		sfGrant("deploy_to_deployer", "DEPLOY", map[string][]string{"user_name": nameRef("snowflake_service_user.deployer")}),
		{Addr: "snowflake_grant_privileges_to_account_role.all", After: map[string]any{"account_role_name": "DEPLOY", "all_privileges": true, "on_account": true, "privileges": nil}},
		sfUser("loader", nil), sfRole("load"),
		sfGrant("load_to_loader", "LOAD", map[string][]string{"user_name": nameRef("snowflake_service_user.loader")}),
		{Addr: "snowflake_grant_privileges_to_role.warehouse", After: map[string]any{"role_name": "LOAD", "all_privileges": true, "on_account": false,
			"on_account_object": []any{map[string]any{"object_type": "WAREHOUSE", "object_name": "LOAD_WH"}}}},
	}, nil)
	if f := has(r, "snowflake_legacy_service_user.scim", "NHI-005"); f == nil || !strings.Contains(f.Message, "USERADMIN") {
		t.Errorf("USERADMIN through snowflake_role_grants: %v", findings(r))
	}
	if has(r, "snowflake_service_user.deployer", "NHI-004") == nil || has(r, "snowflake_grant_privileges_to_account_role.all", "NHI-004") == nil {
		t.Errorf("ALL PRIVILEGES on the account: %v", findings(r))
	}
	noFindingsOn(t, r, "snowflake_service_user.loader", "all privileges on one warehouse")
	if p := inventoryPrivilege(r, "snowflake_service_user.loader"); p != "write" {
		t.Errorf("all privileges on one warehouse: %s", p)
	}
}

// ACCOUNTADMIN granted to a person (snowflake_user, TYPE = PERSON) is not
// a machine identity's privilege: nothing to report.
func TestSnowflakePersonNotJudged(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "snowflake_user.alice", After: map[string]any{"name": "ALICE"}, Unknown: map[string]any{"id": true}},
		sfGrant("alice_admin", "ACCOUNTADMIN", map[string][]string{"user_name": nameRef("snowflake_user.alice")}),
	}, nil)
	if len(r.Findings) != 0 {
		t.Errorf("a person: %v", findings(r))
	}
}

// cfDeferred is a Cloudflare permission groups data source read at apply (its
// values unknown): the plan names no id.
func cfDeferred(addr string, after map[string]any) res {
	return res{Addr: addr, Actions: []string{"read"}, After: after, Unknown: map[string]any{"result": true, "account": true, "zone": true, "user": true}}
}

// A permission group id known only after apply is named by what the
// configuration reads: a provider 4 data source's map key, or the name a
// provider 5 list data source filters on (URL-encoded). A name provider 5
// reads back into the state names the group whatever its id.
func TestCloudflareGroupsNamedByConfiguration(t *testing.T) {
	t.Parallel()
	groups := "data.cloudflare_api_token_permission_groups.all"
	list := "data.cloudflare_api_token_permission_groups_list.members"
	r := check(t, []res{
		cfDeferred(groups, map[string]any{}),
		{Addr: "cloudflare_api_token.dns", After: map[string]any{"name": "dns owner=team-web", "expires_on": "2027-01-01T00:00:00Z",
			"policy": []any{map[string]any{"effect": "allow", "resources": map[string]any{"com.cloudflare.api.account.zone.*": "*"}}}},
			Unknown: map[string]any{"value": true, "policy": []any{map[string]any{"permission_groups": true}}},
			Exprs: map[string]any{"policy": []any{map[string]any{"permission_groups": map[string]any{"references": []string{
				groups + `.zone["DNS Write"]`, groups + ".zone", groups}}}}}},
		cfDeferred(list, map[string]any{"name": "Account%20Settings%20Write"}),
		{Addr: "cloudflare_api_token.members", After: map[string]any{"name": "members owner=team-identity", "expires_on": "2027-01-01T00:00:00Z",
			"policies": []any{map[string]any{"effect": "allow", "resources": `{"com.cloudflare.api.account.f037e56e89293a057740de681ac9abbe":"*"}`}}},
			Unknown: map[string]any{"value": true, "policies": []any{map[string]any{"permission_groups": true}}},
			Refs:    map[string][]string{"policies": {list + ".result[0].id", list + ".result[0]", list + ".result", list}}},
		{Addr: "cloudflare_api_token.minter", Actions: []string{"no-op"},
			Before: map[string]any{"name": "minter owner=team-platform", "expires_on": "2027-01-01T00:00:00Z",
				"policies": []any{map[string]any{"effect": "allow", "resources": `{"com.cloudflare.api.user.7c5dae5552338874e5053f2534d2767a":"*"}`,
					"permission_groups": []any{map[string]any{"id": "00000000000000000000000000000001", "name": "API Tokens Write"}}}}},
			After: map[string]any{"name": "minter owner=team-platform", "expires_on": "2027-01-01T00:00:00Z",
				"policies": []any{map[string]any{"effect": "allow", "resources": `{"com.cloudflare.api.user.7c5dae5552338874e5053f2534d2767a":"*"}`,
					"permission_groups": []any{map[string]any{"id": "00000000000000000000000000000001", "name": "API Tokens Write"}}}}}},
	}, nil)
	if f := has(r, "cloudflare_api_token.dns", "NHI-005"); f == nil || !strings.Contains(f.Message, "DNS Write on com.cloudflare.api.account.zone.*") ||
		!strings.Contains(f.Remediation, "permission groups it uses") {
		t.Errorf("a v4 map key: %v", findings(r))
	}
	if f := has(r, "cloudflare_api_token.members", "NHI-004"); f == nil || !strings.Contains(f.Message, "Account Settings Write") {
		t.Errorf("a v5 list filtered by name: %v", findings(r))
	}
	if f := has(r, "cloudflare_api_token.minter", "NHI-005"); f == nil || !strings.Contains(f.Message, "API Tokens Write") {
		t.Errorf("a name read back into the state: %v", findings(r))
	}
}

// A deny policy grants nothing, whatever it names and wherever; an id
// nothing in the plan names leaves the privilege unknown, not guessed.
// Names the configuration reads are not given to unknown ids when a deny
// policy may be the one that reads them.
func TestCloudflareDenyAndUnnamedIDs(t *testing.T) {
	t.Parallel()
	groups := "data.cloudflare_api_token_permission_groups.all"
	unknownGroups := map[string]any{"permission_groups": true}
	r := check(t, []res{
		cfDeferred(groups, map[string]any{}),
		{Addr: "cloudflare_api_token.mixed", After: map[string]any{"name": "mixed owner=team-web", "expires_on": "2027-01-01T00:00:00Z",
			"policy": []any{
				map[string]any{"effect": "allow", "resources": map[string]any{"com.cloudflare.api.account.zone.*": "*"}},
				map[string]any{"effect": "deny", "resources": map[string]any{"com.cloudflare.api.account.zone.*": "*"}}}},
			Unknown: map[string]any{"value": true, "policy": []any{unknownGroups, unknownGroups}},
			Exprs: map[string]any{"policy": []any{
				map[string]any{"permission_groups": map[string]any{"references": []string{groups + `.zone["DNS Read"]`, groups + ".zone", groups}}},
				map[string]any{"permission_groups": map[string]any{"references": []string{groups + `.zone["DNS Write"]`, groups + ".zone", groups}}}}}},
		{Addr: "cloudflare_api_token.deny_only", After: map[string]any{"name": "guard owner=team-web", "expires_on": "2027-01-01T00:00:00Z",
			"policies": []any{map[string]any{"effect": "deny", "resources": `{"com.cloudflare.api.account.zone.*":"*"}`,
				"permission_groups": []any{map[string]any{"id": "00000000000000000000000000000002", "name": "Zone Write"}}}}},
			Unknown: map[string]any{"value": true}},
		{Addr: "cloudflare_api_token.unnamed", After: map[string]any{"name": "purge owner=team-web", "expires_on": "2027-01-01T00:00:00Z",
			"policy": []any{map[string]any{"effect": "allow", "permission_groups": []any{"a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5"},
				"resources": map[string]any{"com.cloudflare.api.account.zone.*": "*"}}}},
			Unknown: map[string]any{"value": true}},
	}, nil)
	if len(r.Findings) != 0 {
		t.Errorf("findings: %v", findings(r))
	}
	if p := inventoryPrivilege(r, "cloudflare_api_token.deny_only"); p != "none" {
		t.Errorf("a deny policy: %s", p)
	}
	for _, a := range []string{"cloudflare_api_token.unnamed", "cloudflare_api_token.mixed"} {
		if p := inventoryPrivilege(r, a); p != "unknown" {
			t.Errorf("%s: %s", a, p)
		}
	}
}

// inventoryPrivilege is the inventory's privilege of an address ("" when
// not listed).
func inventoryPrivilege(r *report.Report, addr string) string {
	for _, e := range r.Inventory {
		if e.Address == addr {
			return e.Privilege
		}
	}
	return ""
}
