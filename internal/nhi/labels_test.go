package nhi_test

import (
	"maps"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/nhi"
)

func TestSanitizeLabel(t *testing.T) {
	t.Parallel()

	tests := map[string]struct {
		in, want string
	}{
		"already valid":          {"team-payments_eu", "team-payments_eu"},
		"upper case and spaces":  {"Team Payments (EU)", "team_payments_eu"},
		"email":                  {"Payments-Oncall@Example.com", "payments-oncall_example_com"},
		"run of symbols":         {"a:::b", "a_b"},
		"leading digits kept":    {"90", "90"},
		"leading symbol trimmed": {"@team", "team"},
		"non-ASCII":              {"équipe", "quipe"},
		"only symbols":           {"!!!", ""},
		"empty":                  {"", ""},
		"long":                   {strings.Repeat("a", 70), strings.Repeat("a", 63)},
		"long, cut at separator": {strings.Repeat("a", 62) + " b", strings.Repeat("a", 62)},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := nhi.SanitizeLabel(tc.in)
			if got != tc.want {
				t.Errorf("SanitizeLabel(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if again := nhi.SanitizeLabel(got); again != got {
				t.Errorf("SanitizeLabel is not idempotent: %q became %q", got, again)
			}
		})
	}
}

func TestSanitizeLabelKey(t *testing.T) {
	t.Parallel()

	tests := map[string]struct {
		in, want string
	}{
		"valid":         {"nhi_owner", "nhi_owner"},
		"digit start":   {"2fa", "nhi_2fa"},
		"dash start":    {"-x", "nhi_-x"},
		"empty":         {"", "nhi"},
		"symbols only":  {"???", "nhi"},
		"long":          {"9" + strings.Repeat("a", 70), "nhi_9" + strings.Repeat("a", 58)},
		"upper and dot": {"Cost.Center", "cost_center"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := nhi.SanitizeLabelKey(tc.in); got != tc.want {
				t.Errorf("SanitizeLabelKey(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestTagsAndLabels(t *testing.T) {
	t.Parallel()

	tests := map[string]struct {
		in         nhi.TagInput
		wantTags   map[string]string
		wantLabels map[string]string
	}{
		"all set": {
			in: nhi.TagInput{Identity: "CI Deploy", Owner: "Team Payments", Kind: "access_key", Environment: "prod", RotationDays: 90},
			wantTags: map[string]string{
				nhi.TagIdentity: "CI Deploy", nhi.TagOwner: "Team Payments", nhi.TagKind: "access_key",
				nhi.TagEnvironment: "prod", nhi.TagRotationDays: "90",
			},
			wantLabels: map[string]string{
				"nhi_identity": "ci_deploy", "nhi_owner": "team_payments", "nhi_kind": "access_key",
				"nhi_environment": "prod", "nhi_rotation_days": "90",
			},
		},
		"optional values left out": {
			in:         nhi.TagInput{Identity: "ci", Owner: "team", Kind: "token"},
			wantTags:   map[string]string{"nhi_identity": "ci", "nhi_owner": "team", "nhi_kind": "token"},
			wantLabels: map[string]string{"nhi_identity": "ci", "nhi_owner": "team", "nhi_kind": "token"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := nhi.Tags(tc.in); !maps.Equal(got, tc.wantTags) {
				t.Errorf("Tags() = %v, want %v", got, tc.wantTags)
			}
			labels := nhi.Labels(tc.in)
			if !maps.Equal(labels, tc.wantLabels) {
				t.Errorf("Labels() = %v, want %v", labels, tc.wantLabels)
			}
			for k := range labels {
				if nhi.SanitizeLabelKey(k) != k {
					t.Errorf("label key %q is not a valid Google label key", k)
				}
			}
		})
	}
}

func TestTagKeysAreValidLabelKeys(t *testing.T) {
	t.Parallel()

	for _, k := range nhi.TagKeys() {
		if nhi.SanitizeLabelKey(k) != k {
			t.Errorf("tag key %q is not a valid Google label key", k)
		}
	}
}
