package repocheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report/formatter"
)

const root = "../.."

func load(t *testing.T, path string, v any) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, path))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		t.Fatalf("%s does not parse as YAML: %v", path, err)
	}
	return string(b)
}

// bashParses checks a script with bash -n (skipped without bash).
func bashParses(t *testing.T, name, script string) {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	cmd := exec.Command(bash, "-n")
	cmd.Stdin = strings.NewReader(script)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("%s: the script does not parse: %v\n%s", name, err, out)
	}
}

type action struct {
	Name   string
	Inputs map[string]struct {
		Description, Default string
		Required             bool
	}
	Outputs map[string]struct{ Description, Value string }
	Runs    struct {
		Using string
		Steps []struct {
			Name  string
			ID    string
			Uses  string
			Run   string
			Shell string
			If    string
			Env   map[string]string
			With  map[string]string
			// A failed upload (a fork's read-only token, no code
			// scanning) must not skip the comment and the verdict.
			ContinueOnError bool `yaml:"continue-on-error"`
		}
	}
}

func TestAction(t *testing.T) {
	t.Parallel()
	var a action
	raw := load(t, "action.yml", &a)
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using %q, want composite", a.Runs.Using)
	}
	if !a.Inputs["plan"].Required {
		t.Error("the plan input is not required")
	}
	for name, in := range a.Inputs {
		if in.Description == "" {
			t.Errorf("input %s has no description", name)
		}
	}
	for _, out := range []string{"exit-code", "blocking", "sarif-file", "markdown-file"} {
		if a.Outputs[out].Value == "" || a.Outputs[out].Description == "" {
			t.Errorf("output %s is missing or undocumented", out)
		}
	}
	var installs, shows, checks, uploads, comments, fails bool
	inputExpr := regexp.MustCompile(`\$\{\{\s*(inputs|github\.event)\.`)
	for _, s := range a.Runs.Steps {
		if s.Name == "" {
			t.Error("a step has no name")
		}
		if s.Run != "" {
			if s.Shell == "" {
				t.Errorf("step %q: composite run steps need a shell", s.Name)
			}
			// Inputs and event data reach scripts through env, never inline.
			if inputExpr.MatchString(s.Run) {
				t.Errorf("step %q interpolates an input into its script", s.Name)
			}
			bashParses(t, s.Name, s.Run)
		}
		switch {
		case strings.Contains(s.Run, "go install \"github.com/nhiguard/terraform-provider-nhi/cmd/nhiguard@"):
			installs = true
		case strings.Contains(s.Run, "terraform show -json"):
			shows = true
		case strings.Contains(s.Run, "--format sarif") && strings.Contains(s.Run, "--format markdown"):
			checks = true
			for _, out := range []string{"exit-code", "blocking", "category"} {
				if !strings.Contains(s.Run, out+"=") {
					t.Errorf("the check step does not set %s", out)
				}
			}
		case strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@"):
			uploads = s.With["sarif_file"] != "" && s.ContinueOnError && s.With["category"] == "${{ steps.check.outputs.category }}"
		case strings.Contains(s.Run, "gh api") && strings.Contains(s.Run, "PATCH"):
			comments = s.Env["MARKER"] == formatter.MarkdownMarker
		case strings.Contains(s.Run, "exit 1"):
			fails = strings.Contains(s.If, "exit-code == '1'")
		}
	}
	if !installs || !shows || !checks || !uploads || !comments || !fails {
		t.Errorf("steps: install %v, terraform show %v, check %v, upload SARIF %v, comment with the report's marker %v, fail on exit 1 %v",
			installs, shows, checks, uploads, comments, fails)
	}
	if !strings.Contains(raw, "go-version-file: ${{ github.action_path }}/go.mod") {
		t.Error("Go is not set up from the module's go.mod")
	}
}

