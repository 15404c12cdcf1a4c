# Nested local modules with for_each and count, plus calls that are not followed.
module "a" {
  source   = "./modules/a"
  for_each = toset(["x", "we.ird[\"]"])
  name     = each.key
}

module "remote" {
  source  = "terraform-aws-modules/iam/aws"
  version = "5.0.0"
}

module "escape" {
  source = "../../outside"
}

module "itself" {
  source = "./"
}

resource "aws_iam_user" "root" {
  name = "root-user"
}
