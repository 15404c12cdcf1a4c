package formatter

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/formattest"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/rules"
)

// hostile is a resource address a pull request author controls (a
// for_each key): newlines, workflow commands, a mention, HTML, a link,
// backticks, a table pipe, an issue reference, CDATA end, ANSI and bidi.
const hostile = "aws_iam_user.x[\"a\n::error file=evil.tf::pwned\r\n@octocat <img src=x onerror=alert(1)> [click](https://evil.example) ``` | #1 ]]></x> \x1b[31m\u202e www.evil.example a@b.example\"]"

func str(s string) *string { return &s }

// sample is a report with one finding in each state: blocking with a
// location, introduced below the threshold in a module, waived in source,
// waived by a baseline, pre-existing without a location, and hostile.
func sample() *report.Report {
	mk := func(rule string, sev report.Severity, addr string) *report.Finding {
		r := rules.Lookup(rule)
		return &report.Finding{Rule: rule, RuleSlug: r.Slug, Category: r.Category, HelpURL: r.DocURL(), Severity: sev,
			Address: addr, ResourceType: strings.SplitN(addr, ".", 2)[0], Action: "create", Introduced: true,
			Message: addr + " has no `owner` tag", Remediation: r.Fix, OWASP: r.OWASP}
	}
	f1 := mk("NHI-002", report.High, "aws_iam_access_key.ci")
	f1.Blocking = true
	f1.Location = &report.Location{File: "main.tf", Line: 10, EndLine: 14, Column: 1, EndColumn: 2}
	f2 := mk("NHI-001", report.Medium, `module.svc["a"].aws_iam_user.this`)
	f2.Location = &report.Location{File: "modules/svc/main.tf", Line: 3, EndLine: 8}
	f2.AttrLocation = &report.Location{File: "modules/svc/main.tf", Line: 5, EndLine: 5}
	f3 := mk("NHI-004", report.Critical, "aws_iam_user.admin")
	f3.WaivedBy = str("nhi_exception.legacy")
	f3.Location = &report.Location{File: "main.tf", Line: 20, EndLine: 22}
	f4 := mk("NHI-005", report.High, "aws_iam_policy.wide")
	f4.WaivedBy = str("nhiguard-baseline.json:12")
	f5 := mk("NHI-008", report.High, "aws_iam_access_key.old")
	f5.Introduced, f5.Action = false, "no-op"
	f6 := mk("NHI-007", report.Critical, hostile)
	f6.Blocking = true
	f6.Remediation = "see " + hostile
	r := &report.Report{
		Tool:     report.Tool{Name: "nhiguard", Version: "1.2.3"},
		Plan:     report.PlanInfo{TerraformVersion: "1.11.4", FormatVersion: "1.2"},
		Summary:  report.Summary{Identities: 3, Credentials: 2},
		Findings: []*report.Finding{f1, f2, f3, f4, f5, f6},
		Notes:    []string{"No .tf sources were read @octocat"},
	}
	r.Finalize()
	return r
}

func render(t *testing.T, name string, r *report.Report, o Options) string {
	t.Helper()
	fn, ok := Lookup(name)
	if !ok {
		t.Fatalf("format %s is not registered", name)
	}
	var b bytes.Buffer
	if err := fn(&b, r, o); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return b.String()
}

func TestFormatsRegistered(t *testing.T) {
	t.Parallel()
	got := strings.Join(Names(), ",")
	if want := "github,gitlab,json,junit,markdown,sarif,text"; got != want {
		t.Errorf("formats %s, want %s", got, want)
	}
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	t.Parallel()
	empty := &report.Report{Tool: report.Tool{Name: "nhiguard", Version: "dev"}}
	empty.Finalize()
	cases := []struct {
		name string
		r    *report.Report
		o    Options
	}{
		{"sample", sample(), Options{}},
		{"sample in a subdirectory", sample(), Options{SourceRoot: "infra/prod", PlanURI: "infra/prod/plan.json"}},
		{"no findings", empty, Options{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			formattest.ValidateSARIF(t, render(t, "sarif", c.r, c.o))
		})
	}
	// The schema really rejects things: a level SARIF does not know.
	bad := strings.Replace(render(t, "sarif", sample(), Options{}), `"level": "error"`, `"level": "fatal"`, 1)
	if formattest.ValidSARIF(bad) == nil {
		t.Error("the schema accepted an invalid level: the validation test proves nothing")
	}
}

