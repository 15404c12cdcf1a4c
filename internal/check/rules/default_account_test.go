package rules_test

import (
	"strings"
	"testing"
)

// A Compute Engine workload (an instance, a template, GKE nodes) that runs
// as the project's default compute service account with the
// cloud-platform scope may do whatever that account may, by default Editor
// on the project: NHI-005, with a fix that names the way out. A dedicated
// account, or the default one with narrow scopes, is no finding.
func TestDefaultComputeAccountWithFullScope(t *testing.T) {
	t.Parallel()
	const full = "https://www.googleapis.com/auth/cloud-platform"
	sa := func(email string, scopes ...any) []any {
		return []any{map[string]any{"email": email, "scopes": scopes}}
	}
	node := func(account any, scopes ...any) []any {
		c := map[string]any{"oauth_scopes": scopes}
		if account != nil {
			c["service_account"] = account
		}
		return []any{c}
	}
	r := check(t, []res{
		{Addr: "google_compute_instance.default_email", After: map[string]any{"name": "a", "service_account": sa("123456789012-compute@developer.gserviceaccount.com", full)}},
		{Addr: "google_compute_instance.unset_email", After: map[string]any{"name": "b", "service_account": sa("", "cloud-platform")}},
		{Addr: "google_compute_instance_template.tpl", After: map[string]any{"name": "t", "service_account": sa("", full)}},
		{Addr: "google_container_node_pool.default", After: map[string]any{"name": "p", "node_config": node("default", full)}},
		{Addr: "google_container_node_pool.unset", After: map[string]any{"name": "q", "node_config": node(nil, full)}},
		{Addr: "google_container_cluster.c", After: map[string]any{"name": "c", "node_config": node(nil, full)}},
		// Dedicated accounts, narrow scopes, no account at all.
		{Addr: "google_compute_instance.dedicated", After: map[string]any{"name": "d", "service_account": sa("app@p.iam.gserviceaccount.com", full)}},
		{Addr: "google_compute_instance.narrow", After: map[string]any{"name": "e", "service_account": sa("", "https://www.googleapis.com/auth/logging.write")}},
		{Addr: "google_compute_instance.none", After: map[string]any{"name": "f"}},
		{Addr: "google_container_node_pool.dedicated", After: map[string]any{"name": "g", "node_config": node("nodes@p.iam.gserviceaccount.com", full)}},
		{Addr: "google_container_node_pool.gke_default_scopes", After: map[string]any{"name": "h", "node_config": node(nil)}},
		{Addr: "google_container_cluster.pools_apart", After: map[string]any{"name": "i", "remove_default_node_pool": true, "node_config": node(nil, full)}},
	}, nil)
	for _, addr := range []string{"google_compute_instance.default_email", "google_compute_instance.unset_email", "google_compute_instance_template.tpl",
		"google_container_node_pool.default", "google_container_node_pool.unset", "google_container_cluster.c"} {
		f := has(r, addr, "NHI-005")
		if f == nil {
			t.Errorf("%s: no NHI-005 (%v)", addr, findings(r))
			continue
		}
		if !f.Blocking || !strings.Contains(f.Message, "default compute service account") || !strings.Contains(f.Message, "cloud-platform") ||
			!strings.Contains(f.Remediation, "dedicated service account") || strings.Contains(f.Message, "which this plan does not manage") {
			t.Errorf("%s: %s / %s", addr, f.Message, f.Remediation)
		}
	}
	if f := has(r, "google_compute_instance.default_email", "NHI-005"); f != nil && !strings.Contains(f.Message, "123456789012-compute@developer.gserviceaccount.com") {
		t.Errorf("the finding does not name the account: %s", f.Message)
	}
	for _, addr := range []string{"google_compute_instance.dedicated", "google_compute_instance.narrow", "google_compute_instance.none",
		"google_container_node_pool.dedicated", "google_container_node_pool.gke_default_scopes", "google_container_cluster.pools_apart"} {
		noFindingsOn(t, r, addr, "a dedicated account, narrow scopes, no account, or a default pool that is removed")
	}
}
