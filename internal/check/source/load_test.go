package source

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// writeTree creates files (slash paths -> content) under a temporary directory.
func writeTree(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadNestedModules(t *testing.T) {
	t.Parallel()
	tree, err := Load("testdata/nested")
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, m := range tree.Modules() {
		paths = append(paths, m.Address()+"@"+m.Dir)
	}
	if want := []string{"@.", "module.a@modules/a", "module.a.module.b@modules/b"}; !slices.Equal(paths, want) {
		t.Errorf("modules %q, want %q", paths, want)
	}
	if got := tree.Root.IgnoredFiles; !slices.Equal(got, []string{"main_override.tf"}) {
		t.Errorf("ignored files %q", got)
	}
	if got := tree.Root.Files; !slices.Equal(got, []string{"main.tf"}) {
		t.Errorf("files %q (hidden files must be skipped)", got)
	}
	if got := literalString(tree.Root.Resources["aws_iam_user.root"].Attributes["name"]); got != "root-user" {
		t.Errorf("root user name %q: the override file was merged", got)
	}

	notFollowed := []struct{ call, reason string }{
		{"remote", `remote source "terraform-aws-modules/iam/aws" is not installed`},
		{"escape", "outside the root directory"},
		{"itself", "module cycle"},
	}
	for _, nf := range notFollowed {
		c := tree.Root.ModuleCalls[nf.call]
		if c == nil || c.Module != nil || c.Dir != "" || !strings.Contains(c.NotFollowed, nf.reason) {
			t.Errorf("call %s: %+v, want not followed: %s", nf.call, c, nf.reason)
		}
	}
	if v := tree.Root.ModuleCalls["remote"].Version; v != "5.0.0" {
		t.Errorf("remote version %q", v)
	}

	b := tree.Module("a", "b")
	if b == nil || b.Call == nil || b.Call.Count == nil || b.Call.Source != "../b" {
		t.Fatalf("module a.b: %+v", b)
	}
	for _, addr := range []string{`module.a["x"].module.b[1]`, `module.a["we.ird[\"]"].module.b[0]`, `module.a.module.b`} {
		if m, err := tree.ModuleFor(addr); err != nil || m != b {
			t.Errorf("ModuleFor(%s) = %v, %v", addr, m, err)
		}
	}
	if m, err := tree.ModuleFor(""); err != nil || m != tree.Root {
		t.Errorf("ModuleFor(\"\") = %v, %v", m, err)
	}
	for _, addr := range []string{"module.remote", "module.nope", "aws_iam_user.root", "module."} {
		if _, err := tree.ModuleFor(addr); err == nil {
			t.Errorf("ModuleFor(%s) succeeded", addr)
		}
	}
	m, r, err := tree.ResourceFor(`module.a["x"].module.b[0].aws_iam_access_key.k`)
	if err != nil || m != b || r != b.Resources["aws_iam_access_key.k"] {
		t.Errorf("ResourceFor: %v %v %v", m, r, err)
	}
}

func TestEvaluateThroughModuleCalls(t *testing.T) {
	t.Parallel()
	tree, err := Load("testdata/nested")
	if err != nil {
		t.Fatal(err)
	}
	ev := tree.Evaluator(nil)
	tests := []struct {
		addr, attr string
		want       any
	}{
		{`module.a["x"].aws_iam_user.u`, "name", "x"},
		{`module.a["we.ird[\"]"].module.b[1].aws_iam_user.u`, "name", `we.ird["]-b1`},
		{`module.a["x"].module.b[0].aws_iam_user.u`, "path", "/b/"},
		{`module.a["x"].module.b[0].aws_iam_access_key.k`, "user", unknownRef(`module.a["x"].module.b[0].aws_iam_user.u.name`)},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			t.Parallel()
			mev, r, inst, err := ev.Resolve(tt.addr)
			if err != nil {
				t.Fatal(err)
			}
			got, err := mev.Document(r.Attributes[tt.attr], inst)
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s = %#v, %v; want %#v", tt.attr, got, err, tt.want)
			}
		})
	}
	for _, bad := range []string{`module.a["nope"].aws_iam_user.u`, `module.a[0].aws_iam_user.u`, `module.a["x"].module.b["k"].aws_iam_user.u`, `module.remote.x.y`, `aws_iam_user.root[0]`, `module.a["x"]`} {
		if _, _, _, err := ev.Resolve(bad); err == nil {
			t.Errorf("Resolve(%s) succeeded", bad)
		}
	}
	// Evaluators are cached per module instance.
	one, _ := ev.ForModule(`module.a["x"]`)
	two, _ := ev.ForModule(`module.a["x"]`)
	if one == nil || one != two {
		t.Error("module evaluators not cached")
	}
}

