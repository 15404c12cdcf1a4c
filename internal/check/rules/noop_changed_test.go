package rules_test

import (
	"strings"
	"testing"
)

// Terraform plans no-op only when nothing changes. A change marked no-op
// whose values differ (a hand-edited or forged document) is judged as the
// update it is: reported with action update and a note, and the admin
// policy it adds is introduced and blocks, since the world before apply
// is built from its values before.
func TestNoOpThatChangesValuesIsAnUpdate(t *testing.T) {
	t.Parallel()
	user := map[string]any{"name": "ci", "tags": owned, "tags_all": owned}
	read := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`
	admin := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	policy := func(before, after string) res {
		return res{Addr: "aws_iam_user_policy.ci", Actions: []string{"no-op"},
			Before: map[string]any{"user": "ci", "name": "ci", "policy": before},
			After:  map[string]any{"user": "ci", "name": "ci", "policy": after}}
	}
	noted := func(notes []string) bool {
		for _, n := range notes {
			if strings.Contains(n, "marked no-op change values (aws_iam_user_policy.ci first)") {
				return true
			}
		}
		return false
	}
	for _, tc := range []struct {
		name          string
		before, after string
		introduced    bool
	}{
		{"no-op that widens the policy", read, admin, true},
		{"true no-op on an admin policy", admin, admin, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := check(t, []res{{Addr: "aws_iam_user.ci", Actions: []string{"no-op"}, Before: user, After: user}, policy(tc.before, tc.after)}, nil)
			f := has(r, "aws_iam_user.ci", "NHI-004")
			if f == nil {
				t.Fatalf("no NHI-004 on the user: %v", findings(r))
			}
			if f.Introduced != tc.introduced || f.Blocking != tc.introduced {
				t.Errorf("introduced %v, blocking %v; want %v", f.Introduced, f.Blocking, tc.introduced)
			}
			if p := has(r, "aws_iam_user_policy.ci", "NHI-004"); p == nil || (p.Action == "update") != tc.introduced {
				t.Errorf("policy finding %+v, want action update: %v", p, tc.introduced)
			}
			if got := noted(r.Notes); got != tc.introduced {
				t.Errorf("note %v, want %v: %q", got, tc.introduced, r.Notes)
			}
		})
	}
}