type sarifLog struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID         string `json:"id"`
					Name       string `json:"name"`
					HelpURI    string `json:"helpUri"`
					Short      struct{ Text string }
					Full       struct{ Text string } `json:"fullDescription"`
					Help       struct{ Text, Markdown string }
					Properties map[string]any `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Level     string `json:"level"`
			Message   struct{ Text string }
			Partial   map[string]string `json:"partialFingerprints"`
			Locations []struct {
				Physical struct {
					Artifact struct{ URI string } `json:"artifactLocation"`
					Region   *struct {
						StartLine int `json:"startLine"`
						EndLine   int `json:"endLine"`
					} `json:"region"`
				} `json:"physicalLocation"`
				Logical []struct {
					FullyQualifiedName string `json:"fullyQualifiedName"`
					Kind               string `json:"kind"`
				} `json:"logicalLocations"`
			} `json:"locations"`
			Suppressions []struct {
				Kind, Status, Justification string
			} `json:"suppressions"`
			Properties map[string]any `json:"properties"`
		} `json:"results"`
	} `json:"runs"`
}

func TestSARIFContent(t *testing.T) {
	t.Parallel()
	r := sample()
	var log sarifLog
	if err := json.Unmarshal([]byte(render(t, "sarif", r, Options{SourceRoot: "infra", PlanURI: "infra/plan.json"})), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	// One rule per rule, and one per other severity its findings have:
	// GitHub takes an alert's severity from its rule.
	variants := map[string]bool{}
	for _, f := range r.Findings {
		if f.Severity != rules.Lookup(f.Rule).Severity {
			variants[f.Rule+"/"+f.Severity.String()] = true
		}
	}
	if len(variants) == 0 {
		t.Fatal("the sample has no finding of other than its rule's severity")
	}
	if n := len(run.Tool.Driver.Rules); n != len(rules.All())+len(variants) {
		t.Fatalf("%d rules, want %d and %v", n, len(rules.All()), variants)
	}
	wantSev := map[report.Severity]string{report.Critical: "9.5", report.High: "8.0", report.Medium: "5.5", report.Low: "3.0"}
	for _, d := range run.Tool.Driver.Rules[len(rules.All()):] {
		if !variants[d.ID] {
			t.Errorf("rule %s", d.ID)
		}
	}
	for i, d := range run.Tool.Driver.Rules[:len(rules.All())] {
		rule := rules.All()[i]
		if d.ID != rule.ID || d.Name != rule.Slug || d.HelpURI != rule.DocURL() || d.Full.Text != rule.Why {
			t.Errorf("rule %d: %s %s %s", i, d.ID, d.Name, d.HelpURI)
		}
		if d.Properties["security-severity"] != wantSev[rule.Severity] {
			t.Errorf("%s security-severity %v, want %s", d.ID, d.Properties["security-severity"], wantSev[rule.Severity])
		}
		tags := fmt.Sprint(d.Properties["tags"])
		for _, want := range append([]string{"security", "OWASP-" + rule.OWASP[0]}, "NIST-CSF-2.0-"+rule.NIST[0]) {
			if !strings.Contains(tags, want) {
				t.Errorf("%s tags %s lack %s", d.ID, tags, want)
			}
		}
		if !strings.Contains(d.Help.Text, rule.Fix) || !strings.Contains(d.Help.Markdown, "```hcl") {
			t.Errorf("%s help lacks the fix or the examples", d.ID)
		}
	}
	if len(run.Results) != len(r.Findings) {
		t.Fatalf("%d results for %d findings", len(run.Results), len(r.Findings))
	}
	// Most important first: GitHub shows a run's first 5,000 results.
	order := priorityOrder(r.Findings)
	if status(r.Findings[order[0]]) != "blocking" || status(r.Findings[order[len(order)-1]]) != "waived" {
		t.Fatalf("order %v", order)
	}
	for i, res := range run.Results {
		f := r.Findings[order[i]]
		if !strings.HasPrefix(res.RuleID, f.Rule) || run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %d: rule %s index %d, want %s", i, res.RuleID, res.RuleIndex, f.Rule)
		}
		if got := run.Tool.Driver.Rules[res.RuleIndex].Properties["security-severity"]; got != wantSev[f.Severity] {
			t.Errorf("%s %s (%s): its rule's security-severity is %v", f.Rule, f.Address, f.Severity, got)
		}
		// Scoped by the source root; GitHub tracks alerts by
		// primaryLocationLineHash, which the upload would take from the
		// source line every instance of a resource shares.
		if want := report.Fingerprint(f.Rule, f.Address+"\x00infra"); res.Partial[FingerprintKey] != want || res.Partial["primaryLocationLineHash"] != want {
			t.Errorf("%s %s: fingerprints %q", f.Rule, f.Address, res.Partial)
		}
		if len(res.Locations) != 1 || res.Locations[0].Logical[0].FullyQualifiedName != Inert(f.Address) {
			t.Fatalf("%s %s: locations %+v", f.Rule, f.Address, res.Locations)
		}
		phys := res.Locations[0].Physical
		switch l := where(f); {
		case l == nil:
			if phys.Artifact.URI != "infra/plan.json" || phys.Region != nil {
				t.Errorf("%s %s without location: artifact %q region %v, want the plan and no region", f.Rule, f.Address, phys.Artifact.URI, phys.Region)
			}
		default:
			if want := "infra/" + l.File; phys.Artifact.URI != want || phys.Region == nil || phys.Region.StartLine != l.Line {
				t.Errorf("%s %s: artifact %q region %+v, want %s:%d", f.Rule, f.Address, phys.Artifact.URI, phys.Region, want, l.Line)
			}
		}
		wantLevel := map[string]string{"blocking": "error", "introduced": "warning", "waived": "warning", "pre-existing": "note"}[status(f)]
		if res.Level != wantLevel {
			t.Errorf("%s %s (%s): level %s, want %s", f.Rule, f.Address, status(f), res.Level, wantLevel)
		}
		if f.Waived() != (len(res.Suppressions) == 1) {
			t.Errorf("%s %s: waived %v, suppressions %+v", f.Rule, f.Address, f.Waived(), res.Suppressions)
		}
		for _, k := range []string{"address", "action", "introduced", "blocking", "waived_by"} {
			if _, ok := res.Properties[k]; !ok {
				t.Errorf("%s %s: no property %s", f.Rule, f.Address, k)
			}
		}
	}
	// Suppression kinds: an nhi_exception is in the source, a baseline is not.
	kinds := map[string]string{}
	for _, res := range run.Results {
		for _, s := range res.Suppressions {
			kinds[res.RuleID] = s.Kind + "/" + s.Status
		}
	}
	if kinds["NHI-004"] != "inSource/accepted" || kinds["NHI-005"] != "external/accepted" {
		t.Errorf("suppressions %v", kinds)
	}
}