func TestLoadJSON(t *testing.T) {
	t.Parallel()
	tree, err := Load("testdata/json")
	if err != nil {
		t.Fatal(err)
	}
	root := tree.Root
	if got := slices.Sorted(mapKeys(root.Resources)); !slices.Equal(got, []string{"aws_iam_access_key.k", "aws_iam_policy.j", "aws_iam_user.u", "data.aws_iam_policy_document.p", "time_rotating.k"}) {
		t.Errorf("resources %q", got)
	}
	k := root.Resources["aws_iam_access_key.k"]
	lc := k.Lifecycle
	var triggers []string
	for _, tr := range lc.ReplaceTriggeredBy {
		triggers = append(triggers, tr.Ref)
	}
	if !lc.Declared || !isTrue(lc.CreateBeforeDestroy) || lc.PreventDestroy == nil || *lc.PreventDestroy ||
		!slices.Equal(triggers, []string{"time_rotating.k", "aws_iam_user.u[each.key].name"}) ||
		!slices.Equal(lc.IgnoreChanges, []string{"status", `tags["x"]`}) {
		t.Errorf("lifecycle %+v, triggers %q", lc, triggers)
	}
	if lc.ReplaceTriggeredBy[0].Traversal == nil || lc.ReplaceTriggeredBy[1].Traversal != nil {
		t.Error("only the static trigger has a traversal")
	}
	if r := lc.ReplaceTriggeredBy[0].Reference.Range; r.Start.Line != 21 || r.Start.Column != 37 {
		t.Errorf("trigger range %s", r)
	}
	// Whole-object ranges, header to closing brace.
	if r := k.Range; r.Start.Line != 16 || r.End.Line != 24 || k.DefRange.Start.Line != 16 || k.DefRange.End.Line != 16 {
		t.Errorf("range %s, def %s", r, k.DefRange)
	}
	if k.Lifecycle.Range.Start.Line != 18 || k.Lifecycle.Range.End.Line != 23 {
		t.Errorf("lifecycle range %s", k.Lifecycle.Range)
	}
	u := root.Resources["aws_iam_user.u"]
	if u.ForEach == nil || u.Attributes["for_each"] != nil || u.Attributes["tags"] == nil {
		t.Errorf("aws_iam_user.u meta-arguments: %+v", u)
	}
	if got := refStrings(k.Attributes["user"].References()); !slices.Equal(got, []string{`aws_iam_user.u["a"].name`}) {
		t.Errorf("references %q", got)
	}
	out := root.Outputs["key_id"]
	if out == nil || !out.Sensitive || refStrings(out.Value.References())[0] != "aws_iam_access_key.k.id" {
		t.Errorf("output %+v", out)
	}
	c := root.ModuleCalls["m"]
	if c == nil || c.Module == nil || c.Dir != "mod" || c.Args["greeting"] == nil || c.Args["source"] != nil {
		t.Fatalf("module call %+v", c)
	}

	ev := tree.Evaluator(map[string]cty.Value{"env": cty.StringVal("dev")})
	insts, err := ev.Instances(u.Count, u.ForEach)
	if err != nil || len(insts) != 2 {
		t.Fatalf("instances %v %v", insts, err)
	}
	name, err := ev.EvalAttribute(u.Attributes["name"], insts[1])
	if err != nil || name.AsString() != "svc-dev-b" {
		t.Errorf("name = %#v, %v", name, err)
	}
	// A JSON string holding a JSON document with an interpolation.
	doc, err := ev.Document(root.Resources["aws_iam_policy.j"].Attributes["policy"], Instance{})
	if err != nil || !reflect.DeepEqual(doc, map[string]any{"Effect": "Allow", "Resource": unknownRef(`aws_iam_user.u["a"].arn`)}) {
		t.Errorf("JSON-in-JSON policy %#v, %v", doc, err)
	}
	mev, err := ev.ForModule("module.m")
	if err != nil {
		t.Fatal(err)
	}
	body, err := mev.EvalBody(&mev.Module.Resources["null_resource.n"].Body, Instance{})
	if err != nil || !reflect.DeepEqual(body, map[string]any{"triggers": map[string]any{"g": "hello dev"}}) {
		t.Errorf("child body %#v, %v", body, err)
	}
}

