// Package snowflakeiam classifies Snowflake roles: the system-defined
// roles by name (SystemRole) and privileges granted to a role
// (Privileges). Role hierarchies, which role a user or a role holds, are
// the caller's: it hands each role's verdict over with the chain it
// reached the user through.
//
// Classes, and why:
//
//   - ACCOUNTADMIN administers the account. SECURITYADMIN holds MANAGE
//     GRANTS, with which it grants any role, ACCOUNTADMIN included, to
//     anyone (CIS Snowflake Foundations 1.12: it "can trivially escalate
//     their privileges to that of ACCOUNTADMIN"). ORGADMIN administers the
//     organization's accounts. All three are admin (NHI-004).
//   - SYSADMIN creates and owns every warehouse and database, and by
//     Snowflake's recommended hierarchy every custom role is granted to
//     it, so it reaches all their data: the counterpart of Contributor on
//     a subscription, roles/editor on a project or PowerUserAccess, which
//     the other engines judge admin. Admin (NHI-004), not a wildcard.
//   - USERADMIN holds CREATE USER and CREATE ROLE: it makes identities and
//     roles and manages those it owns, but cannot grant a role it does not
//     own. Permissions management (NHI-005), as GitHub write:org, Datadog
//     user_access_manage and GitLab maintainer are.
//   - PUBLIC is every user's: none.
//
// Privileges: MANAGE GRANTS on the account, or ALL PRIVILEGES on the
// account (which include it), lets the role grant itself ACCOUNTADMIN:
// admin. CREATE USER or CREATE ROLE on the account is permissions
// management. Other account privileges (CREATE DATABASE, EXECUTE TASK,
// ...) are write; MONITOR ones read. On an account object, a schema or
// schema objects: USAGE, SELECT, REFERENCES, READ and MONITOR read, any
// other (or ALL) write. A role the plan does not define is unknown, never
// a guess.
package snowflakeiam

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

type systemRole struct {
	class iam.Class
	kind  iam.Kind
	why   string
}

var systemRoles = map[string]systemRole{
	"ACCOUNTADMIN":  {iam.ClassAdmin, iam.KindAdmin, "administers the whole account"},
	"SECURITYADMIN": {iam.ClassAdmin, iam.KindAdmin, "holds MANAGE GRANTS: it grants any role, ACCOUNTADMIN included, to anyone"},
	"ORGADMIN":      {iam.ClassAdmin, iam.KindAdmin, "administers the organization and its accounts"},
	"SYSADMIN": {iam.ClassAdmin, iam.KindAdmin,
		"creates and controls every warehouse and database, and inherits every custom role granted to it as Snowflake recommends"},
	"USERADMIN": {iam.ClassPermissionsManagement, iam.KindPermissionsManagement, "creates users and roles (CREATE USER, CREATE ROLE)"},
	"PUBLIC":    {iam.ClassNone, "", ""},
}

// Normalize names a role as Snowflake resolves an unquoted identifier:
// upper case, without the double quotes a fully qualified name carries.
// Quoted names are case-sensitive in Snowflake; configurations name the
// same role both ways, so they are compared as if unquoted.
func Normalize(name string) string {
	return strings.ToUpper(strings.Trim(strings.TrimSpace(name), `"`))
}

// SystemRole classifies a system-defined role by name; ok is false for any
// other role. via names the custom roles it is held through, for the
// message ("" when granted directly).
func SystemRole(name, via string, src iam.Source) (v iam.Verdict, ok bool) {
	r, ok := systemRoles[Normalize(name)]
	if !ok {
		return iam.Verdict{}, false
	}
	v.Class = r.class
	if r.kind != "" {
		n := Normalize(name)
		v.Evidence = []iam.Evidence{{Kind: r.kind, ID: "snowflake:" + strings.ToLower(n), Class: r.class, Scope: "account",
			Message: fmt.Sprintf("Snowflake role %s%s %s", n, through(via), r.why), Actions: []string{n},
			Grants: []iam.Grant{{Source: src, Where: n}}}}
	}
	return v, true
}

// Grant is privileges granted to a role: the privilege list (strings or
// value.Unknown), all_privileges and on_account as the plan has them. Via
// names the custom roles the role is held through, for the message.
type Grant struct {
	Role       string
	Via        string
	Privileges []any
	All        any
	OnAccount  any
	Source     iam.Source
}

func through(via string) string {
	if via == "" {
		return ""
	}
	return " (held through role " + via + ")"
}

// accountLevel privileges on the account that change who may do what.
var accountLevel = map[string]systemRole{
	"MANAGE GRANTS": {iam.ClassAdmin, iam.KindAdmin, "grants any privilege or role, ACCOUNTADMIN included, to any role or user"},
	"CREATE USER":   {iam.ClassPermissionsManagement, iam.KindPermissionsManagement, "creates users"},
	"CREATE ROLE":   {iam.ClassPermissionsManagement, iam.KindPermissionsManagement, "creates roles"},
}

// readPrivileges on objects that change nothing.
var readPrivileges = []string{"USAGE", "SELECT", "REFERENCES", "READ", "MONITOR", "IMPORTED PRIVILEGES"}

// Privileges classifies one grant of privileges to a role.
func Privileges(g Grant) iam.Verdict {
	var v iam.Verdict
	onAccount, known := g.OnAccount.(bool)
	if !known && g.OnAccount != nil {
		v.Unknowns = unknowns(g.OnAccount)
		return v
	}
	evidence := func(name string, r systemRole) iam.Evidence {
		return iam.Evidence{Kind: r.kind, ID: "snowflake:" + slug(name), Class: r.class, Scope: "account",
			Message: fmt.Sprintf("%s on the account, granted to role %s%s, %s", name, Normalize(g.Role), through(g.Via), r.why), Actions: []string{name},
			Grants: []iam.Grant{{Source: g.Source, Where: name, Actions: []string{name}}}}
	}
	switch all := g.All.(type) {
	case bool:
		if all && onAccount {
			e := evidence("ALL PRIVILEGES", systemRole{iam.ClassAdmin, iam.KindAdmin, "takes every account privilege, MANAGE GRANTS among them: it can grant itself ACCOUNTADMIN"})
			return iam.Verdict{Class: iam.ClassAdmin, Evidence: []iam.Evidence{e}}
		}
		if all {
			return iam.Verdict{Class: iam.ClassWrite}
		}
	case value.Unknown:
		v.Unknowns = unknowns(all)
		return v
	}
	classes := []iam.Class{iam.ClassNone}
	for _, p := range g.Privileges {
		switch x := p.(type) {
		case value.Unknown:
			v.Unknowns = iam.AddUnknowns(v.Unknowns, iam.UnknownRef(x))
			classes[0] = iam.ClassUnknown // a list with an unknown is not "none"
		case string:
			name := strings.ToUpper(strings.Join(strings.Fields(x), " "))
			switch r, ok := accountLevel[name]; {
			case ok && onAccount:
				v.Evidence = append(v.Evidence, evidence(name, r))
				classes = append(classes, r.class)
			case slices.Contains(readPrivileges, name) || strings.HasPrefix(name, "MONITOR"):
				classes = append(classes, iam.ClassRead)
			default:
				classes = append(classes, iam.ClassWrite)
			}
		}
	}
	v.Class = iam.Max(classes...)
	return v
}

func unknowns(v any) []string {
	if u, ok := v.(value.Unknown); ok {
		return []string{iam.UnknownRef(u)}
	}
	return nil
}

func slug(s string) string { return strings.ToLower(strings.ReplaceAll(s, " ", "-")) }
