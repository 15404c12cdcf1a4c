// Package formatter renders a report in each output format. Every format
// is a function writing to an io.Writer; unknown names are rejected while
// flags are parsed. Output order is deterministic.
package formatter

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/jsonindent"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// Options tune a formatter.
type Options struct {
	// Color enables ANSI colour (text only; callers decide from the terminal and NO_COLOR).
	Color bool
	// SourceRoot prefixes locations in formats that need repository paths.
	SourceRoot string
	// PlanURI is where formats that need a file for every result (SARIF,
	// GitLab Code Quality) anchor findings without a source location: the
	// plan's repository-relative path, or its name. Default "plan.json".
	PlanURI string
	// MarkdownLimit caps the markdown output in bytes (default 65,536, a
	// GitHub comment's limit); tests lower it.
	MarkdownLimit int
	// SARIFLimit caps the results of the SARIF run (default 25,000,
	// GitHubSARIFResultLimit); tests lower it.
	SARIFLimit int
}

// Func renders a report.
type Func func(w io.Writer, r *report.Report, o Options) error

var formats = map[string]Func{
	"text": Text,
	"json": JSON,
}

// Register adds a format (used by the files defining each format).
func register(name string, f Func) { formats[name] = f }

// Lookup returns a format by name.
func Lookup(name string) (Func, bool) {
	f, ok := formats[name]
	return f, ok
}

// Names lists the formats, sorted.
func Names() []string {
	out := make([]string, 0, len(formats))
	for n := range formats {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// JSON writes the schema-version-1 report (through SafeJSON), indented,
// element by element: a large plan's report is never held whole as text.
func JSON(w io.Writer, r *report.Report, _ Options) error {
	if err := writeReportJSON(w, r); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// writeIndented writes the compact JSON that encode writes, made inert
// (SafeJSON) and indented by two spaces, then tail. SafeJSON only rewrites
// runes inside strings and indenting only adds whitespace between tokens,
// so the order does not matter; compact text is the smaller one to scan.
// encode's writes must split the text between tokens only.
func writeIndented(w io.Writer, encode func(io.Writer) error, tail string) error {
	x := jsonindent.NewIndenter(w, "  ")
	if err := encode(safeWriter{x}); err != nil {
		return err
	}
	if err := x.Flush(); err != nil {
		return err
	}
	_, err := io.WriteString(w, tail)
	return err
}

// safeWriter passes JSON text through SafeJSON. Each write must hold whole
// strings, as pieces split between tokens do.
type safeWriter struct{ w io.Writer }

func (s safeWriter) Write(p []byte) (int, error) {
	if _, err := s.w.Write(SafeJSON(p)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Inert makes text from a plan safe to print on a terminal or in a log:
// control characters (ANSI escapes, carriage returns, newlines), line
// separators, bidi controls and invalid UTF-8 become visible escapes, so
// a crafted resource name cannot rewrite the screen or forge lines; and
// the '[' of "##[" becomes \u005b, because the GitHub Actions runner reads
// "##[command]" anywhere in a line of a step's output as a workflow
// command (add-mask, stop-commands, set-output, error, ...).
func Inert(s string) string {
	clean := !strings.Contains(s, legacyCommand)
	for i := 0; clean && i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c >= 0x80 {
			clean = false
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r):
			fmt.Fprintf(&b, `\u%04x`, r)
		case r == '[' && strings.HasSuffix(s[:i], "##"):
			b.WriteString(`\u005b`)
		default:
			b.WriteRune(r)
		}
		i += n
	}
	return b.String()
}

// legacyCommand starts a workflow command of the GitHub Actions runner's
// first syntax, which it recognises anywhere in a line.
const legacyCommand = "##["

// NotACommand keeps a line that starts with text from a plan from being a
// workflow command of the runner's second syntax ("::name::", recognised
// at the start of a line after leading white space): the first ':' of a
// leading "::" becomes \u003a. Apply it to Inert text that begins a line.
func NotACommand(s string) string {
	t := strings.TrimLeftFunc(s, unicode.IsSpace)
	if !strings.HasPrefix(t, "::") {
		return s
	}
	at := len(s) - len(t)
	return s[:at] + `\u003a` + s[at+1:]
}
