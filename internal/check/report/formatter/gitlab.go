package formatter

import (
	"encoding/json"
	"io"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

func init() { register("gitlab", GitLab) }

// gitlabIssue is one entry of a GitLab Code Quality report (the Code
// Climate issue subset GitLab reads).
type gitlabIssue struct {
	Type        string         `json:"type"`
	CheckName   string         `json:"check_name"`
	Description string         `json:"description"`
	Content     *gitlabContent `json:"content,omitempty"`
	Categories  []string       `json:"categories"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    gitlabLocation `json:"location"`
}

type gitlabContent struct {
	Body string `json:"body"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
	End   int `json:"end,omitempty"`
}

// GitLab writes a GitLab Code Quality report (artifacts:reports:codequality).
// GitLab compares the report of a merge request with its target branch's
// by fingerprint, so every unwaived finding is listed, pre-existing ones
// too; waived findings are left out (Code Quality has no suppressions).
// Fingerprints hash rule and address; paths are repository-relative, and
// a finding without a source location points at line 1 of the plan.
// Severities: info→info, low→minor, medium→major, high→critical,
// critical→blocker.
func GitLab(w io.Writer, r *report.Report, o Options) error {
	issues := []gitlabIssue{}
	fps := fingerprints(r.Findings, o)
	for i, f := range r.Findings {
		if f.Waived() {
			continue
		}
		loc := gitlabLocation{Path: planURI(o), Lines: gitlabLines{Begin: 1}}
		if l := where(f); l != nil {
			loc = gitlabLocation{Path: repoPath(o, l), Lines: gitlabLines{Begin: l.Line, End: endLine(l)}}
		}
		desc := f.Rule + " " + Inert(f.Message)
		body := "Address: " + Inert(f.Address) + "\n\nStatus: " + status(f)
		if f.Remediation != "" {
			body += "\n\nFix: " + Inert(f.Remediation)
		}
		if f.HelpURL != "" {
			body += "\n\nMore: " + f.HelpURL
		}
		issues = append(issues, gitlabIssue{
			Type: "issue", CheckName: f.Rule, Description: desc, Content: &gitlabContent{Body: body},
			Categories: []string{"Security"}, Fingerprint: fps[i], Severity: gitlabSeverity(f.Severity), Location: loc,
		})
	}
	// The encoder's own newline is whitespace the indenter drops.
	return writeIndented(w, func(w io.Writer) error { return json.NewEncoder(w).Encode(issues) }, "\n")
}

func gitlabSeverity(s report.Severity) string {
	switch s {
	case report.Critical:
		return "blocker"
	case report.High:
		return "critical"
	case report.Medium:
		return "major"
	case report.Low:
		return "minor"
	}
	return "info"
}
