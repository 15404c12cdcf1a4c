variable "env" {
  default = "prod"
}

variable "required" {
  type = string
}

variable "owner" {
  type    = string
  default = null
}

variable "ports" {
  type    = list(number)
  default = ["80", "443"]
}

locals {
  a          = local.b
  b          = local.a
  prefix     = "svc-${var.env}"
  bucket_arn = aws_s3_bucket.b.arn
  tags       = merge({ env = var.env }, var.owner == null ? {} : { owner = var.owner })
  policy_heredoc = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "${aws_s3_bucket.b.arn}/*"}]
    }
  EOF
}

resource "aws_iam_policy" "heredoc" {
  policy = local.policy_heredoc
}

resource "aws_iam_policy" "templatefile" {
  policy = templatefile("${path.module}/policy.json.tpl", { bucket = aws_s3_bucket.b.arn, actions = ["s3:GetObject"] })
}

resource "aws_iam_policy" "file" {
  policy = file("${path.module}/static.json")
}

resource "aws_iam_policy" "merged" {
  policy = jsonencode(merge({ Version = "2012-10-17" }, { Statement = [{ Resource = local.bucket_arn, Action = "s3:*" }] }))
}

resource "aws_iam_policy" "functions" {
  policy = jsonencode({
    try_missing = try(var.missing.x, "fallback")
    can_regex   = can(regex("^p", var.env))
    length_str  = length(var.env)
    index       = index(["a", "b"], "b")
    replace_re  = replace("a-b-c", "/-/", "_")
    upper       = upper(local.prefix)
    range       = range(3)
    sum         = sum([1, 2, 3])
    ports       = var.ports
    owner       = var.owner
    required    = var.required
    tags        = local.tags
    stub        = timestamp()
    starts      = startswith(local.prefix, "svc")
    b64         = base64encode("x")
    sha         = sha256("x")
  })
}

resource "aws_iam_policy" "cycle" {
  policy = local.a
}

resource "aws_iam_policy" "outside" {
  policy = file("../../../../../../../../etc/hostname")
}

resource "aws_iam_policy" "conditional" {
  policy = aws_s3_bucket.b.versioning ? "{\"a\": 1}" : "{\"b\": 2}"
}

resource "aws_iam_policy" "roundtrip" {
  policy = jsonencode(jsondecode(jsonencode({ Resource = aws_s3_bucket.b.arn })))
}

resource "aws_iam_policy" "two_refs" {
  policy = jsonencode({ Resource = "${aws_s3_bucket.b.arn}/${aws_s3_bucket.c.id}" })
}
