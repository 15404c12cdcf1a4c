package plan

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// writeSeeds regenerates testdata/fuzz/FuzzParse from the fixtures and the
// hand-made cases below: go test ./internal/check/plan -run TestFuzzParseSeeds -fuzz-seeds
var writeSeeds = flag.Bool("fuzz-seeds", false, "rewrite testdata/fuzz/FuzzParse")

// seedLimit caps a fixture seed: larger plans are truncated (which makes
// them a truncated-JSON seed too), keeping each fuzz iteration fast.
const seedLimit = 32 << 10

// handSeeds are the edge cases FuzzParse starts from besides the fixtures.
var handSeeds = map[string]string{
	"empty":                 ``,
	"whitespace":            " \n\t\r ",
	"null":                  `null`,
	"array":                 `[]`,
	"string":                `"plan"`,
	"number":                `-1.5e3`,
	"not json":              `Terraform will perform the following actions:`,
	"zip magic":             "PK\x03\x04\x14\x00\x00\x00",
	"bom":                   "\ufeff{\"format_version\":\"1.2\",\"resource_changes\":[]}",
	"invalid utf8":          "{\"format_version\":\"1.2\",\"x\":\"\xff\xfe\"}",
	"utf16 le":              "\xff\xfe{\x00\"\x00f\x00o\x00r\x00m\x00a\x00t\x00_\x00v\x00e\x00r\x00s\x00i\x00o\x00n\x00\"\x00:\x00\"\x001\x00.\x002\x00\"\x00,\x00\"\x00x\x00\"\x00:\x00\"\x00=\xd8\x00\xde\"\x00}\x00",
	"utf16 be":              "\xfe\xff\x00{\x00\"\x00f\x00o\x00r\x00m\x00a\x00t\x00_\x00v\x00e\x00r\x00s\x00i\x00o\x00n\x00\"\x00:\x00\"\x001\x00.\x002\x00\"\x00}",
	"utf16 lone surrogate":  "\xff\xfe{\x00\"\x00=\xd8\"\x00",
	"utf16 odd":             "\xff\xfe{\x00\"",
	"errored":               `{"format_version":"1.2","planned_values":{"root_module":{}},"prior_state":{},"configuration":{"root_module":{}},"errored":true}`,
	"nul byte":              "{\"format_version\":\"1.2\",\"resource_changes\":[]}\x00",
	"minimal":               `{"format_version":"1.2","resource_changes":[]}`,
	"format 0.1":            `{"format_version":"0.1","planned_values":{"root_module":{}}}`,
	"format 2.0":            `{"format_version":"2.0","planned_values":{}}`,
	"format not version":    `{"format_version":"banana","planned_values":{}}`,
	"format number":         `{"format_version":1.2,"planned_values":{}}`,
	"no format":             `{"planned_values":{}}`,
	"state file":            `{"version":4,"terraform_version":"1.11.4","serial":3,"lineage":"x","outputs":{},"resources":[]}`,
	"show state":            `{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{}}}`,
	"duplicate key":         `{"format_version":"1.2","resource_changes":[],"resource_changes":[]}`,
	"duplicate value key":   `{"format_version":"1.2","resource_changes":[{"address":"a.b","type":"a","name":"b","change":{"actions":["create"],"after":{"owner":"a","owner":"b"}}}]}`,
	"trailing data":         `{"format_version":"1.2","resource_changes":[]} {}`,
	"rc string":             `{"format_version":"1.2","resource_changes":"all of them"}`,
	"actions number":        `{"format_version":"1.2","resource_changes":[{"address":"a.b","type":"a","name":"b","change":{"actions":7}}]}`,
	"after list":            `{"format_version":"1.2","resource_changes":[{"address":"a.b","type":"a","name":"b","change":{"actions":["create"],"after":[1,2]}}]}`,
	"bad address":           `{"format_version":"1.2","resource_changes":[{"address":"][","type":"a","name":"b","change":{"actions":["create"],"after":{}}}]}`,
	"hostile key":           `{"format_version":"1.2","resource_changes":[{"address":"aws_iam_user.x[\"a\u001b[31m\\n::error::x\"]","mode":"managed","type":"aws_iam_user","name":"x","index":"a\u001b[31m\n::error::x","change":{"actions":["create"],"after":{"name":"x"},"after_unknown":{}}}]}`,
	"deep":                  `{"format_version":"1.2","planned_values":` + strings.Repeat("[", 2000) + strings.Repeat("]", 2000) + `}`,
	"deep values":           `{"format_version":"1.2","resource_changes":[{"address":"a.b","type":"a","name":"b","change":{"actions":["create"],"after":{"x":` + strings.Repeat(`{"a":`, 1000) + "1" + strings.Repeat("}", 1000) + `}}}]}`,
	"huge number":           `{"format_version":"1.2","resource_changes":[{"address":"a.b[1e999]","type":"a","name":"b","index":1e999,"change":{"actions":["create"],"after":{"n":1e999}}}]}`,
	"sensitive shapes":      `{"format_version":"1.2","resource_changes":[{"address":"a.b","type":"a","name":"b","change":{"actions":["update"],"before":{"s":"x","l":["y"]},"after":{"s":"x","l":["y"]},"before_sensitive":{"s":[true],"l":{"0":true}},"after_sensitive":true,"after_unknown":[true]}}]}`,
	"unknown under null":    `{"format_version":"1.2","resource_changes":[{"address":"a.b","type":"a","name":"b","change":{"actions":["create"],"after":{"blk":null},"after_unknown":{"blk":[{"x":true}],"new":{"y":[true]}}}}]}`,
	"module for_each":       `{"format_version":"1.2","resource_changes":[{"address":"module.m[\"k\"].module.n[0].a.b[\"x\"]","module_address":"module.m[\"k\"].module.n[0]","type":"a","name":"b","index":"x","change":{"actions":["create"],"after":{}}}],"configuration":{"root_module":{"module_calls":{"m":{"module":{"module_calls":{"n":{"module":{"resources":[{"address":"a.b","type":"a","name":"b","expressions":{"tags":{"references":["var.t"]}}}]}}}}}}}}}`,
	"deposed":               `{"format_version":"1.2","resource_changes":[{"address":"a.b","type":"a","name":"b","deposed":"00000001","change":{"actions":["delete"],"before":{}}}]}`,
	"outputs":               `{"format_version":"1.2","output_changes":{"o":{"actions":["create"],"before":null,"after":"v","after_unknown":false,"before_sensitive":false,"after_sensitive":true}}}`,
	"drift":                 `{"format_version":"1.2","resource_changes":[],"resource_drift":[{"address":"a.b","type":"a","name":"b","change":{"actions":["update"],"before":{"x":1},"after":{"x":2}}}]}`,
	"prior state":           `{"format_version":"1.2","resource_changes":[],"prior_state":{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"a.b","mode":"managed","type":"a","name":"b","values":{"k":1},"sensitive_values":{"k":true}}]}}}}`,
	"prior state bad fv":    `{"format_version":"1.2","prior_state":{"format_version":"9.0"}}`,
	"config expressions":    `{"format_version":"1.2","configuration":{"root_module":{"resources":[{"address":"a.b","mode":"managed","type":"a","name":"b","expressions":{"x":{"references":["a.c.id","a.c"]},"blk":[{"y":{"constant_value":1}}]}}]}}}`,
	"policy not json":       `{"format_version":"1.2","resource_changes":[{"address":"aws_iam_user_policy.p","mode":"managed","type":"aws_iam_user_policy","name":"p","change":{"actions":["create"],"after":{"policy":"not json","user":"u"}}}]}`,
	"policy wrong shape":    `{"format_version":"1.2","resource_changes":[{"address":"aws_iam_policy.p","mode":"managed","type":"aws_iam_policy","name":"p","change":{"actions":["create"],"after":{"policy":"{\"Statement\":\"oops\"}"}}}]}`,
	"variables sensitive":   `{"format_version":"1.2","variables":{"v":{"value":"x"}},"configuration":{"root_module":{"variables":{"v":{"sensitive":true}}}},"resource_changes":[]}`,
	"provider config":       `{"format_version":"1.2","configuration":{"provider_config":{"aws":{"name":"aws","expressions":{"secret_key":{"constant_value":"x"}}}},"root_module":{}}}`,
	"invalid escape":        `{"format_version":"1.2","timestamp":"\x"}`,
	"control char":          "{\"format_version\":\"1.2\",\"timestamp\":\"a\tb\"}",
	"truncated":             `{"format_version":"1.2","resource_changes":[{"address":"a`,
	"lone surrogate escape": `{"format_version":"1.2","resource_changes":[{"address":"a.b[\"\ud800\"]","type":"a","name":"b","index":"\ud800","change":{"actions":["create"],"after":{}}}]}`,
}

