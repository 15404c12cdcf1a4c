package source

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
	"github.com/zclconf/go-cty/cty"
)

// Tests on copies of the project's real fixtures, compared against what
// Terraform itself planned for them (testdata/fixtures/*/planned.json).

var fixtureNames = []string{
	"aws-01-good-oidc-workload-role",
	"aws-06-module-service-users",
	"aws-08-good-key-rotation",
	"aws-12-large-generated",
	"google-03-iam-binding-editor",
	"google-04-apikeys",
}

type planned struct {
	Instances  map[string]int                 `json:"instances"`
	Values     map[string]map[string]any      `json:"values"`
	References map[string]map[string][]string `json:"references"`
}

// fixtureDir is the shared copy of a fixture (its .tf files and plan);
// plannedPath is what this package extracted from that plan.
func fixtureDir(name string) string { return filepath.Join("..", "testdata", "fixtures", name) }

func plannedPath(name string) string {
	return filepath.Join("testdata", "fixtures", name, "planned.json")
}

func loadFixture(t testing.TB, name string) (*Tree, planned) {
	t.Helper()
	tree, err := Load(fixtureDir(name))
	if err != nil {
		t.Fatalf("Load(%s): %v", name, err)
	}
	f, err := os.Open(plannedPath(name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.UseNumber()
	var p planned
	if err := dec.Decode(&p); err != nil {
		t.Fatal(err)
	}
	return tree, p
}

// terraformForms renders a reference the way plan JSON lists it: the static
// prefix (up to the first non-literal index) and the referenced object.
func terraformForms(r Reference) []string {
	static := r.Subject
	switch r.Key.Kind {
	case KeyNone:
	case KeyString, KeyInt:
		static += "[" + r.Key.Text() + "]"
	default:
		return []string{r.Subject}
	}
	object := static
	for _, s := range r.Path {
		if s.Name != "" {
			static += "." + s.Name
		} else if s.Key.Kind == KeyString || s.Key.Kind == KeyInt {
			static += "[" + s.Key.Text() + "]"
		} else {
			break
		}
	}
	return []string{static, object}
}

func attributeAt(body *Body, path string) *Attribute {
	segs := strings.Split(path, ".")
	for _, seg := range segs[:len(segs)-1] {
		m := regexp.MustCompile(`^(\w+)\[(\d+)\]$`).FindStringSubmatch(seg)
		if m == nil {
			return nil
		}
		i, _ := strconv.Atoi(m[2])
		blocks := body.BlocksOfType(m[1])
		if i >= len(blocks) {
			return nil
		}
		body = &blocks[i].Body
	}
	return body.Attributes[segs[len(segs)-1]]
}

// allAttributes lists every attribute of a body with its plan-style path.
func allAttributes(body *Body, prefix string, out map[string]*Attribute) {
	for name, a := range body.Attributes {
		out[prefix+name] = a
	}
	seen := map[string]int{}
	for _, b := range body.Blocks {
		allAttributes(&b.Body, fmt.Sprintf("%s%s[%d].", prefix, b.Type, seen[b.Type]), out)
		seen[b.Type]++
	}
}

func TestFixtureReferencesMatchTerraform(t *testing.T) {
	t.Parallel()
	for _, name := range fixtureNames {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tree, p := loadFixture(t, name)
			checked := 0
			for _, m := range tree.Modules() {
				blocks := map[string]map[string]*Attribute{}
				for _, r := range m.Resources {
					attrs := map[string]*Attribute{}
					allAttributes(&r.Body, "", attrs)
					if r.Count != nil {
						attrs["count_expression"] = r.Count
					}
					if r.ForEach != nil {
						attrs["for_each_expression"] = r.ForEach
					}
					blocks[r.Address] = attrs
				}
				for _, c := range m.ModuleCalls {
					attrs := map[string]*Attribute{}
					for n, a := range c.Args {
						attrs[n] = a
					}
					if c.Count != nil {
						attrs["count_expression"] = c.Count
					}
					if c.ForEach != nil {
						attrs["for_each_expression"] = c.ForEach
					}
					blocks["module."+c.Name] = attrs
				}
				for addr, attrs := range blocks {
					want := p.References[m.Address()+"|"+addr]
					for path, a := range attrs {
						var got []string
						for _, r := range a.References() {
							got = append(got, terraformForms(r)...)
						}
						slices.Sort(got)
						got = slices.Compact(got)
						w := want[path]
						if len(got) == 0 && len(w) == 0 {
							continue
						}
						checked++
						if !slices.Equal(got, w) {
							t.Errorf("%s|%s %s: references %q, Terraform says %q", m.Address(), addr, path, got, w)
						}
					}
				}
			}
			if checked == 0 {
				t.Fatal("no attribute with references checked")
			}
		})
	}
}

