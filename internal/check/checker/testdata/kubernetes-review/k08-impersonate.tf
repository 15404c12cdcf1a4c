# impersonate users and groups (can impersonate system:masters)
resource "kubernetes_service_account_v1" "bot" { metadata { name = "ops-bot" namespace = "ops" labels = { owner = "team-platform" } } }
resource "kubernetes_cluster_role_v1" "bot" {
  metadata { name = "bot-role" labels = { owner = "team-platform" } }
  rule { api_groups = [""] resources = ["users", "groups", "serviceaccounts"] verbs = ["impersonate"] }
}
resource "kubernetes_cluster_role_binding_v1" "bot" {
  metadata { name = "ops-bot" labels = { owner = "team-platform" } }
  role_ref { api_group = "rbac.authorization.k8s.io" kind = "ClusterRole" name = kubernetes_cluster_role_v1.bot.metadata[0].name }
  subject  { kind = "ServiceAccount" name = kubernetes_service_account_v1.bot.metadata[0].name namespace = "ops" }
}