// fixtureSeeds are the fixture plans as seeds, truncated to seedLimit.
func fixtureSeeds(t testing.TB) map[string][]byte {
	paths, _ := filepath.Glob(filepath.Join(fixtures, "*", "plan.json"))
	if len(paths) < 20 {
		t.Fatalf("found %d fixture plans", len(paths))
	}
	out := map[string][]byte{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(data) > seedLimit {
			data = data[:seedLimit]
		}
		out["fixture-"+filepath.Base(filepath.Dir(p))] = data
	}
	return out
}

func seedFileName(name string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '-'
	}, strings.ToLower(name))
}

// TestFuzzParseSeeds keeps the stored corpus in step with the fixtures and
// hand-made cases (rewrite it with -fuzz-seeds).
func TestFuzzParseSeeds(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "fuzz", "FuzzParse")
	want := fixtureSeeds(t)
	for name, doc := range handSeeds {
		want[name] = []byte(doc)
	}
	if *writeSeeds {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, data := range want {
			body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
			if err := os.WriteFile(filepath.Join(dir, seedFileName(name)), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for name := range want {
		if _, err := os.Stat(filepath.Join(dir, seedFileName(name))); err != nil {
			t.Errorf("seed %q is not stored (run go test ./internal/check/plan -run TestFuzzParseSeeds -fuzz-seeds): %v", name, err)
		}
	}
}

// FuzzParse: Parse never panics; it returns a plan or an error, never
// both or neither; every error is a one-line *InputError of bounded
// length with no control characters; and whatever parses can be walked.
func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(data, Options{IsSecret: func(typ, attr string) bool { return attr == "secret" }})
		if err != nil {
			if p != nil {
				t.Fatal("a plan and an error")
			}
			checkInputError(t, err)
			return
		}
		if p == nil {
			t.Fatal("neither a plan nor an error")
		}
		walk(t, p)
	})
}

