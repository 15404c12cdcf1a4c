package k8srbac

import (
	"slices"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
)

func ids(v iam.Verdict) []string {
	var out []string
	for _, e := range v.Evidence {
		out = append(out, e.ID)
	}
	return out
}

func TestAnalyzeBinding(t *testing.T) {
	t.Parallel()
	sa := []Subject{{Kind: "ServiceAccount", Name: "gitlab-deployer", Namespace: "ci-system"}}
	wildcard := []Rule{{APIGroups: []string{"*"}, Resources: []string{"*"}, Verbs: []string{"*"}}}
	tests := []struct {
		name   string
		b      Binding
		class  iam.Class
		has    []string
		absent []string
	}{
		{"cluster-admin cluster-wide (kubernetes-01 deployer)", Binding{RoleKind: "ClusterRole", RoleName: "cluster-admin", ClusterWide: true, Subjects: sa}, iam.ClassAdmin, []string{"k8s:cluster-admin"}, nil},
		{"wildcard ClusterRole cluster-wide (kubernetes-01 ops_bot)", Binding{RoleKind: "ClusterRole", RoleName: "ops-everything", Rules: wildcard, ClusterWide: true, Subjects: sa}, iam.ClassAdmin, []string{"k8s:cluster-admin"}, []string{"k8s:secrets-read"}},
		{"cluster-admin in one namespace", Binding{RoleKind: "ClusterRole", RoleName: "cluster-admin", Namespace: "apps", Subjects: sa}, iam.ClassPermissionsManagement, []string{"k8s:namespace-admin", "k8s:secrets-read"}, []string{"k8s:cluster-admin"}},
		{"admin cluster-wide", Binding{RoleKind: "ClusterRole", RoleName: "admin", ClusterWide: true}, iam.ClassPermissionsManagement, []string{"k8s:secrets-read", "k8s:impersonate", "k8s:pod-exec"}, nil},
		{"edit in a namespace", Binding{RoleKind: "ClusterRole", RoleName: "edit", Namespace: "apps"}, iam.ClassWrite, []string{"k8s:secrets-read", "k8s:pod-exec", "k8s:serviceaccount-token"}, nil},
		{"view cluster-wide", Binding{RoleKind: "ClusterRole", RoleName: "view", ClusterWide: true}, iam.ClassRead, nil, []string{"k8s:secrets-read"}},
		{"named configmaps read (kubernetes-02)", Binding{RoleKind: "Role", RoleName: "payments-config-reader", Namespace: "payments",
			Rules: []Rule{{APIGroups: []string{""}, Resources: []string{"configmaps"}, ResourceNames: []string{"payments-api-config", "payments-feature-flags"}, Verbs: []string{"get", "watch"}}}},
			iam.ClassRead, nil, []string{"k8s:secrets-read", "k8s:wildcard-verbs"}},
		{"cluster-wide secrets read", Binding{RoleName: "secret-reader", ClusterWide: true, Rules: []Rule{{APIGroups: []string{""}, Resources: []string{"secrets"}, Verbs: []string{"get", "list", "watch"}}}}, iam.ClassRead, []string{"k8s:secrets-read"}, nil},
		{"one named secret is not secrets read", Binding{RoleName: "one-secret", Namespace: "a", Rules: []Rule{{APIGroups: []string{""}, Resources: []string{"secrets"}, ResourceNames: []string{"tls"}, Verbs: []string{"get"}}}}, iam.ClassRead, nil, []string{"k8s:secrets-read"}},
		{"bind and escalate", Binding{RoleName: "binder", ClusterWide: true, Rules: []Rule{{APIGroups: []string{"rbac.authorization.k8s.io"}, Resources: []string{"clusterroles"}, Verbs: []string{"bind", "escalate"}}}}, iam.ClassPermissionsManagement, []string{"k8s:bind-escalate"}, nil},
		{"impersonate users", Binding{RoleName: "imp", ClusterWide: true, Rules: []Rule{{APIGroups: []string{""}, Resources: []string{"users", "groups"}, Verbs: []string{"impersonate"}}}}, iam.ClassWrite, []string{"k8s:impersonate"}, nil},
		{"pods/exec", Binding{RoleName: "exec", Namespace: "a", Rules: []Rule{{APIGroups: []string{""}, Resources: []string{"pods/exec"}, Verbs: []string{"create"}}}}, iam.ClassWrite, []string{"k8s:pod-exec"}, nil},
		{"serviceaccounts/token", Binding{RoleName: "tok", ClusterWide: true, Rules: []Rule{{APIGroups: []string{""}, Resources: []string{"serviceaccounts/token"}, Verbs: []string{"create"}}}}, iam.ClassWrite, []string{"k8s:serviceaccount-token"}, nil},
		{"wildcard verbs on deployments", Binding{RoleName: "deployer", Namespace: "a", Rules: []Rule{{APIGroups: []string{"apps"}, Resources: []string{"deployments"}, Verbs: []string{"*"}}}}, iam.ClassWrite, []string{"k8s:wildcard-verbs", "k8s:create-workloads"}, nil},
		{"daemonsets, statefulsets and replicasets create", Binding{RoleName: "ctl", Namespace: "a", Rules: []Rule{{APIGroups: []string{"apps"}, Resources: []string{"daemonsets", "statefulsets", "replicasets"}, Verbs: []string{"create"}}}}, iam.ClassWrite, []string{"k8s:create-workloads"}, nil},
		{"cronjobs create", Binding{RoleName: "cron", ClusterWide: true, Rules: []Rule{{APIGroups: []string{"batch"}, Resources: []string{"cronjobs"}, Verbs: []string{"create"}}}}, iam.ClassWrite, []string{"k8s:create-workloads"}, nil},
		{"replicationcontrollers create", Binding{RoleName: "rc", Namespace: "a", Rules: []Rule{{APIGroups: []string{""}, Resources: []string{"replicationcontrollers"}, Verbs: []string{"create"}}}}, iam.ClassWrite, []string{"k8s:create-workloads"}, nil},
		{"deployments patched cluster-wide", Binding{RoleName: "bump", ClusterWide: true, Rules: []Rule{{APIGroups: []string{"apps"}, Resources: []string{"deployments"}, Verbs: []string{"get", "patch"}}}}, iam.ClassWrite, []string{"k8s:create-workloads"}, nil},
		{"deployments patched in one namespace", Binding{RoleName: "bump", Namespace: "a", Rules: []Rule{{APIGroups: []string{"apps"}, Resources: []string{"deployments"}, Verbs: []string{"get", "patch"}}}}, iam.ClassWrite, nil, []string{"k8s:create-workloads"}},
		{"named deployments patched cluster-wide", Binding{RoleName: "bump", ClusterWide: true, Rules: []Rule{{APIGroups: []string{"apps"}, Resources: []string{"deployments"}, ResourceNames: []string{"web"}, Verbs: []string{"patch"}}}}, iam.ClassWrite, nil, []string{"k8s:create-workloads"}},
		{"pods and jobs updated cluster-wide: their service account is fixed", Binding{RoleName: "upd", ClusterWide: true, Rules: []Rule{{APIGroups: []string{"", "batch"}, Resources: []string{"pods", "jobs"}, Verbs: []string{"update", "patch"}}}}, iam.ClassWrite, nil, []string{"k8s:create-workloads"}},
		{"webhook configurations patched", Binding{RoleName: "inject", ClusterWide: true, Rules: []Rule{{APIGroups: []string{"admissionregistration.k8s.io"}, Resources: []string{"mutatingwebhookconfigurations"}, Verbs: []string{"get", "patch"}}}}, iam.ClassWrite, []string{"k8s:admission-webhooks"}, nil},
		{"validating webhook configurations created", Binding{RoleName: "policy", ClusterWide: true, Rules: []Rule{{APIGroups: []string{"admissionregistration.k8s.io"}, Resources: []string{"validatingwebhookconfigurations"}, Verbs: []string{"create"}}}}, iam.ClassWrite, []string{"k8s:admission-webhooks"}, nil},
		{"webhook configurations read", Binding{RoleName: "audit", ClusterWide: true, Rules: []Rule{{APIGroups: []string{"admissionregistration.k8s.io"}, Resources: []string{"mutatingwebhookconfigurations", "validatingwebhookconfigurations"}, Verbs: []string{"get", "list", "watch"}}}}, iam.ClassRead, nil, []string{"k8s:admission-webhooks"}},
		{"wildcard resources", Binding{RoleName: "r", Namespace: "a", Rules: []Rule{{APIGroups: []string{"apps"}, Resources: []string{"*"}, Verbs: []string{"update"}}}}, iam.ClassWrite, []string{"k8s:wildcard-resources"}, nil},
		{"rolebindings write", Binding{RoleName: "rb", Namespace: "a", Rules: []Rule{{APIGroups: []string{"rbac.authorization.k8s.io"}, Resources: []string{"rolebindings"}, Verbs: []string{"create"}}}}, iam.ClassPermissionsManagement, nil, nil},
		// Membership of system:masters comes from certificates; binding
		// a role to the group makes no one a member.
		{"system:masters subject", Binding{RoleName: "view", ClusterWide: true, Subjects: []Subject{{Kind: "Group", Name: "system:masters"}}}, iam.ClassRead, nil, nil},
		{"anonymous subject", Binding{RoleName: "view", ClusterWide: true, Subjects: []Subject{{Kind: "User", Name: "system:anonymous"}}}, iam.ClassRead, []string{"k8s:public-subject"}, nil},
		{"unknown custom role", Binding{RoleKind: "ClusterRole", RoleName: "made-elsewhere", ClusterWide: true}, iam.ClassUnknown, nil, nil},
		{"Role named like a built-in is not the built-in", Binding{RoleKind: "Role", RoleName: "cluster-admin", Namespace: "a"}, iam.ClassUnknown, nil, nil},
		{"no rules", Binding{RoleName: "empty", Rules: []Rule{}, Namespace: "a"}, iam.ClassNone, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.b.Source = iam.Source{Chain: []string{"binding"}}
			v := AnalyzeBinding(tc.b)
			got := ids(v)
			if v.Class != tc.class {
				t.Fatalf("class %s, want %s (%v)", v.Class, tc.class, got)
			}
			for _, id := range tc.has {
				if !slices.Contains(got, id) {
					t.Errorf("missing %s in %v", id, got)
				}
			}
			for _, id := range tc.absent {
				if slices.Contains(got, id) {
					t.Errorf("unexpected %s in %v", id, got)
				}
			}
			if len(v.Evidence) > 0 && !slices.Equal(v.Chain(), []string{"binding"}) {
				t.Errorf("chain %v", v.Chain())
			}
		})
	}
}

