package plan

import (
	"fmt"
	"slices"
	"testing"
)

// TestShadowedRefsMatchesEveryPair: the grouped comparison of a long
// reference list gives what comparing every pair gives.
func TestShadowedRefsMatchesEveryPair(t *testing.T) {
	var texts []string
	for i := range 12 {
		texts = append(texts,
			fmt.Sprintf("aws_iam_user.u[%q].name", fmt.Sprint("k", i%5)),
			fmt.Sprintf("aws_iam_user.u[%q]", fmt.Sprint("k", i%5)),
			fmt.Sprintf("aws_iam_user.u[%d].arn", i%3),
			"aws_iam_user.u",
			"aws_iam_user.u.name",
			fmt.Sprintf("module.m[%q].out.x", fmt.Sprint("k", i%4)),
			"module.m",
			fmt.Sprintf("data.aws_iam_policy_document.d%d.json", i%2),
			fmt.Sprintf("data.aws_iam_policy_document.d%d", i%2),
			"var.users",
			"var.users.name",
			"each.key",
		)
	}
	parsed := make([]Ref, len(texts))
	for i, s := range texts {
		parsed[i] = ParseRef(s)
	}
	want := make([]bool, len(parsed))
	for i := range parsed {
		want[i] = shadowed(parsed, i, nil)
	}
	got := shadowedRefs(parsed)
	if len(parsed) <= 32 {
		t.Fatal("the list is short enough to be compared pair by pair: the test compares nothing")
	}
	if !slices.Equal(got, want) {
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%q (%d): shadowed %v, want %v", texts[i], i, got[i], want[i])
			}
		}
	}
	kept := 0
	for _, s := range got {
		if !s {
			kept++
		}
	}
	if kept == 0 || kept == len(got) {
		t.Errorf("%d of %d references kept: the list shadows nothing, or everything", kept, len(got))
	}
}
