package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

var update = flag.Bool("update", false, "rewrite golden files")

const (
	fixtures   = "../testdata/fixtures"
	fixtureNow = "2026-11-24T00:00:00Z"
)

// run runs the CLI in-process.
func run(t *testing.T, dir string, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = RunEnv(append([]string{"nhiguard"}, args...), Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Dir: dir,
		Getenv: func(k string) string { return env[k] },
	})
	return out.String(), errb.String(), code
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from the golden file (run go test ./internal/check/cli -update and review the diff)\n--- got ---\n%s", name, firstLines(string(got), 40))
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// TestGoldenReports checks the JSON and text reports of every fixture
// (except the 5,040-resource one, covered by its own test) against golden
// files, and the exit code against whether anything blocks.
func TestGoldenReports(t *testing.T) {
	t.Parallel()
	dirs, _ := filepath.Glob(filepath.Join(fixtures, "*"))
	for _, dir := range dirs {
		name := filepath.Base(dir)
		if _, err := os.Stat(filepath.Join(dir, "plan.json")); err != nil || strings.Contains(name, "large") {
			continue
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := run(t, dir, nil, "check", "plan.json", "--format", "json", "--now", fixtureNow)
			if code != ExitOK && code != ExitBlocking {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var rep report.Report
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatalf("output is not JSON: %v", err)
			}
			if (code == ExitBlocking) != (rep.Summary.Blocking > 0) {
				t.Errorf("exit %d with %d blocking findings", code, rep.Summary.Blocking)
			}
			golden(t, name+".json", []byte(out))
			text, _, _ := run(t, dir, nil, "check", "plan.json", "--now", fixtureNow)
			golden(t, name+".txt", []byte(text))
		})
	}
}

func TestJSONReportContract(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(fixtures, "aws-02-unowned-ci-user-admin")
	out, _, code := run(t, dir, nil, "check", "plan.json", "--format", "json", "--now", fixtureNow)
	if code != ExitBlocking {
		t.Fatalf("exit %d, want 1", code)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	keys := func(m map[string]any) string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		return strings.Join(sortStrings(ks), ",")
	}
	if got, want := keys(doc), "findings,inventory,plan,summary,tool,version"; got != want {
		t.Errorf("top-level keys %s, want %s", got, want)
	}
	if doc["version"] != float64(1) {
		t.Errorf("version = %v", doc["version"])
	}
	if got, want := keys(doc["summary"].(map[string]any)), "blocking,credentials,findings,identities"; got != want {
		t.Errorf("summary keys %s, want %s", got, want)
	}
	if got, want := keys(doc["plan"].(map[string]any)), "format_version,terraform_version"; got != want {
		t.Errorf("plan keys %s", got)
	}
	f := doc["findings"].([]any)[0].(map[string]any)
	if got, want := keys(f), "action,address,blocking,category,introduced,message,owasp,related,remediation,resource_type,rule,severity,waived_by"; got != want {
		t.Errorf("finding keys %s, want %s", got, want)
	}
	if _, ok := f["waived_by"]; !ok || f["waived_by"] != nil {
		t.Errorf("waived_by = %v, want null", f["waived_by"])
	}
	for _, e := range doc["inventory"].([]any) {
		inv := e.(map[string]any)
		want := "address,kind,owner,owner_source,privilege,rotation"
		if inv["privilege"] == "admin" {
			// Admin and escalation entries name the chain that grants it.
			want = "address,chain,kind,owner,owner_source,privilege,rotation"
		}
		if got := keys(inv); got != want {
			t.Errorf("inventory keys of %v: %s, want %s", inv["address"], got, want)
		}
	}
}

func sortStrings(s []string) []string {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}

