package vaultiam

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

func ids(v iam.Verdict) []string {
	var out []string
	for _, e := range v.Evidence {
		out = append(out, e.ID)
	}
	return out
}

// vault-01 policies, as written in the fixture's heredocs.
const (
	paymentsRead = `path "secret/data/payments/*" {
  capabilities = ["read"]
}
`
	everything = `path "*" {
  capabilities = ["create", "read", "update", "delete", "list", "sudo"]
}
`
)

func TestParsePolicy(t *testing.T) {
	t.Parallel()
	p, err := ParsePolicy(paymentsRead, "")
	if err != nil || len(p.Rules) != 1 || p.Rules[0].Path != "secret/data/payments/*" || !slices.Equal(p.Rules[0].Capabilities, []string{"read"}) || p.Rules[0].Line != 1 {
		t.Fatalf("got %+v %v", p, err)
	}
	j, err := ParsePolicy(`{"path": {"secret/*": {"capabilities": ["read", "list"]}}}`, "p.json")
	if err != nil || len(j.Rules) != 1 || len(j.Rules[0].Capabilities) != 2 {
		t.Fatalf("json: %+v %v", j, err)
	}
	legacy, err := ParsePolicy(`path "secret/*" { policy = "write" }`, "")
	if err != nil || !legacy.Rules[0].has("update") {
		t.Fatalf("legacy: %+v %v", legacy, err)
	}
	params, err := ParsePolicy(`path "secret/foo" {
  capabilities = ["create"]
  allowed_parameters = { "bar" = ["zip", "zap"] }
  min_wrapping_ttl = "1s"
}`, "")
	if err != nil || len(params.Rules) != 1 {
		t.Fatalf("parameters: %v", err)
	}
	// What only HCL 1, Vault's own parser, accepts is read too: a control
	// group's factor blocks inside an object, attributes on one line.
	hcl1Only, err := ParsePolicy(`path "secret/foo" {
  capabilities = ["read"]
  control_group = {
    factor "ops" {
      identity {
        group_names = ["managers"]
        approvals = 1
      }
    }
  }
}
path "sys/*" { capabilities = ["sudo", "read"] max_wrapping_ttl = "90s" }`, "")
	if err != nil || len(hcl1Only.Rules) != 2 || !hcl1Only.Rules[1].has("sudo") || hcl1Only.Rules[1].Line != 12 {
		t.Fatalf("HCL 1 policy: %+v %v", hcl1Only, err)
	}
	if _, err := ParsePolicy(value.Unknown{Ref: "vault_policy.x.policy"}, ""); !errors.Is(err, ErrUnknownPolicy) {
		t.Fatalf("unknown: %v", err)
	}
	bad := []string{
		`path "x" { capabilities = ["fly"] }`,
		`path "x" { capabilities = "read" }`,
		`path "x" { capabilities = [var.x] }`,
		`path { capabilities = ["read"] }`,
		`path "x" {`,
		`path "x" { policy = "everything" }`,
		`path "*" { capabilities = ["sudo"`,
		`path "x" { capabilities = ["read"] foo bar }`,
		`role "x" {}`,
	}
	for _, b := range bad {
		if _, err := ParsePolicy(b, ""); err == nil {
			t.Errorf("no error for %q", b)
		}
	}
	if _, err := ParsePolicy(42, ""); err == nil {
		t.Error("no error for a number")
	}
}

