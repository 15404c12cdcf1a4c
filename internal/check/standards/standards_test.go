package standards

import (
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/rules"
)

// Every reference a rule cites has a title, so explain, SARIF and the
// rule pages never print a bare id.
func TestEveryRuleReferenceHasATitle(t *testing.T) {
	t.Parallel()
	for _, r := range rules.All() {
		for _, id := range r.OWASP {
			if OWASP(id).Title == "" {
				t.Errorf("%s cites OWASP %s, which has no title here", r.ID, id)
			}
		}
		for _, id := range r.NIST {
			if NIST(id).Title == "" {
				t.Errorf("%s cites NIST CSF %s, which has no title here", r.ID, id)
			}
		}
	}
}

func TestRefs(t *testing.T) {
	t.Parallel()
	cases := []struct {
		got  Ref
		want string
	}{
		{OWASP("NHI7:2025"), "NHI7:2025 Long-Lived Secrets"},
		{OWASP("nhi10:2025"), "nhi10:2025 Human Use of NHI"},
		{OWASP("NHI11:2025"), "NHI11:2025"},
		{NIST("PR.AA-05"), "PR.AA-05 Access permissions"},
		{NIST("XX.YY-01"), "XX.YY-01"},
	}
	for _, c := range cases {
		if s := c.got.String(); !strings.HasPrefix(s, c.want) || (c.got.Title == "" && s != c.want) {
			t.Errorf("%q, want prefix %q", s, c.want)
		}
		if c.got.URL == "" {
			t.Errorf("%s has no URL", c.got.ID)
		}
	}
}
