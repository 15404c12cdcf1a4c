package k8srbac

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
)

// Rule is one PolicyRule of a Role or ClusterRole.
type Rule struct {
	APIGroups       []string `json:"api_groups,omitempty"`
	Resources       []string `json:"resources,omitempty"`
	Verbs           []string `json:"verbs,omitempty"`
	ResourceNames   []string `json:"resource_names,omitempty"`
	NonResourceURLs []string `json:"non_resource_urls,omitempty"`
}

// Subject is one subject of a binding.
type Subject struct {
	Kind      string `json:"kind"` // User, Group, ServiceAccount
	Name      string `json:"name"`
	Namespace string `json:"namespace,omitempty"`
}

// Binding is a RoleBinding or ClusterRoleBinding.
type Binding struct {
	// RoleKind is "ClusterRole" or "Role"; RoleName its name.
	RoleKind string
	RoleName string
	// Rules of the bound role when the plan defines it; nil to use the
	// built-in ClusterRole of that name (cluster-admin, admin, edit, view).
	Rules []Rule
	// Aggregated says the plan defines the role as an aggregated
	// ClusterRole: its rules are those of the ClusterRoles its label
	// selectors pick, which the API server gathers.
	Aggregated bool
	// ClusterWide is true for a ClusterRoleBinding; Namespace names the
	// namespace of a RoleBinding.
	ClusterWide bool
	Namespace   string
	Subjects    []Subject
	Source      iam.Source
}

var mutating = []string{"create", "update", "patch", "delete", "deletecollection", "*"}

func has(list []string, vals ...string) bool {
	for _, v := range vals {
		if slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(strings.TrimSpace(x), v) }) {
			return true
		}
	}
	return false
}

// covers: the rule applies to (group, resource) for one of the verbs.
func (r Rule) covers(group, resource string, verbs ...string) bool {
	if len(r.Resources) == 0 {
		return false
	}
	groupOK := has(r.APIGroups, "*", group)
	resOK := has(r.Resources, "*", resource)
	if !resOK {
		// "pods/*" covers pods/exec.
		if base, _, ok := strings.Cut(resource, "/"); ok {
			resOK = has(r.Resources, base+"/*")
		}
	}
	return groupOK && resOK && has(r.Verbs, append([]string{"*"}, verbs...)...)
}

func (r Rule) allNames() bool { return len(r.ResourceNames) == 0 }

// Analysis: the patterns a security reviewer looks for in RBAC rules.
type finding struct {
	kind  iam.Kind
	id    string
	class iam.Class
	msg   string
	acts  []string
}

// AnalyzeRules classifies rules bound cluster-wide (clusterWide) or in one
// namespace. Cluster-wide "*" on "*" in "*" (or non-resource URL "*") is
// admin; the same in one namespace is permissions-management (namespace
// admin). Wildcard verbs or resources, secrets read (get, list, watch),
// bind/escalate on roles, impersonate, creating pods or pods/exec, and
// serviceaccounts/token are evidence; RBAC writes are
// permissions-management; other mutating verbs write; get/list/watch read.
func AnalyzeRules(rules []Rule, clusterWide bool, namespace string, src iam.Source) iam.Verdict {
	v := iam.Verdict{Class: iam.ClassNone}
	scope := "cluster-wide"
	if !clusterWide {
		scope = "namespace " + orAny(namespace)
	}
	var classes []iam.Class
	for i, r := range rules {
		where := "rules[" + strconv.Itoa(i) + "]"
		g := iam.Grant{Source: src, Where: where, Actions: r.Verbs, Resources: ruleResources(r)}
		for _, f := range analyzeRule(r, clusterWide, scope) {
			// Escalation evidence carries what it reaches, not what is held.
			if f.kind == iam.KindAdmin || f.kind == iam.KindPermissionsManagement {
				classes = append(classes, f.class)
			}
			v.Evidence = append(v.Evidence, iam.Evidence{Kind: f.kind, ID: f.id, Class: f.class, Scope: scope, Message: f.msg, Actions: f.acts, Grants: []iam.Grant{g}})
		}
		classes = append(classes, ruleClass(r))
	}
	if len(classes) > 0 {
		v.Class = iam.Max(classes...)
	}
	// Evidence of a lower class than the verdict restates it: an admin
	// verdict keeps only its admin evidence.
	if v.Class == iam.ClassAdmin {
		v.Evidence = slices.DeleteFunc(v.Evidence, func(e iam.Evidence) bool { return e.Kind != iam.KindAdmin })
	}
	return v
}

