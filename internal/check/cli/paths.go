package cli

import (
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report/formatter"
)

// repoOptions works out the repository-relative paths the formats that
// point into a repository need (SARIF for code scanning, GitHub
// annotations, GitLab Code Quality, JUnit, markdown):
//
//   - SourceRoot, prefixed to each location (which is relative to the
//     source directory): --source-root when given ("." for none), else the
//     source directory's path inside the nearest enclosing git work tree
//     (a directory holding .git), else none.
//   - PlanURI, where findings without a source location are anchored: the
//     plan's path inside its git work tree, else its file name.
func repoOptions(f *checkFlags, planArg string, env Env) formatter.Options {
	var o formatter.Options
	srcDir := f.sourceDir
	if srcDir == "" && env.Dir != "" && checker.HasTerraformFiles(env.Dir) {
		srcDir = env.Dir
	}
	switch {
	case f.sourceRoot != "":
		o.SourceRoot = cleanRoot(f.sourceRoot)
	case srcDir != "":
		if root := gitRoot(srcDir); root != "" {
			o.SourceRoot = relTo(root, srcDir)
		}
	}
	o.PlanURI = "plan.json"
	// A pipe (<(terraform show -json tfplan), /dev/fd/63) names no file.
	if p := env.path(planArg); planArg != "" && planArg != "-" && isRegularFile(p) {
		o.PlanURI = filepath.Base(p)
		if root := gitRoot(filepath.Dir(p)); root != "" {
			if rel := relTo(root, p); rel != "" && rel != "." {
				o.PlanURI = rel
			}
		}
	}
	return o
}

// cleanRoot makes a --source-root value a clean slash path ("" for ".").
func cleanRoot(s string) string {
	s = path.Clean(strings.ReplaceAll(s, "\\", "/"))
	s = strings.TrimPrefix(s, "./")
	if s == "." || s == "/" {
		return ""
	}
	return strings.TrimPrefix(s, "/")
}

// gitRoot is the nearest directory at or above dir holding .git (a
// directory, or a file in worktrees and submodules); "" when none.
func gitRoot(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	for d := abs; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// relTo is p relative to root, slash-separated; "" when p is root or
// outside it.
func relTo(root, p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return ""
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == "." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || rel == ".." {
		return ""
	}
	return filepath.ToSlash(rel)
}

// isRegularFile reports whether path names a regular file.
func isRegularFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}