// What a binding hands each subject is its role, not what another
// subject is by itself.
func TestAnalyzeBoundRole(t *testing.T) {
	t.Parallel()
	b := Binding{RoleKind: "ClusterRole", RoleName: "view", ClusterWide: true, Source: iam.Source{Chain: []string{"binding"}},
		Subjects: []Subject{{Kind: "ServiceAccount", Name: "bot", Namespace: "ops"}, {Kind: "Group", Name: "system:masters"}, {Kind: "Group", Name: "system:authenticated"}}}
	if v := AnalyzeBinding(b); v.Class != iam.ClassRead {
		t.Errorf("binding: class %s, want read (view, opened to everyone authenticated)", v.Class)
	}
	v := AnalyzeBoundRole(b)
	if v.Class != iam.ClassRead || len(v.Evidence) != 0 {
		t.Errorf("bound role: class %s, evidence %v; want read, none", v.Class, ids(v))
	}
}

// The notes and messages name what was found: an aggregated ClusterRole
// the plan defines is not a role it does not know, and impersonating
// groups is more than impersonating users.
func TestAnalyzeBindingMessages(t *testing.T) {
	t.Parallel()
	v := AnalyzeBinding(Binding{RoleKind: "ClusterRole", RoleName: "ops", Aggregated: true, ClusterWide: true})
	if v.Class != iam.ClassUnknown || len(v.Notes) != 1 || !strings.Contains(v.Notes[0], "aggregates the rules of the ClusterRoles its labels select") {
		t.Errorf("aggregated: %s %v", v.Class, v.Notes)
	}
	v = AnalyzeBinding(Binding{RoleName: "imp", ClusterWide: true, Rules: []Rule{{APIGroups: []string{""}, Resources: []string{"users", "groups"}, Verbs: []string{"impersonate"}}}})
	if len(v.Evidence) != 1 || !strings.HasPrefix(v.Evidence[0].Message, "impersonate users, groups:") || !strings.Contains(v.Evidence[0].Message, "system:masters") ||
		!slices.Equal(v.Evidence[0].Actions, []string{"impersonate users", "impersonate groups"}) {
		t.Errorf("impersonate: %+v", v.Evidence)
	}
}

