package vaultiam

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	hcl1 "github.com/hashicorp/hcl"
	hcl1ast "github.com/hashicorp/hcl/hcl/ast"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// ErrUnknownPolicy is returned when the policy text is unknown until apply.
var ErrUnknownPolicy = errors.New("vaultiam: policy is unknown until apply")

// PathRule is one path block of a policy.
type PathRule struct {
	Path         string   `json:"path"`
	Capabilities []string `json:"capabilities"` // lower case
	Line         int      `json:"line,omitempty"`
}

// Policy is a parsed Vault ACL policy.
type Policy struct {
	Rules []PathRule `json:"rules"`
}

var validCapabilities = []string{"create", "read", "update", "patch", "delete", "list", "sudo", "deny", "subscribe", "recover"}

// legacy "policy = ..." values and the capabilities they stand for.
var legacyPolicy = map[string][]string{
	"deny":  {"deny"},
	"read":  {"read", "list"},
	"write": {"create", "read", "update", "delete", "list"},
	"sudo":  {"create", "read", "update", "delete", "list", "sudo"},
}

// ParsePolicy parses a Vault policy in HCL or JSON (Vault accepts both).
// src is the policy text or a value.Unknown; filename is used in errors.
// It never panics: malformed policies give an error.
func ParsePolicy(src any, filename string) (*Policy, error) {
	var text string
	switch s := src.(type) {
	case value.Unknown:
		return nil, ErrUnknownPolicy
	case string:
		text = s
	case []byte:
		text = string(s)
	default:
		return nil, fmt.Errorf("vaultiam: policy is a %T, not text", src)
	}
	if filename == "" {
		filename = "policy.hcl"
	}
	var file *hcl.File
	var diags hcl.Diagnostics
	if t := strings.TrimSpace(text); strings.HasPrefix(t, "{") {
		file, diags = json.Parse([]byte(text), filename)
	} else {
		file, diags = hclsyntax.ParseConfig([]byte(text), filename, hcl.InitialPos)
		if diags.HasErrors() {
			// Vault itself reads policies with HCL 1, which accepts what
			// HCL 2 does not (control_group's factor blocks inside an
			// object, several attributes on one line).
			if p, err := parseHCL1(text); err == nil {
				return p, nil
			}
		}
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("vaultiam: %s", diags.Error())
	}
	content, diags := file.Body.Content(&hcl.BodySchema{
		Blocks: []hcl.BlockHeaderSchema{{Type: "path", LabelNames: []string{"path"}}},
	})
	if diags.HasErrors() {
		return nil, fmt.Errorf("vaultiam: %s", diags.Error())
	}
	p := &Policy{}
	for _, b := range content.Blocks {
		rule := PathRule{Path: b.Labels[0], Line: b.DefRange.Start.Line}
		attrs, diags := b.Body.JustAttributes()
		if diags.HasErrors() {
			return nil, fmt.Errorf("vaultiam: path %q: %s", rule.Path, diags.Error())
		}
		for name, a := range attrs {
			switch name {
			case "capabilities":
				caps, err := stringList(a)
				if err != nil {
					return nil, fmt.Errorf("vaultiam: path %q: capabilities: %w", rule.Path, err)
				}
				if err := rule.addCapabilities(caps); err != nil {
					return nil, err
				}
			case "policy":
				v, err := stringValue(a)
				if err != nil {
					return nil, fmt.Errorf("vaultiam: path %q: policy: %w", rule.Path, err)
				}
				if err := rule.addLegacyPolicy(v); err != nil {
					return nil, err
				}
			}
			// allowed_parameters, denied_parameters, required_parameters and
			// wrapping TTLs narrow a grant; they do not widen it.
		}
		p.Rules = append(p.Rules, rule)
	}
	return p, nil
}

// parseHCL1 reads a policy as Vault does, with HCL 1. That parser is
// old and has panicked on odd input: a panic is an unreadable policy.
func parseHCL1(text string) (p *Policy, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, errors.New("vaultiam: not a policy HCL 1 can read")
		}
	}()
	file, err := hcl1.ParseString(text)
	if err != nil {
		return nil, err
	}
	list, ok := file.Node.(*hcl1ast.ObjectList)
	if !ok {
		return nil, errors.New("vaultiam: not a policy")
	}
	p = &Policy{}
	for _, item := range list.Filter("path").Items {
		if len(item.Keys) == 0 {
			return nil, errors.New("vaultiam: a path block without a path")
		}
		path, ok := item.Keys[0].Token.Value().(string)
		if !ok {
			return nil, errors.New("vaultiam: a path that is not a string")
		}
		var body struct {
			Capabilities []string `hcl:"capabilities"`
			Policy       string   `hcl:"policy"`
		}
		if err := hcl1.DecodeObject(&body, item.Val); err != nil {
			return nil, fmt.Errorf("vaultiam: path %q: %w", path, err)
		}
		rule := PathRule{Path: path, Line: item.Keys[0].Token.Pos.Line}
		if err := rule.addCapabilities(body.Capabilities); err != nil {
			return nil, err
		}
		if body.Policy != "" {
			if err := rule.addLegacyPolicy(body.Policy); err != nil {
				return nil, err
			}
		}
		p.Rules = append(p.Rules, rule)
	}
	return p, nil
}

