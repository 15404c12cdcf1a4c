//go:build unix

package plan

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/pipetest"
)

// A plan path that is a pipe is read once, whole, and loads as the same
// plan from a file does, spooled or not; a binary plan read from one is
// written to a file terraform can open.
func TestLoadFromPipePath(t *testing.T) {
	t.Parallel()
	path, err := filepath.Abs(filepath.Join(fixtures, "aws-12-large-generated", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fromFile, err := Load(context.Background(), path, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, spool := range []bool{false, true} {
		var sized []int64
		opts := Options{Spool: spool, Sized: func(n int64, _ bool) { sized = append(sized, n) }}
		p, err := Load(context.Background(), pipetest.Serve(t, "plan.pipe", data), nil, opts)
		if err != nil {
			t.Fatalf("spool %v: %v", spool, err)
		}
		if d := indexDiff(p, fromFile); d != "" {
			t.Errorf("spool %v: %s", spool, d)
		}
		if len(sized) != 1 || sized[0] != int64(len(data)) {
			t.Errorf("spool %v: sized %v, want once, %d bytes", spool, sized, len(data))
		}
	}

	// A terraform that converts only a readable binary plan file.
	dir := t.TempDir()
	tf := filepath.Join(dir, "terraform")
	script := "#!/bin/sh\n[ \"$1 $2\" = 'show -json' ] || exit 3\nfor f; do :; done\n[ -f \"$f\" ] && head -c 4 \"$f\" | grep -q PK || { echo \"Error: $f is not a plan file\" >&2; exit 1; }\ncat " + path + "\n"
	if err := os.WriteFile(tf, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	binary := append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0}, 64)...)
	for _, spool := range []bool{false, true} {
		p, err := Load(context.Background(), pipetest.Serve(t, "plan.pipe", binary), nil, Options{Spool: spool, Terraform: tf})
		if err != nil {
			t.Fatalf("binary, spool %v: %v", spool, err)
		}
		if d := indexDiff(p, fromFile); d != "" {
			t.Errorf("binary, spool %v: %s", spool, d)
		}
	}
	_, err = Load(context.Background(), pipetest.Serve(t, "plan.pipe", binary), nil, Options{Terraform: "/nonexistent/terraform"})
	if err == nil || !strings.Contains(err.Error(), "plan.pipe is a binary plan file") {
		t.Errorf("binary without terraform: %v", err)
	}
}

// TestBinaryPlanNeedsInit: Terraform cannot show a binary plan outside the
// directory whose providers `terraform init` installed; the message says
// so, and what to do, besides Terraform's own first line.
func TestBinaryPlanNeedsInit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, stderr := range map[string]string{
		"needs init": "Error: Failed to load plugin schemas\n\nError while loading schemas for plugin components: ...",
		"other":      "Error: Failed to read the given file as a state or plan file",
	} {
		tf := filepath.Join(dir, strings.ReplaceAll(name, " ", "-"))
		if err := os.WriteFile(tf, []byte("#!/bin/sh\n{ echo '"+strings.ReplaceAll(stderr, "\n", "'; echo '")+"'; } >&2\nexit 1\n"), 0o700); err != nil {
			t.Fatal(err)
		}
		plan := filepath.Join(dir, "tfplan")
		if err := os.WriteFile(plan, append([]byte("PK\x03\x04"), make([]byte, 64)...), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := Load(context.Background(), plan, nil, Options{Terraform: tf})
		if err == nil {
			t.Fatalf("%s: loaded", name)
		}
		first, _, _ := strings.Cut(strings.TrimPrefix(stderr, "Error: "), "\n")
		hinted := strings.Contains(err.Error(), "run nhiguard in the configuration directory")
		if !strings.Contains(err.Error(), first) || hinted != (name == "needs init") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %q", name, err)
		}
	}
}

// TestBinaryPlanShownInTerraformDir: Options.TerraformDir is where
// terraform runs (the configuration's, initialised), and it is given the
// plan by a path that holds from there.
func TestBinaryPlanShownInTerraformDir(t *testing.T) {
	t.Parallel()
	dir, config := t.TempDir(), t.TempDir()
	jsonPath, err := filepath.Abs(filepath.Join(fixtures, "aws-02-unowned-ci-user-admin", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	seen := filepath.Join(dir, "seen")
	tf := filepath.Join(dir, "terraform")
	// It shows the plan only from the configuration directory, and only a
	// plan file it can open from there.
	script := "#!/bin/sh\n[ \"$(pwd -P)\" = \"$(cd '" + config + "' && pwd -P)\" ] || { echo 'Error: Failed to load plugin schemas' >&2; exit 1; }\n" +
		"for f; do :; done\n[ -f \"$f\" ] || { echo \"Error: no plan $f\" >&2; exit 1; }\necho \"$f\" > '" + seen + "'\nexec cat '" + jsonPath + "'\n"
	if err := os.WriteFile(tf, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "tfplan"), append([]byte("PK\x03\x04"), make([]byte, 64)...), 0o600); err != nil {
		t.Fatal(err)
	}
	// The plan by a path relative to the caller's directory (a test's
	// is its package's), not terraform's.
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(wd, filepath.Join(dir, "tfplan"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Load(context.Background(), rel, nil, Options{Terraform: tf, TerraformDir: config})
	if err != nil {
		t.Fatal(err)
	}
	if p.Resource("aws_iam_user.ci") == nil {
		t.Error("the plan terraform showed is not the one loaded")
	}
	if b, _ := os.ReadFile(seen); !filepath.IsAbs(strings.TrimSpace(string(b))) {
		t.Errorf("terraform was given %q, not a path that holds from its directory", b)
	}
	if _, err := Load(context.Background(), rel, nil, Options{Terraform: tf}); err == nil || !strings.Contains(err.Error(), "run nhiguard in the configuration directory") {
		t.Errorf("outside the configuration directory: %v", err)
	}
}
