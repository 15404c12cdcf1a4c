package kb

import "time"

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
	// service accounts are in the plan, matched by name (and namespace).
	k8sSubjects = []Link{{Path: "subject.name", Types: k8sSA, By: []string{"metadata.name"}}}
	k8sTokenAlt = "Use short-lived projected tokens (kubernetes_token_request_v1, or the pod's bound service account token) instead of a token Secret"
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
		When:      &Condition{Path: "type", Contains: "kubernetes.io/service-account-token"},
		Otherwise: Secret,
		Owner:     k8sOwner,
		Parents: []Link{{
			Path: "metadata.annotations", Key: "kubernetes.io/service-account.name",
			Types: k8sSA, By: []string{"metadata.name"},
		}},
		Lifetime:         Lifetime{Static: true, Default: Forever},
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
			Principals: k8sSubjects, ScopeLevel: "cluster",
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
		Parents:          []Link{{Path: "metadata.name", Types: k8sSA, By: []string{"metadata.name"}}},
		Lifetime:         Lifetime{Attrs: []DurationAttr{{Path: "spec.expiration_seconds", Unit: Seconds}}, Default: time.Hour},
		SecretAttrs:      []string{"token"},
		CredentialSecret: true,
	})
	PlainText["kubernetes_token_request_v1"] = append(PlainText["kubernetes_token_request_v1"], "metadata")
}
