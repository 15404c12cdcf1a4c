package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// fuzzFormats are the formats FuzzCheck picks from.
var fuzzFormats = []string{"json", "text", "sarif", "markdown", "github", "gitlab", "junit"}

// FuzzCheck runs the whole CLI in-process on fuzzed plan bytes (on stdin)
// in a fuzzed format. Properties: the exit code is 0, 1 or 2, never a
// recovered panic; exit 2 is one line on stderr and nothing on stdout;
// input the loader refuses is never exit 0 or 1; exit 1 exactly when the
// report blocks; and the output is well-formed for its format and inert
// (checkInert: no raw control or bidi character, no workflow command).
func FuzzCheck(f *testing.F) {
	// Small seeds keep each run and the minimisation of what it finds
	// fast (make fuzz runs this in make test): the fixtures without the
	// sections the checker reads least, where that fits in 6 KiB.
	paths, _ := filepath.Glob(filepath.Join(fixtures, "*", "plan.json"))
	for i, p := range paths {
		if seed := compactPlan(f, p); len(seed) <= 6<<10 {
			f.Add(seed, uint8(i))
		}
	}
	for i, doc := range []string{
		"", "{", "[]", "null", `{"format_version":"1.2","resource_changes":[]}`,
		planWith(minimalKey),
		planWith(strings.Replace(minimalKey, `"address":"aws_iam_access_key.k"`, `"address":"aws_iam_access_key.k[\"\u001b[31m\\n::error::x <b>@here</b> =cmd|' /C calc'!A0\"]"`, 1)),
		`{"format_version":"2.0","resource_changes":[]}`,
		stateFile, showState,
	} {
		f.Add([]byte(doc), uint8(i))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, pick uint8) {
		format := fuzzFormats[int(pick)%len(fuzzFormats)]
		out, errOut, code := runIn(t, dir, nil, bytes.NewReader(data),
			"check", "-", "--no-source", "--terraform", "/nonexistent/terraform", "--now", fixtureNow, "--format", format)
		if strings.Contains(errOut, "internal error") {
			t.Fatalf("panic: %s", errOut)
		}
		_, perr := plan.Parse(data, plan.Options{IsSecret: kb.IsSecret})
		switch code {
		case ExitError:
			if out != "" || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "nhiguard: ") {
				t.Fatalf("exit 2 with stdout %q, stderr %q", clipForLog(out), clipForLog(errOut))
			}
			return
		case ExitOK, ExitBlocking:
		default:
			t.Fatalf("exit %d", code)
		}
		if perr != nil {
			t.Fatalf("exit %d on input the loader refuses (%v)", code, perr)
		}
		if errOut != "" {
			t.Fatalf("stderr on success: %q", errOut)
		}
		checkInert(t, format, out, false, format == "github")
		if t.Failed() {
			t.FailNow()
		}
		checkWellFormed(t, format, out, code)
	})
}

// compactPlan is a fixture plan without planned_values, prior_state,
// provider configuration and the other sections the checker reads least.
func compactPlan(f *testing.F, path string) []byte {
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		f.Fatal(err)
	}
	for _, k := range []string{"planned_values", "prior_state", "relevant_attributes", "timestamp", "applyable", "complete", "errored", "terraform_version"} {
		delete(doc, k)
	}
	if cfg, ok := doc["configuration"].(map[string]any); ok {
		delete(cfg, "provider_config")
	}
	if rcs, ok := doc["resource_changes"].([]any); ok {
		for _, rc := range rcs {
			if m, ok := rc.(map[string]any); ok {
				delete(m, "provider_name")
			}
		}
	}
	out, err := json.Marshal(doc)
	if err != nil {
		f.Fatal(err)
	}
	return out
}

// checkWellFormed asserts what each format promises about its structure.
func checkWellFormed(t *testing.T, format, out string, code int) {
	t.Helper()
	switch format {
	case "json":
		var rep report.Report
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("json output does not parse: %v", err)
		}
		if (code == ExitBlocking) != (rep.Summary.Blocking > 0) {
			t.Fatalf("exit %d with %d blocking findings", code, rep.Summary.Blocking)
		}
	case "sarif", "gitlab":
		if !json.Valid([]byte(out)) {
			t.Fatalf("%s output is not JSON", format)
		}
	case "junit":
		checkXML(t, "junit output", out)
	case "github":
		checkGitHubLines(t, out)
	}
}

// ghCommand is one workflow command: properties name=value with ':' ','
// CR and LF escaped in values, then the message with CR and LF escaped.
var ghCommand = regexp.MustCompile(`^::(error|warning|notice)( [a-zA-Z]+=[^,:\r\n]*(,[a-zA-Z]+=[^,:\r\n]*)*)?::[^\r\n]*$`)

// checkGitHubLines: every line is one well-formed workflow command, or the
// closing summary line.
func checkGitHubLines(t *testing.T, out string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	for i, l := range lines {
		if i == len(lines)-1 {
			if !strings.HasPrefix(l, "nhiguard: ") || strings.Contains(l, "::") {
				t.Fatalf("last line is not the summary: %q", l)
			}
			continue
		}
		if !ghCommand.MatchString(l) {
			t.Fatalf("line %d is not one well-formed workflow command: %q", i+1, l)
		}
	}
}
