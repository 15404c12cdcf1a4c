package checker_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
)

// TestReviewVaultGitHub: plans a reviewer built by hand in the shape of
// terraform show -json (testdata/review, described in its README) for
// Vault and GitHub verdicts that were wrong. Each gets exactly the
// findings listed: "rule address severity blocks|passes"; says, when set,
// is in the message of one of them.
func TestReviewVaultGitHub(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		plan string
		want []string
		says string
	}{
		// A webhook's shared secret typed into its configuration block.
		{"g09-webhook-literal-secret", []string{"NHI-007 github_organization_webhook.ci critical blocks"},
			"has its secret written into the configuration as a literal (`configuration.secret`)"},
		// An AWS secrets-engine role that issues IAM users with
		// AdministratorAccess makes admin users on every read.
		{"v37-aws-secret-role-admin", []string{
			"NHI-004 vault_aws_secret_backend_role.ci critical blocks",
		}, ""},
		// allowed_policies_glob "*" lets its tokens take any policy: as
		// admin as naming an admin policy.
		{"v36-token-role-allowed-glob-star", []string{
			"NHI-004 vault_token_auth_backend_role.svc critical blocks",
		}, `policy pattern "*" matches every policy`},
		{"v52-token-role-admin-policy", []string{
			"NHI-004 vault_policy.adm critical blocks",
			"NHI-004 vault_token_auth_backend_role.svc critical blocks",
		}, ""},
		// Vault login trust open to one organization, group, account or
		// issuer is high, as the same trust on AWS is; only a role with no
		// claims on a shared issuer (GitHub's) stays critical.
		{"v15-gha-owner-only", []string{"NHI-006 vault_jwt_auth_backend_role.deploy high blocks"}, ""},
		{"v16-gha-glob-org", []string{"NHI-006 vault_jwt_auth_backend_role.deploy high blocks"}, ""},
		{"v17-gha-audience-only", []string{"NHI-006 vault_jwt_auth_backend_role.deploy critical blocks"}, ""},
		{"v23-gha-repo-glob-sub-star", []string{"NHI-006 vault_jwt_auth_backend_role.deploy high blocks"}, ""},
		{"v24-gha-repository-glob", []string{"NHI-006 vault_jwt_auth_backend_role.deploy high blocks"}, ""},
		{"v25-gha-sub-list-with-star", []string{"NHI-006 vault_jwt_auth_backend_role.deploy high blocks"}, ""},
		{"v26-gitlab-namespace-only", []string{"NHI-006 vault_jwt_auth_backend_role.deploy high blocks"}, ""},
		{"v29-gitlab-project-path-glob", []string{"NHI-006 vault_jwt_auth_backend_role.deploy high blocks"}, ""},
		{"v50-selfmanaged-gitlab-group", []string{"NHI-006 vault_jwt_auth_backend_role.deploy high blocks"}, ""},
		{"v50b-selfmanaged-gitlab-no-claims", []string{"NHI-006 vault_jwt_auth_backend_role.deploy high blocks"}, `issuer (https://gitlab.example.com) signs, for a self-managed GitLab instance's projects`},
		{"v51-gha-owner-only-admin-policy", []string{
			"NHI-006 vault_jwt_auth_backend_role.deploy high blocks",
			"NHI-004 vault_jwt_auth_backend_role.deploy critical blocks",
			"NHI-004 vault_policy.adm critical blocks",
		}, ""},
		// A subject customised to the repository owner is every
		// repository of the organization.
		{"g11-oidc-sub-customized-owner-vault", []string{"NHI-006 vault_jwt_auth_backend_role.deploy high blocks"}, `requires only bound_subject=repository_owner:example-org`},
		{"g12-oidc-sub-customized-owner-aws", []string{"NHI-006 aws_iam_role.deploy high blocks"}, `subject repository_owner:example-org is wider than one repository`},
		// A namespace's default service account, as for IRSA.
		{"v32-k8s-auth-default-sa", []string{"NHI-006 vault_kubernetes_auth_backend_role.app medium passes"}, `service account default of namespace payments`},
		// An empty namespace selector selects every namespace.
		{"v33-k8s-auth-ns-selector-all", []string{"NHI-006 vault_kubernetes_auth_backend_role.app critical blocks"}, `bound_service_account_namespace_selector selects every namespace`},
		// Every role of one account.
		{"v34-aws-auth-account-wide", []string{"NHI-006 vault_aws_auth_backend_role.ci high blocks"}, `arn:aws:iam::123456789012:role/* matches every role of the account`},
		// A trusted orchestrator minting secret IDs for one AppRole has
		// that role's policies, not any; sudo on a lookup endpoint reads.
		{"v06-trusted-orchestrator-one-role", nil, ""},
		{"v07-orchestrator-any-role", []string{"NHI-004 vault_policy.jenkins critical blocks"},
			`writes "auth/approle/role/+/secret-id": mints secret IDs for every role of auth/approle`},
		{"v39-token-creator-sudo", []string{"NHI-004 vault_policy.tc critical blocks"}, ""},
		{"v40-lease-lookup-sudo", nil, ""},
		// A 40-character AWS secret access key is told by the CI
		// variable's name; its key ID beside it has a form of its own.
		{"g04c-variable-aws-pair-literal", []string{
			"NHI-007 github_actions_variable.id critical blocks",
			"NHI-007 github_actions_variable.secret critical blocks",
		}, "github_actions_variable.secret holds what has the form of an AWS secret access key"},
		// Its literal holds FAKE, a placeholder word: a placeholder
		// written in a credential's form is none (kb.CredentialShape).
		{"g04a-variable-credential-literal", nil, ""},
	} {
		t.Run(tc.plan, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join("testdata", "review", tc.plan+".json")
			got := findingSet(t, path)
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("findings:\n got  %q\n want %q", got, want)
			}
			if tc.says == "" {
				return
			}
			res, err := checker.Check(context.Background(), checker.Input{PlanPath: path, Now: fixtureNow})
			if err != nil {
				t.Fatal(err)
			}
			var messages []string
			for _, f := range res.Report.Findings {
				messages = append(messages, f.Message)
			}
			if !slices.ContainsFunc(messages, func(m string) bool { return strings.Contains(m, tc.says) }) {
				t.Errorf("no message says %q: %q", tc.says, messages)
			}
		})
	}
}
