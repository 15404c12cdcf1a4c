package azureiam

import (
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// ScopeLevel orders assignment scopes from narrow to wide.
type ScopeLevel int

const (
	ScopeUnknown ScopeLevel = iota
	ScopeResource
	ScopeResourceGroup
	ScopeSubscription
	ScopeManagementGroup
	ScopeRoot // "/": the whole tenant
)

func (l ScopeLevel) String() string {
	switch l {
	case ScopeResource:
		return "resource"
	case ScopeResourceGroup:
		return "resource group"
	case ScopeSubscription:
		return "subscription"
	case ScopeManagementGroup:
		return "management group"
	case ScopeRoot:
		return "root"
	}
	return "unknown scope"
}

// Scope is a parsed assignment scope.
type Scope struct {
	Level           ScopeLevel `json:"level"`
	Raw             string     `json:"raw"`
	ManagementGroup string     `json:"management_group,omitempty"`
	Subscription    string     `json:"subscription,omitempty"`
	ResourceGroup   string     `json:"resource_group,omitempty"`
	// Ref is set when the scope is unknown until apply.
	Ref string `json:"ref,omitempty"`
}

// Describe names the scope for messages: "subscription 0000...".
func (s Scope) Describe() string {
	switch s.Level {
	case ScopeRoot:
		return "root scope /"
	case ScopeManagementGroup:
		return "management group " + s.named(s.ManagementGroup)
	case ScopeSubscription:
		return "subscription " + s.named(s.Subscription)
	case ScopeResourceGroup:
		return "resource group " + s.named(s.ResourceGroup)
	case ScopeResource:
		return "resource " + s.named(s.Raw)
	}
	if s.Ref != "" && s.Ref != (value.Unknown{}).String() {
		return "scope " + s.Ref + " (unknown until apply)"
	}
	return "a scope known only after apply"
}

// named is a scope's name, or for one known only by the level its
// reference gives (ScopeFromLevel), the reference.
func (s Scope) named(name string) string {
	if name != "" && name != s.Ref {
		return name
	}
	if s.Ref != "" {
		return s.Ref + " (known after apply)"
	}
	return "(unnamed)"
}

// ParseScope reads a scope string: "/", "/providers/Microsoft.Management/
// managementGroups/<id>", "/subscriptions/<id>", ".../resourceGroups/<rg>",
// or anything deeper (a resource). A value.Unknown gives ScopeUnknown with
// its reference; the caller may know the level from the configuration
// reference (azurerm_storage_account.x.id is a resource) and use
// ScopeFromLevel instead.
func ParseScope(v any) Scope {
	switch x := v.(type) {
	case value.Unknown:
		return Scope{Level: ScopeUnknown, Raw: x.String(), Ref: iam.UnknownRef(x)}
	case string:
		return parseScope(x)
	}
	return Scope{Level: ScopeUnknown}
}

// ScopeFromLevel builds a Scope the caller knows only the level of.
func ScopeFromLevel(l ScopeLevel, ref string) Scope { return Scope{Level: l, Raw: ref, Ref: ref} }

func parseScope(raw string) Scope {
	s := Scope{Raw: raw}
	trimmed := strings.TrimRight(strings.TrimSpace(raw), "/")
	if trimmed == "" {
		if strings.TrimSpace(raw) == "/" {
			s.Level = ScopeRoot
		}
		return s
	}
	parts := strings.Split(strings.TrimPrefix(trimmed, "/"), "/")
	switch {
	case len(parts) == 4 && strings.EqualFold(parts[0], "providers") && strings.EqualFold(parts[1], "Microsoft.Management") && strings.EqualFold(parts[2], "managementGroups"):
		s.Level, s.ManagementGroup = ScopeManagementGroup, parts[3]
	case len(parts) >= 2 && strings.EqualFold(parts[0], "subscriptions"):
		s.Subscription = parts[1]
		switch {
		case len(parts) == 2:
			s.Level = ScopeSubscription
		case len(parts) >= 4 && strings.EqualFold(parts[2], "resourceGroups"):
			s.ResourceGroup = parts[3]
			if len(parts) == 4 {
				s.Level = ScopeResourceGroup
			} else {
				s.Level = ScopeResource
			}
		default:
			// /subscriptions/<id>/providers/...: a subscription-level resource.
			s.Level = ScopeResource
		}
	default:
		s.Level = ScopeUnknown
	}
	return s
}
