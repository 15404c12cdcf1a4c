# The checker reads what the provider plans: an identity past its
# expires_at (enforcement = "warn", so terraform plan still succeeds), a
# review that is overdue, and a credential covered by the identity.
terraform {
  required_providers {
    nhi = {
      source = "nhiguard/nhi"
    }
  }
}

resource "nhi_owner" "data" {
  name  = "team-data"
  email = "data@example.com"
}

resource "nhi_identity" "partner_feed" {
  name              = "partner-feed"
  kind              = "api_key"
  owner             = nhi_owner.data.id
  purpose           = "Pulls the partner's daily feed."
  environment       = "prod"
  expires_at        = "2024-01-31T00:00:00Z"
  last_reviewed_at  = "2024-01-01T00:00:00Z"
  review_every_days = 30
  enforcement       = "warn"
  credentials       = ["terraform_data.partner_feed_key"]
}

resource "terraform_data" "partner_feed_key" {
  input = nhi_identity.partner_feed.tags
}
