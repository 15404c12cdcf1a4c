package nhi_test

import (
	"regexp"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/nhi"
)

func TestExceptionID(t *testing.T) {
	t.Parallel()

	base := nhi.ExceptionID([]string{"NHI-002", "NHI-003"}, []string{"aws_iam_access_key.a", "aws_iam_access_key.b"})
	if !regexp.MustCompile(`^exc-[0-9a-f]{16}$`).MatchString(base) {
		t.Fatalf("ExceptionID = %q, want exc- and 16 hex digits", base)
	}

	tests := map[string]struct {
		rules, resources []string
		same             bool
	}{
		"order does not matter":  {[]string{"NHI-003", "NHI-002"}, []string{"aws_iam_access_key.b", "aws_iam_access_key.a"}, true},
		"another rule":           {[]string{"NHI-002"}, []string{"aws_iam_access_key.a", "aws_iam_access_key.b"}, false},
		"another resource":       {[]string{"NHI-002", "NHI-003"}, []string{"aws_iam_access_key.a"}, false},
		"rule moved to resource": {[]string{"NHI-002"}, []string{"NHI-003", "aws_iam_access_key.a", "aws_iam_access_key.b"}, false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := nhi.ExceptionID(tc.rules, tc.resources); (got == base) != tc.same {
				t.Errorf("ExceptionID(%v, %v) = %q, base %q, want same=%t", tc.rules, tc.resources, got, base, tc.same)
			}
		})
	}
}
