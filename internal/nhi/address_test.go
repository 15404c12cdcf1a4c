package nhi_test

import (
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/nhi"
)

func TestMatchAddress(t *testing.T) {
	t.Parallel()

	tests := map[string]struct {
		pattern, address string
		want             bool
	}{
		"exact":                     {"aws_iam_access_key.deploy", "aws_iam_access_key.deploy", true},
		"exact, different":          {"aws_iam_access_key.deploy", "aws_iam_access_key.deploy2", false},
		"prefix is not a match":     {"aws_iam_access_key.dep", "aws_iam_access_key.deploy", false},
		"star alone":                {"*", `module.a.b.c["x"]`, true},
		"star matches empty":        {"aws_iam_access_key.deploy*", "aws_iam_access_key.deploy", true},
		"trailing star":             {"aws_iam_access_key.*", "aws_iam_access_key.deploy", true},
		"star spans dots":           {"module.*.aws_iam_access_key.deploy", "module.ci.module.inner.aws_iam_access_key.deploy", true},
		"star spans brackets":       {"aws_iam_access_key.deploy*", `aws_iam_access_key.deploy["eu-west-1"]`, true},
		"star inside brackets":      {`aws_iam_access_key.deploy["*"]`, `aws_iam_access_key.deploy["eu"]`, true},
		"count index":               {"aws_iam_access_key.deploy[*]", "aws_iam_access_key.deploy[3]", true},
		"brackets are literal":      {"aws_iam_access_key.deploy[0]", "aws_iam_access_key.deploy0", false},
		"question mark is literal":  {"aws_iam_access_key.?", "aws_iam_access_key.x", false},
		"dot is literal":            {"aws_iam_access_key.deploy", "aws_iam_access_keyXdeploy", false},
		"leading star":              {"*.deploy", "module.ci.aws_iam_access_key.deploy", true},
		"leading star, wrong end":   {"*.deploy", "module.ci.aws_iam_access_key.deployer", false},
		"two stars":                 {"module.*.aws_*_key.*", "module.ci.aws_iam_access_key.deploy", true},
		"two stars, missing middle": {"module.*.google_*_key.*", "module.ci.aws_iam_access_key.deploy", false},
		"backtracking":              {"a*b*c", "aXbXbXc", true},
		"backtracking fails":        {"a*b*c", "aXbXbX", false},
		"consecutive stars":         {"a**c", "abc", true},
		"empty pattern":             {"", "a", false},
		"empty both":                {"", "", true},
		"star empty address":        {"*", "", true},
		"case sensitive":            {"AWS_IAM_ACCESS_KEY.*", "aws_iam_access_key.deploy", false},
		// The examples of templates/resources/exception.md.tmpl.
		"doc: suffix star, for_each":    {"aws_iam_access_key.deploy*", `aws_iam_access_key.deploy["eu"]`, true},
		"doc: suffix star, other name":  {"aws_iam_access_key.deploy*", "aws_iam_access_key.deploy2", true},
		"doc: suffix star, in a module": {"aws_iam_access_key.deploy*", "module.ci.aws_iam_access_key.deploy", false},
		"doc: module star, nested":      {"module.ci.*", "module.ci.module.x.google_service_account_key.k[0]", true},
		"doc: module star, other":       {"module.ci.*", "module.cd.aws_iam_access_key.deploy", false},
		"doc: type in any module":       {"*.aws_iam_access_key.*", "module.ci.aws_iam_access_key.deploy", true},
		"doc: type in any module, root": {"*.aws_iam_access_key.*", "aws_iam_access_key.deploy", false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := nhi.MatchAddress(tc.pattern, tc.address); got != tc.want {
				t.Errorf("MatchAddress(%q, %q) = %t, want %t", tc.pattern, tc.address, got, tc.want)
			}
		})
	}
}

func TestMatchAddressIsNotExponential(t *testing.T) {
	t.Parallel()

	// A naive recursive matcher takes exponential time on this input.
	pattern := strings.Repeat("a*", 30) + "b"
	address := strings.Repeat("a", 5000)
	if nhi.MatchAddress(pattern, address) {
		t.Fatal("pattern without a trailing match matched")
	}
}

func FuzzMatchAddress(f *testing.F) {
	f.Add("module.*.aws_iam_access_key.*", `module.ci.aws_iam_access_key.deploy["eu"]`)
	f.Add("a*b*c", "aXbXbXc")
	f.Fuzz(func(t *testing.T, pattern, address string) {
		// Properties: every address matches itself and "*"; a pattern without
		// '*' matches only identical addresses.
		if !strings.Contains(address, "*") && !nhi.MatchAddress(address, address) {
			t.Errorf("%q does not match itself", address)
		}
		if !nhi.MatchAddress("*", address) {
			t.Errorf(`"*" does not match %q`, address)
		}
		if !strings.Contains(pattern, "*") && nhi.MatchAddress(pattern, address) != (pattern == address) {
			t.Errorf("literal pattern %q against %q", pattern, address)
		}
	})
}

