package formatter

import (
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/rules"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/standards"
)

func init() { register("sarif", SARIF) }

// SARIFSchemaURI is the schema the SARIF output declares (OASIS SARIF
// 2.1.0, errata 01); the tests validate against a copy of it.
const SARIFSchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// GitHubSARIFResultLimit is the most results GitHub code scanning accepts
// in a run: it rejects a whole upload with more (and shows 5,000).
const GitHubSARIFResultLimit = 25000

// FingerprintKey names nhiguard's entry in a result's partialFingerprints.
const FingerprintKey = "nhiguardFingerprint/v1"

// informationURI is the tool's home page.
const informationURI = "https://github.com/nhiguard/terraform-provider-nhi"

// SARIF writes SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure
// DevOps): one reportingDescriptor per rule, whether it found anything or
// not, and one result per finding.
//
// Paths are repository-relative (Options.SourceRoot joined with the file
// in the source directory), as GitHub code scanning requires. Every result
// has a physical location, because GitHub rejects a whole upload when one
// result has none: a finding without a source location is anchored to the
// plan (Options.PlanURI) with no region, and its logical location names
// the resource address. partialFingerprints hash rule and address (and
// the source root, which tells configurations of one repository apart),
// so an alert survives moved lines and reworded messages. They fill
// primaryLocationLineHash, the one GitHub tracks alerts by: left to the
// upload, it hashes the source line, which every instance of a counted
// or for_each resource shares. Results come most important first
// (priorityOrder): GitHub shows a run's first 5,000. Waived findings are
// results with a suppression (accepted), so they close rather than open alerts.
// A run holds at most Options.SARIFLimit results (sarifSelection).
func SARIF(w io.Writer, r *report.Report, o Options) error {
	log := sarif.NewReport()
	log.Schema = SARIFSchemaURI
	run := sarif.NewRunWithInformationURI(r.Tool.Name, informationURI)
	if r.Tool.Name == "" {
		name := "nhiguard"
		run.Tool.Driver.Name = &name
	}
	if r.Tool.Version != "" {
		v := r.Tool.Version
		run.Tool.Driver.Version = &v
	}
	for _, rule := range rules.All() {
		addRule(run, rule, rule.ID, rule.Severity)
	}
	// GitHub takes an alert's severity from its rule, not the result: a
	// finding of other than its rule's severity (a documented case, a
	// policy's severity) has a rule of its own, "NHI-006/high".
	variants := map[string]bool{}
	for _, f := range r.Findings {
		if id := sarifRuleID(f); id != f.Rule && !variants[id] {
			variants[id] = true
			addRule(run, rules.Lookup(f.Rule), id, f.Severity)
		}
	}
	fps := fingerprints(r.Findings, o)
	keep, omitted := sarifSelection(r.Findings, o.SARIFLimit)
	// The most important first: GitHub shows the first 5,000 results of
	// a run.
	for _, i := range priorityOrder(r.Findings) {
		if keep == nil || keep[i] {
			addResult(run, r.Findings[i], fps[i], o)
		}
	}
	props := sarif.NewPropertyBag()
	if omitted > 0 || len(r.Notes) > 0 {
		inv := sarif.NewInvocation().WithExecutionSuccessful(true)
		if omitted > 0 {
			props.Add("omitted", omitted)
			inv.AddToolExecutionNotification(sarif.NewNotification().
				WithLevel(sarif.LevelWarning).
				WithMessage(sarif.NewTextMessage(fmt.Sprintf(
					"%s left out: GitHub code scanning rejects a run of more than %d results. Pre-existing and waived findings, and the least severe, were left out first; the JSON report lists every finding.",
					report.Plural(omitted, "finding of this plan is", "findings of this plan are"), len(r.Findings)-omitted))))
		}
		for _, n := range r.Notes {
			inv.AddToolExecutionNotification(sarif.NewNotification().WithLevel(sarif.LevelNote).WithMessage(sarif.NewTextMessage(n)))
		}
		run.AddInvocation(inv)
	}
	props.Add("verdict", verdict(r))
	props.Add("blocking", r.Summary.Blocking)
	props.Add("findings", r.Summary.Findings)
	props.Add("identities", r.Summary.Identities)
	props.Add("credentials", r.Summary.Credentials)
	if r.Plan.TerraformVersion != "" {
		props.Add("terraform_version", r.Plan.TerraformVersion)
	}
	run.WithProperties(props)
	log.AddRun(run)
	// log.Write is PrettyWrite without json.MarshalIndent's slow indent
	// pass; it writes the whole document at once.
	return writeIndented(w, log.Write, "")
}

// uriReference writes a repository path as the relative URI reference
// SARIF's artifactLocation.uri must be: each segment percent-encoded
// (space, %, non-ASCII), and "./" before a first segment with a colon,
// which would read as a scheme.
func uriReference(p string) string {
	return (&url.URL{Path: p}).String()
}

