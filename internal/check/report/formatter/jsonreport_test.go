package formatter

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// marshalIndentedSafe is what the JSON format writes, made the slow way:
// json.Marshal, SafeJSON, json.Indent.
func marshalIndentedSafe(t testing.TB, r *report.Report) []byte {
	t.Helper()
	compact, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := json.Indent(&out, SafeJSON(compact), "", "  "); err != nil {
		t.Fatal(err)
	}
	out.WriteByte('\n')
	return out.Bytes()
}

// hostileReport holds text of every kind JSON or SafeJSON escapes, in
// every field the report writes.
func hostileReport(s string) *report.Report {
	waiver := "exceptions." + s
	return &report.Report{
		Version: report.SchemaVersion,
		Tool:    report.Tool{Name: "nhiguard", Version: s},
		Plan:    report.PlanInfo{TerraformVersion: s, FormatVersion: "1.2"},
		Summary: report.Summary{Identities: 3, Credentials: 2, Findings: 3, Blocking: 1},
		Findings: []*report.Finding{
			{Rule: "NHI-001", Category: "unowned", Severity: report.High, Address: `module.a["` + s + `"].aws_iam_user.u`, ResourceType: "aws_iam_user", Action: "create", Introduced: true, Related: []string{}, OWASP: []string{"NHI1:2025"}, Message: s, Remediation: s + s},
			{Rule: "NHI-004", Severity: report.Critical, Address: "aws_iam_access_key.k", Related: []string{"aws_iam_user.u", s}, OWASP: []string{}, WaivedBy: &waiver, Blocking: true},
			{Rule: "NHI-009", Severity: report.Severity(9), Address: s},
		},
		Inventory: []report.InventoryEntry{
			{Address: "aws_iam_user.u", Kind: "service_account", Owner: s, OwnerSource: "tag", Rotation: "none", Privilege: "admin", Chain: []string{s, "aws_iam_group.admins"}},
			{Address: s, Chain: []string{}},
		},
	}
}

// The one-pass writer writes exactly what json.Marshal, SafeJSON and
// json.Indent make of a report, for text that each of them escapes, and
// for nil and empty lists.
func TestJSONReportMatchesMarshal(t *testing.T) {
	hostile := "<b>&amp;</b> \"q\" \\ \x00\x01\b\f\n\r\t\x1b[31m \x7f \u0085 \u2028\u2029 \u202e \u061c \u2066 ##[add-mask] #[ ##\u005b x## [ \xff\xfe \ufffd é 日本 =cmd|' /C calc'!A0 ::error::x"
	finalized := &report.Report{}
	finalized.Finalize()
	for name, r := range map[string]*report.Report{
		"hostile":         hostileReport(hostile),
		"plain":           hostileReport("team-a"),
		"nil lists":       {Version: report.SchemaVersion},
		"empty lists":     {Findings: []*report.Finding{}, Inventory: []report.InventoryEntry{}},
		"finalized empty": finalized,
	} {
		want := marshalIndentedSafe(t, r)
		var got bytes.Buffer
		if err := JSON(&got, r, Options{}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: JSON wrote\n%s\njson.Marshal, SafeJSON and json.Indent make\n%s", name, got.Bytes(), want)
		}
	}
}

// A report larger than the writer's buffer is written in pieces, and
// whole.
func TestJSONReportLarge(t *testing.T) {
	r := hostileReport("x")
	for len(r.Findings) < 2000 {
		r.Findings = append(r.Findings, r.Findings[0])
	}
	want := marshalIndentedSafe(t, r)
	var got bytes.Buffer
	writes := 0
	if err := JSON(writerFunc(func(p []byte) (int, error) { writes++; return got.Write(p) }), r, Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatal("a large report differs from json.Marshal, SafeJSON and json.Indent")
	}
	if writes < 3 {
		t.Errorf("a %d-byte report was written in %d writes, not in pieces", got.Len(), writes)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func FuzzJSONReport(f *testing.F) {
	for _, s := range []string{"", "team-a", "##[x", "#", "\xff##[", "a\u202eb", "<&>", "\x7f\u0085"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := hostileReport(s)
		want := marshalIndentedSafe(t, r)
		var got bytes.Buffer
		if err := JSON(&got, r, Options{}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Fatalf("JSON wrote\n%q\njson.Marshal, SafeJSON and json.Indent make\n%q", got.Bytes(), want)
		}
	})
}
