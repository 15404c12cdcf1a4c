resource "nhi_identity" "ci_deploy" {
  name              = "payments-ci-deploy"
  kind              = "access_key"
  owner             = nhi_owner.payments.id
  purpose           = "Deploys the payments service from CI to production."
  environment       = "prod"
  rotation_days     = 90
  max_lifetime_days = 365
  review_every_days = 180
  last_reviewed_at  = "2026-11-02T00:00:00Z"
}

# The credential points at the identity: its tags carry the owner into the
# live estate, and the plan replaces it once rotation is due.
resource "aws_iam_access_key" "ci_deploy" {
  user = aws_iam_user.ci_deploy.name

  lifecycle {
    replace_triggered_by = [nhi_identity.ci_deploy.rotation_trigger]
  }
}

# Resources with tags take the owner metadata directly.
resource "aws_iam_user" "ci_deploy" {
  name = "payments-ci-deploy"
  tags = merge(nhi_identity.ci_deploy.tags, { team = "payments" })
}

# Google Cloud resources take the sanitised labels.
resource "google_secret_manager_secret" "partner_feed_key" {
  secret_id = "partner-feed-key"
  labels    = nhi_identity.partner_feed.labels

  replication {
    auto {}
  }
}

# A credential that cannot reference the identity is listed by address.
resource "nhi_identity" "partner_feed" {
  name        = "partner-feed"
  kind        = "api_key"
  owner       = nhi_owner.payments.id
  purpose     = "Pushes settlement files to the finance partner."
  credentials = ["module.partner.restapi_object.feed_key"]
  expires_at  = "2027-12-31T00:00:00Z" # end of the partner contract
  enforcement = "warn"
}
