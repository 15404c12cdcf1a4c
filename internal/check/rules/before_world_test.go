package rules_test

import "testing"

// The configuration describes a resource after apply. Before it, an
// attribute the plan changes held other references, which the plan does
// not record: its value before apply is followed instead. A service
// account added to an existing roles/editor binding gains editor in this
// plan, although the binding's configuration names it.
func TestBeforeWorldFollowsValuesOfChangedAttributes(t *testing.T) {
	t.Parallel()
	sa := map[string]any{"account_id": "ci", "email": "ci@p.iam.gserviceaccount.com", "member": "serviceAccount:ci@p.iam.gserviceaccount.com", "description": "nhi_owner=team-ci"}
	binding := func(members ...any) map[string]any {
		return map[string]any{"project": "p", "role": "roles/editor", "members": members, "condition": []any{}}
	}
	group := "group:platform-admins@example.com"
	for _, tc := range []struct {
		name           string
		before, after  map[string]any
		wantIntroduced bool
	}{
		{"service account added", binding(group), binding(group, sa["member"]), true},
		{"group added beside the service account", binding(sa["member"]), binding(sa["member"], group), false},
	} {
		r := check(t, []res{
			{Addr: "google_service_account.ci", Actions: []string{"no-op"}, Before: sa, After: sa},
			{Addr: "google_project_iam_binding.editors", Actions: []string{"update"}, Before: tc.before, After: tc.after,
				Refs: map[string][]string{"members": {"google_service_account.ci.member", "google_service_account.ci"}}},
		}, nil)
		for _, addr := range []string{"google_service_account.ci", "google_project_iam_binding.editors"} {
			f := has(r, addr, "NHI-004")
			if f == nil {
				t.Fatalf("%s: no NHI-004 on %s: %v", tc.name, addr, findings(r))
			}
			if f.Introduced != tc.wantIntroduced || f.Blocking != tc.wantIntroduced {
				t.Errorf("%s: %s NHI-004 introduced=%v blocking=%v, want %v", tc.name, addr, f.Introduced, f.Blocking, tc.wantIntroduced)
			}
		}
	}
}

// A trust that stays open at the same severity, but to more principals
// (one other account before, anyone now), is opened by this plan: the
// finding stands on new grounds. The same grounds before and after stay
// pre-existing.
func TestWiderTrustAtTheSameSeverityIsIntroduced(t *testing.T) {
	t.Parallel()
	const (
		otherAccount = `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole"}]}`
		anotherOne   = `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}]}`
		anyone       = `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}`
	)
	role := func(trust string) map[string]any {
		return map[string]any{"name": "support", "arn": "arn:aws:iam::111122223333:role/support", "tags": owned, "tags_all": owned, "assume_role_policy": trust}
	}
	for _, tc := range []struct {
		name          string
		before, after string
		want          bool
	}{
		{"one account to anyone", otherAccount, anyone, true},
		{"one account to another", otherAccount, anotherOne, false},
	} {
		r := check(t, []res{{Addr: "aws_iam_role.support", Actions: []string{"update"}, Before: role(tc.before), After: role(tc.after)}}, nil)
		f := has(r, "aws_iam_role.support", "NHI-006")
		if f == nil {
			t.Fatalf("%s: no NHI-006: %v", tc.name, findings(r))
		}
		if f.Introduced != tc.want || f.Blocking != tc.want {
			t.Errorf("%s: introduced=%v blocking=%v, want %v (%s)", tc.name, f.Introduced, f.Blocking, tc.want, f.Message)
		}
	}
}