func (r *PathRule) addCapabilities(caps []string) error {
	for _, c := range caps {
		c = strings.ToLower(strings.TrimSpace(c))
		if !slices.Contains(validCapabilities, c) {
			return fmt.Errorf("vaultiam: path %q: unknown capability %q", r.Path, c)
		}
		if !slices.Contains(r.Capabilities, c) {
			r.Capabilities = append(r.Capabilities, c)
		}
	}
	return nil
}

// addLegacyPolicy reads the pre-0.9 form, policy = "write".
func (r *PathRule) addLegacyPolicy(v string) error {
	caps, ok := legacyPolicy[strings.ToLower(v)]
	if !ok {
		return fmt.Errorf("vaultiam: path %q: unknown policy %q", r.Path, v)
	}
	for _, c := range caps {
		if !slices.Contains(r.Capabilities, c) {
			r.Capabilities = append(r.Capabilities, c)
		}
	}
	return nil
}

func evalAttr(a *hcl.Attribute) (cty.Value, error) {
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() {
		return cty.NilVal, errors.New(diags.Error())
	}
	return v, nil
}

func stringList(a *hcl.Attribute) ([]string, error) {
	v, err := evalAttr(a)
	if err != nil {
		return nil, err
	}
	if v.IsNull() || !v.IsKnown() || !(v.Type().IsListType() || v.Type().IsTupleType() || v.Type().IsSetType()) {
		return nil, fmt.Errorf("must be a list of strings")
	}
	var out []string
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.IsNull() || !e.IsKnown() || e.Type() != cty.String {
			return nil, fmt.Errorf("must be a list of strings")
		}
		out = append(out, e.AsString())
	}
	return out, nil
}

func stringValue(a *hcl.Attribute) (string, error) {
	v, err := evalAttr(a)
	if err != nil {
		return "", err
	}
	if v.IsNull() || !v.IsKnown() || v.Type() != cty.String {
		return "", fmt.Errorf("must be a string")
	}
	return v.AsString(), nil
}

// writeCaps are the capabilities that change something; sudo only lets the
// others reach root-protected paths.
var writeCaps = []string{"create", "update", "patch", "delete", "recover"}

func (r PathRule) has(caps ...string) bool {
	return slices.ContainsFunc(r.Capabilities, func(c string) bool { return slices.Contains(caps, c) })
}

// matches reports whether a Vault path pattern covers every path under
// prefix: "*" is a trailing prefix glob, "+" one segment.
func matches(pattern, prefix string) bool {
	pattern = strings.TrimPrefix(pattern, "/")
	if strings.HasSuffix(pattern, "*") {
		p := strings.TrimSuffix(pattern, "*")
		return plusPrefix(p, prefix)
	}
	return false
}

// plusPrefix: p (with "+" segments) is a prefix of s.
func plusPrefix(p, s string) bool {
	ps, ss := strings.Split(p, "/"), strings.Split(s, "/")
	for i, seg := range ps {
		if i == len(ps)-1 {
			// Last, partial segment: a string prefix of s's segment.
			return i < len(ss) && (seg == "" || seg == "+" || strings.HasPrefix(ss[i], seg))
		}
		if i >= len(ss) || (seg != "+" && seg != ss[i]) {
			return false
		}
	}
	return true
}

// secretMounts are the usual KV mounts; a read glob over a whole one is a
// broad secrets read.
var secretMounts = []string{"secret/", "kv/", "secret/data/", "kv/data/", "secrets/"}