// Fingerprints depend on rule and address only: moved lines and reworded
// messages keep an alert; another rule or address is another alert.
func TestFingerprintsStable(t *testing.T) {
	t.Parallel()
	a := &report.Finding{Rule: "NHI-002", Address: "aws_iam_access_key.ci", Message: "old wording", Location: &report.Location{File: "main.tf", Line: 10}}
	b := &report.Finding{Rule: "NHI-002", Address: "aws_iam_access_key.ci", Message: "new wording", Location: &report.Location{File: "keys.tf", Line: 99}}
	c := &report.Finding{Rule: "NHI-001", Address: "aws_iam_access_key.ci"}
	d := &report.Finding{Rule: "NHI-002", Address: "aws_iam_access_key.cj"}
	if a.Fingerprint() != b.Fingerprint() {
		t.Error("fingerprint changed with line and message")
	}
	if a.Fingerprint() == c.Fingerprint() || a.Fingerprint() == d.Fingerprint() {
		t.Error("fingerprint ignores rule or address")
	}
	fps := fingerprints([]*report.Finding{a, b, c}, Options{})
	if fps[0] == fps[1] || !strings.HasSuffix(fps[1], ":2") || fps[2] != c.Fingerprint() {
		t.Errorf("duplicate findings share a fingerprint: %v", fps)
	}
	// One address in two configurations of a repository: two findings
	// (GitLab merges equal fingerprints across a pipeline's reports).
	prod, staging := fingerprints([]*report.Finding{a}, Options{SourceRoot: "envs/prod"}), fingerprints([]*report.Finding{a}, Options{SourceRoot: "envs/staging"})
	if prod[0] == staging[0] || prod[0] == fps[0] {
		t.Errorf("fingerprints ignore the source root: %v %v", prod, staging)
	}
}

