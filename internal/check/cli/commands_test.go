package cli

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/inventory"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/rules"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/standards"
)

// TestGoldenInventory writes the register of every fixture as CSV and
// JSON against golden files; the CSV parses as RFC 4180 with one row per
// JSON entry, and both agree with the check report's inventory.
func TestGoldenInventory(t *testing.T) {
	t.Parallel()
	for _, name := range fixtureNames(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(fixtures, name)
			tmp := t.TempDir()
			csvPath, jsonPath := filepath.Join(tmp, "r.csv"), filepath.Join(tmp, "r.json")
			out, errOut, code := run(t, dir, nil, "inventory", "plan.json", "--now", fixtureNow, "--format", "csv", "--output", csvPath, "--format", "json", "--output", jsonPath)
			if code != ExitOK || out != "" {
				t.Fatalf("exit %d, stdout %q, stderr %s", code, out, errOut)
			}
			c, _ := os.ReadFile(csvPath)
			j, _ := os.ReadFile(jsonPath)
			golden(t, name+".inventory.csv", c)
			golden(t, name+".inventory.json", j)
			rows, err := csv.NewReader(strings.NewReader(string(c))).ReadAll()
			if err != nil {
				t.Fatalf("CSV: %v", err)
			}
			reg, ok, err := inventory.Parse(j)
			if !ok || err != nil {
				t.Fatalf("register: %v %v", ok, err)
			}
			if len(rows) != len(reg.Entries)+1 {
				t.Errorf("%d CSV rows for %d entries", len(rows)-1, len(reg.Entries))
			}
			rep, _, _ := run(t, dir, nil, "check", "plan.json", "--now", fixtureNow, "--format", "json")
			var r report.Report
			json.Unmarshal([]byte(rep), &r)
			if len(r.Inventory) != len(reg.Entries) || reg.Summary.Identities != r.Summary.Identities || reg.Summary.Credentials != r.Summary.Credentials {
				t.Errorf("register has %d entries (%d/%d), check report %d (%d/%d)", len(reg.Entries), reg.Summary.Identities, reg.Summary.Credentials,
					len(r.Inventory), r.Summary.Identities, r.Summary.Credentials)
			}
			for i, e := range reg.Entries {
				if e.Address != r.Inventory[i].Address || e.Owner != r.Inventory[i].Owner || e.Privilege != r.Inventory[i].Privilege || e.ResourceType == "" || e.Class == "" || e.Action == "" {
					t.Errorf("entry %d: %+v vs %+v", i, e, r.Inventory[i])
				}
			}
		})
	}
	md, _, code := run(t, filepath.Join(fixtures, "aws-04-group-inherited-admin"), nil, "inventory", "plan.json", "--now", fixtureNow)
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	golden(t, "aws-04-group-inherited-admin.inventory.md", []byte(md))
}

