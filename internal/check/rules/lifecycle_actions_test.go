package rules_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// Terraform's CreateThenForget (["create", "forget"]) is a replace under
// removed { destroy = false }: the new object is judged as any replace
// (its lifetime here, ten years against thirty days), and the object it
// replaces keeps existing outside Terraform, which NHI-001 says.
func TestReplaceThatForgetsTheOldObject(t *testing.T) {
	t.Parallel()
	cert := func(hours int) map[string]any {
		return map[string]any{"validity_period_hours": hours, "is_ca_certificate": false, "allowed_uses": []any{"client_auth"}}
	}
	for _, acts := range [][]string{{"create", "forget"}, {"forget", "create"}} {
		r := check(t, []res{
			{Addr: "tls_private_key.k", Actions: []string{"no-op"}, Before: map[string]any{"algorithm": "ED25519"}, After: map[string]any{"algorithm": "ED25519"}},
			{Addr: "tls_self_signed_cert.c", Actions: acts, Before: cert(720), After: cert(87600),
				Refs: map[string][]string{"private_key_pem": {"tls_private_key.k.private_key_pem", "tls_private_key.k"}}},
			// Unowned before and after: the kept old key is news all the same.
			{Addr: "aws_iam_user.ci", Actions: []string{"no-op"}, Before: map[string]any{"name": "ci"}, After: map[string]any{"name": "ci"}},
			{Addr: "aws_iam_access_key.ci", Actions: acts, Before: map[string]any{"user": "ci", "status": "Active"}, After: map[string]any{"user": "ci", "status": "Active"},
				Refs: map[string][]string{"user": {"aws_iam_user.ci.name", "aws_iam_user.ci"}}},
		}, nil)
		lifetime := has(r, "tls_self_signed_cert.c", "NHI-003")
		if lifetime == nil || !lifetime.Introduced || !lifetime.Blocking || lifetime.Action != "replace" {
			t.Errorf("%v: the new object's ten years are not judged as a replace's: %+v (%v)", acts, lifetime, findings(r))
		}
		for _, addr := range []string{"tls_self_signed_cert.c", "aws_iam_access_key.ci"} {
			var kept bool
			for _, f := range r.Findings {
				if f.Address == addr && f.Rule == "NHI-001" && strings.Contains(f.Message, "the object it replaces is not destroyed") {
					kept = f.Introduced && f.Blocking
				}
			}
			if !kept {
				t.Errorf("%v %s: the replaced object left outside Terraform is not reported (introduced, blocking): %v", acts, addr, findings(r))
			}
		}
	}
}

// nhi_identity and nhi_exception live only in Terraform's state: a plan
// that forgets one removes it, so it owns and waives nothing after apply.
func TestForgottenDeclarationsOwnAndWaiveNothing(t *testing.T) {
	t.Parallel()
	key := map[string]any{"user": "ci", "status": "Active"}
	identity := map[string]any{"name": "ci", "kind": "service_account", "owner": "team-ci", "credentials": []any{"aws_iam_access_key.ci"}}
	exception := map[string]any{"rules": []any{"NHI-002"}, "resources": []any{"aws_iam_access_key.ci"}, "reason": "legacy", "approved_by": "sec", "expires_at": "2027-06-01T00:00:00Z"}
	for _, forget := range []bool{false, true} {
		acts := []string{"no-op"}
		if forget {
			acts = []string{"forget"}
		}
		decl := func(addr string, v map[string]any) res {
			r := res{Addr: addr, Actions: acts, Before: v}
			if !forget {
				r.After = v
			}
			return r
		}
		r := check(t, []res{
			{Addr: "aws_iam_user.ci", After: map[string]any{"name": "ci"}},
			{Addr: "aws_iam_access_key.ci", After: key, Refs: map[string][]string{"user": {"aws_iam_user.ci.name", "aws_iam_user.ci"}}},
			decl("nhi_identity.ci", identity),
			decl("nhi_exception.legacy", exception),
		}, nil)
		unowned := has(r, "aws_iam_access_key.ci", "NHI-001")
		static := has(r, "aws_iam_access_key.ci", "NHI-002")
		if static == nil {
			t.Fatalf("forget=%v: no NHI-002 on the key: %v", forget, findings(r))
		}
		if forget != (unowned != nil) {
			t.Errorf("forget=%v: NHI-001 on the key = %v: a forgotten nhi_identity owns nothing, a kept one owns it", forget, unowned != nil)
		}
		if forget == static.Waived() {
			t.Errorf("forget=%v: NHI-002 waived = %v: a forgotten nhi_exception waives nothing", forget, static.Waived())
		}
	}
}

