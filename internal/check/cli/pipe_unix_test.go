//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/pipetest"
)

// planURI is where SARIF anchors findings that have no source location.
var planURI = regexp.MustCompile(`"uri": "[^"]*plan\.json"`)

// pipe serves the file at path through a named pipe.
func pipe(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return pipetest.Serve(t, "63", data)
}

// A plan given as a pipe (nhiguard check <(terraform show -json tfplan))
// is read once: the checker does not look into it before loading it, so
// it reports what it reports on the file. SARIF anchors findings to
// plan.json, not to the pipe's name; inventory --diff takes pipes too.
func TestPlanFromPipe(t *testing.T) {
	t.Parallel()
	plan := filepath.Join(fixtures, "aws-02-unowned-ci-user-admin", "plan.json")
	for _, format := range []string{"json", "sarif"} {
		want, _, wantCode := run(t, "", nil, "check", plan, "--format", format, "--now", fixtureNow, "--no-source")
		got, stderr, code := run(t, "", nil, "check", pipe(t, plan), "--format", format, "--now", fixtureNow, "--no-source")
		if code != wantCode || code != ExitBlocking {
			t.Fatalf("%s: exit %d, want %d (stderr %q)", format, code, wantCode, stderr)
		}
		if format == "sarif" {
			if !strings.Contains(got, `"uri": "plan.json"`) {
				t.Errorf("sarif of a pipe anchors no finding to plan.json")
			}
			want = planURI.ReplaceAllString(want, `"uri": "PLAN"`)
			got = planURI.ReplaceAllString(got, `"uri": "PLAN"`)
		}
		if got != want {
			t.Errorf("%s from a pipe differs from the file's:\n%s", format, firstLines(got, 30))
		}
	}
	older := filepath.Join(fixtures, "aws-01-good-oidc-workload-role", "plan.json")
	want, _, wantCode := run(t, "", nil, "inventory", "--diff", older, plan, "--format", "json")
	reg, stderr, code := run(t, "", nil, "inventory", older, "--format", "json")
	if code != ExitOK {
		t.Fatalf("inventory: exit %d (stderr %q)", code, stderr)
	}
	regPath := filepath.Join(t.TempDir(), "register.json")
	if err := os.WriteFile(regPath, []byte(reg), 0o600); err != nil {
		t.Fatal(err)
	}
	oldPipe, newPipe := pipe(t, regPath), pipe(t, plan)
	got, stderr, code := run(t, "", nil, "inventory", "--diff", oldPipe, newPipe, "--format", "json")
	got = strings.NewReplacer(oldPipe, older, newPipe, plan).Replace(got)
	if code != wantCode || got != want || !strings.Contains(got, `"added"`) {
		t.Errorf("inventory --diff of two pipes: exit %d, want %d (stderr %q)\n%s", code, wantCode, stderr, firstLines(got, 20))
	}
}

// --output to anything but a regular file, a pipe (>(...)) or a symbolic
// link, writes through it rather than replacing it with a file.
func TestOutputThroughPipeAndLink(t *testing.T) {
	t.Parallel()
	plan := filepath.Join(fixtures, "aws-02-unowned-ci-user-admin", "plan.json")
	want, _, _ := run(t, "", nil, "check", plan, "--format", "json", "--no-source", "--now", fixtureNow)

	dir := t.TempDir()
	pipe := filepath.Join(dir, "report.pipe")
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	got := make(chan []byte, 1)
	go func() {
		data, _ := os.ReadFile(pipe) // waits for a writer
		got <- data
	}()
	target := filepath.Join(dir, "target.json")
	link := filepath.Join(dir, "report.json")
	dangling := filepath.Join(dir, "dangling.json")
	if err := os.WriteFile(target, []byte("yesterday's report"), 0o600); err != nil {
		t.Fatal(err)
	}
	if os.Symlink(target, link) != nil || os.Symlink(filepath.Join(dir, "new.json"), dangling) != nil {
		t.Skip("cannot make symbolic links here")
	}
	_, stderr, code := run(t, "", nil, "check", plan, "--no-source", "--now", fixtureNow,
		"--format", "json", "--output", pipe, "--format", "json", "--output", link, "--format", "json", "--output", dangling)
	if code != ExitBlocking {
		t.Fatalf("exit %d (stderr %q)", code, stderr)
	}
	if st, err := os.Lstat(pipe); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the pipe was replaced: %v %v", st.Mode(), err)
	}
	if data := <-got; string(data) != want {
		t.Errorf("through the pipe: %q", firstLines(string(data), 5))
	}
	for _, l := range []string{link, dangling} {
		if st, err := os.Lstat(l); err != nil || st.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s was replaced: %v", l, err)
		}
		if data, err := os.ReadFile(l); err != nil || string(data) != want {
			t.Errorf("through %s: %v %q", l, err, firstLines(string(data), 5))
		}
	}
	_, stderr, code = run(t, "", nil, "check", plan, "--no-source", "--format", "json", "--output", dir)
	if code != ExitError || !strings.Contains(stderr, "is a directory") {
		t.Errorf("--output DIR: exit %d, %q", code, stderr)
	}
}

// TestOversizedPipeIsBounded: a plan path that is a pipe giving more
// than the size bound, JSON-like, is refused by the bound.
func TestOversizedPipeIsBounded(t *testing.T) {
	t.Parallel()
	data := []byte(`{"format_version":"1.2","resource_changes":[` + strings.Repeat(" {},", 1<<20))
	out, errOut, code := runIn(t, t.TempDir(), nil, nil, "check", pipetest.Serve(t, "63", data), "--no-source", "--max-plan-size", "2MB")
	assertInputError(t, out, errOut, code, "exceeds the 2 MiB limit (raise it with --max-plan-size)")
}
