package formatter

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestInert(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"aws_iam_user.ok", "aws_iam_user.ok"},
		{"é ünïcode ✓", "é ünïcode ✓"},
		{"a\x1b[31mb", `a\u001b[31mb`},
		{"a\nb\rc", `a\u000ab\u000dc`},
		{"a\u2028b\u2029c\u0085d", `a\u2028b\u2029c\u0085d`},
		{"a\u202eb\u2066c\u200fd\u061ce", `a\u202eb\u2066c\u200fd\u061ce`},
		{"a\xffb", `a\xffb`},
		{"x ##[add-mask]y", `x ##\u005badd-mask]y`},
		{"###[error]y", `###\u005berror]y`},
		{"#[x] #[", "#[x] #["},
		{"##", "##"},
	} {
		if got := Inert(c.in); got != c.want {
			t.Errorf("Inert(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNotACommand(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"aws_iam_user.x", "aws_iam_user.x"},
		{"::error::x", `\u003a:error::x`},
		{"  \t::warning::x", "  \t" + `\u003a:warning::x`},
		{"\u00a0::notice::x", "\u00a0" + `\u003a:notice::x`},
		{"a ::error::x", "a ::error::x"},
		{":x", ":x"},
	} {
		if got := NotACommand(c.in); got != c.want {
			t.Errorf("NotACommand(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// SafeJSON escapes what is raw-but-not-inert in JSON text, and the JSON
// still decodes to exactly the same values.
func TestSafeJSON(t *testing.T) {
	t.Parallel()
	values := []string{
		"plain", "a\u202eb", "\u2066x\u2069", "del\x7f", "c1\u0085\u009b", "ls\u2028ps\u2029",
		"##[set-output name=x]y", "#[ok]", "[##]", "emoji ✓ é", "\x1b[31m", "<&>",
	}
	raw, err := json.Marshal(map[string]any{"v": values, "##": []string{"x"}, "k\u202e": 1})
	if err != nil {
		t.Fatal(err)
	}
	safe := SafeJSON(raw)
	for _, bad := range []string{"\u202e", "\u2066", "\u2069", "\x7f", "\u0085", "\u009b", "\u2028", "\u2029", "##[", "\x1b"} {
		if strings.Contains(string(safe), bad) {
			t.Errorf("SafeJSON left %q raw: %s", bad, safe)
		}
	}
	var before, after any
	if err := json.Unmarshal(raw, &before); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(safe, &after); err != nil {
		t.Fatalf("SafeJSON broke the JSON: %v\n%s", err, safe)
	}
	b1, _ := json.Marshal(before)
	b2, _ := json.Marshal(after)
	if string(b1) != string(b2) {
		t.Errorf("values changed:\n%s\n%s", b1, b2)
	}
	if plain := []byte(`{"a":"b"}`); &SafeJSON(plain)[0] != &plain[0] {
		t.Error("clean JSON is copied")
	}
}

// SARIF plain text messages turn [text](target) into embedded links;
// literal brackets are escaped as SARIF 2.1.0 requires.
func TestSARIFText(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"no brackets", "no brackets"},
		{"module.a[0].x", `module.a\[0\].x`},
		{"[click](https://evil.example)", `\[click\](https://evil.example)`},
		{`a\[b`, `a\\\[b`},
		{`a\b`, `a\b`},
		{"x\n[y]", `x\u000a\[y\]`},
	} {
		if got := sarifText(c.in); got != c.want {
			t.Errorf("sarifText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// GH-123 is an issue reference on GitHub, like #123.
func TestMarkdownGHReference(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"GH-12", "GH" + zwsp + "-12"},
		{"see gh-7.", "see gh" + zwsp + "-7."},
		{"GH-x GHz", "GH-x GHz"},
	} {
		if got := mdText(c.in); got != c.want {
			t.Errorf("mdText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
