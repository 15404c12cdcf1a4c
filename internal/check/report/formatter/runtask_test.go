package formatter

import (
	"fmt"
	"strings"
	"testing"

	tfe "github.com/hashicorp/go-tfe"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/rules"
)

// A run task result fails on a blocking finding, lists the findings that
// matter most first, and renders text from the plan inert: no line
// breaks or controls in a description, no markup in a body.
func TestRunTaskResult(t *testing.T) {
	t.Parallel()
	r := sample()
	res := RunTask(r, Options{}, true)
	if res.Status != tfe.TaskFailed || !strings.HasPrefix(res.Message, "BLOCKED: 6 findings (2 blocking)") {
		t.Errorf("status %s, message %q", res.Status, res.Message)
	}
	if len(res.Outcomes) != len(r.Findings) {
		t.Fatalf("%d outcomes for %d findings", len(res.Outcomes), len(r.Findings))
	}
	for i, o := range res.Outcomes {
		blocking := i < 2
		if got := o.Tags["Status"][0].Label == "blocking"; got != blocking {
			t.Errorf("outcome %d (%s): blocking %v, want %v: the blocking ones come first", i, o.Description, got, blocking)
		}
		if strings.ContainsAny(o.Description+o.OutcomeID, "\n\r\x1b\u202e") {
			t.Errorf("outcome %d description is not inert: %q", i, o.Description)
		}
		// The run's page lists descriptions: each says what is wrong.
		f := r.Findings[priorityOrder(r.Findings)[i]]
		if title := rules.Lookup(f.Rule).Title; len(o.Description) < 200 && !strings.HasSuffix(o.Description, ": "+title) {
			t.Errorf("outcome %d description %q lacks the rule's title %q", i, o.Description, title)
		}
		// The first line names the resource in a code span (mdCode); the
		// rest is escaped text behind fixed prefixes.
		head, rest, _ := strings.Cut(o.Body, "\n")
		if !strings.HasPrefix(head, "**NHI-") {
			t.Errorf("outcome %d starts with %q", i, head)
		}
		for _, line := range strings.Split(strings.TrimSpace(rest), "\n") {
			if line != "" && !strings.HasPrefix(line, "↳ ") && !strings.HasPrefix(line, "*") && !strings.HasPrefix(line, "OWASP") && !strings.HasPrefix(line, "Declared") {
				t.Errorf("outcome %d: a line starts with text from the plan: %q", i, line)
			}
		}
		for _, line := range strings.Split(rest, "\n") {
			// The message and the fix are escaped text (the other lines
			// hold code spans, mdCode's).
			if strings.HasPrefix(line, "↳ ") || strings.HasPrefix(line, "*Fix:*") {
				if c := unescaped(line, "<>[]*_|!&~$"); c != 0 {
					t.Errorf("outcome %d body holds %q unescaped: %s", i, c, line)
				}
			}
		}
		if strings.ContainsAny(o.Body, "\x1b\r\u202e") || strings.Contains(o.Body, "\n::") {
			t.Errorf("outcome %d body holds a control or a workflow command: %q", i, o.Body)
		}
	}
	if res := RunTask(r, Options{}, false); len(res.Outcomes) != 0 {
		t.Error("outcomes sent to a platform that did not ask for them")
	}
	r.Summary.Blocking = 0
	for _, f := range r.Findings {
		f.Blocking = false
	}
	if res := RunTask(r, Options{}, true); res.Status != tfe.TaskPassed || !strings.HasPrefix(res.Message, "PASS:") {
		t.Errorf("nothing blocks: %s %q", res.Status, res.Message)
	}
}

func TestRunTaskOutcomeLimit(t *testing.T) {
	t.Parallel()
	r := &report.Report{}
	for i := range RunTaskOutcomeLimit + 20 {
		f := &report.Finding{Rule: "NHI-001", Severity: report.Medium, Address: fmt.Sprintf("aws_iam_user.u%d", i), Introduced: true}
		if i == RunTaskOutcomeLimit+10 { // late in the report, but blocking
			f.Severity, f.Blocking = report.Critical, true
		}
		r.Findings = append(r.Findings, f)
	}
	r.Finalize()
	res := RunTask(r, Options{}, true)
	if len(res.Outcomes) != RunTaskOutcomeLimit || !strings.Contains(res.Message, fmt.Sprintf("The %d that matter most", RunTaskOutcomeLimit)) {
		t.Errorf("%d outcomes, message %q", len(res.Outcomes), res.Message)
	}
	if !strings.Contains(res.Outcomes[0].Description, fmt.Sprintf("u%d", RunTaskOutcomeLimit+10)) {
		t.Errorf("the blocking finding is not first: %s", res.Outcomes[0].Description)
	}
}
