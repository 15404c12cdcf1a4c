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
