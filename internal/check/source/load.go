package source

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

const (
	// maxModuleDepth and maxModules stop pathological trees: a module that calls
	// the same child twice per level doubles the tree at every level.
	maxModuleDepth = 64
	maxModules     = 10000
	// maxParseErrors bounds the ParseError message; the Diagnostics keep them all.
	maxParseErrors = 20
	manifestPath   = ".terraform/modules/modules.json"
)

// ParseError reports configuration files that could not be parsed or decoded.
// Each diagnostic's Subject names the file (relative to the root directory) and
// the position.
type ParseError struct {
	Diagnostics hcl.Diagnostics
}

func (e *ParseError) Error() string {
	var lines []string
	for _, d := range e.Diagnostics {
		if d.Severity != hcl.DiagError {
			continue
		}
		if len(lines) == maxParseErrors {
			lines = append(lines, fmt.Sprintf("... and %d more", len(e.Diagnostics.Errs())-maxParseErrors))
			break
		}
		where := "?"
		if d.Subject != nil {
			where = d.Subject.String()
		}
		msg := where + ": " + d.Summary
		if d.Detail != "" {
			msg += "; " + d.Detail
		}
		lines = append(lines, msg)
	}
	return "parsing Terraform configuration: " + strings.Join(lines, "\n")
}

// Load reads the configuration in dir and every module it calls that can be
// followed (see the package documentation for what is followed). It never reads
// outside dir.
func Load(dir string) (*Tree, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("source directory %q: %w", dir, err)
	}
	root, err := os.OpenRoot(abs)
	if err != nil {
		return nil, fmt.Errorf("source directory: %w", err)
	}
	defer root.Close()

	l := &loader{
		root:   root,
		parsed: map[string]*dirConfig{},
		tree:   &Tree{Dir: abs, modules: map[string]*Module{}, files: &fileReader{dir: abs}},
	}
	l.manifest, err = readManifest(root)
	if err != nil {
		return nil, err
	}
	l.tree.Root = l.loadModule(nil, ".", nil, nil)
	if l.diags.HasErrors() {
		return nil, &ParseError{Diagnostics: l.diags}
	}
	return l.tree, nil
}

type loader struct {
	root     *os.Root
	manifest map[string]string // module key ("a.b") -> directory relative to root
	parsed   map[string]*dirConfig
	tree     *Tree
	diags    hcl.Diagnostics
}

// dirConfig is what one directory declares; shared by every call of the directory.
type dirConfig struct {
	files, ignored []string
	resources      map[string]*Resource
	calls          map[string]*ModuleCall // templates: copied per instantiation
	variables      map[string]*Variable
	locals         map[string]*Attribute
	outputs        map[string]*Output
}

func (l *loader) loadModule(modPath []string, dir string, call *ModuleCall, ancestors []string) *Module {
	cfg := l.parseDir(dir)
	m := &Module{
		Path: modPath, Dir: dir, Call: call,
		Files: cfg.files, IgnoredFiles: cfg.ignored,
		Resources: cfg.resources, Variables: cfg.variables, Locals: cfg.locals, Outputs: cfg.outputs,
		ModuleCalls: make(map[string]*ModuleCall, len(cfg.calls)),
	}
	l.tree.modules[strings.Join(modPath, ".")] = m

	names := make([]string, 0, len(cfg.calls))
	for name := range cfg.calls {
		names = append(names, name)
	}
	slices.Sort(names)
	chain := append(slices.Clip(ancestors), dir)
	for _, name := range names {
		c := *cfg.calls[name]
		childPath := append(slices.Clip(modPath), name)
		childDir, reason := l.resolve(childPath, dir, c.Source)
		switch {
		case reason != "":
		case slices.Contains(chain, childDir):
			reason = fmt.Sprintf("module cycle: %s is already an enclosing module", childDir)
		case len(childPath) > maxModuleDepth:
			reason = fmt.Sprintf("module nesting deeper than %d", maxModuleDepth)
		case len(l.tree.modules) >= maxModules:
			reason = fmt.Sprintf("more than %d modules", maxModules)
		}
		if reason != "" {
			c.NotFollowed = reason
		} else {
			c.Dir = childDir
			c.Module = l.loadModule(childPath, childDir, &c, chain)
		}
		m.ModuleCalls[name] = &c
	}
	return m
}

