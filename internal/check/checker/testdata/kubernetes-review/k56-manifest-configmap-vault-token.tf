resource "kubernetes_manifest" "cm" {
  manifest = { apiVersion = "v1", kind = "ConfigMap", metadata = { name = "app-config", namespace = "apps", labels = { owner = "team-platform" } },
    data = { VAULT_TOKEN = vault_token.app.client_token } }
}
