package rules_test

import (
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// Ciphertext only a key holder can open exposes nothing: a GitHub secret's
// encrypted_value (sealed with the repository's public key) may be written
// in the code, and the PGP-encrypted secret of an access key or console
// password (pgp_key) may go to an output, as terraform-aws-modules/iam
// documents. Their plain siblings stay secrets.
func TestSealedSecretsExposeNothing(t *testing.T) {
	t.Parallel()
	const sealed = "c2VhbGVkLWJveC1jaXBoZXJ0ZXh0LW9mLWEtc2VjcmV0LXZhbHVlLTAxMjM0NTY3ODk="
	user := map[string]any{"name": "ci", "tags": owned, "tags_all": owned}
	ref := func(attr, addr string) map[string]any {
		return map[string]any{"sensitive": false, "expression": map[string]any{"references": []string{addr + "." + attr, addr}}}
	}
	created := map[string]any{"actions": []string{"create"}, "before": nil, "after": nil, "after_unknown": true, "before_sensitive": false, "after_sensitive": false}
	r := check(t, []res{
		{Addr: "github_actions_secret.sealed", After: map[string]any{"repository": "app", "secret_name": "NPM", "encrypted_value": sealed}},
		{Addr: "github_actions_secret.plain", After: map[string]any{"repository": "app", "secret_name": "NPM", "plaintext_value": "npm_0123456789abcdefABCDEF0123456789abcd"}},
		{Addr: "aws_iam_user.ci", After: user},
		{Addr: "aws_iam_access_key.ci", After: map[string]any{"user": "ci", "status": "Active", "pgp_key": "keybase:platform"},
			Unknown: map[string]any{"encrypted_secret": true, "secret": true}, Refs: map[string][]string{"user": {"aws_iam_user.ci.name", "aws_iam_user.ci"}}},
		{Addr: "aws_iam_user_login_profile.ci", After: map[string]any{"user": "ci", "pgp_key": "keybase:platform"},
			Unknown: map[string]any{"encrypted_password": true}, Refs: map[string][]string{"user": {"aws_iam_user.ci.name", "aws_iam_user.ci"}}},
	}, map[string]any{
		"outputs": map[string]any{
			"key_encrypted":      ref("encrypted_secret", "aws_iam_access_key.ci"),
			"password_encrypted": ref("encrypted_password", "aws_iam_user_login_profile.ci"),
			"key_plain":          map[string]any{"sensitive": true, "expression": map[string]any{"references": []string{"aws_iam_access_key.ci.secret", "aws_iam_access_key.ci"}}},
		},
		"output_changes": map[string]any{"key_encrypted": created, "password_encrypted": created, "key_plain": created},
	})
	for _, addr := range []string{"github_actions_secret.sealed", "output.key_encrypted", "output.password_encrypted"} {
		if f := has(r, addr, "NHI-007"); f != nil {
			t.Errorf("%s: sealed ciphertext reported as exposure: %s", addr, f.Message)
		}
	}
	for _, addr := range []string{"github_actions_secret.plain", "output.key_plain"} {
		if f := has(r, addr, "NHI-007"); f == nil || !f.Blocking {
			t.Errorf("%s: a plain secret is no longer exposure: %+v (%v)", addr, f, findings(r))
		}
	}
}

// An SSM parameter holds a secret only as a SecureString: a key's secret
// in a String parameter is in clear for anyone who may read parameters.
func TestSecretInPlainParameterIsInClear(t *testing.T) {
	t.Parallel()
	user := map[string]any{"name": "ci", "tags": owned, "tags_all": owned}
	userRef := map[string][]string{"user": {"aws_iam_user.ci.name", "aws_iam_user.ci"}}
	secretRef := map[string][]string{"value": {"aws_iam_access_key.ci.secret", "aws_iam_access_key.ci"}}
	r := check(t, []res{
		{Addr: "aws_iam_user.ci", After: user},
		{Addr: "aws_iam_access_key.ci", After: map[string]any{"user": "ci", "status": "Active"}, Unknown: map[string]any{"secret": true}, Refs: userRef},
		{Addr: "aws_ssm_parameter.plain", After: map[string]any{"name": "/ci/key", "type": "String"}, Unknown: map[string]any{"value": true}, Refs: secretRef},
		{Addr: "aws_ssm_parameter.secure", After: map[string]any{"name": "/ci/key2", "type": "SecureString"}, Unknown: map[string]any{"value": true}, Refs: secretRef},
	}, nil)
	if f := has(r, "aws_ssm_parameter.plain", "NHI-007"); f == nil || f.Severity != report.Critical || !strings.Contains(f.Message, "in clear") {
		t.Errorf("String parameter: %+v (%v)", f, findings(r))
	}
	if f := has(r, "aws_ssm_parameter.secure", "NHI-007"); f == nil || f.Severity != report.High || !strings.Contains(f.Message, "stores a copy") {
		t.Errorf("SecureString parameter: %+v", f)
	}
}
