// Package e2e runs the real terraform binary against the freshly built
// provider: it builds terraform-provider-nhi, points Terraform at it with a
// dev_overrides CLI configuration (so no registry and no terraform init), and
// plans configurations such as examples/demo.
//
// Other packages' tests use it to get real plans:
//
//	func TestCheckerOnDemo(t *testing.T) {
//		planJSON := e2e.PlanJSON(t, e2e.DemoDir(t))
//		...
//	}
//
// Like terraform-plugin-testing, every helper skips the test unless TF_ACC is
// set, and fails it (never skips) when TF_ACC is set but Terraform is missing.
package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// ProviderSource is the provider's source address in configurations.
const ProviderSource = "nhiguard/nhi"

// Terraform returns the terraform binary: TF_ACC_TERRAFORM_PATH when set,
// otherwise terraform on PATH. It skips t unless TF_ACC is set.
func Terraform(t testing.TB) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("end-to-end tests run the terraform binary; set TF_ACC=1 to run them")
	}
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("TF_ACC_TERRAFORM_PATH=%s: %v; end-to-end tests need the Terraform CLI", p, err)
		}
		return p
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("TF_ACC is set but terraform is not on PATH (and TF_ACC_TERRAFORM_PATH is unset); end-to-end tests need the Terraform CLI")
	}
	return p
}

// RepoRoot returns the root of this module's source tree.
func RepoRoot(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the e2e package source")
	}
	root := filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root %s has no go.mod: %v", root, err)
	}
	return root
}

// DemoDir returns the path of examples/demo.
func DemoDir(t testing.TB) string {
	t.Helper()
	return filepath.Join(RepoRoot(t), "examples", "demo")
}

// BuildProvider compiles the provider into a temporary directory, removed
// when t ends, and returns that directory. The Go build cache makes repeated
// builds cheap.
func BuildProvider(t testing.TB) string {
	t.Helper()
	return buildProvider(t, ".")
}

// buildProvider compiles the package at pkg (relative to the repository
// root) as terraform-provider-nhi.
func buildProvider(t testing.TB, pkg string) string {
	t.Helper()
	Terraform(t) // skip or fail before spending a build
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	dir := t.TempDir()
	cmd := exec.Command(goBin, "build", "-o", filepath.Join(dir, "terraform-provider-nhi"), pkg)
	cmd.Dir = RepoRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	return dir
}

// CLIConfig writes a Terraform CLI configuration that takes nhiguard/nhi from
// providerDir and every other provider from its registry, and returns its path.
func CLIConfig(t testing.TB, providerDir string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "terraformrc")
	config := fmt.Sprintf(`provider_installation {
  dev_overrides {
    %q = %q
  }
  direct {}
}
`, ProviderSource, providerDir)
	if err := os.WriteFile(path, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Workspace runs Terraform against one provider build. Its commands keep
// Terraform's own files (the data directory) out of the configuration
// directory they run in.
type Workspace struct {
	t         testing.TB
	terraform string
	env       []string
}

// NewWorkspace builds the provider and prepares a CLI configuration for it.
func NewWorkspace(t testing.TB) *Workspace {
	t.Helper()
	return NewWorkspaceFor(t, ".")
}

// NewWorkspaceFor is NewWorkspace with the provider built from the package
// at pkg, relative to the repository root (another provider serving
// nhiguard/nhi, such as a benchmark's baseline).
func NewWorkspaceFor(t testing.TB, pkg string) *Workspace {
	t.Helper()
	terraform := Terraform(t)
	cliConfig := CLIConfig(t, buildProvider(t, pkg))
	env := []string{
		"TF_CLI_CONFIG_FILE=" + cliConfig,
		"TF_DATA_DIR=" + filepath.Join(t.TempDir(), "data"),
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"CHECKPOINT_DISABLE=1",
	}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "TF_CLI_CONFIG_FILE", "TF_DATA_DIR", "TF_IN_AUTOMATION", "TF_INPUT", "CHECKPOINT_DISABLE", "TF_LOG", "TF_WORKSPACE":
		default:
			env = append(env, kv)
		}
	}
	return &Workspace{t: t, terraform: terraform, env: env}
}

// Env returns the environment the workspace runs terraform with: the CLI
// configuration that selects the built provider, and a private data
// directory. A program that runs `terraform show` on a plan from PlanFile
// (such as the checker given a binary plan) needs it too.
func (w *Workspace) Env() []string {
	return slices.Clone(w.env)
}

// Run runs terraform with args in dir and returns its standard output. A
// non-zero exit fails the test with both output streams.
func (w *Workspace) Run(dir string, args ...string) []byte {
	w.t.Helper()
	stdout, stderr, err := w.RunResult(dir, args...)
	if err != nil {
		w.t.Fatalf("terraform %s in %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), dir, err, stdout, stderr)
	}
	return stdout
}

// RunResult runs terraform with args in dir and returns both output streams
// and the error, for tests that expect a failure.
func (w *Workspace) RunResult(dir string, args ...string) (stdout, stderr []byte, err error) {
	w.t.Helper()
	var out, errOut bytes.Buffer
	cmd := exec.Command(w.terraform, append([]string{"-chdir=" + dir}, args...)...)
	cmd.Env = w.env
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.Bytes(), errOut.Bytes(), err
}

// PlanFile plans the configuration in dir without locking or writing state
// and returns the path of the binary plan file, in a temporary directory.
// planArgs are added to `terraform plan`, such as "-var=name=value".
func (w *Workspace) PlanFile(dir string, planArgs ...string) string {
	w.t.Helper()
	plan := filepath.Join(w.t.TempDir(), "tfplan")
	args := append([]string{"plan", "-input=false", "-lock=false", "-no-color", "-out=" + plan}, planArgs...)
	w.Run(dir, args...)
	return plan
}

// ShowJSON returns `terraform show -json` of a plan file made in dir.
func (w *Workspace) ShowJSON(dir, planFile string) []byte {
	w.t.Helper()
	return w.Run(dir, "show", "-json", planFile)
}

// PlanFile builds the provider, plans dir and returns the binary plan's path.
func PlanFile(t testing.TB, dir string, planArgs ...string) string {
	t.Helper()
	return NewWorkspace(t).PlanFile(dir, planArgs...)
}

// PlanJSON builds the provider, plans dir and returns the plan as
// `terraform show -json` prints it.
func PlanJSON(t testing.TB, dir string, planArgs ...string) []byte {
	t.Helper()
	w := NewWorkspace(t)
	return w.ShowJSON(dir, w.PlanFile(dir, planArgs...))
}

// ConfigDir writes a configuration that requires the nhi provider, with
// body (resource blocks) after the terraform block, to a new directory
// and returns the directory.
func ConfigDir(t testing.TB, body string) string {
	t.Helper()
	dir := t.TempDir()
	config := `terraform {
  required_providers {
    nhi = { source = "nhiguard/nhi" }
  }
}
` + body
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}
