package formattest

import (
	"strings"
	"testing"
)

func TestStripCodeSpans(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"plain":                       "plain",
		"a `code` b":                  "a  b",
		"a ``co`de`` b":               "a  b",
		"a ``x` b":                    "a ``x` b",             // no closing run of two
		"a `x`` b` c":                 "a  c",                 // a run of two does not close one
		`a \` + "`not code` b":        `a \` + "`not code` b", // the escaped one is literal; the other has no closer
		"`one` and `two`":             " and ",
		"trailing `":                  "trailing `",
		"`<b>` **bold** `|` | cell |": " **bold**  | cell |",
	} {
		if got := StripCodeSpans(in); got != want {
			t.Errorf("StripCodeSpans(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidSARIF(t *testing.T) {
	t.Parallel()
	good := `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"nhiguard"}},"results":[{"message":{"text":"m"},"level":"error"}]}]}`
	if err := ValidSARIF(good); err != nil {
		t.Fatalf("a minimal log: %v", err)
	}
	for name, bad := range map[string]string{
		"not JSON":        `{"version":`,
		"unknown level":   strings.Replace(good, `"error"`, `"fatal"`, 1),
		"no tool":         `{"version":"2.1.0","runs":[{"results":[]}]}`,
		"unknown version": strings.Replace(good, `"2.1.0"`, `"3.0"`, 1),
	} {
		if ValidSARIF(bad) == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
