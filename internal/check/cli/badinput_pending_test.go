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

// TestPendingBadPlanInput: malformed plans that are read as if they were
// well-formed today. Every one of them must be exit 2.
func TestPendingBadPlanInput(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, doc, want string
	}{
		// Today: the fast and the reflective decoder accept any JSON for
		// change.after and the resource is read as having no attributes
		// (exit 1 or 0 depending on what an empty resource triggers).
		{"change.after is a list", planWith(strings.Replace(minimalKey, `{"user":"u","status":"Active"}`, `[1,2]`, 1)), `resource_changes[0].change.after`},
		{"change.after is a string", planWith(strings.Replace(minimalKey, `{"user":"u","status":"Active"}`, `"u"`, 1)), `resource_changes[0].change.after`},
		{"change.before is a number", planWith(strings.Replace(strings.Replace(minimalKey, `"before":null`, `"before":5`, 1), `["create"]`, `["update"]`, 1)), `resource_changes[0].change.before`},
		{"after_unknown is a string", planWith(strings.Replace(minimalKey, `{"id":true,"secret":true}`, `"yes"`, 1)), `resource_changes[0].change.after_unknown`},
		// Today: an unknown, empty or missing action list is read as no-op,
		// so what the resource introduces does not block (fail open).
		{"unknown action", planWith(strings.Replace(minimalKey, `["create"]`, `["explode"]`, 1)), `resource_changes[0].change.actions`},
		{"empty actions", planWith(strings.Replace(minimalKey, `["create"]`, `[]`, 1)), `resource_changes[0].change.actions`},
		{"impossible action pair", planWith(strings.Replace(minimalKey, `["create"]`, `["create","no-op"]`, 1)), `resource_changes[0].change.actions`},
		// Today: skipped silently (exit 0).
		{"resource change without change", planWith(`{"address":"aws_iam_access_key.k","mode":"managed","type":"aws_iam_access_key","name":"k"}`), `resource_changes[0]`},
		{"resource change with null change", planWith(`{"address":"aws_iam_access_key.k","mode":"managed","type":"aws_iam_access_key","name":"k","change":null}`), `resource_changes[0]`},
		{"null resource change", planWith(`null`), `resource_changes[0]`},
		// Today: the type field wins over the address, and the access key
		// becomes a null_resource nobody judges (exit 0).
		{"type contradicts the address", planWith(strings.Replace(minimalKey, `"type":"aws_iam_access_key"`, `"type":"null_resource"`, 1)), `aws_iam_access_key.k`},
		{"mode contradicts the address", planWith(strings.Replace(minimalKey, `"mode":"managed"`, `"mode":"data"`, 1)), `aws_iam_access_key.k`},
		// Today: values in planned_values and prior_state of resources that
		// resource_changes also lists are skipped undecoded, so a
		// duplicate key there is never seen (exit 1): other tools that
		// read planned_values may take the other value.
		{"duplicate key in planned_values", `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_iam_access_key.k","mode":"managed","type":"aws_iam_access_key","name":"k","values":{"user":"u","user":"admin"}}]}},"resource_changes":[` + minimalKey + `]}`, "duplicate object key"},
		{"duplicate key in prior_state", `{"format_version":"1.2","prior_state":{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"aws_iam_access_key.k","mode":"managed","type":"aws_iam_access_key","name":"k","values":{"user":"u","user":"admin"}}]}}},"resource_changes":[` + minimalKey + `]}`, "duplicate object key"},
		// Today: "plan input has no format_version", the wrong problem.
		{"truncated after the first byte", `{`, "plan input is truncated"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "plan.json"), []byte(tc.doc), 0o600)
			out, errOut, code := runIn(t, dir, nil, nil, "check", "plan.json", "--no-source")
			assertInputError(t, out, errOut, code, tc.want)
			if len(errOut) > 400 {
				t.Errorf("message of %d bytes", len(errOut))
			}
		})
	}
}

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

// TestPendingTerraformErrorIsNamed: when `terraform show -json` fails,
// the message is terraform's error, not the first line of a warning it
// printed first (here: a CLI configuration file that does not exist).
// Not parallel: it sets TF_CLI_CONFIG_FILE for the terraform child.
func TestPendingTerraformErrorIsNamed(t *testing.T) {
	tf := terraformPath(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "tfplan"), []byte("PK\x03\x04 this is not a zip archive"), 0o600)
	t.Setenv("TF_CLI_CONFIG_FILE", filepath.Join(dir, "missing.terraformrc"))
	out, errOut, code := runIn(t, dir, nil, nil, "check", "tfplan", "--no-source", "--terraform", tf)
	assertInputError(t, out, errOut, code, "Failed to read the given file as a state or plan file")
}
