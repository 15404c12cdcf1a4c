package formatter

import (
	"fmt"
	"io"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

func init() { register("github", GitHub) }

// GitHubAnnotationsPerStep is how many error, warning and notice
// annotations GitHub shows for one step; it drops the rest.
const GitHubAnnotationsPerStep = 10

// GitHub writes GitHub Actions workflow commands, which GitHub shows as
// annotations on the pull request's changed lines and in the run summary:
// ::error for a blocking finding, ::warning for one the plan introduces
// below the blocking threshold, ::notice for one that was there before.
// Waived findings are counted in the closing line, not annotated.
//
// GitHub shows at most GitHubAnnotationsPerStep annotations of each kind
// per step and drops the rest: each kind is annotated that many times, the
// findings that matter most first (blocking, then the most severe), and
// the closing line says how many were left out and where they all are.
//
// Every value is escaped as the runner's toolkit does (data: '%', CR, LF;
// properties also ':' and ','), after Inert has made control characters
// visible, so one finding is one line and a crafted address cannot end
// its command or start another.
func GitHub(w io.Writer, r *report.Report, o Options) error {
	var b strings.Builder
	// Notes (an incomplete plan, sources not read) come first, as notices
	// within GitHub's limit, which would drop them after ten findings'.
	notes := r.Notes
	if len(notes) > GitHubAnnotationsPerStep {
		notes = notes[:GitHubAnnotationsPerStep]
	}
	for _, n := range notes {
		fmt.Fprintf(&b, "::notice title=%s::%s\n", ghProperty("nhiguard"), ghData(n))
	}
	// Which findings are annotated: each kind's first, by priority.
	annotated, shown, left, waived := make([]bool, len(r.Findings)), map[string]int{"notice": len(notes)}, 0, 0
	for _, i := range priorityOrder(r.Findings) {
		cmd := ghCommand(r.Findings[i])
		switch {
		case cmd == "":
			waived++
		case shown[cmd] == GitHubAnnotationsPerStep:
			left++
		default:
			shown[cmd]++
			annotated[i] = true
		}
	}
	for i, f := range r.Findings {
		if !annotated[i] {
			continue
		}
		var props []string
		if l := where(f); l != nil {
			props = append(props,
				"file="+ghProperty(repoPath(o, l)),
				fmt.Sprintf("line=%d", l.Line),
				fmt.Sprintf("endLine=%d", endLine(l)))
		}
		title := fmt.Sprintf("%s %s (%s): %s", f.Rule, f.RuleSlug, f.Severity, f.Address)
		if f.RuleSlug == "" {
			title = fmt.Sprintf("%s (%s): %s", f.Rule, f.Severity, f.Address)
		}
		props = append(props, "title="+ghProperty(title))
		msg := f.Message
		if f.Remediation != "" {
			msg += " Fix: " + f.Remediation
		}
		if f.HelpURL != "" {
			msg += " (" + f.HelpURL + ")"
		}
		fmt.Fprintf(&b, "::%s %s::%s\n", ghCommand(f), strings.Join(props, ","), ghData(msg))
	}
	s := r.Summary
	fmt.Fprintf(&b, "nhiguard: %s: %s (%d blocking, %d waived); %s, %s in the plan.",
		verdict(r), report.Plural(s.Findings, "finding", "findings"), s.Blocking, waived,
		report.Plural(s.Identities, "identity", "identities"), report.Plural(s.Credentials, "credential", "credentials"))
	if left > 0 {
		fmt.Fprintf(&b, " %d not annotated: GitHub shows %d annotations of each kind per step, and the most severe have them; the json report holds every finding, and code scanning (sarif) the most important first.",
			left, GitHubAnnotationsPerStep)
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// ghCommand is the workflow command that annotates a finding: error when
// it blocks, warning when the plan introduces it, notice when it was there
// before; "" when it is waived.
func ghCommand(f *report.Finding) string {
	switch status(f) {
	case "waived":
		return ""
	case "blocking":
		return "error"
	case "introduced":
		return "warning"
	}
	return "notice"
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	s = Inert(s)
	s = strings.ReplaceAll(s, "%", "%25")
	s = strings.ReplaceAll(s, "\r", "%0D")
	return strings.ReplaceAll(s, "\n", "%0A")
}

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string {
	s = ghData(s)
	s = strings.ReplaceAll(s, ":", "%3A")
	return strings.ReplaceAll(s, ",", "%2C")
}
