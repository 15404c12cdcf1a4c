package scopes

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// A rule classifies one scope; ok is false when the classifier does not
// know it.
type rule struct {
	class iam.Class
	kind  iam.Kind // evidence kind, "" for none
	why   string
}

func verdict(provider string, scopes []any, lookup func(string) (rule, bool), src iam.Source) iam.Verdict {
	return verdictNamed(provider, "scope", scopes, lookup, src)
}

// verdictNamed is verdict with the provider's word for what it classifies
// ("scope", "permission group").
func verdictNamed(provider, noun string, scopes []any, lookup func(string) (rule, bool), src iam.Source) iam.Verdict {
	v := iam.Verdict{Class: iam.ClassNone}
	var classes []iam.Class
	for _, s := range scopes {
		switch x := s.(type) {
		case value.Unknown:
			v.Unknowns = iam.AddUnknowns(v.Unknowns, iam.UnknownRef(x))
			classes = append(classes, iam.ClassUnknown)
		case string:
			name := strings.TrimSpace(x)
			if name == "" {
				continue
			}
			r, ok := lookup(name)
			if !ok {
				classes = append(classes, iam.ClassUnknown)
				v.Notes = append(v.Notes, fmt.Sprintf("%s %s %q is not known", provider, noun, name))
				continue
			}
			classes = append(classes, r.class)
			if r.kind != "" {
				v.Evidence = append(v.Evidence, iam.Evidence{Kind: r.kind, ID: provider + ":" + slug(name), Class: r.class, Scope: name,
					Message: fmt.Sprintf("%s %s %s %s", provider, noun, name, r.why), Actions: []string{name},
					Grants: []iam.Grant{{Source: src, Where: name, Actions: []string{name}}}})
			}
		}
	}
	if len(classes) > 0 {
		v.Class = iam.Max(classes...)
	}
	return v
}

func slug(s string) string {
	return strings.NewReplacer(":", "-", " ", "-", "_", "-", ".", "-").Replace(strings.ToLower(s))
}

func strs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// --- GitHub ---

var githubClassic = map[string]rule{
	"site_admin":                {iam.ClassAdmin, iam.KindAdmin, "administers the whole GitHub Enterprise Server instance"},
	"admin:enterprise":          {iam.ClassAdmin, iam.KindAdmin, "administers the enterprise"},
	"admin:org":                 {iam.ClassAdmin, iam.KindAdmin, "administers organizations: members, teams, settings, secrets"},
	"write:org":                 {iam.ClassPermissionsManagement, iam.KindPermissionsManagement, "manages organization and team membership"},
	"admin:org_hook":            {iam.ClassPermissionsManagement, iam.KindEscalation, "can add organization webhooks that receive every event"},
	"admin:repo_hook":           {iam.ClassWrite, iam.KindWildcard, "manages webhooks of every repository it can reach"},
	"repo":                      {iam.ClassWrite, iam.KindWildcard, "has full control of every private repository the owner can reach"},
	"workflow":                  {iam.ClassWrite, iam.KindEscalation, "changes GitHub Actions workflows, which run with the repositories' secrets"},
	"delete_repo":               {iam.ClassWrite, iam.KindWildcard, "deletes repositories"},
	"admin:public_key":          {iam.ClassWrite, iam.KindEscalation, "manages the owner's SSH keys"},
	"admin:gpg_key":             {iam.ClassWrite, "", ""},
	"admin:ssh_signing_key":     {iam.ClassWrite, "", ""},
	"manage_runners:enterprise": {iam.ClassWrite, iam.KindEscalation, "manages the enterprise's self-hosted runners"},
	"manage_billing:enterprise": {iam.ClassWrite, "", ""},
	"public_repo":               {iam.ClassWrite, "", ""},
	"repo:status":               {iam.ClassWrite, "", ""},
	"repo_deployment":           {iam.ClassWrite, "", ""},
	"repo:invite":               {iam.ClassWrite, "", ""},
	"security_events":           {iam.ClassWrite, "", ""},
	"write:repo_hook":           {iam.ClassWrite, "", ""},
	"write:public_key":          {iam.ClassWrite, "", ""},
	"write:gpg_key":             {iam.ClassWrite, "", ""},
	"write:packages":            {iam.ClassWrite, "", ""},
	"delete:packages":           {iam.ClassWrite, "", ""},
	"write:discussion":          {iam.ClassWrite, "", ""},
	"gist":                      {iam.ClassWrite, "", ""},
	"user":                      {iam.ClassWrite, "", ""},
	"user:follow":               {iam.ClassWrite, "", ""},
	"project":                   {iam.ClassWrite, "", ""},
	"codespace":                 {iam.ClassWrite, "", ""},
	"codespace:secrets":         {iam.ClassWrite, "", ""},
	"copilot":                   {iam.ClassWrite, "", ""},
	"notifications":             {iam.ClassRead, "", ""},
	"audit_log":                 {iam.ClassRead, "", ""},
}

