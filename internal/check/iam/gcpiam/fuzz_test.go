package gcpiam

import (
	"strings"
	"testing"
)

// FuzzWorkloadIdentityCondition: any attribute_condition, however hostile
// (deeply nested, huge, not CEL), is judged without a panic, and a
// condition nhiguard cannot read never passes as pinned by accident: it
// either parses, or is noted as refused by Google.
func FuzzWorkloadIdentityCondition(f *testing.F) {
	for _, seed := range []string{
		"assertion.repository == 'o/r'",
		"assertion.repository == 'o/r' || true",
		"!(assertion.repository == 'o/r')",
		"assertion['repository'] in ['a', 'b'] && google.subject.startsWith('x')",
		"assertion.repository == 'o/r' ? true : false",
		strings.Repeat("(", 300) + "true" + strings.Repeat(")", 300),
		strings.Repeat("assertion.a == 'x' || ", 200) + "true",
		"assertion.repository == 'o/r' &&",
		"\x00\xff",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, cond string) {
		v := AnalyzeWorkloadIdentityProvider(WorkloadIdentityProvider{IssuerURI: "https://token.actions.githubusercontent.com", AttributeCondition: cond})
		if strings.TrimSpace(cond) == "" && len(v.Evidence) == 0 {
			t.Fatalf("no condition passed")
		}
		if len(v.Evidence) == 0 && len(v.Notes) == 0 {
			root, err := parseCondition(strings.TrimSpace(cond))
			if err != nil || !pinned(root, append(issuerKinds[0].pins, googleSubject), nil) {
				t.Fatalf("%q passed without a pin (%v)", cond, err)
			}
		}
	})
}
