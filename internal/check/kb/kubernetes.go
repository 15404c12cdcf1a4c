package kb

import (
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Kubernetes (hashicorp/kubernetes). Every type exists twice: the _v1 name
// and the legacy un-suffixed one, with the same schema. Objects carry
// ownership in metadata.labels (and often metadata.annotations).

const k8sDoc = "https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/"

var (
	k8sSA     = []string{"kubernetes_service_account_v1", "kubernetes_service_account"}
	k8sOwner  = Owner{Tags: []string{"metadata.labels", "metadata.annotations"}}
	k8sRoles  = []string{"kubernetes_cluster_role_v1", "kubernetes_cluster_role", "kubernetes_role_v1", "kubernetes_role"}
	k8sCRoles = []string{"kubernetes_cluster_role_v1", "kubernetes_cluster_role"}
	// Binding subjects: kind says ServiceAccount, User or Group; only
	// service accounts are in the plan, matched by name in the subject's
	// namespace. A ClusterRoleBinding's service account subjects must
	// name their namespace; a RoleBinding's without one are in the
	// binding's (the API server's authorizer defaults it). The provider
	// plans "default" for a subject's namespace left unset.
	k8sClusterSubjects = []Link{{Path: "subject.name", Types: k8sSA, By: []string{"metadata.name"}, Match: []Match{
		{Field: "kind", Value: "ServiceAccount"},
		{Field: "namespace", Target: "metadata.namespace"},
	}}}
	k8sSubjects = []Link{{Path: "subject.name", Types: k8sSA, By: []string{"metadata.name"}, Match: []Match{
		{Field: "kind", Value: "ServiceAccount"},
		{Field: "namespace", Default: "metadata.namespace", Target: "metadata.namespace"},
	}}}
	// k8sInNamespace: a namespaced object names a service account of its
	// own namespace (a token Secret's annotation, a token request).
	k8sInNamespace = []Match{{Field: "namespace", Target: "metadata.namespace"}}
	k8sTokenAlt    = "Use short-lived projected tokens (kubernetes_token_request_v1, or the pod's bound service account token) instead of a token Secret"
)

// k8s returns an entry under its _v1 name and its legacy name. Object
// metadata (names, labels, annotations) is readable by anyone who can list
// the object, so it is a plain-text place on every Kubernetes type.
func k8s(base string, e Entry) []Entry {
	// The API server bumps these on every write, by anyone.
	e.Volatile = append(e.Volatile, "metadata.resource_version", "metadata.generation", "metadata.uid")
	v1, legacy := e, e
	v1.Type, v1.Doc = base+"_v1", k8sDoc+base+"_v1"
	legacy.Type, legacy.Doc = base, k8sDoc+base
	for _, typ := range []string{v1.Type, legacy.Type} {
		PlainText[typ] = append(PlainText[typ], "metadata")
	}
	return []Entry{v1, legacy}
}

func init() {
	register(k8s("kubernetes_service_account", Entry{
		Class: Identity, Kind: "service_account", Provider: "kubernetes",
		Owner:       k8sOwner,
		Alternative: k8sTokenAlt,
	})...)
	register(k8s("kubernetes_secret", Entry{
		// A Secret of type kubernetes.io/service-account-token is a legacy
		// token that never expires, for the service account named in its
		// annotation; any other Secret is just secret data.
		Class: Credential, Kind: "token", Provider: "kubernetes",
		When:          &Condition{Path: "type", Contains: "kubernetes.io/service-account-token"},
		Otherwise:     Secret,
		OtherwiseKind: "secret",
		Owner:         k8sOwner,
		Parents: []Link{{
			Path: "metadata.annotations", Key: "kubernetes.io/service-account.name",
			Types: k8sSA, By: []string{"metadata.name"}, Match: k8sInNamespace,
		}},
		Lifetime:         Lifetime{Static: true, Default: Forever},
		Rotation:         Rotation{Triggers: []string{"data_wo_revision"}},
		SecretAttrs:      []string{"data", "binary_data", "data_wo", "binary_data_wo"},
		CredentialSecret: true,
		Alternative:      k8sTokenAlt,
	})...)
	register(k8s("kubernetes_cluster_role", Entry{
		Class: Policy, Kind: "cluster_role", Provider: "kubernetes",
		Owner:     k8sOwner,
		Privilege: Privilege{Engine: K8sRBAC, Rules: "rule", ScopeLevel: "cluster"},
	})...)
	register(k8s("kubernetes_role", Entry{
		Class: Policy, Kind: "role", Provider: "kubernetes",
		Owner:     k8sOwner,
		Privilege: Privilege{Engine: K8sRBAC, Rules: "rule", Scope: "metadata.namespace", ScopeLevel: "namespace"},
	})...)
	register(k8s("kubernetes_cluster_role_binding", Entry{
		// role_ref.kind is ClusterRole; role_ref.name may be a built-in
		// (cluster-admin, admin, edit, view) not in the plan.
		Class: Grant, Kind: "cluster_role_binding", Provider: "kubernetes",
		Owner: k8sOwner,
		Privilege: Privilege{
			Engine: K8sRBAC, PolicyRef: "role_ref.name", PolicyRefTypes: k8sCRoles,
			Principals: k8sClusterSubjects, ScopeLevel: "cluster",
		},
	})...)
	register(k8s("kubernetes_role_binding", Entry{
		// role_ref.kind is Role or ClusterRole; either way the grant holds
		// in the binding's namespace only.
		Class: Grant, Kind: "role_binding", Provider: "kubernetes",
		Owner: k8sOwner,
		Privilege: Privilege{
			Engine: K8sRBAC, PolicyRef: "role_ref.name", PolicyRefTypes: k8sRoles,
			Principals: k8sSubjects, Scope: "metadata.namespace", ScopeLevel: "namespace",
		},
	})...)
	register(k8s("kubernetes_namespace", Entry{
		Class: Other, Kind: "namespace", Provider: "kubernetes",
		Owner: k8sOwner,
	})...)
	register(Entry{
		// The good alternative: a bound token for metadata.name (the
		// service account's name) that expires after
		// spec.expiration_seconds (default 3600).
		Type: "kubernetes_token_request_v1", Class: Credential, Kind: "token", Provider: "kubernetes", Doc: k8sDoc + "token_request_v1",
		Owner:            k8sOwner,
		Parents:          []Link{{Path: "metadata.name", Types: k8sSA, By: []string{"metadata.name"}, Match: k8sInNamespace}},
		Lifetime:         Lifetime{Attrs: []DurationAttr{{Path: "spec.expiration_seconds", Unit: Seconds}}, Default: time.Hour},
		SecretAttrs:      []string{"token"},
		CredentialSecret: true,
	})
	PlainText["kubernetes_token_request_v1"] = append(PlainText["kubernetes_token_request_v1"], "metadata")
	register(Entry{
		// A Helm chart installed into the cluster (hashicorp/helm), its
		// secret values set one by one with set_sensitive: a block in the
		// provider's 2.x, a list of objects in 3.x.
		Type: "helm_release", Class: Other, Kind: "release", Provider: "kubernetes",
		Doc:         "https://registry.terraform.io/providers/hashicorp/helm/latest/docs/resources/release",
		SecretPaths: []string{"set_sensitive.value"},
	})
}

// kubernetes_manifest declares any Kubernetes object as the API writes it
// (manifest.kind, roleRef, subjects, rules, camelCase fields). Objects of
// the kinds above are judged as the typed resources: a ClusterRoleBinding
// to cluster-admin is the same grant either way.
//
// kubectl_manifest (the gavinbunney/kubectl and alekc/kubectl providers)
// declares one as YAML: yaml_body, which the provider marks sensitive, and
// yaml_body_parsed, the same with Secrets' values masked, set at plan time.
func init() {
	register(Entry{
		Type: "kubernetes_manifest", Class: Other, Kind: "manifest", Provider: "kubernetes", Doc: k8sDoc + "manifest",
		Manifest: true,
	}, Entry{
		Type: "kubectl_manifest", Class: Other, Kind: "manifest", Provider: "kubernetes",
		Doc:      "https://registry.terraform.io/providers/gavinbunney/kubectl/latest/docs/resources/kubectl_manifest",
		Manifest: true,
	})
}

// manifestKinds maps an object's API group and kind onto the typed
// resource with the same meaning.
var manifestKinds = map[string]string{
	"/ServiceAccount":                              "kubernetes_service_account_v1",
	"/Secret":                                      "kubernetes_secret_v1",
	"/Namespace":                                   "kubernetes_namespace_v1",
	"rbac.authorization.k8s.io/ClusterRole":        "kubernetes_cluster_role_v1",
	"rbac.authorization.k8s.io/Role":               "kubernetes_role_v1",
	"rbac.authorization.k8s.io/ClusterRoleBinding": "kubernetes_cluster_role_binding_v1",
	"rbac.authorization.k8s.io/RoleBinding":        "kubernetes_role_binding_v1",
}

// manifestInClear are the kinds of object whose every value is shown to
// whoever may get it, as the typed resources' PlainText attributes are:
// a ConfigMap, and a workload with its pod template.
var manifestInClear = map[string]bool{
	"/ConfigMap":             true,
	"/Pod":                   true,
	"/ReplicationController": true,
	"apps/Deployment":        true,
	"apps/StatefulSet":       true,
	"apps/DaemonSet":         true,
	"apps/ReplicaSet":        true,
	"batch/Job":              true,
	"batch/CronJob":          true,
}

// manifestObjectAttrs are the attributes of the Manifest types that hold
// the object: kubernetes_manifest's manifest and object,
// kubectl_manifest's yaml_body and yaml_body_parsed.
var manifestObjectAttrs = []string{"manifest", "object", "yaml_body", "yaml_body_parsed"}

// manifestObject returns the object a Manifest type's instance declares:
// the manifest, else the object the provider reports, else the YAML.
func manifestObject(vals map[string]any) map[string]any {
	obj, _ := vals["manifest"].(map[string]any)
	if obj == nil {
		obj, _ = vals["object"].(map[string]any)
	}
	if obj == nil {
		obj = yamlObject(vals["yaml_body_parsed"])
	}
	return obj
}

// groupKind names an object's kind with its API group ("" for the core
// group): apps/Deployment, /ConfigMap.
func groupKind(apiVersion, kind any) string {
	api, _ := apiVersion.(string)
	k, _ := kind.(string)
	group, _, versioned := strings.Cut(api, "/")
	if !versioned {
		group = ""
	}
	return group + "/" + k
}

// ManifestInClear returns the attributes of a Manifest type's instance
// that hold its object when the object is of a kind shown in clear (a
// ConfigMap, a workload): a value anywhere in it is. kubectl_manifest
// tells its kind in its own attributes when its YAML is known only after
// apply.
func ManifestInClear(typ string, vals map[string]any) []string {
	e := Lookup(typ)
	if e == nil || !e.Manifest {
		return nil
	}
	key := ""
	if obj := manifestObject(vals); obj != nil {
		key = groupKind(obj["apiVersion"], obj["kind"])
	} else {
		key = groupKind(vals["api_version"], vals["kind"])
	}
	if !manifestInClear[key] {
		return nil
	}
	var out []string
	for _, a := range manifestObjectAttrs {
		if _, ok := vals[a]; ok {
			out = append(out, a)
		}
	}
	return out
}

// FromManifest maps the values of a Manifest type's instance onto the
// typed entry of its kind and that entry's attribute layout: metadata,
// rule, aggregation_rule, role_ref and subject blocks, and a Secret's
// type. It returns nil for kinds nhiguard does not judge. A Secret's data
// is never copied: the typed entry drops it at load, and a manifest's may
// not be marked sensitive. The declared manifest is read, else the object
// the provider reports.
func FromManifest(vals map[string]any) (*Entry, map[string]any) {
	obj := manifestObject(vals)
	if obj == nil {
		return nil, nil
	}
	// Another group's object of a kind of the same name is no match.
	e := Lookup(manifestKinds[groupKind(obj["apiVersion"], obj["kind"])])
	if e == nil {
		return nil, nil
	}
	out := map[string]any{}
	if m, ok := obj["metadata"].(map[string]any); ok {
		out["metadata"] = []any{pick(m, "name", "name", "namespace", "namespace", "labels", "labels", "annotations", "annotations")}
	}
	if t, ok := obj["type"]; ok {
		out["type"] = t
	}
	if rules, ok := obj["rules"].([]any); ok {
		out["rule"] = each(rules, "apiGroups", "api_groups", "resources", "resources", "verbs", "verbs",
			"resourceNames", "resource_names", "nonResourceURLs", "non_resource_urls")
	}
	if agg, ok := obj["aggregationRule"].(map[string]any); ok {
		// Only that it aggregates matters, not which roles.
		out["aggregation_rule"] = []any{agg}
	}
	if ref, ok := obj["roleRef"].(map[string]any); ok {
		out["role_ref"] = []any{pick(ref, "apiGroup", "api_group", "kind", "kind", "name", "name")}
	}
	if subjects, ok := obj["subjects"].([]any); ok {
		out["subject"] = each(subjects, "kind", "kind", "name", "name", "namespace", "namespace", "apiGroup", "api_group")
	}
	return e, out
}

// ManifestAttr names a top-level field of a Kubernetes object (as a
// reference into kubernetes_manifest's manifest or object reads it) as
// the typed resources name it: a Secret's stringData and data are both
// its data.
func ManifestAttr(field string) string {
	switch field {
	case "data", "stringData":
		return "data"
	case "binaryData":
		return "binary_data"
	case "roleRef":
		return "role_ref"
	case "rules":
		return "rule"
	case "subjects":
		return "subject"
	}
	return field
}

// pick copies the fields of m named in pairs (API name, attribute name).
func pick(m map[string]any, pairs ...string) map[string]any {
	out := make(map[string]any, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		if v, ok := m[pairs[i]]; ok {
			out[pairs[i+1]] = v
		}
	}
	return out
}

// each is pick over a list of objects; an element that is not an object
// (an unknown) is kept as it is.
func each(list []any, pairs ...string) []any {
	out := make([]any, len(list))
	for i, v := range list {
		if m, ok := v.(map[string]any); ok {
			out[i] = pick(m, pairs...)
		} else {
			out[i] = v
		}
	}
	return out
}

// yamlObject reads a kubectl_manifest's YAML (one object; the provider
// takes one document per resource): nil when it is not a known string or
// not a YAML mapping.
func yamlObject(v any) map[string]any {
	s, ok := v.(string)
	if !ok || strings.TrimSpace(s) == "" {
		return nil
	}
	var obj map[string]any
	if err := yaml.Unmarshal([]byte(s), &obj); err != nil {
		return nil
	}
	return obj
}
