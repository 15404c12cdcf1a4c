package rules_test

import "testing"

// iam-role-for-service-accounts-eks with the cluster made in the same
// apply: the trust's condition keys ("<issuer>:sub", "<issuer>:aud") are
// known only after apply, the subject they pin is known. A pinned subject
// is unverifiable, not missing; a subject that spans every namespace is
// wide whatever its key.
func TestIRSATrustWithIssuerKnownAfterApply(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		subject string
		open    bool
	}{
		{"pinned", "system:serviceaccount:payments:api", false},
		{"any service account", "system:serviceaccount:*:*", true},
	} {
		statement := []any{map[string]any{
			"effect": "Allow", "actions": []any{"sts:AssumeRoleWithWebIdentity"},
			"principals": []any{map[string]any{"type": "Federated", "identifiers": []any{nil}}},
			"condition": []any{
				map[string]any{"test": "StringLike", "variable": nil, "values": []any{tc.subject}},
				map[string]any{"test": "StringEquals", "variable": nil, "values": []any{"sts.amazonaws.com"}},
			},
		}}
		r := check(t, []res{
			{Addr: "data.aws_iam_policy_document.trust", Actions: []string{"read"}, After: map[string]any{"statement": statement},
				Unknown: map[string]any{"json": true, "statement": []any{map[string]any{"principals": []any{map[string]any{"identifiers": []any{true}}},
					"condition": []any{map[string]any{"variable": true}, map[string]any{"variable": true}}}}}},
			{Addr: "aws_iam_role.irsa", After: map[string]any{"name": "irsa", "tags": owned, "tags_all": owned},
				Unknown: map[string]any{"assume_role_policy": true},
				Refs:    map[string][]string{"assume_role_policy": {"data.aws_iam_policy_document.trust.json", "data.aws_iam_policy_document.trust"}}},
		}, nil)
		f := has(r, "aws_iam_role.irsa", "NHI-006")
		if got := f != nil && f.Blocking; got != tc.open {
			t.Errorf("%s: NHI-006 blocking %v, want %v: %v", tc.name, got, tc.open, findings(r))
		}
	}
}
