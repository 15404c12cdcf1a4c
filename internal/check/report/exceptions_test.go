package report

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// Waive finds exceptions by address; it must name the exception the
// definition names: the first in order that is unexpired, covers the
// finding (rule and address), and is not the finding's own subject.
func TestWaiveNamesTheFirstCoveringException(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	addresses := []string{"aws_iam_user.a", "aws_iam_user.b", `module.m["x"].aws_iam_access_key.k`, `module.m["y"].aws_iam_access_key.k`, "nhi_exception.e1", "exception.cfg"}
	patterns := append([]string{"*", "aws_iam_user.*", `module.m[*].aws_iam_access_key.k`, `module.m["x"]*`, "*.k", "nhi_exception.*"}, addresses...)
	rules := []string{"NHI-001", "NHI-002", "NHI-008"}
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	for round := range 300 {
		var exceptions []*Exception
		for i := range rng.IntN(8) {
			e := &Exception{ID: fmt.Sprintf("exception.e%d", i), Exact: rng.IntN(3) == 0}
			if rng.IntN(4) == 0 {
				e.ID = pick(addresses) // an exception that is itself a finding's subject
			}
			for range rng.IntN(3) + 1 {
				e.Resources = append(e.Resources, pick(patterns))
			}
			for range rng.IntN(3) {
				e.Rules = append(e.Rules, pick(append(rules, "*")))
			}
			if rng.IntN(4) == 0 {
				e.ExpiresAt = now.AddDate(0, 0, rng.IntN(3)-1) // expired, expiring now, or not
			}
			exceptions = append(exceptions, e)
		}
		var findings []*Finding
		for range 10 {
			findings = append(findings, &Finding{Rule: pick(rules), Address: pick(addresses)})
		}
		Waive(findings, exceptions, now)
		for _, f := range findings {
			var want *string
			for _, e := range exceptions {
				if !e.Expired(now) && e.Covers(f) && f.Address != e.ID {
					want = &e.ID
					break
				}
			}
			if (want == nil) != (f.WaivedBy == nil) || want != nil && *want != *f.WaivedBy {
				t.Fatalf("round %d: %s %s waived by %v, want %v\nexceptions: %+v", round, f.Rule, f.Address, deref(f.WaivedBy), deref(want), exceptions)
			}
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return "nothing"
	}
	return *s
}
