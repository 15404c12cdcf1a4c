// Package checktest builds small synthetic plans for the checker's tests:
// resources in the root module with their values, unknown markers and the
// references their configuration makes.
package checktest

import (
	"encoding/json"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
)

// Res is one resource instance of a synthetic plan.
type Res struct {
	Addr    string
	Actions []string // default create
	Before  map[string]any
	After   map[string]any
	Unknown map[string]any
	// Refs maps an attribute to the references its configuration makes.
	Refs map[string][]string
	// Consts are literals of the configuration that differ from the after
	// values (which are the literals otherwise): lifecycle ignore_changes.
	Consts map[string]any
	// Exprs are raw configuration expressions, set last: nested blocks,
	// as lists of objects of expressions.
	Exprs map[string]any
	// Sensitive and BeforeSensitive are the change's after_sensitive and
	// before_sensitive markers (default none).
	Sensitive, BeforeSensitive map[string]any
	// ActionReason is the change's action_reason (replace_by_triggers).
	ActionReason string
}

// JSON writes a plan document (format 1.2); extra adds top-level keys
// (resource_drift, output_changes...), except "outputs", which goes into the
// root module's configuration.
func JSON(t testing.TB, rs []Res, extra map[string]any) []byte {
	t.Helper()
	var changes, cfg []any
	for _, r := range rs {
		a, err := plan.ParseAddress(r.Addr)
		if err != nil {
			t.Fatal(err)
		}
		acts := r.Actions
		if acts == nil {
			acts = []string{"create"}
		}
		unk := r.Unknown
		if unk == nil {
			unk = map[string]any{}
		}
		change := map[string]any{
			"address": r.Addr, "mode": a.Mode, "type": a.Type, "name": a.Name, "index": a.Key,
			"provider_name": "registry.terraform.io/hashicorp/x",
			"change": map[string]any{"actions": acts, "before": nilIfEmpty(r.Before), "after": nilIfEmpty(r.After),
				"after_unknown": unk, "after_sensitive": orEmpty(r.Sensitive), "before_sensitive": orEmpty(r.BeforeSensitive)},
		}
		if r.ActionReason != "" {
			change["action_reason"] = r.ActionReason
		}
		changes = append(changes, change)
		exprs := map[string]any{}
		for k, v := range r.After {
			exprs[k] = map[string]any{"constant_value": v}
		}
		for k, v := range r.Consts {
			exprs[k] = map[string]any{"constant_value": v}
		}
		for k, refs := range r.Refs {
			exprs[k] = map[string]any{"references": refs}
		}
		for k, e := range r.Exprs {
			exprs[k] = e
		}
		cfg = append(cfg, map[string]any{"address": a.ConfigAddress(), "mode": a.Mode, "type": a.Type, "name": a.Name,
			"provider_config_key": "x", "expressions": exprs, "schema_version": 0})
	}
	doc := map[string]any{
		"format_version": "1.2", "terraform_version": "1.11.4",
		"planned_values":   map[string]any{"root_module": map[string]any{}},
		"resource_changes": changes,
		"configuration":    map[string]any{"root_module": map[string]any{"resources": dedupeConfig(cfg)}},
	}
	for k, v := range extra {
		if k == "outputs" {
			doc["configuration"].(map[string]any)["root_module"].(map[string]any)["outputs"] = v
			continue
		}
		doc[k] = v
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Plan parses JSON(rs, extra) the way the checker loads plans.
func Plan(t testing.TB, rs []Res, extra map[string]any) *plan.Plan {
	t.Helper()
	p, err := plan.Parse(JSON(t, rs, extra), plan.Options{IsSecret: kb.IsSecret, ProviderSecret: kb.IsProviderSecret, CredentialShape: kb.CredentialShape, CredentialIn: kb.CredentialIn, ValueName: kb.ValueName, PrivilegeText: kb.PrivilegeText, Reads: kb.Known})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func nilIfEmpty(m map[string]any) any {
	if m == nil {
		return nil
	}
	return m
}

// dedupeConfig keeps one configuration block per resource (instances share it).
func dedupeConfig(cfg []any) []any {
	seen := map[string]bool{}
	var out []any
	for _, c := range cfg {
		a := c.(map[string]any)["address"].(string)
		if !seen[a] {
			seen[a] = true
			out = append(out, c)
		}
	}
	return out
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}
