package rules_test

// Regressions found by running the checker on real `terraform show -json`
// plans from public test suites. Every plan here is a minimal synthetic
// reproduction of the shape that went wrong, written for this file.

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/graph"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// A removed { lifecycle { destroy = false } } block forgets a live
// credential: this plan is what leaves it without an owning configuration,
// so the finding is introduced (and blocks), not pre-existing.
func TestCorpusForgetIsIntroduced(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "aws_iam_user.ci", Actions: []string{"no-op"},
			Before: map[string]any{"name": "ci", "tags": owned, "tags_all": owned},
			After:  map[string]any{"name": "ci", "tags": owned, "tags_all": owned}},
		{Addr: "aws_iam_access_key.old", Actions: []string{"forget"},
			Before: map[string]any{"user": "ci", "status": "Active", "create_date": "2025-10-01T00:00:00Z"},
			Refs:   map[string][]string{"user": {"aws_iam_user.ci.name", "aws_iam_user.ci"}}},
		// Unowned already before the plan: forgetting it is news all the same.
		{Addr: "aws_iam_user.legacy", Actions: []string{"no-op"}, Before: map[string]any{"name": "legacy"}, After: map[string]any{"name": "legacy"}},
		{Addr: "aws_iam_access_key.legacy", Actions: []string{"forget"},
			Before: map[string]any{"user": "legacy", "status": "Active", "create_date": "2025-10-01T00:00:00Z"},
			Refs:   map[string][]string{"user": {"aws_iam_user.legacy.name", "aws_iam_user.legacy"}}},
	}, nil)
	for _, addr := range []string{"aws_iam_access_key.old", "aws_iam_access_key.legacy"} {
		var f *report.Finding
		for _, g := range r.Findings {
			if g.Address == addr && g.Rule == "NHI-001" && strings.Contains(g.Message, "leaves Terraform management") {
				f = g
			}
		}
		if f == nil {
			t.Fatalf("%s: forgotten key not reported: %v", addr, findings(r))
		}
		if !f.Introduced || !f.Blocking {
			t.Errorf("%s: forgetting a live key is this plan's doing: introduced=%v blocking=%v", addr, f.Introduced, f.Blocking)
		}
	}
}

// An output this plan adds that carries a key's secret did not exist
// before the plan: its NHI-007 finding is introduced.
func TestCorpusNewSecretOutputIsIntroduced(t *testing.T) {
	t.Parallel()
	user := map[string]any{"name": "ci", "tags": owned, "tags_all": owned}
	key := map[string]any{"user": "ci", "status": "Active", "create_date": "2026-10-01T00:00:00Z"}
	r := check(t, []res{
		{Addr: "aws_iam_user.ci", Actions: []string{"no-op"}, Before: user, After: user},
		{Addr: "aws_iam_access_key.ci", Actions: []string{"no-op"}, Before: key, After: key,
			Refs: map[string][]string{"user": {"aws_iam_user.ci.name", "aws_iam_user.ci"}}},
	}, map[string]any{
		"outputs": map[string]any{
			"old_secret": map[string]any{"sensitive": true, "expression": map[string]any{"references": []string{"aws_iam_access_key.ci.secret", "aws_iam_access_key.ci"}}},
			"new_secret": map[string]any{"sensitive": true, "expression": map[string]any{"references": []string{"aws_iam_access_key.ci.secret", "aws_iam_access_key.ci"}}},
		},
		"output_changes": map[string]any{
			"old_secret": map[string]any{"actions": []string{"no-op"}, "before": nil, "after": nil, "after_unknown": false, "before_sensitive": true, "after_sensitive": true},
			"new_secret": map[string]any{"actions": []string{"create"}, "before": nil, "after": nil, "after_unknown": false, "before_sensitive": false, "after_sensitive": true},
		},
	})
	if f := has(r, "output.new_secret", "NHI-007"); f == nil || !f.Introduced || !f.Blocking {
		t.Errorf("new secret-bearing output not introduced/blocking: %+v (%v)", f, findings(r))
	}
	if f := has(r, "output.old_secret", "NHI-007"); f == nil || f.Introduced {
		t.Errorf("unchanged secret-bearing output should be reported as pre-existing: %+v", f)
	}
}

// google_storage_hmac_key is a static credential of a service account
// (S3-interoperable access id and secret) that never expires; it was not
// in the knowledge base, so real Google plans creating one passed silently.
func TestCorpusGoogleHMACKeyIsAStaticCredential(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "google_service_account.sync", After: map[string]any{"account_id": "sync", "description": "owner: team-data"},
			Unknown: map[string]any{"email": true, "name": true, "member": true}},
		{Addr: "google_storage_hmac_key.sync", After: map[string]any{"project": "p", "state": "ACTIVE"},
			Unknown: map[string]any{"access_id": true, "secret": true, "id": true},
			Refs:    map[string][]string{"service_account_email": {"google_service_account.sync.email", "google_service_account.sync"}}},
		{Addr: "google_storage_hmac_key.old", After: map[string]any{"project": "p", "state": "INACTIVE", "service_account_email": "legacy@p.iam.gserviceaccount.com"}},
	}, nil)
	f := has(r, "google_storage_hmac_key.sync", "NHI-002")
	if f == nil {
		t.Fatalf("HMAC key not judged as a static credential: %v", findings(r))
	}
	if len(f.Related) == 0 || f.Related[0] != "google_service_account.sync" {
		t.Errorf("HMAC key not linked to its service account: %v", f.Related)
	}
	if has(r, "google_storage_hmac_key.sync", "NHI-001") != nil {
		t.Errorf("HMAC key should inherit its service account's owner")
	}
	noFindingsOn(t, r, "google_storage_hmac_key.old", "inactive HMAC key reported")
}

// Grants to people (Google user:/group: members, Azure assignments with
// principal_type User or Group) are not machine identities' privilege:
// terraform-validator's folder editor for user:jane@example.com was
// reported as a critical, blocking NHI-004. A grant that also reaches a
// service account, one over a service account (impersonation), and public
// or domain-wide members stay reported.
func TestCorpusGrantsToPeopleAreOutOfScope(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "google_folder_iam_member.jane", After: map[string]any{"folder": "folders/1", "role": "roles/editor", "member": "user:jane@example.com"}},
		{Addr: "google_project_iam_binding.admins", After: map[string]any{"project": "p", "role": "roles/owner", "members": []any{"group:gcp-admins@example.com", "user:bob@example.com"}}},
		{Addr: "azurerm_role_assignment.ops", After: map[string]any{"scope": "/subscriptions/00000000-0000-0000-0000-000000000000", "role_definition_name": "Owner", "principal_id": "11111111-1111-1111-1111-111111111111", "principal_type": "Group"}},
		// tfplan-validator's authoritative policy: its one binding, roles/owner, reaches a person.
		{Addr: "google_project_iam_policy.people", After: map[string]any{"project": "p", "policy_data": `{"bindings":[{"members":["user:jond3k@gmail.com","group:ops@example.com"],"role":"roles/owner"}]}`}},
		// still in scope
		{Addr: "google_project_iam_binding.mixed", After: map[string]any{"project": "p", "role": "roles/owner", "members": []any{"group:gcp-admins@example.com", "serviceAccount:ci@p.iam.gserviceaccount.com"}}},
		{Addr: "google_storage_bucket_iam_member.public", After: map[string]any{"bucket": "b", "role": "roles/storage.admin", "member": "allUsers"}},
		{Addr: "google_project_iam_policy.mixed", After: map[string]any{"project": "p", "policy_data": `{"bindings":[{"members":["user:jond3k@gmail.com"],"role":"roles/owner"},{"members":["user:a@example.com","serviceAccount:ci@p.iam.gserviceaccount.com"],"role":"roles/editor"}]}`}},
		{Addr: "google_project_iam_member.domain", After: map[string]any{"project": "p", "role": "roles/editor", "member": "domain:example.com"}},
		{Addr: "google_project_iam_member.unknown", After: map[string]any{"project": "p", "role": "roles/editor"}, Unknown: map[string]any{"member": true}},
		{Addr: "azurerm_role_assignment.sp", After: map[string]any{"scope": "/subscriptions/00000000-0000-0000-0000-000000000000", "role_definition_name": "Owner", "principal_id": "22222222-2222-2222-2222-222222222222"}, Unknown: map[string]any{"principal_type": true}},
	}, nil)
	for _, addr := range []string{"google_folder_iam_member.jane", "google_project_iam_binding.admins", "azurerm_role_assignment.ops", "google_project_iam_policy.people"} {
		noFindingsOn(t, r, addr, "grant to people reported")
	}
	for _, addr := range []string{"google_project_iam_binding.mixed", "google_project_iam_policy.mixed", "google_storage_bucket_iam_member.public", "google_project_iam_member.domain", "google_project_iam_member.unknown", "azurerm_role_assignment.sp"} {
		found := false
		for _, f := range r.Findings {
			if f.Address == addr && (f.Rule == "NHI-004" || f.Rule == "NHI-005") {
				found = true
			}
		}
		if !found {
			t.Errorf("%s no longer reported: %v", addr, findings(r))
		}
	}
}

// A public grant (terraform-validator's kms key with allUsers) was told to
// "scope iam:PassRole to one role", the AWS-minded generic fix of NHI-005.
func TestCorpusPublicMemberRemediation(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "google_kms_crypto_key_iam_member.k", After: map[string]any{"crypto_key_id": "p/global/r/k", "role": "roles/cloudkms.cryptoKeyEncrypterDecrypter", "member": "allUsers"}},
	}, nil)
	f := has(r, "google_kms_crypto_key_iam_member.k", "NHI-005")
	if f == nil {
		t.Fatalf("public grant not reported: %v", findings(r))
	}
	if strings.Contains(f.Remediation, "PassRole") || !strings.Contains(f.Remediation, "allUsers") {
		t.Errorf("remediation does not fit a public member: %s", f.Remediation)
	}
}