func ruleResources(r Rule) []string {
	var out []string
	for _, g := range r.APIGroups {
		for _, res := range r.Resources {
			s := res
			if g != "" {
				s = g + "/" + res
			}
			out = append(out, s)
		}
	}
	if len(r.APIGroups) == 0 {
		out = append(out, r.Resources...)
	}
	out = append(out, r.NonResourceURLs...)
	if len(r.ResourceNames) > 0 {
		out = append(out, "names: "+strings.Join(r.ResourceNames, ", "))
	}
	return out
}

func ruleClass(r Rule) iam.Class {
	switch {
	case len(r.Verbs) == 0:
		return iam.ClassNone
	case r.covers("rbac.authorization.k8s.io", "rolebindings", mutating...) || r.covers("rbac.authorization.k8s.io", "clusterrolebindings", mutating...) ||
		r.covers("rbac.authorization.k8s.io", "roles", "bind", "escalate") || r.covers("rbac.authorization.k8s.io", "clusterroles", "bind", "escalate"):
		return iam.ClassPermissionsManagement
	case has(r.Verbs, mutating...) || has(r.Verbs, "bind", "escalate", "impersonate", "approve", "sign", "attest"):
		return iam.ClassWrite
	case has(r.Verbs, "get", "list", "watch"):
		return iam.ClassRead
	}
	return iam.ClassRead
}

