// Package k8srbac classifies Kubernetes RBAC rules and bindings.
//
// AnalyzeRules(rules, clusterWide, namespace, source),
// AnalyzeBinding(Binding) and AnalyzeBoundRole(Binding) (what a binding
// hands each subject: its role, without what a subject is by itself)
// return an iam.Verdict. The caller says whether a grant is cluster-wide
// (ClusterRoleBinding) or namespaced (RoleBinding, or a ClusterRole bound
// in one namespace).
//
//   - "*" verbs on "*" resources of "*" API groups (or every non-resource
//     URL) cluster-wide is admin ("k8s:cluster-admin"); in one namespace it
//     is permissions-management ("k8s:namespace-admin").
//   - "k8s:wildcard-verbs", "k8s:wildcard-resources" (KindWildcard);
//     "k8s:secrets-read" (get, list or watch on every Secret; KindSecretsRead);
//     "k8s:bind-escalate", "k8s:impersonate", "k8s:pod-exec",
//     "k8s:create-workloads" (creating pods or any controller of them, or
//     changing controllers' pod templates cluster-wide),
//     "k8s:admission-webhooks" (writing webhook configurations),
//     "k8s:serviceaccount-token", "k8s:csr-approve", "k8s:nodes-proxy"
//     (KindEscalation, with the scope they apply to).
//   - Class: RBAC writes are permissions-management, other mutating verbs
//     write, get/list/watch read. An admin verdict keeps only its admin
//     evidence.
//   - Built-in ClusterRoles cluster-admin, admin, edit and view are known by
//     name (BuiltInClusterRole). A binding whose subject is the
//     system:masters group hands its members only its role: they bypass
//     RBAC by their certificates, which no binding grants. A binding to the groups
//     system:authenticated or system:unauthenticated or the user
//     system:anonymous opens its role to everyone who can reach the API
//     server: "k8s:public-subject" (KindOpenTrust, classed as the role),
//     unless the role grants nothing; one to system:serviceaccounts or
//     system:serviceaccounts:NAMESPACE opens it to every workload there,
//     present and future: "k8s:all-service-accounts" (KindOpenTrust too).
//   - Amazon EKS access policies mirror the built-in roles
//     (EKSAccessBinding): AmazonEKSClusterAdminPolicy is cluster-admin,
//     AmazonEKSAdminPolicy, Edit and View are admin, edit and view, bound
//     cluster-wide or in the association's namespaces; membership of
//     system:masters (aws-auth) is cluster-admin (MastersVerdict).
package k8srbac