// inventory --diff: an old register (the aws-04 register, edited) against
// the new plan shows one addition, removal, owner change and widening.
func TestInventoryDiff(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(fixtures, "aws-04-group-inherited-admin")
	regJSON, _, code := run(t, dir, nil, "inventory", "plan.json", "--format", "json", "--now", fixtureNow)
	if code != ExitOK {
		t.Fatal("inventory failed")
	}
	reg, _, err := inventory.Parse([]byte(regJSON))
	if err != nil || len(reg.Entries) < 3 {
		t.Fatalf("%v, %d entries", err, len(reg.Entries))
	}
	// Yesterday: no release_bot key, mirror_bot owned by someone else, release_bot only read, and a retired user.
	var old []inventory.Entry
	for _, e := range reg.Entries {
		switch e.Address {
		case "aws_iam_access_key.release_bot":
			continue
		case "aws_iam_user.mirror_bot":
			e.Owner = "team-legacy"
		case "aws_iam_user.release_bot":
			e.Privilege = "read"
		}
		old = append(old, e)
	}
	old = append(old, inventory.Entry{Address: "aws_iam_user.retired", Kind: "service_account", Owner: "team-gone", Privilege: "write", Chain: []string{}, Findings: []string{}})
	reg.Entries = old
	tmp := t.TempDir()
	oldPath := filepath.Join(tmp, "old.json")
	b, _ := json.MarshalIndent(reg, "", "  ")
	os.WriteFile(oldPath, b, 0o644)

	out, errOut, code := run(t, dir, nil, "inventory", "--diff", oldPath, "plan.json", "--format", "json", "--now", fixtureNow)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var d struct {
		Added, Removed []inventory.Entry
		Owner          []inventory.Change `json:"owner_changed"`
		Widened        []inventory.Change `json:"privilege_widened"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Added) != 1 || d.Added[0].Address != "aws_iam_access_key.release_bot" ||
		len(d.Removed) != 1 || d.Removed[0].Address != "aws_iam_user.retired" ||
		len(d.Owner) != 1 || d.Owner[0].Old != "team-legacy" ||
		len(d.Widened) != 1 || d.Widened[0].Address != "aws_iam_user.release_bot" || d.Widened[0].New != "admin" {
		t.Errorf("diff %s", out)
	}
	md, _, _ := run(t, dir, nil, "inventory", "--diff", oldPath, "plan.json", "--now", fixtureNow)
	golden(t, "aws-04-group-inherited-admin.inventory-diff.md", []byte(strings.ReplaceAll(md, oldPath, "old.json")))
	// Two plans, and a plan against itself.
	same, _, code := run(t, dir, nil, "inventory", "--diff", "plan.json", "plan.json", "--format", "json")
	if code != ExitOK || !strings.Contains(same, `"added": []`) || !strings.Contains(same, `"privilege_widened": []`) {
		t.Errorf("a plan against itself: exit %d %s", code, same)
	}
	csvOut, _, code := run(t, dir, nil, "inventory", "--diff", filepath.Join("..", "aws-02-unowned-ci-user-admin", "plan.json"), "plan.json", "--format", "csv")
	if code != ExitOK || !strings.HasPrefix(csvOut, "change,address,kind,old,new,detail\r\n") || !strings.Contains(csvOut, "removed,aws_iam_user.ci,") {
		t.Errorf("two plans: exit %d\n%s", code, csvOut)
	}
}

func TestInventoryAndBaselineErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "bad-register.json"), []byte(`{"kind": "nhiguard-inventory", "version": 9, "entries": []}`), 0o644)
	os.WriteFile(filepath.Join(dir, "garbage.json"), []byte(`{"hello": "world"}`), 0o644)
	good, _ := filepath.Abs(filepath.Join(fixtures, "aws-09-key-exposed-to-ci", "plan.json"))
	cases := []struct {
		name string
		args []string
		err  string
	}{
		{"inventory without plan", []string{"inventory"}, "exactly one PLAN"},
		{"inventory unknown format", []string{"inventory", good, "--format", "xlsx"}, "unknown format"},
		{"inventory missing plan", []string{"inventory", "nope.json"}, "does not exist"},
		{"diff with one argument", []string{"inventory", "--diff", good}, "two arguments"},
		{"diff missing file", []string{"inventory", "--diff", "nope.json", good}, "nope.json does not exist"},
		{"diff bad register", []string{"inventory", "--diff", "bad-register.json", good}, "register version 9"},
		{"diff not a plan", []string{"inventory", "--diff", good, "garbage.json"}, "garbage.json"},
		{"baseline without plan", []string{"baseline"}, "exactly one PLAN"},
		{"baseline bad expiry", []string{"baseline", good, "--expires-in", "soon"}, "--expires-in"},
		{"baseline negative expiry", []string{"baseline", good, "--expires-in", "-5d"}, "positive"},
		{"baseline missing plan", []string{"baseline", "nope.json"}, "does not exist"},
		{"check missing baseline", []string{"check", good, "--baseline", "nope.json"}, "baseline file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := run(t, dir, nil, c.args...)
			if code != ExitError {
				t.Errorf("exit %d, want 2 (stdout %q)", code, out)
			}
			if !strings.Contains(errOut, c.err) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 && !strings.Contains(errOut, "Usage") {
				t.Errorf("stderr %q, want one line containing %q", errOut, c.err)
			}
		})
	}
}

// The adoption path: baseline a brownfield plan, check passes with every
// finding waived by its baseline entry; once the entries expire each
// becomes an NHI-008 finding naming file and line, and the findings block again.
func TestBaselineAdoption(t *testing.T) {
	t.Parallel()
	dir := copyFixture(t, "aws-09-key-exposed-to-ci")
	before, _, code := run(t, dir, nil, "check", "plan.json", "--format", "json", "--now", fixtureNow)
	if code != ExitBlocking {
		t.Fatalf("the fixture should block, exit %d", code)
	}
	var rep report.Report
	json.Unmarshal([]byte(before), &rep)

	bl, errOut, code := run(t, dir, nil, "baseline", "plan.json", "--now", fixtureNow, "--expires-in", "30d", "--reason", "brownfield adoption, SEC-7")
	if code != ExitOK || !strings.Contains(errOut, "accepts 4 findings on 3 resources until 2026-12-24") {
		t.Fatalf("baseline: exit %d, stderr %q", code, errOut)
	}
	golden(t, "aws-09-key-exposed-to-ci.baseline.json", []byte(bl))
	os.WriteFile(filepath.Join(dir, "nhiguard-baseline.json"), []byte(bl), 0o644)

	out, errOut, code := run(t, dir, nil, "check", "plan.json", "--format", "json", "--now", fixtureNow, "--baseline", "nhiguard-baseline.json")
	if code != ExitOK {
		t.Fatalf("with the baseline: exit %d (%s)", code, errOut)
	}
	var waived report.Report
	json.Unmarshal([]byte(out), &waived)
	if len(waived.Findings) != len(rep.Findings) {
		t.Fatalf("%d findings with the baseline, %d without", len(waived.Findings), len(rep.Findings))
	}
	for _, f := range waived.Findings {
		if f.WaivedBy == nil || !strings.HasPrefix(*f.WaivedBy, "nhiguard-baseline.json:") || f.Blocking {
			t.Errorf("%s %s not waived by the baseline: %v", f.Rule, f.Address, f.WaivedBy)
		}
	}

	out, _, code = run(t, dir, nil, "check", "plan.json", "--format", "json", "--now", "2027-01-10T00:00:00Z", "--baseline", "nhiguard-baseline.json")
	if code != ExitBlocking {
		t.Fatalf("after expiry: exit %d", code)
	}
	var expired report.Report
	json.Unmarshal([]byte(out), &expired)
	lines := strings.Split(bl, "\n")
	n008 := 0
	for _, f := range expired.Findings {
		if f.WaivedBy != nil {
			t.Errorf("%s %s still waived after expiry", f.Rule, f.Address)
		}
		if f.Rule != "NHI-008" {
			continue
		}
		n008++
		var line int
		if _, err := fmtSscanLine(f.Address, &line); err != nil || strings.TrimSpace(lines[line-1]) != "{" {
			t.Errorf("NHI-008 address %q does not name a baseline entry's line", f.Address)
		}
		if !f.Blocking || !strings.Contains(f.Message, "brownfield adoption, SEC-7") || len(f.Related) != 1 || !strings.Contains(f.Message, f.Related[0]) {
			t.Errorf("NHI-008 %+v", f)
		}
	}
	if n008 != 4 {
		t.Errorf("%d NHI-008 findings, want one per expired entry (4)", n008)
	}

	// A damaged baseline is an error, never a silent pass.
	os.WriteFile(filepath.Join(dir, "broken.json"), []byte(strings.Replace(bl, `"NHI-002"`, `"NHI-2"`, 1)), 0o644)
	_, errOut, code = run(t, dir, nil, "check", "plan.json", "--baseline", "broken.json")
	if code != ExitError || !strings.Contains(errOut, "broken.json:6: rule \"NHI-2\"") {
		t.Errorf("damaged baseline: exit %d, stderr %q", code, errOut)
	}
}

func fmtSscanLine(addr string, line *int) (int, error) {
	rest, ok := strings.CutPrefix(addr, "nhiguard-baseline.json:")
	if !ok {
		return 0, os.ErrInvalid
	}
	*line = atoi(rest)
	if *line < 1 {
		return 0, os.ErrInvalid
	}
	return 1, nil
}

// explain covers every rule: why it matters, the fix, the severities of
// its findings, bad and good Terraform, and its OWASP NHI Top 10 and NIST
// CSF 2.0 references by name.
func TestExplainEveryRule(t *testing.T) {
	t.Parallel()
	for _, r := range rules.All() {
		t.Run(r.ID, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := run(t, t.TempDir(), nil, "explain", strings.ToLower(r.ID))
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			want := []string{r.ID, r.Slug, "Why it matters:", "Fix:", "Bad:", "Good:", r.DocURL(), standards.OWASPURL, standards.NISTURL}
			for _, id := range r.OWASP {
				want = append(want, standards.OWASP(id).String())
			}
			for _, id := range r.NIST {
				want = append(want, id+" "+strings.Fields(standards.NIST(id).Title)[0])
			}
			for _, c := range r.SeverityCases() { // wrapped: its first words
				want = append(want, "- "+c.Severity.String()+" when "+strings.Join(strings.Fields(c.When)[:3], " "))
			}
			for _, w := range want {
				if !strings.Contains(out, w) {
					t.Errorf("explain %s lacks %q", r.ID, w)
				}
			}
		})
	}
}

// An exit in the middle of writing a report (the container's memory
// guard) leaves no temporary file beside --output: AbandonOutput removes
// it, and nothing is left to remove once the report is written.
func TestAbandonOutputRemovesThePartialFile(t *testing.T) {
	dir := t.TempDir()
	partial := func() []string {
		m, _ := filepath.Glob(filepath.Join(dir, ".nhiguard-*"))
		return m
	}
	err := writeFile(filepath.Join(dir, "report.json"), func(w io.Writer) error {
		io.WriteString(w, "{")
		if len(partial()) != 1 {
			t.Fatalf("no temporary file while writing: %v", partial())
		}
		AbandonOutput()
		if p := partial(); len(p) != 0 {
			t.Errorf("AbandonOutput left %v", p)
		}
		return errors.New("stopped")
	})
	if err == nil {
		t.Fatal("the interrupted write succeeded")
	}
	if err := writeFile(filepath.Join(dir, "report.json"), func(w io.Writer) error { _, err := io.WriteString(w, "{}"); return err }); err != nil {
		t.Fatal(err)
	}
	AbandonOutput()
	if data, err := os.ReadFile(filepath.Join(dir, "report.json")); err != nil || string(data) != "{}" {
		t.Errorf("the written report: %q, %v", data, err)
	}
}
