package plan

import (
	"slices"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// ProviderSecretFunc tells whether a provider argument (path dot-separated
// inside nested blocks) holds a credential; provider is the provider type
// (aws, google).
type ProviderSecretFunc func(provider, path string) bool

// CredentialShapeFunc tells what credential a provider argument's literal
// is ("an AWS secret access key"), or "" when it is not one.
type CredentialShapeFunc func(provider, path, literal string) string

// ProviderCredential is a provider argument written in the configuration
// as a literal credential, directly or through an input variable.
type ProviderCredential struct {
	// Address names the provider configuration: provider.aws,
	// provider.aws.west, module.a.provider.aws.
	Address string
	// Module is the module path of the configuration (nil for the root)
	// and Key its name and alias (aws, aws.west), as written in .tf files.
	Module []string
	Key    string
	// Attr is the argument, dot-separated inside nested blocks; Kind what
	// credential its literal is; Via where the literal is written when
	// not in the provider block ("the default of var.aws_secret_key").
	Attr, Kind, Via string
}

// redactConfig replaces the literals the configuration holds for secret
// attributes of resources and for provider credentials by value.Secret:
// Terraform writes a constant expression's value into the plan even when
// the schema marks it sensitive, so a password typed into main.tf is in
// the plan in clear. So are the literals a secret attribute takes through
// input variables (a module call's argument, a variable's default, the
// plan's value for a root variable), and every variable declared
// sensitive. What stays is that a literal was there, and its keyed hash,
// which tells whether a resource's value is that literal.
func redactConfig(p *Plan, opts Options) {
	cfg := p.Raw.Config
	if cfg == nil {
		return
	}
	if opts.ProviderSecret != nil {
		for _, pc := range cfg.ProviderConfigs {
			if pc == nil {
				continue
			}
			typ := ProviderType(pc)
			eachExpr(pc.Expressions, "", func(path string, e *tfjson.Expression) {
				if !opts.ProviderSecret(typ, path) {
					return
				}
				if opts.CredentialShape != nil {
					providerCredential(p, pc, path, e, opts.CredentialShape)
				}
				redactExpr(e)
			})
		}
		slices.SortFunc(p.ProviderCredentials, func(a, b ProviderCredential) int {
			return strings.Compare(a.Address+" "+a.Attr, b.Address+" "+b.Attr)
		})
	}
	if opts.IsSecret != nil {
		redactModule(p, p.Root, opts.IsSecret, literalShape(opts))
	}
	for name, v := range rootVariables(p) {
		if v != nil && v.Sensitive {
			redactVariable(p, p.Root, name, v)
		}
	}
}

// providerCredential adds to the plan's ProviderCredentials the argument
// path of provider configuration pc when its expression e is a literal in
// the form of a credential, or reads an input variable set by one (a
// variable's default, a module call's argument), which it redacts as well.
func providerCredential(p *Plan, pc *tfjson.ProviderConfig, path string, e *tfjson.Expression, shape CredentialShapeFunc) {
	if e == nil || e.ExpressionData == nil {
		return
	}
	typ := ProviderType(pc)
	m := p.moduleAt(modulePath(pc.ModuleAddress))
	credential := func(lit any) string {
		s, ok := lit.(string)
		if !ok {
			return ""
		}
		return shape(typ, path, s)
	}
	lit, via, ok := literalVia(m, e, func(lit any) bool { return credential(lit) != "" })
	redactInputs(p, m, e)
	if !ok {
		return
	}
	c := ProviderCredential{Key: pc.Name, Attr: path, Kind: credential(lit), Via: via}
	if pc.Alias != "" {
		c.Key += "." + pc.Alias
	}
	c.Address = "provider." + c.Key
	if pc.ModuleAddress != "" {
		c.Address = pc.ModuleAddress + "." + c.Address
		c.Module = modulePath(pc.ModuleAddress)
	}
	p.ProviderCredentials = append(p.ProviderCredentials, c)
}

// modulePath is the call path of a module address without instance keys
// (module.a.module.b: a, b); nil for the root.
func modulePath(address string) []string {
	var path []string
	for rest := address; rest != ""; {
		name, ok := strings.CutPrefix(rest, "module.")
		if !ok {
			return path
		}
		name, rest, _ = strings.Cut(name, ".")
		if i := strings.IndexByte(name, '['); i >= 0 {
			name = name[:i]
		}
		path = append(path, name)
	}
	return path
}

// moduleAt is the module at a call path, nil when the configuration has
// none there.
func (p *Plan) moduleAt(path []string) *Module {
	m := p.Root
	for _, name := range path {
		if m == nil {
			return nil
		}
		m = m.Children[name]
	}
	return m
}

// literalShape gives, for a resource, Options.CredentialIn called with the
// name the resource calls its value by (Options.ValueName), else the
// attribute's; nil without CredentialIn.
func literalShape(opts Options) func(r *tfjson.ConfigResource) func(name, literal string) string {
	if opts.CredentialIn == nil {
		return nil
	}
	return func(r *tfjson.ConfigResource) func(name, literal string) string {
		valueName, named := "", false
		if opts.ValueName != nil {
			if e := r.Expressions[opts.ValueName(r.Type)]; e != nil && e.ExpressionData != nil {
				valueName, named = e.ConstantValue.(string)
			}
		}
		return func(name, literal string) string {
			if named {
				name = valueName
			}
			return opts.CredentialIn(name, literal)
		}
	}
}

func redactModule(p *Plan, m *Module, isSecret SecretFunc, shape func(r *tfjson.ConfigResource) func(name, literal string) string) {
	for _, r := range m.Resources {
		if r == nil {
			continue
		}
		var named func(name, literal string) string
		if shape != nil {
			named = shape(r)
		}
		eachExpr(r.Expressions, "", func(path string, e *tfjson.Expression) {
			if !isSecret(r.Type, path) {
				// A nested attribute written as one value (helm 3's
				// set_sensitive, a list of objects) holds its secret
				// inside its constant.
				redactConstant(p, r.Type, path, e.ConstantValue, isSecret, named, 0)
				return
			}
			lit, literal := e.ConstantValue.(string)
			redactExpr(e)
			redactInputs(p, m, e)
			if s, ok := e.ConstantValue.(value.Secret); ok && literal {
				p.recordShape(path, lit, s, named)
			}
		})
	}
	for _, c := range m.Children {
		redactModule(p, c, isSecret, shape)
	}
}

// redactConstant redacts the secrets inside a constant v written for the
// attribute at path: the values of the object keys whose paths (list
// indexes left out) isSecret names.
func redactConstant(p *Plan, typ, path string, v any, isSecret SecretFunc, shape func(name, literal string) string, depth int) {
	if depth > maxConstantDepth {
		return
	}
	switch x := v.(type) {
	case map[string]any:
		for k, inner := range x {
			at := path + "." + k
			if !isSecret(typ, at) {
				redactConstant(p, typ, at, inner, isSecret, shape, depth+1)
				continue
			}
			x[k] = redactLiteral(inner)
			if s, ok := x[k].(value.Secret); ok {
				if lit, literal := inner.(string); literal {
					p.recordShape(k, lit, s, shape)
				}
			}
		}
	case []any:
		for _, e := range x {
			redactConstant(p, typ, path, e, isSecret, shape, depth+1)
		}
	}
}

// maxConstantDepth bounds how deep redactConstant looks into a constant:
// nested attributes are a few levels deep, documents are strings.
const maxConstantDepth = 16

// recordShape keeps, by its redacted form s, what live credential a
// secret literal has the form of (shape: Options.CredentialIn), if any;
// name is what the literal is called (its attribute).
func (p *Plan) recordShape(name, lit string, s value.Secret, shape func(name, literal string) string) {
	// Whether it has a credential's form, known only now: a CI variable's
	// value is a secret only where a guard says so, and one in clear is
	// exposure all the same.
	if shape == nil {
		return
	}
	if what := shape(name, lit); what != "" {
		if p.literalShapes == nil {
			p.literalShapes = map[value.Secret]string{}
		}
		p.literalShapes[s] = what
	}
}

// LiteralShape says what live credential a redacted literal of a
// resource has the form of ("a GitLab token"), "" when none.
func (p *Plan) LiteralShape(lit value.Secret) string { return p.literalShapes[lit] }

// redactInputs redacts the literals that set the input variable an
// expression of module m reads: module call arguments and variable
// defaults (followInput).
func redactInputs(p *Plan, m *Module, e *tfjson.Expression) {
	followInput(m, e, func(_ *Module, _ string, a *tfjson.Expression) { redactExpr(a) }, func(m *Module, name string, v *tfjson.ConfigVariable) {
		redactVariable(p, m, name, v)
	})
}

// literalVia finds the literal an expression of module m takes, that
// accept accepts: its own constant, or the argument or default that sets
// the input variable it reads (followInput); via says where it is written
// when not in the expression ("the argument password of module.db", "the
// default of var.db_password").
func literalVia(m *Module, e *tfjson.Expression, accept func(lit any) bool) (lit any, via string, ok bool) {
	if e != nil && e.ExpressionData != nil && accept(e.ConstantValue) {
		return e.ConstantValue, "", true
	}
	followInput(m, e, func(m *Module, name string, a *tfjson.Expression) {
		if !ok && a != nil && a.ExpressionData != nil && accept(a.ConstantValue) {
			lit, via, ok = a.ConstantValue, "the argument "+name+" of "+moduleCallAddress(m), true
		}
	}, func(m *Module, name string, v *tfjson.ConfigVariable) {
		if ok || v == nil || !accept(v.Default) {
			return
		}
		lit, via, ok = v.Default, "the default of var."+name, true
		if m.Call != nil {
			via += " in " + moduleCallAddress(m)
		}
	})
	return lit, via, ok
}

// redactVariable redacts the default of variable name of module m and, for
// a root variable, the plan's value for it.
func redactVariable(p *Plan, m *Module, name string, v *tfjson.ConfigVariable) {
	if v != nil {
		v.Default = redactLiteral(v.Default)
	}
	if pv := p.Raw.Variables[name]; m.Call == nil && pv != nil {
		pv.Value = redactLiteral(pv.Value)
	}
}

func rootVariables(p *Plan) map[string]*tfjson.ConfigVariable {
	if p.Root == nil || p.Root.Config == nil {
		return nil
	}
	return p.Root.Config.Variables
}

// maxInputDepth bounds how many module calls followInput climbs.
const maxInputDepth = 64

// followInput follows an expression of module m that is a single input
// variable (var.x) to what sets it: the argument of the call of the module
// (arg is called with the module, the variable's name and the argument,
// which is followed in turn), or the variable's declaration when the call
// does not set it or the module is the root (variable is called with the
// module, the name and the declaration, nil if there is none).
func followInput(m *Module, e *tfjson.Expression, arg func(m *Module, name string, a *tfjson.Expression), variable func(m *Module, name string, v *tfjson.ConfigVariable)) {
	for depth := 0; m != nil && depth < maxInputDepth; depth++ {
		name, ok := soleVariable(e)
		if !ok {
			return
		}
		if m.Call != nil {
			if a := m.Call.Expressions[name]; a != nil {
				arg(m, name, a)
				e, m = a, m.Parent
				continue
			}
		}
		var v *tfjson.ConfigVariable
		if m.Config != nil {
			v = m.Config.Variables[name]
		}
		variable(m, name, v)
		return
	}
}

// soleVariable names the input variable an expression reads when it reads
// nothing else: var.x, or a template of it ("${var.x}"; a resource's value
// tells whether it is the variable's value itself).
func soleVariable(e *tfjson.Expression) (string, bool) {
	if e == nil || e.ExpressionData == nil || len(e.References) != 1 {
		return "", false
	}
	name, ok := strings.CutPrefix(e.References[0], "var.")
	if !ok || name == "" || strings.ContainsAny(name, ".[") {
		return "", false
	}
	return name, true
}

// Literal is a secret written in the configuration as a literal, after
// redaction.
type Literal struct {
	Value value.Secret
	// Via says where the literal is written when not in the resource's
	// block ("the argument password of module.db", "the default of
	// var.db_password"), "" otherwise.
	Via string
}

// SecretLiterals are the literals written in the configuration for a
// resource's secret attribute, after redaction. path is dot-separated,
// list indexes left out: through nested blocks (user.password, one literal
// per block that writes one) and into a constant written for a nested
// attribute (set_sensitive.value). A literal is the attribute's own
// constant, a module call's argument, or an input variable's default;
// whether the resource holds it (tfvars may set the variable; a template
// may add to it) its value tells: the hashes are equal.
func (p *Plan) SecretLiterals(r *Resource, path string) []Literal {
	if r.Config == nil || path == "" {
		return nil
	}
	m := p.Root
	if r.Instance != nil && r.Instance.Module != nil {
		m = r.Instance.Module
	}
	var out []Literal
	var walk func(exprs map[string]*tfjson.Expression, path string)
	walk = func(exprs map[string]*tfjson.Expression, path string) {
		name, rest, nested := strings.Cut(path, ".")
		e := exprs[name]
		if e == nil || e.ExpressionData == nil {
			return
		}
		if !nested {
			if l, via, ok := literalVia(m, e, func(v any) bool { _, isLit := v.(value.Secret); return isLit }); ok {
				out = append(out, Literal{Value: l.(value.Secret), Via: via})
			}
			return
		}
		for _, blk := range e.NestedBlocks {
			walk(blk, rest)
		}
		for _, v := range constantsAt(e.ConstantValue, rest, 0) {
			if s, ok := v.(value.Secret); ok {
				out = append(out, Literal{Value: s})
			}
		}
	}
	walk(r.Config.Expressions, path)
	return out
}

// constantsAt collects what a constant holds at a dot path of object keys
// ("" for the constant itself), reading every element of lists along the
// way.
func constantsAt(v any, path string, depth int) []any {
	if depth > maxConstantDepth {
		return nil
	}
	switch x := v.(type) {
	case []any:
		var out []any
		for _, e := range x {
			out = append(out, constantsAt(e, path, depth+1)...)
		}
		return out
	case map[string]any:
		if path != "" {
			name, rest, _ := strings.Cut(path, ".")
			return constantsAt(x[name], rest, depth+1)
		}
	case nil:
		return nil
	}
	if path == "" {
		return []any{v}
	}
	return nil
}

// eachExpr calls f with each expression, nested blocks' included, and
// its path (dot-separated inside nested blocks).
func eachExpr(exprs map[string]*tfjson.Expression, prefix string, f func(path string, e *tfjson.Expression)) {
	for name, e := range exprs {
		if e == nil || e.ExpressionData == nil {
			continue
		}
		path := prefix + name
		for _, blk := range e.NestedBlocks {
			eachExpr(blk, path+".", f)
		}
		f(path, e)
	}
}

// redactExpr redacts an attribute's literal, whatever it is, unless it is
// empty ("" or {} hide nothing); a block's attributes all hold the secret.
func redactExpr(e *tfjson.Expression) {
	if e == nil || e.ExpressionData == nil {
		return
	}
	for _, blk := range e.NestedBlocks {
		for _, inner := range blk {
			redactExpr(inner)
		}
	}
	if e.ConstantValue != tfjson.UnknownConstantValue {
		e.ConstantValue = redactLiteral(e.ConstantValue)
	}
}

// redactLiteral redacts a literal once: several secret attributes may read
// the same argument or variable, and a second redaction would hash the
// first one's hash.
func redactLiteral(v any) any {
	if _, done := v.(value.Secret); done || v == nil || empty(v) {
		return v
	}
	return redact(v)
}

func empty(v any) bool {
	switch x := v.(type) {
	case string:
		return x == ""
	case map[string]any:
		return len(x) == 0
	case []any:
		return len(x) == 0
	}
	return false
}

// ProviderType is the type of a provider configuration: the last part of
// its source address (registry.terraform.io/hashicorp/aws), or, in plans
// that do not give it, its local name.
func ProviderType(pc *tfjson.ProviderConfig) string {
	if n := pc.FullName; n != "" {
		return n[strings.LastIndexByte(n, '/')+1:]
	}
	return pc.Name
}

// HardCoded reports whether an expression holds a literal the loader
// dropped as a secret (redactConfig), and that literal's redacted form.
func HardCoded(e *tfjson.Expression) (value.Secret, bool) {
	if e == nil || e.ExpressionData == nil {
		return value.Secret{}, false
	}
	s, ok := e.ConstantValue.(value.Secret)
	return s, ok
}

// moduleCallAddress renders a module's call path: module.a.module.b.
func moduleCallAddress(m *Module) string {
	return "module." + strings.Join(m.Path, ".module.")
}
