package gcpiam

import (
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// MemberKind is the type prefix of an IAM member string.
type MemberKind string

const (
	MemberServiceAccount        MemberKind = "serviceAccount"
	MemberUser                  MemberKind = "user"
	MemberGroup                 MemberKind = "group"
	MemberDomain                MemberKind = "domain"
	MemberAllUsers              MemberKind = "allUsers"
	MemberAllAuthenticatedUsers MemberKind = "allAuthenticatedUsers"
	MemberPrincipal             MemberKind = "principal"    // principal://... one federated identity
	MemberPrincipalSet          MemberKind = "principalSet" // principalSet://... a set of identities
	MemberProjectRole           MemberKind = "projectRole"  // projectOwner:, projectEditor:, projectViewer:
	MemberUnknown               MemberKind = "unknown"      // value unknown until apply
	MemberInvalid               MemberKind = "invalid"
)

// Member is a parsed IAM member.
type Member struct {
	Raw  string     `json:"raw"`
	Kind MemberKind `json:"kind"`
	// Value is what follows the prefix: an email, a domain, a pool path.
	Value string `json:"value,omitempty"`
	// Deleted is set for "deleted:" members (the identity was deleted;
	// the binding is stale).
	Deleted bool `json:"deleted,omitempty"`
	// Public: anyone on the internet or any Google account.
	Public bool `json:"public,omitempty"`
	// Broad: a whole domain, a whole workload identity pool, every
	// repository of an owner, or the project's owners/editors/viewers.
	Broad bool `json:"broad,omitempty"`
	// Ref is the reference of an unknown member.
	Ref string `json:"ref,omitempty"`
}

// ParseMember reads a member string ("serviceAccount:ci@p.iam.gserviceaccount.com",
// "domain:example.com", "allUsers", "principalSet://...", "deleted:user:x?uid=1")
// or a value.Unknown, which is one specific, unknown member.
func ParseMember(m any) Member {
	switch v := m.(type) {
	case value.Unknown:
		return Member{Raw: v.String(), Kind: MemberUnknown, Ref: iam.UnknownRef(v)}
	case string:
		return parseMember(v)
	}
	return Member{Kind: MemberInvalid}
}

func parseMember(s string) Member {
	m := Member{Raw: s}
	rest := strings.TrimSpace(s)
	if r, ok := strings.CutPrefix(rest, "deleted:"); ok {
		m.Deleted = true
		rest = r
	}
	switch rest {
	case "allUsers":
		m.Kind, m.Public = MemberAllUsers, true
		return m
	case "allAuthenticatedUsers":
		m.Kind, m.Public = MemberAllAuthenticatedUsers, true
		return m
	}
	if r, ok := strings.CutPrefix(rest, "principalSet://"); ok {
		m.Kind, m.Value = MemberPrincipalSet, r
		// A whole pool ("/*"), or every repository of an owner, is broad;
		// one attribute value such as attribute.repository/org/app is not.
		m.Broad = strings.HasSuffix(r, "/*") || strings.Contains(r, "/attribute.repository_owner/") ||
			strings.Contains(r, "/group/") && strings.HasSuffix(r, "/*")
		return m
	}
	if r, ok := strings.CutPrefix(rest, "principal://"); ok {
		m.Kind, m.Value = MemberPrincipal, r
		return m
	}
	kind, val, ok := strings.Cut(rest, ":")
	if !ok || val == "" {
		m.Kind = MemberInvalid
		return m
	}
	m.Value = val
	switch kind {
	case "serviceAccount":
		m.Kind = MemberServiceAccount
	case "user":
		m.Kind = MemberUser
	case "group":
		m.Kind = MemberGroup
	case "domain":
		m.Kind, m.Broad = MemberDomain, true
	case "projectOwner", "projectEditor", "projectViewer":
		m.Kind, m.Broad = MemberProjectRole, true
	default:
		m.Kind = MemberInvalid
	}
	return m
}
