package rules_test

import (
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// A credential in the form a service issues it, in an attribute stored in
// clear (a function's environment, user data, tags), is exposed whatever
// put it there: NHI-007 critical, naming where it is and never the value.
// Placeholders in a credential's form are not reported, and a plan that
// leaves the value as it was does not introduce it.
func TestCredentialInClearTextAttribute(t *testing.T) {
	t.Parallel()
	const (
		keyID = "AKIAQ3EGRN7LVZ2XPM4T"
		token = "ghp_R8xKq2LmZ7vN4bT9wY3cF6hJ1sD5gA0eUiOp"
	)
	env := func(id string) map[string]any {
		return map[string]any{"function_name": "fn", "environment": []any{map[string]any{"variables": map[string]any{"LEGACY_AWS_KEY_ID": id, "STAGE": "prod"}}}}
	}
	r := check(t, []res{
		{Addr: "aws_lambda_function.fn", After: env(keyID)},
		{Addr: "aws_lambda_function.placeholder", After: env("AKIAIOSFODNN7EXAMPLE")},
		{Addr: "aws_instance.worker", After: map[string]any{"ami": "ami-1", "user_data": "#!/bin/sh\nexport GH_TOKEN=" + token + "\n./run"}},
		{Addr: "aws_lambda_function.kept", Actions: []string{"no-op"}, Before: env(keyID), After: env(keyID)},
	}, nil)
	for addr, where := range map[string]string{"aws_lambda_function.fn": "LEGACY_AWS_KEY_ID", "aws_instance.worker": "`user_data`"} {
		f := has(r, addr, "NHI-007")
		if f == nil || f.Severity != report.Critical || !f.Blocking || !strings.Contains(f.Message, where) {
			t.Errorf("%s: %+v (%v)", addr, f, findings(r))
			continue
		}
		if strings.Contains(f.Message, keyID) || strings.Contains(f.Message, token) {
			t.Errorf("%s: the finding prints the credential: %s", addr, f.Message)
		}
	}
	if f := has(r, "aws_lambda_function.placeholder", "NHI-007"); f != nil {
		t.Errorf("AWS's documented example key reported: %s", f.Message)
	}
	if f := has(r, "aws_lambda_function.kept", "NHI-007"); f == nil || f.Introduced {
		t.Errorf("a key left as it was: %+v", f)
	}
}
