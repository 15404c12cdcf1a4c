package checker_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// testdata/kubernetes-review holds plans a review built by hand in the
// shape `terraform show -json` gives for the hashicorp/kubernetes
// provider, each beside the HCL it models. Each case lists every finding
// the plan must give ("RULE severity address", "+" when it blocks).
func TestKubernetesReviewPlans(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for name, want := range map[string][]string{
		// Names are per namespace and per kind. A service account named
		// as one bound to cluster-admin in another namespace holds none
		// of it.
		"k24-same-sa-name-two-ns": {
			"NHI-004 critical + kubernetes_cluster_role_binding_v1.prod_deployer",
			`NHI-004 critical + kubernetes_service_account_v1.deployer["prod"]`,
		},
		"k37-onboard-ns-same-sa-name": {
			"NHI-004 critical kubernetes_cluster_role_binding_v1.prod_deployer", // unchanged: it does not block
		},
		// A RoleBinding's Role is the one in its own namespace.
		"k38a-same-role-name-two-ns": {
			`NHI-005 high + kubernetes_role_v1.app["sandbox"]`,
		},
		"k38b-same-role-name-two-ns-rev": {
			`NHI-005 high + kubernetes_role_v1.app["sandbox"]`,
		},
		"k57-same-role-name-wrong-pass": {
			"NHI-005 high + kubernetes_role_binding_v1.prod",
			`NHI-005 high + kubernetes_role_v1.app["prod"]`,
			"NHI-005 high + kubernetes_service_account_v1.ci",
		},
		"k57b-same-role-name-existing-roles": {
			"NHI-005 high + kubernetes_role_binding_v1.prod",
			`NHI-005 high kubernetes_role_v1.app["prod"]`,
			"NHI-005 high + kubernetes_service_account_v1.ci",
		},
		// role_ref kind ClusterRole names the ClusterRole, not the Role of
		// the same name.
		"k58-rb-clusterrole-shadowed-by-role": {
			"NHI-004 critical + kubernetes_cluster_role_v1.deployer",
			"NHI-005 high + kubernetes_role_binding_v1.apps",
			"NHI-005 high + kubernetes_service_account_v1.ci",
		},
		"k58b-rb-clusterrole-shadowed-existing": {
			"NHI-004 critical kubernetes_cluster_role_v1.deployer",
			"NHI-005 high + kubernetes_role_binding_v1.apps",
			"NHI-005 high + kubernetes_service_account_v1.ci",
		},
		// A Group subject is no service account of that name, and what a
		// subject is by itself (system:masters) is not the others'.
		"k51-user-subject-same-name-as-sa": {
			"NHI-004 critical + kubernetes_cluster_role_binding_v1.sso_admins",
		},
		// Binding view to system:masters makes no one a member of it
		// (certificates do): the binding hands view, nothing blocks.
		"k44-system-masters-subject": {},
		// A token Secret is for the account of its own namespace, named
		// by a literal or by reference.
		"k49-token-owner-from-other-ns": {
			"NHI-001 high + kubernetes_secret_v1.dev_token",
			"NHI-001 high + kubernetes_service_account_v1.dev",
			"NHI-002 high + kubernetes_secret_v1.dev_token",
		},
		"k50-token-owner-literal-annotation": {
			"NHI-001 high + kubernetes_secret_v1.dev_token",
			"NHI-001 high + kubernetes_service_account_v1.dev",
			"NHI-002 high + kubernetes_secret_v1.dev_token",
		},
		// A Vault token in a ConfigMap or a pod template is shown to
		// whoever may get the object.
		"k53-configmap-vault-token": {
			"NHI-007 critical + kubernetes_config_map_v1.app",
			"NHI-007 high + vault_token.app",
		},
		"k54-configmap-data-vault-token": {
			"NHI-007 critical + kubernetes_config_map_v1_data.app",
			"NHI-007 high + vault_token.app",
		},
		"k55-deployment-env-vault-token": {
			"NHI-007 critical + kubernetes_deployment_v1.app",
			"NHI-007 high + vault_token.app",
		},
		"k56-manifest-configmap-vault-token": {
			"NHI-007 critical + kubernetes_manifest.cm",
			"NHI-007 high + vault_token.app",
		},
		// Escalations: any controller of pods runs them as any service
		// account of its namespace; changing pod templates everywhere
		// does too; an admission webhook sees every object admitted.
		"k12-workload-controllers": {
			"NHI-005 high + kubernetes_cluster_role_binding_v1.bot",
			"NHI-005 high + kubernetes_cluster_role_v1.bot",
			"NHI-005 high + kubernetes_service_account_v1.bot",
		},
		"k45-cronjobs-only": {
			"NHI-005 high + kubernetes_cluster_role_binding_v1.bot",
			"NHI-005 high + kubernetes_cluster_role_v1.bot",
			"NHI-005 high + kubernetes_service_account_v1.bot",
		},
		"k46-deployments-patch-only": {
			"NHI-005 high + kubernetes_cluster_role_binding_v1.bot",
			"NHI-005 high + kubernetes_cluster_role_v1.bot",
			"NHI-005 high + kubernetes_service_account_v1.bot",
		},
		"k18-webhook-config": {
			"NHI-005 high + kubernetes_cluster_role_binding_v1.bot",
			"NHI-005 high + kubernetes_cluster_role_v1.bot",
			"NHI-005 high + kubernetes_service_account_v1.bot",
		},
		"k47-webhook-patch": {
			"NHI-005 high + kubernetes_cluster_role_binding_v1.bot",
			"NHI-005 high + kubernetes_cluster_role_v1.bot",
			"NHI-005 high + kubernetes_service_account_v1.bot",
		},
		"k08-impersonate": {
			"NHI-005 high + kubernetes_cluster_role_binding_v1.bot",
			"NHI-005 high + kubernetes_cluster_role_v1.bot",
			"NHI-005 high + kubernetes_service_account_v1.bot",
		},
		// An aggregated ClusterRole's rules are gathered by the API
		// server: not judged, and said so.
		"k27-aggregated-role": {
			"NHI-004 medium kubernetes_cluster_role_binding_v1.bot",
			"NHI-004 medium kubernetes_service_account_v1.bot",
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			wantFindings(t, filepath.Join("testdata", "kubernetes-review", name+".json"), now, want)
		})
	}
}

