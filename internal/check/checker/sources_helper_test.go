package checker_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/checktest"
)

// planWithSources writes a configuration (tf) and a synthetic plan of rs
// into a fresh directory: the plan's path, and the sources read from it.
func planWithSources(t *testing.T, tf string, rs []checktest.Res) (string, checker.Sources) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(tf), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "plan.json")
	if err := os.WriteFile(path, checktest.JSON(t, rs, nil), 0o600); err != nil {
		t.Fatal(err)
	}
	src, err := checker.LoadSources(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	return path, src
}
