package inventory

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

func TestCSVCell(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"team-web", "team-web"},
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"+1", "'+1"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", `\u0009x`},
		{"\rx", `\u000dx`},
		{"\x1b[31mred", `\u001b[31mred`},
		{"a\u202eb", `a\u202eb`},
		{"::error::x", "'::error::x"},
		{" ::warning::x", "' ::warning::x"},
		{"a ##[add-mask]b", `a ##\u005badd-mask]b`},
		{"\uff1dcmd", "'\uff1dcmd"},
		{"", ""},
		{"a=b", "a=b"},
	}
	for _, c := range cases {
		if got := CSVCell(c.in); got != c.want {
			t.Errorf("CSVCell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func reg(entries ...Entry) *Register {
	r := &Register{Kind: Kind, Version: Version, Entries: entries}
	return r
}

// The CSV is RFC 4180 (CRLF, quoted fields) and every cell a spreadsheet
// could run as a formula is defused, whatever the plan names things.
func TestCSVIsSafeAndParses(t *testing.T) {
	t.Parallel()
	hostile := Entry{Address: `aws_iam_user.x["=cmd|' /C calc'!A0"]`, ResourceType: "aws_iam_user", Kind: "service_account",
		Class: "identity", Owner: "@evil,\"team\"\nnext", OwnerSource: "tag", Rotation: "n/a", Privilege: "admin",
		Chain: []string{"-aws_iam_group.admins"}, Findings: []string{"NHI-001", "NHI-004"}, Action: "create"}
	var b bytes.Buffer
	if err := Write(&b, reg(hostile, Entry{Address: "aws_iam_user.ok", Owner: "team-web"}), "csv"); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasSuffix(out, "\r\n") || strings.Count(out, "\r\n") < 3 {
		t.Errorf("not CRLF-terminated: %q", out)
	}
	r := csv.NewReader(strings.NewReader(out))
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("not valid CSV: %v", err)
	}
	if len(rows) != 3 || strings.Join(rows[0], ",") != strings.Join(Columns, ",") {
		t.Fatalf("rows %q", rows)
	}
	for _, row := range rows[1:] {
		if len(row) != len(Columns) {
			t.Errorf("row of %d cells: %q", len(row), row)
		}
		for _, cell := range row {
			if cell != "" && strings.IndexByte("=+-@\t\r", cell[0]) >= 0 {
				t.Errorf("cell %q can run as a formula", cell)
			}
		}
	}
	if rows[1][4] != `'@evil,"team"\u000anext` || rows[1][9] != "'-aws_iam_group.admins" || rows[1][11] != "NHI-001 NHI-004" {
		t.Errorf("row %q", rows[1])
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	in := FromReport(&report.Report{Tool: report.Tool{Name: "nhiguard", Version: "dev"}, Inventory: []report.InventoryEntry{
		{Address: "b", Class: "credential", Findings: []string{"NHI-002", "NHI-001", "NHI-002"}},
		{Address: "a", Class: "identity"},
	}})
	if in.Summary.Identities != 1 || in.Summary.Credentials != 1 || in.Entries[0].Address != "a" || strings.Join(in.Entries[1].Findings, ",") != "NHI-001,NHI-002" {
		t.Fatalf("register %+v", in)
	}
	Write(&b, in, "json")
	got, ok, err := Parse(b.Bytes())
	if !ok || err != nil || len(got.Entries) != 2 || got.Entries[0].Chain == nil {
		t.Fatalf("round trip: %v %v %+v", ok, err, got)
	}
	for _, c := range []struct {
		data   string
		ok     bool
		errHas string
	}{
		{`{"format_version": "1.2", "resource_changes": []}`, false, ""},
		{`not json`, false, ""},
		{`{"kind": "nhiguard-inventory", "version": 2, "entries": []}`, true, "version 2"},
		{`{"kind": "nhiguard-inventory", "version": 1, "entries": [{"address": ""}]}`, true, "no address"},
		{`{"kind": "nhiguard-inventory", "version": 1, "entries": [{"address": "a"}, {"address": "a"}]}`, true, "twice"},
		{`{"kind": "nhiguard-inventory", "version": 1, "entries": [], "bogus": 1}`, true, "unknown field"},
	} {
		_, ok, err := Parse([]byte(c.data))
		if ok != c.ok || (c.errHas == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.errHas)) {
			t.Errorf("Parse(%s) = %v, %v; want %v, %q", c.data, ok, err, c.ok, c.errHas)
		}
	}
}

func TestCompare(t *testing.T) {
	t.Parallel()
	old := reg(
		Entry{Address: "keep", Owner: "team-a", Privilege: "read"},
		Entry{Address: "gone", Owner: "team-a", Privilege: "write"},
		Entry{Address: "reowned", Owner: "team-a", Privilege: "write"},
		Entry{Address: "orphaned", Owner: "team-a", Privilege: "none"},
		Entry{Address: "widened", Owner: "team-b", Privilege: "write"},
		Entry{Address: "narrowed", Owner: "team-b", Privilege: "admin"},
		Entry{Address: "unknown", Owner: "team-b", Privilege: "unknown"},
	)
	cur := reg(
		Entry{Address: "keep", Owner: "team-a", Privilege: "read"},
		Entry{Address: "new", Owner: "", Privilege: "admin"},
		Entry{Address: "reowned", Owner: "team-c", OwnerSource: "nhi_identity", Privilege: "write"},
		Entry{Address: "orphaned", Owner: "", OwnerSource: "none", Privilege: "none"},
		Entry{Address: "widened", Owner: "team-b", Privilege: "permissions-management", Chain: []string{"aws_iam_policy.p"}},
		Entry{Address: "narrowed", Owner: "team-b", Privilege: "read"},
		Entry{Address: "unknown", Owner: "team-b", Privilege: "admin"},
	)
	d := Compare(old, cur, "old.json", "new.json")
	names := func(es []Entry) string {
		var s []string
		for _, e := range es {
			s = append(s, e.Address)
		}
		return strings.Join(s, ",")
	}
	changes := func(cs []Change) string {
		var s []string
		for _, c := range cs {
			s = append(s, c.Address+":"+c.Old+">"+c.New)
		}
		return strings.Join(s, ",")
	}
	if got := names(d.Added); got != "new" {
		t.Errorf("added %s", got)
	}
	if got := names(d.Removed); got != "gone" {
		t.Errorf("removed %s", got)
	}
	if got := changes(d.OwnerChanged); got != "orphaned:team-a>,reowned:team-a>team-c" {
		t.Errorf("owner changed %s", got)
	}
	if got := changes(d.Widened); got != "widened:write>permissions-management" || d.Widened[0].Detail != "granted by aws_iam_policy.p" {
		t.Errorf("widened %s %+v", got, d.Widened)
	}
	if Compare(old, old, "a", "a").Empty() != true || d.Empty() {
		t.Error("Empty is wrong")
	}
	order := []string{"none", "read", "write", "permissions-management", "admin"}
	for i := range order {
		for j := range order {
			if Wider(order[i], order[j]) != (j > i) {
				t.Errorf("Wider(%s, %s) = %v", order[i], order[j], !(j > i))
			}
		}
		if Wider("unknown", order[i]) || Wider(order[i], "unknown") {
			t.Errorf("unknown compares with %s", order[i])
		}
	}
	for _, f := range Formats {
		var b bytes.Buffer
		if err := WriteDiff(&b, d, f); err != nil || b.Len() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// TestIsRegister: a register is told by its "kind", wherever it comes
// among a register's keys, and a plan by its first key, without reading
// further (the rest of this one is an error).
func TestIsRegister(t *testing.T) {
	for _, c := range []struct {
		json string
		want bool
	}{
		{`{"kind":"nhiguard-inventory","version":1,"entries":[]}`, true},
		{` {"version": 1, "tool": {"name": "nhiguard"}, "kind": "nhiguard-inventory"}`, true},
		{`{"kind":"something-else"}`, false},
		{`{"version":1}`, false},
		{`{"format_version":"1.2","kind":"nhiguard-inventory"}`, false},
		{`[{"kind":"nhiguard-inventory"}]`, false},
		{`{"kind":1}`, false},
		{"PK\x03\x04 a binary plan", false},
		{``, false},
	} {
		if got := IsRegister(strings.NewReader(c.json)); got != c.want {
			t.Errorf("IsRegister(%q) = %v, want %v", c.json, got, c.want)
		}
	}
	plan := io.MultiReader(strings.NewReader(`{"format_version":"1.2","terraform_version":"1.11.4","planned_values":`), iotest.ErrReader(errors.New("read past the first key")))
	if IsRegister(plan) {
		t.Error("a plan was taken for a register")
	}
}