// wantFindings checks that a plan gives exactly the findings listed
// ("RULE severity address", "+ " before the address when it blocks).
func wantFindings(t *testing.T, path string, now time.Time, want []string) {
	t.Helper()
	res, err := checker.Check(context.Background(), checker.Input{PlanPath: path, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	got := findingLines(res.Report.Findings)
	want = slices.Clone(want)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("findings\n  %q\nwant\n  %q", got, want)
	}
}

// findingLines are findings as "RULE severity address", with "+ " before
// the address of those that block, sorted.
func findingLines(fs []*report.Finding) []string {
	out := []string{}
	for _, f := range fs {
		blocks := ""
		if f.Blocking {
			blocks = "+ "
		}
		out = append(out, f.Rule+" "+f.Severity.String()+" "+blocks+f.Address)
	}
	slices.Sort(out)
	return out
}

// testdata/eks-review holds plans a review built by hand for EKS access:
// an IAM ARN's name names a role or user of that kind and account only,
// and cluster access for people signing in through IAM Identity Center is
// not a machine identity's.
func TestEKSReviewPlans(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for name, want := range map[string][]string{
		// A new user named as the role an unchanged association makes
		// cluster admin holds none of it.
		"43-new-user-same-name-as-admin-role": {
			"NHI-004 critical aws_eks_access_policy_association.deploy",
			"NHI-004 critical aws_iam_role.deploy",
		},
		// Another account's role of the same name is not this one.
		"44-new-local-role-same-name-as-other-account-admin": {
			"NHI-004 critical aws_eks_access_policy_association.tooling_ci",
		},
		"45-awsauth-other-account-masters-new-local-role": {
			"NHI-004 critical module.eks_aws_auth.kubernetes_config_map_v1_data.aws_auth[0]",
		},
		// The cluster creator, or an admin association, for an SSO role.
		"05-creator-admin-sso-human": {},
		"35-sso-human-admin":         {},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			wantFindings(t, filepath.Join("testdata", "eks-review", name+".json"), now, want)
		})
	}
}

// The findings on the review's plans say what was found.
func TestKubernetesReviewMessages(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ plan, address, says string }{
		{"k08-impersonate", "kubernetes_service_account_v1.bot", "impersonate users, groups, serviceaccounts: can act as other identities (cluster-wide), in any group, system:masters included"},
		{"k27-aggregated-role", "kubernetes_service_account_v1.bot", `ClusterRole "ops-aggregate" aggregates the rules of the ClusterRoles its labels select`},
		{"k27-aggregated-role", "kubernetes_cluster_role_binding_v1.bot", `ClusterRole "ops-aggregate" aggregates the rules of the ClusterRoles its labels select`},
	} {
		t.Run(tc.plan+" "+tc.address, func(t *testing.T) {
			t.Parallel()
			res, err := checker.Check(context.Background(), checker.Input{PlanPath: filepath.Join("testdata", "kubernetes-review", tc.plan+".json"), Now: now})
			if err != nil {
				t.Fatal(err)
			}
			var msgs []string
			for _, f := range res.Report.Findings {
				if f.Address == tc.address {
					msgs = append(msgs, f.Message)
				}
			}
			if !slices.ContainsFunc(msgs, func(m string) bool { return strings.Contains(m, tc.says) }) {
				t.Errorf("no finding says %q: %q", tc.says, msgs)
			}
		})
	}
}
