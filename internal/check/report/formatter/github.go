package formatter

import (
	"fmt"
	"io"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

func init() { register("github", GitHub) }

// GitHub writes GitHub Actions workflow commands, which GitHub shows as
// annotations on the pull request's changed lines and in the run summary:
// ::error for a blocking finding, ::warning for one the plan introduces
// below the blocking threshold, ::notice for one that was there before.
// Waived findings are counted in the closing line, not annotated.
//
// Every value is escaped as the runner's toolkit does (data: '%', CR, LF;
// properties also ':' and ','), after Inert has made control characters
// visible, so one finding is one line and a crafted address cannot end
// its command or start another.
func GitHub(w io.Writer, r *report.Report, o Options) error {
	var b strings.Builder
	waived := 0
	for _, f := range r.Findings {
		cmd := "notice"
		switch status(f) {
		case "waived":
			waived++
			continue
		case "blocking":
			cmd = "error"
		case "introduced":
			cmd = "warning"
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
		fmt.Fprintf(&b, "::%s %s::%s\n", cmd, strings.Join(props, ","), ghData(msg))
	}
	s := r.Summary
	fmt.Fprintf(&b, "nhiguard: %s: %s (%d blocking, %d waived); %s, %s in the plan.\n",
		verdict(r), plural(s.Findings, "finding", "findings"), s.Blocking, waived,
		plural(s.Identities, "identity", "identities"), plural(s.Credentials, "credential", "credentials"))
	_, err := io.WriteString(w, b.String())
	return err
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
