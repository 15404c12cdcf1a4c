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
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "| ") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), " | ")
		if len(cells) < 3 {
			continue
		}
		addr := strings.TrimSpace(cells[0])
		if addr == "address" || addr == "type" || strings.HasPrefix(addr, "---") || strings.HasPrefix(addr, "**") {
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
			src, err := checker.LoadSources(dir)
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