func TestGitHubCommands(t *testing.T) {
	t.Parallel()
	r := sample()
	out := render(t, "github", r, Options{SourceRoot: "infra"})
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	// Waived findings are not annotated; one line per other finding, one
	// notice per note, one summary.
	if want := len(r.Findings) - 2 + len(r.Notes) + 1; len(lines) != want {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), want, out)
	}
	cmd := regexp.MustCompile(`^::(error|warning|notice) (file=[^,:]+,line=\d+,endLine=\d+,)?title=[^,:]*::[^\r\n]*$`)
	for _, l := range lines[:len(lines)-1] {
		if !cmd.MatchString(l) {
			t.Errorf("not one well-formed command: %q", l)
		}
	}
	if !strings.HasPrefix(lines[len(lines)-1], "nhiguard: BLOCKED:") {
		t.Errorf("summary %q", lines[len(lines)-1])
	}
	for _, want := range []string{
		"::error file=infra/main.tf,line=10,endLine=14,title=NHI-002 static-secret-not-rotated (high)%3A aws_iam_access_key.ci::",
		"::warning file=infra/modules/svc/main.tf,line=5,endLine=5,",
		"::notice title=NHI-008",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(out, "\n::error file=evil") || strings.Contains(out, "\x1b") {
		t.Error("a crafted address emitted a second command or an escape sequence")
	}
}

// TestGitHubAnnotationLimit: GitHub shows 10 annotations of each kind per
// step and drops the rest; the most severe blocking findings are the ones
// annotated, and the summary says how many were left out.
func TestGitHubAnnotationLimit(t *testing.T) {
	t.Parallel()
	r := &report.Report{}
	add := func(n int, sev report.Severity, blocking, introduced bool) {
		for i := range n {
			r.Findings = append(r.Findings, &report.Finding{Rule: "NHI-001", Severity: sev, Blocking: blocking, Introduced: introduced,
				Address: fmt.Sprintf("aws_iam_user.%s_%d", sev, i), Message: "m"})
		}
	}
	add(8, report.High, true, true)
	add(4, report.Critical, true, true) // after the high ones, but annotated first
	add(12, report.Medium, false, true)
	add(3, report.Low, false, false)
	r.Summary.Findings, r.Summary.Blocking = len(r.Findings), 12
	out := render(t, "github", r, Options{})
	count := map[string]int{}
	for _, l := range strings.Split(out, "\n") {
		if cmd, _, ok := strings.Cut(l, " "); ok && strings.HasPrefix(cmd, "::") {
			count[cmd]++
		}
	}
	if count["::error"] != 10 || count["::warning"] != 10 || count["::notice"] != 3 {
		t.Errorf("annotations %v, want 10 errors, 10 warnings, 3 notices", count)
	}
	for i := range 4 {
		if !strings.Contains(out, fmt.Sprintf("aws_iam_user.critical_%d::", i)) {
			t.Errorf("critical finding %d not annotated", i)
		}
	}
	if !strings.Contains(out, "4 not annotated: GitHub shows 10 annotations of each kind per step") {
		t.Errorf("the summary does not say what was left out:\n%s", out)
	}
	if strings.Contains(render(t, "github", sample(), Options{}), "not annotated") {
		t.Error("a report within the limit says findings were left out")
	}
}

func TestGitHubEscaping(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, data, prop string }{
		{"100%", "100%25", "100%25"},
		{"a:b,c", "a:b,c", "a%3Ab%2Cc"},
		{"line\nnext\r", `line\u000anext\u000d`, `line\u000anext\u000d`},
		{"%0A", "%250A", "%250A"},
	}
	for _, c := range cases {
		if got := ghData(c.in); got != c.data {
			t.Errorf("ghData(%q) = %q, want %q", c.in, got, c.data)
		}
		if got := ghProperty(c.in); got != c.prop {
			t.Errorf("ghProperty(%q) = %q, want %q", c.in, got, c.prop)
		}
	}
}

