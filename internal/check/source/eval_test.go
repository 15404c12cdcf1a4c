package source

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
	"github.com/zclconf/go-cty/cty"
)

func unknownRef(ref string) value.Unknown { return value.Unknown{Ref: ref} }

func stmtDoc(stmt map[string]any) map[string]any {
	return map[string]any{"Version": "2012-10-17", "Statement": []any{stmt}}
}

func TestDocument(t *testing.T) {
	t.Parallel()
	tree, err := Load("testdata/eval")
	if err != nil {
		t.Fatal(err)
	}
	ev := tree.Evaluator(map[string]cty.Value{"required": cty.StringVal("given")})
	bucket := unknownRef("aws_s3_bucket.b.arn")
	n := func(s string) json.Number { return json.Number(s) }
	tests := []struct {
		resource string
		want     any
		wantErr  string
	}{
		{"aws_iam_policy.heredoc", stmtDoc(map[string]any{"Effect": "Allow", "Action": "s3:GetObject", "Resource": bucket}), ""},
		{"aws_iam_policy.templatefile", stmtDoc(map[string]any{"Effect": "Allow", "Action": []any{"s3:GetObject"}, "Resource": bucket}), ""},
		{"aws_iam_policy.file", stmtDoc(map[string]any{"Effect": "Deny", "Action": "*", "Resource": "*"}), ""},
		{"aws_iam_policy.merged", map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Resource": bucket, "Action": "s3:*"}}}, ""},
		{"aws_iam_policy.functions", map[string]any{
			"try_missing": unknownRef("var.missing.x"),
			"can_regex":   true,
			"length_str":  n("4"),
			"index":       n("1"),
			"replace_re":  "a_b_c",
			"upper":       "SVC-PROD",
			"range":       []any{n("0"), n("1"), n("2")},
			"sum":         n("6"),
			"ports":       []any{n("80"), n("443")},
			"owner":       nil,
			"required":    "given",
			"tags":        map[string]any{"env": "prod"},
			"stub":        unknownRef("timestamp()"),
			"starts":      true,
			"b64":         "eA==",
			"sha":         "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881",
		}, ""},
		{"aws_iam_policy.cycle", unknownRef("local.a"), ""},
		{"aws_iam_policy.outside", unknownRef(""), "path escapes from parent"},
		{"aws_iam_policy.conditional", unknownRef("aws_s3_bucket.b.versioning"), ""},
		{"aws_iam_policy.roundtrip", map[string]any{"Resource": bucket}, ""},
		{"aws_iam_policy.two_refs", map[string]any{"Resource": unknownRef("aws_s3_bucket.b.arn, aws_s3_bucket.c.id")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.resource, func(t *testing.T) {
			t.Parallel()
			r := tree.Root.Resources[tt.resource]
			got, err := ev.Document(r.Attributes["policy"], Instance{})
			if (err == nil) != (tt.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("error %v, want %q", err, tt.wantErr)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "main.tf:") {
				t.Errorf("error %q lacks file:line", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("\n got %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestEvalLocalsAndVariables(t *testing.T) {
	t.Parallel()
	tree, err := Load("testdata/eval")
	if err != nil {
		t.Fatal(err)
	}
	ev := tree.Evaluator(map[string]cty.Value{"owner": cty.StringVal("team-x"), "env": cty.StringVal("dev")})
	tags, err := ev.Local("tags")
	if err != nil || !reflect.DeepEqual(ToGo(tags), map[string]any{"env": "dev", "owner": "team-x"}) {
		t.Errorf("tags %#v %v", ToGo(tags), err)
	}
	if v, known := ev.Var("required"); known || v != cty.NilVal {
		t.Errorf("required var: %#v %v", v, known)
	}
	if v, known := ev.Var("ports"); !known || !v.Type().Equals(cty.List(cty.Number)) {
		t.Errorf("ports converted to its type: %#v", v)
	}
	a, err := ev.Local("a")
	if err != nil || a.IsKnown() || ToGo(a) != unknownRef("local.a") {
		t.Errorf("cyclic local: %#v %v", a, err)
	}
	arn, _ := ev.Local("bucket_arn")
	if ToGo(arn) != unknownRef("aws_s3_bucket.b.arn") {
		t.Errorf("bucket_arn %#v", ToGo(arn))
	}
	if v, err := ev.Local("nope"); err != nil || ToGo(v) != unknownRef("local.nope") {
		t.Errorf("undeclared local %#v %v", v, err)
	}
}

func TestInstances(t *testing.T) {
	t.Parallel()
	dir := writeTree(t, map[string]string{"main.tf": `
variable "n" {
  default = 2
}
locals {
  m = { b = 1, a = 2 }
}
resource "x" "map" {
  for_each = local.m
}
resource "x" "set" {
  for_each = toset(["q", "p"])
}
resource "x" "count" {
  count = var.n
}
resource "x" "unknown" {
  for_each = aws_iam_user.u.tags
}
resource "x" "unknown_count" {
  count = length(aws_iam_user.all)
}
resource "x" "bad" {
  count = "many"
}
resource "x" "single" {}
`})
	tree, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	ev := tree.Evaluator(nil)
	tests := []struct {
		name    string
		want    []any
		wantErr error
	}{
		{"map", []any{"a", json.Number("2"), "b", json.Number("1")}, nil},
		{"set", []any{"p", "p", "q", "q"}, nil},
		{"count", []any{json.Number("0"), json.Number("1")}, nil},
		{"single", []any{nil}, nil},
		{"unknown", nil, ErrUnknownRepetition},
		{"unknown_count", nil, ErrUnknownRepetition},
	}
	for _, tt := range tests {
		r := tree.Root.Resources["x."+tt.name]
		insts, err := ev.Instances(r.Count, r.ForEach)
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("%s: error %v, want %v", tt.name, err, tt.wantErr)
			continue
		}
		var got []any
		for _, i := range insts {
			switch {
			case i.EachKey != cty.NilVal:
				got = append(got, ToGo(i.EachKey), ToGo(i.EachValue))
			default:
				got = append(got, ToGo(i.Key()))
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %#v, want %#v", tt.name, got, tt.want)
		}
	}
	if _, err := ev.Instances(tree.Root.Resources["x.bad"].Count, nil); err == nil || !strings.Contains(err.Error(), "main.tf:") {
		t.Errorf("bad count: %v", err)
	}
	inst, err := ev.InstanceFor(nil, tree.Root.Resources["x.map"].ForEach, cty.StringVal("b"))
	if err != nil || ToGo(inst.EachValue) != json.Number("1") {
		t.Errorf("InstanceFor map b: %#v %v", inst, err)
	}
	inst, err = ev.InstanceFor(nil, tree.Root.Resources["x.unknown"].ForEach, cty.StringVal("k"))
	if err != nil || inst.EachKey.AsString() != "k" || inst.EachValue != cty.NilVal {
		t.Errorf("InstanceFor unknown for_each: %#v %v", inst, err)
	}
	if _, err := ev.InstanceFor(nil, tree.Root.Resources["x.map"].ForEach, cty.StringVal("zz")); err == nil {
		t.Error("InstanceFor of a missing key succeeded")
	}
}

func TestEvalBodyDynamicBlocks(t *testing.T) {
	t.Parallel()
	tree, err := Load("testdata/refs")
	if err != nil {
		t.Fatal(err)
	}
	statements := cty.TupleVal([]cty.Value{
		cty.ObjectVal(map[string]cty.Value{"actions": cty.TupleVal([]cty.Value{cty.StringVal("s3:GetObject")})}),
	})
	more := cty.ObjectVal(map[string]cty.Value{
		"deny": cty.ObjectVal(map[string]cty.Value{
			"var": cty.StringVal("aws:SourceIp"),
			"conditions": cty.TupleVal([]cty.Value{
				cty.ObjectVal(map[string]cty.Value{"test": cty.StringVal("IpAddress"), "values": cty.TupleVal([]cty.Value{cty.StringVal("10.0.0.0/8")})}),
			}),
		}),
	})
	ev := tree.Evaluator(map[string]cty.Value{"statements": statements, "more": more})
	got, err := ev.EvalBody(&tree.Root.Resources["data.aws_iam_policy_document.dyn"].Body, Instance{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"statement": []any{
		map[string]any{"actions": []any{"s3:GetObject"}, "resources": []any{unknownRef("aws_s3_bucket.b.arn")}},
		map[string]any{"sid": "deny", "condition": []any{
			map[string]any{"test": "IpAddress", "variable": "aws:SourceIp", "values": []any{"10.0.0.0/8"}},
		}},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("\n got %#v\nwant %#v", got, want)
	}
}

func TestToGo(t *testing.T) {
	t.Parallel()
	marked := cty.DynamicVal.Mark(refMark("aws_x.y.arn"))
	tests := []struct {
		name string
		in   cty.Value
		want any
	}{
		{"null", cty.NullVal(cty.String), nil},
		{"int", cty.NumberIntVal(42), json.Number("42")},
		{"float", cty.NumberFloatVal(1.5), json.Number("1.5")},
		{"big", cty.MustParseNumberVal("123456789012345678901234567890"), json.Number("123456789012345678901234567890")},
		{"set", cty.SetVal([]cty.Value{cty.StringVal("b"), cty.StringVal("a")}), []any{"a", "b"}},
		{"unknown leaf", cty.ObjectVal(map[string]cty.Value{"a": marked, "b": cty.True}), map[string]any{"a": unknownRef("aws_x.y.arn"), "b": true}},
		{"inherited", cty.TupleVal([]cty.Value{cty.DynamicVal}).Mark(refMark("r")), []any{unknownRef("r")}},
		{"no ref", cty.UnknownVal(cty.String), unknownRef("")},
	}
	for _, tt := range tests {
		if got := ToGo(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %#v, want %#v", tt.name, got, tt.want)
		}
	}
}

func TestEvalExpressions(t *testing.T) {
	t.Parallel()
	tree, err := Load("testdata/eval")
	if err != nil {
		t.Fatal(err)
	}
	ev := tree.Evaluator(nil)
	n := func(s string) json.Number { return json.Number(s) }
	tests := []struct {
		src  string
		inst Instance
		want any
	}{
		// Overlapping references name every reference they could stand for.
		{`{a = aws_x.y, b = aws_x.y.arn}`, Instance{}, map[string]any{"a": unknownRef("aws_x.y, aws_x.y.arn"), "b": unknownRef("aws_x.y, aws_x.y.arn")}},
		{`[aws_u.s["k"].arn, aws_u.s[var.nope].arn]`, Instance{}, []any{unknownRef(`aws_u.s["k"].arn, aws_u.s[var.nope].arn`), unknownRef(`aws_u.s["k"].arn, aws_u.s[var.nope].arn`)}},
		{`[aws_u.s["k"].arn, aws_u.s["j"].arn, aws_u.l[2].id]`, Instance{}, []any{unknownRef(`aws_u.s["k"].arn`), unknownRef(`aws_u.s["j"].arn`), unknownRef("aws_u.l[2].id")}},
		// Instance keys resolve inside references.
		{`aws_u.l[count.index].id`, CountInstance(3), unknownRef("aws_u.l[3].id")},
		{`aws_u.l[count.index].id`, Instance{}, unknownRef("aws_u.l[count.index].id")},
		{`aws_u.s[each.key].arn`, ForEachInstance("a", cty.True), unknownRef(`aws_u.s["a"].arn`)},
		{`aws_u.s[*].arn`, Instance{}, unknownRef("aws_u.s[*].arn")},
		{`"${count.index}-${each.key}"`, Instance{EachKey: cty.StringVal("k"), CountIndex: cty.NumberIntVal(1)}, "1-k"},
		{`{for k, v in {a = 1, b = 2} : k => v * 10 if v > 1}`, Instance{}, map[string]any{"b": n("20")}},
		{`[for s in ["x", "y"] : "${local.prefix}-${s}"]`, Instance{}, []any{"svc-prod-x", "svc-prod-y"}},
		{`path.module`, Instance{}, "."},
		{`terraform.workspace`, Instance{}, unknownRef("terraform.workspace")},
		{`self.id`, Instance{}, unknownRef("self.id")},
		{`module.m.out`, Instance{}, unknownRef("module.m.out")},
		{`provider::aws::arn_parse("x").region`, Instance{}, unknownRef("provider::aws::arn_parse()")},
		{`can(aws_x.y.arn)`, Instance{}, unknownRef("aws_x.y.arn")},
		{`coalesce(var.owner, "none")`, Instance{}, "none"},
		{`lookup({a = "1"}, "b", "d")`, Instance{}, "d"},
		{`length(aws_x.y.list)`, Instance{}, unknownRef("aws_x.y.list")},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			t.Parallel()
			expr, diags := hclsyntax.ParseExpression([]byte(tt.src), "expr.tf", hcl.InitialPos)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			got, err := ev.Document(&Attribute{Expr: expr}, tt.inst)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("\n got %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

// TestFunctions calls each built-in function the checker relies on once, so a
// missing or misbehaving one shows up by name.
func TestFunctions(t *testing.T) {
	t.Parallel()
	ev := NewEvaluator(nil, &Module{Dir: "."}, nil)
	tests := map[string]string{
		`jsonencode({a = [1, "x"]})`:                 `"{\"a\":[1,\"x\"]}"`,
		`jsondecode("{\"a\": 1}").a`:                 `1`,
		`merge({a = 1}, {b = 2})`:                    `{"a":1,"b":2}`,
		`concat([1], [2])`:                           `[1,2]`,
		`format("%s-%03d", "a", 7)`:                  `"a-007"`,
		`formatlist("%s!", ["a", "b"])`:              `["a!","b!"]`,
		`join(",", ["a", "b"])`:                      `"a,b"`,
		`split(",", "a,b")`:                          `["a","b"]`,
		`lower("AB")`:                                `"ab"`,
		`upper("ab")`:                                `"AB"`,
		`replace("a.b", ".", "-")`:                   `"a-b"`,
		`length([1, 2, 3])`:                          `3`,
		`length({a = 1})`:                            `1`,
		`lookup({a = 1}, "a", 0)`:                    `1`,
		`keys({b = 1, a = 2})`:                       `["a","b"]`,
		`values({b = 1, a = 2})`:                     `[2,1]`,
		`flatten([[1], [2, [3]]])`:                   `[1,2,3]`,
		`coalesce("", "x")`:                          `"x"`,
		`contains(["a"], "a")`:                       `true`,
		`element(["a", "b"], 3)`:                     `"b"`,
		`tolist(["a"])`:                              `["a"]`,
		`toset(["b", "a", "b"])`:                     `["a","b"]`,
		`tomap({a = "1"})`:                           `{"a":"1"}`,
		`tostring(1)`:                                `"1"`,
		`tonumber("2")`:                              `2`,
		`range(1, 4)`:                                `[1,2,3]`,
		`distinct([1, 1, 2])`:                        `[1,2]`,
		`zipmap(["a"], [1])`:                         `{"a":1}`,
		`try(jsondecode("{"), "bad")`:                `"bad"`,
		`can(jsondecode("{"))`:                       `false`,
		`trimspace(" a ")`:                           `"a"`,
		`trimprefix("arn:x", "arn:")`:                `"x"`,
		`trimsuffix("x.json", ".json")`:              `"x"`,
		`startswith("arn:aws", "arn:")`:              `true`,
		`endswith("a.json", ".json")`:                `true`,
		`substr("hello", 1, 3)`:                      `"ell"`,
		`abs(-2)`:                                    `2`,
		`max(1, 5, 3)`:                               `5`,
		`min(4, 2)`:                                  `2`,
		`compact(["a", "", "b"])`:                    `["a","b"]`,
		`slice([1, 2, 3], 1, 3)`:                     `[2,3]`,
		`sort(["b", "a"])`:                           `["a","b"]`,
		`reverse([1, 2])`:                            `[2,1]`,
		`setunion(["a"], ["b"])`:                     `["a","b"]`,
		`setintersection(["a", "b"], ["b"])`:         `["b"]`,
		`regex("^arn:([a-z]+)", "arn:aws")`:          `["aws"]`,
		`regexall("[0-9]", "a1b2")`:                  `["1","2"]`,
		`base64encode("hi")`:                         `"aGk="`,
		`base64decode("aGk=")`:                       `"hi"`,
		`sha256("")`:                                 `"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"`,
		`md5("")`:                                    `"d41d8cd98f00b204e9800998ecf8427e"`,
		`index(["a", "b"], "b")`:                     `1`,
		`one(["x"])`:                                 `"x"`,
		`alltrue([true, false])`:                     `false`,
		`anytrue([true, false])`:                     `true`,
		`sum([1, 2.5])`:                              `3.5`,
		`strcontains("abc", "b")`:                    `true`,
		`nonsensitive("x")`:                          `"x"`,
		`basename("a/b.json")`:                       `"b.json"`,
		`dirname("a/b.json")`:                        `"a"`,
		`urlencode("a b")`:                           `"a+b"`,
		`title("ab cd")`:                             `"Ab Cd"`,
		`chunklist([1, 2, 3], 2)`:                    `[[1,2],[3]]`,
		`setsubtract(["a", "b"], ["a"])`:             `["b"]`,
		`formatdate("YYYY", "2024-01-02T00:00:00Z")`: `"2024"`,
	}
	for src, want := range tests {
		t.Run(src, func(t *testing.T) {
			t.Parallel()
			expr, diags := hclsyntax.ParseExpression([]byte(src), "f.tf", hcl.InitialPos)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			v, err := ev.Eval(expr, Instance{})
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.Marshal(ToGo(v))
			if err != nil || string(got) != want {
				t.Errorf("= %s (%v), want %s", got, err, want)
			}
		})
	}
	for _, src := range []string{`range(10000000)`, `file("x")`, `index(["a"], "z")`} {
		expr, _ := hclsyntax.ParseExpression([]byte(src), "f.tf", hcl.InitialPos)
		if _, err := ev.Eval(expr, Instance{}); err == nil {
			t.Errorf("%s: no error", src)
		}
	}
}