// resource_drift lists objects whose refreshed state differs from the last
// apply, including differences nobody made by hand: a policy document the
// API returns re-serialized ("s3:GetObject" against ["s3:GetObject"], key
// order), and a Google IAM grant's etag, which is the whole project
// policy's and moves whenever any other binding changes. NHI-009 reported
// them all as "changed outside Terraform" and never said what changed.
func TestCorpusDriftIgnoresLayoutAndVolatileAttributes(t *testing.T) {
	t.Parallel()
	p1 := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`
	p2 := `{"Statement":[{"Action":["s3:GetObject"],"Effect":"Allow","Resource":["arn:aws:s3:::b/*"]}],"Version":"2012-10-17"}`
	wide := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`
	drift := func(addr, typ string, before, after map[string]any) map[string]any {
		return map[string]any{"address": addr, "mode": "managed", "type": typ, "name": "x", "provider_name": "registry.terraform.io/hashicorp/x",
			"change": map[string]any{"actions": []string{"update"}, "before": before, "after": after, "after_unknown": map[string]any{}, "before_sensitive": map[string]any{}, "after_sensitive": map[string]any{}}}
	}
	member := map[string]any{"project": "p", "role": "roles/viewer", "member": "serviceAccount:a@p.iam.gserviceaccount.com"}
	withEtag := func(e string) map[string]any {
		m := map[string]any{"etag": e}
		for k, v := range member {
			m[k] = v
		}
		return m
	}
	r := check(t, nil, map[string]any{"resource_drift": []any{
		drift("aws_iam_user_policy.layout", "aws_iam_user_policy", map[string]any{"user": "u", "policy": p1}, map[string]any{"user": "u", "policy": p2}),
		drift("google_project_iam_member.etag", "google_project_iam_member", withEtag("BwX1"), withEtag("BwX2")),
		drift("aws_iam_user_policy.widened", "aws_iam_user_policy", map[string]any{"user": "u", "policy": p1, "name": "p"}, map[string]any{"user": "u", "policy": wide, "name": "p"}),
	}})
	for _, addr := range []string{"aws_iam_user_policy.layout", "google_project_iam_member.etag"} {
		if f := has(r, addr, "NHI-009"); f != nil {
			t.Errorf("no change was made outside Terraform, but: %s", f.Message)
		}
	}
	f := has(r, "aws_iam_user_policy.widened", "NHI-009")
	if f == nil {
		t.Fatalf("a widened policy is drift: %v", findings(r))
	}
	if !strings.Contains(f.Message, "(policy)") || strings.Contains(f.Message, "s3:") {
		t.Errorf("drift message should name the attribute, not its value: %s", f.Message)
	}
}

// A Google binding whose member is a reference (the usual
// "serviceAccount:${google_service_account.x.email}") ended its message
// with "(unknown until apply: (known after apply))", which names nothing.
func TestCorpusUnknownNoteNamesSomethingOrNothing(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "google_service_account.ci", After: map[string]any{"account_id": "ci", "description": "owner: team-ci"}, Unknown: map[string]any{"email": true, "member": true}},
		{Addr: "google_project_iam_member.ed", After: map[string]any{"project": "p", "role": "roles/editor"},
			Unknown: map[string]any{"member": true},
			Refs:    map[string][]string{"member": {"google_service_account.ci.email", "google_service_account.ci"}}},
	}, nil)
	f := has(r, "google_project_iam_member.ed", "NHI-004")
	if f == nil {
		t.Fatalf("editor grant not reported: %v", findings(r))
	}
	if strings.Contains(f.Message, "apply: (known after apply)") {
		t.Errorf("tautological unknown note: %s", f.Message)
	}
}

// An end date years away was shown as "valid for 26335.1 days".
func TestCorpusLongEndDateReadsInYears(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "azuread_application.app", After: map[string]any{"display_name": "app", "owners": []any{"00000000-0000-0000-0000-000000000001"}}},
		{Addr: "azuread_application_password.p", After: map[string]any{"display_name": "p", "end_date": "2099-01-01T12:00:00Z"},
			Refs: map[string][]string{"application_id": {"azuread_application.app.id", "azuread_application.app"}}},
	}, nil)
	f := has(r, "azuread_application_password.p", "NHI-003")
	if f == nil {
		t.Fatalf("72-year password not reported: %v", findings(r))
	}
	if !strings.Contains(f.Message, "about 72 years") {
		t.Errorf("lifetime not readable: %s", f.Message)
	}
}

// azuread_application_password.end_date is optional and computed: left
// unset, the API picks about two years, and the plan shows it unknown. That
// was reported as "a lifetime only known after apply" (medium, does not
// block) on every Azure client secret without an end date, instead of the
// two-year default. A configured end date that is only known after apply
// (a reference, timeadd) stays unverified.
func TestCorpusComputedEndDateUsesProviderDefault(t *testing.T) {
	t.Parallel()
	app := res{Addr: "azuread_application.app", After: map[string]any{"display_name": "app", "owners": []any{"00000000-0000-0000-0000-000000000001"}}}
	appRef := map[string][]string{"application_id": {"azuread_application.app.id", "azuread_application.app"}}
	r := check(t, []res{app,
		{Addr: "azuread_application_password.unset", After: map[string]any{"display_name": "unset"},
			Unknown: map[string]any{"end_date": true, "key_id": true, "value": true}, Refs: appRef},
		{Addr: "azuread_application_password.referenced", After: map[string]any{"display_name": "ref"},
			Unknown: map[string]any{"end_date": true, "key_id": true, "value": true},
			Refs:    map[string][]string{"application_id": appRef["application_id"], "end_date": {"time_offset.x.rfc3339", "time_offset.x"}}},
	}, nil)
	f := has(r, "azuread_application_password.unset", "NHI-003")
	if f == nil || f.Severity.String() != "high" || !strings.Contains(f.Message, "2 years (default)") {
		t.Errorf("unset end_date should be judged at the two-year default: %+v", f)
	}
	f = has(r, "azuread_application_password.referenced", "NHI-003")
	if f == nil || f.Severity.String() != "medium" || !strings.Contains(f.Message, "only known after apply") {
		t.Errorf("a configured end date known only after apply should stay unverified: %+v", f)
	}
}

// A grant to a principal the plan does not manage (an existing user, an
// object id) says who receives it: the grant is judged, the receiver not.
func TestCorpusGrantToOutsidePrincipalNamesIt(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "aws_iam_user_policy_attachment.legacy", After: map[string]any{"user": "legacy-deployer", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}},
	}, nil)
	f := has(r, "aws_iam_user_policy_attachment.legacy", "NHI-004")
	if f == nil {
		t.Fatalf("admin attachment not reported: %v", findings(r))
	}
	if !strings.Contains(f.Message, "granted to user `legacy-deployer`, which this plan does not manage") {
		t.Errorf("receiver not named: %s", f.Message)
	}
	// Reaching a user in the plan, the grant names nobody outside it.
	r = check(t, []res{
		{Addr: "aws_iam_user.ci", After: map[string]any{"name": "ci", "tags": owned, "tags_all": owned}},
		{Addr: "aws_iam_user_policy_attachment.ci", After: map[string]any{"user": "ci", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"},
			Refs: map[string][]string{"user": {"aws_iam_user.ci.name", "aws_iam_user.ci"}}},
	}, nil)
	if f := has(r, "aws_iam_user_policy_attachment.ci", "NHI-004"); f == nil || strings.Contains(f.Message, "does not manage") {
		t.Errorf("grant inside the plan: %+v", f)
	}
}

// Trust opened to everyone outside AWS and OIDC: a Kubernetes binding to
// system:authenticated or to every service account, Vault auth roles any
// CI job or any pod may use.
func TestCorpusOpenTrustBeyondAWS(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		rs   []res
		addr string
		want string
	}{
		{"k8s binding to system:authenticated", []res{
			{Addr: "kubernetes_cluster_role_binding_v1.all", After: map[string]any{
				"metadata": []any{map[string]any{"name": "all"}},
				"role_ref": []any{map[string]any{"api_group": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"}},
				"subject":  []any{map[string]any{"kind": "Group", "name": "system:authenticated", "api_group": "rbac.authorization.k8s.io"}},
			}},
		}, "kubernetes_cluster_role_binding_v1.all", "grants its permissions to too wide a set of principals"},
		{"k8s binding to every service account", []res{
			{Addr: "kubernetes_cluster_role_binding_v1.workloads", After: map[string]any{
				"metadata": []any{map[string]any{"name": "workloads"}},
				"role_ref": []any{map[string]any{"api_group": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"}},
				"subject":  []any{map[string]any{"kind": "Group", "name": "system:serviceaccounts", "api_group": "rbac.authorization.k8s.io"}},
			}},
		}, "kubernetes_cluster_role_binding_v1.workloads", "every service account in every namespace"},
		{"k8s binding to a namespace's service accounts", []res{
			{Addr: "kubernetes_role_binding.apps", After: map[string]any{
				"metadata": []any{map[string]any{"name": "apps", "namespace": "apps"}},
				"role_ref": []any{map[string]any{"api_group": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "edit"}},
				"subject":  []any{map[string]any{"kind": "Group", "name": "system:serviceaccounts:apps", "api_group": "rbac.authorization.k8s.io"}},
			}},
		}, "kubernetes_role_binding.apps", "every service account in namespace apps"},
		{"vault jwt role without subject", []res{
			{Addr: "vault_jwt_auth_backend_role.ci", After: map[string]any{"role_name": "ci", "role_type": "jwt", "user_claim": "actor",
				"bound_audiences": []any{"https://github.com/acme"}, "token_policies": []any{"deploy"}, "token_ttl": 900, "token_max_ttl": 3600}},
		}, "vault_jwt_auth_backend_role.ci", "can be assumed too widely"},
		{"vault kubernetes role for any service account", []res{
			{Addr: "vault_kubernetes_auth_backend_role.app", After: map[string]any{"role_name": "app",
				"bound_service_account_names": []any{"*"}, "bound_service_account_namespaces": []any{"apps"}, "token_policies": []any{"app"}, "token_ttl": 900}},
		}, "vault_kubernetes_auth_backend_role.app", "can be assumed too widely"},
		{"vault aws role for any account", []res{
			{Addr: "vault_aws_auth_backend_role.ci", After: map[string]any{"role": "ci", "auth_type": "iam",
				"bound_iam_principal_arns": []any{"arn:aws:iam::*"}, "token_policies": []any{"deploy"}, "token_ttl": 900}},
		}, "vault_aws_auth_backend_role.ci", "any AWS account"},
		{"vault gcp role for any service account", []res{
			{Addr: "vault_gcp_auth_backend_role.ci", After: map[string]any{"role": "ci", "type": "iam",
				"bound_service_accounts": []any{"*"}, "token_policies": []any{"deploy"}, "token_ttl": 900}},
		}, "vault_gcp_auth_backend_role.ci", "every service account of every Google Cloud project"},
	}
	for _, tc := range cases {
		r := check(t, tc.rs, nil)
		f := has(r, tc.addr, "NHI-006")
		if f == nil {
			t.Errorf("%s: no NHI-006: %v", tc.name, findings(r))
			continue
		}
		if !strings.Contains(f.Message, tc.want) {
			t.Errorf("%s: %s", tc.name, f.Message)
		}
		if strings.Contains(f.Remediation, "aws:PrincipalOrgID") {
			t.Errorf("%s: the fix speaks of AWS: %s", tc.name, f.Remediation)
		}
	}
	// Pinned, the same roles are not open.
	r := check(t, []res{
		{Addr: "vault_jwt_auth_backend_role.ci", After: map[string]any{"role_name": "ci", "role_type": "jwt", "user_claim": "actor",
			"bound_claims":   map[string]any{"repository": "acme/payments"},
			"token_policies": []any{"deploy"}, "token_ttl": 900, "token_max_ttl": 3600}},
		{Addr: "vault_kubernetes_auth_backend_role.app", After: map[string]any{"role_name": "app",
			"bound_service_account_names": []any{"payments"}, "bound_service_account_namespaces": []any{"apps"}, "token_policies": []any{"app"}, "token_ttl": 900}},
		{Addr: "vault_aws_auth_backend_role.ci", After: map[string]any{"role": "ci", "auth_type": "iam",
			"bound_iam_principal_arns": []any{"arn:aws:iam::123456789012:role/ci-*"}, "token_policies": []any{"deploy"}, "token_ttl": 900}},
		{Addr: "vault_gcp_auth_backend_role.ci", After: map[string]any{"role": "ci", "type": "iam",
			"bound_service_accounts": []any{"ci@p.iam.gserviceaccount.com"}, "token_policies": []any{"deploy"}, "token_ttl": 900}},
	}, nil)
	for _, f := range r.Findings {
		if f.Rule == "NHI-006" {
			t.Errorf("pinned role reported open: %s", f.Message)
		}
	}
}

// A Key Vault access policy for an application's object_id is that
// application's privilege too.
func TestCorpusKeyVaultAccessPolicyReachesPrincipal(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "azuread_service_principal.ci", After: map[string]any{"client_id": "c", "owners": []any{"team-ci"}}, Unknown: map[string]any{"object_id": true}},
		{Addr: "azurerm_key_vault_access_policy.ci", After: map[string]any{"key_vault_id": "/subscriptions/s/resourceGroups/r/providers/Microsoft.KeyVault/vaults/v", "tenant_id": "t",
			"secret_permissions": []any{"Get", "List", "Set", "Delete", "Purge"}, "key_permissions": []any{}, "certificate_permissions": []any{}},
			Unknown: map[string]any{"object_id": true},
			Refs:    map[string][]string{"object_id": {"azuread_service_principal.ci.object_id", "azuread_service_principal.ci"}}},
	}, nil)
	for _, e := range r.Inventory {
		if e.Address == "azuread_service_principal.ci" {
			if e.Privilege == "" || e.Privilege == "none" || e.Privilege == "unknown" {
				t.Errorf("access policy did not reach the service principal: %+v", e)
			}
			return
		}
	}
	t.Errorf("service principal not in the inventory: %v", findings(r))
}

