resource "vault_token" "app" { ... as k53 ... }
resource "kubernetes_config_map_v1_data" "app" {
  metadata { name = "app-config" namespace = "apps" }
  data  = { VAULT_TOKEN = vault_token.app.client_token }
  force = true
}
