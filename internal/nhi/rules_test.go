package nhi_test

import (
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/nhi"
)

func TestValidRuleID(t *testing.T) {
	t.Parallel()

	tests := map[string]bool{
		"NHI-001":  true,
		"NHI-010":  true,
		"NHI-999":  true,
		"NHI-01":   false,
		"NHI-0001": false,
		"nhi-001":  false,
		"NHI_001":  false,
		"NHI-00a":  false,
		"NHI-٠٠١":  false, // Arabic-Indic digits are not ASCII digits
		" NHI-001": false,
		"":         false,
		"NHI-":     false,
	}
	for id, want := range tests {
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			if got := nhi.ValidRuleID(id); got != want {
				t.Errorf("ValidRuleID(%q) = %t, want %t", id, got, want)
			}
		})
	}
}

func TestKinds(t *testing.T) {
	t.Parallel()

	for _, k := range nhi.Kinds() {
		if !nhi.ValidKind(k) {
			t.Errorf("ValidKind(%q) = false for a listed kind", k)
		}
	}
	for _, k := range []string{"", "user", "Service_Account", "api-key"} {
		if nhi.ValidKind(k) {
			t.Errorf("ValidKind(%q) = true, want false", k)
		}
	}
}
