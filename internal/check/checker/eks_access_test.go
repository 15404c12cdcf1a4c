package checker_test

import (
	"slices"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/checktest"
)

// EKS hands AWS IAM principals Kubernetes privilege through access policy
// associations, access entries' Kubernetes groups and the aws-auth
// ConfigMap. Plans in the shape hashicorp/aws (5.33 and later) and
// hashicorp/kubernetes give; each case lists every finding ("RULE
// severity address", "+" when it blocks).
func TestEKSAccessToIAMPrincipals(t *testing.T) {
	t.Parallel()
	owned := map[string]any{"owner": "team-platform"}
	const policy = "arn:aws:eks::aws:cluster-access-policy/"
	const ciARN = "arn:aws:iam::111122223333:role/ci"
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"codebuild.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	// newRole is made by this plan: its ARN is known only after apply.
	newRole := checktest.Res{Addr: "aws_iam_role.ci", After: map[string]any{"name": "ci", "path": "/", "assume_role_policy": trust, "tags": owned, "tags_all": owned},
		Unknown: map[string]any{"arn": true, "id": true, "unique_id": true}}
	// oldRole exists and is left as it is.
	oldVals := map[string]any{"name": "ci", "path": "/", "assume_role_policy": trust, "tags": owned, "tags_all": owned, "arn": ciARN, "id": "ci", "unique_id": "AROAEXAMPLE"}
	oldRole := checktest.Res{Addr: "aws_iam_role.ci", Actions: []string{"no-op"}, Before: oldVals, After: oldVals}
	toRole := map[string][]string{"principal_arn": {"aws_iam_role.ci.arn", "aws_iam_role.ci"}, "cluster_name": {"aws_eks_cluster.main.name", "aws_eks_cluster.main"}}
	scope := func(typ string, ns ...string) []any {
		return []any{map[string]any{"type": typ, "namespaces": append([]any{}, anys(ns)...)}}
	}
	association := func(name, arn string, s []any) checktest.Res {
		return checktest.Res{Addr: "aws_eks_access_policy_association." + name,
			After:   map[string]any{"cluster_name": "main", "policy_arn": policy + arn, "access_scope": s},
			Unknown: map[string]any{"principal_arn": true, "id": true, "associated_at": true, "modified_at": true}, Refs: toRole}
	}
	entry := func(groups ...string) checktest.Res {
		return checktest.Res{Addr: "aws_eks_access_entry.ci",
			After:   map[string]any{"cluster_name": "main", "kubernetes_groups": anys(groups), "type": "STANDARD", "tags": owned},
			Unknown: map[string]any{"principal_arn": true, "access_entry_arn": true, "created_at": true, "modified_at": true, "id": true, "user_name": true, "tags_all": true}, Refs: toRole}
	}
	awsAuth := func(groups string) checktest.Res {
		return checktest.Res{Addr: "kubernetes_config_map_v1_data.aws_auth",
			After: map[string]any{"metadata": []any{map[string]any{"name": "aws-auth", "namespace": "kube-system"}}, "force": true,
				"data": map[string]any{"mapRoles": "- groups:\n  - " + groups + "\n  rolearn: " + ciARN + "\n  username: ci\n"}},
			Unknown: map[string]any{"id": true}}
	}
	bindGroup := func(group, role string) checktest.Res {
		return checktest.Res{Addr: "kubernetes_cluster_role_binding_v1." + group,
			After: map[string]any{"metadata": []any{map[string]any{"name": group, "labels": owned}},
				"role_ref": []any{map[string]any{"api_group": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role}},
				"subject":  []any{map[string]any{"api_group": "rbac.authorization.k8s.io", "kind": "Group", "name": group, "namespace": ""}}},
			Unknown: map[string]any{"id": true}}
	}
	unchanged := association("admin", "AmazonEKSClusterAdminPolicy", scope("cluster"))
	unchanged.Unknown = nil
	unchanged.After["principal_arn"], unchanged.After["id"] = ciARN, "main#"+ciARN+"#"+policy+"AmazonEKSClusterAdminPolicy"
	unchanged.Actions, unchanged.Before = []string{"no-op"}, unchanged.After
	callerAdmin := association("creator", "AmazonEKSClusterAdminPolicy", scope("cluster"))
	callerAdmin.Refs = map[string][]string{"principal_arn": {"data.aws_caller_identity.current.arn", "data.aws_caller_identity.current"}}

	pending := awsAuth("system:masters")
	pending.After["data"], pending.Unknown["data"] = nil, true
	pending.Refs = map[string][]string{"data": {"aws_iam_role.ci.arn", "aws_iam_role.ci"}}
	elsewhere := awsAuth("system:masters")
	elsewhere.After["metadata"] = []any{map[string]any{"name": "aws-auth", "namespace": "default"}}

	for name, tc := range map[string]struct {
		rs   []checktest.Res
		want []string
		// role is the inventory privilege of aws_iam_role.ci, when given.
		role string
	}{
		"cluster admin to a new CI role": {[]checktest.Res{newRole, entry(), association("admin", "AmazonEKSClusterAdminPolicy", scope("cluster"))}, []string{
			"NHI-004 critical + aws_eks_access_policy_association.admin",
			"NHI-004 critical + aws_iam_role.ci",
		}, "admin"},
		"cluster admin to an existing CI role": {[]checktest.Res{oldRole, association("admin", "AmazonEKSClusterAdminPolicy", scope("cluster"))}, []string{
			"NHI-004 critical + aws_eks_access_policy_association.admin",
			"NHI-004 critical + aws_iam_role.ci",
		}, ""},
		"view": {[]checktest.Res{newRole, entry(), association("view", "AmazonEKSViewPolicy", scope("cluster"))}, nil, "read"},
		// admin in named namespaces is what a RoleBinding to admin there
		// is: exec into pods and mint tokens of their service accounts.
		"admin in one namespace": {[]checktest.Res{newRole, association("apps", "AmazonEKSAdminPolicy", scope("namespace", "apps"))}, []string{
			"NHI-005 high + aws_eks_access_policy_association.apps",
			"NHI-005 high + aws_iam_role.ci",
		}, ""},
		// admin on the cluster is admin of every namespace, kube-system
		// included, but not of cluster-scoped objects, and it cannot bind
		// roles it does not hold: an escalation, not cluster-admin.
		"admin on the cluster": {[]checktest.Res{newRole, association("all", "AmazonEKSAdminPolicy", scope("cluster"))}, []string{
			"NHI-005 high + aws_eks_access_policy_association.all",
			"NHI-005 high + aws_iam_role.ci",
		}, ""},
		"unchanged association": {[]checktest.Res{oldRole, unchanged}, []string{
			"NHI-004 critical aws_eks_access_policy_association.admin",
			"NHI-004 critical aws_iam_role.ci",
		}, ""},
		// terraform-aws-modules/eks enable_cluster_creator_admin_permissions:
		// the caller is not in the plan, the association is the grant.
		"cluster creator admin": {[]checktest.Res{callerAdmin}, []string{
			"NHI-004 critical + aws_eks_access_policy_association.creator",
		}, ""},
		"access entry group bound to cluster-admin": {[]checktest.Res{newRole, entry("ci-admins"), bindGroup("ci-admins", "cluster-admin")}, []string{
			"NHI-004 critical + aws_eks_access_entry.ci",
			"NHI-004 critical + aws_iam_role.ci",
			"NHI-004 critical + kubernetes_cluster_role_binding_v1.ci-admins",
		}, ""},
		"aws-auth system:masters": {[]checktest.Res{oldRole, awsAuth("system:masters")}, []string{
			"NHI-004 critical + aws_iam_role.ci",
			"NHI-004 critical + kubernetes_config_map_v1_data.aws_auth",
		}, "admin"},
		// yamlencode around a new role's ARN: which groups it gets is
		// known only after apply.
		"aws-auth known after apply": {[]checktest.Res{newRole, pending}, []string{
			"NHI-004 medium kubernetes_config_map_v1_data.aws_auth",
		}, ""},
		"aws-auth outside kube-system": {[]checktest.Res{oldRole, elsewhere}, nil, ""},
		"aws-auth read-only group":     {[]checktest.Res{oldRole, awsAuth("viewers"), bindGroup("viewers", "view")}, nil, ""},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res, err := checker.CheckPlan(checktest.Plan(t, tc.rs, nil), checker.Input{Now: fixtureNow})
			if err != nil {
				t.Fatal(err)
			}
			got := findingLines(res.Report.Findings)
			if !slices.Equal(got, tc.want) && (len(got) > 0 || len(tc.want) > 0) {
				for _, f := range res.Report.Findings {
					t.Log(f.Rule, f.Address, f.Message)
				}
				t.Errorf("findings\n  %q\nwant\n  %q", got, tc.want)
			}
			// A binding to a group an access entry puts the role in reaches it.
			for _, f := range res.Report.Findings {
				if f.Address == "kubernetes_cluster_role_binding_v1.ci-admins" && !slices.Contains(f.Related, "aws_iam_role.ci") {
					t.Errorf("%s: related %q, want aws_iam_role.ci", f.Address, f.Related)
				}
			}
			for _, inv := range res.Report.Inventory {
				if inv.Address == "aws_iam_role.ci" && tc.role != "" && inv.Privilege != tc.role {
					t.Errorf("aws_iam_role.ci privilege %s, want %s", inv.Privilege, tc.role)
				}
			}
		})
	}
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