// moduleInstances walks every module instance from ev, returning address -> evaluator.
func moduleInstances(t *testing.T, ev *Evaluator, addr string, out map[string]*Evaluator) {
	t.Helper()
	out[addr] = ev
	for _, c := range ev.Module.ModuleCalls {
		if c.Module == nil {
			continue
		}
		insts, err := ev.Instances(c.Count, c.ForEach)
		if err != nil {
			t.Fatalf("%s module.%s instances: %v", addr, c.Name, err)
		}
		for _, inst := range insts {
			step := "module." + c.Name
			if k := inst.Key(); k != cty.NilVal {
				step += "[" + keyForValue(k).Text() + "]"
			}
			child, err := ev.ForModule(step)
			if err != nil {
				t.Fatal(err)
			}
			full := step
			if addr != "" {
				full = addr + "." + step
			}
			moduleInstances(t, child, full, out)
		}
	}
}

func TestFixtureInstancesMatchTerraform(t *testing.T) {
	t.Parallel()
	for _, name := range fixtureNames {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tree, p := loadFixture(t, name)
			evs := map[string]*Evaluator{}
			moduleInstances(t, tree.Evaluator(nil), "", evs)
			got := map[string]int{}
			for addr, ev := range evs {
				for _, r := range ev.Module.Resources {
					if r.Mode != Managed {
						continue
					}
					insts, err := ev.Instances(r.Count, r.ForEach)
					if err != nil {
						t.Fatalf("%s %s: %v", addr, r.Address, err)
					}
					full := r.Address
					if addr != "" {
						full = addr + "." + r.Address
					}
					if len(insts) > 0 {
						got[full] = len(insts)
					}
				}
			}
			if !reflect.DeepEqual(got, p.Instances) {
				t.Errorf("instances:\n got %v\nwant %v", got, p.Instances)
			}
		})
	}
}

// normalise decodes JSON-looking strings so that policies compare as documents.
func normalise(v any) any {
	if s, ok := v.(string); ok {
		if doc, ok := decodeJSON(s, nil); ok {
			return doc
		}
	}
	return v
}

func TestFixtureValuesMatchTerraform(t *testing.T) {
	t.Parallel()
	for _, name := range fixtureNames {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tree, p := loadFixture(t, name)
			ev := tree.Evaluator(nil)
			compared := 0
			for addr, attrs := range p.Values {
				mev, r, inst, err := ev.Resolve(addr)
				if err != nil {
					t.Fatalf("Resolve(%s): %v", addr, err)
				}
				for attr, want := range attrs {
					got, err := mev.Document(r.Attributes[attr], inst)
					if err != nil {
						t.Errorf("%s.%s: %v", addr, attr, err)
						continue
					}
					// Terraform knows more at plan time than the configuration says
					// (provider-computed emails, data sources read during plan). An
					// unknown here must name where it comes from; a known value must
					// be exactly Terraform's.
					if refs := unknownRefs(got); len(refs) > 0 {
						for _, ref := range refs {
							if ref == "" {
								t.Errorf("%s.%s: unknown without a reference in %#v", addr, attr, got)
							}
						}
						continue
					}
					compared++
					if !reflect.DeepEqual(got, normalise(want)) {
						t.Errorf("%s.%s:\n got %#v\nwant %#v", addr, attr, got, normalise(want))
					}
				}
			}
			total := 0
			for _, attrs := range p.Values {
				total += len(attrs)
			}
			if compared*3 < total*2 {
				t.Fatalf("only %d of %d planned values known from the configuration", compared, total)
			}
		})
	}
}

