# Cloudflare API and account tokens, provider 5.x (policies as nested
# attributes, resources as JSON). The provider reads its own token from
# CLOUDFLARE_API_TOKEN.
terraform {
  required_providers {
    cloudflare = {
      source  = "cloudflare/cloudflare"
      version = "~> 5.8"
    }
  }
}

provider "cloudflare" {}

variable "account_id" {
  default = "f037e56e89293a057740de681ac9abbe"
}

variable "zone_id" {
  default = "023e105f4ecef8ad9ca31a8372d0c353"
}

data "cloudflare_api_token_permission_groups_list" "all" {}

data "cloudflare_api_token_permission_groups_list" "dns_write" {
  name  = "DNS%20Write"
  scope = "com.cloudflare.api.account.zone"
}

locals {
  group_id = { for g in data.cloudflare_api_token_permission_groups_list.all.result : g.name => g.id... }
}

# BAD: Workers Scripts Write on every account (NHI-005).
resource "cloudflare_api_token" "workers_everywhere" {
  name       = "edge-deploy owner=team-edge"
  expires_on = "2027-02-01T00:00:00Z"
  policies = [{
    effect            = "allow"
    permission_groups = [{ id = local.group_id["Workers Scripts Write"][0] }]
    resources         = jsonencode({ "com.cloudflare.api.account.*" = "*" })
  }]
}

# BAD: an account token that adds members with any role (NHI-004).
resource "cloudflare_account_token" "members" {
  account_id = var.account_id
  name       = "member-sync owner=team-identity"
  expires_on = "2027-02-01T00:00:00Z"
  policies = [{
    effect            = "allow"
    permission_groups = [{ id = local.group_id["Account Settings Write"][0] }]
    resources         = { "com.cloudflare.api.account.${var.account_id}" = "*" }
  }]
}

# GOOD: DNS Write on one zone of one account; Zone Write everywhere else denied.
resource "cloudflare_api_token" "dns_one_zone" {
  name       = "acme-dns01 owner=team-web"
  expires_on = "2027-02-01T00:00:00Z"
  policies = [{
    effect            = "allow"
    permission_groups = [{ id = data.cloudflare_api_token_permission_groups_list.dns_write.result[0].id }]
    resources = jsonencode({
      "com.cloudflare.api.account.${var.account_id}" = {
        "com.cloudflare.api.account.zone.${var.zone_id}" = "*"
      }
    })
    }, {
    effect            = "deny"
    permission_groups = [{ id = local.group_id["Zone Write"][0] }]
    resources         = jsonencode({ "com.cloudflare.api.account.zone.*" = "*" })
  }]
}
