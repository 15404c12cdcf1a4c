package source

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
)

// Tree is a loaded configuration: the root module and every module reachable
// from it through followed module calls.
type Tree struct {
	// Dir is the absolute directory given to Load.
	Dir string
	// Root is the root module (Path nil, Dir ".").
	Root *Module

	modules map[string]*Module // by strings.Join(Path, ".")
	files   *fileReader
}

// Module is one module in the tree. Two calls of the same directory share the
// resource, variable, local and output declarations (they are read once) but
// have their own Module value and their own ModuleCalls.
type Module struct {
	// Path is the module call path without instance keys; nil for the root.
	Path []string
	// Dir is the module directory relative to Tree.Dir, slash-separated; "." for the root.
	Dir string
	// Call is the call in the parent module that instantiates this module; nil for the root.
	Call *ModuleCall
	// Files are the configuration files read, relative to Tree.Dir, sorted.
	Files []string
	// IgnoredFiles are override files present in Dir that were not merged.
	IgnoredFiles []string

	// Resources holds managed resources by "type.name" and data sources by "data.type.name".
	Resources   map[string]*Resource
	ModuleCalls map[string]*ModuleCall
	Variables   map[string]*Variable
	Locals      map[string]*Attribute
	Outputs     map[string]*Output
	// Providers holds provider blocks by name, and alias: aws, aws.west.
	Providers map[string]*Provider
}

// Address renders the module path as `module.a.module.b` ("" for the root).
func (m *Module) Address() string {
	var b strings.Builder
	for i, name := range m.Path {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString("module.")
		b.WriteString(name)
	}
	return b.String()
}

// SortedResources returns the module's resources in source order (file, then offset).
func (m *Module) SortedResources() []*Resource {
	out := make([]*Resource, 0, len(m.Resources))
	for _, r := range m.Resources {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *Resource) int {
		return cmp.Or(cmp.Compare(a.Range.Filename, b.Range.Filename), cmp.Compare(a.Range.Start.Byte, b.Range.Start.Byte))
	})
	return out
}

// Modules returns every module of the tree, ordered by path (root first).
func (t *Tree) Modules() []*Module {
	out := make([]*Module, 0, len(t.modules))
	for _, m := range t.modules {
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b *Module) int { return slices.Compare(a.Path, b.Path) })
	return out
}

// Module returns the module at the given call path (nil or empty for the root),
// or nil when the tree holds no such module.
func (t *Tree) Module(path ...string) *Module {
	return t.modules[strings.Join(path, ".")]
}

// Mode tells managed resources from data sources.
type Mode uint8

const (
	Managed Mode = iota // a `resource` block
	Data                // a `data` block
)

// Body holds the arguments and nested blocks of a block.
type Body struct {
	// Attributes by name. Meta-arguments that have their own field (count,
	// for_each, provider, depends_on, and lifecycle blocks) are not repeated here.
	Attributes map[string]*Attribute
	// Blocks are the nested blocks in source order (`dynamic` blocks included,
	// with Type "dynamic" and the generated block type as their label).
	Blocks []*Block
}

// BlocksOfType returns the nested blocks of one type, in source order.
func (b *Body) BlocksOfType(typ string) []*Block {
	var out []*Block
	for _, blk := range b.Blocks {
		if blk.Type == typ {
			out = append(out, blk)
		}
	}
	return out
}

// Block is a nested block such as `statement`, `condition` or `rule`.
type Block struct {
	Type   string
	Labels []string
	// Range covers the whole block, header to closing brace.
	Range hcl.Range
	// DefRange covers the header: the type and labels.
	DefRange hcl.Range
	Body
}

// Resource is a `resource` or `data` block.
type Resource struct {
	Mode Mode
	Type string
	Name string
	// Address is "type.name" or "data.type.name", relative to its module.
	Address string
	// Range covers the whole block; DefRange its header (`resource "t" "n"`).
	Range    hcl.Range
	DefRange hcl.Range

	// Count and ForEach are nil when the meta-argument is absent.
	Count   *Attribute
	ForEach *Attribute
	// Provider is the provider configuration reference as written ("aws.west"), or "".
	Provider  string
	DependsOn []Reference
	Lifecycle Lifecycle
	Body
}

