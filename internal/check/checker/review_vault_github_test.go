package checker_test

import (
	"path/filepath"
	"slices"
	"testing"
)

// TestReviewVaultGitHub: plans a reviewer built by hand in the shape of
// terraform show -json (testdata/review, described in its README) for
// Vault and GitHub verdicts that were wrong. Each gets exactly the
// findings listed: "rule address severity blocks|passes".
func TestReviewVaultGitHub(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		plan string
		want []string
	}{
		// An AWS secrets-engine role that issues IAM users with
		// AdministratorAccess makes admin users on every read.
		{"v37-aws-secret-role-admin", []string{
			"NHI-004 vault_aws_secret_backend_role.ci critical blocks",
		}},
		// allowed_policies_glob "*" lets its tokens take any policy: as
		// admin as naming an admin policy.
		{"v36-token-role-allowed-glob-star", []string{
			"NHI-004 vault_token_auth_backend_role.svc critical blocks",
		}},
		{"v52-token-role-admin-policy", []string{
			"NHI-004 vault_policy.adm critical blocks",
			"NHI-004 vault_token_auth_backend_role.svc critical blocks",
		}},
		// Vault login trust open to one organization, group, account or
		// issuer is high, as the same trust on AWS is; only a role with no
		// claims on a shared issuer (GitHub's) stays critical.
		{"v15-gha-owner-only", []string{"NHI-006 vault_jwt_auth_backend_role.deploy high blocks"}},
		{"v16-gha-glob-org", []string{"NHI-006 vault_jwt_auth_backend_role.deploy high blocks"}},
		{"v17-gha-audience-only", []string{"NHI-006 vault_jwt_auth_backend_role.deploy critical blocks"}},
		{"v23-gha-repo-glob-sub-star", []string{"NHI-006 vault_jwt_auth_backend_role.deploy high blocks"}},
		{"v24-gha-repository-glob", []string{"NHI-006 vault_jwt_auth_backend_role.deploy high blocks"}},
		{"v25-gha-sub-list-with-star", []string{"NHI-006 vault_jwt_auth_backend_role.deploy high blocks"}},
		{"v26-gitlab-namespace-only", []string{"NHI-006 vault_jwt_auth_backend_role.deploy high blocks"}},
		{"v29-gitlab-project-path-glob", []string{"NHI-006 vault_jwt_auth_backend_role.deploy high blocks"}},
		{"v50-selfmanaged-gitlab-group", []string{"NHI-006 vault_jwt_auth_backend_role.deploy high blocks"}},
		{"v50b-selfmanaged-gitlab-no-claims", []string{"NHI-006 vault_jwt_auth_backend_role.deploy high blocks"}},
		{"v51-gha-owner-only-admin-policy", []string{
			"NHI-006 vault_jwt_auth_backend_role.deploy high blocks",
			"NHI-004 vault_jwt_auth_backend_role.deploy critical blocks",
			"NHI-004 vault_policy.adm critical blocks",
		}},
		// A subject customised to the repository owner is every
		// repository of the organization.
		{"g11-oidc-sub-customized-owner-vault", []string{"NHI-006 vault_jwt_auth_backend_role.deploy high blocks"}},
		{"g12-oidc-sub-customized-owner-aws", []string{"NHI-006 aws_iam_role.deploy high blocks"}},
		// A namespace's default service account, as for IRSA.
		{"v32-k8s-auth-default-sa", []string{"NHI-006 vault_kubernetes_auth_backend_role.app medium passes"}},
		// An empty namespace selector selects every namespace.
		{"v33-k8s-auth-ns-selector-all", []string{"NHI-006 vault_kubernetes_auth_backend_role.app critical blocks"}},
		// Every role of one account.
		{"v34-aws-auth-account-wide", []string{"NHI-006 vault_aws_auth_backend_role.ci high blocks"}},
	} {
		t.Run(tc.plan, func(t *testing.T) {
			t.Parallel()
			got := findingSet(t, filepath.Join("testdata", "review", tc.plan+".json"))
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("findings:\n got  %q\n want %q", got, want)
			}
		})
	}
}
