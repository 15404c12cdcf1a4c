// Package report holds findings and the JSON report contract (schema
// version 1, see DESIGN.md): the types every formatter reads. Field names
// and JSON tags here are a public contract; add nothing to the JSON without
// a schema version bump.
package report

import (
	"fmt"
	"sort"
	"strings"
)

// SchemaVersion is the version of the JSON report.
const SchemaVersion = 1

// Severity of a finding.
type Severity int

const (
	Info Severity = iota
	Low
	Medium
	High
	Critical
)

var severityNames = [...]string{"info", "low", "medium", "high", "critical"}

func (s Severity) String() string {
	if s < Info || s > Critical {
		return "unknown"
	}
	return severityNames[s]
}

// ParseSeverity reads a severity name.
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(n, strings.TrimSpace(s)) {
			return Severity(i), nil
		}
	}
	return Info, fmt.Errorf("unknown severity %q (want one of %s)", s, strings.Join(severityNames[:], ", "))
}

// MarshalText writes the name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads the name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Location is where a resource (or one of its attributes) is declared.
type Location struct {
	File      string // slash-separated, relative to the source directory
	Line      int
	EndLine   int
	Column    int
	EndColumn int
}

// String renders file:line.
func (l *Location) String() string {
	if l == nil || l.File == "" {
		return ""
	}
	return fmt.Sprintf("%s:%d", l.File, l.Line)
}

// Finding is one rule result on one address.
type Finding struct {
	Rule         string   `json:"rule"`
	Category     string   `json:"category"`
	Severity     Severity `json:"severity"`
	Address      string   `json:"address"`
	ResourceType string   `json:"resource_type"`
	Action       string   `json:"action"`
	Introduced   bool     `json:"introduced"`
	Blocking     bool     `json:"blocking"`
	Related      []string `json:"related"`
	Message      string   `json:"message"`
	Remediation  string   `json:"remediation"`
	OWASP        []string `json:"owasp"`
	WaivedBy     *string  `json:"waived_by"`

	// Not part of the JSON contract; formatters that show places use them.
	Location *Location `json:"-"`
	// AttrLocation points at the offending attribute when there is one.
	AttrLocation *Location `json:"-"`
	// Attribute names the offending attribute, if any.
	Attribute string `json:"-"`
	// RuleSlug is the rule's slug, e.g. unowned-credential.
	RuleSlug string `json:"-"`
	// HelpURL is the rule's documentation page.
	HelpURL string `json:"-"`
	// TimeDriven findings (an expired exception) are introduced by the
	// passage of time, not by a change: they count as introduced.
	TimeDriven bool `json:"-"`
	// Facet tells apart findings of one rule on one address that stand
	// for different risks (a resource's own owner, and the object its
	// replace leaves outside Terraform): "" for the rule's usual one.
	Facet string `json:"-"`
	// Grounds are the kinds of evidence a finding stands on ("anyone may
	// assume", "one other account may"), where its rule tells them apart:
	// a finding whose grounds the world before apply lacked is this
	// plan's, at the same severity.
	Grounds []string `json:"-"`
}

// Waived reports whether an exception waived the finding.
func (f *Finding) Waived() bool { return f.WaivedBy != nil }

// Key identifies a finding across runs: rule and address (messages may
// change), and its facet when it has one.
func (f *Finding) Key() string {
	if f.Facet != "" {
		return f.Rule + "|" + f.Address + "|" + f.Facet
	}
	return f.Rule + "|" + f.Address
}

// InventoryEntry is one machine identity, credential or stored secret the
// plan manages (Summary counts secrets with the credentials).
type InventoryEntry struct {
	Address     string `json:"address"`
	Kind        string `json:"kind"`
	Owner       string `json:"owner"`
	OwnerSource string `json:"owner_source"`
	Rotation    string `json:"rotation"`
	Privilege   string `json:"privilege"`
	// Chain lists the addresses that grant admin or escalation-capable
	// privilege (group memberships, attachments, bindings, policies);
	// present only then.
	Chain []string `json:"chain,omitempty"`

	// Not part of the check report's JSON; the inventory command's
	// register adds them.
	ResourceType string   `json:"-"`
	Class        string   `json:"-"`
	Action       string   `json:"-"`
	Lifetime     string   `json:"-"`
	Environment  string   `json:"-"`
	Findings     []string `json:"-"`
}

// Tool names the checker.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// PlanInfo says which plan was checked.
type PlanInfo struct {
	TerraformVersion string `json:"terraform_version"`
	FormatVersion    string `json:"format_version"`
}

// Summary counts.
type Summary struct {
	Identities  int `json:"identities"`
	Credentials int `json:"credentials"`
	Findings    int `json:"findings"`
	Blocking    int `json:"blocking"`
}

// Report is the whole result of a check.
type Report struct {
	Version   int              `json:"version"`
	Tool      Tool             `json:"tool"`
	Plan      PlanInfo         `json:"plan"`
	Summary   Summary          `json:"summary"`
	Findings  []*Finding       `json:"findings"`
	Inventory []InventoryEntry `json:"inventory"`

	// Notes are run-level remarks (an incomplete plan, sources not read,
	// verdicts that could not be verified): every format shows them, the
	// JSON report when there are any.
	Notes []string `json:"notes,omitempty"`
}

// Sort orders findings deterministically: by address, then rule, then message.
func (r *Report) Sort() {
	sort.SliceStable(r.Findings, func(i, j int) bool {
		a, b := r.Findings[i], r.Findings[j]
		if a.Address != b.Address {
			return a.Address < b.Address
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
	sort.SliceStable(r.Inventory, func(i, j int) bool { return r.Inventory[i].Address < r.Inventory[j].Address })
}

// Finalize sorts, fills nil slices (JSON shows [] not null) and recounts the summary.
func (r *Report) Finalize() {
	r.Version = SchemaVersion
	if r.Findings == nil {
		r.Findings = []*Finding{}
	}
	if r.Inventory == nil {
		r.Inventory = []InventoryEntry{}
	}
	for _, f := range r.Findings {
		if f.Related == nil {
			f.Related = []string{}
		}
		if f.OWASP == nil {
			f.OWASP = []string{}
		}
	}
	r.Sort()
	r.Summary.Findings = len(r.Findings)
	r.Summary.Blocking = 0
	for _, f := range r.Findings {
		if f.Blocking {
			r.Summary.Blocking++
		}
	}
}

// Blocking reports whether any finding blocks.
func (r *Report) Blocking() bool { return r.Summary.Blocking > 0 }

// Plural writes a count with its noun: "1 finding", "2 findings".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
