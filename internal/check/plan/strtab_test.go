package plan

import (
	"encoding/json"
	"strconv"
	"testing"
	"unsafe"
)

// TestStrtabTablesAreBounded: a plan of half a million resources has as
// many unique names; the tables keep the first maxShared strings and copy
// the rest, each still equal to its text.
func TestStrtabTablesAreBounded(t *testing.T) {
	t.Parallel()
	tab := newStrtab()
	early := tab.intern([]byte("aws_iam_user"))
	for i := range maxShared + 1000 {
		name := "name-" + strconv.Itoa(i)
		if s := tab.intern([]byte(name)); s != name {
			t.Fatalf("intern(%q) = %q", name, s)
		}
		if v := tab.boxString([]byte("value-" + strconv.Itoa(i))); v != "value-"+strconv.Itoa(i) {
			t.Fatalf("boxString gave %v", v)
		}
		if v := tab.boxNumber([]byte(strconv.Itoa(i))); v != json.Number(strconv.Itoa(i)) {
			t.Fatalf("boxNumber gave %v", v)
		}
	}
	if len(tab.interns) != maxShared || len(tab.strs) != maxShared || len(tab.nums) != maxShared {
		t.Errorf("tables hold %d, %d and %d strings, want at most %d", len(tab.interns), len(tab.strs), len(tab.nums), maxShared)
	}
	// A string met before the tables filled is still the one copy.
	again := tab.intern([]byte("aws_iam_user"))
	if unsafe.StringData(again) != unsafe.StringData(early) {
		t.Error("a string interned early is no longer shared")
	}
}
