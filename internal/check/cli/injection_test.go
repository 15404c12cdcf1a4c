package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/formattest"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report/formatter"
)

// hostileText is what a pull request author can put in a name, a tag, a
// description or an instance key: ANSI escapes, workflow commands (both
// syntaxes: "::name::" at the start of a line, "##[name]" anywhere), CR/LF
// and Unicode line separators, bidi controls, HTML, markdown links,
// images, mentions and references, XML breakers, NUL and C1 controls, and
// a spreadsheet formula.
const hostileText = "a\x1b[31mred\x1b[0m\x1b]8;;https://evil.example\x07link\x1b]8;;\x07" +
	"\n::error file=evil.tf,line=1::pwned\r\n::warning::%0A::notice::x" +
	"\u2028ls\u2029ps\u0085nel\u202eevil\u2066iso\u2069\u200fmark" +
	" <img src=x onerror=alert(1)> <script>alert(1)</script> <!-- c --> <b>bold</b>" +
	" [click](https://evil.example) ![i](https://evil.example/i.png) [ref]: https://evil.example" +
	" @octocat @org/team #1 GH-1 https://evil.example www.evil.example mailto:a@b.example" +
	" ``` ~~~ *em* _em_ **b** ~~s~~ $x$ | cell | &amp; &#60; \\ ]]></testsuite> \x00\x07\x7f" +
	" ##[add-mask]team-ci ##[set-output name=exit-code]0 ##[stop-commands]tok" +
	" =cmd|' /C calc'!A0"

