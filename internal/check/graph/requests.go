package graph

import (
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam/azureiam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// Request is the application permissions a resource asks for (an Entra ID
// application's required_resource_access, azuread_application_api_access):
// nothing until an administrator consents, in the portal or in another
// configuration, which the plan does not show. Permissions this plan
// grants to the application's service principal (azuread_app_role_assignment)
// are left out: the grant is judged as what it is.
type Request struct {
	Node *Node
	// Verdict is what consent would give.
	Verdict iam.Verdict
}

// resolveRequests judges what each request would give once consented.
// It runs after the grants are resolved to their principals.
func (g *Graph) resolveRequests() {
	var granted map[*Node]map[string]bool // made at the first request: most plans have none
	for _, n := range g.Nodes {
		rq := n.Entry.Requests
		if rq == nil {
			continue
		}
		if granted == nil {
			granted = g.grantedAppRoles()
		}
		app := n
		if n.Entry.Class != kb.Identity {
			app = nil
			if len(n.Parents) > 0 {
				app = n.Parents[0]
			}
		}
		var asked []azureiam.AppRoleGrant
		unknownIDs := false
		add := func(api, role any) {
			if _, ok := role.(value.Unknown); ok {
				unknownIDs = true // named by the references, below
				return
			}
			if s, ok := role.(string); ok && app != nil && granted[app][appRoleKey(s)] {
				return
			}
			asked = append(asked, azureiam.AppRoleGrant{AppRoleID: role, ResourceAppID: api, Source: src(n.Address())})
		}
		if rq.Blocks != "" {
			blocks, _ := n.Values[rq.Blocks].([]any)
			for _, b := range blocks {
				block, _ := b.(map[string]any)
				access, _ := block[rq.Access].([]any)
				for _, a := range access {
					if perm, _ := a.(map[string]any); perm != nil && applicationPermission(perm["type"]) {
						add(block[rq.API], perm["id"])
					}
				}
			}
		} else {
			ids, _ := n.Values[rq.RoleIDs].([]any)
			for _, id := range ids {
				add(n.Values[rq.API], id)
			}
		}
		if unknownIDs {
			// Ids of a service principal created with this plan: its
			// app_role_ids["Name"] references name them.
			path := []string{rq.RoleIDs}
			if rq.Blocks != "" {
				path = []string{rq.Blocks, rq.Access, "id"}
			}
			for _, ref := range g.appRoleRefs(n, path...) {
				add(ref.api, ref.name)
			}
		}
		if len(asked) == 0 {
			continue
		}
		if v := azureiam.AnalyzeAppRoles(asked...); len(v.Evidence) > 0 {
			g.Requests = append(g.Requests, &Request{Node: n, Verdict: v})
		}
	}
}

// applicationPermission reports whether a resource_access type is "Role"
// (an application permission) or unknown, which may be one.
func applicationPermission(t any) bool {
	if _, unknown := t.(value.Unknown); unknown {
		return true
	}
	s, _ := t.(string)
	return strings.EqualFold(s, "Role")
}

// grantedAppRoles maps each application to the app role ids (lower case)
// this world's azuread_app_role_assignment grants to its service principal.
func (g *Graph) grantedAppRoles() map[*Node]map[string]bool {
	out := map[*Node]map[string]bool{}
	for _, gr := range g.Grants {
		if gr.Node.Entry.Privilege.Engine != kb.AzureAppRole || gr.Node.Entry.Privilege.ScopeLevel == "directory" {
			continue
		}
		r, _ := g.assignedAppRole(gr.Node)
		role, ok := r.(string)
		if !ok {
			continue
		}
		for _, sp := range gr.Principals {
			for _, app := range sp.Parents {
				if out[app] == nil {
					out[app] = map[string]bool{}
				}
				out[app][appRoleKey(role)] = true
			}
		}
	}
	return out
}

// appRoleKey is how a granted or requested permission is compared: the
// Microsoft Graph permission's id when the engine knows it by id or name,
// else the text, in lower case.
func appRoleKey(idOrName string) string {
	if p, ok := azureiam.LookupGraphPermission(idOrName); ok {
		return strings.ToLower(p.ID)
	}
	return strings.ToLower(idOrName)
}
