package scopes

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// cloudflarePermission classifies Cloudflare permission group names
// ("Zone Read", "DNS Write", "API Tokens Write", "Account Settings Edit").
func cloudflarePermission(name string) (rule, bool) {
	l := strings.ToLower(name)
	write := strings.Contains(l, " write") || strings.Contains(l, " edit")
	switch {
	case strings.Contains(l, "api tokens") && write:
		return rule{iam.ClassAdmin, iam.KindEscalation, "can mint new API tokens with any permission"}, true
	case strings.HasPrefix(l, "account settings") && write:
		// Add Member (POST /accounts/{account_id}/members) accepts "SCIM
		// Provisioning" or "Account Settings Write" (developers.cloudflare.com,
		// API reference, Account Members): members get any role.
		return rule{iam.ClassAdmin, iam.KindAdmin, "adds account members with any role, Super Administrator included"}, true
	case l == "scim provisioning":
		return rule{iam.ClassPermissionsManagement, iam.KindPermissionsManagement, "provisions account members"}, true
	case strings.Contains(l, "members") && !strings.Contains(l, "membership") && write:
		// "Memberships" (a user permission) is the token owner's own:
		// accepting an invitation, leaving an account. It grants no one
		// anything and falls through to a plain write.
		return rule{iam.ClassPermissionsManagement, iam.KindPermissionsManagement, "changes account members and their roles"}, true
	case write:
		return rule{class: iam.ClassWrite}, true
	case strings.Contains(l, " read"):
		return rule{class: iam.ClassRead}, true
	}
	return rule{}, false
}

// cloudflareGroupNames are permission group ids whose names a public
// source states, for ids no data source in the plan names. Source: the
// cloudflare/terraform-provider-cloudflare documentation of the
// cloudflare_api_token_permission_groups data source
// (docs/data-sources/api_token_permission_groups.md, its example's
// comments). No other id is listed: one this table does not hold stays
// unknown rather than guessed.
var cloudflareGroupNames = map[string]string{
	"82e64a83756745bbbb1c9c2701bf816b": "DNS Read",
	"9d24387c6e8544e2bc4024a03991339f": "Load Balancing: Monitors and Pools Read",
	"3518d0f75557482e952c6762d3e64903": "Memberships Read",
}

// CloudflareGroupName names a permission group id from the built-in table.
func CloudflareGroupName(id string) (string, bool) {
	n, ok := cloudflareGroupNames[strings.ToLower(strings.TrimSpace(id))]
	return n, ok
}

// CloudflareGroup is one permission group of a policy: its name when
// known, else its id (Unknown when the plan knows neither).
type CloudflareGroup struct {
	Name    string
	ID      string
	Unknown *value.Unknown
}

// CloudflarePolicy is one policy of a token: its effect, its permission
// groups and its resources (a map of resource names, nested under an
// account in provider 5; a JSON string of the same; or value.Unknown).
type CloudflarePolicy struct {
	Effect    any
	Groups    []CloudflareGroup
	Resources any
}

// Cloudflare resource names that cover every account, or every zone, the
// token's owner can reach.
const (
	cloudflareEveryAccount = "com.cloudflare.api.account.*"
	cloudflareEveryZone    = "com.cloudflare.api.account.zone.*"
)

// CloudflarePolicies classifies a token's policies: each allowed
// permission group by name (deny policies grant nothing), and a write
// group on every account or every zone (com.cloudflare.api.account.* or
// com.cloudflare.api.account.zone.* at the top of resources) as a
// wildcard. A group named only by an id nothing names is unknown.
func CloudflarePolicies(ps []CloudflarePolicy, src iam.Source) iam.Verdict {
	v := iam.Verdict{Class: iam.ClassNone}
	var classes []iam.Class
	for _, p := range ps {
		if effect, ok := p.Effect.(string); ok && strings.EqualFold(effect, "deny") {
			continue
		}
		if u, ok := p.Effect.(value.Unknown); ok {
			v.Unknowns = iam.AddUnknowns(v.Unknowns, iam.UnknownRef(u))
		}
		every, resNote := cloudflareBreadth(p.Resources)
		if resNote != "" {
			v.Notes = append(v.Notes, resNote)
		}
		var names []any
		for _, g := range p.Groups {
			switch {
			case g.Name != "":
				names = append(names, g.Name)
			case g.Unknown != nil:
				names = append(names, *g.Unknown)
			default:
				classes = append(classes, iam.ClassUnknown)
				v.Notes = append(v.Notes, fmt.Sprintf("cloudflare permission group %s is not named in the plan (no permission groups data source lists it): what it grants is unknown", g.ID))
			}
		}
		pv := verdictNamed("cloudflare", "permission group", names, cloudflarePermission, src)
		v.Evidence = append(v.Evidence, pv.Evidence...)
		v.Unknowns = iam.AddUnknowns(v.Unknowns, pv.Unknowns...)
		v.Notes = append(v.Notes, pv.Notes...)
		if len(names) > 0 {
			classes = append(classes, pv.Class)
		}
		if every == "" {
			continue
		}
		var writes []string
		for _, n := range names {
			if s, ok := n.(string); ok {
				if r, known := cloudflarePermission(s); known && r.class >= iam.ClassWrite {
					writes = append(writes, s)
				}
			}
		}
		if len(writes) > 0 {
			id, what := "cloudflare:every-zone", "every zone"
			if every == cloudflareEveryAccount {
				id, what = "cloudflare:every-account", "every account"
			}
			v.Evidence = append(v.Evidence, iam.Evidence{Kind: iam.KindWildcard, ID: id, Class: iam.ClassWrite, Scope: every,
				Message: fmt.Sprintf("cloudflare token writes on %s its owner can reach (%s on %s)", what, strings.Join(writes, ", "), every),
				Actions: writes, Grants: []iam.Grant{{Source: src, Where: every, Actions: writes, Resources: []string{every}}}})
		}
	}
	if len(classes) > 0 {
		v.Class = iam.Max(classes...)
	}
	return v
}

// cloudflareBreadth tells whether a policy's resources cover every account
// or every zone (the broadest named), and notes resources it cannot read.
func cloudflareBreadth(res any) (every, note string) {
	if s, ok := res.(string); ok {
		var m map[string]any
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			return "", "cloudflare policy resources are not a JSON object"
		}
		res = m
	}
	switch m := res.(type) {
	case map[string]any:
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		switch {
		case slices.Contains(keys, cloudflareEveryAccount):
			return cloudflareEveryAccount, ""
		case slices.Contains(keys, cloudflareEveryZone):
			return cloudflareEveryZone, ""
		}
	case value.Unknown:
		return "", "cloudflare policy resources are known only after apply"
	}
	return "", ""
}
