# Would clash with main.tf if merged: override files are not read.
resource "aws_iam_user" "root" {
  name = "overridden"
}
