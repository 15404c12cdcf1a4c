package graph

import (
	"slices"
	"strconv"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// HardCoded is a resource whose secret is written into the configuration
// as a literal (a password, a secret's value), in its block or in what
// sets the input variable it reads, at the top level or in a nested
// block. The loader dropped the literal (plan.SecretLiterals); only where
// it was remains.
//
// Provider blocks' credentials are dropped too, and reported from the
// plan's ProviderCredentials when they have the form of a live one (plans
// made for tests hold placeholders there).
type HardCoded struct {
	Node *Node
	// Attrs are the attributes holding literals, in knowledge-base order:
	// dot paths inside nested blocks (user.password).
	Attrs []string
	// Via say, for each attribute, where the literal is written when not
	// in the resource's block: "the default of var.db_password", "the
	// argument password of module.db"; "" otherwise.
	Via []string
	// InClear, for a CI variable no guard protects, is the credential the
	// literal has the form of: shown in clear in the CI's settings and
	// logs as well.
	InClear string
}

// InClear is a credential, in the form a service issues it, found in an
// attribute that stores its value in clear (a function's environment,
// user data, tags): whatever put it there, whoever reads the resource's
// settings or the state holds it. Only where it is is kept, never the
// value.
type InClear struct {
	R    *plan.Resource
	Attr string
	// Where is the place inside the attribute (variables.AWS_ACCESS_KEY_ID),
	// "" for the attribute itself.
	Where string
	// What the credential is ("an AWS access key ID").
	What string
}

// resolveInClear finds the InClear credentials of the world.
func (g *Graph) resolveInClear() {
	for _, r := range g.Plan.Resources {
		if r.Mode != "managed" {
			continue
		}
		vals := worldValues(r, g.Opts.World)
		if vals == nil {
			continue
		}
		// A CI variable's value is called by the variable's name.
		var named string
		var values []string
		if e := kb.Lookup(r.Type); e != nil && e.ValueName != "" {
			named, _ = vals[e.ValueName].(string)
			values = e.SinkAttrs
		}
		find := func(attr string) {
			v, ok := vals[attr]
			if !ok || v == nil {
				return
			}
			name := attr
			if named != "" && slices.Contains(values, attr) {
				name = named
			}
			if where, what := credentialIn(name, "", v, 0); what != "" {
				g.InClear = append(g.InClear, &InClear{R: r, Attr: attr, Where: where, What: what})
			}
		}
		kb.PlainTextAttrs(r.Type, find)
		for _, attr := range kb.ManifestInClear(r.Type, vals) {
			find(attr)
		}
	}
}

// credentialIn finds a credential in a value: where it is below the
// attribute (map keys and list positions joined with dots) and what it
// is. name is what the value is called (its map key).
func credentialIn(name, where string, v any, depth int) (string, string) {
	if depth > 16 {
		return "", ""
	}
	switch x := v.(type) {
	case string:
		if what := kb.CredentialIn(name, x); what != "" {
			return where, what
		}
		// A document in a string (an ECS task's container_definitions)
		// is searched as the structure it encodes.
		if t := strings.TrimSpace(x); len(t) < maxEmbeddedJSON && (strings.HasPrefix(t, "[") || strings.HasPrefix(t, "{")) {
			if doc, ok := plan.DecodeJSON(t); ok {
				return credentialIn(name, where, doc, depth+1)
			}
		}
		return "", ""
	case map[string]any:
		// An environment variable as container specs write it, {name,
		// value}: the value is called by its name.
		if n, ok := x["name"].(string); ok {
			if val, ok := x["value"].(string); ok {
				if what := kb.CredentialIn(n, val); what != "" {
					return joinPath(where, "value"), what
				}
			}
		}
		// The first key in order that holds one, without sorting every
		// map (each resource's tags pass here).
		var bestKey, bestWhere, bestWhat string
		for k, v := range x {
			if bestWhat != "" && k > bestKey {
				continue
			}
			if w, what := credentialIn(k, joinPath(where, k), v, depth+1); what != "" {
				bestKey, bestWhere, bestWhat = k, w, what
			}
		}
		return bestWhere, bestWhat
	case []any:
		for i, e := range x {
			if w, what := credentialIn(name, joinPath(where, strconv.Itoa(i)), e, depth+1); what != "" {
				return w, what
			}
		}
	}
	return "", ""
}

// maxEmbeddedJSON bounds the documents in strings credentialIn decodes:
// container definitions are a few KiB; user data scripts are not JSON.
const maxEmbeddedJSON = 1 << 20

func joinPath(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// resolveHardCoded finds the HardCoded secrets of the world: literals
// for secret attributes, top-level or nested in blocks. A literal exists
// before the plan when the resource had that very value (the same keyed
// hash), so a plan that leaves a hard-coded password alone does not
// introduce it.
func (g *Graph) resolveHardCoded() {
	for _, n := range g.Nodes {
		e := n.Entry
		if n.R.Config == nil || n.R.Mode != "managed" || len(e.SecretAttrs)+len(e.SecretPaths) == 0 {
			continue
		}
		// A CI variable no guard protects holds settings, not secrets:
		// only a literal in the form of a live credential is one, and
		// it is in clear.
		guarded := holdsSecrets(n)
		var attrs, via []string
		inClear := ""
		hardCoded := func(path string) {
			for _, lit := range g.Plan.SecretLiterals(n.R, path) {
				if !literalHeld(n, path, lit.Value, g.Opts.World) {
					continue
				}
				if !guarded {
					what := g.Plan.LiteralShape(lit.Value)
					if what == "" || e.SecretWhen != nil && len(e.Guards) == 0 {
						continue
					}
					inClear = what
				}
				// Each attribute once, however many blocks write it.
				attrs, via = append(attrs, path), append(via, lit.Via)
				return
			}
		}
		for _, attr := range e.SecretAttrs {
			if e.Reveals(attr) {
				hardCoded(attr)
			}
		}
		for _, path := range e.SecretPaths {
			hardCoded(path)
		}
		if len(attrs) > 0 {
			g.HardCoded = append(g.HardCoded, &HardCoded{Node: n, Attrs: attrs, Via: via, InClear: inClear})
		}
	}
}

// literalHeld reports whether a resource holds a literal written for its
// secret at path in a world, as its values there say. Before the plan it
// had it only if a value hashes the same. After, a known other value
// means the literal is not applied (ignore_changes on a placeholder the
// secret was created with); in nested blocks (several users of a broker,
// in an order of the provider's) that takes every value being another.
func literalHeld(n *Node, path string, lit value.Secret, w World) bool {
	vals := valuesAt(n.Values, kb.SplitPath(path))
	same, allOther := false, len(vals) > 0
	for _, v := range vals {
		held, known := v.(value.Secret)
		same = same || known && held == lit
		allOther = allOther && known && held != lit
	}
	if w == Before {
		return same
	}
	return !allOther
}

// holdsSecrets reports whether the node's secret attributes hold a secret
// in this world: an SSM parameter's value only when it is a SecureString,
// a CI variable's only when a guard (sensitive, masked) says so.
func holdsSecrets(n *Node) bool {
	e := n.Entry
	if e.SecretWhen != nil && !matches(n.Values, *e.SecretWhen) {
		return false
	}
	if len(e.Guards) == 0 {
		return true
	}
	return slices.ContainsFunc(e.Guards, func(guard string) bool {
		return matches(n.Values, kb.Condition{Path: guard, Contains: "true"})
	})
}
