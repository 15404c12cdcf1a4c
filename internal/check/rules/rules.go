// Package rules holds the checker's rules, one per file, and their
// registry. A rule is a pure function of the identity graph and the
// policy; it reports findings through a Context and never reads plan JSON.
package rules

import (
	"sort"
	"strings"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/graph"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// DocBase is where each rule's page lives (docs/rules/<id>.md in the repository).
const DocBase = "https://github.com/nhiguard/terraform-provider-nhi/blob/main/docs/rules/"

// Rule is one check.
type Rule struct {
	ID       string
	Slug     string
	Category string
	Severity report.Severity
	// OWASP lists OWASP Non-Human Identity Top 10 (2025) items, e.g. "NHI1:2025".
	OWASP []string
	// NIST lists NIST CSF 2.0 subcategories the rule supports.
	NIST []string
	// Title is the one-line description `nhiguard rules` prints.
	Title string
	// Why explains why it matters (explain, SARIF help).
	Why string
	// Fix is the general remediation.
	Fix string
	// Bad and Good are short Terraform examples for `nhiguard explain`.
	Bad, Good string
	Check     func(*Context)

	docURL string // made once: every finding carries it
}

// DocURL is the rule's documentation page.
func (r *Rule) DocURL() string {
	if r.docURL != "" {
		return r.docURL
	}
	return DocBase + strings.ToLower(r.ID) + ".md"
}

var registry = map[string]*Rule{}

func register(r *Rule) {
	if _, dup := registry[r.ID]; dup {
		panic("rules: duplicate rule " + r.ID)
	}
	r.docURL = r.DocURL()
	registry[r.ID] = r
}

// All returns every rule, by id.
func All() []*Rule {
	out := make([]*Rule, 0, len(registry))
	for _, r := range registry {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Lookup finds a rule by id (case-insensitive) or slug.
func Lookup(idOrSlug string) *Rule {
	s := strings.ToUpper(strings.TrimSpace(idOrSlug))
	if r := registry[s]; r != nil {
		return r
	}
	for _, r := range registry {
		if strings.EqualFold(r.Slug, idOrSlug) {
			return r
		}
	}
	return nil
}

// Policy is what the rules judge against (from .nhiguard.hcl and flags).
type Policy struct {
	// MaxLifetime is the longest acceptable credential lifetime or rotation period.
	MaxLifetime time.Duration
	// MaxLifetimeByKind overrides it per inventory kind (certificate, token, ...).
	MaxLifetimeByKind map[string]time.Duration
	// Severity overrides a rule's default severity.
	Severity map[string]report.Severity
	// Disabled rules do not run.
	Disabled map[string]bool
	// Exceptions from the configuration and the baseline; NHI-008 reports
	// the expired ones.
	Exceptions []*report.Exception
}

// DefaultPolicy: 90 days for secrets and keys; certificates follow the
// CA/Browser Forum's 397-day ceiling for public TLS.
func DefaultPolicy() Policy {
	return Policy{
		MaxLifetime:       90 * kb.Day,
		MaxLifetimeByKind: map[string]time.Duration{"certificate": 397 * kb.Day},
	}
}

// MaxFor is the maximum lifetime for a kind.
func (p Policy) MaxFor(kind string) time.Duration {
	if d, ok := p.MaxLifetimeByKind[kind]; ok && d > 0 {
		return d
	}
	if p.MaxLifetime > 0 {
		return p.MaxLifetime
	}
	return 90 * kb.Day
}

// Context carries one rule's run.
type Context struct {
	G      *graph.Graph
	Policy Policy
	Rule   *Rule
	out    []*report.Finding
}

// Finding is what a rule reports; the runner fills the rule's fields.
type Finding struct {
	Node *graph.Node
	// Address overrides Node's address (outputs, config exceptions).
	Address      string
	ResourceType string
	Action       string
	// Case, when set, is the documented kind of finding, of other than
	// the rule's default severity, that this one is.
	Case        *SeverityCase
	Related     []string
	Message     string
	Remediation string
	Attribute   string
	// TimeDriven marks findings that time, not the plan, brings about.
	TimeDriven bool
	// Facet tells this finding apart from the rule's usual one on the
	// same address (report.Finding.Facet).
	Facet string
	// Grounds are the kinds of evidence the finding stands on
	// (report.Finding.Grounds).
	Grounds []string
}

// Report records a finding.
func (c *Context) Report(f Finding) {
	sev := c.Rule.Severity
	if s, ok := c.Policy.Severity[c.Rule.ID]; ok {
		sev = s
	} else if f.Case != nil {
		sev = f.Case.Severity
	}
	rf := &report.Finding{
		Rule:         c.Rule.ID,
		RuleSlug:     c.Rule.Slug,
		Category:     c.Rule.Category,
		Severity:     sev,
		Address:      f.Address,
		ResourceType: f.ResourceType,
		Action:       f.Action,
		Related:      uniqueSorted(f.Related, f.Address),
		Message:      f.Message,
		Remediation:  f.Remediation,
		OWASP:        append([]string(nil), c.Rule.OWASP...),
		Attribute:    f.Attribute,
		HelpURL:      c.Rule.DocURL(),
		TimeDriven:   f.TimeDriven,
		Facet:        f.Facet,
		Grounds:      f.Grounds,
	}
	if f.Node != nil {
		if rf.Address == "" {
			rf.Address = f.Node.Address()
		}
		if rf.ResourceType == "" {
			rf.ResourceType = f.Node.R.Type
		}
		if rf.Action == "" {
			rf.Action = f.Node.R.ActionLabel()
		}
		rf.Related = uniqueSorted(f.Related, rf.Address)
	}
	if rf.Remediation == "" {
		rf.Remediation = c.Rule.Fix
	}
	c.out = append(c.out, rf)
}

func uniqueSorted(in []string, self string) []string {
	seen := map[string]bool{self: true}
	out := []string{}
	for _, s := range in {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// SeverityCase is a kind of finding a rule reports at other than its
// default severity: a finding that could not be verified (medium, which
// the default block_on lets pass), or a worse form of the problem
// (critical). Rules report them through the case, so that what `nhiguard
// explain`, the rule pages and SARIF say is what the rule does.
type SeverityCase struct {
	Rule     string // the rule's id
	Severity report.Severity
	When     string // completes "<severity> when ..."
}

var severityCases []*SeverityCase

// severityCase declares a case of a rule (at package initialisation).
func severityCase(rule string, sev report.Severity, when string) *SeverityCase {
	c := &SeverityCase{Rule: rule, Severity: sev, When: when}
	severityCases = append(severityCases, c)
	return c
}

// SeverityCases lists the rule's findings of other than its default
// severity, in the order they were declared.
func (r *Rule) SeverityCases() []*SeverityCase {
	var out []*SeverityCase
	for _, c := range severityCases {
		if c.Rule == r.ID {
			out = append(out, c)
		}
	}
	return out
}

// Run runs every enabled rule on a graph.
func Run(g *graph.Graph, p Policy) []*report.Finding {
	var out []*report.Finding
	for _, r := range All() {
		if p.Disabled[r.ID] || r.Check == nil {
			continue
		}
		c := &Context{G: g, Policy: p, Rule: r}
		r.Check(c)
		out = append(out, c.out...)
	}
	return out
}

// managed lists nodes that are managed resources (not data sources).
func managed(g *graph.Graph) []*graph.Node {
	out := make([]*graph.Node, 0, len(g.Nodes))
	for _, n := range g.Nodes {
		if n.R.Mode == "managed" {
			out = append(out, n)
		}
	}
	return out
}

// code quotes an identifier for messages.
func code(s string) string { return "`" + s + "`" }

// unverifiedNote is appended when a verdict could not be checked against .tf sources.
const unverifiedNote = " (not verified: lifecycle.replace_triggered_by is only visible in the .tf sources; pass --source-dir)"
