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
