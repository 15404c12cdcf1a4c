package graph

import (
	"net/url"
	"slices"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam/scopes"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// cloudflareGroupSources are the data sources that name permission groups:
// provider 4's maps of name to id by scope, provider 5's lists of {id, name}.
var (
	cloudflareGroupMaps  = "cloudflare_api_token_permission_groups"
	cloudflareGroupLists = []string{"cloudflare_api_token_permission_groups_list", "cloudflare_account_api_token_permission_groups_list"}
	cloudflareMapScopes  = []string{"account", "zone", "user", "r2", "permissions"}
)

// cloudflarePrivilege judges a Cloudflare token from its policies (v5
// policies, v4 policy blocks). Real configurations name permission groups
// by id, read from a permission groups data source: read during plan, its
// values are in the plan and name every id exactly. An id the plan knows
// only after apply is named by the data source key its configuration
// reads (zone["DNS Write"]) or the name its list data source filters on.
// An id nothing names is unknown, never guessed.
func (g *Graph) cloudflarePrivilege(n *Node) iam.Verdict {
	p := n.Entry.Privilege
	names := g.cloudflareGroupNames()
	var policies []scopes.CloudflarePolicy
	for _, path := range append([]string{p.Scopes}, p.ScopesAlt...) {
		raw, ok := n.Values[path].([]any)
		if !ok {
			if u, unknown := n.Values[path].(value.Unknown); unknown {
				return iam.Verdict{Class: iam.ClassUnknown, Unknowns: []string{iam.UnknownRef(u)}}
			}
			continue
		}
		var blocks []map[string]any
		for _, pol := range raw {
			if m, ok := pol.(map[string]any); ok {
				blocks = append(blocks, m)
			}
		}
		// The configuration's references cover every policy at once (v4
		// policy blocks form a set, whose order the plan does not keep):
		// they name unknown ids only when no deny policy may be the one
		// that reads them.
		var referenced []string
		if !slices.ContainsFunc(blocks, denyWithUnknownIDs) {
			referenced = g.cloudflareReferencedNames(n, path)
		}
		for _, m := range blocks {
			cp := scopes.CloudflarePolicy{Effect: m["effect"], Resources: m["resources"]}
			named := false
			for _, pg := range valuesAt(m["permission_groups"], nil) {
				var id, name any = pg, nil
				if obj, ok := pg.(map[string]any); ok { // v5 {id, name, meta}
					id, name = obj["id"], obj["name"]
				}
				if _, unknown := id.(value.Unknown); unknown && name == nil && len(referenced) > 0 {
					// Which unknown id is which name does not matter: each
					// is judged on its own, once.
					if !named {
						for _, s := range referenced {
							cp.Groups = append(cp.Groups, scopes.CloudflareGroup{Name: s})
						}
						named = true
					}
					continue
				}
				cp.Groups = append(cp.Groups, cloudflareGroup(id, name, names))
			}
			policies = append(policies, cp)
		}
	}
	return scopes.CloudflarePolicies(policies, src(n.Address()))
}

// denyWithUnknownIDs reports whether a policy may deny (its effect is deny
// or unknown) and holds a permission group id known only after apply.
func denyWithUnknownIDs(m map[string]any) bool {
	if e, ok := m["effect"].(string); ok && !strings.EqualFold(e, "deny") {
		return false
	}
	for _, pg := range valuesAt(m["permission_groups"], nil) {
		if obj, ok := pg.(map[string]any); ok {
			pg = obj["id"]
		}
		if _, unknown := pg.(value.Unknown); unknown {
			return true
		}
	}
	return false
}

// cloudflareGroup names one permission group: its name when the plan has
// it (v5 reads it back), else its id through the data sources or the
// built-in table.
func cloudflareGroup(id, name any, names map[string]string) scopes.CloudflareGroup {
	if s, ok := name.(string); ok && s != "" {
		return scopes.CloudflareGroup{Name: s}
	}
	switch x := id.(type) {
	case string:
		key := strings.ToLower(strings.TrimSpace(x))
		if s, ok := names[key]; ok {
			return scopes.CloudflareGroup{Name: s, ID: x}
		}
		if s, ok := scopes.CloudflareGroupName(key); ok {
			return scopes.CloudflareGroup{Name: s, ID: x}
		}
		return scopes.CloudflareGroup{ID: x}
	case value.Unknown:
		return scopes.CloudflareGroup{Unknown: &x}
	}
	return scopes.CloudflareGroup{Unknown: &value.Unknown{}}
}

// cloudflareGroupNames maps permission group ids (lower case) to names
// from every permission groups data source the plan has read.
func (g *Graph) cloudflareGroupNames() map[string]string {
	if g.cfGroupNames != nil {
		return g.cfGroupNames
	}
	names := map[string]string{}
	for _, d := range g.OfType(cloudflareGroupMaps) {
		for _, scope := range cloudflareMapScopes {
			m, _ := d.Values[scope].(map[string]any)
			for name, id := range m {
				if s, ok := id.(string); ok && s != "" {
					names[strings.ToLower(s)] = name
				}
			}
		}
	}
	for _, typ := range cloudflareGroupLists {
		for _, d := range g.OfType(typ) {
			items, _ := d.Values["result"].([]any)
			for _, it := range items {
				m, _ := it.(map[string]any)
				id, _ := m["id"].(string)
				name, _ := m["name"].(string)
				if id != "" && name != "" {
					names[strings.ToLower(id)] = name
				}
			}
		}
	}
	g.cfGroupNames = names
	return names
}

// cloudflareReferencedNames are the permission group names the
// configuration of a token's policies reads: a v4 data source's map key
// (data.cloudflare_api_token_permission_groups.all.zone["DNS Write"]), or
// the name a v5 list data source filters on (name = "DNS%20Write", URL
// encoded) when it reads its result.
func (g *Graph) cloudflareReferencedNames(n *Node, attr string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	ctx := plan.ContextOf(n.R)
	// v4 blocks hold an expression per permission_groups; v5's policies
	// attribute is one expression, which ExprsAt returns for the path.
	for _, e := range plan.ExprsAt(n.R.Config, []string{attr, "permission_groups"}) {
		g.cloudflareNamesIn(ctx, e, add)
	}
	return out
}

// cloudflareNamesIn adds the permission group names one expression reads.
func (g *Graph) cloudflareNamesIn(ctx plan.Context, e *tfjson.Expression, add func(string)) {
	for _, l := range g.Plan.LinksExpr(ctx, e) {
		switch t := l.Target; {
		case t.Type == cloudflareGroupMaps && len(l.Attr) == 2:
			add(l.Attr[1])
		case containsStr(cloudflareGroupLists, t.Type) && len(l.Attr) > 0 && l.Attr[0] == "result":
			if d := g.nodeOf(t); d != nil {
				if s, ok := d.Values["name"].(string); ok {
					if dec, err := url.QueryUnescape(s); err == nil {
						add(dec)
					}
				}
			}
		}
	}
}