// checkInputError asserts the error contract of plan loading.
func checkInputError(t *testing.T, err error) {
	t.Helper()
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %T is not an *InputError: %v", err, err)
	}
	msg := err.Error()
	if msg == "" || len(msg) > 400 {
		t.Fatalf("error of %d bytes: %q", len(msg), msg)
	}
	if !utf8.ValidString(msg) {
		t.Fatalf("error is not UTF-8: %q", msg)
	}
	for _, r := range msg {
		if r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029' {
			t.Fatalf("error has control character %U: %q", r, msg)
		}
	}
}

// walk touches what the later stages read.
func walk(t *testing.T, p *Plan) {
	for _, r := range p.Resources {
		if r == nil {
			t.Fatal("nil resource")
		}
		_ = r.Values()
		_ = r.Addr.String()
		if p.Resource(r.Address) == nil {
			t.Fatalf("%q is not indexed", r.Address)
		}
		if r.Config != nil {
			for attr := range r.Config.Expressions {
				_ = r.Expr(attr)
				_ = p.Links(r, attr)
			}
		}
	}
	for _, o := range p.Outputs {
		if p.Output(o.Name) != o {
			t.Fatalf("output %q is not indexed", o.Name)
		}
	}
	for _, typ := range p.Types() {
		_ = p.OfType(typ)
	}
}
