# the SSO group "ci" (platform engineers' OIDC group) is cluster-admin; a namespaced ServiceAccount happens to be called "ci" too
resource "kubernetes_service_account_v1" "ci" { metadata { name = "ci" namespace = "ci" labels = { owner = "team-platform" } } }
resource "kubernetes_role_binding_v1" "ci" {
  metadata { name = "ci-view" namespace = "ci" labels = { owner = "team-platform" } }
  role_ref { api_group = "rbac.authorization.k8s.io" kind = "ClusterRole" name = "view" }
  subject  { kind = "ServiceAccount" name = kubernetes_service_account_v1.ci.metadata[0].name namespace = "ci" }
}
resource "kubernetes_cluster_role_binding_v1" "sso_admins" {
  metadata { name = "oidc-ci-admins" labels = { owner = "team-platform" } }
  role_ref { api_group = "rbac.authorization.k8s.io" kind = "ClusterRole" name = "cluster-admin" }
  subject  { kind = "Group" name = "ci" api_group = "rbac.authorization.k8s.io" }
}
