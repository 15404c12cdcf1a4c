# A credential rotated by the plan: both wiring styles a cloud provider offers,
# replace_triggered_by and a keepers-like argument (terraform_data stands in
# for aws_iam_access_key, random_password and time_rotating's consumers).

variable "purpose" {
  type    = string
  default = "Deploys the payments service from CI."
}

resource "nhi_owner" "payments" {
  name  = "team-payments"
  email = "payments@example.com"
}

resource "nhi_identity" "deploy" {
  name          = "payments-deploy"
  kind          = "access_key"
  owner         = nhi_owner.payments.id
  purpose       = var.purpose
  environment   = "prod"
  rotation_days = 30
}

# Like aws_iam_access_key: replaced when rotation_trigger changes.
resource "terraform_data" "credential" {
  input = {
    user = nhi_identity.deploy.name
    tags = nhi_identity.deploy.tags
  }

  lifecycle {
    replace_triggered_by = [nhi_identity.deploy.rotation_trigger]
  }
}

# Like random_password.keepers or rotate_when_changed: replaced when the value changes.
resource "terraform_data" "keepers_style" {
  triggers_replace = nhi_identity.deploy.rotation_trigger
}
