package rules_test

import (
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// Vault PKI roles and the certificates Terraform issues from them, and
// token roles: lifetimes come from the certificate, else its role; a
// certificate's own ttl bounds it even when the role is outside the plan.
func TestVaultPKIAndTokenRoles(t *testing.T) {
	t.Parallel()
	role := func(vals map[string]any) res {
		v := map[string]any{"backend": "pki", "name": "web", "allowed_domains": []any{"example.com"}}
		for k, x := range vals {
			v[k] = x
		}
		return res{Addr: "vault_pki_secret_backend_role.web", After: v}
	}
	cert := func(vals map[string]any, refs bool) res {
		v := map[string]any{"backend": "pki", "name": "web", "common_name": "app.example.com", "auto_renew": false}
		for k, x := range vals {
			v[k] = x
		}
		r := res{Addr: "vault_pki_secret_backend_cert.app", After: v, Unknown: map[string]any{"private_key": true, "certificate": true, "expiration": true}}
		if refs {
			r.Refs = map[string][]string{"name": {"vault_pki_secret_backend_role.web.name", "vault_pki_secret_backend_role.web"}}
		}
		return r
	}
	cases := []struct {
		name     string
		rs       []res
		addr     string
		severity report.Severity // 0: no NHI-003 on addr
		message  string
	}{
		{"role issuing year-long certificates", []res{role(map[string]any{"max_ttl": "31536000"})},
			"vault_pki_secret_backend_role.web", report.High, "issues certificates valid for 365 days (max_ttl)"},
		{"role issuing month-long certificates", []res{role(map[string]any{"ttl": "72h", "max_ttl": "720h"})},
			"vault_pki_secret_backend_role.web", 0, ""},
		{"certificate living as long as its role allows", []res{role(map[string]any{"ttl": "87600h", "max_ttl": "87600h"}), cert(nil, true)},
			"vault_pki_secret_backend_cert.app", report.High, "parent:"},
		{"certificate with its own short ttl, role outside the plan", []res{cert(map[string]any{"ttl": "86400"}, false)},
			"vault_pki_secret_backend_cert.app", 0, ""},
		{"certificate without ttl, role outside the plan", []res{cert(nil, false)},
			"vault_pki_secret_backend_cert.app", report.Medium, "parent resource outside this plan"},
		{"token role with year-long periodic tokens", []res{{Addr: "vault_token_auth_backend_role.ci",
			After: map[string]any{"role_name": "ci", "allowed_policies": []any{"deploy"}, "token_period": 31536000}}},
			"vault_token_auth_backend_role.ci", report.High, "issues tokens that never expire (token_period (renewable, with no token_explicit_max_ttl))"},
		{"token role with periodic tokens an explicit max ends", []res{{Addr: "vault_token_auth_backend_role.ci",
			After: map[string]any{"role_name": "ci", "allowed_policies": []any{"deploy"}, "token_period": 86400, "token_max_ttl": 3600, "token_explicit_max_ttl": 31536000}}},
			"vault_token_auth_backend_role.ci", report.High, "issues tokens valid for 365 days (token_explicit_max_ttl (renewable))"},
		{"token role with periodic tokens a max TTL does not end", []res{{Addr: "vault_token_auth_backend_role.ci",
			After: map[string]any{"role_name": "ci", "allowed_policies": []any{"deploy"}, "token_period": 86400, "token_max_ttl": 3600}}},
			"vault_token_auth_backend_role.ci", report.High, "issues tokens that never expire"},
		{"token role with day-long tokens renewable up to the default", []res{{Addr: "vault_token_auth_backend_role.ci",
			After: map[string]any{"role_name": "ci", "allowed_policies": []any{"deploy"}, "token_ttl": 86400}}},
			"vault_token_auth_backend_role.ci", 0, ""},
		// An AppRole's secret ids are its own lifetime; the tokens its
		// login yields are judged apart.
		{"approle with short secret ids and year-long tokens", []res{{Addr: "vault_approle_auth_backend_role.agent",
			After: map[string]any{"role_name": "agent", "secret_id_ttl": 3600, "token_ttl": 31536000, "token_max_ttl": 31536000, "token_policies": []any{"default"}}}},
			"vault_approle_auth_backend_role.agent", report.High, "issues tokens valid for 365 days (token_max_ttl (renewable))"},
		{"approle with short secret ids and tokens", []res{{Addr: "vault_approle_auth_backend_role.agent",
			After: map[string]any{"role_name": "agent", "secret_id_ttl": 3600, "token_ttl": 900, "token_max_ttl": 3600, "token_policies": []any{"default"}}}},
			"vault_approle_auth_backend_role.agent", 0, ""},
		// A token made against a token role lives as long as the role's
		// token TTLs say, not the 768h default.
		{"token of a role with hour-long tokens", []res{
			{Addr: "vault_token_auth_backend_role.ci", After: map[string]any{"role_name": "ci", "allowed_policies": []any{"deploy"}, "token_max_ttl": 3600}},
			{Addr: "vault_token.ci", After: map[string]any{"role_name": "ci", "policies": []any{"deploy"}}, Unknown: map[string]any{"client_token": true}},
		}, "vault_token.ci", 0, ""},
		{"token of a role with year-long tokens", []res{
			{Addr: "vault_token_auth_backend_role.ci", After: map[string]any{"role_name": "ci", "allowed_policies": []any{"deploy"}, "token_explicit_max_ttl": 31536000}},
			{Addr: "vault_token.ci", After: map[string]any{"role_name": "ci", "policies": []any{"deploy"}}, Unknown: map[string]any{"client_token": true},
				Refs: map[string][]string{"role_name": {"vault_token_auth_backend_role.ci.role_name", "vault_token_auth_backend_role.ci"}}},
		}, "vault_token.ci", report.High, "parent:token_explicit_max_ttl"},
		{"token of a role outside the plan", []res{
			{Addr: "vault_token.ci", After: map[string]any{"role_name": "elsewhere", "policies": []any{"deploy"}}, Unknown: map[string]any{"client_token": true}},
		}, "vault_token.ci", report.Medium, "parent resource outside this plan"},
		{"token without a role: the 768h default, within policy", []res{
			{Addr: "vault_token.ci", After: map[string]any{"policies": []any{"deploy"}}, Unknown: map[string]any{"client_token": true}},
		}, "vault_token.ci", 0, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := check(t, tc.rs, nil)
			f := has(r, tc.addr, "NHI-003")
			switch {
			case tc.severity == 0 && f != nil:
				t.Errorf("unexpected NHI-003: %s", f.Message)
			case tc.severity != 0 && f == nil:
				t.Errorf("no NHI-003 on %s; findings %v", tc.addr, findings(r))
			case f != nil && (f.Severity != tc.severity || !strings.Contains(f.Message, tc.message)):
				t.Errorf("NHI-003 %s %q, want %s containing %q", f.Severity, f.Message, tc.severity, tc.message)
			}
		})
	}
	// A role that issues certificates for any name can pass for any service.
	for anyName, want := range map[any]bool{true: true, false: false, nil: false} {
		vals := map[string]any{}
		if anyName != nil {
			vals["allow_any_name"] = anyName
		}
		r := check(t, []res{role(vals)}, nil)
		if got := has(r, "vault_pki_secret_backend_role.web", "NHI-005") != nil; got != want {
			t.Errorf("allow_any_name = %v: NHI-005 %v, want %v; findings %v", anyName, got, want, findings(r))
		}
	}
	r := check(t, []res{{Addr: "vault_token_auth_backend_role.ops", After: map[string]any{"role_name": "ops", "allowed_policies": []any{"root"}, "token_ttl": 3600}}}, nil)
	if has(r, "vault_token_auth_backend_role.ops", "NHI-004") == nil {
		t.Errorf("a token role allowing the root policy is not admin; findings %v", findings(r))
	}
}
