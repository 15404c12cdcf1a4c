// Package source reads the Terraform configuration behind a plan: the `.tf` and
// `.tf.json` files of a root module and of every local module it calls.
//
// Plan JSON drops three things the checker needs, and this package restores them:
//
//   - `lifecycle` blocks (`replace_triggered_by`, `create_before_destroy`, ...),
//     which the plan's `configuration` section omits;
//   - file:line locations of resource blocks, their attributes and nested blocks;
//   - instance keys in references: plan JSON lists `aws_iam_user.svc[each.key].name`
//     as `aws_iam_user.svc` and `each.key` separately; [References] keeps them
//     together.
//
// It also evaluates expressions whose planned value is unknown (a policy built with
// jsonencode around a bucket ARN) into plain Go data in which only the unknown
// leaves are value.Unknown (package internal/check/value), each naming the
// reference it comes from.
//
// # Addresses and ranges
//
// Modules are addressed like the plan's `configuration` section does: by the
// module call path without instance keys (root = nil, `module.a["x"].module.b[0]`
// = ["a", "b"]). Resources inside a module are keyed `type.name` for managed
// resources and `data.type.name` for data sources.
//
// Every location is an [hcl.Range] whose Filename is the file's path relative to
// the directory given to [Load], slash-separated (for example
// "modules/service-user/main.tf"). Lines and columns are 1-based; End is
// exclusive (it points just after the last character).
//
// # What is read and what is not
//
//   - Files named `*.tf` and `*.tf.json` directly in each module directory.
//     Terraform's ignore rules apply (names starting with "." or "#", ending
//     in "~"). Override files (`override.tf`, `*_override.tf` and their `.tf.json`
//     forms) are not merged; they are listed in [Module.IgnoredFiles].
//   - Module calls whose `source` is a local path (`./x`, `../x`) are followed
//     recursively. Other sources (registry, git, http, ...) are followed only
//     when the module manifest `.terraform/modules/modules.json` (under
//     TF_DATA_DIR when set: [LoadWithDataDir]) names their directory;
//     otherwise they are recorded with [ModuleCall.NotFollowed] set.
//   - Nothing outside the directory given to Load is ever read. A module whose
//     directory would lie outside it (`../../shared`, an absolute manifest path,
//     a symlink pointing out) is recorded as not followed, with the reason; Load
//     does not fail for it. The same holds for `file` and `templatefile`.
//   - In `.tf.json` files nested blocks cannot be told from object-valued
//     arguments without the provider schema, so they appear as attributes
//     ([Body.Blocks] is empty); `lifecycle`, `count`, `for_each` and the other
//     meta-arguments are recognised. The whole-block range of a JSON block spans
//     its header and its attributes.
//
// Parse errors make Load fail with a [*ParseError] whose message carries
// file:line for each problem. Only `resource`, `data`, `module`, `variable`,
// `locals` and `output` blocks are decoded (not `ephemeral`, `provider`,
// `moved`, `import`, `check`).
//
// # Evaluation
//
// An [Evaluator] evaluates expressions of one module instance without a plan or
// state: locals (lazily, cycle-guarded), variable values (supplied, passed by the
// module call, or defaults), each/count when the caller binds them, path.*, and
// most of Terraform's built-in functions. Everything the configuration alone
// cannot know (resource, data source and module attributes, self, unset
// variables, timestamp() and provider functions) is unknown and remembers which
// reference it stands for. [ToGo] and [Evaluator.Document] turn results into Go
// data in which such leaves are value.Unknown{Ref: "aws_s3_bucket.b.arn"}, and
// jsonencode over partly unknown data keeps the document's structure instead of
// collapsing into one unknown string. file(), fileexists() and templatefile()
// resolve relative paths against the root directory, as Terraform resolves them
// against its working directory (write "${path.module}/x.json" for a module's
// own file).
package source
