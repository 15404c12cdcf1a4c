resource "vault_token" "app" { ... as k53 ... }
resource "kubernetes_deployment_v1" "app" {
  metadata { name = "app" namespace = "apps" labels = { owner = "team-platform" } }
  spec {
    selector { match_labels = { app = "app" } }
    template {
      metadata { labels = { app = "app" } }
      spec {
        service_account_name = "app"
        container {
          name  = "app"
          image = "ghcr.io/example-org/app:1.2.3"
          env { name = "LOG_LEVEL"   value = "info" }
          env { name = "VAULT_TOKEN" value = vault_token.app.client_token }   # in clear in the pod spec
        }
      }
    }
  }
}
