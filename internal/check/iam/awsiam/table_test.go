package awsiam

import (
	"slices"
	"strings"
	"testing"
)

// TestIndexedSearchMatchesScan: past indexFrom searches the action text is
// searched through a suffix array; it must report the same actions, in
// the same order and once each, as the scan does.
func TestIndexedSearchMatchesScan(t *testing.T) {
	full := table().lowerNames()
	scan := &actionText{text: full.text, lines: full.lines, searches: -1 << 30}
	indexed := &actionText{text: full.text, lines: full.lines, searches: indexFrom}
	collect := func(x *actionText, run string) []int {
		var out []int
		x.holding(run, func(pos int) { out = append(out, pos) })
		return out
	}
	// "e" and "ss" occur several times in one name ("e" more than
	// maxIndexed times: it is scanned); "describe" starts many; the last is
	// absent.
	for _, run := range []string{"e", "ss", "describe", "getobject", "accesspoint", "zzzzqq"} {
		want, got := collect(scan, run), collect(indexed, run)
		if indexed.index == nil {
			t.Fatal("the search past indexFrom did not build the index")
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q: indexed search found %d actions, the scan %d", run, len(got), len(want))
		}
		if run != "zzzzqq" && len(want) == 0 {
			t.Errorf("%q: no action holds it: the test compares nothing", run)
		}
		for _, pos := range got {
			if line := full.text[full.lines[pos]:full.lines[pos+1]]; !strings.Contains(line, run) {
				t.Errorf("%q: reported action %q does not hold it", run, line)
			}
		}
	}
	if scan.index != nil {
		t.Error("the scan built an index before indexFrom searches")
	}
}
