package graph_test

import (
	"testing"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checktest"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/graph"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
)

type res = checktest.Res

var now = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)

// lifecycle is a stub of the .tf sources: replace_triggered_by per address.
type lifecycle map[string][]string

func (l lifecycle) ReplaceTriggeredBy(_ []string, addr string) ([]string, bool) {
	refs, ok := l[addr]
	return refs, ok || true
}

func (lifecycle) ProvisionerCommands([]string, string) ([]string, bool) { return nil, false }

func build(t *testing.T, rs []res, src graph.Sources) *graph.Graph {
	t.Helper()
	return graph.Build(checktest.Plan(t, rs, nil), graph.Options{Now: now, Sources: src})
}

var key = res{Addr: "aws_iam_access_key.k", After: map[string]any{"user": "u", "status": "Active"}, Refs: map[string][]string{"user": {"aws_iam_user.u.name"}}}

func TestOwnershipPrecedence(t *testing.T) {
	t.Parallel()
	identity := res{Addr: "nhi_identity.ci", After: map[string]any{"name": "ci", "owner": "team-id", "credentials": []any{"aws_iam_access_key.k"}}}
	user := func(tags map[string]any) res {
		return res{Addr: "aws_iam_user.u", After: map[string]any{"name": "u", "tags": tags, "tags_all": tags}}
	}
	cases := []struct {
		name        string
		rs          []res
		src         graph.Sources
		owner, from string
	}{
		{"identity referenced from an attribute", []res{identity, user(map[string]any{"owner": "team-tag"}),
			{Addr: "aws_iam_access_key.k", After: map[string]any{"user": "u"}, Refs: map[string][]string{"user": {"aws_iam_user.u.name"}, "pgp_key": {"nhi_identity.ci.tags"}}}},
			nil, "team-id", "nhi_identity"},
		{"identity referenced from replace_triggered_by", []res{identity, user(nil), key},
			lifecycle{"aws_iam_access_key.k": {"nhi_identity.ci.rotation_trigger"}}, "team-id", "nhi_identity"},
		{"identity lists the credential", []res{identity, user(map[string]any{"owner": "team-tag"}), key}, nil, "team-id", "nhi_identity.credentials"},
		{"parent tag", []res{user(map[string]any{"Owner": "team-tag"}), key}, nil, "team-tag", "parent:tag"},
		{"nhi:owner key", []res{user(map[string]any{"nhi:owner": "team-colon"}), key}, nil, "team-colon", "parent:tag"},
		{"none", []res{user(map[string]any{"team": "x"}), key}, nil, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g := build(t, tc.rs, tc.src)
			o := g.Node("aws_iam_access_key.k").Owner
			if o.Owner != tc.owner || o.Source != tc.from {
				t.Errorf("owner %q from %q, want %q from %q", o.Owner, o.Source, tc.owner, tc.from)
			}
			if tc.owner == "" && !o.Assessable {
				t.Error("an access key's ownership should be assessable through its user")
			}
		})
	}
}

func TestOwnerInFreeText(t *testing.T) {
	t.Parallel()
	for desc, want := range map[string]string{
		"CI deployer. nhi_owner=team-analytics; owner=team-analytics": "team-analytics",
		"owner: team-web (ask #web)":                                  "team-web",
		"Owned by nobody in particular":                               "",
		"coowner=team-x":                                              "",
	} {
		g := build(t, []res{{Addr: "google_service_account.sa", After: map[string]any{"account_id": "sa", "description": desc}}}, nil)
		if got := g.Node("google_service_account.sa").Owner.Owner; got != want {
			t.Errorf("%q: owner %q, want %q", desc, got, want)
		}
	}
}

