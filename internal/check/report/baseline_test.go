package report

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestBaselineRoundTrip(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	waived := "nhi_exception.x"
	fs := []*Finding{
		{Rule: "NHI-002", Address: "aws_iam_access_key.b", Severity: High},
		{Rule: "NHI-001", Address: "aws_iam_access_key.b", Severity: Medium},
		{Rule: "NHI-001", Address: "aws_iam_access_key.b", Severity: Critical, Message: "same rule and address twice"},
		{Rule: "NHI-004", Address: "aws_iam_user.a", Severity: Critical},
		{Rule: "NHI-005", Address: "aws_iam_user.w", Severity: High, WaivedBy: &waived},
		{Rule: "NHI-002", Address: `module.m["a*b"].aws_iam_access_key.k`, Severity: High},
	}
	b := NewBaseline(fs, now, now.AddDate(0, 0, 90), "", "1.0.0")
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		t.Fatal(err)
	}
	ex, err := ParseBaseline(buf.Bytes(), "/repo/nhiguard-baseline.json")
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	// Waived findings are not accepted again; duplicates collapse, keeping the highest severity.
	if len(ex) != 4 {
		t.Fatalf("%d entries, want 4:\n%s", len(ex), buf.String())
	}
	if b.Entries[0].Rule != "NHI-001" || b.Entries[0].Severity != "critical" {
		t.Errorf("entry %+v, want NHI-001 critical", b.Entries[0])
	}
	lines := strings.Split(buf.String(), "\n")
	for i, e := range ex {
		// The ID names the file and the line where the entry starts.
		var line int
		if _, err := fmt.Sscanf(e.ID, "nhiguard-baseline.json:%d", &line); err != nil || line < 1 || line > len(lines) || strings.TrimSpace(lines[line-1]) != "{" {
			t.Errorf("entry %d: ID %q does not point at its opening brace", i, e.ID)
		}
		if !e.Exact || e.Reason != DefaultBaselineReason || e.Approver != "baseline" || !e.ExpiresAt.Equal(now.AddDate(0, 0, 90)) {
			t.Errorf("entry %d: %+v", i, e)
		}
	}
	// Entries match their own rule and address exactly, never as patterns.
	star := ex[3]
	if !star.Covers(&Finding{Rule: "NHI-002", Address: `module.m["a*b"].aws_iam_access_key.k`}) ||
		star.Covers(&Finding{Rule: "NHI-002", Address: `module.m["aXXb"].aws_iam_access_key.k`}) ||
		star.Covers(&Finding{Rule: "NHI-001", Address: `module.m["a*b"].aws_iam_access_key.k`}) {
		t.Error("a baseline entry matches by pattern or ignores the rule")
	}
	// Waive names the entry; once expired, it waives nothing.
	f := &Finding{Rule: "NHI-004", Address: "aws_iam_user.a"}
	Waive([]*Finding{f}, ex, now)
	if f.WaivedBy == nil || !strings.HasPrefix(*f.WaivedBy, "nhiguard-baseline.json:") {
		t.Errorf("waived_by %v", f.WaivedBy)
	}
	g := &Finding{Rule: "NHI-004", Address: "aws_iam_user.a"}
	Waive([]*Finding{g}, ex, now.AddDate(0, 0, 91))
	if g.WaivedBy != nil {
		t.Error("an expired baseline entry still waives")
	}
}

func TestParseBaselineErrors(t *testing.T) {
	t.Parallel()
	entry := func(fields string) string {
		return "{\n  \"nhiguard_baseline\": 1,\n  \"entries\": [\n    {" + fields + "}\n  ]\n}\n"
	}
	good := `"rule": "NHI-002", "address": "aws_iam_access_key.k", "expires_at": "2027-01-01T00:00:00Z"`
	cases := []struct{ name, data, want string }{
		{"empty", "", "empty or cut short"},
		{"not json", "rule,address\n", "not valid JSON"},
		{"array", "[]", "want a JSON object"},
		{"cut short", `{"nhiguard_baseline": 1, "entries": [`, "cut short"},
		{"no version", `{"entries": []}`, "nhiguard_baseline is 0"},
		{"wrong version", `{"nhiguard_baseline": 2, "entries": []}`, "nhiguard_baseline is 2"},
		{"no entries", `{"nhiguard_baseline": 1}`, "no entries list"},
		{"entries not a list", `{"nhiguard_baseline": 1, "entries": {}}`, "entries must be a list"},
		{"unknown key", `{"nhiguard_baseline": 1, "entries": [], "extra": 1}`, `unknown key "extra"`},
		{"a check report", `{"version": 1, "findings": []}`, `unknown key "version"`},
		{"bad rule", entry(`"rule": "NHI-2", "address": "a.b", "expires_at": "2027-01-01"`), `:4: rule "NHI-2"`},
		{"no address", entry(`"rule": "NHI-002", "expires_at": "2027-01-01"`), ":4: entry has no address"},
		{"no expiry", entry(`"rule": "NHI-002", "address": "a.b"`), ":4: entry has no expires_at"},
		{"bad expiry", entry(`"rule": "NHI-002", "address": "a.b", "expires_at": "soon"`), `:4: expires_at "soon"`},
		{"typo", entry(good + `, "expires": "2027-01-01"`), `:4: unknown field "expires"`},
		{"wrong type", entry(`"rule": 2, "address": "a.b", "expires_at": "2027-01-01"`), ":4:"},
		{"edited address", entry(good + `, "fingerprint": "` + Fingerprint("NHI-002", "aws_iam_access_key.other") + `"`), ":4: fingerprint does not match"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseBaseline([]byte(c.data), "ci/baseline.json")
			var be *BaselineError
			if !errors.As(err, &be) {
				t.Fatalf("err %v, want a BaselineError", err)
			}
			if !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "baseline ci/baseline.json") || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q, want one line naming the file and containing %q", err, c.want)
			}
		})
	}
	ex, err := ParseBaseline([]byte(entry(good+`, "fingerprint": "`+Fingerprint("NHI-002", "aws_iam_access_key.k")+`"`)), "b.json")
	if err != nil || len(ex) != 1 || ex[0].ID != "b.json:4" {
		t.Errorf("valid entry: %v %+v", err, ex)
	}
}