func analyzeRule(r Rule, clusterWide bool, scope string) []finding {
	var out []finding
	allGroups, allRes, allVerbs := has(r.APIGroups, "*"), has(r.Resources, "*"), has(r.Verbs, "*")
	if allGroups && allRes && allVerbs && r.allNames() {
		if clusterWide {
			return []finding{{iam.KindAdmin, "k8s:cluster-admin", iam.ClassAdmin, "every verb on every resource of every API group, cluster-wide: cluster-admin equivalent", []string{"*"}}}
		}
		out = append(out, finding{iam.KindPermissionsManagement, "k8s:namespace-admin", iam.ClassPermissionsManagement, "every verb on every resource in the " + scope + ": namespace admin, including its secrets and role bindings", []string{"*"}})
	} else {
		if allVerbs && len(r.Resources) > 0 {
			out = append(out, finding{iam.KindWildcard, "k8s:wildcard-verbs", iam.ClassWrite, fmt.Sprintf("every verb on %s (%s)", strings.Join(r.Resources, ", "), scope), []string{"*"}})
		}
		if allRes && has(r.Verbs, mutating...) {
			out = append(out, finding{iam.KindWildcard, "k8s:wildcard-resources", iam.ClassWrite, fmt.Sprintf("%s on every resource of API groups %s (%s)", strings.Join(r.Verbs, ", "), strings.Join(r.APIGroups, ", "), scope), r.Verbs})
		}
	}
	if has(r.NonResourceURLs, "*") && allVerbs && clusterWide {
		return append(out, finding{iam.KindAdmin, "k8s:cluster-admin", iam.ClassAdmin, "every verb on every non-resource URL", []string{"*"}})
	}
	if r.allNames() && r.covers("", "secrets", "get", "list", "watch") {
		verbs := "get/list/watch"
		class := iam.ClassRead
		msg := "reads every Secret, service account tokens included, " + scope
		out = append(out, finding{iam.KindSecretsRead, "k8s:secrets-read", class, msg, []string{verbs}})
	}
	if r.covers("rbac.authorization.k8s.io", "clusterroles", "bind", "escalate") || r.covers("rbac.authorization.k8s.io", "roles", "bind", "escalate") {
		out = append(out, finding{iam.KindEscalation, "k8s:bind-escalate", iam.ClassAdmin, "bind or escalate on roles: can grant permissions it does not hold (" + scope + ")", []string{"bind", "escalate"}})
	}
	var impersonated []string
	for _, res := range []string{"users", "groups", "serviceaccounts", "userextras/*", "uids"} {
		if r.covers("", res, "impersonate") || r.covers("authentication.k8s.io", res, "impersonate") {
			impersonated = append(impersonated, res)
		}
	}
	if len(impersonated) > 0 {
		msg := "impersonate " + strings.Join(impersonated, ", ") + ": can act as other identities (" + scope + ")"
		if slices.Contains(impersonated, "groups") {
			msg += ", in any group, system:masters included"
		}
		out = append(out, finding{iam.KindEscalation, "k8s:impersonate", iam.ClassAdmin, msg, prefixed("impersonate ", impersonated)})
	}
	if r.allNames() && (r.covers("", "pods/exec", "create") || r.covers("", "pods/attach", "create")) {
		out = append(out, finding{iam.KindEscalation, "k8s:pod-exec", iam.ClassAdmin, "exec into pods: can run as any pod's service account (" + scope + ")", []string{"create pods/exec"}})
	} else if created := r.workloads(workloads, "create"); len(created) > 0 {
		out = append(out, finding{iam.KindEscalation, "k8s:create-workloads", iam.ClassAdmin, "creates " + strings.Join(created, ", ") + ": their pods can mount any service account of the " + scopeNoun(scope), prefixed("create ", created)})
	} else if changed := r.workloads(templated, "update", "patch"); clusterWide && r.allNames() && len(changed) > 0 {
		// In one namespace this is every deployer's right; in every
		// namespace, kube-system's controllers included, it is not.
		out = append(out, finding{iam.KindEscalation, "k8s:create-workloads", iam.ClassAdmin, "changes the pod templates of " + strings.Join(changed, ", ") + " cluster-wide: can set any service account of the cluster on their pods", prefixed("update ", changed)})
	}
	if written := r.workloads(webhookConfigs, "create", "update", "patch"); len(written) > 0 {
		out = append(out, finding{iam.KindEscalation, "k8s:admission-webhooks", iam.ClassAdmin, "writes " + strings.Join(written, ", ") + ": an admission webhook sees and may change every object the API server admits, Secrets and pods included", prefixed("write ", written)})
	}
	if r.allNames() && r.covers("", "serviceaccounts/token", "create") {
		out = append(out, finding{iam.KindEscalation, "k8s:serviceaccount-token", iam.ClassAdmin, "mints tokens for service accounts (" + scope + ")", []string{"create serviceaccounts/token"}})
	}
	if r.covers("certificates.k8s.io", "certificatesigningrequests/approval", "update", "patch") || r.covers("certificates.k8s.io", "signers", "approve") {
		out = append(out, finding{iam.KindEscalation, "k8s:csr-approve", iam.ClassAdmin, "approves certificate signing requests: can mint client certificates", []string{"approve"}})
	}
	if r.covers("", "nodes/proxy", "get", "create") {
		out = append(out, finding{iam.KindEscalation, "k8s:nodes-proxy", iam.ClassAdmin, "nodes/proxy: talks to every kubelet, exec in any pod", []string{"nodes/proxy"}})
	}
	return out
}

// workloads are the resources (group/resource) whose objects run pods:
// creating one runs pods as any service account of its namespace.
var workloads = []string{"/pods", "/replicationcontrollers", "apps/deployments", "apps/daemonsets", "apps/statefulsets", "apps/replicasets", "batch/jobs", "batch/cronjobs"}

// templated are the workloads whose pod template may change after
// creation (a pod's service account and a job's template may not).
var templated = []string{"/replicationcontrollers", "apps/deployments", "apps/daemonsets", "apps/statefulsets", "apps/replicasets", "batch/cronjobs"}

// webhookConfigs are the admission webhook registrations.
var webhookConfigs = []string{"admissionregistration.k8s.io/mutatingwebhookconfigurations", "admissionregistration.k8s.io/validatingwebhookconfigurations"}

// workloads returns the resources of a list (group/resource) the rule
// covers for one of the verbs, by resource name.
func (r Rule) workloads(list []string, verbs ...string) []string {
	var out []string
	for _, gr := range list {
		group, res, _ := strings.Cut(gr, "/")
		if r.covers(group, res, verbs...) {
			out = append(out, res)
		}
	}
	return out
}

