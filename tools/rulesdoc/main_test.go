package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/rules"
)

const docs = "../../docs/rules"

// The committed pages are what the registry renders today.
func TestRulePagesAreCurrent(t *testing.T) {
	t.Parallel()
	pages := Render()
	for name, want := range pages {
		got, err := os.ReadFile(filepath.Join(docs, name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("docs/rules/%s is stale or missing: run `make generate` (or go run ./tools/rulesdoc) and commit it", name)
		}
	}
	files, _ := filepath.Glob(filepath.Join(docs, "*.md"))
	for _, f := range files {
		if _, ok := pages[filepath.Base(f)]; !ok {
			t.Errorf("docs/rules/%s belongs to no rule: run `make generate`", filepath.Base(f))
		}
	}
}

// Each rule's help URL leads to its page, and the page has what explain has.
func TestRulePages(t *testing.T) {
	t.Parallel()
	pages := Render()
	for _, r := range rules.All() {
		name := filepath.Base(r.DocURL())
		p, ok := pages[name]
		if !ok {
			t.Errorf("%s: its help URL %s has no page", r.ID, r.DocURL())
			continue
		}
		for _, want := range []string{"# " + r.ID + ": ", "## Why it matters", "## Fix", "## Bad", "## Good", "## References", r.OWASP[0], r.NIST[0], "nhiguard explain " + r.ID} {
			if !strings.Contains(string(p), want) {
				t.Errorf("%s lacks %q", name, want)
			}
		}
	}
	if n := strings.Count(string(pages["README.md"]), "| [NHI-"); n != len(rules.All()) {
		t.Errorf("the index lists %d rules, want %d", n, len(rules.All()))
	}
}

func TestWriteRemovesStalePages(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "nhi-099.md"), []byte("old"), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.md"), []byte("mine"), 0o644)
	if err := write(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "nhi-099.md")); err == nil {
		t.Error("the page of a removed rule stayed")
	}
	if _, err := os.Stat(filepath.Join(dir, "notes.md")); err != nil {
		t.Error("a file that is not a rule page was removed")
	}
	if _, err := os.Stat(filepath.Join(dir, "nhi-001.md")); err != nil {
		t.Error("no page written")
	}
}
