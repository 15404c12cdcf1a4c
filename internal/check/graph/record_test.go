package graph_test

import (
	"strings"
	"testing"
)

// Two service accounts bound together to one cluster role, and each to a
// role of its own: each keeps its own bindings' evidence. Verdicts are
// shared between a binding and its subjects, and what one subject gathers
// must not land in another's.
func TestPrivilegeOfSubjectsSharingABinding(t *testing.T) {
	t.Parallel()
	sa := func(name string) res {
		return res{Addr: "kubernetes_service_account_v1." + name, After: map[string]any{"metadata": []any{map[string]any{"name": name, "namespace": "ci"}}}}
	}
	role := func(addr, name string, rules ...any) res {
		return res{Addr: addr, After: map[string]any{"metadata": []any{map[string]any{"name": name}}, "rule": rules}}
	}
	rule := func(resources, verbs []any) map[string]any {
		return map[string]any{"api_groups": []any{""}, "resources": resources, "verbs": verbs}
	}
	binding := func(addr, role string, subjects ...string) res {
		var ss []any
		for _, s := range subjects {
			ss = append(ss, map[string]any{"kind": "ServiceAccount", "name": s, "namespace": "ci"})
		}
		return res{Addr: addr, After: map[string]any{"metadata": []any{map[string]any{"name": addr}}, "role_ref": []any{map[string]any{"api_group": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role}}, "subject": ss}}
	}
	g := build(t, []res{
		sa("a"), sa("b"),
		role("kubernetes_cluster_role_v1.shared", "shared", rule([]any{"pods/exec"}, []any{"create"}), rule([]any{"serviceaccounts/token"}, []any{"create"}), rule([]any{"configmaps"}, []any{"*"})),
		role("kubernetes_cluster_role_v1.secrets", "secrets-reader", rule([]any{"secrets"}, []any{"get", "list"})),
		role("kubernetes_cluster_role_v1.nodes", "node-admin", rule([]any{"nodes"}, []any{"*"})),
		binding("kubernetes_cluster_role_binding_v1._shared", "shared", "a", "b"), // first: its verdict is each subject's first
		binding("kubernetes_cluster_role_binding_v1.a", "secrets-reader", "a"),
		binding("kubernetes_cluster_role_binding_v1.b", "node-admin", "b"),
	}, nil)
	evidence := func(addr string) string {
		n := g.Node(addr)
		if n == nil || n.Privilege == nil {
			t.Fatalf("%s: no privilege", addr)
		}
		var out []string
		for _, e := range n.Privilege.Evidence {
			out = append(out, e.ID+" "+e.Message)
		}
		return strings.Join(out, "\n")
	}
	a, b := evidence("kubernetes_service_account_v1.a"), evidence("kubernetes_service_account_v1.b")
	if !strings.Contains(strings.ToLower(a), "secrets") || strings.Contains(strings.ToLower(a), "nodes") {
		t.Errorf("a's evidence:\n%s", a)
	}
	if !strings.Contains(strings.ToLower(b), "nodes") || strings.Contains(strings.ToLower(b), "secrets") {
		t.Errorf("b's evidence:\n%s", b)
	}
}