func TestMarkdown(t *testing.T) {
	t.Parallel()
	r := sample()
	out := render(t, "markdown", r, Options{SourceRoot: "infra"})
	for _, want := range []string{
		MarkdownMarker,
		"### ❌ nhiguard: blocked by 2 findings",
		"| Rule | Critical | High | Medium | Low | Info | Blocking |",
		"#### Blocking findings (2)",
		"> **Why it matters:**",
		"`infra/main.tf:10`",
		"<details><summary>Introduced below the blocking threshold (1)</summary>",
		"<details><summary>Waived (2)</summary>",
		"<details><summary>Pre-existing (on resources this plan does not change) (1)</summary>",
		"*Waived by* `nhiguard-baseline.json:12`",
		"`owner`", // a quoted identifier in a message stays code
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	if strings.Count(out, "<details>") != strings.Count(out, "</details>") {
		t.Error("unbalanced <details>")
	}
}

// A crafted address or message cannot inject markup, HTML, links,
// mentions, issue references or new lines.
func TestMarkdownEscapesHostileStrings(t *testing.T) {
	t.Parallel()
	out := render(t, "markdown", sample(), Options{})
	for _, bad := range []string{"\n::error", "\x1b", "\u202e"} {
		if strings.Contains(out, bad) {
			t.Errorf("markdown contains %q", bad)
		}
	}
	mention := regexp.MustCompile(`@[A-Za-z0-9]`)
	issue := regexp.MustCompile(`#[0-9]`)
	link := regexp.MustCompile(`://[a-z]|www\.[a-z]`)
	for _, line := range strings.Split(out, "\n") {
		// Outside code spans, nothing may read as a mention, reference,
		// autolink, HTML or link.
		prose := formattest.StripCodeSpans(line)
		if c := unescaped(prose, "<[]`*_|&!"); c != 0 {
			t.Errorf("unescaped %q outside code in %q", c, line)
		}
		if strings.Contains(line, "docs/rules/") { // the rule links are ours
			prose = regexp.MustCompile(`\(https://github\.com/nhiguard/[^)]*\)`).ReplaceAllString(prose, "")
		}
		for _, re := range []*regexp.Regexp{mention, issue, link} {
			if m := re.FindString(prose); m != "" {
				t.Errorf("%q forms %q in %q", m, re, line)
			}
		}
		if strings.HasPrefix(line, "aws_iam_user.x") || strings.HasPrefix(line, "::") {
			t.Errorf("text from the plan starts a line: %q", line)
		}
	}
	cases := []struct{ in, want string }{
		{"<b>x</b>", `\<b\>x\<\/b\>`},
		{"[a](b)", `\[a\](b)`},
		{"@team", `\@` + zwsp + `team`},
		{"#12", `\#` + zwsp + `12`},
		{"https://x", "https:" + zwsp + "//x"},
		{"*_~|$&!", `\*\_\~\|\$\&\!`},
	}
	for _, c := range cases {
		got := mdText(c.in)
		if strings.ReplaceAll(c.want, `\/`, "/") != got {
			t.Errorf("mdText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"a.b", "`a.b`"},
		{"a`b", "``a`b``"},
		{"`a", "`` `a ``"},
		{"a|b", "`a\\|b`"},
	} {
		if got := mdCode(c.in); got != c.want {
			t.Errorf("mdCode(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// However many findings, the comment fits GitHub's limit and says how
// many it left out.
func TestMarkdownLimit(t *testing.T) {
	t.Parallel()
	big := &report.Report{Tool: report.Tool{Name: "nhiguard", Version: "dev"}}
	for i := 0; i < 5000; i++ {
		f := &report.Finding{Rule: "NHI-002", Severity: report.High, Address: fmt.Sprintf("aws_iam_access_key.k%04d", i),
			Action: "create", Introduced: true, Blocking: i%2 == 0, Message: strings.Repeat("long message ", 10),
			Location: &report.Location{File: "main.tf", Line: i + 1}}
		big.Findings = append(big.Findings, f)
	}
	// A few critical findings of another rule, last in the report: the
	// comment shows them, however many findings come before.
	for i := 0; i < 3; i++ {
		big.Findings = append(big.Findings, &report.Finding{Rule: "NHI-004", Severity: report.Critical, Address: fmt.Sprintf("aws_iam_user_policy_attachment.admin%d", i),
			Action: "create", Introduced: true, Blocking: true, Message: "admin"})
	}
	big.Finalize()
	for _, limit := range []int{0, 20000, 4000} {
		out := render(t, "markdown", big, Options{MarkdownLimit: limit})
		max := limit
		if max == 0 {
			max = GitHubCommentLimit
		}
		if len(out) > max {
			t.Errorf("limit %d: %d bytes", limit, len(out))
		}
		m := regexp.MustCompile(`(\d+) more findings not shown \((\d+) blocking\)`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("limit %d: no truncation count", limit)
		}
		shown := strings.Count(out, "\n- ")
		var omitted int
		fmt.Sscan(m[1], &omitted)
		if shown+omitted != len(big.Findings) {
			t.Errorf("limit %d: %d shown + %d omitted != %d", limit, shown, omitted, len(big.Findings))
		}
		if strings.Count(out, "<details>") != strings.Count(out, "</details>") {
			t.Errorf("limit %d: unbalanced <details>", limit)
		}
		if !strings.Contains(out, "| **Total** | 3 | 5000 |") {
			t.Errorf("limit %d: the summary table does not count every finding", limit)
		}
		if !strings.Contains(out, "aws_iam_user_policy_attachment.admin2") {
			t.Errorf("limit %d: the critical findings are not shown", limit)
		}
		if strings.Contains(out, "</summary>\n\n\n</details>") {
			t.Errorf("limit %d: an empty fold", limit)
		}
	}
}

// A SARIF run holds at most Options.SARIFLimit results (GitHub rejects a
// whole upload past 25,000): blocking, then introduced, then pre-existing,
// then waived findings are kept, the most severe first, and the run says
// how many it left out. Kept results keep their fingerprints.
func TestSARIFLimit(t *testing.T) {
	t.Parallel()
	fingerprints := func(out string) map[string]string {
		var log sarifLog
		if err := json.Unmarshal([]byte(out), &log); err != nil {
			t.Fatal(err)
		}
		fp := map[string]string{}
		for _, res := range log.Runs[0].Results {
			fp[res.Properties["address"].(string)+" "+res.Properties["rule"].(string)] = res.Partial[FingerprintKey]
		}
		return fp
	}
	all := fingerprints(render(t, "sarif", sample(), Options{}))
	if len(all) != 6 {
		t.Fatalf("%d results without a limit, want all 6", len(all))
	}
	for limit, want := range map[int][]string{
		3: {"aws_iam_access_key.ci NHI-002", hostile + " NHI-007", `module.svc["a"].aws_iam_user.this NHI-001`},
		4: {"aws_iam_access_key.ci NHI-002", hostile + " NHI-007", `module.svc["a"].aws_iam_user.this NHI-001`, "aws_iam_access_key.old NHI-008"},
		5: {"aws_iam_access_key.ci NHI-002", hostile + " NHI-007", `module.svc["a"].aws_iam_user.this NHI-001`, "aws_iam_access_key.old NHI-008", "aws_iam_user.admin NHI-004"},
	} {
		out := render(t, "sarif", sample(), Options{SARIFLimit: limit})
		formattest.ValidateSARIF(t, out)
		got := fingerprints(out)
		if len(got) != len(want) {
			t.Errorf("limit %d: %d results, want %d", limit, len(got), len(want))
		}
		for _, k := range want {
			if fp, ok := got[k]; !ok || fp != all[k] {
				t.Errorf("limit %d: %q kept %v, fingerprint %q, want %q", limit, k, ok, fp, all[k])
			}
		}
		omitted := fmt.Sprintf("%d findings of this plan are left out", 6-limit)
		if 6-limit == 1 {
			omitted = "1 finding of this plan is left out"
		}
		if !strings.Contains(out, omitted) || !strings.Contains(out, `"omitted": `+fmt.Sprint(6-limit)) || !strings.Contains(out, `"executionSuccessful": true`) {
			t.Errorf("limit %d: the run does not say %q", limit, omitted)
		}
	}
	many := make([]*report.Finding, GitHubSARIFResultLimit+1)
	for i := range many {
		many[i] = &report.Finding{Severity: report.Low}
	}
	many[7].Blocking = true
	keep, omitted := sarifSelection(many, 0)
	if omitted != 1 || !keep[7] || keep[len(many)-1] {
		t.Errorf("the default limit left out %d findings, kept the blocking one %v, the last %v", omitted, keep[7], keep[len(many)-1])
	}
}

func TestJUnitWellFormed(t *testing.T) {
	t.Parallel()
	r := sample()
	out := render(t, "junit", r, Options{SourceRoot: "infra"})
	dec := xml.NewDecoder(strings.NewReader(out))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, out)
		}
	}
	var doc junitSuites
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Suites) != len(rules.All()) {
		t.Errorf("%d suites, want one per rule (%d)", len(doc.Suites), len(rules.All()))
	}
	failures, skipped, passing := 0, 0, 0
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			switch {
			case c.Failure != nil:
				failures++
			case c.Skipped != nil:
				skipped++
			default:
				passing++
				if c.Name != "no findings" && !strings.HasPrefix(c.SystemOut, "does not block: ") {
					t.Errorf("passing case %q: %q", c.Name, c.SystemOut)
				}
			}
		}
	}
	// A failure for each blocking finding only: the test report fails
	// exactly when the check does.
	blocking := 0
	for _, f := range r.Findings {
		if f.Blocking && !f.Waived() {
			blocking++
		}
	}
	if blocking == 0 || blocking == len(r.Findings)-2 {
		t.Fatalf("the sample needs blocking and non-blocking findings: %d", blocking)
	}
	if failures != blocking || skipped != 2 || passing != len(rules.All())-6+len(r.Findings)-2-blocking || doc.Failures != blocking || doc.Tests != failures+skipped+passing {
		t.Errorf("failures %d skipped %d passing %d (doc: tests %d failures %d)", failures, skipped, passing, doc.Tests, doc.Failures)
	}
	if !strings.Contains(out, `file="infra/main.tf" line="10"`) {
		t.Error("no file and line on a located case")
	}
}

func TestGitLab(t *testing.T) {
	t.Parallel()
	r := sample()
	var issues []map[string]any
	if err := json.Unmarshal([]byte(render(t, "gitlab", r, Options{SourceRoot: "infra", PlanURI: "infra/plan.json"})), &issues); err != nil {
		t.Fatal(err)
	}
	if len(issues) != len(r.Findings)-2 {
		t.Fatalf("%d issues, want %d (waived left out)", len(issues), len(r.Findings)-2)
	}
	seen := map[string]bool{}
	wantSev := map[string]string{"NHI-002": "critical", "NHI-001": "major", "NHI-008": "critical", "NHI-007": "blocker"}
	for _, is := range issues {
		name := is["check_name"].(string)
		fp := is["fingerprint"].(string)
		if seen[fp] || fp == "" {
			t.Errorf("fingerprint %q repeated or empty", fp)
		}
		seen[fp] = true
		if is["severity"] != wantSev[name] {
			t.Errorf("%s severity %v, want %s", name, is["severity"], wantSev[name])
		}
		loc := is["location"].(map[string]any)
		begin := loc["lines"].(map[string]any)["begin"].(float64)
		if loc["path"] == "" || begin < 1 || is["description"] == "" {
			t.Errorf("%s: location %v description %v", name, loc, is["description"])
		}
		if name == "NHI-008" && (loc["path"] != "infra/plan.json" || begin != 1) {
			t.Errorf("unlocated finding at %v", loc)
		}
		if name == "NHI-001" && loc["path"] != "infra/modules/svc/main.tf" {
			t.Errorf("module finding at %v", loc)
		}
	}
}

// unescaped returns the first of chars in s not preceded by an odd
// number of backslashes (0 when all are escaped), ignoring the markup
// the formatter writes itself.
func unescaped(s, chars string) byte {
	for _, ours := range []string{"**Why it matters:**", "**Fix:**", "*Fix:*", "*Waived by*", "**Note:**", "| ", " |", "|:--|", "--:|", "**Total**", "<details><summary>", "</summary>", "</details>", "<sub>", "</sub>", "<!-- nhiguard:report -->"} {
		s = strings.ReplaceAll(s, ours, "")
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "**"), "**")
	s = regexp.MustCompile(`\*\*\[NHI-\d+\]\(https://github\.com/nhiguard/[^)]*\)|\[NHI-\d+\]\(https://github\.com/nhiguard/[^)]*\)`).ReplaceAllString(s, "")
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(chars, s[i]) < 0 {
			continue
		}
		n := 0
		for j := i - 1; j >= 0 && s[j] == '\\'; j-- {
			n++
		}
		if n%2 == 0 {
			return s[i]
		}
	}
	return 0
}