// resolve finds the directory of a module call, or says why it cannot be followed.
func (l *loader) resolve(childPath []string, parentDir, source string) (dir, reason string) {
	if source == "" {
		return "", "no literal source"
	}
	if isLocalSource(source) {
		dir = path.Join(parentDir, filepath.ToSlash(strings.ReplaceAll(source, `\`, "/")))
	} else {
		d, ok := l.manifest[strings.Join(childPath, ".")]
		if !ok {
			return "", fmt.Sprintf("remote source %q is not installed (no entry in %s)", source, manifestPath)
		}
		if path.IsAbs(d) || filepath.IsAbs(d) {
			return "", fmt.Sprintf("installed directory %q is outside the root directory", d)
		}
		dir = path.Clean(d)
	}
	if dir == ".." || strings.HasPrefix(dir, "../") {
		return "", fmt.Sprintf("directory %q is outside the root directory", dir)
	}
	info, err := l.root.Stat(filepath.FromSlash(dir))
	if err != nil {
		return "", fmt.Sprintf("directory %q cannot be read: %v", dir, err)
	}
	if !info.IsDir() {
		return "", fmt.Sprintf("%q is not a directory", dir)
	}
	return dir, ""
}

// isLocalSource follows Terraform: only ./ and ../ prefixes denote local paths.
func isLocalSource(s string) bool {
	for _, p := range []string{"./", "../", `.\`, `..\`} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// readManifest reads .terraform/modules/modules.json; a missing file is no error.
func readManifest(root *os.Root) (map[string]string, error) {
	src, err := root.ReadFile(filepath.FromSlash(manifestPath))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", manifestPath, err)
	}
	var doc struct {
		Modules []struct {
			Key string `json:"Key"`
			Dir string `json:"Dir"`
		} `json:"Modules"`
	}
	if err := json.Unmarshal(src, &doc); err != nil {
		return nil, fmt.Errorf("reading %s: %w", manifestPath, err)
	}
	out := make(map[string]string, len(doc.Modules))
	for _, m := range doc.Modules {
		out[m.Key] = strings.ReplaceAll(m.Dir, `\`, "/")
	}
	return out, nil
}

// configFileKind classifies a directory entry name: "" when it is not read.
func configFileKind(name string) (kind string, override bool) {
	if strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		(strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#")) {
		return "", false
	}
	var stem string
	switch {
	case strings.HasSuffix(name, ".tf.json"):
		kind, stem = "json", strings.TrimSuffix(name, ".tf.json")
	case strings.HasSuffix(name, ".tf"):
		kind, stem = "hcl", strings.TrimSuffix(name, ".tf")
	default:
		return "", false
	}
	return kind, stem == "override" || strings.HasSuffix(stem, "_override")
}

func (l *loader) parseDir(dir string) *dirConfig {
	if cfg, ok := l.parsed[dir]; ok {
		return cfg
	}
	cfg := &dirConfig{
		resources: map[string]*Resource{},
		calls:     map[string]*ModuleCall{},
		variables: map[string]*Variable{},
		locals:    map[string]*Attribute{},
		outputs:   map[string]*Output{},
	}
	l.parsed[dir] = cfg

	entries, err := fs.ReadDir(l.root.FS(), dir)
	if err != nil {
		l.diags = append(l.diags, &hcl.Diagnostic{
			Severity: hcl.DiagError, Summary: "Unreadable module directory",
			Detail: err.Error(), Subject: &hcl.Range{Filename: dir},
		})
		return cfg
	}
	d := &decoder{cfg: cfg, declared: map[string]hcl.Range{}}
	for _, e := range entries {
		kind, override := configFileKind(e.Name())
		if kind == "" || e.IsDir() {
			continue
		}
		rel := path.Join(dir, e.Name())
		if override {
			cfg.ignored = append(cfg.ignored, rel)
			continue
		}
		src, err := l.root.ReadFile(filepath.FromSlash(rel))
		if err != nil {
			if info, serr := l.root.Stat(filepath.FromSlash(rel)); serr == nil && info.IsDir() {
				continue // a directory named like a config file
			}
			l.diags = append(l.diags, &hcl.Diagnostic{
				Severity: hcl.DiagError, Summary: "Unreadable configuration file",
				Detail: err.Error(), Subject: &hcl.Range{Filename: rel},
			})
			continue
		}
		cfg.files = append(cfg.files, rel)
		l.diags = append(l.diags, d.decodeFile(rel, kind, src)...)
	}
	return cfg
}
