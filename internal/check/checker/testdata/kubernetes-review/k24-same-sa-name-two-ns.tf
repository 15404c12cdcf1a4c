resource "kubernetes_service_account_v1" "deployer" {
  for_each = toset(["dev", "prod"])
  metadata { name = "deployer" namespace = each.key labels = { owner = "team-platform" } }
}
resource "kubernetes_cluster_role_binding_v1" "prod_deployer" {
  metadata { name = "prod-deployer-cluster-admin" labels = { owner = "team-platform" } }
  role_ref { api_group = "rbac.authorization.k8s.io" kind = "ClusterRole" name = "cluster-admin" }
  subject  { kind = "ServiceAccount" name = "deployer" namespace = "prod" }
}
resource "kubernetes_role_binding_v1" "dev_deployer" {
  metadata { name = "deployer-view" namespace = "dev" labels = { owner = "team-platform" } }
  role_ref { api_group = "rbac.authorization.k8s.io" kind = "ClusterRole" name = "view" }
  subject  { kind = "ServiceAccount" name = "deployer" namespace = "dev" }
}