func unknownRefs(v any) []string {
	switch v := v.(type) {
	case value.Unknown:
		return []string{v.Ref}
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, unknownRefs(e)...)
		}
		return out
	case map[string]any:
		var out []string
		for _, e := range v {
			out = append(out, unknownRefs(e)...)
		}
		return out
	}
	return nil
}

// blockLines finds `resource "t" "n" {` headers and their closing brace at
// column 1, independently of hcl, to check the ranges Load reports.
func blockLines(t *testing.T, file string) map[string][2]int {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	header := regexp.MustCompile(`^(resource|data) "(\w+)" "(\w+)" \{`)
	out := map[string][2]int{}
	open, line := "", 0
	for sc := bufio.NewScanner(f); sc.Scan(); {
		line++
		if m := header.FindStringSubmatch(sc.Text()); m != nil {
			open = m[2] + "." + m[3]
			if m[1] == "data" {
				open = "data." + open
			}
			out[open] = [2]int{line, 0}
		} else if sc.Text() == "}" && open != "" {
			out[open] = [2]int{out[open][0], line}
			open = ""
		}
	}
	return out
}

func TestFixtureBlockRanges(t *testing.T) {
	t.Parallel()
	for _, name := range fixtureNames {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tree, _ := loadFixture(t, name)
			for _, m := range tree.Modules() {
				for _, file := range m.Files {
					want := blockLines(t, filepath.Join(fixtureDir(name), filepath.FromSlash(file)))
					got := map[string][2]int{}
					for _, r := range m.Resources {
						if r.Range.Filename != file {
							continue
						}
						got[r.Address] = [2]int{r.Range.Start.Line, r.Range.End.Line}
						if r.DefRange.Start.Line != r.Range.Start.Line || r.DefRange.End.Line != r.Range.Start.Line {
							t.Errorf("%s %s: DefRange %s not on the header line of %s", file, r.Address, r.DefRange, r.Range)
						}
					}
					if !reflect.DeepEqual(got, want) {
						t.Errorf("%s: block lines\n got %v\nwant %v", file, got, want)
					}
				}
			}
		})
	}
}

func TestFixtureLifecycle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fixture, resource string
		declared          bool
		cbd               *bool
		triggers          []string
		triggerLine       int
	}{
		{"aws-08-good-key-rotation", "aws_iam_access_key.uploader", true, new(true), []string{"time_rotating.uploader_key"}, 51},
		{"aws-08-good-key-rotation", "aws_iam_user.uploader", false, nil, nil, 0},
		{"google-04-apikeys", "google_apikeys_key.maps_browser", true, nil, []string{"time_rotating.maps_key"}, 46},
		{"google-04-apikeys", "google_apikeys_key.translation", false, nil, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.fixture+"/"+tt.resource, func(t *testing.T) {
			t.Parallel()
			tree, _ := loadFixture(t, tt.fixture)
			r := tree.Root.Resources[tt.resource]
			if r == nil {
				t.Fatalf("no %s", tt.resource)
			}
			lc := r.Lifecycle
			if lc.Declared != tt.declared {
				t.Errorf("Declared = %v", lc.Declared)
			}
			if !reflect.DeepEqual(lc.CreateBeforeDestroy, tt.cbd) || lc.PreventDestroy != nil {
				t.Errorf("create_before_destroy = %v, prevent_destroy = %v", lc.CreateBeforeDestroy, lc.PreventDestroy)
			}
			var got []string
			for _, trig := range lc.ReplaceTriggeredBy {
				got = append(got, trig.Ref)
				if traversalString(trig.Traversal) != trig.Ref {
					t.Errorf("traversal %q, ref %q", traversalString(trig.Traversal), trig.Ref)
				}
				if trig.Reference.Kind != ResourceRef || trig.Range.Start.Line != tt.triggerLine {
					t.Errorf("trigger %s: kind %d at %s, want a resource at line %d", trig.Ref, trig.Reference.Kind, trig.Range, tt.triggerLine)
				}
			}
			if !slices.Equal(got, tt.triggers) {
				t.Errorf("replace_triggered_by = %q, want %q", got, tt.triggers)
			}
		})
	}
}

