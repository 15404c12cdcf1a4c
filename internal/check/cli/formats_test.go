package cli

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/formattest"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report/formatter"
)

// copyFixture copies a fixture (main.tf, modules/, plan.json) to a
// directory outside any git work tree, so that paths in the output do not
// depend on where the repository is checked out.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	src := filepath.Join(fixtures, name)
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func fixtureNames(t *testing.T) []string {
	t.Helper()
	dirs, _ := filepath.Glob(filepath.Join(fixtures, "*"))
	var out []string
	for _, dir := range dirs {
		name := filepath.Base(dir)
		if _, err := os.Stat(filepath.Join(dir, "plan.json")); err != nil || strings.Contains(name, "large") {
			continue
		}
		out = append(out, name)
	}
	if len(out) < 20 {
		t.Fatalf("found %d fixtures", len(out))
	}
	return out
}

// formatFiles are the golden file suffixes of each format.
var formatFiles = []struct{ format, suffix string }{
	{"sarif", ".sarif"},
	{"markdown", ".md"},
	{"github", ".github.txt"},
	{"gitlab", ".gitlab.json"},
	{"junit", ".junit.xml"},
}

// TestGoldenFormats renders every fixture in every integration format,
// in one run with an --output per format, against golden files; the SARIF
// validates against the 2.1.0 schema, the JSON formats parse, the JUnit
// is well-formed XML, and the markdown fits a GitHub comment.
func TestGoldenFormats(t *testing.T) {
	t.Parallel()
	for _, name := range fixtureNames(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := copyFixture(t, name)
			out := t.TempDir()
			args := []string{"check", "plan.json", "--now", fixtureNow, "--source-root", "infra/" + name}
			for _, f := range formatFiles {
				args = append(args, "--format", f.format, "--output", filepath.Join(out, "report"+f.suffix))
			}
			stdout, stderr, code := run(t, dir, nil, args...)
			if code != ExitOK && code != ExitBlocking || stdout != "" {
				t.Fatalf("exit %d, stdout %q, stderr %s", code, stdout, stderr)
			}
			for _, f := range formatFiles {
				got, err := os.ReadFile(filepath.Join(out, "report"+f.suffix))
				if err != nil {
					t.Fatal(err)
				}
				golden(t, name+f.suffix, got)
				switch f.format {
				case "sarif":
					if err := formattest.ValidSARIF(string(got)); err != nil {
						t.Error(err)
					}
				case "gitlab":
					var v []map[string]any
					if err := json.Unmarshal(got, &v); err != nil {
						t.Errorf("gitlab report is not JSON: %v", err)
					}
				case "junit":
					if err := wellFormed(string(got)); err != nil {
						t.Errorf("junit: %v", err)
					}
				case "markdown":
					if len(got) > formatter.GitHubCommentLimit || !strings.HasPrefix(string(got), formatter.MarkdownMarker) {
						t.Errorf("markdown of %d bytes, or without the marker", len(got))
					}
					if (code == ExitBlocking) != strings.Contains(string(got), "❌") {
						t.Errorf("exit %d but the verdict line says otherwise", code)
					}
				case "github":
					for _, l := range strings.Split(strings.TrimSpace(string(got)), "\n") {
						if !strings.HasPrefix(l, "::error ") && !strings.HasPrefix(l, "::warning ") && !strings.HasPrefix(l, "::notice ") && !strings.HasPrefix(l, "nhiguard: ") {
							t.Errorf("stray line %q", l)
						}
					}
				}
			}
		})
	}
}

func wellFormed(s string) error {
	dec := xml.NewDecoder(strings.NewReader(s))
	for {
		if _, err := dec.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// The 5,040-resource plan: the PR comment stays under GitHub's limit and
// says how many findings it left out; SARIF still validates.
func TestLargePlanFormats(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(fixtures, "aws-12-large-generated")
	tmp := t.TempDir()
	md, sarif := filepath.Join(tmp, "r.md"), filepath.Join(tmp, "r.sarif")
	_, stderr, code := run(t, dir, nil, "check", "plan.json", "--now", fixtureNow, "--format", "markdown", "--output", md, "--format", "sarif", "--output", sarif, "--format", "json", "--output", filepath.Join(tmp, "r.json"))
	if code != ExitBlocking {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep report.Report
	b, _ := os.ReadFile(filepath.Join(tmp, "r.json"))
	if err := json.Unmarshal(b, &rep); err != nil || rep.Summary.Findings < 1000 {
		t.Fatalf("json report: %v, %d findings", err, rep.Summary.Findings)
	}
	got, _ := os.ReadFile(md)
	if len(got) > formatter.GitHubCommentLimit || len(got) < formatter.GitHubCommentLimit/2 {
		t.Errorf("markdown is %d bytes, want most of %d and no more", len(got), formatter.GitHubCommentLimit)
	}
	m := regexp.MustCompile(`(\d+) more findings not shown \((\d+) blocking\)`).FindStringSubmatch(string(got))
	if m == nil {
		t.Fatal("no truncation line")
	}
	shown := strings.Count(string(got), "\n- ")
	if shown+atoi(m[1]) != rep.Summary.Findings {
		t.Errorf("%d shown + %s omitted != %d findings", shown, m[1], rep.Summary.Findings)
	}
	s, _ := os.ReadFile(sarif)
	if err := formattest.ValidSARIF(string(s)); err != nil {
		t.Errorf("large SARIF: %v", err)
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// Paths in the integration formats are relative to the repository root:
// --source-root when given, else the source directory's place in the
// enclosing git work tree, else relative to the source directory.
func TestRepositoryPaths(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	os.Mkdir(filepath.Join(repo, ".git"), 0o755)
	fixture := copyFixture(t, "aws-09-key-exposed-to-ci")
	infra := filepath.Join(repo, "envs", "prod")
	os.MkdirAll(infra, 0o755)
	for _, f := range []string{"main.tf", "plan.json"} {
		b, _ := os.ReadFile(filepath.Join(fixture, f))
		os.WriteFile(filepath.Join(infra, f), b, 0o644)
	}
	cases := []struct {
		name, dir string
		args      []string
		file      string
	}{
		{"git work tree", infra, nil, "file=envs/prod/main.tf,"},
		{"git work tree, --source-dir from the root", repo, []string{"--source-dir", "envs/prod"}, "file=envs/prod/main.tf,"},
		{"explicit source root", infra, []string{"--source-root", "terraform/prod"}, "file=terraform/prod/main.tf,"},
		{"explicit none", infra, []string{"--source-root", "."}, "file=main.tf,"},
		{"no git work tree", fixture, nil, "file=main.tf,"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			plan := "plan.json"
			if c.dir == repo {
				plan = "envs/prod/plan.json"
			}
			out, errOut, code := run(t, c.dir, nil, append([]string{"check", plan, "--format", "github"}, c.args...)...)
			if code != ExitBlocking {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if !strings.Contains(out, c.file) {
				t.Errorf("output lacks %q:\n%s", c.file, out)
			}
		})
	}
	// Without sources, SARIF anchors results to the plan's path in the repository.
	out, _, _ := run(t, infra, nil, "check", "plan.json", "--no-source", "--format", "sarif")
	if !strings.Contains(out, `"uri": "envs/prod/plan.json"`) {
		t.Error("unlocated SARIF results are not anchored to the plan's repository path")
	}
}
