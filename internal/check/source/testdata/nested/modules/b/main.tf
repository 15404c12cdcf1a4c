variable "prefix" {
  type = string
}

variable "path" {
  type    = string
  default = "/b/"
}

resource "aws_iam_user" "u" {
  name = var.prefix
  path = var.path
}

resource "aws_iam_access_key" "k" {
  user = aws_iam_user.u.name
}