func refStrings(refs []Reference) []string {
	var out []string
	for _, r := range refs {
		out = append(out, r.String())
	}
	return out
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files map[string]string
		want  []string // regexps the error must match
	}{
		{"syntax", map[string]string{"main.tf": "resource \"a\" \"b\" {\n  x = \n}\n"}, []string{`^parsing Terraform configuration: main\.tf:2,\d+-`}},
		{"syntax in module", map[string]string{
			"main.tf":           "module \"m\" {\n  source = \"./modules/m\"\n}\n",
			"modules/m/main.tf": "variable \"x\" {\n\n  default = [\n}\n",
		}, []string{`modules/m/main\.tf:\d+`}},
		{"labels", map[string]string{"main.tf": "resource \"only_type\" {\n}\n"}, []string{`main\.tf:1,1-\d+: Wrong number of block labels`}},
		{"duplicate", map[string]string{"a.tf": "resource \"t\" \"n\" {}\n", "b.tf": "\n\nresource \"t\" \"n\" {}\n"}, []string{`b\.tf:3,\d+-\d+: Duplicate resource; t\.n was already declared at a\.tf:1`}},
		{"json syntax", map[string]string{"main.tf.json": "{\"resource\": {\"t\": {\"n\": {\"x\": }}}}"}, []string{`main\.tf\.json:1,\d+`}},
		{"duplicate local", map[string]string{"main.tf": "locals {\n  a = 1\n}\nlocals {\n  a = 2\n}\n"}, []string{`main\.tf:5,3-4: Duplicate local value`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tree, err := Load(writeTree(t, tt.files))
			if err == nil {
				t.Fatalf("no error; tree %+v", tree)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || tree != nil {
				t.Fatalf("error %T %v, tree %v", err, err, tree)
			}
			for _, re := range tt.want {
				if !regexp.MustCompile(re).MatchString(err.Error()) {
					t.Errorf("error %q does not match %s", err, re)
				}
			}
		})
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("Load of a missing directory succeeded")
	}
}

func TestLoadModuleManifest(t *testing.T) {
	t.Parallel()
	outside := t.TempDir()
	dir := writeTree(t, map[string]string{
		"main.tf": `module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.1.0"
}
module "gone" {
  source = "git::https://example.com/gone.git"
}
module "abs" {
  source = "git::https://example.com/abs.git"
}
module "local" {
  source = "./local"
}
`,
		"local/main.tf":                           `resource "aws_iam_user" "l" {}`,
		".terraform/modules/vpc/main.tf":          "module \"sub\" {\n  source = \"./modules/sub\"\n}\n",
		".terraform/modules/vpc/modules/sub/a.tf": `resource "aws_iam_role" "r" {}`,
		".terraform/modules/modules.json": `{"Modules":[{"Key":"","Source":"","Dir":"."},
{"Key":"vpc","Source":"registry.terraform.io/terraform-aws-modules/vpc/aws","Version":"5.1.0","Dir":".terraform/modules/vpc"},
{"Key":"vpc.sub","Source":"./modules/sub","Dir":".terraform/modules/vpc/modules/sub"},
{"Key":"abs","Source":"git::https://example.com/abs.git","Dir":"` + filepath.ToSlash(outside) + `"},
{"Key":"local","Source":"./local","Dir":"local"}]}`,
	})
	tree, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	sub := tree.Module("vpc", "sub")
	if sub == nil || sub.Dir != ".terraform/modules/vpc/modules/sub" || sub.Resources["aws_iam_role.r"] == nil {
		t.Fatalf("vpc.sub: %+v", sub)
	}
	if got := sub.Resources["aws_iam_role.r"].Range.Filename; got != ".terraform/modules/vpc/modules/sub/a.tf" {
		t.Errorf("filename %q", got)
	}
	if c := tree.Root.ModuleCalls["gone"]; c.Module != nil || !strings.Contains(c.NotFollowed, "not installed") {
		t.Errorf("gone: %+v", c)
	}
	if c := tree.Root.ModuleCalls["abs"]; c.Module != nil || !strings.Contains(c.NotFollowed, "outside the root directory") {
		t.Errorf("abs: %+v", c)
	}
	if c := tree.Root.ModuleCalls["local"]; c.Module == nil || c.Dir != "local" {
		t.Errorf("local: %+v", c)
	}

	bad := writeTree(t, map[string]string{"main.tf": "", ".terraform/modules/modules.json": "{"})
	if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), "modules.json") {
		t.Errorf("broken manifest: %v", err)
	}
}