// A Vault login role hands out tokens; their lifetime is what NHI-003
// judges, and "nothing rotates it" does not fit a role.
func TestVaultLoginRoleTokenLifetimeWording(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "vault_kubernetes_auth_backend_role.app", After: map[string]any{"role_name": "app",
			"bound_service_account_names": []any{"payments"}, "bound_service_account_namespaces": []any{"apps"}, "token_policies": []any{"app"},
			"token_period": 400 * 86400}},
		{Addr: "vault_jwt_auth_backend_role.ci", After: map[string]any{"role_name": "ci", "role_type": "jwt", "user_claim": "actor",
			"bound_claims": map[string]any{"repository": "acme/payments"}, "token_policies": []any{"deploy"}},
			Unknown: map[string]any{"token_ttl": true}, Refs: map[string][]string{"token_ttl": {"random_integer.ttl.result", "random_integer.ttl"}}},
	}, nil)
	f := has(r, "vault_kubernetes_auth_backend_role.app", "NHI-003")
	if f == nil {
		t.Fatalf("a role issuing 400-day tokens: %v", findings(r))
	}
	// A periodic token is renewed for ever unless an explicit max TTL ends it.
	if !strings.Contains(f.Message, "issues tokens that never expire (token_period (renewable, with no token_explicit_max_ttl))") || strings.Contains(f.Message, "nothing rotates") {
		t.Errorf("wording: %s", f.Message)
	}
	if f := has(r, "vault_jwt_auth_backend_role.ci", "NHI-003"); f == nil || !strings.Contains(f.Message, "issues tokens whose lifetime is only known after apply") {
		t.Errorf("unknown token lifetime: %+v %v", f, findings(r))
	}
}

// outputsOf makes sensitive outputs of the references given by name,
// with their changes.
func outputsOf(refs map[string]string) map[string]any {
	outputs, changes := map[string]any{}, map[string]any{}
	for name, ref := range refs {
		a, _, _ := strings.Cut(ref, ".")
		b := strings.SplitN(ref, ".", 3)
		outputs[name] = map[string]any{"sensitive": true, "expression": map[string]any{"references": []string{ref, a + "." + strings.Split(b[1], "[")[0]}}}
		changes[name] = map[string]any{"actions": []string{"create"}, "before": nil, "after": nil, "after_unknown": true, "before_sensitive": false, "after_sensitive": true}
	}
	return map[string]any{"outputs": outputs, "output_changes": changes}
}

// A service account opened by several grants names them all: the one
// finding on it listed only the first, so fixing that one left the
// others unmentioned there.
func TestImpersonationFindingNamesEveryOpeningGrant(t *testing.T) {
	t.Parallel()
	sa := "projects/p/serviceAccounts/ci@p.iam.gserviceaccount.com"
	r := check(t, []res{
		{Addr: "google_service_account.sa", After: map[string]any{"account_id": "ci", "email": "ci@p.iam.gserviceaccount.com", "name": sa, "project": "p"}},
		{Addr: "google_service_account_iam_member.pub", After: map[string]any{"service_account_id": sa, "role": "roles/iam.serviceAccountTokenCreator", "member": "allUsers"}},
		{Addr: "google_service_account_iam_member.pool", After: map[string]any{"service_account_id": sa, "role": "roles/iam.workloadIdentityUser",
			"member": "principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/gh/*"}},
	}, nil)
	f := has(r, "google_service_account.sa", "NHI-006")
	want := []string{"google_service_account_iam_member.pool", "google_service_account_iam_member.pub"}
	if f == nil || !slices.Equal(f.Related, want) || !strings.Contains(f.Message, "through "+strings.Join(want, ", ")) || !strings.Contains(f.Message, "the public") {
		t.Errorf("finding on the service account: %+v", f)
	}
}

// API keys of API Gateway and AppSync, and Cognito client secrets, are
// machine credentials: API Gateway keys and client secrets never expire
// (NHI-002 without rotation), AppSync keys end at expires. A disabled key
// and a public client (no secret) are not judged.
func TestAWSAPIKeysAndClientSecrets(t *testing.T) {
	t.Parallel()
	const canary = "k3y-canary-value"
	r := check(t, []res{
		{Addr: "aws_api_gateway_api_key.partner", After: map[string]any{"name": "partner", "enabled": true, "tags": owned, "tags_all": owned},
			Unknown: map[string]any{"value": true}},
		{Addr: "aws_api_gateway_api_key.set", After: map[string]any{"name": "set", "value": canary}},
		{Addr: "aws_appsync_api_key.year", After: map[string]any{"api_id": "a", "description": "owner=team-a", "expires": "2027-12-31T00:00:00Z"}},
		{Addr: "aws_appsync_api_key.week", After: map[string]any{"api_id": "a", "description": "owner=team-a"}},
		{Addr: "aws_api_gateway_api_key.off", After: map[string]any{"name": "off", "enabled": false, "tags": owned, "tags_all": owned}, Unknown: map[string]any{"value": true}},
		{Addr: "aws_cognito_user_pool_client.machine", After: map[string]any{"name": "m", "user_pool_id": "p", "generate_secret": true,
			"allowed_oauth_flows": []any{"client_credentials"}}, Unknown: map[string]any{"client_secret": true}},
		{Addr: "aws_cognito_user_pool_client.web", After: map[string]any{"name": "w", "user_pool_id": "p", "generate_secret": false}},
	}, nil)
	if f := has(r, "aws_api_gateway_api_key.off", "NHI-002"); f != nil {
		t.Errorf("a disabled key: %s", f.Message)
	}
	if f := has(r, "aws_cognito_user_pool_client.machine", "NHI-002"); f == nil {
		t.Errorf("a client secret: %v", findings(r))
	}
	noFindingsOn(t, r, "aws_cognito_user_pool_client.web", "a public client")
	if f := has(r, "aws_api_gateway_api_key.partner", "NHI-002"); f == nil {
		t.Errorf("a static API key: %v", findings(r))
	}
	if f := has(r, "aws_api_gateway_api_key.partner", "NHI-001"); f != nil {
		t.Errorf("owned by its tags: %s", f.Message)
	}
	if f := has(r, "aws_api_gateway_api_key.set", "NHI-001"); f == nil {
		t.Errorf("an unowned API key: %v", findings(r))
	}
	if f := has(r, "aws_appsync_api_key.year", "NHI-003"); f == nil || !strings.Contains(f.Message, "expires") {
		t.Errorf("an AppSync key valid for a year and more: %+v", f)
	}
	for _, f := range r.Findings {
		if f.Address == "aws_appsync_api_key.week" && (f.Rule == "NHI-003" || f.Rule == "NHI-002") {
			t.Errorf("the 7-day default: %s", f.Message)
		}
		if strings.Contains(f.Message, canary) {
			t.Errorf("value leaked: %s", f.Message)
		}
	}
}