func TestRotationMechanisms(t *testing.T) {
	t.Parallel()
	rot := res{Addr: "time_rotating.r", After: map[string]any{"rotation_days": 30}, Unknown: map[string]any{"rotation_rfc3339": true}}
	cases := []struct {
		name   string
		rs     []res
		src    graph.Sources
		target string
		mech   string
		period time.Duration
	}{
		{"replace_triggered_by on time_rotating", []res{rot, key}, lifecycle{"aws_iam_access_key.k": {"time_rotating.r"}}, "aws_iam_access_key.k", "replace_triggered_by", 30 * kb.Day},
		{"replace_triggered_by on an unrelated attribute of nhi_identity", []res{
			{Addr: "nhi_identity.i", After: map[string]any{"name": "i", "owner": "o", "rotation_days": 45}}, key},
			lifecycle{"aws_iam_access_key.k": {"nhi_identity.i.tags"}}, "aws_iam_access_key.k", "", 0},
		{"replace_triggered_by on nhi_identity.rotation_trigger", []res{
			{Addr: "nhi_identity.i", After: map[string]any{"name": "i", "owner": "o", "rotation_days": 45}}, key},
			lifecycle{"aws_iam_access_key.k": {"nhi_identity.i.rotation_trigger"}}, "aws_iam_access_key.k", "replace_triggered_by", 45 * kb.Day},
		{"keepers", []res{rot, {Addr: "random_password.p", After: map[string]any{"length": 32}, Refs: map[string][]string{"keepers": {"time_rotating.r.id"}}}}, nil, "random_password.p", "keepers", 30 * kb.Day},
		{"rotation resource", []res{
			{Addr: "aws_secretsmanager_secret.s", After: map[string]any{"name": "s"}},
			{Addr: "aws_secretsmanager_secret_rotation.s", After: map[string]any{"rotation_rules": []any{map[string]any{"automatically_after_days": 14}}}, Refs: map[string][]string{"secret_id": {"aws_secretsmanager_secret.s.id"}}},
		}, nil, "aws_secretsmanager_secret.s", "rotation_resource", 14 * kb.Day},
		{"nothing", []res{key}, nil, "aws_iam_access_key.k", "", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g := build(t, tc.rs, tc.src)
			r := g.Node(tc.target).Rotation
			if r.Mechanism != tc.mech || r.Period != tc.period {
				t.Errorf("rotation %q every %v, want %q every %v", r.Mechanism, r.Period, tc.mech, tc.period)
			}
			if tc.mech == "" && r.Unverified != (tc.src == nil) {
				t.Errorf("unverified = %v with sources %v", r.Unverified, tc.src != nil)
			}
		})
	}
}

func TestLifetimes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		r    res
		want time.Duration
		src  string
	}{
		{"tls validity hours", res{Addr: "tls_self_signed_cert.c", After: map[string]any{"validity_period_hours": 87600}}, 87600 * time.Hour, "validity_period_hours"},
		{"azure relative end", res{Addr: "azuread_application_password.p", After: map[string]any{"end_date_relative": "2160h"}}, 90 * kb.Day, "end_date_relative"},
		{"azure absolute end", res{Addr: "azuread_application_password.p", After: map[string]any{"end_date": "2027-11-24T00:00:00Z"}}, 365 * kb.Day, "end_date"},
		{"vault root token never expires", res{Addr: "vault_token.t", After: map[string]any{"policies": []any{"root"}}}, kb.Forever, ""},
		{"vault token ttl, not renewable", res{Addr: "vault_token.t", After: map[string]any{"policies": []any{"app"}, "ttl": "24h", "explicit_max_ttl": "72h", "renewable": false}}, 24 * time.Hour, "ttl"},
		// Renewed, a token outlives its TTL: explicit_max_ttl, or forever when
		// periodic without one, or Vault's default maximum.
		{"vault token ttl, renewable", res{Addr: "vault_token.t", After: map[string]any{"policies": []any{"app"}, "ttl": "24h", "explicit_max_ttl": "8760h", "renewable": true}}, 8760 * time.Hour, "explicit_max_ttl (renewable)"},
		{"vault token ttl, renewable by default", res{Addr: "vault_token.t", After: map[string]any{"policies": []any{"app"}, "ttl": "24h"}}, 768 * time.Hour, "renewable up to the default maximum TTL"},
		{"vault periodic token", res{Addr: "vault_token.t", After: map[string]any{"policies": []any{"app"}, "period": "24h"}}, kb.Forever, "period (renewable, with no explicit_max_ttl)"},
		{"vault periodic token with a maximum", res{Addr: "vault_token.t", After: map[string]any{"policies": []any{"app"}, "period": "24h", "explicit_max_ttl": "720h"}}, 720 * time.Hour, "explicit_max_ttl (renewable)"},
		{"approle secret_id_ttl 0", res{Addr: "vault_approle_auth_backend_role.r", After: map[string]any{"role_name": "r", "secret_id_ttl": 0}}, kb.Forever, "secret_id_ttl"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g := build(t, []res{tc.r}, lifecycle{})
			lt := g.Node(tc.r.Addr).Lifetime
			if !lt.Judged || lt.Duration != tc.want || (tc.src != "" && lt.Source != tc.src) {
				t.Errorf("lifetime %v from %q (judged %v), want %v from %q", lt.Duration, lt.Source, lt.Judged, tc.want, tc.src)
			}
		})
	}
}