// formulaPrefixes start a cell a spreadsheet would evaluate.
var formulaPrefixes = []string{"=cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0", "-1+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "=HYPERLINK(\"https://evil.example\")"}

// keyText is s inside an address's quoted instance key: a raw newline
// cannot appear there, so backslash, quote, CR and LF come escaped and
// everything else (ESC, bidi controls, separators) raw.
func keyText(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`).Replace(s)
}

// hostilePlan writes a plan whose addresses, names, tags, owners,
// descriptions, outputs and exceptions all carry hostile text.
func hostilePlan(t *testing.T) []byte {
	t.Helper()
	var changes []any
	add := func(addr, typ, name string, key any, action string, after map[string]any, module string) {
		rc := map[string]any{"address": addr, "mode": "managed", "type": typ, "name": name, "provider_name": "registry.terraform.io/hashicorp/aws",
			"change": map[string]any{"actions": []any{action}, "before": nil, "after": after, "after_unknown": map[string]any{"id": true}}}
		if key != nil {
			rc["index"] = key
		}
		if module != "" {
			rc["module_address"] = module
		}
		changes = append(changes, rc)
	}
	// Users whose instance keys are hostile, each with an access key (NHI-002,
	// NHI-001) that names the hostile user.
	keys := append([]string{hostileText, "plain"}, formulaPrefixes...)
	for i, k := range keys {
		addrKey := `["` + keyText(k) + `"]`
		add("aws_iam_user.svc"+addrKey, "aws_iam_user", "svc", k, "create",
			map[string]any{"name": k, "path": "/" + k + "/", "tags": map[string]any{"owner": k, "description": k, k: k}}, "")
		add("aws_iam_access_key.svc"+addrKey, "aws_iam_access_key", "svc", k, "create",
			map[string]any{"user": k, "status": "Active", "pgp_key": nil}, "")
		if i == 0 {
			// An admin grant to the hostile user: NHI-004 with a chain.
			add("aws_iam_user_policy_attachment.svc"+addrKey, "aws_iam_user_policy_attachment", "svc", k, "create",
				map[string]any{"user": k, "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}, "")
		}
	}
	// A hostile module instance key.
	mod := `module.team["` + keyText(hostileText) + `"]`
	add(mod+".aws_iam_access_key.ci", "aws_iam_access_key", "ci", nil, "create", map[string]any{"user": hostileText, "status": "Active"}, mod)
	// A key owned through a free-text owner tag on its user.
	add("aws_iam_user.owned", "aws_iam_user", "owned", nil, "create", map[string]any{"name": "owned", "tags": map[string]any{"owner": hostileText}}, "")
	add("aws_iam_access_key.owned", "aws_iam_access_key", "owned", nil, "create", map[string]any{"user": "owned", "status": "Active"}, "")
	// An identity declaration and an exception full of hostile text.
	add("nhi_identity.svc", "nhi_identity", "svc", nil, "create", map[string]any{"name": hostileText, "kind": "access_key", "owner": hostileText,
		"purpose": hostileText, "environment": hostileText, "credentials": []any{"aws_iam_access_key.owned"}, "rotation_days": 30}, "")
	add("nhi_exception.x", "nhi_exception", "x", nil, "create", map[string]any{"rules": []any{"NHI-002", hostileText}, "resources": []any{"aws_iam_access_key.owned", hostileText},
		"reason": hostileText, "approved_by": hostileText, "ticket": hostileText, "expires_at": "2026-01-01T00:00:00Z"}, "")
	doc := map[string]any{
		"format_version":    "1.2",
		"terraform_version": "1.11.4" + hostileText,
		"resource_changes":  changes,
		"output_changes": map[string]any{
			hostileText: map[string]any{"actions": []any{"create"}, "before": nil, "after_unknown": true, "before_sensitive": false, "after_sensitive": false},
		},
		"configuration": map[string]any{"root_module": map[string]any{
			"outputs": map[string]any{hostileText: map[string]any{"expression": map[string]any{"references": []any{"aws_iam_access_key.owned.secret", "aws_iam_access_key.owned"}}}},
			"resources": []any{
				map[string]any{"address": "aws_iam_access_key.owned", "mode": "managed", "type": "aws_iam_access_key", "name": "owned", "provider_config_key": "aws",
					"expressions": map[string]any{"user": map[string]any{"references": []any{"aws_iam_user.owned.name", "aws_iam_user.owned"}}}},
			},
		}},
	}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// hostileAddress is the user whose instance key is hostileText, as the
// plan (and every JSON output, exactly) spells it.
var hostileAddress = `aws_iam_user.svc["` + keyText(hostileText) + `"]`

// checkInert: no raw control character but LF (and CR before LF where
// crlf), no DEL, C1 control, line or paragraph separator or bidi control,
// valid UTF-8, no legacy workflow command anywhere and, unless github
// format, no line that is a workflow command.
func checkInert(t *testing.T, name, out string, crlf, github bool) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("%s: not UTF-8", name)
	}
	for i, r := range out {
		switch {
		case r == '\n':
		case r == '\r' && crlf && strings.HasPrefix(out[i:], "\r\n"):
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r):
			t.Errorf("%s: raw %U at byte %d: %q", name, r, i, clipAround(out, i))
			return
		}
	}
	if i := strings.Index(out, "##["); i >= 0 {
		t.Errorf("%s: a legacy workflow command at byte %d: %q", name, i, clipAround(out, i))
	}
	for n, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimLeftFunc(line, unicode.IsSpace), "::") && !(github && ghCommand.MatchString(line)) {
			t.Errorf("%s: line %d is a workflow command: %q", name, n+1, clipForLog(line))
		}
	}
}

func clipAround(s string, i int) string {
	lo, hi := max(0, i-40), min(len(s), i+40)
	return s[lo:hi]
}

// markdownDanger are fragments of hostileText that would form HTML, a
// link, an image, a mention, a reference or an autolink if they reached
// markdown prose unescaped.
var markdownDanger = []string{"<img", "<script", "<b>", "</b>", "<!--", "[click](", "![i](", "[ref]:", "@octocat", "@org", "#1", "GH-1", "https://evil", "www.evil", "a@b", "mailto:a@", "**b**", "~~s~~", "&amp;", "&#60;", "]]>"}

// checkMarkdown: outside code spans every dangerous fragment is escaped
// (preceded by a backslash) or broken (by an invisible space); every table
// row has as many cell separators as its header; no line starts with text
// from the plan.
func checkMarkdown(t *testing.T, name, out string) {
	t.Helper()
	lines := strings.Split(out, "\n")
	header := -1
	for n, line := range lines {
		prose := formattest.StripCodeSpans(strings.TrimPrefix(line, formatter.MarkdownMarker))
		for _, d := range markdownDanger {
			for i := strings.Index(prose, d); i >= 0; {
				if backslashes(prose[:i])%2 == 0 {
					t.Errorf("%s: line %d: %q forms markup: %q", name, n+1, d, clipAround(prose, i))
					break
				}
				j := strings.Index(prose[i+1:], d)
				if j < 0 {
					break
				}
				i += 1 + j
			}
		}
		if strings.HasPrefix(line, "a\\") || strings.HasPrefix(line, "=") || strings.HasPrefix(line, "@") {
			t.Errorf("%s: line %d starts with text from the plan: %q", name, n+1, clipForLog(line))
		}
		if !strings.HasPrefix(line, "|") {
			header = -1
			continue
		}
		cells := pipes(line)
		if header < 0 {
			header = cells
			continue
		}
		if cells != header {
			t.Errorf("%s: line %d has %d cell separators, its table %d: %q", name, n+1, cells, header, clipForLog(line))
		}
	}
}

func backslashes(s string) int {
	n := 0
	for i := len(s) - 1; i >= 0 && s[i] == '\\'; i-- {
		n++
	}
	return n
}

// pipes counts the unescaped '|' of a table row (code spans included:
// GFM splits cells before it reads code spans).
func pipes(line string) int {
	n := 0
	for i := 0; i < len(line); i++ {
		if line[i] == '|' && backslashes(line[:i])%2 == 0 {
			n++
		}
	}
	return n
}

// checkCSV: RFC 4180 with one column count, and no cell a spreadsheet
// would run.
func checkCSV(t *testing.T, name, out string) {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("%s: not CSV: %v", name, err)
	}
	for _, row := range rows {
		for _, cell := range row {
			if cell == "" {
				continue
			}
			if strings.IndexByte("=+-@\t\r", cell[0]) >= 0 || strings.HasPrefix(cell, "\uff1d") {
				t.Errorf("%s: cell %q can run as a formula", name, clipForLog(cell))
			}
		}
	}
}

// checkXML: the document decodes to the end.
func checkXML(t *testing.T, name, out string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(out))
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("%s: not XML: %v", name, err)
		}
	}
}

// TestHostileTextIsInert renders a plan full of hostile names, tags,
// owners, descriptions and instance keys in every format of every command
// and checks that nothing in it acts: no terminal escape, no forged line,
// no workflow command, no markup, link, mention or formula, well-formed
// JSON and XML, and JSON that still holds the exact address.
func TestHostileTextIsInert(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := hostilePlan(t)
	os.WriteFile(filepath.Join(dir, "plan.json"), data, 0o600)
	other := bytes.ReplaceAll(data, []byte(`"owner":"=cmd`), []byte(`"owner":"+cmd`))
	os.WriteFile(filepath.Join(dir, "plan2.json"), other, 0o600)
	now := "2026-11-24T00:00:00Z"

	type output struct{ name, kind, out string }
	var outs []output
	runOK := func(kind string, args ...string) string {
		out, errOut, code := runIn(t, dir, map[string]string{EnvLog: "debug"}, nil, args...)
		name := strings.Join(args, " ")
		if code == ExitError {
			t.Fatalf("%s: exit 2: %s", name, errOut)
		}
		checkInert(t, name+" (stderr)", errOut, false, false)
		outs = append(outs, output{name, kind, out})
		return out
	}
	for _, format := range fuzzFormats {
		runOK(format, "check", "plan.json", "--all", "--now", now, "--format", format)
	}
	for _, format := range []string{"csv", "json", "markdown"} {
		runOK(format, "inventory", "plan.json", "--now", now, "--format", format)
		runOK(format, "inventory", "--diff", "plan.json", "plan2.json", "--now", now, "--format", format)
	}
	baseline := runOK("json", "baseline", "plan.json", "--now", now)
	os.WriteFile(filepath.Join(dir, "baseline.json"), []byte(baseline), 0o600)
	waived := runOK("json", "check", "plan.json", "--all", "--now", now, "--format", "json", "--baseline", "baseline.json")

	for _, o := range outs {
		checkInert(t, o.name, o.out, o.kind == "csv", o.kind == "github")
		switch o.kind {
		case "json", "sarif", "gitlab":
			if !json.Valid([]byte(o.out)) {
				t.Errorf("%s: not JSON", o.name)
			}
		case "junit":
			checkXML(t, o.name, o.out)
		case "github":
			checkGitHubLines(t, o.out)
		case "markdown":
			checkMarkdown(t, o.name, o.out)
		case "csv":
			checkCSV(t, o.name, o.out)
		}
	}

	// JSON keeps the exact address (the escapes decode to it), so a
	// baseline written from it waives the findings it names.
	var rep struct {
		Findings []struct {
			Address  string  `json:"address"`
			WaivedBy *string `json:"waived_by"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(outs[0].out), &rep); err != nil {
		t.Fatal(err)
	}
	exact := 0
	for _, f := range rep.Findings {
		if f.Address == hostileAddress || strings.HasPrefix(f.Address, "aws_iam_access_key.svc[\""+keyText(hostileText)) {
			exact++
		}
	}
	if exact == 0 {
		t.Errorf("no finding on the hostile address %q in the JSON report", hostileAddress)
	}
	if err := json.Unmarshal([]byte(waived), &rep); err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Findings {
		if f.WaivedBy == nil && !strings.HasPrefix(f.Address, "nhi_exception.") {
			t.Errorf("%q is not waived by the baseline written for it", clipForLog(f.Address))
		}
	}
}

// TestHostileTextInErrors: messages about hostile input stay one inert line.
func TestHostileTextInErrors(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"malformed hostile address": planWith(strings.Replace(minimalKey, `"address":"aws_iam_access_key.k"`, `"address":"aws_iam_access_key.k[\"`+keyText(hostileText)+`"`, 1)),
		"hostile format_version":    `{"format_version":"9.` + keyText(hostileText) + `","resource_changes":[]}`,
		"hostile wrong type":        `{"format_version":"1.2","resource_changes":{"` + keyText(hostileText) + `":1}}`,
	}
	for name, doc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "plan.json"), []byte(doc), 0o600)
			out, errOut, code := runIn(t, dir, nil, nil, "check", "plan.json", "--no-source")
			if code != ExitError || out != "" || strings.Count(errOut, "\n") != 1 {
				t.Errorf("exit %d, stdout %q, stderr %q", code, clipForLog(out), clipForLog(errOut))
			}
			checkInert(t, "stderr", errOut, false, false)
		})
	}
	_, errOut, _ := runIn(t, t.TempDir(), nil, nil, "explain", hostileText)
	checkInert(t, "explain stderr", errOut, false, false)
}
