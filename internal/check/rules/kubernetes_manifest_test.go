package rules_test

import (
	"bytes"
	"maps"
	"reflect"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report/formatter"
)

// A Kubernetes object declared with kubernetes_manifest is judged as the
// typed resource of its kind: each case is checked once with typed
// resources and once with manifests of the same objects, and must give the
// same findings (addresses mapped), besides at least one that matters.
func TestKubernetesManifestsAreJudgedAsTypedResources(t *testing.T) {
	t.Parallel()
	meta := func(name, ns string, labels map[string]any) map[string]any {
		m := map[string]any{"name": name}
		if ns != "" {
			m["namespace"] = ns
		}
		if labels != nil {
			m["labels"] = labels
		}
		return m
	}
	typed := func(m map[string]any) []any { return []any{m} }
	sa := func(name string, labels map[string]any) (res, res) {
		return res{Addr: "kubernetes_service_account_v1." + name, After: map[string]any{"metadata": typed(meta(name, "ci", labels))}},
			res{Addr: "kubernetes_manifest.sa_" + name, After: map[string]any{"manifest": map[string]any{
				"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta(name, "ci", labels)}}}
	}
	binding := func(name, role string, subject string) (res, res) {
		return res{Addr: "kubernetes_cluster_role_binding_v1." + name, After: map[string]any{
				"metadata": typed(meta(name, "", nil)),
				"role_ref": typed(map[string]any{"api_group": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role}),
				"subject":  []any{map[string]any{"kind": "ServiceAccount", "name": subject, "namespace": "ci"}},
			}},
			res{Addr: "kubernetes_manifest.crb_" + name, After: map[string]any{"manifest": map[string]any{
				"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": meta(name, "", nil),
				"roleRef":  map[string]any{"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
				"subjects": []any{map[string]any{"kind": "ServiceAccount", "name": subject, "namespace": "ci"}},
			}}}
	}
	clusterRole := func(name string, verbs ...any) (res, res) {
		return res{Addr: "kubernetes_cluster_role_v1." + name, After: map[string]any{
				"metadata": typed(meta(name, "", nil)),
				"rule":     []any{map[string]any{"api_groups": []any{"*"}, "resources": []any{"*"}, "verbs": verbs}},
			}},
			res{Addr: "kubernetes_manifest.cr_" + name, After: map[string]any{"manifest": map[string]any{
				"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": meta(name, "", nil),
				"rules": []any{map[string]any{"apiGroups": []any{"*"}, "resources": []any{"*"}, "verbs": verbs}},
			}}}
	}
	// Objects named apart from their addresses, for names two namespaces share.
	saIn := func(addr, name, ns string, labels map[string]any) (res, res) {
		return res{Addr: "kubernetes_service_account_v1." + addr, After: map[string]any{"metadata": typed(meta(name, ns, labels))}},
			res{Addr: "kubernetes_manifest.sa_" + addr, After: map[string]any{"manifest": map[string]any{
				"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta(name, ns, labels)}}}
	}
	clusterBinding := func(addr, role string, subject map[string]any) (res, res) {
		return res{Addr: "kubernetes_cluster_role_binding_v1." + addr, After: map[string]any{
				"metadata": typed(meta(addr, "", nil)),
				"role_ref": typed(map[string]any{"api_group": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role}),
				"subject":  []any{subject},
			}},
			res{Addr: "kubernetes_manifest.crb_" + addr, After: map[string]any{"manifest": map[string]any{
				"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": meta(addr, "", nil),
				"roleRef":  map[string]any{"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
				"subjects": []any{subject},
			}}}
	}
	roleBinding := func(addr, ns, kind, role string, subject map[string]any) (res, res) {
		return res{Addr: "kubernetes_role_binding_v1." + addr, After: map[string]any{
				"metadata": typed(meta(addr, ns, nil)),
				"role_ref": typed(map[string]any{"api_group": "rbac.authorization.k8s.io", "kind": kind, "name": role}),
				"subject":  []any{subject},
			}},
			res{Addr: "kubernetes_manifest.rb_" + addr, After: map[string]any{"manifest": map[string]any{
				"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": meta(addr, ns, nil),
				"roleRef":  map[string]any{"apiGroup": "rbac.authorization.k8s.io", "kind": kind, "name": role},
				"subjects": []any{subject},
			}}}
	}
	role := func(addr, name, ns string, resource any, verbs ...any) (res, res) {
		return res{Addr: "kubernetes_role_v1." + addr, After: map[string]any{
				"metadata": typed(meta(name, ns, nil)),
				"rule":     []any{map[string]any{"api_groups": []any{"*"}, "resources": []any{resource}, "verbs": verbs}},
			}},
			res{Addr: "kubernetes_manifest.role_" + addr, After: map[string]any{"manifest": map[string]any{
				"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": meta(name, ns, nil),
				"rules": []any{map[string]any{"apiGroups": []any{"*"}, "resources": []any{resource}, "verbs": verbs}},
			}}}
	}
	subject := func(kind, name, ns string) map[string]any {
		s := map[string]any{"kind": kind, "name": name}
		if ns != "" {
			s["namespace"] = ns
		}
		return s
	}
	token := func(name, account string) (res, res) {
		m := meta(name, "ci", nil)
		m["annotations"] = map[string]any{"kubernetes.io/service-account.name": account}
		return res{Addr: "kubernetes_secret_v1." + name, After: map[string]any{"metadata": typed(m), "type": "kubernetes.io/service-account-token"}},
			res{Addr: "kubernetes_manifest.secret_" + name, After: map[string]any{"manifest": map[string]any{
				"apiVersion": "v1", "kind": "Secret", "metadata": m, "type": "kubernetes.io/service-account-token",
				"data":       map[string]any{"token": "c3VwZXItc2VjcmV0LXRva2Vu"},
				"stringData": map[string]any{"ca.crt": "manifest-string-data-secret"},
			}}}
	}
	cases := []struct {
		name  string
		build func() (typed, manifests []res)
		want  string // a finding both must have: "<typed address> <rule>"
		not   string // one neither may have
	}{
		{"service account bound to cluster-admin", func() ([]res, []res) {
			s, sm := sa("deployer", nil)
			b, bm := binding("deployer", "cluster-admin", "deployer")
			return []res{s, b}, []res{sm, bm}
		}, "kubernetes_service_account_v1.deployer NHI-004", ""},
		{"wildcard cluster role, owned account", func() ([]res, []res) {
			s, sm := sa("ops", map[string]any{"owner": "team-sre"})
			r, rm := clusterRole("everything", "*")
			b, bm := binding("ops", "everything", "ops")
			return []res{s, r, b}, []res{sm, rm, bm}
		}, "kubernetes_cluster_role_v1.everything NHI-004", ""},
		{"read-only cluster role, which reads every Secret", func() ([]res, []res) {
			s, sm := sa("viewer", map[string]any{"owner": "team-sre"})
			r, rm := clusterRole("reader", "get", "list")
			b, bm := binding("viewer", "reader", "viewer")
			return []res{s, r, b}, []res{sm, rm, bm}
		}, "kubernetes_service_account_v1.viewer NHI-005", ""},
		{"legacy token secret", func() ([]res, []res) {
			s, sm := sa("legacy", map[string]any{"owner": "team-sre"})
			tk, tm := token("legacy-token", "legacy")
			return []res{s, tk}, []res{sm, tm}
		}, "kubernetes_secret_v1.legacy-token NHI-002", ""},
		// Kubernetes names are per namespace and per kind: a subject or a
		// role_ref names the object of its kind in its namespace only.
		{"cluster-admin for another namespace's account of the same name", func() ([]res, []res) {
			s, sm := saIn("ci_deployer", "deployer", "ci", map[string]any{"owner": "team-sre"})
			b, bm := clusterBinding("prod", "cluster-admin", subject("ServiceAccount", "deployer", "prod"))
			return []res{s, b}, []res{sm, bm}
		}, "kubernetes_cluster_role_binding_v1.prod NHI-004", "kubernetes_service_account_v1.ci_deployer NHI-004"},
		{"cluster-admin for a group named as an account", func() ([]res, []res) {
			s, sm := saIn("ci", "ci", "ci", map[string]any{"owner": "team-sre"})
			b, bm := clusterBinding("sso", "cluster-admin", subject("Group", "ci", ""))
			return []res{s, b}, []res{sm, bm}
		}, "kubernetes_cluster_role_binding_v1.sso NHI-004", "kubernetes_service_account_v1.ci NHI-004"},
		{"a Role of the binding's namespace, not another's of the same name", func() ([]res, []res) {
			s, sm := saIn("app", "app", "ci", map[string]any{"owner": "team-sre"})
			r1, r1m := role("sandbox", "deployer", "sandbox", "*", "*")
			r2, r2m := role("ci", "deployer", "ci", "configmaps", "get")
			b, bm := roleBinding("ci", "ci", "Role", "deployer", subject("ServiceAccount", "app", ""))
			return []res{s, r1, r2, b}, []res{sm, r1m, r2m, bm}
		}, "kubernetes_role_v1.sandbox NHI-005", "kubernetes_service_account_v1.app NHI-005"},
		{"a Role of the binding's namespace gives what it holds", func() ([]res, []res) {
			s, sm := saIn("app", "app", "ci", map[string]any{"owner": "team-sre"})
			r1, r1m := role("sandbox", "deployer", "sandbox", "*", "*")
			r2, r2m := role("ci", "deployer", "ci", "configmaps", "get")
			b, bm := roleBinding("sandbox", "sandbox", "Role", "deployer", subject("ServiceAccount", "app", "ci"))
			return []res{s, r1, r2, b}, []res{sm, r1m, r2m, bm}
		}, "kubernetes_service_account_v1.app NHI-005", ""},
		{"a ClusterRole, not the Role of the same name", func() ([]res, []res) {
			s, sm := saIn("app", "app", "ci", map[string]any{"owner": "team-sre"})
			cr, crm := clusterRole("deployer", "*")
			r, rm := role("ci", "deployer", "ci", "configmaps", "get")
			b, bm := roleBinding("ci", "ci", "ClusterRole", "deployer", subject("ServiceAccount", "app", "ci"))
			return []res{s, cr, r, b}, []res{sm, crm, rm, bm}
		}, "kubernetes_service_account_v1.app NHI-005", ""},
		{"a token Secret names an account of its own namespace", func() ([]res, []res) {
			s, sm := saIn("other", "legacy", "other", map[string]any{"owner": "team-sre"})
			tk, tm := token("legacy-token", "legacy")
			return []res{s, tk}, []res{sm, tm}
		}, "kubernetes_secret_v1.legacy-token NHI-001", ""},
	}
	// Manifest addresses as the typed ones, to compare findings.
	rename := strings.NewReplacer(
		"kubernetes_manifest.sa_", "kubernetes_service_account_v1.",
		"kubernetes_manifest.crb_", "kubernetes_cluster_role_binding_v1.",
		"kubernetes_manifest.cr_", "kubernetes_cluster_role_v1.",
		"kubernetes_manifest.secret_", "kubernetes_secret_v1.",
		"kubernetes_manifest.rb_", "kubernetes_role_binding_v1.",
		"kubernetes_manifest.role_", "kubernetes_role_v1.")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			typedRes, manifestRes := tc.build()
			want := findings(check(t, typedRes, nil))
			r := check(t, manifestRes, nil)
			var got []string
			for _, f := range findings(r) {
				got = append(got, rename.Replace(f))
			}
			sort.Strings(got)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("manifests give\n  %v\ntyped resources give\n  %v", got, want)
			}
			// The same objects as kubectl_manifest YAML.
			rk := check(t, kubectlManifests(t, manifestRes), nil)
			got = nil
			for _, f := range findings(rk) {
				got = append(got, rename.Replace(strings.Replace(f, "kubectl_manifest.", "kubernetes_manifest.", 1)))
			}
			sort.Strings(got)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("kubectl manifests give\n  %v\ntyped resources give\n  %v", got, want)
			}
			if tc.want != "" && !contains(want, tc.want) {
				t.Errorf("typed resources miss %q: %v", tc.want, want)
			}
			if tc.not != "" && contains(want, tc.not) {
				t.Errorf("typed resources give %q: %v", tc.not, want)
			}
			for _, f := range r.Findings {
				if strings.HasPrefix(f.Address, "kubernetes_manifest.") && f.ResourceType != "kubernetes_manifest" {
					t.Errorf("%s %s: resource type %q, want kubernetes_manifest", f.Address, f.Rule, f.ResourceType)
				}
			}
			var out bytes.Buffer
			if err := formatter.JSON(&out, r, formatter.Options{}); err != nil {
				t.Fatal(err)
			}
			for _, secret := range []string{"c3VwZXItc2VjcmV0LXRva2Vu", "manifest-string-data-secret"} {
				if strings.Contains(out.String(), secret) {
					t.Errorf("the report holds a Secret manifest's data %q", secret)
				}
			}
		})
	}
}

// kubectlManifests declares kubernetes_manifest resources' objects as
// kubectl_manifest does: YAML in yaml_body, which the provider marks
// sensitive, and in yaml_body_parsed, Secrets' values masked.
func kubectlManifests(t *testing.T, manifests []res) []res {
	t.Helper()
	var out []res
	for _, m := range manifests {
		obj := m.After["manifest"].(map[string]any)
		body, err := yaml.Marshal(obj)
		if err != nil {
			t.Fatal(err)
		}
		masked := maps.Clone(obj)
		for _, k := range []string{"data", "stringData"} {
			if _, ok := masked[k]; ok {
				masked[k] = map[string]any{"token": "(sensitive value)"}
			}
		}
		parsed, err := yaml.Marshal(masked)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, res{Addr: strings.Replace(m.Addr, "kubernetes_manifest.", "kubectl_manifest.", 1),
			After:     map[string]any{"yaml_body": string(body), "yaml_body_parsed": string(parsed), "kind": obj["kind"]},
			Sensitive: map[string]any{"yaml_body": true}})
	}
	return out
}

// Objects of other kinds, and kinds of the same name in another API group,
// are not judged.
func TestKubernetesManifestsOfOtherKinds(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "kubernetes_manifest.crd", After: map[string]any{"manifest": map[string]any{
			"apiVersion": "example.com/v1", "kind": "ClusterRoleBinding", "metadata": map[string]any{"name": "x"},
			"roleRef": map[string]any{"kind": "ClusterRole", "name": "cluster-admin"},
		}}},
		{Addr: "kubernetes_manifest.config", After: map[string]any{"manifest": map[string]any{
			"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": "settings"},
		}}},
	}, nil)
	if len(r.Findings) > 0 || len(r.Inventory) > 0 {
		t.Errorf("findings %v, inventory %d entries; want none", findings(r), len(r.Inventory))
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// A root output that reads a token Secret declared as a manifest (through
// its object or its manifest) exposes the token, as one reading a typed
// Secret's data does.
func TestKubernetesManifestSecretInOutput(t *testing.T) {
	t.Parallel()
	account := res{Addr: "kubernetes_service_account_v1.bot", After: map[string]any{"metadata": []any{map[string]any{"name": "bot", "namespace": "ci", "labels": owned}}}}
	secret := res{Addr: "kubernetes_manifest.token", After: map[string]any{"manifest": map[string]any{
		"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/service-account-token",
		"metadata": map[string]any{"name": "bot-token", "namespace": "ci", "labels": owned,
			"annotations": map[string]any{"kubernetes.io/service-account.name": "bot"}},
	}}, Unknown: map[string]any{"object": true}}
	output := func(refs ...string) map[string]any {
		return map[string]any{
			"outputs": map[string]any{"token": map[string]any{"sensitive": true, "expression": map[string]any{"references": refs}}},
			"output_changes": map[string]any{"token": map[string]any{"actions": []string{"create"}, "before": nil, "after": nil,
				"after_unknown": true, "before_sensitive": false, "after_sensitive": true}},
		}
	}
	for name, tc := range map[string]struct {
		refs    []string
		exposed bool
	}{
		"object data": {[]string{`kubernetes_manifest.token.object.data["token"]`, "kubernetes_manifest.token.object.data", "kubernetes_manifest.token.object", "kubernetes_manifest.token"}, true},
		"string data": {[]string{`kubernetes_manifest.token.manifest.stringData["token"]`, "kubernetes_manifest.token.manifest.stringData", "kubernetes_manifest.token.manifest", "kubernetes_manifest.token"}, true},
		"object name": {[]string{"kubernetes_manifest.token.object.metadata.name", "kubernetes_manifest.token.object.metadata", "kubernetes_manifest.token.object", "kubernetes_manifest.token"}, false},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := check(t, []res{account, secret}, output(tc.refs...))
			if got := has(r, "output.token", "NHI-007") != nil; got != tc.exposed {
				t.Errorf("NHI-007 on the output: %v, want %v; findings %v", got, tc.exposed, findings(r))
			}
		})
	}
}

