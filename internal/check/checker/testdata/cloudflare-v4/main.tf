# Cloudflare API tokens, provider 4.x (policy blocks, permission groups as
# ids read from the permission groups data source). The provider reads its
# own token from CLOUDFLARE_API_TOKEN.
terraform {
  required_providers {
    cloudflare = {
      source  = "cloudflare/cloudflare"
      version = "~> 4.52"
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

variable "user_id" {
  default = "7c5dae5552338874e5053f2534d2767a"
}

data "cloudflare_api_token_permission_groups" "all" {}

# BAD: DNS Write on every zone of every account (NHI-005).
resource "cloudflare_api_token" "dns_all_zones" {
  name       = "external-dns owner=team-platform"
  expires_on = "2027-02-01T00:00:00Z"

  policy {
    permission_groups = [
      data.cloudflare_api_token_permission_groups.all.zone["DNS Write"],
      data.cloudflare_api_token_permission_groups.all.zone["Zone Read"],
    ]
    resources = {
      "com.cloudflare.api.account.zone.*" = "*"
    }
  }
}

# BAD: API Tokens Write mints tokens with any permission (NHI-005).
resource "cloudflare_api_token" "token_minter" {
  name       = "token-vending owner=team-platform"
  expires_on = "2027-02-01T00:00:00Z"

  policy {
    permission_groups = [
      data.cloudflare_api_token_permission_groups.all.user["API Tokens Write"],
    ]
    resources = {
      "com.cloudflare.api.user.${var.user_id}" = "*"
    }
  }
}

# BAD: Account Settings Write adds account members with any role (NHI-004).
resource "cloudflare_api_token" "account_admin" {
  name       = "member-sync owner=team-identity"
  expires_on = "2027-02-01T00:00:00Z"

  policy {
    permission_groups = [
      data.cloudflare_api_token_permission_groups.all.account["Account Settings Write"],
    ]
    resources = {
      "com.cloudflare.api.account.${var.account_id}" = "*"
    }
  }
}

# GOOD: DNS Write on one zone, from one network, for 90 days.
resource "cloudflare_api_token" "dns_one_zone" {
  name       = "acme-dns01 owner=team-web"
  expires_on = "2027-02-01T00:00:00Z"

  policy {
    permission_groups = [
      data.cloudflare_api_token_permission_groups.all.zone["DNS Write"],
    ]
    resources = {
      "com.cloudflare.api.account.zone.${var.zone_id}" = "*"
    }
  }

  condition {
    request_ip {
      in = ["192.0.2.0/24"]
    }
  }
}

# GOOD: a literal id, DNS Read (named in the provider's documentation), on every zone.
resource "cloudflare_api_token" "dns_read" {
  name       = "dns-inventory owner=team-web"
  expires_on = "2027-02-01T00:00:00Z"

  policy {
    permission_groups = ["82e64a83756745bbbb1c9c2701bf816b"]
    resources = {
      "com.cloudflare.api.account.zone.*" = "*"
    }
  }
}

# UNKNOWN: a literal id that neither the data source nor any other source in
# the plan names.
resource "cloudflare_api_token" "literal_id" {
  name       = "legacy-purge owner=team-web"
  expires_on = "2027-02-01T00:00:00Z"

  policy {
    permission_groups = ["a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5"]
    resources = {
      "com.cloudflare.api.account.zone.*" = "*"
    }
  }
}
