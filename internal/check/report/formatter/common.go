package formatter

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// where is the most precise location of a finding: the offending
// attribute when known, else the resource block; nil without sources.
func where(f *report.Finding) *report.Location {
	if f.AttrLocation != nil && f.AttrLocation.File != "" && f.AttrLocation.Line > 0 {
		return f.AttrLocation
	}
	if f.Location != nil && f.Location.File != "" && f.Location.Line > 0 {
		return f.Location
	}
	return nil
}

// repoPath is a location's file relative to the repository root: the
// source root joined with the file (which is relative to the source
// directory), slash-separated and cleaned.
func repoPath(o Options, l *report.Location) string {
	if l == nil || l.File == "" {
		return ""
	}
	return path.Clean(path.Join(strings.ReplaceAll(o.SourceRoot, "\\", "/"), l.File))
}

// planURI is the file findings without a source location are anchored to.
func planURI(o Options) string {
	if o.PlanURI != "" {
		return o.PlanURI
	}
	return "plan.json"
}

// endLine is a location's last line (at least its first).
func endLine(l *report.Location) int {
	if l.EndLine >= l.Line {
		return l.EndLine
	}
	return l.Line
}

// fingerprints gives each finding its stable fingerprint (rule and
// address); a second finding with the same rule and address (a rule that
// reports twice on one resource) gets ":2", and so on, so none collide.
func fingerprints(fs []*report.Finding, o Options) []string {
	seen := map[string]int{}
	out := make([]string, len(fs))
	for i, f := range fs {
		fp := f.Fingerprint()
		if o.SourceRoot != "" {
			// The same address in two configurations of one repository
			// (envs/prod and envs/staging) is two findings.
			fp = report.Fingerprint(f.Rule, f.Address+"\x00"+o.SourceRoot)
		}
		n := seen[fp]
		seen[fp]++
		if n > 0 {
			fp = fmt.Sprintf("%s:%d", fp, n+1)
		}
		out[i] = fp
	}
	return out
}

// status names where a finding stands with the gate.
func status(f *report.Finding) string {
	switch {
	case f.Waived():
		return "waived"
	case f.Blocking:
		return "blocking"
	case f.Introduced:
		return "introduced"
	}
	return "pre-existing"
}

// priorityOrder lists the findings' positions, the ones that matter most
// first: blocking, introduced, pre-existing, then waived findings, the most
// severe first within each, in report order otherwise. Outputs that can
// hold only so many keep the first.
func priorityOrder(found []*report.Finding) []int {
	rank := map[string]int{"blocking": 0, "introduced": 1, "pre-existing": 2, "waived": 3}
	order := make([]int, len(found))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		fa, fb := found[a], found[b]
		return cmp.Or(cmp.Compare(rank[status(fa)], rank[status(fb)]), cmp.Compare(fb.Severity, fa.Severity))
	})
	return order
}

// verdict is the one-word outcome.
func verdict(r *report.Report) string {
	if r.Summary.Blocking > 0 {
		return "BLOCKED"
	}
	return "PASS"
}

// securitySeverity is GitHub's numeric security-severity for a severity
// (critical >= 9.0, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9).
func securitySeverity(s report.Severity) string {
	switch s {
	case report.Critical:
		return "9.5"
	case report.High:
		return "8.0"
	case report.Medium:
		return "5.5"
	case report.Low:
		return "3.0"
	}
	return "1.0"
}
