package source

import (
	"fmt"
	"strings"
	"testing"
)

// largeConfig writes a root module calling `modules` local modules (for_each
// over two keys), each declaring `perModule` resource blocks spread over four
// files: IAM users, access keys with lifecycle blocks, jsonencode policies.
func largeConfig(tb testing.TB, modules, perModule int) string {
	tb.Helper()
	files := map[string]string{}
	var root strings.Builder
	root.WriteString("resource \"time_rotating\" \"r\" {\n  rotation_days = 90\n}\n")
	for m := range modules {
		fmt.Fprintf(&root, "module \"m%02d\" {\n  source   = \"./modules/m%02d\"\n  for_each = toset([\"a\", \"b\"])\n  name     = each.key\n}\n", m, m)
		parts := make([]strings.Builder, 4)
		parts[0].WriteString("variable \"name\" {\n  type = string\n}\nlocals {\n  tags = { owner = \"team-${var.name}\" }\n}\nresource \"time_rotating\" \"r\" {\n  rotation_days = 30\n}\n")
		for r := range perModule - 1 {
			b := &parts[r%4]
			switch r % 3 {
			case 0:
				fmt.Fprintf(b, "resource \"aws_iam_user\" \"u%d\" {\n  name = \"${var.name}-%d\"\n  path = \"/svc/\"\n  tags = merge(local.tags, { index = \"%d\" })\n}\n", r, r, r)
			case 1:
				fmt.Fprintf(b, "resource \"aws_iam_access_key\" \"k%d\" {\n  user = aws_iam_user.u%d.name\n  lifecycle {\n    create_before_destroy = true\n    replace_triggered_by  = [time_rotating.r]\n  }\n}\n", r, r-1)
			default:
				fmt.Fprintf(b, "resource \"aws_iam_user_policy\" \"p%d\" {\n  user = aws_iam_user.u%d.name\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect   = \"Allow\"\n      Action   = [\"s3:GetObject\", \"s3:PutObject\"]\n      Resource = \"${aws_s3_bucket.b.arn}/%d/*\"\n    }]\n  })\n}\n", r, r-2, r)
			}
		}
		for i := range parts {
			files[fmt.Sprintf("modules/m%02d/part%d.tf", m, i)] = parts[i].String()
		}
	}
	files["main.tf"] = root.String()
	return writeTree(tb, files)
}

func TestLoadLargeConfig(t *testing.T) {
	t.Parallel()
	tree, err := Load(largeConfig(t, 50, 200))
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, m := range tree.Modules() {
		total += len(m.Resources)
	}
	if len(tree.Modules()) != 51 || total != 50*200+1 {
		t.Fatalf("%d modules, %d resources", len(tree.Modules()), total)
	}
	k := tree.Module("m07").Resources["aws_iam_access_key.k1"]
	if k == nil || len(k.Lifecycle.ReplaceTriggeredBy) != 1 || k.Range.Filename != "modules/m07/part1.tf" {
		t.Fatalf("m07 k1: %+v", k)
	}
}

func BenchmarkLoad(b *testing.B) {
	dir := largeConfig(b, 50, 200) // 50 modules, 10,001 resource blocks
	b.ResetTimer()
	for b.Loop() {
		if _, err := Load(dir); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadAndReferences(b *testing.B) {
	dir := largeConfig(b, 50, 200)
	b.ResetTimer()
	for b.Loop() {
		tree, err := Load(dir)
		if err != nil {
			b.Fatal(err)
		}
		for _, m := range tree.Modules() {
			for _, r := range m.Resources {
				for _, a := range r.Attributes {
					a.References()
				}
			}
		}
	}
}

// BenchmarkDocumentAWS12 evaluates the 1,000 generated user policies of the
// aws-12 fixture, each with its own each.key/each.value.
func BenchmarkDocumentAWS12(b *testing.B) {
	tree, err := Load(fixtureDir("aws-12-large-generated"))
	if err != nil {
		b.Fatal(err)
	}
	r := tree.Root.Resources["aws_iam_user_policy.svc"]
	b.ResetTimer()
	for b.Loop() {
		ev := tree.Evaluator(nil)
		insts, err := ev.Instances(r.Count, r.ForEach)
		if err != nil || len(insts) != 1000 {
			b.Fatal(len(insts), err)
		}
		for _, inst := range insts {
			if _, err := ev.Document(r.Attributes["policy"], inst); err != nil {
				b.Fatal(err)
			}
		}
	}
}
