# deployer that can create daemonsets/statefulsets/cronjobs (mount any SA)
resource "kubernetes_service_account_v1" "bot" { metadata { name = "ops-bot" namespace = "ops" labels = { owner = "team-platform" } } }
resource "kubernetes_cluster_role_v1" "bot" {
  metadata { name = "bot-role" labels = { owner = "team-platform" } }
  rule { api_groups = ["apps"] resources = ["daemonsets", "statefulsets", "replicasets"] verbs = ["get", "list", "create", "update", "patch"] }
  rule { api_groups = ["batch"] resources = ["cronjobs"] verbs = ["get", "list", "create", "update", "patch"] }
}
resource "kubernetes_cluster_role_binding_v1" "bot" {
  metadata { name = "ops-bot" labels = { owner = "team-platform" } }
  role_ref { api_group = "rbac.authorization.k8s.io" kind = "ClusterRole" name = kubernetes_cluster_role_v1.bot.metadata[0].name }
  subject  { kind = "ServiceAccount" name = kubernetes_service_account_v1.bot.metadata[0].name namespace = "ops" }
}