// The index yields the first item, in order, that accept takes among
// those naming an address literally or holding a '*' pattern; a literal
// item's '*' is literal.
func TestAddressIndexFirst(t *testing.T) {
	t.Parallel()
	var x nhi.AddressIndex
	x.Add(0, []string{"aws_iam_user.a"}, false)
	x.Add(1, []string{"aws_iam_user.*"}, false)
	x.Add(2, []string{"aws_iam_user.b", "aws_iam_user.a"}, false)
	x.Add(3, []string{"aws_iam_user.*"}, true)
	all := func(int) bool { return true }
	if got := x.First(all, "aws_iam_user.a"); got != 0 {
		t.Errorf("first for a = %d, want 0", got)
	}
	if got := x.First(all, "aws_iam_user.b"); got != 1 {
		t.Errorf("first for b = %d, want the pattern before the literal (1)", got)
	}
	if got := x.First(func(i int) bool { return i != 0 }, "aws_iam_user.a"); got != 1 {
		t.Errorf("first for a past item 0 = %d, want 1", got)
	}
	if got := x.First(func(i int) bool { return i == 3 }, "aws_iam_user.*"); got != 3 {
		t.Errorf("a literal item's '*' address = %d, want 3", got)
	}
	if got := x.First(func(i int) bool { return i == 3 }, "aws_iam_user.c"); got != -1 {
		t.Errorf("a literal item's '*' matched another address: %d", got)
	}
	// Item 1 is tried on any address; its caller's test says no.
	if got := x.First(func(i int) bool { return nhi.MatchAddress("aws_iam_user.*", "module.m.x") }, "module.m.x"); got != -1 {
		t.Errorf("nothing covers module.m.x, got %d", got)
	}
}

// TestAddressIndexMatchesScan: the index gives, for every address, the
// item that trying every pattern of every item in order gives.
func TestAddressIndexMatchesScan(t *testing.T) {
	t.Parallel()
	type item struct {
		patterns []string
		literal  bool
	}
	items := []item{
		{[]string{`module.a["k1*`}, false},
		{[]string{`aws_iam_user.x`}, false},
		{[]string{`module.a["k1"].aws_iam_user.*`, `aws_iam_user.*`}, false},
		{[]string{`*.aws_iam_access_key.this`}, false},
		{[]string{`module.*.aws_iam_user.this`}, false},
		{[]string{`module.a["k2"]*`}, false},
		{[]string{`module.a["k1"].aws_iam_user.this`}, false},
		{[]string{`module.a*["k3"]*`, `aws_iam_role.*`}, false},
		{[]string{`aws_iam_user.*`}, true}, // literal: names the address "aws_iam_user.*"
		{[]string{`*["k1"].aws_iam_user.this`, `*user.y`}, false},
		{[]string{`*k3"]*`}, false},
		{[]string{`*`}, false},
	}
	addresses := []string{
		`module.a["k1"].aws_iam_user.this`, `module.a["k10"].aws_iam_user.this`, `module.a["k2"].aws_iam_access_key.this`,
		`module.a["k3"].aws_iam_role.r`, `module.ab["k3"].aws_iam_role.r`, `aws_iam_user.x`, `aws_iam_user.y`, `aws_iam_user.*`,
		`aws_iam_role.r`, `module.b.aws_iam_access_key.this`, `aws_iam_access_key.this`, `module`, `module.a["k2"]`, ``,
	}
	var x nhi.AddressIndex
	for i, it := range items {
		x.Add(i, it.patterns, it.literal)
	}
	matches := func(i int, a string) bool {
		for _, p := range items[i].patterns {
			if p == a || !items[i].literal && nhi.MatchAddress(p, a) {
				return true
			}
		}
		return false
	}
	// Each address alone, and in pairs; accepting every item, every item
	// but the wildcard-only ones, and none before item 4.
	accepts := map[string]func(int) bool{
		"all":     func(int) bool { return true },
		"not *":   func(i int) bool { return i != len(items)-1 },
		"from 4":  func(i int) bool { return i >= 4 },
		"odd":     func(i int) bool { return i%2 == 1 },
		"nothing": func(int) bool { return false },
	}
	for name, accept := range accepts {
		for _, a := range addresses {
			for _, b := range append([]string{""}, addresses...) {
				asked := []string{a}
				if b != "" {
					asked = append(asked, b)
				}
				want := -1
				for i := range items {
					if (matches(i, a) || b != "" && matches(i, b)) && accept(i) {
						want = i
						break
					}
				}
				confirm := func(i int) bool { return (matches(i, a) || b != "" && matches(i, b)) && accept(i) }
				if got := x.First(confirm, asked...); got != want {
					t.Errorf("%s: First(%q) = %d, want %d", name, asked, got, want)
				}
			}
		}
	}
}