// A namespace known only after apply rules nothing out: the subject may be
// the account of that name, and the Role bound the broadest of that name.
func TestKubernetesNamespaceKnownAfterApply(t *testing.T) {
	t.Parallel()
	role := func(ns string, resource, verb any) res {
		return res{Addr: "kubernetes_role_v1." + ns, After: map[string]any{
			"metadata": []any{map[string]any{"name": "deployer", "namespace": ns}},
			"rule":     []any{map[string]any{"api_groups": []any{"*"}, "resources": []any{resource}, "verbs": []any{verb}}},
		}}
	}
	account := res{Addr: "kubernetes_service_account_v1.ci", After: map[string]any{"metadata": []any{map[string]any{"name": "ci", "namespace": "ci", "labels": owned}}}}
	binding := res{Addr: "kubernetes_role_binding_v1.ci", After: map[string]any{
		"metadata": []any{map[string]any{"name": "ci"}},
		"role_ref": []any{map[string]any{"api_group": "rbac.authorization.k8s.io", "kind": "Role", "name": "deployer"}},
		"subject":  []any{map[string]any{"kind": "ServiceAccount", "name": "ci"}},
	}, Unknown: map[string]any{"metadata": []any{map[string]any{"namespace": true}}, "subject": []any{map[string]any{"namespace": true}}}}
	for name, roles := range map[string][]res{
		"broadest first": {role("prod", "*", "*"), role("staging", "configmaps", "get")},
		"broadest last":  {role("staging", "configmaps", "get"), role("prod", "*", "*")},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := check(t, append([]res{account, binding}, roles...), nil)
			for _, addr := range []string{"kubernetes_role_binding_v1.ci", "kubernetes_service_account_v1.ci"} {
				if f := has(r, addr, "NHI-005"); f == nil || !f.Blocking {
					t.Errorf("%s: want a blocking NHI-005 (it may be namespace admin in prod); findings %v", addr, findings(r))
				}
			}
		})
	}
	// Subjects known only after apply (a dynamic block over an unknown
	// list) that the configuration builds from the account name it.
	t.Run("subjects known after apply", func(t *testing.T) {
		t.Parallel()
		b := res{Addr: "kubernetes_role_binding_v1.ci", After: map[string]any{
			"metadata": []any{map[string]any{"name": "ci", "namespace": "prod"}},
			"role_ref": []any{map[string]any{"api_group": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"}},
		}, Unknown: map[string]any{"subject": true},
			Refs: map[string][]string{"subject": {"kubernetes_service_account_v1.ci.metadata[0].name", "kubernetes_service_account_v1.ci"}}}
		r := check(t, []res{account, b}, nil)
		if f := has(r, "kubernetes_service_account_v1.ci", "NHI-005"); f == nil {
			t.Errorf("the account the subjects name holds namespace admin in prod; findings %v", findings(r))
		}
	})
}

// A Secret that is not a service account token holds data: NHI-002 and
// the inventory call it a secret, not a token.
func TestOpaqueSecretIsNoToken(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "kubernetes_secret_v1.app", After: map[string]any{
			"metadata": []any{map[string]any{"name": "app", "namespace": "apps", "labels": map[string]any{"owner": "team-a"}}},
			"type":     "Opaque", "data": map[string]any{"password": "from-elsewhere"}},
			Sensitive: map[string]any{"data": true}},
		{Addr: "kubernetes_secret_v1.token", After: map[string]any{
			"metadata": []any{map[string]any{"name": "ci-token", "namespace": "apps", "labels": map[string]any{"owner": "team-a"},
				"annotations": map[string]any{"kubernetes.io/service-account.name": "ci"}}},
			"type": "kubernetes.io/service-account-token"}, Unknown: map[string]any{"data": true}},
	}, nil)
	if f := has(r, "kubernetes_secret_v1.app", "NHI-002"); f == nil || strings.Contains(f.Message, "token") || !strings.Contains(f.Message, "static secret") {
		// Nor does it suggest projected tokens in place of a token Secret.
		t.Errorf("an Opaque secret: %+v (%v)", f, findings(r))
	}
	if f := has(r, "kubernetes_secret_v1.token", "NHI-002"); f == nil || !strings.Contains(f.Message, "static token") {
		t.Errorf("a service account token: %+v (%v)", f, findings(r))
	}
	for _, e := range r.Inventory {
		if e.Address == "kubernetes_secret_v1.app" && e.Kind != "secret" {
			t.Errorf("inventory kind of an Opaque secret: %q", e.Kind)
		}
	}
}
