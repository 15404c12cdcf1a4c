resource "kubernetes_cluster_role_v1" "deployer" {
  metadata { name = "deployer" labels = { owner = "team-platform" } }
  rule { api_groups = ["*"] resources = ["*"] verbs = ["*"] }
}
resource "kubernetes_role_v1" "deployer" {
  metadata { name = "deployer" namespace = "apps" labels = { owner = "team-platform" } }
  rule { api_groups = ["apps"] resources = ["deployments"] verbs = ["get", "list", "patch"] }
}
resource "kubernetes_service_account_v1" "ci" { metadata { name = "ci-deployer" namespace = "ci" labels = { owner = "team-platform" } } }
resource "kubernetes_role_binding_v1" "apps" {
  metadata { name = "ci-deployer" namespace = "apps" labels = { owner = "team-platform" } }
  role_ref { api_group = "rbac.authorization.k8s.io" kind = "ClusterRole" name = "deployer" }
  subject  { kind = "ServiceAccount" name = kubernetes_service_account_v1.ci.metadata[0].name namespace = "ci" }
}