// sarifSelection picks the findings a SARIF run holds when there are more
// than limit (default GitHubSARIFResultLimit): blocking first, then those
// the plan introduces, then pre-existing, then waived, the most severe
// first within each, in report order otherwise. keep is nil when all fit.
func sarifSelection(found []*report.Finding, limit int) (keep []bool, omitted int) {
	if limit <= 0 {
		limit = GitHubSARIFResultLimit
	}
	if len(found) <= limit {
		return nil, 0
	}
	keep = make([]bool, len(found))
	for _, i := range priorityOrder(found)[:limit] {
		keep[i] = true
	}
	return keep, len(found) - limit
}

// sarifRuleID is the SARIF rule of a finding: its rule's ID, with its
// severity appended when that is not the rule's.
func sarifRuleID(f *report.Finding) string {
	if rule := rules.Lookup(f.Rule); rule != nil && f.Severity != rule.Severity {
		return f.Rule + "/" + f.Severity.String()
	}
	return f.Rule
}

// addRule adds a rule's reportingDescriptor under id, at a severity.
func addRule(run *sarif.Run, rule *rules.Rule, id string, sev report.Severity) {
	d := run.AddRule(id).
		WithName(rule.Slug).
		WithShortDescription(sarif.NewMultiformatMessageString().WithText(rule.Title)).
		WithFullDescription(sarif.NewMultiformatMessageString().WithText(rule.Why)).
		WithHelpURI(rule.DocURL()).
		WithHelp(sarif.NewMultiformatMessageString().WithText(ruleHelpText(rule)).WithMarkdown(RuleHelpMarkdown(rule, 3)))
	d.WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(defaultLevel(sev)))
	props := sarif.NewPropertyBag()
	props.Add("security-severity", securitySeverity(sev))
	props.Add("precision", "high")
	props.Add("problem.severity", problemSeverity(sev))
	if id != rule.ID {
		props.Add("rule", rule.ID)
	}
	props.Add("category", rule.Category)
	props.Add("owasp_nhi", append([]string{}, rule.OWASP...))
	props.Add("nist_csf", append([]string{}, rule.NIST...))
	tags := []string{"security", "terraform", "non-human-identity", rule.Category}
	for _, id := range rule.OWASP {
		tags = append(tags, "OWASP-"+id)
	}
	for _, id := range rule.NIST {
		tags = append(tags, "NIST-CSF-2.0-"+id)
	}
	props.WithTags(tags)
	d.WithProperties(props)
}

func addResult(run *sarif.Run, f *report.Finding, fp string, o Options) {
	res := run.CreateResultForRule(sarifRuleID(f)).
		WithLevel(resultLevel(f)).
		WithMessage(sarif.NewTextMessage(sarifText(f.Message))).
		WithPartialFingerprints(map[string]string{FingerprintKey: fp, "primaryLocationLineHash": fp})

	loc := sarif.NewLocation()
	phys := sarif.NewPhysicalLocation()
	if l := where(f); l != nil {
		phys.WithArtifactLocation(sarif.NewSimpleArtifactLocation(uriReference(repoPath(o, l))))
		region := sarif.NewRegion().WithStartLine(l.Line).WithEndLine(endLine(l))
		if l.Column > 0 {
			region.WithStartColumn(l.Column)
			if l.EndColumn > 0 && (endLine(l) > l.Line || l.EndColumn > l.Column) {
				region.WithEndColumn(l.EndColumn)
			}
		}
		phys.WithRegion(region)
	} else {
		phys.WithArtifactLocation(sarif.NewSimpleArtifactLocation(uriReference(planURI(o))))
	}
	loc.WithPhysicalLocation(phys)
	kind := "resource"
	if strings.HasPrefix(f.Address, "output.") {
		kind = "output"
	} else if f.ResourceType == "exception" {
		kind = "exception"
	}
	loc.AddLogicalLocation(sarif.NewLogicalLocation().
		WithName(Inert(f.Address)).
		WithFullyQualifiedName(Inert(f.Address)).
		WithKind(kind))
	res.AddLocation(loc)

	props := sarif.NewPropertyBag()
	props.Add("rule", f.Rule)
	props.Add("address", f.Address)
	props.Add("resource_type", f.ResourceType)
	props.Add("action", f.Action)
	props.Add("severity", f.Severity.String())
	props.Add("introduced", f.Introduced)
	props.Add("blocking", f.Blocking)
	props.Add("status", status(f))
	if f.WaivedBy != nil {
		props.Add("waived_by", *f.WaivedBy)
	} else {
		props.Add("waived_by", nil)
	}
	if len(f.Related) > 0 {
		props.Add("related", append([]string{}, f.Related...))
	}
	if f.Remediation != "" {
		props.Add("remediation", f.Remediation)
	}
	props.Add("security-severity", securitySeverity(f.Severity))
	res.WithProperties(props)

	if f.WaivedBy != nil {
		kind := "external"
		if isInSourceException(*f.WaivedBy) {
			kind = "inSource"
		}
		res.AddSuppression(sarif.NewSuppression().
			WithKind(kind).
			WithStatus("accepted").
			WithJustification("waived by " + Inert(*f.WaivedBy)))
	}
}