func TestAnalyzePolicy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		policy string
		class  iam.Class
		has    []string
	}{
		{"vault-01 jenkins-everything", everything, iam.ClassAdmin, []string{"vault:sudo"}},
		{"vault-01 payments-read", paymentsRead, iam.ClassRead, nil},
		{"* with writes, no sudo", `path "*" { capabilities = ["create", "update"] }`, iam.ClassAdmin, []string{"vault:wildcard-path"}},
		{"* read only", `path "*" { capabilities = ["read", "list"] }`, iam.ClassRead, []string{"vault:secrets-read"}},
		{"sys/* write", `path "sys/*" { capabilities = ["update"] }`, iam.ClassAdmin, []string{"vault:sys-write"}},
		{"sys/policy write", `path "sys/policy/*" { capabilities = ["create", "update"] }`, iam.ClassAdmin, []string{"vault:sys-write"}},
		{"sys/policies/acl write", `path "sys/policies/acl/app" { capabilities = ["update"] }`, iam.ClassAdmin, []string{"vault:sys-write"}},
		{"auth/* write", `path "auth/*" { capabilities = ["create", "update"] }`, iam.ClassAdmin, []string{"vault:auth-write"}},
		{"auth approle roles write", `path "auth/approle/role/*" { capabilities = ["update"] }`, iam.ClassAdmin, []string{"vault:auth-write"}},
		{"sys/* read is read", `path "sys/*" { capabilities = ["read"] }`, iam.ClassRead, nil},
		{"identity group write", `path "identity/group/*" { capabilities = ["update"] }`, iam.ClassPermissionsManagement, []string{"vault:identity-write"}},
		{"whole KV mount read", `path "secret/data/*" { capabilities = ["read"] }`, iam.ClassRead, []string{"vault:secrets-read"}},
		{"one app's secrets write", `path "secret/data/app/+/config" { capabilities = ["create", "update", "read"] }`, iam.ClassWrite, nil},
		{"sudo on one path", `path "sys/leases/revoke-prefix/*" { capabilities = ["sudo", "update"] }`, iam.ClassAdmin, []string{"vault:sudo"}},
		// sudo widens only what its path reaches: listing leases reads.
		{"sudo on lease lookup", `path "sys/leases/lookup/*" { capabilities = ["list", "sudo"] }`, iam.ClassRead, nil},
		{"sudo on sys/leases", `path "sys/leases/*" { capabilities = ["list", "sudo"] }`, iam.ClassAdmin, []string{"vault:sudo"}},
		{"sudo on token creation", `path "auth/token/create" { capabilities = ["update", "sudo"] }`, iam.ClassAdmin, []string{"vault:sudo"}},
		// A trusted orchestrator mints secret IDs for one AppRole: that
		// role's policies, not any.
		{"secret ids of one AppRole", `path "auth/approle/role/payments-api/secret-id" { capabilities = ["update"] }
path "auth/approle/role/payments-api/role-id" { capabilities = ["read"] }`, iam.ClassWrite, nil},
		{"secret id endpoints of one AppRole", `path "auth/approle/role/payments-api/secret-id*" { capabilities = ["update", "list"] }`, iam.ClassWrite, nil},
		{"settings of one AppRole", `path "auth/approle/role/payments-api/*" { capabilities = ["update"] }`, iam.ClassAdmin, []string{"vault:auth-write"}},
		{"policies of one AppRole", `path "auth/approle/role/payments-api/policies" { capabilities = ["update"] }`, iam.ClassAdmin, []string{"vault:auth-write"}},
		{"one AppRole itself", `path "auth/approle/role/payments-api" { capabilities = ["update"] }`, iam.ClassAdmin, []string{"vault:auth-write"}},
		{"secret ids of every AppRole", `path "auth/approle/role/+/secret-id" { capabilities = ["update"] }`, iam.ClassAdmin, []string{"vault:auth-any-role-credentials"}},
		{"deny only", `path "secret/*" { capabilities = ["deny"] }`, iam.ClassNone, nil},
		{"empty policy", ``, iam.ClassNone, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := ParsePolicy(tc.policy, "")
			if err != nil {
				t.Fatal(err)
			}
			v := AnalyzePolicy(p, iam.Source{Chain: []string{"vault_policy.x"}})
			if v.Class != tc.class {
				t.Fatalf("class %s, want %s (%v)", v.Class, tc.class, ids(v))
			}
			for _, id := range tc.has {
				if !slices.Contains(ids(v), id) {
					t.Errorf("missing %s in %v", id, ids(v))
				}
			}
			if len(tc.has) == 0 && len(v.Evidence) > 0 {
				t.Errorf("unexpected evidence %v", ids(v))
			}
		})
	}
}

func TestAnalyzePolicyNames(t *testing.T) {
	t.Parallel()
	everythingDoc, _ := ParsePolicy(everything, "")
	readDoc, _ := ParsePolicy(paymentsRead, "")
	docs := map[string]*Policy{"jenkins-everything": everythingDoc, "payments-read": readDoc}
	src := iam.Source{Chain: []string{"vault_token.ci_bootstrap"}}
	tests := []struct {
		names []any
		class iam.Class
		id    string
	}{
		{[]any{"root"}, iam.ClassAdmin, "vault:root-policy"},                     // vault_token.ci_bootstrap
		{[]any{"jenkins-everything"}, iam.ClassAdmin, "vault:sudo"},              // approle jenkins
		{[]any{"payments-read"}, iam.ClassRead, ""},                              // payments_api, payments_batch
		{[]any{value.Unknown{Ref: "vault_policy.x.name"}}, iam.ClassUnknown, ""}, // name known only after apply
		{[]any{"default"}, iam.ClassRead, ""},
		{[]any{"elsewhere"}, iam.ClassUnknown, ""},
		{[]any{"payments-read", "root"}, iam.ClassAdmin, "vault:root-policy"},
		// Globs (a token role's allowed_policies_glob): "*" is any policy.
		{[]any{"*"}, iam.ClassAdmin, "vault:any-policy"},
		{[]any{"payments-read", "**"}, iam.ClassAdmin, "vault:any-policy"},
		{[]any{"jenkins-*"}, iam.ClassAdmin, "vault:sudo"},
		{[]any{"payments-*"}, iam.ClassRead, ""},
		{[]any{"team-*"}, iam.ClassUnknown, ""},
	}
	for _, tc := range tests {
		v := AnalyzePolicyNames(tc.names, docs, src)
		if v.Class != tc.class || (tc.id != "" && !slices.Contains(ids(v), tc.id)) {
			t.Errorf("%v: %s %v", tc.names, v.Class, ids(v))
		}
		if tc.id != "" && !slices.Equal(v.Chain(), src.Chain) {
			t.Errorf("%v: chain %v", tc.names, v.Chain())
		}
	}
}

// FuzzParseVaultPolicy: no input panics; what parses can be analysed, and
// every error says it comes from vaultiam.
func FuzzParseVaultPolicy(f *testing.F) {
	for _, s := range []string{paymentsRead, everything, `{"path":{"*":{"capabilities":["read"]}}}`, `path "a" { policy = "sudo" }`, ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePolicy(s, "fuzz.hcl")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "vaultiam: ") {
				t.Fatalf("unexpected error form: %v", err)
			}
			return
		}
		v := AnalyzePolicy(p, iam.Source{})
		if !v.Class.Known() {
			t.Fatalf("class %v", v.Class)
		}
	})
}

func BenchmarkParseVaultPolicy(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParsePolicy(everything+paymentsRead, ""); err != nil {
			b.Fatal(err)
		}
	}
}
