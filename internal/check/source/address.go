package source

import (
	"fmt"
	"math/big"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// ModuleStep is one `module.name[key]` step of an address.
type ModuleStep struct {
	Name string
	// Key is the instance key: a string (for_each), a number (count), or
	// cty.NilVal when the address has none.
	Key cty.Value
}

// Address is a parsed absolute address of a module instance or resource
// instance, as plans write them.
type Address struct {
	Module []ModuleStep
	// Resource is "type.name" or "data.type.name"; "" for a module address.
	Resource string
	// Key is the resource's instance key, or cty.NilVal.
	Key cty.Value
}

// ModulePath returns the module call path without keys (the Tree.Module key).
func (a Address) ModulePath() []string {
	out := make([]string, len(a.Module))
	for i, s := range a.Module {
		out[i] = s.Name
	}
	return out
}

// ParseAddress parses `module.a["k"].module.b[0].aws_iam_user.x["y"]`, a module
// address (`module.a["k"]`), or "" (the root module). Keys are HCL literals, so
// they may hold dots, brackets and escaped quotes.
func ParseAddress(s string) (Address, error) {
	if s == "" {
		return Address{}, nil
	}
	trav, diags := hclsyntax.ParseTraversalAbs([]byte(s), "", hcl.InitialPos)
	if diags.HasErrors() {
		return Address{}, fmt.Errorf("invalid address %q: %s", s, diags.Errs()[0].(*hcl.Diagnostic).Summary)
	}
	names := make([]string, 0, len(trav))
	keys := make([]cty.Value, 0, len(trav))
	for _, t := range trav {
		switch t := t.(type) {
		case hcl.TraverseRoot:
			names, keys = append(names, t.Name), append(keys, cty.NilVal)
		case hcl.TraverseAttr:
			names, keys = append(names, t.Name), append(keys, cty.NilVal)
		case hcl.TraverseIndex:
			if len(keys) == 0 || keys[len(keys)-1] != cty.NilVal {
				return Address{}, fmt.Errorf("invalid address %q: misplaced index", s)
			}
			k, err := instanceKey(t.Key)
			if err != nil {
				return Address{}, fmt.Errorf("invalid address %q: %v", s, err)
			}
			keys[len(keys)-1] = k
		default:
			return Address{}, fmt.Errorf("invalid address %q", s)
		}
	}
	for _, n := range names {
		// The traversal parser recovers from some malformed input (a stray
		// byte after a dot) by returning a name that is no identifier.
		if !utf8.ValidString(n) || !hclsyntax.ValidIdentifier(n) {
			return Address{}, fmt.Errorf("invalid address %q: %q is not a valid name", s, n)
		}
	}
	// Indexes attach to the name before them; names carry NilVal otherwise.
	var a Address
	i := 0
	for i+1 < len(names) && names[i] == "module" && keys[i] == cty.NilVal {
		a.Module = append(a.Module, ModuleStep{Name: names[i+1], Key: keys[i+1]})
		i += 2
	}
	rest, restKeys := names[i:], keys[i:]
	badKey := func(upto int) bool {
		for _, k := range restKeys[:upto] {
			if k != cty.NilVal {
				return true
			}
		}
		return false
	}
	switch {
	case len(rest) == 0:
		return a, nil
	case len(rest) == 3 && rest[0] == "data" && !badKey(2):
		a.Resource, a.Key = "data."+rest[1]+"."+rest[2], restKeys[2]
	case len(rest) == 2 && rest[0] != "data" && rest[0] != "module" && !badKey(1):
		a.Resource, a.Key = rest[0]+"."+rest[1], restKeys[1]
	default:
		return Address{}, fmt.Errorf("invalid address %q: expected module.NAME[KEY] steps then [data.]TYPE.NAME[KEY]", s)
	}
	return a, nil
}

func instanceKey(v cty.Value) (cty.Value, error) {
	switch {
	case v.Type() == cty.String:
		return v, nil
	case v.Type() == cty.Number:
		if i, acc := v.AsBigFloat().Int64(); acc == big.Exact && i >= 0 {
			return cty.NumberIntVal(i), nil
		}
	}
	return cty.NilVal, fmt.Errorf("instance key must be a string or a non-negative integer")
}

// ModuleFor returns the module of a module instance address such as
// `module.service_user["billing"].module.x[0]` (instance keys are ignored; ""
// is the root).
func (t *Tree) ModuleFor(moduleAddress string) (*Module, error) {
	a, err := ParseAddress(moduleAddress)
	if err != nil {
		return nil, err
	}
	if a.Resource != "" {
		return nil, fmt.Errorf("%q is a resource address, not a module address", moduleAddress)
	}
	m := t.Module(a.ModulePath()...)
	if m == nil {
		return nil, fmt.Errorf("no module %s in the configuration (or its call was not followed)", a.modulePathString())
	}
	return m, nil
}

// ResourceFor returns the module and resource block of a resource instance
// address such as `module.m["k"].aws_iam_user.this[0]` (keys are ignored).
func (t *Tree) ResourceFor(address string) (*Module, *Resource, error) {
	a, err := ParseAddress(address)
	if err != nil {
		return nil, nil, err
	}
	if a.Resource == "" {
		return nil, nil, fmt.Errorf("%q is a module address, not a resource address", address)
	}
	m := t.Module(a.ModulePath()...)
	if m == nil {
		return nil, nil, fmt.Errorf("no module %s in the configuration (or its call was not followed)", a.modulePathString())
	}
	r := m.Resources[a.Resource]
	if r == nil {
		return m, nil, fmt.Errorf("no %s in module %s", a.Resource, a.modulePathString())
	}
	return m, r, nil
}

func (a Address) modulePathString() string {
	if len(a.Module) == 0 {
		return "(root)"
	}
	m := &Module{Path: a.ModulePath()}
	return m.Address()
}