func TestFixtureNestedBlockRanges(t *testing.T) {
	t.Parallel()
	tree, _ := loadFixture(t, "google-04-apikeys")
	r := tree.Root.Resources["google_apikeys_key.maps_browser"]
	restr := r.BlocksOfType("restrictions")
	if len(restr) != 1 {
		t.Fatalf("restrictions blocks: %d", len(restr))
	}
	lines := func(b *Block) [2]int { return [2]int{b.Range.Start.Line, b.Range.End.Line} }
	if got := lines(restr[0]); got != [2]int{34, 43} {
		t.Errorf("restrictions lines %v", got)
	}
	api := restr[0].BlocksOfType("api_targets")
	if len(api) != 1 || lines(api[0]) != [2]int{35, 38} || api[0].Attributes["methods"].Range.Start.Line != 37 {
		t.Errorf("api_targets: %+v", api)
	}
	if len(r.BlocksOfType("lifecycle")) != 0 {
		t.Error("lifecycle must not appear among nested blocks")
	}
	if a := r.Attributes["display_name"]; a == nil || a.Range.Filename != "main.tf" || a.Range.Start.Line != 32 {
		t.Errorf("display_name range: %+v", a)
	}
}

func TestFixtureModuleTrees(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fixture, call, dir, instance string
		forEach, count               bool
		args, resources              []string
	}{
		{
			"aws-06-module-service-users", "service_user", "modules/service-user", `module.service_user["billing-exporter"]`, true, false,
			[]string{"inline_statements", "name", "owner", "policy_arns"},
			[]string{"aws_iam_access_key.this", "aws_iam_user.this", "aws_iam_user_policy.inline", "aws_iam_user_policy_attachment.this"},
		},
		{
			"google-03-iam-binding-editor", "app_sa", "modules/app-sa", `module.app_sa[1]`, false, true,
			[]string{"name", "owner", "project", "roles"},
			[]string{"google_project_iam_member.this", "google_service_account.this"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			t.Parallel()
			tree, _ := loadFixture(t, tt.fixture)
			var paths [][]string
			for _, m := range tree.Modules() {
				paths = append(paths, m.Path)
			}
			if !reflect.DeepEqual(paths, [][]string{nil, {tt.call}}) {
				t.Errorf("module paths %q", paths)
			}
			c := tree.Root.ModuleCalls[tt.call]
			if c == nil || c.Module == nil || c.NotFollowed != "" {
				t.Fatalf("call %s: %+v", tt.call, c)
			}
			if c.Dir != tt.dir || c.Module.Dir != tt.dir || (c.ForEach != nil) != tt.forEach || (c.Count != nil) != tt.count {
				t.Errorf("call: dir %q/%q for_each %v count %v", c.Dir, c.Module.Dir, c.ForEach != nil, c.Count != nil)
			}
			if got := slices.Sorted(mapKeys(c.Args)); !slices.Equal(got, tt.args) {
				t.Errorf("args %q", got)
			}
			m, err := tree.ModuleFor(tt.instance)
			if err != nil || m != c.Module || m.Call != c || !slices.Equal(m.Path, []string{tt.call}) {
				t.Fatalf("ModuleFor(%s) = %v, %v", tt.instance, m, err)
			}
			if got := slices.Sorted(mapKeys(m.Resources)); !slices.Equal(got, tt.resources) {
				t.Errorf("resources %q", got)
			}
			if m.Files[0] != tt.dir+"/main.tf" {
				t.Errorf("files %q", m.Files)
			}
		})
	}
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func TestFixtureEachKeyReferences(t *testing.T) {
	t.Parallel()
	tree, _ := loadFixture(t, "aws-12-large-generated")
	tests := []struct {
		resource, attr string
		want           []string
	}{
		{"aws_iam_access_key.svc", "user", []string{"aws_iam_user.svc[each.key].name", "each.key"}},
		{"aws_iam_user_policy_attachment.admin", "user", []string{"aws_iam_user.svc[each.key].name", "each.key"}},
		{"aws_iam_role_policy.wl", "role", []string{"aws_iam_role.wl[each.key].id", "each.key"}},
		{"aws_iam_user_policy.svc", "policy", []string{"each.value.policy_kind", "each.key", "local.statements[each.value.policy_kind]", "each.value.policy_kind"}},
	}
	for _, tt := range tests {
		t.Run(tt.resource, func(t *testing.T) {
			t.Parallel()
			refs := tree.Root.Resources[tt.resource].Attributes[tt.attr].References()
			var got []string
			for _, r := range refs {
				got = append(got, r.String())
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("references %q, want %q", got, tt.want)
			}
			if first := refs[0]; first.Kind == ResourceRef {
				if first.Key.Kind != KeyEach || first.Instance() != strings.TrimSuffix(tt.want[0], first.PathString()) || len(first.Path) != 1 {
					t.Errorf("first reference %+v", first)
				}
			}
		})
	}
}

