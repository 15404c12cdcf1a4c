package azureiam

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// Assignment is one role assignment (azurerm_role_assignment).
type Assignment struct {
	// Role is a built-in role name, GUID or role definition id (string),
	// or a value.Unknown. Ignored when Definition is set.
	Role any
	// Definition is a custom role from the plan (azurerm_role_definition),
	// or any role the caller already resolved.
	Definition *RoleDefinition
	// Scope is the assignment scope string or a value.Unknown; use
	// ScopeOverride when the caller knows more (for example the level of
	// an unknown scope from its configuration reference).
	Scope         any
	ScopeOverride *Scope
	// Condition is the assignment's ABAC condition (a string), if any.
	Condition any
	Source    iam.Source
}

var conditionGUID = regexp.MustCompile(`(?i)\b[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\b`)

// conditionRoles lists the built-in roles an ABAC condition names by
// GUID, and whether it names any other (a custom role) that was not read.
func conditionRoles(c string) (roles []RoleDefinition, unread bool) {
	for _, g := range conditionGUID.FindAllString(c, -1) {
		g = strings.ReplaceAll(strings.ToLower(g), "-", "")
		id := g[:8] + "-" + g[8:12] + "-" + g[12:16] + "-" + g[16:20] + "-" + g[20:]
		if d, ok := LookupRole(id); ok {
			roles = append(roles, d)
		} else {
			unread = true
		}
	}
	return roles, unread
}

// constrainedDelegation reports whether an assignment's ABAC condition
// limits the role assignments it may write to listed roles, the
// delegation Microsoft recommends for User Access Administrator and Role
// Based Access Control Administrator: (!(ActionMatches{'...roleAssignments/write'}))
// OR (@Request[...roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals{...}).
// A condition known only after apply constrains nothing that can be seen.
func constrainedDelegation(c any) bool {
	s, ok := c.(string)
	if !ok {
		return false
	}
	l := strings.ToLower(s)
	return strings.Contains(l, "roleassignments/write") && strings.Contains(l, "roledefinitionid") &&
		(strings.Contains(l, "guidequals") || strings.Contains(l, "stringequals"))
}

// AssignmentResult is the analysis of one role assignment.
type AssignmentResult struct {
	iam.Verdict
	Role  string `json:"role"`
	Scope Scope  `json:"scope"`
}

// Actions that decide who may do what. Microsoft.Authorization/
// elevateAccess/action is not one of them for RBAC: only a Global
// Administrator of Entra ID may call it, by virtue of that directory role,
// so an Azure role that names it (or "*", like Owner) gains nothing by it.
const (
	roleAssignmentsWrite = "microsoft.authorization/roleassignments/write"
	roleDefinitionsWrite = "microsoft.authorization/roledefinitions/write"
)

// allows reports whether the role grants op (lower case): some action
// pattern matches it and no NotAction pattern does.
func allows(actions, notActions []string, op string) bool {
	hit := false
	for _, a := range actions {
		if azureMatch(a, op) {
			hit = true
			break
		}
	}
	if !hit {
		return false
	}
	for _, n := range notActions {
		if azureMatch(n, op) {
			return false
		}
	}
	return true
}

// azureMatch compares an action pattern with an operation,
// case-insensitively, "*" matching any run of characters.
func azureMatch(pattern, op string) bool {
	return iam.Glob(strings.ToLower(strings.TrimSpace(pattern)), op)
}

// readOnlyActions are "/action" operations that only read: a user
// delegation key signs read SAS for the same caller, getSecret reads.
var readOnlyActions = []string{"/generateuserdelegationkey/action", "/getsecret/action"}

func isRead(action string) bool {
	a := strings.ToLower(strings.TrimSpace(action))
	if strings.HasSuffix(a, "/read") || a == "*/read" {
		return true
	}
	for _, s := range readOnlyActions {
		if strings.HasSuffix(a, s) {
			return true
		}
	}
	return false
}

// everything reports whether the actions cover every control-plane
// operation except those NotActions remove ("*" minus a few).
func everything(actions []string) bool {
	return slices.ContainsFunc(actions, func(a string) bool { return strings.TrimSpace(a) == "*" })
}

