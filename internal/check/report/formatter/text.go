package formatter

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiGreen  = "\x1b[32m"
)

// Text writes findings grouped by resource, one line per finding with its
// rule, severity and fix, then a summary line.
func Text(w io.Writer, r *report.Report, o Options) error {
	c := func(code, s string) string {
		if !o.Color {
			return s
		}
		return code + s + ansiReset
	}
	// Buffered to w rather than built whole: a large plan's report is megabytes.
	b := bufio.NewWriterSize(w, 64<<10)
	groups, order := groupByAddress(r.Findings)
	for _, addr := range order {
		fs := groups[addr]
		head := c(ansiBold, NotACommand(Inert(addr)))
		meta := []string{Inert(fs[0].ResourceType)}
		if fs[0].Action != "" {
			meta = append(meta, Inert(fs[0].Action))
		}
		if loc := fs[0].Location.String(); loc != "" {
			meta = append(meta, Inert(loc))
		}
		fmt.Fprintf(b, "%s  %s\n", head, c(ansiDim, "("+strings.Join(meta, ", ")+")"))
		for _, f := range fs {
			mark, color := "-", ansiDim
			switch {
			case f.Blocking:
				mark, color = "✗", ansiRed
			case f.Waived():
				mark, color = "~", ansiDim
			case f.Introduced:
				mark, color = "!", ansiYellow
			}
			status := ""
			switch {
			case f.Waived():
				status = " [waived by " + Inert(*f.WaivedBy) + "]"
			case !f.Introduced:
				status = " [pre-existing]"
			}
			fmt.Fprintf(b, "  %s %s %-8s %s%s\n", c(color, mark), c(ansiBold, f.Rule), f.Severity, Inert(f.Message), c(ansiDim, status))
			if f.Remediation != "" {
				fmt.Fprintf(b, "             %s %s\n", c(ansiCyan, "fix:"), Inert(f.Remediation))
			}
		}
		b.WriteByte('\n')
	}
	for _, n := range r.Notes {
		fmt.Fprintf(b, "%s %s\n", c(ansiDim, "note:"), Inert(n))
	}
	// A long report ends with what it holds, rule by rule: the last lines
	// are the ones a CI log and a truncated comment keep.
	if len(order) > textSummaryAfter {
		fmt.Fprintf(b, "%s %s\n", c(ansiDim, "by rule:"), ruleCounts(r.Findings))
	}
	s := r.Summary
	verdict := c(ansiGreen, "PASS")
	if s.Blocking > 0 {
		verdict = c(ansiRed, "BLOCKED")
	}
	// "0 findings on 0 resources" would read as if nothing was examined.
	on := ""
	if len(order) > 0 {
		on = fmt.Sprintf(" on %d %s", len(order), pluralWord(len(order), "resource", "resources"))
	}
	fmt.Fprintf(b, "%s: %d %s (%d blocking)%s; %d %s, %d %s in the plan.\n",
		verdict, s.Findings, pluralWord(s.Findings, "finding", "findings"), s.Blocking, on,
		s.Identities, pluralWord(s.Identities, "identity", "identities"),
		s.Credentials, pluralWord(s.Credentials, "credential", "credentials"))
	return b.Flush()
}

// textSummaryAfter is how many resources with findings a text report
// lists before it ends with counts by rule.
const textSummaryAfter = 10

// ruleCounts counts findings by rule, in the rules' order: "NHI-002 120
// (118 blocking), NHI-004 3 (3 blocking)".
func ruleCounts(fs []*report.Finding) string {
	type count struct{ all, blocking int }
	counts := map[string]*count{}
	var ids []string
	for _, f := range fs {
		n := counts[f.Rule]
		if n == nil {
			n = &count{}
			counts[f.Rule] = n
			ids = append(ids, f.Rule)
		}
		n.all++
		if f.Blocking {
			n.blocking++
		}
	}
	slices.Sort(ids)
	parts := make([]string, 0, len(ids))
	for _, id := range ids {
		parts = append(parts, fmt.Sprintf("%s %d (%d blocking)", Inert(id), counts[id].all, counts[id].blocking))
	}
	return strings.Join(parts, ", ")
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// groupByAddress groups findings by address, keeping report order, with
// blocking groups first.
func groupByAddress(fs []*report.Finding) (map[string][]*report.Finding, []string) {
	groups := map[string][]*report.Finding{}
	var order []string
	for _, f := range fs {
		if _, ok := groups[f.Address]; !ok {
			order = append(order, f.Address)
		}
		groups[f.Address] = append(groups[f.Address], f)
	}
	blocking := func(a string) bool {
		for _, f := range groups[a] {
			if f.Blocking {
				return true
			}
		}
		return false
	}
	var first, rest []string
	for _, a := range order {
		if blocking(a) {
			first = append(first, a)
		} else {
			rest = append(rest, a)
		}
	}
	return groups, append(first, rest...)
}
