package formatter

import (
	"fmt"
	"strings"

	tfe "github.com/hashicorp/go-tfe"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/rules"
)

// RunTaskOutcomeLimit caps the outcomes of a run task result: each is a
// row in the run's page, and a run of thousands helps no reviewer. The
// message says how many were left out.
const RunTaskOutcomeLimit = 100

// runTaskMessageLimit keeps the result's message to the one line the
// run's page shows.
const runTaskMessageLimit = 500

// RunTask renders a report as the result a Terraform Cloud (HCP Terraform)
// or Enterprise run task reports: failed when a finding blocks, passed
// otherwise, and, when the platform takes them, one outcome per finding
// (the ones that matter most first), each a Markdown body whose text from
// the plan is escaped as in the markdown format.
func RunTask(r *report.Report, o Options, outcomes bool) tfe.TaskResultCallbackRequestOptions {
	res := tfe.TaskResultCallbackRequestOptions{Status: tfe.TaskPassed}
	if r.Summary.Blocking > 0 {
		res.Status = tfe.TaskFailed
	}
	msg := fmt.Sprintf("%s: %s (%d blocking); %s, %s in the plan.", verdict(r),
		report.Plural(r.Summary.Findings, "finding", "findings"), r.Summary.Blocking,
		report.Plural(r.Summary.Identities, "identity", "identities"), report.Plural(r.Summary.Credentials, "credential", "credentials"))
	if outcomes {
		order := priorityOrder(r.Findings)
		if len(order) > RunTaskOutcomeLimit {
			msg += fmt.Sprintf(" The %d that matter most are listed; the JSON report (nhiguard check --format json) has every one.", RunTaskOutcomeLimit)
			order = order[:RunTaskOutcomeLimit]
		}
		for _, i := range order {
			res.Outcomes = append(res.Outcomes, runTaskOutcome(r.Findings[i], o))
		}
	}
	res.Message = clip(Inert(msg), runTaskMessageLimit)
	return res
}

func runTaskOutcome(f *report.Finding, o Options) *tfe.TaskResultOutcome {
	var body strings.Builder
	fmt.Fprintf(&body, "**%s** %s · %s · %s\n\n", f.Rule, mdCode(clip(f.Address, 300)), f.Severity.String(), status(f))
	if l := where(f); l != nil {
		fmt.Fprintf(&body, "Declared at %s\n\n", mdCode(fmt.Sprintf("%s:%d", repoPath(o, l), l.Line)))
	}
	// A fixed prefix: text from the plan never starts a line.
	fmt.Fprintf(&body, "↳ %s\n\n", mdMessage(clip(f.Message, 1500)))
	if f.WaivedBy != nil {
		fmt.Fprintf(&body, "*Waived by* %s\n\n", mdCode(clip(*f.WaivedBy, 300)))
	}
	if f.Remediation != "" {
		fmt.Fprintf(&body, "*Fix:* %s\n\n", mdMessage(clip(f.Remediation, 1500)))
	}
	if len(f.OWASP) > 0 {
		fmt.Fprintf(&body, "OWASP Non-Human Identity Top 10: %s\n", strings.Join(f.OWASP, ", "))
	}
	level := "info"
	switch {
	case f.Blocking:
		level = "error"
	case f.Introduced && !f.Waived():
		level = "warning"
	}
	// The run's page lists descriptions: say what is wrong, not only where.
	desc := f.Rule + " " + f.Address
	if rule := rules.Lookup(f.Rule); rule != nil {
		desc += ": " + rule.Title
	}
	return &tfe.TaskResultOutcome{
		OutcomeID:   clip(Inert(f.Rule+" "+f.Address), 200),
		Description: clip(Inert(desc), 200),
		Body:        body.String(),
		URL:         f.HelpURL,
		Tags: map[string][]*tfe.TaskResultTag{
			"Status":   {{Label: status(f), Level: level}},
			"Severity": {{Label: f.Severity.String(), Level: severityLevel(f.Severity)}},
		},
	}
}

// severityLevel is the colour a run's page gives a severity tag.
func severityLevel(s report.Severity) string {
	switch {
	case s >= report.High:
		return "error"
	case s == report.Medium:
		return "warning"
	}
	return "info"
}
