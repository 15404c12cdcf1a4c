package checker

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/source"
)

// SourceError is a problem reading the .tf sources: exit code 2.
type SourceError struct{ Msg string }

func (e *SourceError) Error() string { return e.Msg }

// HasTerraformFiles reports whether dir holds .tf or .tf.json files.
func HasTerraformFiles(dir string) bool {
	for _, pat := range []string{"*.tf", "*.tf.json"} {
		if m, _ := filepath.Glob(filepath.Join(dir, pat)); len(m) > 0 {
			return true
		}
	}
	return false
}

// LoadSources reads the .tf sources of a configuration directory, with the
// modules Terraform installed in its data directory (dataDir, TF_DATA_DIR:
// "" for .terraform); it returns nil (no sources) when the directory holds
// no Terraform files.
func LoadSources(dir, dataDir string) (Sources, error) {
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return nil, &SourceError{Msg: fmt.Sprintf("source directory %q does not exist", dir)}
	}
	if !HasTerraformFiles(dir) {
		return nil, nil
	}
	t, err := source.LoadWithDataDir(dir, dataDir)
	if err != nil {
		return nil, &SourceError{Msg: "reading .tf sources: " + firstLine(err.Error())}
	}
	return &tfSources{tree: t, eval: t.Evaluator(nil)}, nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// tfSources adapts a source.Tree to what the pipeline asks of sources.
type tfSources struct {
	tree *source.Tree
	eval *source.Evaluator
}

func (s *tfSources) resource(modulePath []string, configAddress string) *source.Resource {
	m := s.tree.Module(modulePath...)
	if m == nil {
		return nil
	}
	return m.Resources[configAddress]
}

// ReplaceTriggeredBy implements graph.Sources.
func (s *tfSources) ReplaceTriggeredBy(modulePath []string, configAddress string) ([]string, bool) {
	r := s.resource(modulePath, configAddress)
	if r == nil {
		return nil, false
	}
	var out []string
	for _, t := range r.Lifecycle.ReplaceTriggeredBy {
		out = append(out, planRefs(t.Reference)...)
	}
	return out, true
}

// ProvisionerCommands implements graph.Sources: the text of each
// creation-time provisioner's command (local-exec command, remote-exec
// inline), with interpolations elided.
func (s *tfSources) ProvisionerCommands(modulePath []string, configAddress string) ([]string, bool) {
	r := s.resource(modulePath, configAddress)
	if r == nil {
		return nil, false
	}
	var out []string
	for _, b := range r.BlocksOfType("provisioner") {
		if w := b.Attributes["when"]; w != nil {
			if t, diags := hcl.AbsTraversalForExpr(w.Expr); !diags.HasErrors() && t.RootName() == "destroy" {
				continue // runs when the resource is destroyed, not made
			}
		}
		for _, name := range kb.ProvisionerCommandArgs {
			if a := b.Attributes[name]; a != nil {
				if text, ok := source.Text(a.Expr); ok {
					out = append(out, text)
				}
			}
		}
	}
	return out, true
}

// LocalRefs implements plan.LocalResolver.
func (s *tfSources) LocalRefs(modulePath []string, name string) ([]string, bool) {
	m := s.tree.Module(modulePath...)
	if m == nil {
		return nil, false
	}
	a := m.Locals[name]
	if a == nil {
		return nil, false
	}
	var out []string
	for _, r := range a.References() {
		out = append(out, planRefs(r)...)
	}
	return out, true
}

// planRefs writes a source reference the way plan JSON writes references:
// literal keys stay in brackets; a dynamic key (each.key, count.index) is
// dropped from the reference and listed separately, which the plan index
// then resolves to the same instance.
func planRefs(r source.Reference) []string {
	path := r.PathString()
	switch r.Key.Kind {
	case source.KeyString:
		return []string{r.Subject + "[" + strconv.Quote(r.Key.String) + "]" + path}
	case source.KeyInt:
		return []string{r.Subject + "[" + strconv.FormatInt(r.Key.Int, 10) + "]" + path}
	case source.KeyEach:
		return []string{r.Subject + path, "each.key"}
	case source.KeyCount:
		return []string{r.Subject + path, "count.index"}
	case source.KeyNone:
		return []string{r.Subject + path}
	}
	return []string{r.Subject}
}

// Locate implements Sources.
func (s *tfSources) Locate(modulePath []string, configAddress, attribute string) *report.Location {
	m := s.tree.Module(modulePath...)
	if m == nil {
		return nil
	}
	if name, ok := strings.CutPrefix(configAddress, "output."); ok {
		if o := m.Outputs[name]; o != nil {
			if attribute != "" && o.Value != nil {
				return location(o.Value.Range)
			}
			return span(o.DefRange, o.Range)
		}
		return nil
	}
	if key, ok := strings.CutPrefix(configAddress, "provider."); ok {
		if p := m.Providers[key]; p != nil {
			return locateIn(&p.Body, p.DefRange, p.Range, attribute)
		}
		return nil
	}
	r := m.Resources[configAddress]
	if r == nil {
		return nil
	}
	return locateIn(&r.Body, r.DefRange, r.Range, attribute)
}

// locateIn locates a block (head to end), or the argument or nested
// blocks an attribute path starts with in its body.
func locateIn(body *source.Body, head, whole hcl.Range, attribute string) *report.Location {
	if attribute == "" {
		return span(head, whole)
	}
	top, _, _ := strings.Cut(attribute, ".")
	if a := body.Attributes[top]; a != nil {
		return location(a.Range)
	}
	if bs := body.BlocksOfType(top); len(bs) > 0 {
		return span(bs[0].DefRange, bs[len(bs)-1].Range)
	}
	return nil
}

func location(r hcl.Range) *report.Location {
	return &report.Location{File: r.Filename, Line: r.Start.Line, Column: r.Start.Column, EndLine: r.End.Line, EndColumn: r.End.Column}
}

// span starts at a block's header and ends with the block.
func span(head, whole hcl.Range) *report.Location {
	l := location(head)
	l.EndLine, l.EndColumn = whole.End.Line, whole.End.Column
	return l
}

// OffsetFromPlanTime reads an attribute written timeadd(timestamp(), "...")
// in the resource's block: its planned value is known after apply, the
// offset from the run is not.
func (s *tfSources) OffsetFromPlanTime(r *plan.Resource, attribute string) (time.Duration, bool) {
	_, res, _, err := s.eval.Resolve(r.Address)
	if err != nil || res == nil {
		return 0, false
	}
	a := res.Attributes[attribute]
	if a == nil {
		return 0, false
	}
	return source.OffsetFromPlanTime(a.Expr)
}

// Document evaluates a resource attribute that holds a document (a policy)
// from configuration, with unknown leaves as value.Unknown: used where the
// planned value is unknown.
func (s *tfSources) Document(r *plan.Resource, attribute string) (any, bool) {
	ev, res, inst, err := s.eval.Resolve(r.Address)
	if err != nil || res == nil {
		return nil, false
	}
	a := res.Attributes[attribute]
	if a == nil {
		return nil, false
	}
	doc, err := ev.Document(a, inst)
	if err != nil && doc == nil {
		return nil, false
	}
	return doc, true
}
