package source

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
)

const (
	// maxModuleDepth and maxModules stop pathological trees: a module that calls
	// the same child twice per level doubles the tree at every level.
	maxModuleDepth = 64
	maxModules     = 10000
	// maxParseErrors bounds the ParseError message; the Diagnostics keep them all.
	maxParseErrors = 20
	// defaultDataDir is Terraform's data directory unless TF_DATA_DIR
	// says otherwise; its modules/modules.json lists installed modules.
	defaultDataDir = ".terraform"
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
// outside dir. A directory without configuration files loads as an empty root
// module. Files are parsed in parallel (up to GOMAXPROCS); the returned Tree is
// read-only and safe for concurrent use.
func Load(dir string) (*Tree, error) {
	return LoadWithDataDir(dir, "")
}

// LoadWithDataDir is Load for a configuration whose Terraform data
// directory (TF_DATA_DIR) is dataDir, relative to dir unless absolute; ""
// is Terraform's default, .terraform. Its module manifest is read only
// when it lies inside dir.
func LoadWithDataDir(dir, dataDir string) (*Tree, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("source directory %q: %w", dir, err)
	}
	// os.Root refuses any path, symlinks included, that resolves outside abs.
	root, err := os.OpenRoot(abs)
	if err != nil {
		return nil, fmt.Errorf("source directory: %w", err)
	}
	defer root.Close()
	return loadFS(abs, root.FS(), dataDir)
}

// loadFS loads from a file system rooted at the configuration directory; abs
// is that directory's absolute path (for Tree.Dir and file()).
func loadFS(abs string, fsys fs.FS, dataDir string) (*Tree, error) {
	l := &loader{
		fsys:   fsys,
		parsed: map[string]*dirConfig{},
		tree:   &Tree{Dir: abs, modules: map[string]*Module{}, files: &fileReader{dir: abs}},
	}
	l.manifestPath, l.manifestOutside = manifestPath(abs, dataDir)
	if !l.manifestOutside {
		var err error
		if l.manifest, err = readManifest(fsys, l.manifestPath); err != nil {
			return nil, err
		}
	}
	l.tree.Root = l.loadTree()
	if l.diags.HasErrors() {
		return nil, &ParseError{Diagnostics: l.diags}
	}
	return l.tree, nil
}

type loader struct {
	fsys     fs.FS
	manifest map[string]string // module key ("a.b") -> directory relative to root
	// manifestPath is the manifest's path, relative to root unless it is
	// outside root (manifestOutside), where it is not read.
	manifestPath    string
	manifestOutside bool
	parsed          map[string]*dirConfig
	tree            *Tree
	diags           hcl.Diagnostics
}

// dirConfig is what one directory declares; shared by every call of the directory.
type dirConfig struct {
	files, ignored []string
	resources      map[string]*Resource
	calls          map[string]*ModuleCall // templates: copied per instantiation
	variables      map[string]*Variable
	locals         map[string]*Attribute
	outputs        map[string]*Output
	providers      map[string]*Provider
}

// pendingModule is a module whose directory is yet to be parsed.
type pendingModule struct {
	m     *Module
	chain []string // directories of the enclosing modules, for cycle detection
}

// loadTree builds the module tree breadth first, so that the directories of
// each level are parsed in parallel.
func (l *loader) loadTree() *Module {
	root := &Module{Dir: "."}
	l.tree.modules[""] = root
	level := []pendingModule{{m: root}}
	for len(level) > 0 {
		dirs := make([]string, len(level))
		for i, p := range level {
			dirs[i] = p.m.Dir
		}
		l.parseDirs(dirs)
		var next []pendingModule
		for _, p := range level {
			next = append(next, l.fillModule(p)...)
		}
		level = next
	}
	return root
}

// fillModule copies a parsed directory into its Module and creates the
// modules its calls lead to.
func (l *loader) fillModule(p pendingModule) []pendingModule {
	m, cfg := p.m, l.parsed[p.m.Dir]
	m.Files, m.IgnoredFiles = cfg.files, cfg.ignored
	m.Resources, m.Variables, m.Locals, m.Outputs = cfg.resources, cfg.variables, cfg.locals, cfg.outputs
	m.Providers = cfg.providers
	m.ModuleCalls = make(map[string]*ModuleCall, len(cfg.calls))

	chain := append(slices.Clip(p.chain), m.Dir)
	var children []pendingModule
	for _, name := range slices.Sorted(maps.Keys(cfg.calls)) {
		c := *cfg.calls[name]
		childPath := append(slices.Clip(m.Path), name)
		childDir, reason := l.resolve(childPath, m.Dir, c.Source)
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
			c.Module = &Module{Path: childPath, Dir: childDir, Call: &c}
			l.tree.modules[strings.Join(childPath, ".")] = c.Module
			children = append(children, pendingModule{m: c.Module, chain: chain})
		}
		m.ModuleCalls[name] = &c
	}
	return children
}