// AnalyzePolicy classifies a parsed policy.
//
//   - Admin: the sudo capability on any path but those whose
//     root-protected endpoints only read (readOnlySudo); a path "*" (every
//     path) with a write capability; writes under sys/ (policies, mounts,
//     auth methods: "sys/*", "sys/policy/*", "sys/policies/acl/*"), or
//     under auth/ ("auth/*": it can mint tokens and roles with any policy;
//     secret IDs of one named role give only that role's policies, of
//     every role any of theirs).
//   - Permissions-management: writes to identity/ (entities and groups
//     carry policies).
//   - KindSecretsRead: read on every path or on a whole secrets mount
//     ("secret/*", "kv/data/*").
//   - Otherwise write (create, update, patch, delete) or read (read, list);
//     none when every rule is deny.
func AnalyzePolicy(p *Policy, src iam.Source) iam.Verdict {
	v := iam.Verdict{Class: iam.ClassNone}
	var classes []iam.Class
	add := func(r PathRule, kind iam.Kind, id string, class iam.Class, msg string) {
		v.Evidence = append(v.Evidence, iam.Evidence{Kind: kind, ID: id, Class: class, Scope: r.Path, Message: msg, Actions: r.Capabilities,
			Grants: []iam.Grant{{Source: src, Where: fmt.Sprintf("path %q", r.Path), Actions: r.Capabilities, Resources: []string{r.Path}}}})
		if kind == iam.KindAdmin || kind == iam.KindPermissionsManagement {
			classes = append(classes, class)
		}
	}
	for _, r := range p.Rules {
		if r.has("deny") {
			classes = append(classes, iam.ClassNone)
			continue
		}
		path := strings.TrimPrefix(r.Path, "/")
		write := r.has(writeCaps...)
		switch {
		case r.has("sudo") && !readOnlySudo(path):
			add(r, iam.KindAdmin, "vault:sudo", iam.ClassAdmin, fmt.Sprintf("sudo on %q reaches root-protected endpoints", r.Path))
		case write && (path == "*" || path == "+*" || matches(path, "sys/policy/x") && matches(path, "auth/x")):
			add(r, iam.KindAdmin, "vault:wildcard-path", iam.ClassAdmin, fmt.Sprintf("path %q with %s covers every path, sys/ and auth/ included", r.Path, strings.Join(r.Capabilities, ", ")))
		case write && (matches(path, "sys/policy/x") || matches(path, "sys/policies/acl/x") || matches(path, "sys/mounts/x") || matches(path, "sys/auth/x") || strings.HasPrefix(path, "sys/policy") || strings.HasPrefix(path, "sys/policies/acl")):
			add(r, iam.KindAdmin, "vault:sys-write", iam.ClassAdmin, fmt.Sprintf("writes %q: can change policies, mounts or auth methods", r.Path))
		case write && authRoleWrite(path):
			if mount, ok := anyRoleCredentials(path); ok {
				add(r, iam.KindAdmin, "vault:auth-any-role-credentials", iam.ClassAdmin, fmt.Sprintf("writes %q: mints secret IDs for every role of auth/%s, so it logs in with any of their policies", r.Path, mount))
				break
			}
			add(r, iam.KindAdmin, "vault:auth-write", iam.ClassAdmin, fmt.Sprintf("writes %q: can create auth roles and tokens with any policy", r.Path))
		case write && (matches(path, "identity/entity/x") || matches(path, "identity/group/x") || strings.HasPrefix(path, "identity/group") || strings.HasPrefix(path, "identity/entity")):
			add(r, iam.KindPermissionsManagement, "vault:identity-write", iam.ClassPermissionsManagement, fmt.Sprintf("writes %q: entities and groups carry policies", r.Path))
		}
		if r.has("read", "list") && broadRead(path) {
			add(r, iam.KindSecretsRead, "vault:secrets-read", iam.ClassRead, fmt.Sprintf("reads every secret under %q", r.Path))
		}
		switch {
		case write:
			classes = append(classes, iam.ClassWrite)
		case r.has("read", "list", "subscribe"):
			classes = append(classes, iam.ClassRead)
		}
	}
	if len(classes) > 0 {
		v.Class = iam.Max(classes...)
	}
	if v.Class == iam.ClassAdmin {
		v.Evidence = slices.DeleteFunc(v.Evidence, func(e iam.Evidence) bool { return e.Kind != iam.KindAdmin })
	}
	return v
}

// authRoleWrite: writes that create auth method roles (which name the
// policies of the tokens they issue) or cover every auth method. Minting
// credentials of one named role (an AppRole's secret IDs, HashiCorp's
// trusted orchestrator) gives that role's policies only: not a role write.
func authRoleWrite(path string) bool {
	switch {
	case path == "auth*" || path == "auth/*" || strings.HasPrefix(path, "auth/+"):
		return true
	case strings.HasPrefix(path, "auth/"):
		if role, sub, ok := roleSubpath(path); ok && !strings.ContainsAny(role, "+*") && credentialSubpath(sub) {
			return false
		}
		return strings.Contains(path, "/role")
	}
	return false
}

// roleSubpath splits auth/<mount>/role/<role>/<sub> into the role segment
// and what follows it.
func roleSubpath(path string) (role, sub string, ok bool) {
	parts := strings.SplitN(path, "/", 5)
	if len(parts) < 5 || parts[0] != "auth" || parts[2] != "role" {
		return "", "", false
	}
	return parts[3], parts[4], true
}