// ClassifyRole classifies a role as if assigned at subscription scope.
func ClassifyRole(def RoleDefinition) iam.Verdict {
	return AnalyzeAssignment(Assignment{Definition: &def, ScopeOverride: &Scope{Level: ScopeSubscription, Raw: "/subscriptions/(any)", Subscription: "(any)"}}).Verdict
}

// AnalyzeAssignment classifies a role at its scope. At subscription,
// management group or root scope (and at an unknown scope): roles that can
// write role assignments (Owner, User Access Administrator, Role Based
// Access Control Administrator, Microsoft.Authorization/*/write) are admin,
// and so are roles with every action ("*": Contributor, custom roles), even
// when NotActions keep authorization writes out, because they control
// every resource. At resource group or resource scope the same roles are
// still reported, with their scope, but classed permissions-management
// (authorization writes) or write (everything else). Other roles are write
// or read by their actions and data actions.
func AnalyzeAssignment(a Assignment) AssignmentResult {
	r := AssignmentResult{}
	if a.ScopeOverride != nil {
		r.Scope = *a.ScopeOverride
	} else {
		r.Scope = ParseScope(a.Scope)
	}
	if r.Scope.Ref != "" {
		r.Unknowns = iam.AddUnknowns(r.Unknowns, r.Scope.Ref)
	}
	def := a.Definition
	if def == nil {
		switch x := a.Role.(type) {
		case string:
			if d, ok := LookupRole(x); ok {
				def = &d
			} else {
				r.Role = x
				r.Class = iam.ClassUnknown
				r.Notes = append(r.Notes, fmt.Sprintf("role %q is not a built-in role and no definition was given", x))
				return r
			}
		case value.Unknown:
			r.Role = x.String()
			r.Class = iam.ClassUnknown
			r.Unknowns = iam.AddUnknowns(r.Unknowns, iam.UnknownRef(x))
			r.Notes = append(r.Notes, "the role is unknown until apply")
			return r
		default:
			r.Class = iam.ClassUnknown
			r.Notes = append(r.Notes, "no role given")
			return r
		}
	}
	r.Role = def.Name
	wide := r.Scope.Level >= ScopeSubscription || r.Scope.Level == ScopeUnknown
	scope := r.Scope.Describe()
	g := iam.Grant{Source: a.Source, Where: def.Name, Actions: def.Actions, Resources: []string{r.Scope.Raw}}
	add := func(e iam.Evidence) {
		e.Grants = []iam.Grant{g}
		e.Scope = scope
		r.Evidence = append(r.Evidence, e)
	}

	canAssign := allows(def.Actions, def.NotActions, roleAssignmentsWrite) || allows(def.Actions, def.NotActions, roleDefinitionsWrite)
	all := everything(def.Actions)
	if canAssign && constrainedDelegation(a.Condition) {
		// Only the roles the condition lists can be assigned: what they
		// can do is what the assignment can give.
		listed, unread := conditionRoles(a.Condition.(string))
		var admin []string
		for _, d := range listed {
			if allows(d.Actions, d.NotActions, roleAssignmentsWrite) || allows(d.Actions, d.NotActions, roleDefinitionsWrite) || everything(d.Actions) {
				admin = append(admin, d.Name)
			}
		}
		if len(admin) == 0 {
			r.Class = iam.ClassPermissionsManagement
			if len(listed) > 0 && !unread {
				names := make([]string, len(listed))
				for i, d := range listed {
					names[i] = d.Name
				}
				r.Notes = append(r.Notes, fmt.Sprintf("an ABAC condition limits the roles it may assign to %s", strings.Join(names, ", ")))
				return r
			}
			add(iam.Evidence{Kind: iam.KindPermissionsManagement, ID: "azure:role-assignment-write-constrained", Class: iam.ClassPermissionsManagement,
				Actions: []string{"Microsoft.Authorization/roleAssignments/write"},
				Message: fmt.Sprintf("%s at %s can assign the roles its ABAC condition lists, not all of which are known built-in roles", def.Name, scope)})
			return r
		}
	}
	switch {
	case canAssign && wide:
		r.Class = iam.ClassAdmin
		add(iam.Evidence{Kind: iam.KindAdmin, ID: "azure:role-assignment-write", Class: iam.ClassAdmin,
			Actions: []string{"Microsoft.Authorization/roleAssignments/write"},
			Message: fmt.Sprintf("%s at %s can assign any role, including Owner, to anyone (itself included)", def.Name, scope)})
	case all && wide:
		r.Class = iam.ClassAdmin
		add(iam.Evidence{Kind: iam.KindAdmin, ID: "azure:all-actions", Class: iam.ClassAdmin, Actions: []string{"*"},
			Message: fmt.Sprintf("%s at %s can create, change and delete every resource", def.Name, scope)})
	case canAssign:
		r.Class = iam.ClassPermissionsManagement
		add(iam.Evidence{Kind: iam.KindPermissionsManagement, ID: "azure:role-assignment-write", Class: iam.ClassPermissionsManagement,
			Actions: []string{"Microsoft.Authorization/roleAssignments/write"},
			Message: fmt.Sprintf("%s at %s can assign any role within it; high, but limited to that scope", def.Name, scope)})
	case all:
		r.Class = iam.ClassWrite
		add(iam.Evidence{Kind: iam.KindWildcard, ID: "azure:all-actions", Class: iam.ClassWrite, Actions: []string{"*"},
			Message: fmt.Sprintf("%s at %s can change every resource within it; high, but limited to that scope", def.Name, scope)})
	default:
		r.Class = actionsClass(def)
	}
	// Reading every Key Vault secret of a subscription reads other
	// applications' client secrets and keys (vaults in RBAC mode).
	if wide && r.Class != iam.ClassAdmin && allows(def.DataActions, def.NotDataActions, strings.ToLower(keyVaultGetSecret)) {
		add(iam.Evidence{Kind: iam.KindSecretsRead, ID: "azure:key-vault-secrets-read", Class: iam.ClassRead, Actions: []string{keyVaultGetSecret},
			Message: fmt.Sprintf("%s at %s reads the value of every secret in every Key Vault under it that uses Azure RBAC", def.Name, scope)})
	}
	// A provider's every operation on one resource (Network Contributor
	// on the subnet an AKS cluster joins, as Microsoft requires) is that
	// resource's, as s3:* on one bucket is: no wildcard over resources.
	if r.Class != iam.ClassAdmin && r.Scope.Level != ScopeResource {
		for _, w := range wildcardProviders(def) {
			add(iam.Evidence{Kind: iam.KindWildcard, ID: "azure:provider-wildcard", Class: iam.ClassWrite, Actions: []string{w},
				Message: fmt.Sprintf("%s grants %s (every operation of a resource provider) at %s", def.Name, w, scope)})
		}
	}
	return r
}

// keyVaultGetSecret reads a Key Vault secret's value (a data action).
const keyVaultGetSecret = "Microsoft.KeyVault/vaults/secrets/getSecret/action"

// actionsClass grades a role without authorization writes or "*".
func actionsClass(def *RoleDefinition) iam.Class {
	has, write := false, false
	for _, list := range [][]string{def.Actions, def.DataActions} {
		for _, a := range list {
			has = true
			if !isRead(a) {
				write = true
			}
		}
	}
	switch {
	case write:
		return iam.ClassWrite
	case has:
		return iam.ClassRead
	}
	return iam.ClassNone
}

// wildcardProviders lists "Microsoft.X/*" style actions: every operation
// of a provider (Microsoft.Support/* is harmless and left out).
func wildcardProviders(def *RoleDefinition) []string {
	var out []string
	for _, a := range append(slices.Clone(def.Actions), def.DataActions...) {
		l := strings.ToLower(strings.TrimSpace(a))
		if strings.HasSuffix(l, "/*") && strings.Count(l, "/") == 1 && l != "microsoft.support/*" {
			out = append(out, a)
		}
	}
	return out
}
