package nhi

import (
	"strconv"
	"strings"
)

// Keys of nhi_identity.tags and nhi_identity.labels. Cloud resources merge these
// maps into their own tags or labels, so the plan checker and anyone reading the
// live estate can find an identity's owner without the Terraform state.
const (
	// TagIdentity holds the identity's name.
	TagIdentity = "nhi_identity"
	// TagOwner holds the identity's owner (an nhi_owner id, which is its name).
	TagOwner = "nhi_owner"
	// TagKind holds the identity's kind, such as access_key.
	TagKind = "nhi_kind"
	// TagEnvironment holds the identity's environment; omitted when unset.
	TagEnvironment = "nhi_environment"
	// TagRotationDays holds the rotation period in days; omitted when unset.
	TagRotationDays = "nhi_rotation_days"
)

// TagKeys returns every key Tags may set, in documentation order.
func TagKeys() []string {
	return []string{TagIdentity, TagOwner, TagKind, TagEnvironment, TagRotationDays}
}

// TagInput is what an identity's tags are built from.
type TagInput struct {
	Identity    string
	Owner       string
	Kind        string
	Environment string // empty when unset
	// RotationDays is the rotation period; 0 when unset.
	RotationDays int64
}

// Tags returns the owner metadata to merge into a cloud resource's tags.
// Empty optional values are left out rather than written as empty tags.
func Tags(in TagInput) map[string]string {
	tags := map[string]string{
		TagIdentity: in.Identity,
		TagOwner:    in.Owner,
		TagKind:     in.Kind,
	}
	if in.Environment != "" {
		tags[TagEnvironment] = in.Environment
	}
	if in.RotationDays > 0 {
		tags[TagRotationDays] = strconv.FormatInt(in.RotationDays, 10)
	}
	return tags
}

// Labels returns Tags with every value passed through SanitizeLabel, for
// Google Cloud resources. The keys already satisfy Google's key rules.
func Labels(in TagInput) map[string]string {
	labels := Tags(in)
	for k, v := range labels {
		labels[k] = SanitizeLabel(v)
	}
	return labels
}

// MaxLabelLength is the longest Google Cloud label key or value.
const MaxLabelLength = 63

// SanitizeLabel turns s into a valid Google Cloud label value: lower case,
// only a-z, 0-9, '_' and '-', at most 63 characters. Each run of other
// characters becomes a single '_', and '_' is trimmed from both ends, so
// "Team Payments (EU)" becomes "team_payments_eu". The result may be empty.
// SanitizeLabel is idempotent.
func SanitizeLabel(s string) string {
	var b strings.Builder
	pendingSeparator := false
	for _, r := range strings.ToLower(s) {
		if isLabelRune(r) {
			if pendingSeparator {
				b.WriteByte('_')
				pendingSeparator = false
			}
			b.WriteRune(r)
			continue
		}
		pendingSeparator = true
	}
	out := strings.Trim(b.String(), "_")
	if len(out) > MaxLabelLength {
		out = strings.TrimRight(out[:MaxLabelLength], "_")
	}
	return out
}

// SanitizeLabelKey turns s into a valid Google Cloud label key: SanitizeLabel,
// plus a key must start with a lower-case letter, so other starts get the
// prefix "nhi_" ("2fa" becomes "nhi_2fa"), and an empty result becomes "nhi".
func SanitizeLabelKey(s string) string {
	out := SanitizeLabel(s)
	if out == "" {
		return "nhi"
	}
	if out[0] < 'a' || out[0] > 'z' {
		out = SanitizeLabel("nhi_" + out)
	}
	return out
}

func isLabelRune(r rune) bool {
	return (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '_' || r == '-'
}