// credentialSubpath reports whether every path a role's sub-path pattern
// covers hands out, looks up or tunes the role's credentials (an
// AppRole's secret-id*, custom-secret-id and role-id endpoints), never its
// policies or whether a login needs a secret ID.
func credentialSubpath(sub string) bool {
	fixed, _ := strings.CutSuffix(sub, "*")
	if strings.ContainsAny(fixed, "*+") {
		return false
	}
	return strings.HasPrefix(fixed, "secret-id") || strings.HasPrefix(fixed, "custom-secret-id") || strings.HasPrefix(fixed, "role-id")
}

// anyRoleCredentials reports a write that mints credentials of every role
// of an auth mount (auth/approle/role/+/secret-id): whoever holds it logs
// in as any of them. It returns the mount.
func anyRoleCredentials(path string) (string, bool) {
	role, sub, ok := roleSubpath(path)
	if !ok || role != "+" || !credentialSubpath(sub) {
		return "", false
	}
	return strings.SplitN(path, "/", 3)[1], true
}

// readOnlySudo reports a path under which sudo opens only root-protected
// endpoints that read metadata (listing leases, inspecting the router,
// profiling, listing token accessors): it widens nothing.
func readOnlySudo(path string) bool {
	for _, p := range []string{"sys/leases/lookup", "sys/internal/inspect", "sys/pprof", "sys/in-flight-req", "auth/token/accessors"} {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}

func broadRead(path string) bool {
	if path == "*" || path == "+*" {
		return true
	}
	for _, m := range secretMounts {
		if path == m+"*" || path == m+"+/*" {
			return true
		}
	}
	return false
}

// AnalyzePolicyNames classifies the policies named on a token or role
// (vault_token.policies, token_policies): "root" is admin by itself. The
// documents of other policies, when the caller has them (vault_policy in
// the plan), are given in docs by name; names with no document are unknown.
// A name with "*" is a glob (a token role's allowed_policies_glob): one
// that matches every name lets the tokens take any policy, those that
// administer Vault included ("vault:any-policy"); another stands for the
// documents it matches and for policies outside the plan, unknown.
func AnalyzePolicyNames(names []any, docs map[string]*Policy, src iam.Source) iam.Verdict {
	v := iam.Verdict{Class: iam.ClassNone}
	var classes []iam.Class
	for _, n := range names {
		switch x := n.(type) {
		case value.Unknown:
			v.Unknowns = iam.AddUnknowns(v.Unknowns, iam.UnknownRef(x))
			classes = append(classes, iam.ClassUnknown)
		case string:
			switch {
			case x == "root":
				classes = append(classes, iam.ClassAdmin)
				v.Evidence = append(v.Evidence, iam.Evidence{Kind: iam.KindAdmin, ID: "vault:root-policy", Class: iam.ClassAdmin, Scope: "*",
					Message: "the root policy can do anything in Vault", Actions: []string{"root"},
					Grants: []iam.Grant{{Source: src, Where: "policy root"}}})
			case strings.Trim(x, "*") == "" && x != "":
				classes = append(classes, iam.ClassAdmin)
				v.Evidence = append(v.Evidence, iam.Evidence{Kind: iam.KindAdmin, ID: "vault:any-policy", Class: iam.ClassAdmin, Scope: "*",
					Message: fmt.Sprintf("policy pattern %q matches every policy: its tokens may carry any of them, those that administer Vault included", x), Actions: []string{x},
					Grants: []iam.Grant{{Source: src, Where: fmt.Sprintf("policy %q", x)}}})
			case strings.Contains(x, "*"):
				for _, name := range slices.Sorted(maps.Keys(docs)) {
					if iam.Glob(x, name) {
						pv := AnalyzePolicy(docs[name], src)
						classes = append(classes, pv.Class)
						v.Evidence = append(v.Evidence, pv.Evidence...)
					}
				}
				classes = append(classes, iam.ClassUnknown)
				v.Notes = append(v.Notes, fmt.Sprintf("policies matching %q outside the plan could not be judged", x))
			case docs[x] != nil:
				pv := AnalyzePolicy(docs[x], src)
				classes = append(classes, pv.Class)
				v.Evidence = append(v.Evidence, pv.Evidence...)
			case x == "default":
				classes = append(classes, iam.ClassRead)
			default:
				classes = append(classes, iam.ClassUnknown)
				v.Notes = append(v.Notes, fmt.Sprintf("policy %q is not in the plan", x))
			}
		}
	}
	if len(classes) > 0 {
		v.Class = iam.Max(classes...)
	}
	return v
}
