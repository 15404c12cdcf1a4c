//go:build pending_decoder

// Bad inputs the checker does not refuse yet. Each case passes the gate
// (exit 0 or 1) or names the wrong problem today; they need changes in
// internal/check/plan (the decoder) or internal/check/graph, which are
// being rewritten. Run with: go test -tags pending_decoder ./internal/check/cli

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPendingPolicyDocuments: a policy document the engines cannot read
// makes the privilege it grants unknown, and an unknown privilege is
// dropped (the grant passes). A gate fails closed: exit 2 naming the
// resource and the attribute. Needs checker.Check to refuse, as a
// plan.InputError, a known document value of a knowledge-base document
// attribute (kb Privilege.Document and, for AWS, Privilege.Trust) that the
// engine's own parser rejects (awsiam.ParseDocument, the policy_data
// bindings shape, vaultiam.ParsePolicy), before the graph turns it into a
// ClassUnknown verdict.
func TestPendingPolicyDocuments(t *testing.T) {
	t.Parallel()
	rc := func(addr, typ, attrs string) string {
		name := addr[strings.IndexByte(addr, '.')+1:]
		return `{"address":"` + addr + `","mode":"managed","type":"` + typ + `","name":"` + name + `","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["create"],"before":null,"after":` + attrs + `,"after_unknown":{"id":true}}}`
	}
	user := rc("aws_iam_user.ci", "aws_iam_user", `{"name":"ci","tags":{"owner":"team-ci"}}`)
	q := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) }
	cases := []struct {
		name, doc, want string
	}{
		{"inline user policy not JSON", planWith(user + "," + rc("aws_iam_user_policy.p", "aws_iam_user_policy", `{"name":"p","user":"ci","policy":"Allow everything"}`)), `aws_iam_user_policy.p: attribute "policy"`},
		{"inline user policy of the wrong shape", planWith(user + "," + rc("aws_iam_user_policy.p", "aws_iam_user_policy", `{"name":"p","user":"ci","policy":"`+q(`{"Version":"2012-10-17","Statement":"Allow *"}`)+`"}`)), `aws_iam_user_policy.p: attribute "policy"`},
		{"inline user policy is a JSON list", planWith(user + "," + rc("aws_iam_user_policy.p", "aws_iam_user_policy", `{"name":"p","user":"ci","policy":"[]"}`)), `aws_iam_user_policy.p: attribute "policy"`},
		{"managed policy not JSON", planWith(user + "," + rc("aws_iam_policy.p", "aws_iam_policy", `{"name":"p","policy":"{{{"}`)), `aws_iam_policy.p: attribute "policy"`},
		{"role trust policy not JSON", planWith(rc("aws_iam_role.r", "aws_iam_role", `{"name":"r","assume_role_policy":"anyone","tags":{"owner":"team-ci"}}`)), `aws_iam_role.r: attribute "assume_role_policy"`},
		{"role inline policy of the wrong shape", planWith(rc("aws_iam_role.r", "aws_iam_role", `{"name":"r","assume_role_policy":"`+q(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)+`","inline_policy":[{"name":"i","policy":"`+q(`{"Statement":[{"Effect":"Allow","Action":7}]}`)+`"}],"tags":{"owner":"team-ci"}}`)), `aws_iam_role.r: attribute "inline_policy.policy"`},
		{"google policy_data not JSON", planWith(`{"address":"google_project_iam_policy.p","mode":"managed","type":"google_project_iam_policy","name":"p","change":{"actions":["create"],"before":null,"after":{"project":"x","policy_data":"roles/owner for everyone"},"after_unknown":{}}}`), `google_project_iam_policy.p: attribute "policy_data"`},
		{"google policy_data of the wrong shape", planWith(`{"address":"google_project_iam_policy.p","mode":"managed","type":"google_project_iam_policy","name":"p","change":{"actions":["create"],"before":null,"after":{"project":"x","policy_data":"` + q(`{"bindings":"roles/owner"}`) + `"},"after_unknown":{}}}`), `google_project_iam_policy.p: attribute "policy_data"`},
		{"vault policy not HCL", planWith(`{"address":"vault_policy.p","mode":"managed","type":"vault_policy","name":"p","change":{"actions":["create"],"before":null,"after":{"name":"p","policy":"path \"*\" { capabilities = [\"sudo\""},"after_unknown":{}}}`), `vault_policy.p: attribute "policy"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "plan.json"), []byte(tc.doc), 0o600)
			for _, cmd := range []string{"check", "inventory", "baseline"} {
				out, errOut, code := runIn(t, dir, nil, nil, cmd, "plan.json", "--no-source")
				assertInputError(t, out, errOut, code, tc.want)
			}
		})
	}
}