// sarifText is text from the plan as a SARIF plain text message: Inert,
// and with '[' and ']' (and a backslash before one) escaped, as SARIF
// 2.1.0 (3.11.6) requires of literal brackets, because viewers turn
// "[text](target)" in a message into an embedded link.
func sarifText(s string) string {
	s = Inert(s)
	if !strings.ContainsAny(s, "[]") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '[', ']':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\\':
			b.WriteByte(c)
			if i+1 < len(s) && (s[i+1] == '[' || s[i+1] == ']') {
				b.WriteByte('\\')
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// isInSourceException: an nhi_exception resource is declared in the
// Terraform code; .nhiguard.hcl exceptions and baseline entries are not.
func isInSourceException(id string) bool {
	return strings.HasPrefix(id, "nhi_exception.") || strings.Contains(id, ".nhi_exception.")
}

// resultLevel: error blocks the plan; warning is introduced by it but
// below the blocking threshold (or waived); note was there before.
func resultLevel(f *report.Finding) string {
	switch {
	case f.Blocking:
		return sarif.LevelError
	case f.Introduced:
		return sarif.LevelWarning
	}
	return sarif.LevelNote
}

func defaultLevel(s report.Severity) string {
	switch {
	case s >= report.High:
		return sarif.LevelError
	case s == report.Medium:
		return sarif.LevelWarning
	}
	return sarif.LevelNote
}

func problemSeverity(s report.Severity) string {
	switch {
	case s >= report.High:
		return "error"
	case s == report.Medium:
		return "warning"
	}
	return "recommendation"
}

func ruleHelpText(r *rules.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\nWhy it matters: %s\n\nFix: %s\n", r.Title, r.Why, r.Fix)
	b.WriteString("\nOWASP Non-Human Identities Top 10 (2025): ")
	b.WriteString(joinRefs(r.OWASP, standards.OWASP))
	b.WriteString("\nNIST CSF 2.0: ")
	b.WriteString(joinRefs(r.NIST, standards.NIST))
	fmt.Fprintf(&b, "\n\nMore: %s\n", r.DocURL())
	return b.String()
}

func joinRefs(ids []string, ref func(string) standards.Ref) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = ref(id).String()
	}
	return strings.Join(parts, "; ")
}

// RuleHelpMarkdown is a rule's help as Markdown: why it matters, the fix,
// bad and good Terraform, and its references. level is the heading level
// of its sections. The SARIF rule help, explain and docs/rules use it.
func RuleHelpMarkdown(r *rules.Rule, level int) string {
	h := strings.Repeat("#", level) + " "
	var b strings.Builder
	fmt.Fprintf(&b, "%sWhy it matters\n\n%s\n\n", h, r.Why)
	fmt.Fprintf(&b, "%sFix\n\n%s\n\n", h, r.Fix)
	if cases := r.SeverityCases(); len(cases) > 0 {
		fmt.Fprintf(&b, "%sSeverity\n\n%s, except:\n\n", h, capitalized(r.Severity.String()))
		for _, c := range cases {
			fmt.Fprintf(&b, "- **%s** when %s.\n", c.Severity, c.When)
		}
		b.WriteString("\n")
		if slices.ContainsFunc(cases, func(c *rules.SeverityCase) bool { return c.Severity < report.High }) {
			b.WriteString("Findings below high do not block with the default `block_on` (high, critical). ")
		}
		fmt.Fprintf(&b, "A severity set for the rule in the policy file (`severity = { \"%s\" = \"high\" }`) applies to all its findings.\n\n", r.ID)
	}
	if r.Bad != "" {
		fmt.Fprintf(&b, "%sBad\n\n```hcl\n%s\n```\n\n", h, strings.TrimRight(r.Bad, "\n"))
	}
	if r.Good != "" {
		fmt.Fprintf(&b, "%sGood\n\n```hcl\n%s\n```\n\n", h, strings.TrimRight(r.Good, "\n"))
	}
	fmt.Fprintf(&b, "%sReferences\n\n", h)
	for _, id := range r.OWASP {
		ref := standards.OWASP(id)
		fmt.Fprintf(&b, "- [OWASP Non-Human Identities Top 10: %s](%s)\n", ref, ref.URL)
	}
	for _, id := range r.NIST {
		ref := standards.NIST(id)
		fmt.Fprintf(&b, "- [NIST CSF 2.0 %s](%s): %s\n", ref.ID, ref.URL, ref.Title)
	}
	return b.String()
}

func capitalized(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