func TestAnalyzeRulesWildcardClusterRole(t *testing.T) {
	t.Parallel()
	// kubernetes_cluster_role_v1.ops_wildcard on its own, as bound cluster-wide.
	v := AnalyzeRules([]Rule{{APIGroups: []string{"*"}, Resources: []string{"*"}, Verbs: []string{"*"}}}, true, "", iam.Source{Chain: []string{"kubernetes_cluster_role_v1.ops_wildcard"}})
	if v.Class != iam.ClassAdmin || !slices.Equal(ids(v), []string{"k8s:cluster-admin"}) {
		t.Fatalf("got %s %v", v.Class, ids(v))
	}
	if r, ok := BuiltInClusterRole("view"); !ok || len(r) == 0 {
		t.Fatal("view missing")
	}
	if _, ok := BuiltInClusterRole("system:node"); ok {
		t.Fatal("system:node should not be known")
	}
}

// A binding to the groups every request falls into opens its role to
// everyone who can reach the API server: open trust (NHI-006), the way a
// trust policy with Principal "*" is.
func TestOpenSubjects(t *testing.T) {
	t.Parallel()
	sa := Subject{Kind: "ServiceAccount", Name: "ci", Namespace: "ci"}
	secrets := []Rule{{APIGroups: []string{""}, Resources: []string{"secrets"}, Verbs: []string{"get", "list"}}}
	tests := []struct {
		name     string
		b        Binding
		open     []string // Grant.Where of the open-trust evidence, in order
		class    iam.Class
		contains string // in the first open-trust message
	}{
		{"system:authenticated cluster-wide", Binding{RoleKind: "ClusterRole", RoleName: "view", ClusterWide: true, Subjects: []Subject{{Kind: "Group", Name: "system:authenticated"}}},
			[]string{"Group system:authenticated"}, iam.ClassRead, "view (cluster-wide) to Group system:authenticated: every user and service account"},
		{"system:unauthenticated in a namespace", Binding{RoleName: "secret-reader", Namespace: "apps", Rules: secrets, Subjects: []Subject{{Kind: "Group", Name: "system:unauthenticated"}}},
			[]string{"Group system:unauthenticated"}, iam.ClassRead, "(namespace apps) to Group system:unauthenticated: anyone who can reach the API server"},
		{"system:anonymous user", Binding{RoleKind: "ClusterRole", RoleName: "cluster-admin", ClusterWide: true, Subjects: []Subject{{Kind: "User", Name: "system:anonymous"}}},
			[]string{"User system:anonymous"}, iam.ClassAdmin, "cluster-admin (cluster-wide) to User system:anonymous"},
		{"kind spelled in lower case", Binding{RoleKind: "ClusterRole", RoleName: "edit", Namespace: "apps", Subjects: []Subject{{Kind: "group", Name: "system:authenticated"}}},
			[]string{"group system:authenticated"}, iam.ClassWrite, "to Group system:authenticated"},
		{"among other subjects", Binding{RoleKind: "ClusterRole", RoleName: "view", ClusterWide: true, Subjects: []Subject{sa, {Kind: "Group", Name: "system:authenticated"}, {Kind: "User", Name: "system:anonymous"}}},
			[]string{"Group system:authenticated", "User system:anonymous"}, iam.ClassRead, "Group system:authenticated"},
		{"unknown role is still opened", Binding{RoleKind: "ClusterRole", RoleName: "made-elsewhere", ClusterWide: true, Subjects: []Subject{{Kind: "Group", Name: "system:authenticated"}}},
			[]string{"Group system:authenticated"}, iam.ClassUnknown, "made-elsewhere"},
		{"open subject keeps the role's class beside system:masters", Binding{RoleKind: "ClusterRole", RoleName: "view", ClusterWide: true, Subjects: []Subject{{Kind: "Group", Name: "system:masters"}, {Kind: "Group", Name: "system:authenticated"}}},
			[]string{"Group system:authenticated"}, iam.ClassRead, "view"},
		// Every workload: open too, as a Vault role bound to service account "*".
		{"all service accounts", Binding{RoleKind: "ClusterRole", RoleName: "cluster-admin", ClusterWide: true, Subjects: []Subject{{Kind: "Group", Name: "system:serviceaccounts"}}},
			[]string{"Group system:serviceaccounts"}, iam.ClassAdmin, "cluster-admin (cluster-wide) to Group system:serviceaccounts: every service account in every namespace"},
		{"one namespace's service accounts", Binding{RoleKind: "ClusterRole", RoleName: "edit", Namespace: "apps", Subjects: []Subject{{Kind: "Group", Name: "system:serviceaccounts:apps"}}},
			[]string{"Group system:serviceaccounts:apps"}, iam.ClassWrite, "edit (namespace apps) to Group system:serviceaccounts:apps: every service account in namespace apps, including the default one"},
		// Not open.
		{"a namespace group with no namespace", Binding{RoleKind: "ClusterRole", RoleName: "view", ClusterWide: true, Subjects: []Subject{{Kind: "Group", Name: "system:serviceaccounts:"}}}, nil, 0, ""},
		{"a user named like the group", Binding{RoleKind: "ClusterRole", RoleName: "view", ClusterWide: true, Subjects: []Subject{{Kind: "User", Name: "system:serviceaccounts"}}}, nil, 0, ""},
		{"a look-alike group", Binding{RoleKind: "ClusterRole", RoleName: "view", ClusterWide: true, Subjects: []Subject{{Kind: "Group", Name: "system:serviceaccountsx"}}}, nil, 0, ""},
		{"a service account", Binding{RoleKind: "ClusterRole", RoleName: "view", ClusterWide: true, Subjects: []Subject{sa}}, nil, 0, ""},
		{"a role that grants nothing", Binding{RoleName: "empty", Namespace: "a", Rules: []Rule{}, Subjects: []Subject{{Kind: "Group", Name: "system:authenticated"}}}, nil, 0, ""},
		{"the names as the wrong kind", Binding{RoleKind: "ClusterRole", RoleName: "view", ClusterWide: true, Subjects: []Subject{{Kind: "User", Name: "system:authenticated"}, {Kind: "Group", Name: "system:anonymous"}}}, nil, 0, ""},
		{"a look-alike name", Binding{RoleKind: "ClusterRole", RoleName: "view", ClusterWide: true, Subjects: []Subject{{Kind: "Group", Name: "system:authenticated-users"}}}, nil, 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.b.Source = iam.Source{Chain: []string{"binding"}}
			v := AnalyzeBinding(tc.b)
			ev := v.Of(iam.KindOpenTrust)
			var where []string
			for _, e := range ev {
				if len(e.Grants) != 1 {
					t.Errorf("evidence %+v", e)
					continue
				}
				wantID := "k8s:public-subject"
				if strings.Contains(e.Grants[0].Where, "system:serviceaccounts") {
					wantID = "k8s:all-service-accounts"
				}
				if e.ID != wantID || !slices.Equal(e.Grants[0].Source.Chain, []string{"binding"}) {
					t.Errorf("evidence %+v", e)
					continue
				}
				where = append(where, e.Grants[0].Where)
				if e.Class != tc.class {
					t.Errorf("%s: class %s, want %s", e.Grants[0].Where, e.Class, tc.class)
				}
			}
			if !slices.Equal(where, tc.open) {
				t.Fatalf("open trust on %v, want %v (evidence %v)", where, tc.open, ids(v))
			}
			if len(ev) > 0 && !strings.Contains(ev[0].Message, tc.contains) {
				t.Errorf("message %q lacks %q", ev[0].Message, tc.contains)
			}
			if v.Has(iam.KindBroadMember) {
				t.Errorf("open subjects are open trust, not broad members: %v", ids(v))
			}
		})
	}
}
