package awsiam

import (
	"errors"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
)

// FuzzParseDocument: no input panics, every failure is a *SyntaxError, and
// whatever parses can be evaluated and trust-analysed without panicking.
func FuzzParseDocument(f *testing.F) {
	for _, s := range []string{etlEverything, s3All, powerUserLike, regionGuard, jenkinsPolicy, glueTrust, `{}`, `[]`, `{"Statement":{}}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDocument(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error is not a *SyntaxError: %v", err)
			}
			return
		}
		if d == nil {
			t.Fatal("nil document without error")
		}
		r := Evaluate(Input{Policies: []Policy{{Document: d}}})
		if !r.Class.Known() && r.Class != iam.ClassUnknown {
			t.Fatalf("bad class %v", r.Class)
		}
		if _, err := AnalyzeTrust(d, TrustOptions{}); err != nil {
			t.Fatalf("trust analysis of a parsed document failed: %v", err)
		}
	})
}