func prefixed(prefix string, list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = prefix + s
	}
	return out
}

func scopeNoun(scope string) string {
	if scope == "cluster-wide" {
		return "cluster"
	}
	return scope
}

func orAny(ns string) string {
	if ns == "" {
		return "(unnamed)"
	}
	return ns
}

// builtIn are the default user-facing ClusterRoles, reduced to the rules
// that decide their class. admin and edit are aggregated roles; these are
// their documented contents in short.
var builtIn = map[string][]Rule{
	"cluster-admin": {
		{APIGroups: []string{"*"}, Resources: []string{"*"}, Verbs: []string{"*"}},
		{NonResourceURLs: []string{"*"}, Verbs: []string{"*"}},
	},
	"admin": {
		{APIGroups: []string{""}, Resources: []string{"pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services", "configmaps", "persistentvolumeclaims", "replicationcontrollers", "serviceaccounts"}, Verbs: []string{"create", "delete", "deletecollection", "patch", "update", "get", "list", "watch"}},
		{APIGroups: []string{""}, Resources: []string{"serviceaccounts"}, Verbs: []string{"impersonate"}},
		{APIGroups: []string{""}, Resources: []string{"serviceaccounts/token"}, Verbs: []string{"create"}},
		{APIGroups: []string{"apps", "batch", "autoscaling", "networking.k8s.io", "policy"}, Resources: []string{"*"}, Verbs: []string{"create", "delete", "deletecollection", "patch", "update", "get", "list", "watch"}},
		{APIGroups: []string{"rbac.authorization.k8s.io"}, Resources: []string{"roles", "rolebindings"}, Verbs: []string{"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"}},
	},
	"edit": {
		{APIGroups: []string{""}, Resources: []string{"pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services", "configmaps", "persistentvolumeclaims", "replicationcontrollers", "serviceaccounts"}, Verbs: []string{"create", "delete", "deletecollection", "patch", "update", "get", "list", "watch"}},
		{APIGroups: []string{""}, Resources: []string{"serviceaccounts"}, Verbs: []string{"impersonate"}},
		{APIGroups: []string{""}, Resources: []string{"serviceaccounts/token"}, Verbs: []string{"create"}},
		{APIGroups: []string{"apps", "batch", "autoscaling", "networking.k8s.io", "policy"}, Resources: []string{"*"}, Verbs: []string{"create", "delete", "deletecollection", "patch", "update", "get", "list", "watch"}},
	},
	"view": {
		{APIGroups: []string{"", "apps", "batch", "autoscaling", "networking.k8s.io", "policy"}, Resources: []string{"pods", "services", "configmaps", "persistentvolumeclaims", "replicationcontrollers", "serviceaccounts", "deployments", "replicasets", "statefulsets", "daemonsets", "jobs", "cronjobs", "ingresses", "networkpolicies", "poddisruptionbudgets", "horizontalpodautoscalers", "events", "namespaces"}, Verbs: []string{"get", "list", "watch"}},
	},
}

// BuiltInClusterRole returns the rules of cluster-admin, admin, edit or
// view (in short; see builtIn).
func BuiltInClusterRole(name string) ([]Rule, bool) {
	r, ok := builtIn[name]
	return slices.Clone(r), ok
}

// openSubjects are the subjects the API server gives to everyone who can
// reach it: every request without credentials (when anonymous auth is on,
// the kube-apiserver default) is the user system:anonymous in the group
// system:unauthenticated, and every authenticated one, whatever its
// identity provider, is in the group system:authenticated. A binding to
// one trusts nobody in particular with its role.
var openSubjects = []struct {
	kind, name, who string
}{
	{"Group", "system:authenticated", "every user and service account that can authenticate to the cluster"},
	{"Group", "system:unauthenticated", "anyone who can reach the API server, with no credentials"},
	{"User", "system:anonymous", "anyone who can reach the API server, with no credentials"},
}

// serviceAccountsGroup is the group of every service account; each
// namespace's are also in serviceAccountsGroup + ":" + namespace. A binding
// to one trusts every workload there, including the default service
// account pods run as unless told otherwise and accounts created later,
// as a Vault role bound to service account "*" does.
const serviceAccountsGroup = "system:serviceaccounts"

