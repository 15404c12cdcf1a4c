package report

import (
	"strings"
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
//
// Exceptions are found by address: a baseline holds one per finding of
// the plan it was made from, and testing each against each finding took
// seconds on large plans. Only patterns with a '*' are tried on every
// finding.
func Waive(findings []*Finding, exceptions []*Exception, now time.Time) {
	byAddress := map[string][]int{} // exceptions naming an address literally, in order
	var patterned []int             // exceptions with a pattern, in order
	for i, e := range exceptions {
		if e.Expired(now) {
			continue
		}
		wild := false
		for _, p := range e.Resources {
			if !e.Exact && strings.Contains(p, "*") {
				wild = true
				continue
			}
			if ids := byAddress[p]; len(ids) == 0 || ids[len(ids)-1] != i {
				byAddress[p] = append(ids, i)
			}
		}
		if wild {
			patterned = append(patterned, i)
		}
	}
	covers := func(i int, f *Finding) bool {
		e := exceptions[i]
		return f.Address != e.ID && e.Covers(f)
	}
	for _, f := range findings {
		first := -1
		for _, i := range byAddress[f.Address] {
			if covers(i, f) {
				first = i
				break
			}
		}
		for _, i := range patterned {
			if first >= 0 && i > first {
				break
			}
			if covers(i, f) {
				first = i
				break
			}
		}
		if first >= 0 {
			id := exceptions[first].ID
			f.WaivedBy = &id
		}
	}
}
