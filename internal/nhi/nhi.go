// Package nhi is the domain logic shared by the provider and the plan checker:
// identity kinds, rotation and review dates, expiry, owner tags and labels,
// exception address patterns and rule ids. It imports neither the plugin
// framework nor the CLI, so both products apply exactly the same rules.
package nhi

import "slices"

// Identity kinds accepted by nhi_identity.kind.
const (
	KindServiceAccount   = "service_account"
	KindAccessKey        = "access_key"
	KindAPIKey           = "api_key"
	KindOAuthClient      = "oauth_client"
	KindToken            = "token"
	KindCertificate      = "certificate"
	KindSSHKey           = "ssh_key"
	KindWorkloadIdentity = "workload_identity"
)

// Kinds returns every valid identity kind, in documentation order.
func Kinds() []string {
	return []string{
		KindServiceAccount,
		KindAccessKey,
		KindAPIKey,
		KindOAuthClient,
		KindToken,
		KindCertificate,
		KindSSHKey,
		KindWorkloadIdentity,
	}
}

// ValidKind reports whether kind is one of Kinds.
func ValidKind(kind string) bool {
	return slices.Contains(Kinds(), kind)
}

// Enforcement levels of nhi_identity.enforcement.
const (
	// EnforcementBlock makes an expired identity fail the plan.
	EnforcementBlock = "block"
	// EnforcementWarn reports an expired identity as a warning only.
	EnforcementWarn = "warn"
)

// Enforcements returns the valid enforcement levels, the default first.
func Enforcements() []string {
	return []string{EnforcementBlock, EnforcementWarn}
}