func TestGitHubWorkflowExample(t *testing.T) {
	t.Parallel()
	var wf struct {
		On          map[string]any `yaml:"on"`
		Permissions map[string]string
		Jobs        map[string]struct {
			Steps []struct {
				Uses string
				Run  string
				With map[string]string
			}
		}
	}
	load(t, "examples/ci/github/nhiguard.yml", &wf)
	if _, ok := wf.On["pull_request"]; !ok {
		t.Error("the example does not run on pull requests")
	}
	for p, want := range map[string]string{"pull-requests": "write", "security-events": "write"} {
		if wf.Permissions[p] != want {
			t.Errorf("permission %s = %q, want %s", p, wf.Permissions[p], want)
		}
	}
	used := false
	for _, j := range wf.Jobs {
		for _, s := range j.Steps {
			if strings.HasPrefix(s.Uses, "nhiguard/terraform-provider-nhi@") && s.With["plan"] != "" {
				used = true
			}
		}
	}
	if !used {
		t.Error("the example does not use the action with a plan")
	}
}

func TestGitLabExample(t *testing.T) {
	t.Parallel()
	var ci map[string]any
	load(t, "examples/ci/gitlab/.gitlab-ci.yml", &ci)
	job, ok := ci["nhiguard"].(map[string]any)
	if !ok {
		t.Fatal("no nhiguard job")
	}
	script := strings.Join(toStrings(job["script"]), "\n")
	for _, want := range []string{"go install \"github.com/nhiguard/terraform-provider-nhi/cmd/nhiguard@", "--format gitlab", "--format junit", "--source-root"} {
		if !strings.Contains(script, want) {
			t.Errorf("script lacks %q", want)
		}
	}
	reports, _ := job["artifacts"].(map[string]any)["reports"].(map[string]any)
	if reports["codequality"] != "gl-code-quality-report.json" || reports["junit"] != "nhiguard-junit.xml" {
		t.Errorf("artifacts.reports %v", reports)
	}
	bashParses(t, "gitlab script", script)
}

func TestAtlantisExample(t *testing.T) {
	t.Parallel()
	var repos struct {
		Workflows map[string]struct {
			Plan struct{ Steps []any }
		}
	}
	load(t, "examples/ci/atlantis/repos.yaml", &repos)
	steps := repos.Workflows["nhiguard"].Plan.Steps
	planAt, checkAt := -1, -1
	for i, s := range steps {
		switch v := s.(type) {
		case string:
			if v == "plan" {
				planAt = i
			}
		case map[string]any:
			if run, _ := v["run"].(string); strings.HasPrefix(run, "nhiguard check") {
				checkAt = i
				bashParses(t, "atlantis step", run)
			}
		}
	}
	if planAt < 0 || checkAt < planAt {
		t.Errorf("the nhiguard step (%d) does not follow plan (%d)", checkAt, planAt)
	}
	var repo struct {
		Version  int
		Projects []struct{ Workflow string }
	}
	load(t, "examples/ci/atlantis/atlantis.yaml", &repo)
	if repo.Version != 3 || len(repo.Projects) == 0 || repo.Projects[0].Workflow != "nhiguard" {
		t.Errorf("atlantis.yaml %+v", repo)
	}
}

func TestPreCommitHooks(t *testing.T) {
	t.Parallel()
	var hooks []struct {
		ID, Name, Entry, Language, Files string
		PassFilenames                    *bool `yaml:"pass_filenames"`
	}
	load(t, ".pre-commit-hooks.yaml", &hooks)
	if len(hooks) < 1 {
		t.Fatal("no hooks")
	}
	for _, h := range hooks {
		if h.ID == "" || h.Name == "" || h.Entry == "" || h.Language == "" {
			t.Errorf("hook %+v lacks a field", h)
		}
		if !strings.Contains(h.Entry, "nhiguard check") {
			t.Errorf("hook %s does not run nhiguard check", h.ID)
		}
		if h.PassFilenames == nil || *h.PassFilenames {
			t.Errorf("hook %s passes file names, but nhiguard takes one plan", h.ID)
		}
		if _, err := regexp.Compile(h.Files); err != nil {
			t.Errorf("hook %s: files: %v", h.ID, err)
		}
		if script, ok := strings.CutPrefix(h.Entry, "sh -c '"); ok {
			bashParses(t, h.ID, script[:strings.LastIndex(script, "'")])
		}
	}
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}
