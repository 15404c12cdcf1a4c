# existing, unchanged:
resource "kubernetes_cluster_role_binding_v1" "prod_deployer" {
  metadata { name = "prod-deployer-cluster-admin" labels = { owner = "team-platform" } }
  role_ref { api_group = "rbac.authorization.k8s.io" kind = "ClusterRole" name = "cluster-admin" }
  subject  { kind = "ServiceAccount" name = "deployer" namespace = "prod" }
}
# new in this plan: a namespace-scoped deployer for staging, bound to a narrow Role
resource "kubernetes_service_account_v1" "staging_deployer" {
  metadata { name = "deployer" namespace = "staging" labels = { owner = "team-web" } }
}
resource "kubernetes_role_v1" "staging_deployer" {
  metadata { name = "deployer" namespace = "staging" labels = { owner = "team-web" } }
  rule { api_groups = ["apps"] resources = ["deployments"] verbs = ["get", "list", "patch"] }
}
resource "kubernetes_role_binding_v1" "staging_deployer" {
  metadata { name = "deployer" namespace = "staging" labels = { owner = "team-web" } }
  role_ref { api_group = "rbac.authorization.k8s.io" kind = "Role" name = kubernetes_role_v1.staging_deployer.metadata[0].name }
  subject  { kind = "ServiceAccount" name = kubernetes_service_account_v1.staging_deployer.metadata[0].name namespace = "staging" }
}
