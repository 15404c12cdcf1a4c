package plan_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"unsafe"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
)

// modulePlan is a plan of a module called for each of keys, passed a
// whole for_each resource (var.users = aws_iam_user.u, one user per key).
// In the module, "whole" reads var.users, "named" reads var.users.name,
// and the output "users" returns var.users; the root "reader" reads the
// whole module, "output_reader" its output, "attr_reader" the output's
// names. The root for_each "filtered" (keys x and y) reads the users
// with each.key ([for u in aws_iam_user.u : u.arn if u.tags.k == each.key]),
// and "module_filtered" the module's instances the same way; "local_reader"
// (keys x and y) reads local.everyone (rootLocals), "two_filtered" both
// the users and the module's instances by each.key.
func modulePlan(t *testing.T, keys ...string) *plan.Plan {
	t.Helper()
	var changes []any
	add := func(module, typ, name, key string) {
		addr := typ + "." + name
		if key != "" {
			addr += fmt.Sprintf("[%q]", key)
		}
		rc := map[string]any{"address": addr, "mode": "managed", "type": typ, "name": name, "provider_name": "registry.terraform.io/hashicorp/aws",
			"change": map[string]any{"actions": []string{"create"}, "before": nil, "after": map[string]any{"name": addr}, "after_unknown": map[string]any{}}}
		if key != "" {
			rc["index"] = key
		}
		if module != "" {
			rc["address"], rc["module_address"] = module+"."+addr, module
		}
		changes = append(changes, rc)
	}
	res := func(typ, name string, forEach bool, refs map[string][]string) map[string]any {
		exprs := map[string]any{}
		for a, rs := range refs {
			exprs[a] = map[string]any{"references": rs}
		}
		r := map[string]any{"address": typ + "." + name, "mode": "managed", "type": typ, "name": name, "provider_config_key": "aws", "expressions": exprs}
		if forEach {
			r["for_each_expression"] = map[string]any{"references": []string{"local.keys"}}
		}
		return r
	}
	for _, k := range keys {
		add("", "aws_iam_user", "u", k)
		mod := fmt.Sprintf("module.m[%q]", k)
		add(mod, "aws_iam_user_policy", "whole", "")
		add(mod, "aws_iam_user_policy", "named", "")
	}
	for _, k := range []string{"x", "y"} {
		add("", "aws_iam_policy", "filtered", k)
		add("", "aws_iam_policy", "module_filtered", k)
		add("", "aws_iam_policy", "local_reader", k)
		add("", "aws_iam_policy", "two_filtered", k)
	}
	add("", "aws_iam_policy", "reader", "")
	add("", "aws_iam_policy", "output_reader", "")
	add("", "aws_iam_policy", "attr_reader", "")
	raw, err := json.Marshal(map[string]any{
		"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": changes,
		"configuration": map[string]any{"root_module": map[string]any{
			"resources": []any{res("aws_iam_user", "u", true, nil), res("aws_iam_policy", "reader", false, map[string][]string{"policy": {"module.m"}}),
				res("aws_iam_policy", "filtered", true, map[string][]string{"policy": {"aws_iam_user.u", "each.key"}}),
				res("aws_iam_policy", "module_filtered", true, map[string][]string{"policy": {"module.m", "each.key"}}),
				res("aws_iam_policy", "local_reader", true, map[string][]string{"policy": {"local.everyone"}}),
				res("aws_iam_policy", "two_filtered", true, map[string][]string{"policy": {"aws_iam_user.u", "module.m", "each.key"}}),
				res("aws_iam_policy", "output_reader", false, map[string][]string{"policy": {"module.m.users", "module.m"}}),
				res("aws_iam_policy", "attr_reader", false, map[string][]string{"policy": {"module.m.users.name", "module.m"}})},
			"module_calls": map[string]any{"m": map[string]any{
				"source": "./m", "for_each_expression": map[string]any{"references": []string{"local.keys"}},
				"expressions": map[string]any{"users": map[string]any{"references": []string{"aws_iam_user.u"}}},
				"module": map[string]any{
					"resources": []any{
						res("aws_iam_user_policy", "whole", false, map[string][]string{"policy": {"var.users"}}),
						res("aws_iam_user_policy", "named", false, map[string][]string{"user": {"var.users.name", "var.users"}, "policy": {"var.users"}}),
					},
					"outputs":   map[string]any{"users": map[string]any{"expression": map[string]any{"references": []string{"var.users"}}}},
					"variables": map[string]any{"users": map[string]any{}},
				},
			}},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Parse(raw, plan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestModuleArgumentLinksAreShared: every instance of a module that is
// passed a whole n-instance resource gets the same n links, not a copy of
// its own (n² links: a module of 20,000 instances took 24 GB), and what
// one reader adds to them (an attribute, the whole-module mark) is its own.
func TestModuleArgumentLinksAreShared(t *testing.T) {
	keys := []string{"a", "b", "c"}
	p := modulePlan(t, keys...)
	links := func(addr, attr string) []plan.Link {
		r := p.Resource(addr)
		if r == nil {
			t.Fatalf("no resource %s", addr)
		}
		return p.LinksByAttr(r).Get(attr)
	}
	check := func(what string, ls []plan.Link, attr string, whole bool) {
		t.Helper()
		if len(ls) != len(keys) {
			t.Fatalf("%s: %d links, want one per user (%d)", what, len(ls), len(keys))
		}
		for i, l := range ls {
			if want := fmt.Sprintf("aws_iam_user.u[%q]", keys[i]); l.Target == nil || l.Target.Address != want {
				t.Errorf("%s: link %d is %v, want %s", what, i, l, want)
			}
			if got := fmt.Sprint(l.Attr); got != fmt.Sprint([]string{attr}) && !(attr == "" && len(l.Attr) == 0) {
				t.Errorf("%s: link %d reads %v, want %q", what, i, l.Attr, attr)
			}
			if l.Whole != whole {
				t.Errorf("%s: link %d whole-module mark is %v", what, i, l.Whole)
			}
			if len(l.Via) != 1 || l.Via[0] != "var.users" {
				t.Errorf("%s: link %d came via %v, want [var.users]", what, i, l.Via)
			}
		}
	}
	first := links(`module.m["a"].aws_iam_user_policy.whole`, "policy")
	check("whole", first, "", false)
	for _, k := range keys[1:] {
		ls := links(fmt.Sprintf("module.m[%q].aws_iam_user_policy.whole", k), "policy")
		if unsafe.SliceData(ls) != unsafe.SliceData(first) {
			t.Errorf("module.m[%q] resolved var.users into links of its own", k)
		}
	}
	// Readers that change what they got must not change the shared links.
	check("named", links(`module.m["b"].aws_iam_user_policy.named`, "user"), "name", false)
	// Every instance's output returns the same shared list: its links
	// are taken once.
	reader := links("aws_iam_policy.reader", "policy")
	if len(reader) != len(keys) {
		t.Fatalf("reader: %d links, want every user once through the instances' output (%d)", len(reader), len(keys))
	}
	for _, l := range reader {
		if !l.Whole || fmt.Sprint(l.Via) != "[module.m.users var.users]" {
			t.Errorf("reader: link %v whole %v via %v", l, l.Whole, l.Via)
		}
	}
	for _, l := range links("aws_iam_policy.attr_reader", "policy") {
		if len(l.Attr) != 1 || l.Attr[0] != "name" {
			t.Errorf("attr_reader: link %v reads %v, want [name]", l, l.Attr)
		}
	}
	for _, l := range links("aws_iam_policy.output_reader", "policy") {
		if l.Whole || len(l.Attr) != 0 {
			t.Errorf("output_reader: link %v has what a reader before it added (whole %v, attribute %v)", l, l.Whole, l.Attr)
		}
	}
	check("whole, after the others", first, "", false)
}

// TestEveryInstanceLinksAreShared: instances of a for_each whose expression
// reads each.key and a whole for_each of other keys (a filter) link to
// every instance of it, through one shared list: n copies of n links took
// 5 GB at 8,000.
func TestEveryInstanceLinksAreShared(t *testing.T) {
	p := modulePlan(t, "a", "b", "c")
	for _, c := range []struct {
		name  string
		links int
		ref   string
		whole bool
	}{
		{"filtered", 3, "aws_iam_user.u", false},
		{"module_filtered", 3, "aws_iam_user.u", true}, // once: every instance returns the same list
	} {
		var first []plan.Link
		for _, k := range []string{"x", "y"} {
			r := p.Resource(fmt.Sprintf("aws_iam_policy.%s[%q]", c.name, k))
			ls := p.LinksByAttr(r).Get("policy")
			if len(ls) != c.links {
				t.Fatalf("%s[%q]: %d links, want %d", c.name, k, len(ls), c.links)
			}
			for _, l := range ls {
				if l.Exact || len(l.Attr) != 0 || l.Ref != c.ref || l.Whole != c.whole {
					t.Errorf("%s[%q]: link %v exact %v attr %v ref %q whole %v", c.name, k, l, l.Exact, l.Attr, l.Ref, l.Whole)
				}
			}
			if first == nil {
				first = ls
			} else if unsafe.SliceData(ls) != unsafe.SliceData(first) {
				t.Errorf("%s[%q] got links of its own", c.name, k)
			}
		}
	}
}

// rootLocals resolves local.everyone of the root module, and counts the
// questions: every user and the reader (concat([for u in aws_iam_user.u :
// u.arn], [aws_iam_policy.reader.arn])).
type rootLocals struct{ asked *int }

func (l rootLocals) LocalRefs(path []string, name string) ([]string, bool) {
	if len(path) == 0 && name == "everyone" {
		*l.asked++
		return []string{"aws_iam_user.u", "aws_iam_policy.reader.arn", "aws_iam_policy.reader"}, true
	}
	return nil, false
}

// TestLocalLinksAreShared: every instance of a for_each reading a local
// that gathers whole resources gets the same links, resolved once: each
// made its own copy (2,000 instances: 2.5 s and 740 MB).
func TestLocalLinksAreShared(t *testing.T) {
	p := modulePlan(t, "a", "b", "c")
	asked := 0
	p.Locals = rootLocals{&asked}
	var first []plan.Link
	for _, k := range []string{"x", "y"} {
		ls := p.LinksByAttr(p.Resource(fmt.Sprintf("aws_iam_policy.local_reader[%q]", k))).Get("policy")
		if len(ls) != 4 {
			t.Fatalf("local_reader[%q]: %d links, want the 3 users and the reader", k, len(ls))
		}
		if l := ls[3]; l.Target.Address != "aws_iam_policy.reader" || fmt.Sprint(l.Attr) != "[arn]" || fmt.Sprint(l.Via) != "[local.everyone]" {
			t.Errorf("local_reader[%q]: last link %v attr %v via %v", k, l, l.Attr, l.Via)
		}
		if first == nil {
			first = ls
		} else if unsafe.SliceData(ls) != unsafe.SliceData(first) {
			t.Errorf("local_reader[%q] got links of its own", k)
		}
	}
	if asked != 1 {
		t.Errorf("the local's references were asked for %d times, want once", asked)
	}
}

// TestJoinedLinksAreShared: instances reading two whole for_each resources
// by each.key get one joined list between them (n copies of 2n links took
// 9 s and 2.7 GB at 4,000), and a short join is each one's own.
func TestJoinedLinksAreShared(t *testing.T) {
	for _, users := range []int{3, 70} {
		var keys []string
		for i := range users {
			keys = append(keys, fmt.Sprintf("k%d", i))
		}
		p := modulePlan(t, keys...)
		want := 2 * users // the users, then the users through the instances' output
		var first []plan.Link
		for _, k := range []string{"x", "y"} {
			ls := p.LinksByAttr(p.Resource(fmt.Sprintf("aws_iam_policy.two_filtered[%q]", k))).Get("policy")
			if len(ls) != want {
				t.Fatalf("two_filtered[%q]: %d links, want %d", k, len(ls), want)
			}
			for i, l := range ls {
				if l.Target.Address != fmt.Sprintf("aws_iam_user.u[%q]", keys[i%users]) || l.Whole != (i >= users) {
					t.Fatalf("two_filtered[%q]: link %d is %v (whole %v)", k, i, l, l.Whole)
				}
			}
			if cap(ls) != len(ls) {
				t.Errorf("two_filtered[%q]: the joined list is not clipped", k)
			}
			if first == nil {
				first = ls
			} else if shared := unsafe.SliceData(ls) == unsafe.SliceData(first); shared != (want >= 64) {
				t.Errorf("%d users: two_filtered[%q] shares the first's list: %v", users, k, shared)
			}
		}
	}
}

// TestLinksByAttrInAttributeOrder: a resource's links come by attribute in
// name order (passes over them must not depend on a map's order), Get
// finds each, and a resource without links is memoised too.
func TestLinksByAttrInAttributeOrder(t *testing.T) {
	p := modulePlan(t, "a", "b")
	named := p.LinksByAttr(p.Resource(`module.m["a"].aws_iam_user_policy.named`))
	var attrs []string
	for _, al := range named {
		attrs = append(attrs, al.Attr)
	}
	if fmt.Sprint(attrs) != "[policy user]" {
		t.Errorf("attributes %v, want [policy user]", attrs)
	}
	if len(named.Get("user")) != 2 || named.Get("user")[0].Attr[0] != "name" || len(named.Get("policy")) != 2 || named.Get("tags") != nil {
		t.Errorf("Get: user %v, policy %v, tags %v", named.Get("user"), named.Get("policy"), named.Get("tags"))
	}
	user := p.Resource(`aws_iam_user.u["a"]`)
	if none := p.LinksByAttr(user); none == nil || len(none) != 0 {
		t.Errorf("a resource without links: %v (nil %v), want an empty, memoised list", none, none == nil)
	}
}
