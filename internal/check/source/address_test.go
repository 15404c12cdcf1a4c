package source

import (
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

func TestParseAddress(t *testing.T) {
	t.Parallel()
	str, num := cty.StringVal, func(i int64) cty.Value { return cty.NumberIntVal(i) }
	tests := []struct {
		in       string
		module   []ModuleStep
		resource string
		key      cty.Value
	}{
		{"", nil, "", cty.NilVal},
		{"aws_iam_user.x", nil, "aws_iam_user.x", cty.NilVal},
		{`aws_iam_user.x["a.b"]`, nil, "aws_iam_user.x", str("a.b")},
		{"data.aws_iam_policy_document.p[3]", nil, "data.aws_iam_policy_document.p", num(3)},
		{`module.service_user["billing"].module.x[0]`, []ModuleStep{{"service_user", str("billing")}, {"x", num(0)}}, "", cty.NilVal},
		{`module.a["k\"]."].module.b.aws_iam_access_key.k[1]`, []ModuleStep{{"a", str(`k"].`)}, {"b", cty.NilVal}}, "aws_iam_access_key.k", num(1)},
		{`module.a["\u00e9\n"]`, []ModuleStep{{"a", str("é\n")}}, "", cty.NilVal},
		{`module.m.data.t.n`, []ModuleStep{{"m", cty.NilVal}}, "data.t.n", cty.NilVal},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			a, err := ParseAddress(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Module) != len(tt.module) || a.Resource != tt.resource || !sameKey(a.Key, tt.key) {
				t.Fatalf("got %+v", a)
			}
			for i, s := range a.Module {
				if s.Name != tt.module[i].Name || !sameKey(s.Key, tt.module[i].Key) {
					t.Errorf("step %d: %+v, want %+v", i, s, tt.module[i])
				}
			}
		})
	}
	for _, bad := range []string{"module", "module.a.module", "x", "a.b.c", "data.t", `a.b[1.5]`, `a.b[-1]`, `a[0].b`, `module.a[0][1]`, `a.b[true]`, "module.a.b.c.d", "a.b[var.x]", "module.a[\"x\"", "."} {
		if a, err := ParseAddress(bad); err == nil {
			t.Errorf("ParseAddress(%q) = %+v, want an error", bad, a)
		}
	}
}

func sameKey(a, b cty.Value) bool {
	if a == cty.NilVal || b == cty.NilVal {
		return a == b
	}
	return a.RawEquals(b)
}

func FuzzParseAddress(f *testing.F) {
	for _, s := range []string{"", `module.a["x"].aws_iam_user.u[0]`, `data.t.n`, `module.a["\"]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAddress(s)
		if err != nil {
			return
		}
		// Whatever parses must render back to an address that parses the same.
		var b strings.Builder
		for _, step := range a.Module {
			if step.Name == "" {
				t.Fatalf("%q: empty module name", s)
			}
			b.WriteString("module." + step.Name)
			if step.Key != cty.NilVal {
				b.WriteString("[" + keyForValue(step.Key).Text() + "]")
			}
			b.WriteString(".")
		}
		if a.Resource != "" {
			b.WriteString(a.Resource)
			if a.Key != cty.NilVal {
				b.WriteString("[" + keyForValue(a.Key).Text() + "]")
			}
		}
		again, err := ParseAddress(strings.TrimSuffix(b.String(), "."))
		if err != nil {
			t.Fatalf("%q rendered as %q: %v", s, b.String(), err)
		}
		if len(again.Module) != len(a.Module) || again.Resource != a.Resource || !sameKey(again.Key, a.Key) {
			t.Fatalf("%q rendered as %q parses as %+v, not %+v", s, b.String(), again, a)
		}
		for i := range a.Module {
			if again.Module[i].Name != a.Module[i].Name || !sameKey(again.Module[i].Key, a.Module[i].Key) {
				t.Fatalf("%q rendered as %q: step %d differs", s, b.String(), i)
			}
		}
	})
}