// The report's notes (an incomplete plan, sources not read) reach the
// machine-read formats too: a JSON consumer or code scanning must be able
// to tell that a plan was only partly checked.
func TestNotesInMachineFormats(t *testing.T) {
	t.Parallel()
	r := sample()
	r.Notes = append(r.Notes, "The plan is incomplete (2 resource change(s) deferred until values are known): resources it leaves out were not checked")
	var doc struct {
		Notes []string `json:"notes"`
	}
	if err := json.Unmarshal([]byte(render(t, "json", r, Options{})), &doc); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(doc.Notes, r.Notes) {
		t.Errorf("json notes %q, want %q", doc.Notes, r.Notes)
	}
	var log struct {
		Runs []struct {
			Invocations []struct {
				Notes []struct {
					Level   string `json:"level"`
					Message struct{ Text string }
				} `json:"toolExecutionNotifications"`
			}
		}
	}
	if err := json.Unmarshal([]byte(render(t, "sarif", r, Options{})), &log); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, inv := range log.Runs[0].Invocations {
		for _, n := range inv.Notes {
			if n.Level == "note" {
				got = append(got, n.Message.Text)
			}
		}
	}
	if !slices.Equal(got, r.Notes) {
		t.Errorf("sarif notifications %q, want %q", got, r.Notes)
	}
	gh := render(t, "github", r, Options{})
	for _, n := range r.Notes {
		if !strings.Contains(gh, "::notice title=nhiguard::"+n+"\n") {
			t.Errorf("github annotations lack the note %q:\n%s", n, gh)
		}
	}
	none := sample()
	none.Notes = nil
	if out := render(t, "json", none, Options{}); strings.Contains(out, `"notes"`) {
		t.Error("a report without notes has a notes member")
	}
}

