package formatter

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/rules"
)

func init() { register("junit", JUnit) }

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// JUnit writes JUnit XML for CI test reports: one test suite per rule,
// whether it found anything or not, and in it one test case per resource
// it reported on: a failure when the finding blocks, skipped when waived,
// and otherwise a passing case whose output says what was found (a
// pre-existing finding, or one below the blocking threshold), so that the
// test report fails exactly when the check does. A rule that found
// nothing has a single passing case, so every rule shows as run.
//
// Every string is passed through Inert and then encoding/xml, which
// escapes markup and replaces characters XML 1.0 cannot hold, so the
// document stays well-formed however hostile a resource name is.
func JUnit(w io.Writer, r *report.Report, o Options) error {
	byRule := map[string][]*report.Finding{}
	for _, f := range r.Findings {
		byRule[f.Rule] = append(byRule[f.Rule], f)
	}
	doc := junitSuites{Name: "nhiguard"}
	ids := []string{}
	for _, rule := range rules.All() {
		ids = append(ids, rule.ID)
	}
	for id := range byRule {
		if rules.Lookup(id) == nil {
			ids = append(ids, id)
		}
	}
	for _, id := range ids {
		suite := junitSuite{Name: id}
		if rule := rules.Lookup(id); rule != nil {
			suite.Name = id + " " + rule.Slug
			suite.Properties = []junitProperty{
				{"category", rule.Category}, {"severity", rule.Severity.String()},
				{"owasp_nhi", strings.Join(rule.OWASP, ",")}, {"nist_csf", strings.Join(rule.NIST, ",")},
				{"help", rule.DocURL()},
			}
		}
		fs := byRule[id]
		if len(fs) == 0 {
			suite.Cases = append(suite.Cases, junitCase{Name: "no findings", Classname: suite.Name})
		}
		for _, f := range fs {
			c := junitCase{Name: Inert(f.Address), Classname: suite.Name}
			if l := where(f); l != nil {
				c.File, c.Line = repoPath(o, l), l.Line
			}
			switch {
			case f.WaivedBy != nil:
				c.Skipped = &junitSkipped{Message: "waived by " + Inert(*f.WaivedBy) + ": " + Inert(f.Message)}
				suite.Skipped++
			case f.Blocking:
				c.Failure = &junitFailure{Message: Inert(f.Message), Type: f.Severity.String(), Text: junitDetail(f, o)}
				suite.Failures++
			default:
				c.SystemOut = "does not block: " + junitDetail(f, o)
			}
			suite.Cases = append(suite.Cases, c)
		}
		suite.Tests = len(suite.Cases)
		doc.Tests += suite.Tests
		doc.Failures += suite.Failures
		doc.Skipped += suite.Skipped
		doc.Suites = append(doc.Suites, suite)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func junitDetail(f *report.Finding, o Options) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s on %s (%s, %s)\n", f.Rule, f.Severity, Inert(f.Address), Inert(f.Action), status(f))
	if l := where(f); l != nil {
		fmt.Fprintf(&b, "at %s:%d\n", repoPath(o, l), l.Line)
	}
	fmt.Fprintf(&b, "%s\n", Inert(f.Message))
	if f.Remediation != "" {
		fmt.Fprintf(&b, "Fix: %s\n", Inert(f.Remediation))
	}
	if f.HelpURL != "" {
		fmt.Fprintf(&b, "More: %s\n", f.HelpURL)
	}
	return b.String()
}