// GitHubClassicScopes classifies the scopes of a classic personal access
// token or OAuth app: admin:org, admin:enterprise and site_admin are
// admin; write:org and admin:org_hook permissions-management; repo (every
// private repository), workflow (runs with repository secrets) and other
// writes are write, with evidence for the broad or escalating ones; read:*
// and the rest read. Unknown scopes are unknown.
func GitHubClassicScopes(scopes []any, src iam.Source) iam.Verdict {
	return verdict("github", scopes, githubClassicRule, src)
}

func githubClassicRule(s string) (rule, bool) {
	s = strings.ToLower(s)
	if r, ok := githubClassic[s]; ok {
		return r, true
	}
	if strings.HasPrefix(s, "read:") || s == "user:email" {
		return rule{class: iam.ClassRead}, true
	}
	return rule{}, false
}

// GitHubPermissions classifies fine-grained token or GitHub App permissions
// ({"contents": "write", "administration": "write", ...}): "admin" levels
// and organization_administration or members write are admin or
// permissions-management; administration, workflows, secrets and
// actions write are evidence; other writes write; reads read.
func GitHubPermissions(perms map[string]any, src iam.Source) iam.Verdict {
	keys := make([]string, 0, len(perms))
	for k := range perms {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var pairs []any
	for _, k := range keys {
		switch x := perms[k].(type) {
		case string:
			pairs = append(pairs, k+":"+strings.ToLower(x))
		case value.Unknown:
			pairs = append(pairs, x)
		}
	}
	return verdict("github", pairs, func(s string) (rule, bool) {
		name, level, _ := strings.Cut(s, ":")
		switch level {
		case "none", "":
			return rule{class: iam.ClassNone}, true
		case "read":
			return rule{class: iam.ClassRead}, true
		case "admin":
			return rule{iam.ClassAdmin, iam.KindAdmin, "is an admin permission"}, true
		case "write":
		default:
			return rule{}, false
		}
		switch name {
		case "organization_administration":
			return rule{iam.ClassAdmin, iam.KindAdmin, "administers the organization"}, true
		case "members", "organization_user_blocking", "organization_custom_roles", "organization_custom_org_roles":
			return rule{iam.ClassPermissionsManagement, iam.KindPermissionsManagement, "changes who may do what in the organization"}, true
		case "administration":
			return rule{iam.ClassPermissionsManagement, iam.KindPermissionsManagement, "administers repositories: collaborators, branch protection, settings"}, true
		case "workflows":
			return rule{iam.ClassWrite, iam.KindEscalation, "changes Actions workflows, which run with the repository's secrets"}, true
		case "secrets", "organization_secrets", "actions", "environments", "organization_self_hosted_runners":
			return rule{iam.ClassWrite, iam.KindEscalation, "changes Actions secrets, runners or runs"}, true
		case "organization_hooks", "repository_hooks":
			return rule{iam.ClassWrite, iam.KindEscalation, "adds webhooks that receive events"}, true
		}
		return rule{class: iam.ClassWrite}, true
	}, src)
}

// GitHubDeployKey classifies a deploy key from read_only: false is write
// (push to the repository, "github:deploy-key-write"), true or unset (the
// provider's default) read, unknown unknown.
func GitHubDeployKey(readOnly any, src iam.Source) iam.Verdict {
	switch x := readOnly.(type) {
	case bool:
		if !x {
			return iam.Verdict{Class: iam.ClassWrite, Evidence: []iam.Evidence{{Kind: iam.KindWildcard, ID: "github:deploy-key-write", Class: iam.ClassWrite, Scope: "repository",
				Message: "deploy key with read_only = false can push to the repository, including its workflows", Actions: []string{"read_only=false"},
				Grants: []iam.Grant{{Source: src, Where: "read_only"}}}}}
		}
		return iam.Verdict{Class: iam.ClassRead}
	case nil:
		return iam.Verdict{Class: iam.ClassRead, Notes: []string{"read_only is unset; the provider defaults it to true"}}
	case value.Unknown:
		return iam.Verdict{Class: iam.ClassUnknown, Unknowns: []string{iam.UnknownRef(x)}}
	}
	return iam.Verdict{Class: iam.ClassUnknown, Notes: []string{fmt.Sprintf("read_only is a %T", readOnly)}}
}

// --- GitLab ---

var gitlabScopes = map[string]rule{
	"sudo":                   {iam.ClassAdmin, iam.KindAdmin, "acts as any user (with an administrator's token)"},
	"admin_mode":             {iam.ClassAdmin, iam.KindAdmin, "uses administrator mode"},
	"api":                    {iam.ClassWrite, iam.KindWildcard, "reads and writes the whole API as its owner: projects, groups, registries, members"},
	"write_repository":       {iam.ClassWrite, "", ""},
	"write_registry":         {iam.ClassWrite, "", ""},
	"write_package_registry": {iam.ClassWrite, "", ""},
	"write_virtual_registry": {iam.ClassWrite, "", ""},
	"create_runner":          {iam.ClassWrite, "", ""},
	"manage_runner":          {iam.ClassWrite, iam.KindEscalation, "manages runners, which see every job's secrets"},
	"k8s_proxy":              {iam.ClassWrite, iam.KindEscalation, "reaches Kubernetes clusters through the agent"},
	"self_rotate":            {iam.ClassWrite, "", ""},
	"ai_features":            {iam.ClassWrite, "", ""},
	"read_api":               {iam.ClassRead, "", ""},
	"read_user":              {iam.ClassRead, "", ""},
	"read_repository":        {iam.ClassRead, "", ""},
	"read_registry":          {iam.ClassRead, "", ""},
	"read_package_registry":  {iam.ClassRead, "", ""},
	"read_virtual_registry":  {iam.ClassRead, "", ""},
	"read_service_ping":      {iam.ClassRead, "", ""},
	"openid":                 {iam.ClassRead, "", ""},
	"profile":                {iam.ClassRead, "", ""},
	"email":                  {iam.ClassRead, "", ""},
}

// GitLabScopes classifies personal, project, group access token and
// deploy token scopes: sudo and admin_mode admin; api write with
// "gitlab:api" evidence; write_* write; read_* read.
func GitLabScopes(scopes []any, src iam.Source) iam.Verdict {
	return verdict("gitlab", scopes, func(s string) (rule, bool) {
		r, ok := gitlabScopes[strings.ToLower(s)]
		return r, ok
	}, src)
}

// GitLabAccessLevel classifies a project or group access level: 50 owner
// admin, 40 maintainer permissions-management (manages members and
// protected branches), 30 developer write, 10 guest, 15 planner and 20
// reporter read, 5 minimal access and 0 none.
func GitLabAccessLevel(level any, src iam.Source) iam.Verdict {
	var n int
	switch x := level.(type) {
	case int:
		n = x
	case int64:
		n = int(x)
	case float64:
		n = int(x)
	case string:
		named := map[string]int{"no one": 0, "minimal": 5, "guest": 10, "planner": 15, "reporter": 20, "developer": 30, "maintainer": 40, "owner": 50}
		v, ok := named[strings.ToLower(strings.TrimSpace(x))]
		if !ok {
			return iam.Verdict{Class: iam.ClassUnknown, Notes: []string{fmt.Sprintf("access level %q is not known", x)}}
		}
		n = v
	case value.Unknown:
		return iam.Verdict{Class: iam.ClassUnknown, Unknowns: []string{iam.UnknownRef(x)}}
	default:
		return iam.Verdict{Class: iam.ClassUnknown}
	}
	g := []iam.Grant{{Source: src, Where: "access_level"}}
	switch {
	case n >= 50:
		return iam.Verdict{Class: iam.ClassAdmin, Evidence: []iam.Evidence{{Kind: iam.KindAdmin, ID: "gitlab:owner", Class: iam.ClassAdmin, Message: "owner access level", Actions: []string{"50"}, Grants: g}}}
	case n >= 40:
		return iam.Verdict{Class: iam.ClassPermissionsManagement, Evidence: []iam.Evidence{{Kind: iam.KindPermissionsManagement, ID: "gitlab:maintainer", Class: iam.ClassPermissionsManagement,
			Message: "maintainer access level manages members, protected branches and CI/CD variables", Actions: []string{"40"}, Grants: g}}}
	case n >= 30:
		return iam.Verdict{Class: iam.ClassWrite}
	case n >= 10:
		return iam.Verdict{Class: iam.ClassRead}
	}
	return iam.Verdict{Class: iam.ClassNone}
}

// --- other providers ---

// A Classifier classifies one scope or permission name of a provider.
type Classifier func(scope string) (class iam.Class, kind iam.Kind, why string, ok bool)

var (
	registryMu sync.RWMutex
	registry   = map[string]Classifier{}
)

// Register adds (or replaces) the classifier of a provider for Classify.
func Register(provider string, c Classifier) {
	registryMu.Lock()
	defer registryMu.Unlock()
	registry[strings.ToLower(provider)] = c
}

// Providers lists the registered providers, sorted.
func Providers() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	out := make([]string, 0, len(registry))
	for k := range registry {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Classify classifies scopes with a provider's registered classifier
// ("github", "gitlab", "cloudflare", "datadog", or one added with
// Register). An unregistered provider gives ClassUnknown.
func Classify(provider string, scopes []any, src iam.Source) iam.Verdict {
	registryMu.RLock()
	c, ok := registry[strings.ToLower(provider)]
	registryMu.RUnlock()
	if !ok {
		return iam.Verdict{Class: iam.ClassUnknown, Notes: []string{fmt.Sprintf("no scope classifier for %q", provider)}}
	}
	return verdict(strings.ToLower(provider), scopes, func(s string) (rule, bool) {
		class, kind, why, ok := c(s)
		return rule{class, kind, why}, ok
	}, src)
}

func fromRules(lookup func(string) (rule, bool)) Classifier {
	return func(s string) (iam.Class, iam.Kind, string, bool) {
		r, ok := lookup(s)
		return r.class, r.kind, r.why, ok
	}
}

// datadogScope classifies Datadog application key scopes
// ("dashboards_read", "api_keys_write", "user_access_manage").
func datadogScope(name string) (rule, bool) {
	l := strings.ToLower(name)
	switch {
	case l == "*":
		// "Application Keys configured with no scopes have full access."
		return rule{iam.ClassWrite, iam.KindWildcard, "(no scopes): every permission of the user or service account that owns it"}, true
	case l == "user_access_manage" || l == "user_access_invite" || strings.HasPrefix(l, "org_management"):
		return rule{iam.ClassPermissionsManagement, iam.KindPermissionsManagement, "manages users, roles and their permissions"}, true
	case l == "api_keys_write" || l == "user_app_keys" || l == "org_app_keys_write":
		return rule{iam.ClassAdmin, iam.KindEscalation, "creates API or application keys"}, true
	case strings.HasSuffix(l, "_read"):
		return rule{class: iam.ClassRead}, true
	case strings.HasSuffix(l, "_write") || strings.HasSuffix(l, "_manage") || strings.HasSuffix(l, "_delete") || strings.HasSuffix(l, "_create") || strings.HasSuffix(l, "_run"):
		return rule{class: iam.ClassWrite}, true
	}
	return rule{}, false
}

// keyVaultRead are Key Vault access policy permissions that change
// nothing: reading (a secret's value with the secrets' Get, a storage
// account's SAS with GetSAS), listing, backups (an encrypted blob only a
// vault of the same subscription can restore) and operations with the
// public half of a key. Lower case.
var keyVaultRead = []string{"get", "list", "getissuers", "listissuers", "getrotationpolicy", "getsas", "listsas", "backup", "encrypt", "verify", "wrapkey"}

// keyVaultWrite change the vault's contents, or use or export private key
// material (Decrypt, UnwrapKey, Sign, Release). Lower case.
var keyVaultWrite = []string{
	"set", "delete", "purge", "recover", "restore", "create", "import", "update",
	"decrypt", "unwrapkey", "sign", "release", "rotate", "setrotationpolicy",
	"deleteissuers", "manageissuers", "setissuers", "managecontacts",
	"deletesas", "setsas", "regeneratekey",
}

// azureKeyVaultPermission classifies the permissions of an Azure Key
// Vault access policy (azurerm_key_vault_access_policy secret_permissions,
// key_permissions, certificate_permissions, storage_permissions; "Get" or
// "get", by provider version). The lists come merged, so "Get" may be a
// secret's value or only a key's public part: it is read without
// secrets-read evidence rather than a guess.
func azureKeyVaultPermission(name string) (rule, bool) {
	l := strings.ToLower(strings.TrimSpace(name))
	switch {
	case slices.Contains(keyVaultRead, l):
		return rule{class: iam.ClassRead}, true
	case slices.Contains(keyVaultWrite, l):
		return rule{class: iam.ClassWrite}, true
	}
	return rule{}, false
}

func init() {
	Register("azurerm", fromRules(azureKeyVaultPermission))
	Register("github", fromRules(githubClassicRule))
	Register("gitlab", fromRules(func(s string) (rule, bool) { r, ok := gitlabScopes[strings.ToLower(s)]; return r, ok }))
	Register("cloudflare", fromRules(cloudflarePermission))
	Register("datadog", fromRules(datadogScope))
}

// Strings converts a []string to the []any the classifiers take.
func Strings(ss []string) []any { return strs(ss) }
