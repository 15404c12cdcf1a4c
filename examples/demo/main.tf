# nhiguard demo: ownership and rotation declared next to the credential.
#
# terraform_data stands in for cloud credentials (aws_iam_access_key and the
# like), so the demo plans without downloading any provider. Plan it against a
# locally built provider with a dev_overrides CLI configuration, as README.md
# in this directory shows.

terraform {
  required_version = ">= 1.5"

  required_providers {
    nhi = {
      source = "nhiguard/nhi"
    }
  }
}

provider "nhi" {}

resource "nhi_owner" "payments" {
  name       = "team-payments"
  email      = "payments-oncall@example.com"
  escalation = "https://pager.example.com/team-payments"
}

# The CI deploy key of the payments service, rotated every 90 days.
resource "nhi_identity" "payments_deploy" {
  name              = "payments-deploy"
  kind              = "access_key"
  owner             = nhi_owner.payments.id
  purpose           = "Deploys the payments service from CI to production."
  environment       = "prod"
  rotation_days     = 90
  max_lifetime_days = 365
}

# Stand-in for aws_iam_access_key.payments_deploy. It points at the identity
# twice: its tags carry the owner into the live estate, and the plan replaces
# it once rotation is due.
resource "terraform_data" "payments_deploy_key" {
  input = {
    user = nhi_identity.payments_deploy.name
    tags = nhi_identity.payments_deploy.tags
  }

  lifecycle {
    replace_triggered_by = [nhi_identity.payments_deploy.rotation_trigger]
  }
}

# A legacy reporting key that cannot reference an identity yet: the identity
# lists its address instead, and an exception waives the missing rotation.
resource "nhi_identity" "reporting_export" {
  name        = "reporting-export"
  kind        = "api_key"
  owner       = nhi_owner.payments.id
  purpose     = "Exports settlement reports to the finance partner."
  environment = "prod"
  credentials = ["terraform_data.reporting_export_key"]
}

# Stand-in for a static API key with no rotation mechanism.
resource "terraform_data" "reporting_export_key" {
  input = {
    user = "reporting-export"
  }
}

resource "nhi_exception" "reporting_export_rotation" {
  rules       = ["NHI-002"]
  resources   = ["terraform_data.reporting_export_key"]
  reason      = "The finance partner only accepts a static key until their OAuth endpoint ships."
  approved_by = "security-lead@example.com"
  ticket      = "SEC-1234"
  # A fixed date keeps the demo plan reproducible; real exceptions should be
  # weeks long, and every renewal is counted in renewals.
  expires_at = "2030-06-30T00:00:00Z"
}
