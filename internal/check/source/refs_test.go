package source

import (
	"reflect"
	"slices"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

func TestReferences(t *testing.T) {
	t.Parallel()
	tree, err := Load("testdata/refs")
	if err != nil {
		t.Fatal(err)
	}
	type ref struct {
		str  string
		kind RefKind
		key  KeyKind
	}
	tests := map[string][]ref{
		"plain":     {{"aws_s3_bucket.b.arn", ResourceRef, KeyNone}},
		"each_key":  {{"aws_iam_user.svc[each.key].name", ResourceRef, KeyEach}, {"each.key", EachRef, KeyNone}},
		"count_idx": {{"aws_iam_user.list[count.index].arn", ResourceRef, KeyCount}, {"count.index", CountRef, KeyNone}},
		"literal":   {{"aws_iam_user.list[0].name", ResourceRef, KeyInt}},
		"str_key":   {{`aws_iam_user.svc["a.b[\"c\"]"].tags["owner"]`, ResourceRef, KeyString}},
		"expr_key":  {{"aws_iam_user.svc[local.k].name", ResourceRef, KeyExpr}, {"local.k", LocalRef, KeyNone}},
		"value_key": {{"aws_iam_user.svc[each.value.name].name", ResourceRef, KeyExpr}, {"each.value.name", EachRef, KeyNone}},
		"splat":     {{"aws_iam_user.list[*].name", ResourceRef, KeySplat}},
		"legacy":    {{"aws_iam_user.list[*].arn", ResourceRef, KeySplat}},
		"whole":     {{"aws_iam_user.list", ResourceRef, KeyNone}},
		"data":      {{"data.aws_iam_policy_document.p.json", DataRef, KeyNone}},
		"module":    {{`module.app["x"].role_arn`, ModuleRef, KeyString}},
		"mod_all":   {{"module.app", ModuleRef, KeyNone}},
		"template":  {{"data.aws_caller_identity.me.account_id", DataRef, KeyNone}, {"var.env", VarRef, KeyNone}},
		"cond":      {{"var.enabled", VarRef, KeyNone}, {"module.app[0].role_arn", ModuleRef, KeyInt}},
		"calls":     {{"aws_iam_role.r.arn", ResourceRef, KeyNone}, {"var.extra", VarRef, KeyNone}},
		"for_iter":  {{"aws_iam_user.svc", ResourceRef, KeyNone}, {"var.skip", VarRef, KeyNone}},
		"nested":    {{"local.xs", LocalRef, KeyNone}},
		"paths":     {{"path.module", PathRef, KeyNone}, {"terraform.workspace", TerraformRef, KeyNone}, {"path.root", PathRef, KeyNone}},
		"misc":      {{"self.id", SelfRef, KeyNone}},
		"var_index": {{"var.list[count.index]", VarRef, KeyNone}, {"count.index", CountRef, KeyNone}},
		"heredoc":   {{"aws_s3_bucket.b.id", ResourceRef, KeyNone}},
	}
	if len(tests) != len(tree.Root.Locals) {
		t.Fatalf("%d cases for %d locals", len(tests), len(tree.Root.Locals))
	}
	for name, want := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var got []ref
			for _, r := range tree.Root.Locals[name].References() {
				got = append(got, ref{r.String(), r.Kind, r.Key.Kind})
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("\n got %v\nwant %v", got, want)
			}
		})
	}
}

func TestReferenceParts(t *testing.T) {
	t.Parallel()
	tree, err := Load("testdata/refs")
	if err != nil {
		t.Fatal(err)
	}
	r := tree.Root.Locals["str_key"].References()[0]
	if r.Subject != "aws_iam_user.svc" || r.Key.String != `a.b["c"]` || r.Instance() != `aws_iam_user.svc["a.b[\"c\"]"]` ||
		r.PathString() != `.tags["owner"]` || len(r.Path) != 2 || r.Path[1].Key.String != "owner" {
		t.Errorf("str_key parts: %+v", r)
	}
	r = tree.Root.Locals["each_key"].References()[0]
	if r.Range.Filename != "main.tf" || r.Range.Start.Line != 4 || r.Range.Start.Column != 15 || r.Range.End.Column != 46 {
		t.Errorf("each_key range %s", r.Range)
	}
	if r.Key.Expr == nil || r.Key.Text() != "each.key" {
		t.Errorf("each_key key %+v", r.Key)
	}
	r = tree.Root.Locals["literal"].References()[0]
	if r.Key.Int != 0 || r.Key.Kind != KeyInt || r.Path[0].Name != "name" {
		t.Errorf("literal %+v", r)
	}
}

func TestReferencesInDynamicBlocks(t *testing.T) {
	t.Parallel()
	tree, err := Load("testdata/refs")
	if err != nil {
		t.Fatal(err)
	}
	dyn := tree.Root.Resources["data.aws_iam_policy_document.dyn"]
	var got []string
	var walk func(b *Body)
	walk = func(b *Body) {
		for _, name := range slices.Sorted(mapKeys(b.Attributes)) {
			for _, r := range b.Attributes[name].References() {
				got = append(got, name+":"+r.String())
			}
		}
		for _, blk := range b.Blocks {
			walk(&blk.Body)
		}
	}
	walk(&dyn.Body)
	// Iterator symbols (statement, st, condition) are not references.
	want := []string{
		"for_each:var.statements",
		"resources:aws_s3_bucket.b.arn",
		"for_each:var.more",
	}
	if !slices.Equal(got, want) {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
}

func TestReferencesOfParsedExpressions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		want []string
	}{
		{`[for k, v in var.m : v.arn if k != each.key]`, []string{"var.m", "each.key"}},
		{`{ for k, v in aws_iam_user.u : k => v }`, []string{"aws_iam_user.u"}},
		{`k`, []string{"k"}},
		{`[for k in var.l : k] ++ k`, nil}, // a syntax error: no references from broken input
		{`(aws_iam_user.u).name`, []string{"aws_iam_user.u"}},
		{`aws_iam_user.u[var.i > 0 ? "a" : "b"].arn`, []string{`aws_iam_user.u[var.i > 0 ? "a" : "b"].arn`, "var.i"}},
		{`aws_iam_user.u["${var.p}-x"]`, []string{`aws_iam_user.u["${var.p}-x"]`, "var.p"}},
		{`aws_iam_user.u[upper(var.p)]`, []string{`aws_iam_user.u[upper(var.p)]`, "var.p"}},
		{`aws_iam_user.u[*].tags[var.k]`, []string{"aws_iam_user.u[*].tags[var.k]", "var.k"}},
		{`module.m[1]`, []string{"module.m[1]"}},
		{`data.x`, []string{"data.x"}},
		{`{ owner = var.o, (var.k) = 1 }`, []string{"var.o", "var.k"}},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			t.Parallel()
			expr, diags := hclsyntax.ParseExpression([]byte(tt.src), "x.tf", hcl.InitialPos)
			if diags.HasErrors() {
				if tt.want != nil {
					t.Fatal(diags)
				}
				return
			}
			if got := refStrings(References(expr)); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
