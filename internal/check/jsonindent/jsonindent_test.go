package jsonindent

import (
	"bytes"
	"encoding/json"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// indentAll indents a whole compact text in one write.
func indentAll(w io.Writer, compact []byte, indent string) error {
	x := NewIndenter(w, indent)
	x.Write(compact)
	return x.Flush()
}

// indentLikeStdlib is what an Indenter must produce: json.Indent's output.
func indentLikeStdlib(t testing.TB, compact []byte) []byte {
	t.Helper()
	var want bytes.Buffer
	if err := json.Indent(&want, compact, "", "  "); err != nil {
		t.Fatalf("json.Indent: %v", err)
	}
	return want.Bytes()
}

func check(t *testing.T, name string, v any) {
	t.Helper()
	compact, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := indentAll(&got, compact, "  "); err != nil {
		t.Fatal(err)
	}
	if want := indentLikeStdlib(t, compact); !bytes.Equal(got.Bytes(), want) {
		t.Errorf("%s: Write gives\n%s\njson.Indent gives\n%s", name, got.Bytes(), want)
	}
}

func TestWriteMatchesJSONIndent(t *testing.T) {
	cases := map[string]any{
		"empty object":        map[string]any{},
		"empty array":         []any{},
		"nested empties":      map[string]any{"a": []any{}, "b": map[string]any{}, "c": []any{[]any{}, map[string]any{}}},
		"scalars":             []any{1, -2.5e-7, true, false, nil, "s", 1e21},
		"escapes in strings":  map[string]any{`k"ey\`: `va"l\ue{}[],:` + "\n\t\u2028", "x": `\`, "y": `\\"`},
		"html escaped":        map[string]any{"h": "<script>&</script>"},
		"unicode":             []any{"日本語", "\x7f", "emoji 😀"},
		"deep":                []any{[]any{[]any{[]any{map[string]any{"a": []any{1, 2, map[string]any{"b": nil}}}}}}},
		"string of brackets":  "{[,:]}",
		"top-level number":    42,
		"top-level null":      nil,
		"object in array":     []any{map[string]any{"a": 1}, map[string]any{"b": []any{"c"}}},
		"long numbers":        []any{json.Number("12345678901234567890"), json.Number("-0.000001")},
		"keys needing quotes": map[string]any{"": 1, " ": 2, ":": 3, ",": 4},
	}
	for name, v := range cases {
		check(t, name, v)
	}
}

// Random values of every shape, as reports are (maps, slices, strings
// with quotes, backslashes and brackets).
func TestWriteMatchesJSONIndentRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", `"`, `\`, "{", "}", "[", "]", ",", ":", " ", "\n", "é", "<", "\u2028", "0", "-"}
	str := func() string {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		return b.String()
	}
	var value func(depth int) any
	value = func(depth int) any {
		switch k := r.IntN(8); {
		case depth > 4 || k < 3:
			switch r.IntN(4) {
			case 0:
				return str()
			case 1:
				return r.NormFloat64() * 1e6
			case 2:
				return r.IntN(2) == 0
			}
			return nil
		case k < 5:
			out := make([]any, r.IntN(4))
			for i := range out {
				out[i] = value(depth + 1)
			}
			return out
		default:
			out := map[string]any{}
			for range r.IntN(4) {
				out[str()] = value(depth + 1)
			}
			return out
		}
	}
	for i := range 2000 {
		v := value(0)
		if _, ok := v.(string); ok && i%2 == 0 {
			v = []any{v}
		}
		check(t, "random", v)
	}
}

// The golden reports of the CLI, which are json.Indent output: compacted
// and indented again they must come out the same.
func TestWriteMatchesGoldenReports(t *testing.T) {
	files, err := filepath.Glob("../cli/testdata/golden/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no golden reports found")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, data); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var got bytes.Buffer
		if err := indentAll(&got, compact.Bytes(), "  "); err != nil {
			t.Fatal(err)
		}
		if want := indentLikeStdlib(t, compact.Bytes()); !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: indented report differs from json.Indent", f)
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	var items []any
	for i := range 20000 {
		items = append(items, map[string]any{"rule_id": "NHI-001", "address": "module.team[\"t\"].aws_iam_user.svc", "n": i, "related": []string{"a", "b"}, "empty": []any{}})
	}
	compact, _ := json.Marshal(map[string]any{"findings": items})
	b.SetBytes(int64(len(compact)))
	b.Run("jsonindent", func(b *testing.B) {
		for b.Loop() {
			_ = indentAll(discard{}, compact, "  ")
		}
	})
	b.Run("json.Indent", func(b *testing.B) {
		for b.Loop() {
			var out bytes.Buffer
			_ = json.Indent(&out, compact, "", "  ")
		}
	})
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// Written in pieces split between any two tokens, the text indents as
// when written whole.
func TestIndenterPieces(t *testing.T) {
	for _, text := range []string{
		`{"findings":[],"inventory":[{"a":1,"b":[]}],"x":{}}`,
		`[[],[1],{},{"k":"v\"[{"},[[[]]]]`,
		`{"a":{"b":{"c":[]}},"d":"e"}`,
	} {
		compact := []byte(text)
		want := indentLikeStdlib(t, compact)
		// Every split point that falls between tokens.
		var cuts []int
		for i := 1; i < len(compact); i++ {
			if delimiter(compact[i-1]) && compact[i-1] != '"' || delimiter(compact[i]) && compact[i] != '"' {
				cuts = append(cuts, i)
			}
		}
		for _, cut := range cuts {
			if inString(compact, cut) {
				continue
			}
			var got bytes.Buffer
			x := NewIndenter(&got, "  ")
			x.Write(compact[:cut])
			x.Write(compact[cut:])
			if err := x.Flush(); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%s cut at %d: got\n%s\nwant\n%s", text, cut, got.Bytes(), want)
			}
		}
	}
}

// inString reports whether offset i of compact JSON is inside a string.
func inString(b []byte, i int) bool {
	in := false
	for j := 0; j < i; j++ {
		switch {
		case in && b[j] == '\\':
			j++
		case b[j] == '"':
			in = !in
		}
	}
	return in
}
