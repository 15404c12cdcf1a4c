resource "kubernetes_service_account_v1" "bot" { metadata { name = "bot" namespace = "ops" labels = { owner = "team-platform" } } }
resource "kubernetes_cluster_role_binding_v1" "bot" {
  metadata { name = "bot-view" labels = { owner = "team-platform" } }
  role_ref { api_group = "rbac.authorization.k8s.io" kind = "ClusterRole" name = "view" }
  subject  { kind = "ServiceAccount" name = kubernetes_service_account_v1.bot.metadata[0].name namespace = "ops" }
  subject  { kind = "Group" name = "system:masters" api_group = "rbac.authorization.k8s.io" }
}
