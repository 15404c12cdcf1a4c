package snowflakeiam

import (
	"slices"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

func ids(v iam.Verdict) []string {
	var out []string
	for _, e := range v.Evidence {
		out = append(out, string(e.Kind)+" "+e.ID)
	}
	return out
}

func TestSystemRoles(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		class iam.Class
		ids   []string
	}{
		{"ACCOUNTADMIN", iam.ClassAdmin, []string{"admin snowflake:accountadmin"}},
		{`"securityadmin"`, iam.ClassAdmin, []string{"admin snowflake:securityadmin"}},
		{"OrgAdmin", iam.ClassAdmin, []string{"admin snowflake:orgadmin"}},
		{"SYSADMIN", iam.ClassAdmin, []string{"admin snowflake:sysadmin"}},
		{"USERADMIN", iam.ClassPermissionsManagement, []string{"permissions-management snowflake:useradmin"}},
		{"PUBLIC", iam.ClassNone, nil},
	} {
		v, ok := SystemRole(tc.name, "", iam.Source{})
		if !ok || v.Class != tc.class || !slices.Equal(ids(v), tc.ids) {
			t.Errorf("%s: %v %s %v", tc.name, ok, v.Class, ids(v))
		}
	}
	if _, ok := SystemRole("ANALYST", "", iam.Source{}); ok {
		t.Error("a custom role is not a system role")
	}
	if v, _ := SystemRole("SYSADMIN", "ETL", iam.Source{}); v.Evidence[0].Message[:43] != "Snowflake role SYSADMIN (held through role " {
		t.Errorf("via: %s", v.Evidence[0].Message)
	}
}

func TestPrivileges(t *testing.T) {
	t.Parallel()
	u := value.Unknown{Ref: "var.privileges"}
	for _, tc := range []struct {
		name  string
		g     Grant
		class iam.Class
		ids   []string
	}{
		{"manage grants on the account", Grant{Privileges: []any{"MANAGE GRANTS"}, OnAccount: true}, iam.ClassAdmin, []string{"admin snowflake:manage-grants"}},
		{"all on the account", Grant{All: true, OnAccount: true}, iam.ClassAdmin, []string{"admin snowflake:all-privileges"}},
		{"all on an object", Grant{All: true, OnAccount: false}, iam.ClassWrite, nil},
		{"create user and role", Grant{Privileges: []any{"create  user", "CREATE ROLE"}, OnAccount: true}, iam.ClassPermissionsManagement,
			[]string{"permissions-management snowflake:create-user", "permissions-management snowflake:create-role"}},
		{"create database", Grant{Privileges: []any{"CREATE DATABASE"}, OnAccount: true}, iam.ClassWrite, nil},
		{"monitor usage", Grant{Privileges: []any{"MONITOR USAGE"}, OnAccount: true}, iam.ClassRead, nil},
		{"usage and select on objects", Grant{Privileges: []any{"USAGE", "SELECT"}}, iam.ClassRead, nil},
		{"insert on objects", Grant{Privileges: []any{"SELECT", "INSERT"}}, iam.ClassWrite, nil},
		{"nothing", Grant{}, iam.ClassNone, nil},
		{"unknown list", Grant{Privileges: []any{u}, OnAccount: true}, iam.ClassUnknown, nil},
		{"unknown next to a read", Grant{Privileges: []any{"USAGE", u}}, iam.ClassRead, nil},
		{"unknown all", Grant{All: u, OnAccount: true}, iam.ClassUnknown, nil},
		{"unknown on_account", Grant{Privileges: []any{"MANAGE GRANTS"}, OnAccount: u}, iam.ClassUnknown, nil},
	} {
		v := Privileges(tc.g)
		if v.Class != tc.class || !slices.Equal(ids(v), tc.ids) {
			t.Errorf("%s: %s %v", tc.name, v.Class, ids(v))
		}
	}
}