func TestExitCodesAndUsage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := filepath.Join(fixtures, "aws-01-good-oidc-workload-role")
	cases := []struct {
		name string
		dir  string
		args []string
		code int
		err  string
	}{
		{"no command", dir, nil, ExitError, "Usage"},
		{"unknown command", dir, []string{"frobnicate"}, ExitError, "unknown command"},
		{"check without plan", dir, []string{"check"}, ExitError, "exactly one PLAN"},
		{"check two plans", dir, []string{"check", "a", "b"}, ExitError, "exactly one PLAN"},
		{"missing plan", dir, []string{"check", "nope.json"}, ExitError, "does not exist"},
		{"unknown format", dir, []string{"check", "x.json", "--format", "yaml"}, ExitError, "unknown format"},
		{"unknown flag", dir, []string{"check", "x.json", "--frobnicate"}, ExitError, "flag provided but not defined"},
		{"bad now", good, []string{"check", "plan.json", "--now", "yesterday"}, ExitError, "RFC 3339"},
		{"bad size", good, []string{"check", "plan.json", "--max-plan-size", "lots"}, ExitError, "size like"},
		{"missing config", good, []string{"check", "plan.json", "--config", "nope.hcl"}, ExitError, "does not exist"},
		{"source dir without tf", good, []string{"check", "plan.json", "--source-dir", dir}, ExitError, "holds no .tf"},
		{"good plan passes", good, []string{"check", "plan.json"}, ExitOK, ""},
		{"blocking plan", filepath.Join(fixtures, "aws-02-unowned-ci-user-admin"), []string{"check", "plan.json"}, ExitBlocking, ""},
		{"flags before plan", filepath.Join(fixtures, "aws-02-unowned-ci-user-admin"), []string{"check", "--format", "json", "plan.json"}, ExitBlocking, ""},
		{"version", dir, []string{"version"}, ExitOK, ""},
		{"rules", dir, []string{"rules"}, ExitOK, ""},
		{"explain", dir, []string{"explain", "NHI-004"}, ExitOK, ""},
		{"explain unknown", dir, []string{"explain", "NHI-999"}, ExitError, "unknown rule"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, errOut, code := run(t, tc.dir, nil, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, errOut)
			}
			if !strings.Contains(errOut, tc.err) {
				t.Errorf("stderr %q does not contain %q", errOut, tc.err)
			}
			if tc.code == ExitError && tc.err != "Usage" && strings.Count(strings.TrimSpace(errOut), "\n") > 0 && !strings.Contains(errOut, "Usage") {
				t.Errorf("error is not one line: %q", errOut)
			}
		})
	}
}

func TestRulesAndExplain(t *testing.T) {
	t.Parallel()
	out, _, _ := run(t, t.TempDir(), nil, "rules")
	for i := 1; i <= 10; i++ {
		id := "NHI-0" + map[bool]string{true: "", false: "0"}[i >= 10] + strings.TrimLeft(string(rune('0'+i%10)), "")
		if i == 10 {
			id = "NHI-010"
		}
		if !strings.Contains(out, id) {
			t.Errorf("rules does not list %s", id)
		}
	}
	for _, cat := range []string{"unowned", "long_lived", "over_privileged", "exposed", "stale_governance", "drift", "misuse"} {
		if !strings.Contains(out, cat) {
			t.Errorf("rules does not list category %s", cat)
		}
	}
	ex, _, _ := run(t, t.TempDir(), nil, "explain", "nhi-002")
	for _, want := range []string{"NHI-002", "NHI7:2025", "NIST CSF", "Bad:", "Good:", "replace_triggered_by"} {
		if !strings.Contains(ex, want) {
			t.Errorf("explain NHI-002 lacks %q", want)
		}
	}
}