func TestSecretFlows(t *testing.T) {
	t.Parallel()
	outputs := map[string]any{
		"k_id":     map[string]any{"expression": map[string]any{"references": []any{"aws_iam_access_key.k.id", "aws_iam_access_key.k"}}},
		"k_secret": map[string]any{"sensitive": true, "expression": map[string]any{"references": []any{"aws_iam_access_key.k.secret", "aws_iam_access_key.k"}}},
	}
	p := checktest.Plan(t, []res{key,
		{Addr: "github_actions_secret.s", After: map[string]any{"repository": "r", "secret_name": "KEY"}, Refs: map[string][]string{"plaintext_value": {"aws_iam_access_key.k.secret", "aws_iam_access_key.k"}}},
		{Addr: "aws_instance.vm", After: map[string]any{"ami": "x"}, Refs: map[string][]string{"user_data": {"random_password.p.result", "random_password.p"}}},
		{Addr: "random_password.p", After: map[string]any{"length": 20}},
		{Addr: "aws_db_instance.db", After: map[string]any{"engine": "postgres"}, Refs: map[string][]string{"password": {"random_password.p.result"}}},
	}, map[string]any{"outputs": outputs})
	g := graph.Build(p, graph.Options{Now: now, Sources: lifecycle{}})
	kinds := map[string]graph.FlowKind{}
	for _, f := range g.Flows {
		kinds[f.Sink] = f.Kind
	}
	want := map[string]graph.FlowKind{"github_actions_secret.s": graph.ToCISecret, "aws_instance.vm": graph.ToPlainText, "output.k_secret": graph.ToOutput}
	for sink, k := range want {
		if kinds[sink] != k {
			t.Errorf("%s: flow %q, want %q (all: %v)", sink, kinds[sink], k, kinds)
		}
	}
	for _, sink := range []string{"aws_db_instance.db", "output.k_id"} {
		if _, ok := kinds[sink]; ok {
			t.Errorf("%s is not exposure (a generated password where it is used; a key id)", sink)
		}
	}
}

// A new role's managed_policy_arns and inline_policy are known after
// apply: the provider fills them from the role's attachment and inline
// policy resources, which are judged themselves. Unset in the
// configuration, their unknown value hides nothing (a real checkov plan
// said a role's admin verdict depended on "aws_iam_role.example", its own
// address); set from something the plan cannot read, it still does.
func TestRoleAttributesFilledBySiblingsAreNotUnknowns(t *testing.T) {
	t.Parallel()
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	role := func(addr string, refs map[string][]string) res {
		return res{Addr: addr, After: map[string]any{"assume_role_policy": trust, "tags": map[string]any{"owner": "team-a"}},
			Unknown: map[string]any{"name": true, "id": true, "arn": true, "managed_policy_arns": true, "inline_policy": true}, Refs: refs}
	}
	g := build(t, []res{
		role("aws_iam_role.plain", nil),
		role("aws_iam_role.configured", map[string][]string{"managed_policy_arns": {"var.extra_policy_arns"}}),
		{Addr: "aws_iam_role_policy.admin", After: map[string]any{"name": "admin",
			"policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`},
			Unknown: map[string]any{"role": true}, Refs: map[string][]string{"role": {"aws_iam_role.plain.id", "aws_iam_role.plain"}}},
	}, nil)
	plain := g.Node("aws_iam_role.plain").Privilege
	if plain == nil || plain.Class.String() != "admin" || len(plain.Unknowns) != 0 {
		t.Fatalf("plain role: %+v", plain)
	}
	configured := g.Node("aws_iam_role.configured").Privilege
	if configured == nil || len(configured.Unknowns) == 0 {
		t.Fatalf("a role whose managed_policy_arns the configuration sets to an unread value must keep the unknown: %+v", configured)
	}
}
