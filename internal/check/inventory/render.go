package inventory

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report/formatter"
)

// Formats are the register's output formats.
var Formats = []string{"csv", "json", "markdown"}

// Write renders a register in a format.
func Write(w io.Writer, reg *Register, format string) error {
	switch format {
	case "json":
		return writeJSON(w, reg)
	case "csv":
		return writeCSV(w, reg)
	case "markdown":
		return writeMarkdown(w, reg)
	}
	return fmt.Errorf("unknown inventory format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

// WriteDiff renders a diff in a format.
func WriteDiff(w io.Writer, d *Diff, format string) error {
	switch format {
	case "json":
		return writeJSON(w, diffJSON{Old: d.Old, New: d.New, Added: d.Added, Removed: d.Removed, OwnerChanged: d.OwnerChanged, Widened: d.Widened})
	case "csv":
		return writeDiffCSV(w, d)
	case "markdown":
		return writeDiffMarkdown(w, d)
	}
	return fmt.Errorf("unknown inventory format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

type diffJSON struct {
	Old          string   `json:"old"`
	New          string   `json:"new"`
	Added        []Entry  `json:"added"`
	Removed      []Entry  `json:"removed"`
	OwnerChanged []Change `json:"owner_changed"`
	Widened      []Change `json:"privilege_widened"`
}

// writeJSON writes indented JSON made inert on a screen (formatter.SafeJSON).
func writeJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(formatter.SafeJSON(b.Bytes()))
	return err
}

// Columns are the register's CSV header.
var Columns = []string{"address", "resource_type", "kind", "class", "owner", "owner_source", "rotation", "lifetime", "privilege", "chain", "environment", "findings", "action"}

func (e Entry) row() []string {
	return []string{e.Address, e.ResourceType, e.Kind, e.Class, e.Owner, e.OwnerSource, e.Rotation, e.Lifetime,
		e.Privilege, strings.Join(e.Chain, " "), e.Environment, strings.Join(e.Findings, " "), e.Action}
}

// writeCSV writes RFC 4180 CSV (CRLF, quoted where needed) with every
// cell guarded against formula injection.
func writeCSV(w io.Writer, reg *Register) error {
	cw := newCSV(w)
	cw.Write(Columns)
	for _, e := range reg.Entries {
		cw.Write(guardRow(e.row()))
	}
	cw.Flush()
	return cw.Error()
}

func writeDiffCSV(w io.Writer, d *Diff) error {
	cw := newCSV(w)
	cw.Write([]string{"change", "address", "kind", "old", "new", "detail"})
	for _, e := range d.Added {
		cw.Write(guardRow([]string{"added", e.Address, e.Kind, "", fmt.Sprintf("owner=%s privilege=%s", e.Owner, e.Privilege), ""}))
	}
	for _, e := range d.Removed {
		cw.Write(guardRow([]string{"removed", e.Address, e.Kind, fmt.Sprintf("owner=%s privilege=%s", e.Owner, e.Privilege), "", ""}))
	}
	for _, c := range d.OwnerChanged {
		cw.Write(guardRow([]string{"owner_changed", c.Address, "", c.Old, c.New, c.Detail}))
	}
	for _, c := range d.Widened {
		cw.Write(guardRow([]string{"privilege_widened", c.Address, "", c.Old, c.New, c.Detail}))
	}
	cw.Flush()
	return cw.Error()
}

func newCSV(w io.Writer) *csv.Writer {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return cw
}

func guardRow(row []string) []string {
	for i, c := range row {
		row[i] = CSVCell(c)
	}
	return row
}

// CSVCell makes a cell from the plan inert: control characters, bidi
// controls and line separators become visible escapes (formatter.Inert),
// and a value a spreadsheet would read as a formula (starting with =, +,
// -, @, tab or CR, or their full-width forms) gets a leading apostrophe,
// which spreadsheets show as text; so does one starting with "::", which
// at the start of a line printed in a GitHub Actions log would be a
// workflow command.
func CSVCell(s string) string {
	s = formatter.Inert(s)
	if s != "" && (strings.IndexByte("=+-@\t\r", s[0]) >= 0 || startsFullWidthFormula(s) || formatter.NotACommand(s) != s) {
		return "'" + s
	}
	return s
}

// startsFullWidthFormula: some spreadsheets read the full-width forms of
// = + - @ as their ASCII originals.
func startsFullWidthFormula(s string) bool {
	for _, p := range []string{"\uff1d", "\uff0b", "\uff0d", "\uff20"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func writeMarkdown(w io.Writer, reg *Register) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## Machine identity register\n\n%d identities and %d credentials managed by this plan", reg.Summary.Identities, reg.Summary.Credentials)
	if reg.Plan.TerraformVersion != "" {
		fmt.Fprintf(&b, " (Terraform %s)", formatter.MarkdownText(reg.Plan.TerraformVersion))
	}
	b.WriteString(".\n\n")
	if len(reg.Entries) == 0 {
		_, err := io.WriteString(w, b.String())
		return err
	}
	b.WriteString("| Address | Type | Kind | Owner | Owner source | Rotation | Lifetime | Privilege | Environment | Findings | Action |\n")
	b.WriteString("|:--|:--|:--|:--|:--|:--|:--|:--|:--|:--|:--|\n")
	for _, e := range reg.Entries {
		priv := cell(e.Privilege)
		if len(e.Chain) > 0 {
			priv += " via " + strings.Join(mapStrings(e.Chain, formatter.MarkdownCode), ", ")
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			formatter.MarkdownCode(e.Address), cell(e.ResourceType), cell(e.Kind), cell(e.Owner), cell(e.OwnerSource),
			cell(e.Rotation), cell(e.Lifetime), priv, cell(e.Environment), cell(strings.Join(e.Findings, ", ")), cell(e.Action))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// cell is a table cell from the plan: escaped text, "–" when empty.
func cell(s string) string {
	if s == "" {
		return "–"
	}
	return formatter.MarkdownText(s)
}

func mapStrings(in []string, f func(string) string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = f(s)
	}
	return out
}

func writeDiffMarkdown(w io.Writer, d *Diff) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## Machine identity changes\n\n%s → %s\n\n", formatter.MarkdownCode(d.Old), formatter.MarkdownCode(d.New))
	if d.Empty() {
		b.WriteString("No identity or credential was added, removed, given a new owner or more privilege.\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	entries := func(title string, es []Entry) {
		if len(es) == 0 {
			return
		}
		fmt.Fprintf(&b, "### %s (%d)\n\n| Address | Kind | Owner | Privilege |\n|:--|:--|:--|:--|\n", title, len(es))
		for _, e := range es {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", formatter.MarkdownCode(e.Address), cell(e.Kind), cell(e.Owner), cell(e.Privilege))
		}
		b.WriteString("\n")
	}
	changes := func(title, what string, cs []Change) {
		if len(cs) == 0 {
			return
		}
		fmt.Fprintf(&b, "### %s (%d)\n\n| Address | Old %s | New %s | |\n|:--|:--|:--|:--|\n", title, len(cs), what, what)
		for _, c := range cs {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", formatter.MarkdownCode(c.Address), cell(c.Old), cell(c.New), cell(c.Detail))
		}
		b.WriteString("\n")
	}
	entries("Added", d.Added)
	entries("Removed", d.Removed)
	changes("Owner changed", "owner", d.OwnerChanged)
	changes("Privilege widened", "privilege", d.Widened)
	_, err := io.WriteString(w, b.String())
	return err
}