// resolve finds the directory of a module call, or says why it cannot be followed.
func (l *loader) resolve(childPath []string, parentDir, source string) (dir, reason string) {
	if source == "" {
		return "", "no literal source"
	}
	if isLocalSource(source) {
		dir = path.Join(parentDir, filepath.ToSlash(strings.ReplaceAll(source, `\`, "/")))
	} else {
		if l.manifestOutside {
			return "", fmt.Sprintf("remote source %q is installed under TF_DATA_DIR, outside the root directory (%s)", source, l.manifestPath)
		}
		d, ok := l.manifest[strings.Join(childPath, ".")]
		if !ok {
			return "", fmt.Sprintf("remote source %q is not installed (no entry in %s)", source, l.manifestPath)
		}
		if path.IsAbs(d) || filepath.IsAbs(d) {
			// An absolute TF_DATA_DIR makes Terraform record absolute
			// directories; one inside the root is read as a relative one.
			rel, err := filepath.Rel(l.tree.Dir, filepath.FromSlash(d))
			if err != nil || !filepath.IsLocal(rel) {
				return "", fmt.Sprintf("installed directory %q is outside the root directory", d)
			}
			d = filepath.ToSlash(rel)
		}
		dir = path.Clean(d)
	}
	if dir == ".." || strings.HasPrefix(dir, "../") {
		return "", fmt.Sprintf("directory %q is outside the root directory", dir)
	}
	info, err := fs.Stat(l.fsys, dir)
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

// manifestPath is where the module manifest of the configuration in abs
// is, for a data directory dataDir (TF_DATA_DIR: relative to abs unless
// absolute, "" for .terraform): slash-separated and relative to abs, or
// as given, with outside set, when it lies outside abs.
func manifestPath(abs, dataDir string) (p string, outside bool) {
	if dataDir == "" {
		dataDir = defaultDataDir
	}
	p = filepath.Join(dataDir, "modules", "modules.json")
	rel := p
	if filepath.IsAbs(p) {
		var err error
		if rel, err = filepath.Rel(abs, p); err != nil {
			return p, true
		}
	}
	if !filepath.IsLocal(rel) {
		return p, true
	}
	return filepath.ToSlash(rel), false
}

// readManifest reads the module manifest at name; a missing file is no error.
func readManifest(fsys fs.FS, name string) (map[string]string, error) {
	src, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	var doc struct {
		Modules []struct {
			Key string `json:"Key"`
			Dir string `json:"Dir"`
		} `json:"Modules"`
	}
	if err := json.Unmarshal(src, &doc); err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
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

func newDirConfig() *dirConfig {
	return &dirConfig{
		resources: map[string]*Resource{},
		calls:     map[string]*ModuleCall{},
		variables: map[string]*Variable{},
		locals:    map[string]*Attribute{},
		outputs:   map[string]*Output{},
		providers: map[string]*Provider{},
	}
}

// fileJob is one configuration file: read and parsed in parallel, then decoded
// in order.
type fileJob struct {
	dir, rel, kind string
	src            []byte
	file           *hcl.File
	diags          hcl.Diagnostics
}

// parseDirs reads and decodes the directories not parsed yet. Reading and
// parsing (most of Load's time) run in parallel; decoding runs in file order
// so that duplicate declarations are reported the same way every time.
func (l *loader) parseDirs(dirs []string) {
	var jobs []*fileJob
	for _, dir := range dirs {
		if _, ok := l.parsed[dir]; ok {
			continue
		}
		cfg := newDirConfig()
		l.parsed[dir] = cfg
		entries, err := fs.ReadDir(l.fsys, dir)
		if err != nil {
			l.diags = append(l.diags, &hcl.Diagnostic{
				Severity: hcl.DiagError, Summary: "Unreadable module directory",
				Detail: err.Error(), Subject: &hcl.Range{Filename: dir},
			})
			continue
		}
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
			jobs = append(jobs, &fileJob{dir: dir, rel: rel, kind: kind})
		}
	}
	parallel(len(jobs), func(i int) { jobs[i].parse(l.fsys) })

	decoders := map[string]*decoder{}
	for _, j := range jobs {
		if j.src == nil && j.diags == nil {
			continue // a directory named like a configuration file
		}
		cfg := l.parsed[j.dir]
		cfg.files = append(cfg.files, j.rel)
		l.diags = append(l.diags, j.diags...)
		if j.file == nil || j.diags.HasErrors() {
			continue
		}
		d := decoders[j.dir]
		if d == nil {
			d = &decoder{cfg: cfg, declared: map[string]hcl.Range{}}
			decoders[j.dir] = d
		}
		l.diags = append(l.diags, d.decodeFile(j.file, j.kind, j.src)...)
	}
}

func (j *fileJob) parse(fsys fs.FS) {
	src, err := fs.ReadFile(fsys, j.rel)
	if err != nil {
		if info, serr := fs.Stat(fsys, j.rel); serr == nil && info.IsDir() {
			return
		}
		j.diags = hcl.Diagnostics{{
			Severity: hcl.DiagError, Summary: "Unreadable configuration file",
			Detail: err.Error(), Subject: &hcl.Range{Filename: j.rel},
		}}
		return
	}
	j.src = src
	if j.kind == "json" {
		j.file, j.diags = hcljson.Parse(src, j.rel)
	} else {
		j.file, j.diags = hclsyntax.ParseConfig(src, j.rel, hcl.InitialPos)
	}
}

// parallel runs f(0..n-1) on up to GOMAXPROCS goroutines.
func parallel(n int, f func(int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				f(i)
			}
		})
	}
	wg.Wait()
}