// OpenTofu lists ephemeral resources in resource_changes (mode ephemeral,
// no values, action open) and may in planned_values: they hold nothing
// after apply and are skipped. Another action on one is not what OpenTofu
// writes, and is refused.
func TestEphemeralResourceEntries(t *testing.T) {
	t.Parallel()
	doc := func(action string) []byte {
		b, err := json.Marshal(map[string]any{
			"format_version": "1.2", "terraform_version": "1.10.0",
			"planned_values": map[string]any{"root_module": map[string]any{"resources": []any{
				map[string]any{"address": "ephemeral.random_password.db", "mode": "ephemeral", "type": "random_password", "name": "db", "provider_name": "registry.opentofu.org/hashicorp/random", "schema_version": 0},
			}}},
			"resource_changes": []any{
				map[string]any{"address": "ephemeral.random_password.db", "mode": "ephemeral", "type": "random_password", "name": "db", "provider_name": "registry.opentofu.org/hashicorp/random",
					"change": map[string]any{"actions": []string{action}, "before": nil, "after": nil, "after_unknown": map[string]any{}, "before_sensitive": false, "after_sensitive": false}},
				map[string]any{"address": "aws_iam_access_key.ci", "mode": "managed", "type": "aws_iam_access_key", "name": "ci", "provider_name": "registry.opentofu.org/hashicorp/aws",
					"change": map[string]any{"actions": []string{"create"}, "before": nil, "after": map[string]any{"user": "ci", "status": "Active"},
						"after_unknown": map[string]any{"secret": true, "id": true}, "before_sensitive": false, "after_sensitive": map[string]any{"secret": true}}},
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	opts := plan.Options{IsSecret: kb.IsSecret, Reads: kb.Known}
	for _, action := range []string{"open", "renew", "close"} {
		p, err := plan.Parse(doc(action), opts)
		if err != nil {
			t.Fatalf("%s: an ephemeral resource's entry refused: %v", action, err)
		}
		if p.Resource("ephemeral.random_password.db") != nil || p.Resource("aws_iam_access_key.ci") == nil {
			t.Errorf("%s: the ephemeral entry is loaded, or the managed one is not", action)
		}
		res, err := checker.CheckPlan(p, checker.Input{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if has(res.Report, "aws_iam_access_key.ci", "NHI-002") == nil {
			t.Errorf("%s: the key beside the ephemeral resource is not judged: %v", action, findings(res.Report))
		}
	}
	_, err := plan.Parse(doc("create"), opts)
	var ie *plan.InputError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "not an ephemeral resource's action") {
		t.Errorf("an ephemeral resource created: %v", err)
	}
}

// An import block brings an existing object under Terraform: its findings
// existed before the plan (not introduced), and the report names the
// action "import", not "no-op", so a reviewer sees what the plan adopts.
func TestImportIsNamed(t *testing.T) {
	t.Parallel()
	key := map[string]any{"user": "ci", "status": "Active", "id": "AKIAQ3EGRZXKLMNOPQ7B"}
	b, err := json.Marshal(map[string]any{
		"format_version": "1.2", "terraform_version": "1.11.4",
		"resource_changes": []any{
			map[string]any{"address": "aws_iam_access_key.ci", "mode": "managed", "type": "aws_iam_access_key", "name": "ci", "provider_name": "registry.terraform.io/hashicorp/aws",
				"change": map[string]any{"actions": []string{"no-op"}, "before": key, "after": key, "after_unknown": map[string]any{},
					"before_sensitive": map[string]any{}, "after_sensitive": map[string]any{}, "importing": map[string]any{"id": "AKIAQ3EGRZXKLMNOPQ7B"}}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Parse(b, plan.Options{IsSecret: kb.IsSecret, Reads: kb.Known})
	if err != nil {
		t.Fatal(err)
	}
	res, err := checker.CheckPlan(p, checker.Input{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	f := has(res.Report, "aws_iam_access_key.ci", "NHI-002")
	if f == nil || f.Action != "import" || f.Introduced {
		t.Errorf("an imported key: %+v (%v)", f, findings(res.Report))
	}
	if inv := res.Report.Inventory; len(inv) != 1 || inv[0].Action != "import" {
		t.Errorf("inventory %+v", inv)
	}
}

// A replace makes a new object (a new key, a new secret): what is found
// on it is this plan's, as on a created one, though the object it
// replaces had the same findings; an unchanged neighbour's stay
// pre-existing.
func TestReplaceIntroducesItsFindings(t *testing.T) {
	t.Parallel()
	key := map[string]any{"user": "ci", "status": "Active"}
	user := map[string]any{"name": "ci"}
	r := check(t, []res{
		{Addr: "aws_iam_user.ci", Actions: []string{"no-op"}, Before: user, After: user},
		{Addr: "aws_iam_access_key.ci", Actions: []string{"delete", "create"}, Before: key, After: key,
			Refs: map[string][]string{"user": {"aws_iam_user.ci.name", "aws_iam_user.ci"}}},
	}, nil)
	for _, rule := range []string{"NHI-001", "NHI-002"} {
		if f := has(r, "aws_iam_access_key.ci", rule); f == nil || !f.Introduced || !f.Blocking {
			t.Errorf("%s on the replaced key: %+v (%v)", rule, f, findings(r))
		}
	}
	if f := has(r, "aws_iam_user.ci", "NHI-001"); f == nil || f.Introduced {
		t.Errorf("the unchanged user's NHI-001 is pre-existing: %+v", f)
	}
}

// An owner text or tag list the configuration writes from a value known
// only after apply may name the owner: NHI-001 is "could not verify"
// (medium), and so for the credential that takes its owner from it. One
// the provider computes because the configuration leaves it unset (a
// default display name) names no one: NHI-001 stays.
func TestUnknownOwnerTextIsUnverified(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "random_pet.team", After: map[string]any{"length": 2}, Unknown: map[string]any{"id": true}},
		{Addr: "google_service_account.ci", After: map[string]any{"account_id": "ci"}, Unknown: map[string]any{"description": true, "email": true, "name": true},
			Refs: map[string][]string{"description": {"random_pet.team.id", "random_pet.team"}}},
		{Addr: "google_service_account_key.ci", After: map[string]any{"key_algorithm": "KEY_ALG_RSA_2048"}, Unknown: map[string]any{"private_key": true},
			Refs: map[string][]string{"service_account_id": {"google_service_account.ci.name", "google_service_account.ci"}}},
		{Addr: "google_service_account.plain", After: map[string]any{"account_id": "plain"}, Unknown: map[string]any{"description": true, "email": true, "name": true}},
	}, nil)
	for _, addr := range []string{"google_service_account.ci", "google_service_account_key.ci"} {
		if f := has(r, addr, "NHI-001"); f == nil || f.Severity != report.Medium || f.Blocking {
			t.Errorf("%s: owner text known after apply: %+v (%v)", addr, f, findings(r))
		}
	}
	if f := has(r, "google_service_account_key.ci", "NHI-001"); f != nil && !strings.Contains(f.Message, "the owner of google_service_account.ci, whose owner it takes, is only known after apply") {
		t.Errorf("the key's message does not say whose owner is unknown: %s", f.Message)
	}
	if f := has(r, "google_service_account.ci", "NHI-001"); f != nil && !strings.Contains(f.Message, "its `description`, which may name the owner, is only known after apply") {
		t.Errorf("the account's message does not name the attribute: %s", f.Message)
	}
	if f := has(r, "google_service_account.plain", "NHI-001"); f == nil || f.Severity != report.High {
		t.Errorf("a description the configuration does not set names no owner: %+v", f)
	}
}

// Several rotators may drive one credential: a known period bounds it,
// whatever another's unknown one, in whichever order they are written.
func TestFastestKnownRotatorBounds(t *testing.T) {
	t.Parallel()
	for _, order := range [][]string{{"time_rotating.jitter", "time_rotating.monthly"}, {"time_rotating.monthly", "time_rotating.jitter"}} {
		var keepers []string
		for _, r := range order {
			keepers = append(keepers, r+".id", r)
		}
		r := check(t, []res{
			{Addr: "time_rotating.jitter", After: map[string]any{}, Unknown: map[string]any{"rotation_days": true, "id": true},
				Refs: map[string][]string{"rotation_days": {"random_integer.days.result", "random_integer.days"}}},
			{Addr: "time_rotating.monthly", After: map[string]any{"rotation_days": 30}, Unknown: map[string]any{"id": true}},
			{Addr: "random_password.p", After: map[string]any{"length": 32}, Unknown: map[string]any{"result": true, "keepers": true},
				Refs: map[string][]string{"keepers": keepers}},
		}, nil)
		for _, rule := range []string{"NHI-002", "NHI-003"} {
			if f := has(r, "random_password.p", rule); f != nil {
				t.Errorf("%v: %s although a 30-day rotation bounds it: %s", order, rule, f.Message)
			}
		}
	}
}
