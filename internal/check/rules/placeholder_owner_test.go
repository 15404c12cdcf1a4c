package rules_test

import (
	"strings"
	"testing"
)

// An owner tag, label or text that names no one ("TBD", "none", "n/a",
// "<owner>") is no owner: the identity is unowned, and the finding says
// why. Real owners, however short, still count.
func TestPlaceholderOwnersAreNotOwners(t *testing.T) {
	t.Parallel()
	user := func(name, owner string) res {
		tags := map[string]any{"owner": owner}
		return res{Addr: "aws_iam_user." + name, After: map[string]any{"name": name, "tags": tags, "tags_all": tags}}
	}
	r := check(t, []res{
		user("tbd", "TBD"),
		user("none", " none "),
		user("na", "n/a"),
		user("template", "<owner>"),
		user("unknown", "Unknown"),
		user("team", "team-a"),
		user("short", "sre"),
		{Addr: "google_service_account.ci", After: map[string]any{"account_id": "ci", "email": "ci@p.iam.gserviceaccount.com", "description": "CI deployer, owner=TODO"}},
		{Addr: "google_service_account.ops", After: map[string]any{"account_id": "ops", "email": "ops@p.iam.gserviceaccount.com", "description": "Ops runner, owner=team-ops"}},
		// An identity declared with a placeholder owner.
		{Addr: "nhi_identity.legacy", After: map[string]any{"name": "legacy", "kind": "access_key", "owner": "TBD", "purpose": "legacy",
			"credentials": []any{"aws_iam_access_key.legacy"}}},
		{Addr: "aws_iam_access_key.legacy", After: map[string]any{"user": "tbd"}},
	}, nil)
	if f := has(r, "aws_iam_access_key.legacy", "NHI-001"); f == nil || !strings.Contains(f.Message, `nhi_identity.legacy declares its owner as "TBD", a placeholder`) {
		t.Errorf("a credential whose identity's owner is a placeholder: %+v", f)
	}
	for _, addr := range []string{"aws_iam_user.tbd", "aws_iam_user.none", "aws_iam_user.na", "aws_iam_user.template", "aws_iam_user.unknown", "google_service_account.ci"} {
		f := has(r, addr, "NHI-001")
		if f == nil {
			t.Errorf("%s: a placeholder owner counted as an owner", addr)
			continue
		}
		if !strings.Contains(f.Message, "is a placeholder") {
			t.Errorf("%s: the finding does not say the owner is a placeholder: %s", addr, f.Message)
		}
	}
	for _, addr := range []string{"aws_iam_user.team", "aws_iam_user.short", "google_service_account.ops"} {
		noFindingsOn(t, r, addr, "its owner is a real one")
	}
}
