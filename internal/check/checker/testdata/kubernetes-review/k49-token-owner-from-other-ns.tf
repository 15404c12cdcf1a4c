resource "kubernetes_service_account_v1" "prod" { metadata { name = "deployer" namespace = "prod" labels = { owner = "team-payments" } } }
resource "kubernetes_service_account_v1" "dev"  { metadata { name = "deployer" namespace = "dev" } }   # nobody owns it
resource "kubernetes_secret_v1" "dev_token" {
  metadata { name = "deployer-token" namespace = "dev" annotations = { "kubernetes.io/service-account.name" = kubernetes_service_account_v1.dev.metadata[0].name } }
  type = "kubernetes.io/service-account-token"
}