func TestLoadNeverLeavesRoot(t *testing.T) {
	t.Parallel()
	outside := writeTree(t, map[string]string{"main.tf": `resource "aws_iam_user" "secret" {}`, "secret.json": `{"a": 1}`})
	dir := writeTree(t, map[string]string{
		"main.tf": `module "linked" {
  source = "./linked"
}
module "up" {
  source = "../` + filepath.Base(outside) + `"
}
resource "aws_iam_policy" "p" {
  policy = file("` + filepath.ToSlash(filepath.Join(outside, "secret.json")) + `")
}
resource "aws_iam_policy" "q" {
  policy = file("linked/secret.json")
}
`,
	})
	if err := os.Symlink(outside, filepath.Join(dir, "linked")); err != nil {
		t.Skip("symlinks unavailable:", err)
	}
	tree, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"linked", "up"} {
		if c := tree.Root.ModuleCalls[name]; c.Module != nil || c.NotFollowed == "" {
			t.Errorf("%s followed outside the root: %+v", name, c)
		}
	}
	if len(tree.Modules()) != 1 {
		t.Errorf("modules %d", len(tree.Modules()))
	}
	ev := tree.Evaluator(nil)
	for _, addr := range []string{"aws_iam_policy.p", "aws_iam_policy.q"} {
		_, r, _, _ := ev.Resolve(addr)
		v, err := ev.EvalAttribute(r.Attributes["policy"], Instance{})
		if err == nil || v.IsKnown() {
			t.Errorf("%s read a file outside the root: %#v", addr, v)
		}
	}
}

func TestMetaArguments(t *testing.T) {
	t.Parallel()
	dir := writeTree(t, map[string]string{
		"main.tf": `variable "v" {
  type      = string
  default   = "x"
  sensitive = true
  nullable  = false
}

resource "aws_iam_user" "b" {}

resource "aws_iam_user" "a" {
  provider   = aws.west
  depends_on = [aws_iam_role.r, module.m]
  count      = 1
  lifecycle {
    prevent_destroy = true
    ignore_changes  = all
  }
}

resource "aws_iam_role" "r" {}

output "o" {
  value      = aws_iam_user.a[0].arn
  depends_on = [aws_iam_role.r]
}

module "m" {
  source     = "./m"
  depends_on = [aws_iam_role.r]
  count      = 2
}
`,
		"m/main.tf": "",
	})
	tree, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	root := tree.Root
	a := root.Resources["aws_iam_user.a"]
	if a.Provider != "aws.west" || !slices.Equal(refStrings(a.DependsOn), []string{"aws_iam_role.r", "module.m"}) || a.Count == nil {
		t.Errorf("resource meta: provider %q depends_on %q", a.Provider, refStrings(a.DependsOn))
	}
	if len(a.Attributes) != 0 || len(a.Blocks) != 0 {
		t.Errorf("meta-arguments leaked into the body: %v %v", a.Attributes, a.Blocks)
	}
	if lc := a.Lifecycle; !isTrue(lc.PreventDestroy) || !lc.IgnoreAllChanges || lc.CreateBeforeDestroy != nil || lc.Range.Start.Line != 14 {
		t.Errorf("lifecycle %+v", lc)
	}
	var order []string
	for _, r := range root.SortedResources() {
		order = append(order, r.Address)
	}
	if !slices.Equal(order, []string{"aws_iam_user.b", "aws_iam_user.a", "aws_iam_role.r"}) {
		t.Errorf("source order %q", order)
	}
	v := root.Variables["v"]
	if !v.Sensitive || v.Nullable == nil || *v.Nullable || v.Default == nil || v.Type == nil || v.DefRange.Start.Line != 1 {
		t.Errorf("variable %+v", v)
	}
	o := root.Outputs["o"]
	if o.Sensitive || refStrings(o.Value.References())[0] != "aws_iam_user.a[0].arn" || len(o.DependsOn) != 1 {
		t.Errorf("output %+v", o)
	}
	c := root.ModuleCalls["m"]
	if c.Count == nil || len(c.DependsOn) != 1 || len(c.Args) != 0 || c.Module == nil {
		t.Errorf("module call %+v", c)
	}
}

