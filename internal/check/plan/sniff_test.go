package plan

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
)

// counting yields its pattern forever, like `yes`, and counts what it gave.
type counting struct {
	pattern string
	n       int
}

func (c *counting) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = c.pattern[(c.n+i)%len(c.pattern)]
	}
	c.n += len(p)
	return len(p), nil
}

// TestEndlessGarbageRefusedFromItsStart: a stream that cannot be JSON is
// refused from its first bytes, not read up to the size bound (`yes |
// nhiguard check -` read and spooled 2 GiB); one that may be JSON is still
// read up to the bound.
func TestEndlessGarbageRefusedFromItsStart(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, pattern, want string
		refusedEarly        bool
	}{
		{"yes", "y\n", "plan input is not JSON", true},
		{"zeros", "\x00", "plan input is not JSON", true},
		{"random bytes", "\x8f\x03\xfe\x11", "plan input is not valid UTF-8 (at byte 0)", true},
		{"text, then bytes", "Plan: 1 to add\xff", "plan input is not valid UTF-8 (at byte 14)", true},
		{"byte order mark, then text", "\xef\xbb\xbfy\n", "plan input is not JSON", true},
		{"whitespace", " \n", "exceeds the 1 MiB limit", false},
		{"a JSON array", "[", "exceeds the 1 MiB limit", false},
	} {
		for _, spool := range []bool{false, true} {
			in := &counting{pattern: tc.pattern}
			_, err := Load(context.Background(), "-", in, Options{MaxBytes: 1 << 20, Spool: spool})
			wantInputError(t, tc.name, err, tc.want)
			if early := in.n <= sniffLen+1; early != tc.refusedEarly {
				t.Errorf("%s (spool %v): read %d bytes before refusing; refused from the start: %v, want %v", tc.name, spool, in.n, early, tc.refusedEarly)
			}
		}
	}
}

// TestStreamRefusalIsTheWholeInputs: input refused from its start when
// read once gets the message the whole of it gets, whatever lies past the
// start, around the bound a character straddles, and after a byte order
// mark.
func TestStreamRefusalIsTheWholeInputs(t *testing.T) {
	t.Parallel()
	text := func(n int) string { return strings.Repeat("y\n", n/2+1)[:n] }
	for _, tc := range []struct{ name, data string }{
		{"text", text(3 * sniffLen)},
		{"invalid UTF-8 at the start", "Plan:\xff" + text(2*sniffLen)},
		{"invalid UTF-8 past the start", text(sniffLen+10) + "\xff" + text(100)},
		{"a character cut by the bound", text(sniffLen-1) + "é" + text(100)},
		{"an invalid sequence cut by the bound", text(sniffLen-1) + "\xc3y" + text(100)},
		{"invalid UTF-8 just inside the bound", text(sniffLen-2) + "\xc3y" + text(100)},
		{"mark, then invalid UTF-8", "\xef\xbb\xbf" + text(sniffLen-4) + "\xff" + text(100)},
		{"mark, then invalid UTF-8 past the start", "\xef\xbb\xbf" + text(sniffLen-3) + "\xff" + text(100)},
		{"whitespace past the start, then text", strings.Repeat(" ", 2*sniffLen) + "y"},
		{"exactly the start", text(sniffLen)},
		{"short", "Terraform will perform the following actions:\xff"},
		{"not quite a binary plan", "PKZIP" + text(2*sniffLen)},
		{"UTF-16 text", "T\x00e\x00" + text(2*sniffLen)},
	} {
		_, whole := Parse([]byte(tc.data), Options{})
		_, streamed := Load(context.Background(), "-", io.MultiReader(strings.NewReader(tc.data)), Options{})
		if whole == nil || streamed == nil {
			t.Errorf("%s: parsed: %v, streamed: %v; want both refused", tc.name, whole, streamed)
			continue
		}
		if whole.Error() != streamed.Error() {
			t.Errorf("%s: streamed %q, whole %q", tc.name, streamed, whole)
		}
	}
	// Where the bound falls decides what is named: the same input read
	// whole and streamed says the same, and no more than its start shows.
	late := text(sniffLen+10) + "\xff"
	_, err := Load(context.Background(), "-", bytes.NewReader([]byte(late)), Options{})
	wantInputError(t, "invalid UTF-8 past the start", err, "plan input is not JSON")
}

// TestNotJSONSaysWhatTheInputLooksLike: the shapes users pass by mistake
// (terraform plan's text, a .tf or .tfvars file, a wrapper's logs before
// the JSON) are named, with what to give instead, and the message never
// quotes the input: a .tfvars line may hold a password.
func TestNotJSONSaysWhatTheInputLooksLike(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, input, want string }{
		{"plan text", "Terraform used the selected providers to generate the following execution\nplan.", "text output of `terraform plan`"},
		{"plan text in colour", "\x1b[0m\x1b[1mTerraform will perform the following actions:\x1b[0m\n", "text output of `terraform plan`"},
		{"no changes", "\nNo changes. Your infrastructure matches the configuration.\n", "text output of `terraform plan`"},
		{"configuration", "resource \"aws_iam_user\" \"ci\" {\n  name = \"ci\"\n}\n", "Terraform configuration (.tf)"},
		{"variables", "db_password = \"hunter2-secret\"\n", "variables file (.tfvars)"},
		{"logfmt", "time=2026-12-01T10:00:00Z level=info msg=\"planning\" token=hunter2-secret\n{}", "starts with a log line"},
		{"timestamped", "2026/12/01 10:00:00 [INFO] running terraform\n{}", "starts with a log line"},
		{"bracketed level", "[INFO] Terraform version: 1.11.4\n", "starts with a log line"},
		{"anything else", "y\n", "plan input is not JSON: give nhiguard the output of `terraform show -json PLANFILE`"},
	} {
		for _, stream := range []bool{false, true} {
			var err error
			if stream {
				_, err = Load(context.Background(), "-", strings.NewReader(tc.input), Options{MaxBytes: 1 << 20})
			} else {
				_, err = Parse([]byte(tc.input), Options{})
			}
			wantInputError(t, tc.name, err, tc.want)
			if err != nil && (strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "ci\"")) {
				t.Errorf("%s: the message quotes the input: %v", tc.name, err)
			}
		}
	}
}