// Notes are annotated before findings, within GitHub's notices per step:
// ten pre-existing findings must not push them out.
func TestGitHubNotesFirst(t *testing.T) {
	t.Parallel()
	r := &report.Report{Notes: []string{"The plan is incomplete"}}
	for i := range 12 {
		r.Findings = append(r.Findings, &report.Finding{Rule: "NHI-001", Severity: report.High, Address: fmt.Sprintf("aws_iam_user.u%d", i), Message: "m"})
	}
	r.Summary.Findings = len(r.Findings)
	out := render(t, "github", r, Options{})
	lines := strings.Split(out, "\n")
	if lines[0] != "::notice title=nhiguard::The plan is incomplete" {
		t.Errorf("the note is not annotated first: %q", lines[0])
	}
	if n := strings.Count(out, "::notice "); n != GitHubAnnotationsPerStep {
		t.Errorf("%d notices, want %d (the note and the first findings)", n, GitHubAnnotationsPerStep)
	}
}

// SARIF's artifactLocation.uri is a URI reference: a path with a space,
// a percent sign, non-ASCII letters or a colon in its first segment is
// encoded, so the log validates and the upload can decode it.
func TestSARIFURIsAreEncoded(t *testing.T) {
	t.Parallel()
	for root, want := range map[string]string{
		"infra":         "infra/main.tf",
		"my env":        "my%20env/main.tf",
		"100%":          "100%25/main.tf",
		"équipe":        "%C3%A9quipe/main.tf",
		"dir,with:odd%": "./dir,with:odd%25/main.tf",
	} {
		out := render(t, "sarif", sample(), Options{SourceRoot: root})
		if !strings.Contains(out, `"uri": "`+want+`"`) {
			t.Errorf("source root %q: no %s in\n%.400s", root, want, out)
		}
	}
}

// A long text report ends with its findings counted by rule, before the
// verdict: what a truncated log keeps.
func TestTextCountsByRule(t *testing.T) {
	t.Parallel()
	big := &report.Report{}
	for i := 0; i < 12; i++ {
		big.Findings = append(big.Findings, &report.Finding{Rule: "NHI-002", Severity: report.High, Address: fmt.Sprintf("aws_iam_access_key.k%d", i), Blocking: i%2 == 0, Introduced: true})
	}
	big.Findings = append(big.Findings, &report.Finding{Rule: "NHI-004", Severity: report.Critical, Address: "aws_iam_user.admin", Blocking: true, Introduced: true})
	big.Finalize()
	out := render(t, "text", big, Options{})
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if got := lines[len(lines)-2]; got != "by rule: NHI-002 12 (6 blocking), NHI-004 1 (1 blocking)" {
		t.Errorf("second-last line %q", got)
	}
	if small := render(t, "text", sample(), Options{}); strings.Contains(small, "by rule:") {
		t.Error("a short report counts by rule")
	}
}