func TestHCLQuoteRoundTrip(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"plain", `a"b\c`, "line\nnext\ttab\r", "${not.interpolated}", "%{ if x }", "ünï©ødé", "\x00\x7f", "emoji 🙂", "$", "%"} {
		q := hclQuote(s)
		expr, diags := hclsyntax.ParseExpression([]byte(q), "q.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Errorf("%q quoted as %s: %v", s, q, diags)
			continue
		}
		v, diags := expr.Value(nil)
		if diags.HasErrors() || v.AsString() != s {
			t.Errorf("%q quoted as %s reads back as %#v", s, q, v)
		}
	}
}

// TestLoadModuleManifestUnderDataDir: with TF_DATA_DIR set, Terraform
// installs modules and writes their manifest under it: relative
// directories when it is relative, absolute ones when it is absolute. The
// manifest is read from there when it lies inside the root, and never
// from outside it.
func TestLoadModuleManifestUnderDataDir(t *testing.T) {
	t.Parallel()
	files := func(dirPrefix string) map[string]string {
		return map[string]string{
			"main.tf": `module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.1.0"
}
`,
			"tfdata/modules/vpc/main.tf": `resource "aws_iam_role" "r" {
  lifecycle {
    replace_triggered_by = [terraform_data.t]
  }
}
`,
			"tfdata/modules/modules.json": `{"Modules":[{"Key":"","Source":"","Dir":"."},
{"Key":"vpc","Source":"registry.terraform.io/terraform-aws-modules/vpc/aws","Version":"5.1.0","Dir":"` + dirPrefix + `tfdata/modules/vpc"}]}`,
		}
	}
	follows := func(name string, tree *Tree, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		vpc := tree.Module("vpc")
		if vpc == nil || vpc.Dir != "tfdata/modules/vpc" || vpc.Resources["aws_iam_role.r"] == nil {
			t.Errorf("%s: module vpc not read from the data directory: %+v", name, vpc)
		}
	}

	rel := writeTree(t, files(""))
	tree, err := LoadWithDataDir(rel, "tfdata")
	follows("relative TF_DATA_DIR", tree, err)
	tree, err = LoadWithDataDir(rel, "./tfdata/")
	follows("relative TF_DATA_DIR, spelled otherwise", tree, err)

	// Terraform records absolute directories for an absolute TF_DATA_DIR.
	base := t.TempDir()
	abs := filepath.Join(base, "cfg")
	for name, body := range files(filepath.ToSlash(abs) + "/") {
		p := filepath.Join(abs, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	tree, err = LoadWithDataDir(abs, filepath.Join(abs, "tfdata"))
	follows("absolute TF_DATA_DIR", tree, err)

	// The default data directory holds nothing here.
	tree, err = Load(rel)
	if err != nil {
		t.Fatal(err)
	}
	if c := tree.Root.ModuleCalls["vpc"]; c.Module != nil || !strings.Contains(c.NotFollowed, "no entry in .terraform/modules/modules.json") {
		t.Errorf("without TF_DATA_DIR: %+v", c)
	}
	// Outside the root nothing is read, and the reason says where it is.
	outside := filepath.Join(base, "elsewhere")
	tree, err = LoadWithDataDir(rel, outside)
	if err != nil {
		t.Fatal(err)
	}
	if c := tree.Root.ModuleCalls["vpc"]; c.Module != nil || !strings.Contains(c.NotFollowed, "TF_DATA_DIR, outside the root directory") || !strings.Contains(c.NotFollowed, "elsewhere") {
		t.Errorf("TF_DATA_DIR outside the root: %+v", c)
	}
	tree, err = LoadWithDataDir(rel, "../tfdata")
	if err != nil {
		t.Fatal(err)
	}
	if c := tree.Root.ModuleCalls["vpc"]; c.Module != nil || !strings.Contains(c.NotFollowed, "outside the root directory") {
		t.Errorf("TF_DATA_DIR above the root: %+v", c)
	}

	bad := writeTree(t, map[string]string{"main.tf": "", "tfdata/modules/modules.json": "{"})
	if _, err := LoadWithDataDir(bad, "tfdata"); err == nil || !strings.Contains(err.Error(), "reading tfdata/modules/modules.json") {
		t.Errorf("broken manifest under TF_DATA_DIR: %v", err)
	}
}
