package report

import (
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/nhi"
)

// Exception waives findings of some rules on some addresses until it expires.
type Exception struct {
	// ID is what waived_by shows: the nhi_exception address, or
	// ".nhiguard.hcl:12" for a configuration exception, or "baseline".
	ID        string
	Rules     []string // rule ids; empty or "*" means every rule
	Resources []string // address patterns with *
	Reason    string
	Approver  string
	Ticket    string
	ExpiresAt time.Time
	// Location is where the exception is declared, for NHI-008 findings.
	Location string
	// Exact makes Resources literal addresses rather than patterns (a
	// baseline entry accepts one address, even one holding a '*').
	Exact bool
}

// Expired reports whether the exception no longer waives anything.
func (e *Exception) Expired(now time.Time) bool {
	return !e.ExpiresAt.IsZero() && !now.Before(e.ExpiresAt)
}

// Covers reports whether the exception applies to a finding.
func (e *Exception) Covers(f *Finding) bool {
	ruleOK := len(e.Rules) == 0
	for _, r := range e.Rules {
		if r == "*" || r == f.Rule {
			ruleOK = true
			break
		}
	}
	if !ruleOK {
		return false
	}
	for _, p := range e.Resources {
		if e.Exact && p == f.Address || !e.Exact && nhi.MatchAddress(p, f.Address) {
			return true
		}
	}
	return false
}

// Waive marks findings covered by an unexpired exception. The first
// exception (in the order given) that covers a finding is the one named.
// NHI-008 findings about an exception are never waived by that exception.
// Exceptions are found by address (nhi.AddressIndex): a baseline holds one
// per finding of the plan it was made from.
func Waive(findings []*Finding, exceptions []*Exception, now time.Time) {
	var idx nhi.AddressIndex
	for i, e := range exceptions {
		if !e.Expired(now) {
			idx.Add(i, e.Resources, e.Exact)
		}
	}
	for _, f := range findings {
		first := idx.First(func(i int) bool {
			e := exceptions[i]
			return f.Address != e.ID && e.Covers(f)
		}, f.Address)
		if first >= 0 {
			id := exceptions[first].ID
			f.WaivedBy = &id
		}
	}
}
