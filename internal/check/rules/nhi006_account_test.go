package rules_test

import "testing"

// A role's trust of its own account's root delegates to that account's
// IAM policies, the usual way to let its principals assume a role: it is
// no confused deputy. The plan tells the account by the role's own ARN,
// or an aws_caller_identity read with the same provider configuration;
// another account's root without sts:ExternalId stays NHI-006.
func TestTrustOfTheRolesOwnAccount(t *testing.T) {
	t.Parallel()
	trust := func(account string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::` + account + `:root"}}]}`
	}
	r := check(t, []res{
		{Addr: "data.aws_caller_identity.current", Actions: []string{"read"}, After: map[string]any{"account_id": "111122223333", "arn": "arn:aws:iam::111122223333:user/ci"}},
		{Addr: "aws_iam_role.own", After: map[string]any{"name": "own", "assume_role_policy": trust("111122223333"), "tags": owned}},
		{Addr: "aws_iam_role.other", After: map[string]any{"name": "other", "assume_role_policy": trust("444455556666"), "tags": owned}},
		{Addr: "aws_iam_role.existing", Actions: []string{"no-op"},
			Before: map[string]any{"name": "existing", "arn": "arn:aws:iam::777788889999:role/existing", "assume_role_policy": trust("777788889999"), "tags": owned},
			After:  map[string]any{"name": "existing", "arn": "arn:aws:iam::777788889999:role/existing", "assume_role_policy": trust("777788889999"), "tags": owned}},
	}, nil)
	noFindingsOn(t, r, "aws_iam_role.own", "a role trusting its own account's root (aws_caller_identity)")
	noFindingsOn(t, r, "aws_iam_role.existing", "a role trusting its own account's root (its ARN)")
	if f := has(r, "aws_iam_role.other", "NHI-006"); f == nil {
		t.Errorf("another account's root without sts:ExternalId: %v", findings(r))
	}
}
