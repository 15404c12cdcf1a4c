package plan

import (
	tfjson "github.com/hashicorp/terraform-json"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// ProviderSecretFunc tells whether a provider argument (path dot-separated
// inside nested blocks) holds a credential; provider is the provider type
// (aws, google).
type ProviderSecretFunc func(provider, path string) bool

// redactConfig replaces the literals the configuration holds for secret
// attributes of resources and for provider credentials by value.Secret:
// Terraform writes a constant expression's value into the plan even when
// the schema marks it sensitive, so a password typed into main.tf is in
// the plan in clear. What stays is that a literal was there, and its keyed
// hash, which tells whether the value the resource had before is the same.
func redactConfig(cfg *tfjson.Config, opts Options) {
	if cfg == nil {
		return
	}
	if opts.ProviderSecret != nil {
		for _, pc := range cfg.ProviderConfigs {
			if pc == nil {
				continue
			}
			typ := ProviderType(pc)
			redactExprs(pc.Expressions, "", func(path string) bool { return opts.ProviderSecret(typ, path) })
		}
	}
	if opts.IsSecret != nil {
		redactModule(cfg.RootModule, opts.IsSecret)
	}
}

func redactModule(m *tfjson.ConfigModule, isSecret SecretFunc) {
	if m == nil {
		return
	}
	for _, r := range m.Resources {
		if r == nil {
			continue
		}
		for attr, e := range r.Expressions {
			if isSecret(r.Type, attr) {
				redactExpr(e)
			}
		}
	}
	for _, c := range m.ModuleCalls {
		if c != nil {
			redactModule(c.Module, isSecret)
		}
	}
}

// redactExprs redacts the literals of the expressions, nested blocks
// included, whose path secret accepts.
func redactExprs(exprs map[string]*tfjson.Expression, prefix string, secret func(path string) bool) {
	for name, e := range exprs {
		if e == nil || e.ExpressionData == nil {
			continue
		}
		path := prefix + name
		for _, blk := range e.NestedBlocks {
			redactExprs(blk, path+".", secret)
		}
		if secret(path) {
			redactExpr(e)
		}
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
	if c := e.ConstantValue; c != nil && c != tfjson.UnknownConstantValue && !empty(c) {
		e.ConstantValue = redact(c)
	}
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
		for i := len(n) - 1; i >= 0; i-- {
			if n[i] == '/' {
				return n[i+1:]
			}
		}
		return n
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