// Lifecycle holds the facts of a resource's `lifecycle` block.
type Lifecycle struct {
	// Declared reports whether the block is present; Range is its extent then.
	Declared bool
	Range    hcl.Range
	// CreateBeforeDestroy and PreventDestroy are nil when unset or not a literal bool.
	CreateBeforeDestroy *bool
	PreventDestroy      *bool
	// IgnoreChanges lists the attribute paths as normalised references
	// ("tags", `tags["owner"]`); IgnoreAllChanges is set for `ignore_changes = all`.
	IgnoreChanges    []string
	IgnoreAllChanges bool
	// ReplaceTriggeredBy lists each entry of replace_triggered_by in order.
	ReplaceTriggeredBy []Trigger
}

// Trigger is one entry of replace_triggered_by.
type Trigger struct {
	// Ref is the normalised reference, e.g. "time_rotating.uploader_key",
	// "nhi_identity.svc.rotation_trigger" or "aws_iam_user.x[each.key]".
	Ref       string
	Reference Reference
	// Traversal is the raw traversal when the entry is static (literal keys only);
	// nil when it indexes with an expression such as each.key.
	Traversal hcl.Traversal
	Expr      hcl.Expression
	Range     hcl.Range
}

// Attribute is one `name = expression` argument.
type Attribute struct {
	Name string
	Expr hcl.Expression
	// Range covers the whole argument; Expr.Range() covers the expression only.
	Range hcl.Range

	iterators []string // names bound by enclosing dynamic blocks; not references
	refsOnce  sync.Once
	refs      []Reference
}

// References returns the references the attribute's expression makes, computed
// once. See the package function References.
func (a *Attribute) References() []Reference {
	a.refsOnce.Do(func() {
		a.refs = References(a.Expr)
		if len(a.iterators) > 0 {
			a.refs = slices.DeleteFunc(a.refs, func(r Reference) bool {
				return slices.Contains(a.iterators, r.root())
			})
		}
	})
	return a.refs
}

// ModuleCall is a `module` block.
type ModuleCall struct {
	Name    string
	Source  string
	Version string
	// Range covers the whole block; DefRange its header.
	Range    hcl.Range
	DefRange hcl.Range

	// Count and ForEach are nil when the meta-argument is absent.
	Count   *Attribute
	ForEach *Attribute
	// Args are the input variables passed, by name (meta-arguments excluded).
	Args      map[string]*Attribute
	DependsOn []Reference

	// Dir is the module directory relative to Tree.Dir, slash-separated, when followed.
	Dir string
	// Module is the called module; nil when not followed.
	Module *Module
	// NotFollowed says why the call was not followed ("" when it was).
	NotFollowed string
}

// Variable is a `variable` block.
type Variable struct {
	Name     string
	Range    hcl.Range
	DefRange hcl.Range
	// Default is nil when the variable has no default (it is then required).
	Default *Attribute
	// Type is nil when no type constraint is given.
	Type      *Attribute
	Sensitive bool
	// Nullable is nil when unset (Terraform's default is true).
	Nullable *bool
}

// Output is an `output` block.
// Provider is a provider block, kept to locate findings on its arguments.
type Provider struct {
	Name, Alias     string
	Range, DefRange hcl.Range
	Body            Body
}

// Key is the provider configuration's name, and its alias when it has
// one: aws, aws.west.
func (p *Provider) Key() string {
	if p.Alias == "" {
		return p.Name
	}
	return p.Name + "." + p.Alias
}

type Output struct {
	Name      string
	Range     hcl.Range
	DefRange  hcl.Range
	Value     *Attribute
	Sensitive bool
	DependsOn []Reference
}
