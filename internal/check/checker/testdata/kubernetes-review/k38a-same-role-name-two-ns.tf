locals { rules = { sandbox = [{ api_groups = ["*"], resources = ["*"], verbs = ["*"] }], prod = [{ api_groups = ["apps"], resources = ["deployments"], verbs = ["get","list","patch"] }] } }
resource "kubernetes_role_v1" "app" {
  for_each = local.rules
  metadata { name = "app-deployer" namespace = each.key labels = { owner = "team-platform" } }
  dynamic "rule" { for_each = each.value content { api_groups = rule.value.api_groups resources = rule.value.resources verbs = rule.value.verbs } }
}
resource "kubernetes_service_account_v1" "ci" { metadata { name = "ci-deployer" namespace = "ci" labels = { owner = "team-platform" } } }
resource "kubernetes_role_binding_v1" "prod" {
  metadata { name = "ci-deployer" namespace = "prod" labels = { owner = "team-platform" } }
  role_ref { api_group = "rbac.authorization.k8s.io" kind = "Role" name = "app-deployer" }
  subject  { kind = "ServiceAccount" name = kubernetes_service_account_v1.ci.metadata[0].name namespace = "ci" }
}
# (k38a-same-role-name-two-ns)