// openSubject returns the subject's canonical spelling, whom it stands for
// and the evidence ID when it is one of openSubjects or a service-account
// group. The kind must match: the API server only ever sets these names
// as the kinds above, so a User named system:authenticated is nobody.
func openSubject(s Subject) (name, who, id string, ok bool) {
	kind, n := strings.TrimSpace(s.Kind), strings.TrimSpace(s.Name)
	for _, o := range openSubjects {
		if strings.EqualFold(kind, o.kind) && n == o.name {
			return o.kind + " " + o.name, o.who, "k8s:public-subject", true
		}
	}
	if !strings.EqualFold(kind, "Group") {
		return "", "", "", false
	}
	if n == serviceAccountsGroup {
		return "Group " + n, "every service account in every namespace, including ones created later", "k8s:all-service-accounts", true
	}
	if ns, found := strings.CutPrefix(n, serviceAccountsGroup+":"); found && ns != "" {
		return "Group " + n, "every service account in namespace " + ns + ", including the default one its pods run as and ones created later", "k8s:all-service-accounts", true
	}
	return "", "", "", false
}

// AnalyzeBinding classifies a binding: its role's rules at the binding's
// scope, plus subjects open to everyone (system:authenticated, system:unauthenticated,
// system:anonymous) or to every workload (the system:serviceaccounts
// groups): KindOpenTrust. A custom role name with no rules is
// unknown.
func AnalyzeBinding(b Binding) iam.Verdict {
	v := AnalyzeBoundRole(b)
	roleClass := v.Class // what an open subject is handed
	for _, s := range b.Subjects {
		g := iam.Grant{Source: b.Source, Where: s.Kind + " " + s.Name}
		name, who, id, open := openSubject(s)
		if !open || roleClass == iam.ClassNone {
			// A role that grants nothing opens nothing.
			continue
		}
		v.Evidence = append(v.Evidence, iam.Evidence{Kind: iam.KindOpenTrust, ID: id, Class: roleClass, Scope: scopeOf(b),
			Message: fmt.Sprintf("the binding grants %s (%s) to %s: %s", orName(b.RoleName), scopeOf(b), name, who), Grants: []iam.Grant{g}})
	}
	return v
}

// AnalyzeBoundRole classifies what a binding hands each of its subjects:
// its role's rules at the binding's scope, without what a subject is by
// itself (AnalyzeBinding adds that for the binding).
func AnalyzeBoundRole(b Binding) iam.Verdict {
	rules := b.Rules
	var v iam.Verdict
	switch br, builtin := builtIn[b.RoleName]; {
	case len(rules) == 0 && b.Aggregated:
		rules = nil
		v = iam.Verdict{Class: iam.ClassUnknown, Notes: []string{fmt.Sprintf("ClusterRole %q aggregates the rules of the ClusterRoles its labels select, which the plan does not tell", b.RoleName)}}
	case rules != nil:
	case builtin && (b.RoleKind == "" || strings.EqualFold(b.RoleKind, "ClusterRole")):
		rules = br
	default:
		v = iam.Verdict{Class: iam.ClassUnknown, Notes: []string{fmt.Sprintf("%s %q is not built in and its rules were not given", orKind(b.RoleKind), b.RoleName)}}
	}
	if rules != nil {
		v = AnalyzeRules(rules, b.ClusterWide, b.Namespace, b.Source)
		for i := range v.Evidence {
			for j := range v.Evidence[i].Grants {
				v.Evidence[i].Grants[j].Where = b.RoleName + " " + v.Evidence[i].Grants[j].Where
			}
		}
		if b.RoleName == "cluster-admin" && !b.ClusterWide && v.Class == iam.ClassPermissionsManagement {
			v.Notes = append(v.Notes, "cluster-admin bound in one namespace gives full control of that namespace only")
		}
	}
	return v
}

func orName(n string) string {
	if n == "" {
		return "its role"
	}
	return n
}

func scopeOf(b Binding) string {
	if b.ClusterWide {
		return "cluster-wide"
	}
	return "namespace " + orAny(b.Namespace)
}

func orKind(k string) string {
	if k == "" {
		return "role"
	}
	return k
}