// A role whose policies are attached by aws_iam_role_policy_attachment
// resources is stored with the managed_policy_arns it had when it was
// created; the next refresh lists the attachments as drift, and the
// attached policy's attachment_count moves with them. Terraform made
// both changes (a real plan of hashicorp/aws 5.x, Terraform 1.10), yet
// NHI-009 said they were made outside it. An ARN attached by hand is
// still drift.
func TestCorpusDriftMadeByAttachmentsIsNotOutside(t *testing.T) {
	t.Parallel()
	const arn = "arn:aws:iam::111122223333:policy/grafana"
	const admin = "arn:aws:iam::aws:policy/AdministratorAccess"
	noop := []string{"no-op"}
	role := func(name string) map[string]any {
		return map[string]any{"name": name, "id": name, "tags": owned, "assume_role_policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`}
	}
	with := func(m map[string]any, k string, v any) map[string]any {
		out := map[string]any{k: v}
		for k, v := range m {
			if _, ok := out[k]; !ok {
				out[k] = v
			}
		}
		return out
	}
	policy := map[string]any{"name": "grafana", "arn": arn, "attachment_count": 1, "tags": owned,
		"policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudwatch:GetMetricData","Resource":"*"}]}`}
	attach := map[string]any{"role": "grafana", "policy_arn": arn}
	drift := func(addr, typ string, before, after map[string]any) map[string]any {
		return map[string]any{"address": addr, "mode": "managed", "type": typ, "name": strings.Split(addr, ".")[1], "provider_name": "registry.terraform.io/hashicorp/aws",
			"change": map[string]any{"actions": []string{"update"}, "before": before, "after": after, "after_unknown": map[string]any{}, "before_sensitive": map[string]any{}, "after_sensitive": map[string]any{}}}
	}
	r := check(t, []res{
		{Addr: "aws_iam_role.grafana", Actions: noop, Before: with(role("grafana"), "managed_policy_arns", []any{arn}), After: with(role("grafana"), "managed_policy_arns", []any{arn})},
		{Addr: "aws_iam_role.other", Actions: noop, Before: with(role("other"), "managed_policy_arns", []any{admin}), After: with(role("other"), "managed_policy_arns", []any{admin})},
		{Addr: "aws_iam_policy.grafana", Actions: noop, Before: policy, After: policy},
		{Addr: "aws_iam_role_policy_attachment.grafana", Actions: noop, Before: attach, After: attach},
	}, map[string]any{"resource_drift": []any{
		drift("aws_iam_role.grafana", "aws_iam_role", with(role("grafana"), "managed_policy_arns", []any{}), with(role("grafana"), "managed_policy_arns", []any{arn})),
		drift("aws_iam_policy.grafana", "aws_iam_policy", with(policy, "attachment_count", 0), policy),
		drift("aws_iam_role.other", "aws_iam_role", with(role("other"), "managed_policy_arns", []any{}), with(role("other"), "managed_policy_arns", []any{admin})),
	}})
	for _, addr := range []string{"aws_iam_role.grafana", "aws_iam_policy.grafana"} {
		if f := has(r, addr, "NHI-009"); f != nil {
			t.Errorf("Terraform's own attachment is not a change outside it: %s", f.Message)
		}
	}
	if f := has(r, "aws_iam_role.other", "NHI-009"); f == nil || !strings.Contains(f.Message, "managed_policy_arns") {
		t.Errorf("a policy attached by hand is drift: %v", findings(r))
	}
}

// An AKS cluster's local-account kubeconfigs hold client keys
// (kube_admin_config: cluster-admin). AKS examples routinely put
// kube_config_raw, a kubeconfig, or its client_key and password in
// outputs: those copies of the credential are exposure. The cluster's
// host, read through either kubeconfig, is not a secret. Terraform before
// 1.0 may name kube_config[0].host by kube_config alone: there, a read of
// the whole kubeconfig cannot be told from the host's, and is not taken
// for a secret's.
func TestAKSKubeconfigInOutputIsExposure(t *testing.T) {
	t.Parallel()
	refs := map[string]string{
		"raw":        "azurerm_kubernetes_cluster.k8s.kube_config_raw",
		"whole":      "azurerm_kubernetes_cluster.k8s.kube_config",
		"first":      "azurerm_kubernetes_cluster.k8s.kube_config[0]",
		"admin":      "azurerm_kubernetes_cluster.k8s.kube_admin_config",
		"host":       "azurerm_kubernetes_cluster.k8s.kube_config[0].host",
		"admin_host": "azurerm_kubernetes_cluster.k8s.kube_admin_config[0].host",
		"client_key": "azurerm_kubernetes_cluster.k8s.kube_config[0].client_key",
		"password":   "azurerm_kubernetes_cluster.k8s.kube_admin_config[0].password",
	}
	run := func(version string) *report.Report {
		outputs, changes := map[string]any{}, map[string]any{}
		for name, ref := range refs {
			outputs[name] = map[string]any{"sensitive": true, "expression": map[string]any{"references": []string{ref, "azurerm_kubernetes_cluster.k8s"}}}
			changes[name] = map[string]any{"actions": []string{"create"}, "before": nil, "after": nil, "after_unknown": true, "before_sensitive": false, "after_sensitive": true}
		}
		return check(t, []res{
			{Addr: "azurerm_kubernetes_cluster.k8s", After: map[string]any{"name": "k8s", "tags": owned},
				Unknown:   map[string]any{"kube_config_raw": true, "kube_admin_config_raw": true, "kube_config": true, "kube_admin_config": true},
				Sensitive: map[string]any{"kube_config_raw": true, "kube_admin_config_raw": true, "kube_config": true, "kube_admin_config": true}},
		}, map[string]any{"outputs": outputs, "output_changes": changes, "terraform_version": version})
	}
	for version, exposed := range map[string][]string{
		"1.11.4":  {"raw", "whole", "first", "admin", "client_key", "password"},
		"0.14.11": {"raw", "client_key", "password"},
	} {
		r := run(version)
		for name := range refs {
			f := has(r, "output."+name, "NHI-007")
			if want := slices.Contains(exposed, name); want != (f != nil) || f != nil && !f.Blocking {
				t.Errorf("terraform %s, output %s (%s): exposure %v, want %v (%v)", version, name, refs[name], f != nil, want, findings(r))
			}
		}
	}
}

// A GKE cluster's client certificate key (master_auth, with
// issue_client_certificate) signs in to the cluster's API: an output of it,
// or of the whole master_auth, is exposure; one of its CA certificate is not.
func TestGKEClientKeyInOutputIsExposure(t *testing.T) {
	t.Parallel()
	outputs, changes := map[string]any{}, map[string]any{}
	for name, ref := range map[string]string{
		"client_key": "google_container_cluster.gke.master_auth[0].client_key",
		"whole":      "google_container_cluster.gke.master_auth",
		"ca":         "google_container_cluster.gke.master_auth[0].cluster_ca_certificate",
	} {
		outputs[name] = map[string]any{"sensitive": true, "expression": map[string]any{"references": []string{ref, "google_container_cluster.gke"}}}
		changes[name] = map[string]any{"actions": []string{"create"}, "before": nil, "after": nil, "after_unknown": true, "before_sensitive": false, "after_sensitive": true}
	}
	r := check(t, []res{
		{Addr: "google_container_cluster.gke", After: map[string]any{"name": "gke", "remove_default_node_pool": true, "resource_labels": owned},
			Unknown: map[string]any{"master_auth": true}},
	}, map[string]any{"outputs": outputs, "output_changes": changes})
	if f := has(r, "output.client_key", "NHI-007"); f == nil || !f.Blocking || !strings.Contains(f.Message, "`master_auth.client_key`") {
		t.Errorf("the client key in an output: %+v (%v)", f, findings(r))
	}
	if f := has(r, "output.whole", "NHI-007"); f == nil || !f.Blocking {
		t.Errorf("the whole master_auth in an output: %+v (%v)", f, findings(r))
	}
	if f := has(r, "output.ca", "NHI-007"); f != nil {
		t.Errorf("a CA certificate is no secret: %s", f.Message)
	}
}

// A container registry's admin user is one static password for the whole
// registry while admin_enabled is true; Azure resources' shared keys
// (Cosmos DB, Redis, Service Bus, Event Hubs) authenticate like a storage
// account's: copying them into an output is exposure.
func TestAzureAdminUsersAndSharedKeys(t *testing.T) {
	t.Parallel()
	secret := map[string]any{"sensitive": true, "expression": map[string]any{"references": []string{"azurerm_cosmosdb_account.db.primary_key", "azurerm_cosmosdb_account.db"}}}
	r := check(t, []res{
		{Addr: "azurerm_container_registry.admin", After: map[string]any{"name": "admin", "admin_enabled": true, "tags": owned}, Unknown: map[string]any{"admin_password": true}},
		{Addr: "azurerm_container_registry.plain", After: map[string]any{"name": "plain", "admin_enabled": false, "tags": owned}},
		{Addr: "azurerm_cosmosdb_account.db", After: map[string]any{"name": "db", "tags": owned}, Unknown: map[string]any{"primary_key": true}},
	}, map[string]any{
		"outputs":        map[string]any{"cosmos_key": secret},
		"output_changes": map[string]any{"cosmos_key": map[string]any{"actions": []string{"create"}, "before": nil, "after": nil, "after_unknown": true, "before_sensitive": false, "after_sensitive": true}},
	})
	if f := has(r, "azurerm_container_registry.admin", "NHI-002"); f == nil {
		t.Errorf("the admin user's static password: %v", findings(r))
	}
	noFindingsOn(t, r, "azurerm_container_registry.plain", "a registry without its admin user")
	if f := has(r, "output.cosmos_key", "NHI-007"); f == nil {
		t.Errorf("a Cosmos DB key in an output: %v", findings(r))
	}
}

// azuread v3's azuread_application makes one client secret in its own
// password block: judged against the client-secret maximum, as an
// azuread_application_password is, and listed in the inventory. An
// application without the block has no such credential.
func TestEntraApplicationPasswordBlock(t *testing.T) {
	t.Parallel()
	app := func(password any) map[string]any {
		return map[string]any{"display_name": "x", "owners": []any{"00000000-0000-0000-0000-00000000c0de"}, "password": password}
	}
	r := check(t, []res{
		{Addr: "azuread_application.long", After: app([]any{map[string]any{"display_name": "boot", "end_date": "2099-01-01T00:00:00Z"}}),
			Unknown:   map[string]any{"password": []any{map[string]any{"key_id": true, "start_date": true, "value": true}}},
			Sensitive: map[string]any{"password": []any{map[string]any{"value": true}}}},
		// end_date left to the API: two years.
		{Addr: "azuread_application.unset", After: app([]any{map[string]any{"display_name": "boot"}}),
			Unknown: map[string]any{"password": []any{map[string]any{"end_date": true, "key_id": true, "start_date": true, "value": true}}},
			Exprs:   map[string]any{"password": []any{map[string]any{"display_name": map[string]any{"constant_value": "boot"}}}}},
		// end_date from a reference known only after apply: cannot tell.
		{Addr: "azuread_application.later", After: app([]any{map[string]any{"display_name": "boot"}}),
			Unknown: map[string]any{"password": []any{map[string]any{"end_date": true, "key_id": true, "start_date": true, "value": true}}},
			Exprs: map[string]any{"password": []any{map[string]any{"display_name": map[string]any{"constant_value": "boot"},
				"end_date": map[string]any{"references": []any{"time_offset.x.rfc3339", "time_offset.x"}}}}}},
		{Addr: "azuread_application.short", After: app([]any{map[string]any{"display_name": "boot", "end_date": now.Add(60 * 24 * time.Hour).Format(time.RFC3339)}})},
		{Addr: "azuread_application.none", After: app([]any{})},
	}, outputsOf(map[string]string{
		"secret":    "azuread_application.long.password[0].value",
		"block":     "azuread_application.long.password",
		"name":      "azuread_application.long.password[0].display_name",
		"whole_app": "azuread_application.none",
	}))
	for name, exposed := range map[string]bool{"secret": true, "block": true, "name": false, "whole_app": false} {
		if f := has(r, "output."+name, "NHI-007"); (f != nil) != exposed {
			t.Errorf("output %s: exposure %v, want %v", name, f != nil, exposed)
		}
	}
	f := has(r, "azuread_application.long", "NHI-003")
	if f == nil || f.Severity != report.High || !strings.Contains(f.Message, "client secret (its password block) is valid for about 72 years (password.end_date)") {
		t.Errorf("72-year inline password: %+v %v", f, findings(r))
	}
	if f := has(r, "azuread_application.unset", "NHI-003"); f == nil || f.Severity != report.High || !strings.Contains(f.Message, "valid for 2 years (default)") {
		t.Errorf("inline password with the API's default end: %+v", f)
	}
	if f := has(r, "azuread_application.later", "NHI-003"); f == nil || f.Severity != report.Medium {
		t.Errorf("inline password ending at a value known after apply: %+v", f)
	}
	for _, a := range []string{"azuread_application.short", "azuread_application.none"} {
		if f := has(r, a, "NHI-003"); f != nil {
			t.Errorf("%s: %s", a, f.Message)
		}
	}
	kinds := map[string]string{}
	for _, e := range r.Inventory {
		kinds[e.Address] = e.Kind + "/" + e.Class + "/" + e.Lifetime
	}
	if kinds["azuread_application.long.password"] != "client_secret/credential/"+graph.FormatDuration(time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC).Sub(now)) || kinds["azuread_application.none.password"] != "" {
		t.Errorf("inventory: %v", kinds)
	}
	if r.Summary.Credentials != 4 {
		t.Errorf("credentials counted: %d, want the four password blocks", r.Summary.Credentials)
	}
}

// An active PIM assignment is a role assignment: a standing Owner at the
// subscription is admin. The keys of Search, Cognitive Services and
// Event Hubs / Service Bus authorization rules authenticate like a
// storage account's: an output of one is exposure.
func TestAzurePIMAssignmentsAndServiceKeys(t *testing.T) {
	t.Parallel()
	owner := "/subscriptions/00000000-0000-0000-0000-0000000000dd/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
	r := check(t, []res{
		{Addr: "azurerm_user_assigned_identity.ops", After: map[string]any{"name": "ops", "tags": owned}, Unknown: map[string]any{"principal_id": true}},
		{Addr: "azurerm_pim_active_role_assignment.owner", After: map[string]any{"scope": "/subscriptions/00000000-0000-0000-0000-0000000000dd",
			"role_definition_id": owner, "schedule": []any{}},
			Unknown: map[string]any{"principal_id": true},
			Refs:    map[string][]string{"principal_id": {"azurerm_user_assigned_identity.ops.principal_id", "azurerm_user_assigned_identity.ops"}}},
		{Addr: "azurerm_search_service.s", After: map[string]any{"name": "s", "tags": owned}, Unknown: map[string]any{"primary_key": true}, Sensitive: map[string]any{"primary_key": true}},
		{Addr: "azurerm_servicebus_namespace_authorization_rule.root", After: map[string]any{"name": "root", "manage": true, "listen": true, "send": true},
			Unknown: map[string]any{"primary_connection_string": true}, Sensitive: map[string]any{"primary_connection_string": true}},
	}, outputsOf(map[string]string{
		"search": "azurerm_search_service.s.primary_key",
		"sb":     "azurerm_servicebus_namespace_authorization_rule.root.primary_connection_string",
		"name":   "azurerm_servicebus_namespace_authorization_rule.root.name",
	}))
	if f := has(r, "azurerm_pim_active_role_assignment.owner", "NHI-004"); f == nil || f.Severity != report.Critical {
		t.Errorf("standing PIM Owner at the subscription: %v", findings(r))
	}
	if f := has(r, "azurerm_user_assigned_identity.ops", "NHI-004"); f == nil {
		t.Errorf("the identity's privilege: %v", findings(r))
	}
	for name, exposed := range map[string]bool{"search": true, "sb": true, "name": false} {
		if f := has(r, "output."+name, "NHI-007"); (f != nil) != exposed {
			t.Errorf("output %s: exposure %v, want %v", name, f != nil, exposed)
		}
	}
}

// A write-only secret is rotated by its version attribute: a version from
// a time_rotating sends a new ephemeral value on each rotation, as keepers
// do for random_password. The store whose only version rotates rotates
// too. A database's fix never suggests replace_triggered_by, which would
// replace the database.
func TestWriteOnlyVersionRotation(t *testing.T) {
	t.Parallel()
	ephemeral := map[string]any{"references": []any{"ephemeral.random_password.db.result", "ephemeral.random_password.db"}}
	rotated := map[string]any{"references": []any{"time_rotating.r.unix", "time_rotating.r"}}
	r := check(t, []res{
		{Addr: "time_rotating.r", After: map[string]any{"rotation_days": 30}, Unknown: map[string]any{"id": true, "unix": true}},
		{Addr: "aws_db_instance.rotated", After: map[string]any{"identifier": "a", "password_wo": nil, "tags": owned, "tags_all": owned},
			Unknown: map[string]any{"password_wo_version": true}, Exprs: map[string]any{"password_wo": ephemeral, "password_wo_version": rotated}},
		{Addr: "aws_db_instance.fixed", After: map[string]any{"identifier": "b", "password_wo": nil, "password_wo_version": 1, "tags": owned, "tags_all": owned},
			Exprs: map[string]any{"password_wo": ephemeral}},
		{Addr: "aws_secretsmanager_secret.api", After: map[string]any{"name": "api", "tags": owned, "tags_all": owned}},
		{Addr: "aws_secretsmanager_secret_version.api", After: map[string]any{"secret_string_wo": nil},
			Unknown: map[string]any{"secret_id": true, "secret_string_wo_version": true},
			Refs:    map[string][]string{"secret_id": {"aws_secretsmanager_secret.api.id", "aws_secretsmanager_secret.api"}},
			Exprs:   map[string]any{"secret_string_wo": ephemeral, "secret_string_wo_version": rotated}},
		{Addr: "azurerm_key_vault_secret.literal", After: map[string]any{"name": "l", "value_wo": nil, "expiration_date": "2026-12-30T00:00:00Z", "tags": owned},
			Exprs: map[string]any{"value_wo": map[string]any{"constant_value": "a-literal-canary"}}},
	}, nil)
	for _, a := range []string{"aws_db_instance.rotated", "aws_secretsmanager_secret_version.api", "aws_secretsmanager_secret.api"} {
		if f := has(r, a, "NHI-002"); f != nil {
			t.Errorf("rotated through its write-only version: %s", f.Message)
		}
	}
	f := has(r, "aws_db_instance.fixed", "NHI-002")
	if f == nil || !strings.Contains(f.Remediation, "password_wo_version from a time_rotating") || !strings.Contains(f.Remediation, "Never lifecycle.replace_triggered_by") {
		t.Errorf("a database password's fix: %+v", f)
	}
	if f := has(r, "azurerm_key_vault_secret.literal", "NHI-007"); f == nil || f.Severity != report.Critical || !strings.Contains(f.Message, "value_wo") {
		t.Errorf("a literal in value_wo: %v", findings(r))
	}
	for _, f := range r.Findings {
		if strings.Contains(f.Message, "a-literal-canary") {
			t.Errorf("the literal leaked: %s", f.Message)
		}
	}
}

// A Lightsail key pair AWS makes keeps its private key in state, not
// marked sensitive: an output of it is printed. One made from a public
// key holds no secret. An ElastiCache user's literal passwords are
// hard-coded, unless the user signs in with IAM.
func TestAWSLightsailKeysAndCachePasswords(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "aws_lightsail_key_pair.made", After: map[string]any{"name": "ops", "pgp_key": nil, "tags": owned},
			Unknown: map[string]any{"private_key": true, "public_key": true, "encrypted_private_key": true}},
		{Addr: "aws_lightsail_key_pair.uploaded", After: map[string]any{"name": "up", "public_key": "ssh-ed25519 AAAAC3Nza... ops", "tags": owned},
			Unknown: map[string]any{"private_key": true}},
		{Addr: "aws_elasticache_user.app", After: map[string]any{"user_id": "app", "user_name": "app", "passwords": []any{"a-literal-canary-0001"}, "tags": owned, "tags_all": owned},
			Sensitive: map[string]any{"passwords": true}},
	}, outputsOf(map[string]string{"key": "aws_lightsail_key_pair.made.private_key"}))
	if f := has(r, "aws_lightsail_key_pair.made", "NHI-002"); f == nil {
		t.Errorf("a key pair AWS made: %v", findings(r))
	}
	if f := has(r, "output.key", "NHI-007"); f == nil {
		t.Errorf("its private key in an output: %v", findings(r))
	}
	for _, f := range r.Findings {
		if f.Address == "aws_lightsail_key_pair.uploaded" {
			t.Errorf("a key pair from a public key: %s %s", f.Rule, f.Message)
		}
		if strings.Contains(f.Message, "a-literal-canary") {
			t.Errorf("the literal leaked: %s", f.Message)
		}
	}
	if f := has(r, "aws_elasticache_user.app", "NHI-007"); f == nil || f.Severity != report.Critical {
		t.Errorf("a literal ElastiCache password: %v", findings(r))
	}
}

// selfSignedPEM is a throwaway certificate valid until notAfter.
func selfSignedPEM(t *testing.T, notAfter time.Time) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "api.example.com"},
		NotBefore: now.Add(-time.Hour), NotAfter: notAfter}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// An IAM server certificate lives as long as its X.509 validity: read
// from the certificate body the plan holds (file()), or from the tls
// certificate it uploads, which may exist already.
func TestServerCertificateValidity(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "aws_iam_server_certificate.ten_years", After: map[string]any{"name": "a", "certificate_body": selfSignedPEM(t, now.AddDate(10, 0, 0)), "tags": owned, "tags_all": owned},
			Unknown: map[string]any{"expiration": true}},
		{Addr: "aws_iam_server_certificate.ninety_days", After: map[string]any{"name": "b", "certificate_body": selfSignedPEM(t, now.AddDate(0, 0, 90)), "tags": owned, "tags_all": owned},
			Unknown: map[string]any{"expiration": true}},
		{Addr: "tls_self_signed_cert.api", Actions: []string{"no-op"},
			Before: map[string]any{"validity_period_hours": 87600, "cert_pem": "-----BEGIN CERTIFICATE-----\n..."},
			After:  map[string]any{"validity_period_hours": 87600, "cert_pem": "-----BEGIN CERTIFICATE-----\n..."}},
		{Addr: "aws_iam_server_certificate.from_tls", After: map[string]any{"name": "c", "tags": owned, "tags_all": owned},
			Unknown: map[string]any{"expiration": true, "certificate_body": true},
			Refs:    map[string][]string{"certificate_body": {"tls_self_signed_cert.api.cert_pem", "tls_self_signed_cert.api"}}},
	}, nil)
	if f := has(r, "aws_iam_server_certificate.ten_years", "NHI-003"); f == nil || f.Severity != report.High || !strings.Contains(f.Message, "(certificate_body)") {
		t.Errorf("a ten-year certificate body: %v", findings(r))
	}
	if f := has(r, "aws_iam_server_certificate.ninety_days", "NHI-003"); f != nil {
		t.Errorf("a ninety-day certificate body: %s", f.Message)
	}
	if f := has(r, "aws_iam_server_certificate.from_tls", "NHI-003"); f == nil || f.Severity != report.High || !strings.Contains(f.Message, "tls_self_signed_cert.api") {
		t.Errorf("uploading an existing ten-year certificate: %v", findings(r))
	}
}

// An organization's custom role is judged where it is defined: one that
// can set the organization's IAM policy is admin-equivalent there, not
// "on the project".
func TestOrganizationCustomRoleScope(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "google_organization_iam_custom_role.editor", After: map[string]any{"role_id": "policyEditor", "org_id": "123",
			"permissions": []any{"resourcemanager.organizations.setIamPolicy", "resourcemanager.organizations.get"}}},
		{Addr: "google_project_iam_custom_role.editor", After: map[string]any{"role_id": "projectPolicyEditor", "project": "p",
			"permissions": []any{"resourcemanager.organizations.setIamPolicy"}}},
	}, nil)
	if f := has(r, "google_organization_iam_custom_role.editor", "NHI-004"); f == nil || !strings.Contains(f.Message, "of the organization") {
		t.Errorf("an organization role that sets the organization's policy: %v", findings(r))
	}
	if f := has(r, "google_project_iam_custom_role.editor", "NHI-004"); f != nil {
		t.Errorf("a project role cannot set the organization's policy: %s", f.Message)
	}
}

// credential_age_days gives a Bedrock API key an end; CodeCommit and
// Keyspaces passwords refuse it, so they are static credentials (NHI-002,
// rotate or replace them), not ones whose end is "beyond the maximum".
func TestServiceSpecificCredentialLifetimeByService(t *testing.T) {
	t.Parallel()
	user := map[string][]string{"user_name": {"aws_iam_user.ci.name", "aws_iam_user.ci"}}
	r := check(t, []res{
		{Addr: "aws_iam_user.ci", After: map[string]any{"name": "ci", "tags": owned, "tags_all": owned}},
		{Addr: "aws_iam_service_specific_credential.git", After: map[string]any{"service_name": "codecommit.amazonaws.com", "user_name": "ci", "status": "Active"}, Refs: user},
		{Addr: "aws_iam_service_specific_credential.bedrock", After: map[string]any{"service_name": "bedrock.amazonaws.com", "user_name": "ci", "status": "Active", "credential_age_days": 365}, Refs: user},
	}, nil)
	if f := has(r, "aws_iam_service_specific_credential.git", "NHI-002"); f == nil || has(r, "aws_iam_service_specific_credential.git", "NHI-003") != nil {
		t.Errorf("a CodeCommit password: %v", findings(r))
	}
	if f := has(r, "aws_iam_service_specific_credential.bedrock", "NHI-003"); f == nil || !strings.Contains(f.Message, "credential_age_days") {
		t.Errorf("a year-long Bedrock key: %v", findings(r))
	}
}

// A copy of an access key in a secret that Secrets Manager rotates: the
// rotation rewrites the copy, not the key Terraform keeps. The finding
// says so, instead of "a copy its owner does not rotate".
func TestCopyInARotatedStore(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "aws_iam_user.partner", After: map[string]any{"name": "partner", "tags": owned, "tags_all": owned}},
		{Addr: "aws_iam_access_key.partner", After: map[string]any{"user": "partner", "status": "Active"}, Unknown: map[string]any{"secret": true},
			Refs: map[string][]string{"user": {"aws_iam_user.partner.name", "aws_iam_user.partner"}}},
		{Addr: "aws_secretsmanager_secret.partner", After: map[string]any{"name": "partner", "tags": owned, "tags_all": owned}, Unknown: map[string]any{"id": true, "arn": true}},
		{Addr: "aws_secretsmanager_secret_version.partner", After: map[string]any{}, Unknown: map[string]any{"secret_id": true, "secret_string": true},
			Refs: map[string][]string{"secret_id": {"aws_secretsmanager_secret.partner.id", "aws_secretsmanager_secret.partner"},
				"secret_string": {"aws_iam_access_key.partner.secret", "aws_iam_access_key.partner"}}},
		{Addr: "aws_secretsmanager_secret_rotation.partner", After: map[string]any{"rotation_rules": []any{map[string]any{"automatically_after_days": 30}}},
			Unknown: map[string]any{"secret_id": true, "rotation_lambda_arn": true},
			Refs:    map[string][]string{"secret_id": {"aws_secretsmanager_secret.partner.id", "aws_secretsmanager_secret.partner"}}},
	}, nil)
	f := has(r, "aws_secretsmanager_secret_version.partner", "NHI-007")
	if f == nil || !strings.Contains(f.Message, "aws_secretsmanager_secret_rotation.partner rotates the store, not aws_iam_access_key.partner") ||
		strings.Contains(f.Message, "does not rotate or revoke") || !strings.Contains(f.Remediation, "Let one side own the credential") {
		t.Errorf("a copy in a rotated store: %+v", f)
	}
}

// A GitLab project token does what both its scopes and its bot's role
// allow: the provider's default maintainer role with read_repository can
// only clone, and owner with read_api can only read.
func TestGitLabTokenRoleNeedsAWriteScope(t *testing.T) {
	t.Parallel()
	token := func(scopes []any, level string) map[string]any {
		return map[string]any{"name": "ci", "description": "owner=team-a", "project": "1", "scopes": scopes, "access_level": level, "expires_at": now.AddDate(0, 0, 30).Format("2006-01-02")}
	}
	r := check(t, []res{
		{Addr: "gitlab_project_access_token.clone", After: token([]any{"read_repository"}, "maintainer")},
		{Addr: "gitlab_project_access_token.reader", After: token([]any{"read_api"}, "owner")},
		{Addr: "gitlab_project_access_token.writer", After: token([]any{"write_repository"}, "owner")},
	}, nil)
	for _, a := range []string{"gitlab_project_access_token.clone", "gitlab_project_access_token.reader"} {
		for _, rule := range []string{"NHI-004", "NHI-005"} {
			if f := has(r, a, rule); f != nil {
				t.Errorf("%s: %s %s", a, rule, f.Message)
			}
		}
	}
	if f := has(r, "gitlab_project_access_token.writer", "NHI-004"); f == nil {
		t.Errorf("an owner token that writes: %v", findings(r))
	}
}

// A token whose end is a time_rotating's rotation time rotates with it:
// the tfe docs' own team token example, and a GitLab token, whose new
// expires_at the provider rotates it to.
func TestTokenEndFromARotator(t *testing.T) {
	t.Parallel()
	end := map[string][]string{"expired_at": {"time_rotating.r.rotation_rfc3339", "time_rotating.r"}, "expires_at": {"time_rotating.r.rotation_rfc3339", "time_rotating.r"}}
	r := check(t, []res{
		{Addr: "time_rotating.r", After: map[string]any{"rotation_days": 30}, Unknown: map[string]any{"id": true, "rotation_rfc3339": true}},
		{Addr: "tfe_team_token.ci", After: map[string]any{"description": "owner=team-a"}, Unknown: map[string]any{"expired_at": true, "token": true},
			Refs: map[string][]string{"expired_at": end["expired_at"], "team_id": {"tfe_team.ci.id", "tfe_team.ci"}}},
		{Addr: "gitlab_project_access_token.ci", After: map[string]any{"name": "ci", "description": "owner=team-a", "project": "1", "scopes": []any{"read_repository"}},
			Unknown: map[string]any{"expires_at": true, "token": true}, Refs: map[string][]string{"expires_at": end["expires_at"]}},
	}, nil)
	for _, a := range []string{"tfe_team_token.ci", "gitlab_project_access_token.ci"} {
		if f := has(r, a, "NHI-003"); f != nil {
			t.Errorf("%s: %s", a, f.Message)
		}
	}
	for _, e := range r.Inventory {
		if (e.Address == "tfe_team_token.ci" || e.Address == "gitlab_project_access_token.ci") && !strings.Contains(e.Rotation, "(30 days)") {
			t.Errorf("%s rotation %q", e.Address, e.Rotation)
		}
	}
}

// A CI variable no guard protects (masked, protected, sensitive) holds a
// setting, not a secret: a literal there is reported only when it has the
// form of a live credential, and then as shown in clear; a credential
// copied there by reference is in clear too. A guarded one stays a secret
// store.
func TestUnguardedCIVariables(t *testing.T) {
	t.Parallel()
	token := "glpat-" + "Xy7Kq2Lm9Np4Rs8Tv3Wz"
	pat := map[string][]string{"value": {"gitlab_project_access_token.ci.token", "gitlab_project_access_token.ci"}}
	r := check(t, []res{
		{Addr: "gitlab_project_access_token.ci", After: map[string]any{"name": "ci", "description": "owner=team-a", "project": "1", "scopes": []any{"read_repository"},
			"expires_at": now.AddDate(0, 0, 30).Format("2006-01-02")}, Unknown: map[string]any{"token": true}},
		{Addr: "gitlab_project_variable.literal", After: map[string]any{"key": "TOKEN", "value": token, "masked": false, "protected": false}, Sensitive: map[string]any{"value": true}},
		{Addr: "gitlab_project_variable.setting", After: map[string]any{"key": "REGION", "value": "production-eu-west", "masked": false, "protected": false}, Sensitive: map[string]any{"value": true}},
		{Addr: "gitlab_project_variable.copy_clear", After: map[string]any{"key": "PAT", "masked": false, "protected": false}, Unknown: map[string]any{"value": true}, Refs: pat},
		{Addr: "gitlab_project_variable.copy_guarded", After: map[string]any{"key": "PAT", "masked": true, "protected": true}, Unknown: map[string]any{"value": true}, Refs: pat},
	}, nil)
	if f := has(r, "gitlab_project_variable.literal", "NHI-007"); f == nil || f.Severity != report.Critical || !strings.Contains(f.Message, "a GitLab access token") || !strings.Contains(f.Message, "shown in clear") {
		t.Errorf("a token literal in an unguarded variable: %v", findings(r))
	}
	if f := has(r, "gitlab_project_variable.setting", "NHI-007"); f != nil {
		t.Errorf("a setting in an unguarded variable: %s", f.Message)
	}
	if f := has(r, "gitlab_project_variable.copy_clear", "NHI-007"); f == nil || f.Severity != report.Critical {
		t.Errorf("a token copied into an unguarded variable: %v", findings(r))
	}
	if f := has(r, "gitlab_project_variable.copy_guarded", "NHI-007"); f == nil || f.Severity != report.High {
		t.Errorf("a token copied into a guarded variable: %v", findings(r))
	}
	for _, f := range r.Findings {
		if strings.Contains(f.Message, token) {
			t.Errorf("the literal leaked: %s", f.Message)
		}
	}
}

// A 40-character AWS secret access key has no prefix of its own: it is
// told from any other word by what holds it. In a CI variable that is the
// variable's name (variable_name, key), not the attribute value: one named
// AWS_SECRET_ACCESS_KEY holds one, in clear when no guard protects it;
// a word of that form in a variable named otherwise is a setting.
func TestCIVariableNamedForASecretKey(t *testing.T) {
	t.Parallel()
	key, word := "hA+2O76UMFxFkM+R5Kjp"+"1vRt/1fjORS+6ilI8ihN", "Zq8+Lm3/Rt7Vw2Xy5Bn1"+"Cd4Fg6Hj9Kp0Qs2Tu5Wy"
	clear := func(addr, nameAttr, name string) res {
		key := key
		if name != "AWS_SECRET_ACCESS_KEY" {
			key = word
		}
		vals := map[string]any{nameAttr: name, "value": key}
		r := res{Addr: addr, After: vals}
		switch {
		case strings.HasPrefix(addr, "gitlab_"):
			vals["masked"], vals["protected"] = false, false
			r.Sensitive = map[string]any{"value": true}
		case strings.HasPrefix(addr, "tfe_"):
			vals["sensitive"] = false
		}
		return r
	}
	r := check(t, []res{
		clear("github_actions_variable.secret", "variable_name", "AWS_SECRET_ACCESS_KEY"),
		clear("github_actions_variable.other", "variable_name", "CACHE_KEY"),
		clear("gitlab_project_variable.secret", "key", "AWS_SECRET_ACCESS_KEY"),
		clear("gitlab_project_variable.other", "key", "CACHE_KEY"),
		clear("tfe_variable.secret", "key", "AWS_SECRET_ACCESS_KEY"),
		clear("tfe_variable.other", "key", "CACHE_KEY"),
	}, nil)
	for _, typ := range []string{"github_actions_variable", "gitlab_project_variable", "tfe_variable"} {
		if f := has(r, typ+".secret", "NHI-007"); f == nil || f.Severity != report.Critical || !strings.Contains(f.Message, "an AWS secret access key") {
			t.Errorf("%s named AWS_SECRET_ACCESS_KEY: %v", typ, findings(r))
		}
		if f := has(r, typ+".other", "NHI-007"); f != nil {
			t.Errorf("%s named CACHE_KEY: %s", typ, f.Message)
		}
	}
	for _, f := range r.Findings {
		if strings.Contains(f.Message, key) || strings.Contains(f.Message, word) {
			t.Errorf("the literal leaked: %s", f.Message)
		}
	}
}

// Without the .tf sources, a key this plan replaces for its
// replace_triggered_by is rotated, how often unknown (medium), not
// "nothing rotates it". An identity whose rotation is overdue stays
// overdue through an update that does not change its rotation_trigger.
func TestRotationSeenInThePlanAlone(t *testing.T) {
	t.Parallel()
	ident := map[string]any{"name": "ci", "kind": "access_key", "owner": "team-a", "purpose": "ci", "rotation_days": 90,
		"rotation_trigger": "2026-08-01T00:00:00Z", "rotated_at": "2026-05-03T00:00:00Z", "rotation_due_at": "2026-08-01T00:00:00Z"}
	updated := map[string]any{}
	for k, v := range ident {
		updated[k] = v
	}
	updated["purpose"] = "ci deploys"
	r := check(t, []res{
		{Addr: "aws_iam_access_key.ci", Actions: []string{"delete", "create"}, ActionReason: "replace_by_triggers",
			Before: map[string]any{"user": "ci", "status": "Active"}, After: map[string]any{"user": "ci", "status": "Active"}, Unknown: map[string]any{"secret": true, "id": true}},
		{Addr: "nhi_identity.ci", Actions: []string{"update"}, Before: ident, After: updated},
	}, nil)
	if f := has(r, "aws_iam_access_key.ci", "NHI-003"); f == nil || f.Severity != report.Medium || has(r, "aws_iam_access_key.ci", "NHI-002") != nil {
		t.Errorf("a key replaced by its triggers: %v", findings(r))
	}
	if f := has(r, "nhi_identity.ci", "NHI-008"); f == nil || !strings.Contains(f.Message, "overdue") {
		t.Errorf("an overdue rotation through an update that does not rotate: %v", findings(r))
	}
}

// A blank reason or approver waives nothing (the policy file refuses
// one, and the provider now does), and the report says why; an owner of
// spaces names no one.
func TestBlankGovernanceFields(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "aws_iam_user.ci", After: map[string]any{"name": "ci", "tags": owned, "tags_all": owned}},
		{Addr: "aws_iam_access_key.ci", After: map[string]any{"user": "ci", "status": "Active"}, Unknown: map[string]any{"secret": true},
			Refs: map[string][]string{"user": {"aws_iam_user.ci.name", "aws_iam_user.ci"}}},
		{Addr: "nhi_exception.blank", After: map[string]any{"rules": []any{"NHI-002"}, "resources": []any{"aws_iam_access_key.ci"}, "reason": "migrating", "approved_by": "   ",
			"expires_at": "2027-06-30T00:00:00Z"}},
		{Addr: "aws_iam_user.spaces", After: map[string]any{"name": "spaces"}},
		{Addr: "nhi_identity.spaces", After: map[string]any{"name": "spaces", "kind": "service_account", "owner": "   ", "purpose": "x", "credentials": []any{"aws_iam_user.spaces"}}},
	}, nil)
	if f := has(r, "aws_iam_access_key.ci", "NHI-002"); f == nil || f.Waived() || !f.Blocking {
		t.Errorf("waived by a blank approver: %+v", f)
	}
	if !slices.ContainsFunc(r.Notes, func(n string) bool { return strings.Contains(n, "nhi_exception.blank waives nothing") }) {
		t.Errorf("notes %v", r.Notes)
	}
	if f := has(r, "aws_iam_user.spaces", "NHI-001"); f == nil {
		t.Errorf("an owner of spaces: %v", findings(r))
	}
}

// An exception that waives nothing is named in the report's notes: what
// it waived is fixed, or its patterns miss.
func TestIdleExceptionIsNoted(t *testing.T) {
	t.Parallel()
	exception := func(resource string) map[string]any {
		return map[string]any{"rules": []any{"NHI-002"}, "resources": []any{resource}, "reason": "migrating", "approved_by": "sec", "expires_at": "2027-06-30T00:00:00Z"}
	}
	r := check(t, []res{
		{Addr: "aws_iam_user.ci", After: map[string]any{"name": "ci", "tags": owned, "tags_all": owned}},
		{Addr: "aws_iam_access_key.ci", After: map[string]any{"user": "ci", "status": "Active"}, Unknown: map[string]any{"secret": true},
			Refs: map[string][]string{"user": {"aws_iam_user.ci.name", "aws_iam_user.ci"}}},
		{Addr: "nhi_exception.used", After: exception("aws_iam_access_key.ci")},
		{Addr: "nhi_exception.idle", After: exception("module.legacy.aws_iam_access_key.*")},
	}, nil)
	if f := has(r, "aws_iam_access_key.ci", "NHI-002"); f == nil || !f.Waived() {
		t.Errorf("the used exception: %+v", f)
	}
	idle := slices.ContainsFunc(r.Notes, func(n string) bool { return strings.HasPrefix(n, "nhi_exception.idle waives nothing") })
	used := slices.ContainsFunc(r.Notes, func(n string) bool { return strings.HasPrefix(n, "nhi_exception.used") })
	if !idle || used {
		t.Errorf("notes %v", r.Notes)
	}
}

// The identity is the declaration: an owner "TBD" there leaves the
// resource unowned even when one of its tags names an owner, as the
// provider's warning and the docs say.
func TestPlaceholderIdentityOwnerWinsOverTags(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "nhi_identity.ci", After: map[string]any{"name": "ci", "kind": "service_account", "owner": "TBD", "purpose": "x"}, Unknown: map[string]any{"tags": true}},
		{Addr: "aws_iam_user.ci", After: map[string]any{"name": "ci", "tags": owned, "tags_all": owned}, Unknown: map[string]any{},
			Refs: map[string][]string{"permissions_boundary": {"nhi_identity.ci.id", "nhi_identity.ci"}}},
	}, nil)
	if f := has(r, "aws_iam_user.ci", "NHI-001"); f == nil || !strings.Contains(f.Message, `"TBD", a placeholder`) {
		t.Errorf("a placeholder owner on the identity: %v", findings(r))
	}
}

// MongoDB Atlas, Confluent, Okta and Auth0 credentials are machine
// credentials: static, and exposed when copied to a CI secret. An Okta
// service app that signs its token requests with a key holds no secret.
func TestMoreSaaSCredentials(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "confluent_api_key.app", After: map[string]any{"display_name": "owner=team-a"}, Unknown: map[string]any{"secret": true, "id": true}, Sensitive: map[string]any{"secret": true}},
		{Addr: "github_actions_secret.kafka", After: map[string]any{"repository": "app", "secret_name": "KAFKA_SECRET"}, Unknown: map[string]any{"plaintext_value": true},
			Refs: map[string][]string{"plaintext_value": {"confluent_api_key.app.secret", "confluent_api_key.app"}}},
		{Addr: "mongodbatlas_api_key.ci", After: map[string]any{"description": "owner=team-a", "role_names": []any{"ORG_OWNER"}}, Unknown: map[string]any{"private_key": true}},
		{Addr: "okta_app_oauth.jwt", After: map[string]any{"label": "owner=team-a", "type": "service", "token_endpoint_auth_method": "private_key_jwt"}},
		{Addr: "okta_app_oauth.secret", After: map[string]any{"label": "owner=team-a", "type": "service", "token_endpoint_auth_method": "client_secret_basic"}, Unknown: map[string]any{"client_secret": true}},
	}, nil)
	if f := has(r, "github_actions_secret.kafka", "NHI-007"); f == nil {
		t.Errorf("a Confluent key in a CI secret: %v", findings(r))
	}
	for _, a := range []string{"mongodbatlas_api_key.ci", "okta_app_oauth.secret"} {
		if has(r, a, "NHI-002") == nil {
			t.Errorf("%s: %v", a, findings(r))
		}
	}
	for _, f := range r.Findings {
		if f.Address == "okta_app_oauth.jwt" {
			t.Errorf("a private key JWT client: %s %s", f.Rule, f.Message)
		}
	}
}

// A Snowflake service user (TYPE = SERVICE) has no lifetime of its own:
// days_to_expiry ends the user, and its key pair is judged where it is
// made. It used to get "never expires (default)".
func TestSnowflakeServiceUserHasNoLifetime(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "snowflake_service_user.etl", After: map[string]any{"name": "ETL", "comment": "owner=team-data"}, Unknown: map[string]any{"rsa_public_key": true},
			Refs: map[string][]string{"rsa_public_key": {"tls_private_key.etl.public_key_pem", "tls_private_key.etl"}}},
		{Addr: "tls_private_key.etl", After: map[string]any{"algorithm": "RSA"}, Unknown: map[string]any{"private_key_pem": true, "public_key_pem": true}},
	}, nil)
	if f := has(r, "snowflake_service_user.etl", "NHI-003"); f != nil {
		t.Errorf("a service user: %s", f.Message)
	}
}

// HCP Terraform tokens: a token of the owners team administers the
// organization (NHI-004); one of a team that manages membership can grant
// itself more (NHI-005); the organization token acts as the organization's
// service account (NHI-005). A plain team's token is not flagged.
func TestTerraformCloudTokenPrivilege(t *testing.T) {
	t.Parallel()
	team := func(name string, access map[string]any) res {
		after := map[string]any{"name": name, "organization": "acme", "organization_access": []any{}}
		if access != nil {
			after["organization_access"] = []any{access}
		}
		return res{Addr: "tfe_team." + name, After: after, Unknown: map[string]any{"id": true}}
	}
	token := func(name string) res {
		return res{Addr: "tfe_team_token." + name, After: map[string]any{"description": "owner=team-a"}, Unknown: map[string]any{"token": true, "expired_at": true},
			Refs: map[string][]string{"team_id": {"tfe_team." + name + ".id", "tfe_team." + name}}}
	}
	r := check(t, []res{
		team("owners", nil), token("owners"),
		team("admins", map[string]any{"manage_membership": true}), token("admins"),
		team("devs", map[string]any{"manage_membership": false}), token("devs"),
		{Addr: "tfe_organization_token.org", After: map[string]any{"organization": "acme"}, Unknown: map[string]any{"token": true}},
	}, nil)
	if f := has(r, "tfe_team_token.owners", "NHI-004"); f == nil {
		t.Errorf("the owners team's token: %v", findings(r))
	}
	for _, a := range []string{"tfe_team_token.admins", "tfe_organization_token.org"} {
		if has(r, a, "NHI-005") == nil {
			t.Errorf("%s: %v", a, findings(r))
		}
	}
	if f := has(r, "tfe_team_token.devs", "NHI-005"); f != nil {
		t.Errorf("a plain team's token: %s", f.Message)
	}
}

// A Secrets Manager secret whose resource policy lets anyone read it
// (block_public_policy is off by default) is exposure, critical, naming
// the credential whose copy it holds; one narrowed to the organization is
// not.
func TestPublicSecretsManagerPolicy(t *testing.T) {
	t.Parallel()
	policy := func(cond map[string]any) string {
		st := map[string]any{"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}
		if cond != nil {
			st["Condition"] = cond
		}
		b, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{st}})
		return string(b)
	}
	secret := map[string][]string{"secret_arn": {"aws_secretsmanager_secret.ci.arn", "aws_secretsmanager_secret.ci"}}
	r := check(t, []res{
		{Addr: "aws_iam_user.ci", After: map[string]any{"name": "ci", "tags": owned, "tags_all": owned}},
		{Addr: "aws_iam_access_key.ci", After: map[string]any{"user": "ci", "status": "Active"}, Unknown: map[string]any{"secret": true},
			Refs: map[string][]string{"user": {"aws_iam_user.ci.name", "aws_iam_user.ci"}}},
		{Addr: "aws_secretsmanager_secret.ci", After: map[string]any{"name": "ci", "tags": owned, "tags_all": owned}, Unknown: map[string]any{"arn": true, "id": true}},
		{Addr: "aws_secretsmanager_secret_version.ci", After: map[string]any{}, Unknown: map[string]any{"secret_id": true, "secret_string": true},
			Refs: map[string][]string{"secret_id": {"aws_secretsmanager_secret.ci.id", "aws_secretsmanager_secret.ci"},
				"secret_string": {"aws_iam_access_key.ci.secret", "aws_iam_access_key.ci"}}},
		{Addr: "aws_secretsmanager_secret_policy.open", After: map[string]any{"policy": policy(nil), "block_public_policy": false}, Unknown: map[string]any{"secret_arn": true}, Refs: secret},
		{Addr: "aws_secretsmanager_secret_policy.org", After: map[string]any{"policy": policy(map[string]any{"StringEquals": map[string]any{"aws:PrincipalOrgID": "o-abc123"}})},
			Unknown: map[string]any{"secret_arn": true}, Refs: secret},
	}, nil)
	f := has(r, "aws_secretsmanager_secret_policy.open", "NHI-007")
	if f == nil || f.Severity != report.Critical || !strings.Contains(f.Message, "lets anyone read aws_secretsmanager_secret.ci") ||
		!strings.Contains(f.Message, "a copy of the secret of aws_iam_access_key.ci") {
		t.Errorf("an open secret policy: %+v", f)
	}
	if f := has(r, "aws_secretsmanager_secret_policy.org", "NHI-007"); f != nil {
		t.Errorf("a policy narrowed to the organization: %s", f.Message)
	}
}

// A Google service account key made from an uploaded certificate is
// valid until the certificate's end (Google holds only its public half);
// a key Google makes never expires.
func TestUploadedServiceAccountKeyLifetime(t *testing.T) {
	t.Parallel()
	b64 := func(pemText string) string { return base64.StdEncoding.EncodeToString([]byte(pemText)) }
	sa := map[string][]string{"service_account_id": {"google_service_account.ci.name", "google_service_account.ci"}}
	r := check(t, []res{
		{Addr: "google_service_account.ci", After: map[string]any{"account_id": "ci", "description": "owner=team-a"}, Unknown: map[string]any{"name": true, "email": true}},
		{Addr: "google_service_account_key.ten_years", After: map[string]any{"public_key_data": b64(selfSignedPEM(t, now.AddDate(10, 0, 0)))}, Refs: sa},
		{Addr: "google_service_account_key.sixty_days", After: map[string]any{"public_key_data": b64(selfSignedPEM(t, now.AddDate(0, 0, 60)))}, Refs: sa},
		{Addr: "google_service_account_key.made", After: map[string]any{}, Unknown: map[string]any{"private_key": true}, Refs: sa},
	}, nil)
	if f := has(r, "google_service_account_key.ten_years", "NHI-003"); f == nil || f.Severity != report.High || has(r, "google_service_account_key.ten_years", "NHI-002") != nil {
		t.Errorf("an uploaded ten-year certificate: %v", findings(r))
	}
	for _, rule := range []string{"NHI-002", "NHI-003"} {
		if f := has(r, "google_service_account_key.sixty_days", rule); f != nil {
			t.Errorf("an uploaded sixty-day certificate: %s", f.Message)
		}
	}
	if has(r, "google_service_account_key.made", "NHI-002") == nil {
		t.Errorf("a key Google makes: %v", findings(r))
	}
}

// A Google secret whose IAM lets allUsers read its versions is exposure,
// critical, naming the key whose copy it holds; a viewer role (metadata
// only) for the public is not this finding.
func TestPublicGoogleSecret(t *testing.T) {
	t.Parallel()
	secret := map[string][]string{"secret_id": {"google_secret_manager_secret.ci.id", "google_secret_manager_secret.ci"}}
	r := check(t, []res{
		{Addr: "google_service_account.ci", After: map[string]any{"account_id": "ci", "description": "owner=team-a"}, Unknown: map[string]any{"name": true, "email": true}},
		{Addr: "google_service_account_key.ci", After: map[string]any{}, Unknown: map[string]any{"private_key": true},
			Refs: map[string][]string{"service_account_id": {"google_service_account.ci.name", "google_service_account.ci"}}},
		{Addr: "google_secret_manager_secret.ci", After: map[string]any{"secret_id": "ci", "labels": owned}, Unknown: map[string]any{"id": true, "name": true}},
		{Addr: "google_secret_manager_secret_version.ci", After: map[string]any{}, Unknown: map[string]any{"secret": true, "secret_data": true},
			Refs: map[string][]string{"secret": {"google_secret_manager_secret.ci.id", "google_secret_manager_secret.ci"},
				"secret_data": {"google_service_account_key.ci.private_key", "google_service_account_key.ci"}}},
		{Addr: "google_secret_manager_secret_iam_member.public", After: map[string]any{"role": "roles/secretmanager.secretAccessor", "member": "allUsers"},
			Unknown: map[string]any{"secret_id": true}, Refs: secret},
		{Addr: "google_secret_manager_secret_iam_member.viewer", After: map[string]any{"role": "roles/secretmanager.viewer", "member": "allUsers"},
			Unknown: map[string]any{"secret_id": true}, Refs: secret},
	}, nil)
	f := has(r, "google_secret_manager_secret_iam_member.public", "NHI-007")
	if f == nil || f.Severity != report.Critical || !strings.Contains(f.Message, "lets anyone read google_secret_manager_secret.ci") ||
		!strings.Contains(f.Message, "a copy of the secret of google_service_account_key.ci") || strings.Contains(f.Remediation, "block_public_policy") {
		t.Errorf("a public secret accessor: %+v", f)
	}
	if f := has(r, "google_secret_manager_secret_iam_member.viewer", "NHI-007"); f != nil {
		t.Errorf("a public viewer: %s", f.Message)
	}
}

// A credential type with no write-only form of its password is not told
// to use one.
func TestRotateFixFitsTheType(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "aws_elasticache_user.app", After: map[string]any{"user_id": "app", "user_name": "app", "tags": owned, "tags_all": owned},
			Unknown: map[string]any{"passwords": true}, Refs: map[string][]string{"passwords": {"random_password.app.result", "random_password.app"}}},
		{Addr: "random_password.app", After: map[string]any{"length": 32}, Unknown: map[string]any{"result": true}},
	}, nil)
	f := has(r, "aws_elasticache_user.app", "NHI-002")
	if f == nil || strings.Contains(f.Remediation, "_wo") || !strings.Contains(f.Remediation, "random_password") {
		t.Errorf("an ElastiCache user's fix: %+v", f)
	}
}
