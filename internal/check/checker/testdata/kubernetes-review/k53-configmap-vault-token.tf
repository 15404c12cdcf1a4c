resource "vault_token" "app" { display_name = "app" policies = [vault_policy.app_read.name] ttl = "24h" explicit_max_ttl = "72h" renewable = true metadata = { owner = "team-platform" } }
resource "kubernetes_config_map_v1" "app" {
  metadata { name = "app-config" namespace = "apps" labels = { owner = "team-platform" } }
  data = { VAULT_TOKEN = vault_token.app.client_token }
}
