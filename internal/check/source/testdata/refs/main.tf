# One local per reference shape; refs_test.go lists what each must yield.
locals {
  plain     = aws_s3_bucket.b.arn
  each_key  = aws_iam_user.svc[each.key].name
  count_idx = aws_iam_user.list[count.index].arn
  literal   = aws_iam_user.list[0].name
  str_key   = aws_iam_user.svc["a.b[\"c\"]"].tags["owner"]
  expr_key  = aws_iam_user.svc[local.k].name
  value_key = aws_iam_user.svc[each.value.name].name
  splat     = aws_iam_user.list[*].name
  legacy    = aws_iam_user.list.*.arn
  whole     = aws_iam_user.list
  data      = data.aws_iam_policy_document.p.json
  module    = module.app["x"].role_arn
  mod_all   = module.app
  template  = "arn:${data.aws_caller_identity.me.account_id}:${var.env}"
  cond      = var.enabled ? module.app[0].role_arn : null
  calls     = join(",", concat([aws_iam_role.r.arn], [for s in var.extra : upper(s)]))
  for_iter  = { for k, u in aws_iam_user.svc : k => u.arn if u.name != var.skip }
  nested    = [for x in local.xs : [for y in x : y.id]]
  paths     = "${path.module}/x ${terraform.workspace} ${path.root}"
  misc      = self.id
  var_index = var.list[count.index]
  heredoc   = <<-EOT
    ${aws_s3_bucket.b.id}
  EOT
}

data "aws_iam_policy_document" "dyn" {
  dynamic "statement" {
    for_each = var.statements
    content {
      actions   = statement.value.actions
      resources = [aws_s3_bucket.b.arn]
    }
  }

  dynamic "statement" {
    for_each = var.more
    iterator = st
    content {
      sid = st.key
      dynamic "condition" {
        for_each = st.value.conditions
        content {
          test     = condition.value.test
          variable = st.value.var
          values   = condition.value.values
        }
      }
    }
  }
}