func TestOutputFiles(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(fixtures, "aws-02-unowned-ci-user-admin")
	tmp := t.TempDir()
	jsonPath, textPath := filepath.Join(tmp, "r.json"), filepath.Join(tmp, "r.txt")
	out, errOut, code := run(t, dir, nil, "check", "plan.json", "--format", "json", "--output", jsonPath, "--format", "text", "--output", textPath)
	if code != ExitBlocking || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	j, _ := os.ReadFile(jsonPath)
	if !json.Valid(j) {
		t.Error("json output file is not JSON")
	}
	txt, _ := os.ReadFile(textPath)
	if !strings.Contains(string(txt), "BLOCKED") {
		t.Error("text output file lacks the verdict")
	}
	if strings.Contains(string(txt), "\x1b[") {
		t.Error("colour written to a file")
	}
	// A report holds no secret: readable by the CI's other users and
	// containers, as files a tool writes are; a file it replaces keeps
	// its mode.
	if st, err := os.Stat(jsonPath); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("json output mode: %v %v", st.Mode(), err)
	}
	os.Chmod(textPath, 0o640)
	run(t, dir, nil, "check", "plan.json", "--format", "text", "--output", textPath)
	if st, err := os.Stat(textPath); err != nil || st.Mode().Perm() != 0o640 {
		t.Errorf("replaced output mode: %v %v", st.Mode(), err)
	}
	// Two formats to one file: one would overwrite the other.
	_, errOut, code = run(t, dir, nil, "check", "plan.json", "--format", "json", "--output", jsonPath, "--format", "sarif", "--output", filepath.Join(tmp, ".", "r.json"))
	if code != ExitError || !strings.Contains(errOut, "given twice") {
		t.Errorf("the same output twice: exit %d, %s", code, errOut)
	}
}

func TestPolicyFile(t *testing.T) {
	t.Parallel()
	src := filepath.Join(fixtures, "aws-02-unowned-ci-user-admin")
	dir := t.TempDir()
	for _, f := range []string{"plan.json", "main.tf"} {
		b, _ := os.ReadFile(filepath.Join(src, f))
		os.WriteFile(filepath.Join(dir, f), b, 0o644)
	}
	// An exception that covers everything on the key, and severities that block on critical only.
	cfg := `block_on = ["critical"]
exception {
  rules       = ["*"]
  resources   = ["aws_iam_access_key.ci"]
  reason      = "migration to OIDC, SEC-42"
  approved_by = "security@example.com"
  expires_at  = "2027-01-31T00:00:00Z"
}
`
	os.WriteFile(filepath.Join(dir, ".nhiguard.hcl"), []byte(cfg), 0o644)
	out, errOut, code := run(t, dir, nil, "check", "plan.json", "--format", "json", "--now", fixtureNow)
	if code != ExitBlocking {
		t.Fatalf("exit %d (%s)", code, errOut)
	}
	var rep report.Report
	json.Unmarshal([]byte(out), &rep)
	for _, f := range rep.Findings {
		switch {
		case f.Address == "aws_iam_access_key.ci":
			if f.WaivedBy == nil || *f.WaivedBy != ".nhiguard.hcl:2" || f.Blocking {
				w := "<nil>"
				if f.WaivedBy != nil {
					w = *f.WaivedBy
				}
				t.Errorf("%s %s not waived by .nhiguard.hcl:2: waived_by %s blocking %v", f.Address, f.Rule, w, f.Blocking)
			}
		case f.Severity != report.Critical && f.Blocking:
			t.Errorf("%s %s (%s) blocks, but only critical should", f.Address, f.Rule, f.Severity)
		}
	}
	// The exception has expired by 2027-02: NHI-008 and the findings are back.
	out, _, _ = run(t, dir, nil, "check", "plan.json", "--format", "json", "--now", "2027-02-15T00:00:00Z")
	json.Unmarshal([]byte(out), &rep)
	saw008 := false
	for _, f := range rep.Findings {
		if f.Rule == "NHI-008" && f.Address == ".nhiguard.hcl:2" {
			saw008 = true
		}
		if f.WaivedBy != nil {
			t.Errorf("%s %s still waived after expiry", f.Address, f.Rule)
		}
	}
	if !saw008 {
		t.Error("no NHI-008 for the expired exception")
	}
	// A config error names file and line.
	os.WriteFile(filepath.Join(dir, ".nhiguard.hcl"), []byte("block_on = [\"high\"]\nmax_lifetime_days = \"ninety\"\n"), 0o644)
	_, errOut, code = run(t, dir, nil, "check", "plan.json")
	if code != ExitError || !strings.Contains(errOut, ".nhiguard.hcl:2") {
		t.Errorf("exit %d, stderr %q: want exit 2 naming .nhiguard.hcl:2", code, errOut)
	}
}
