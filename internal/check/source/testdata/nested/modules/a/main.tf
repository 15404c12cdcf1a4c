variable "name" {
  type = string
}

module "b" {
  source = "../b"
  count  = 2
  prefix = "${var.name}-b${count.index}"
}

resource "aws_iam_user" "u" {
  name = var.name
}