func TestFixturePolicyWithUnknownBucket(t *testing.T) {
	t.Parallel()
	tree, _ := loadFixture(t, "aws-01-good-oidc-workload-role")
	ev := tree.Evaluator(nil)
	r := tree.Root.Resources["aws_iam_role_policy.payments_task"]
	got, err := ev.Document(r.Attributes["policy"], Instance{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Effect":   "Allow",
			"Action":   []any{"s3:GetObject"},
			"Resource": []any{value.Unknown{Ref: "aws_s3_bucket.artifacts.arn"}},
		}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("policy:\n got %#v\nwant %#v", got, want)
	}
	// The same bucket inside a policy document data source, through EvalBody.
	doc := tree.Root.Resources["data.aws_iam_policy_document.deploy"]
	body, err := ev.EvalBody(&doc.Body, Instance{})
	if err != nil {
		t.Fatal(err)
	}
	stmts := body["statement"].([]any)
	if len(stmts) != 2 || !reflect.DeepEqual(stmts[1].(map[string]any)["resources"], []any{value.Unknown{Ref: "aws_s3_bucket.artifacts.arn"}}) {
		t.Errorf("statements %#v", stmts)
	}
	// A policy that is a data source's output stays one unknown.
	got, _ = ev.Document(tree.Root.Resources["aws_iam_role_policy.deploy"].Attributes["policy"], Instance{})
	if got != (value.Unknown{Ref: "data.aws_iam_policy_document.deploy.json"}) {
		t.Errorf("deploy policy %#v", got)
	}
}

func TestFixtureEachValueSupplied(t *testing.T) {
	t.Parallel()
	tree, _ := loadFixture(t, "aws-12-large-generated")
	ev := tree.Evaluator(nil)
	policy := tree.Root.Resources["aws_iam_user_policy.svc"].Attributes["policy"]
	stmt := func(action, resource string) map[string]any {
		return map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow", "Action": []any{action}, "Resource": resource}}}
	}
	tests := []struct {
		name string
		inst Instance
		want any
	}{
		{"s3 wildcard", ForEachInstance("svc-x", cty.ObjectVal(map[string]cty.Value{"policy_kind": cty.StringVal("s3-wildcard")})), stmt("s3:*", "*")},
		{"admin", ForEachInstance("svc-y", cty.ObjectVal(map[string]cty.Value{"policy_kind": cty.StringVal("admin")})), stmt("*", "*")},
		{"scoped uses each.key", ForEachInstance("svc-z", cty.ObjectVal(map[string]cty.Value{"policy_kind": cty.StringVal("scoped")})), map[string]any{
			"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow", "Action": []any{"s3:GetObject", "s3:PutObject"}, "Resource": "arn:aws:s3:::example-generated-svc-z/*"}},
		}},
		{"each.value unknown", Instance{EachKey: cty.StringVal("svc-z")}, map[string]any{
			"Version": "2012-10-17", "Statement": value.Unknown{Ref: "each.value.policy_kind"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ev.Document(policy, tt.inst)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("\n got %#v\nwant %#v", got, tt.want)
			}
		})
	}
}
