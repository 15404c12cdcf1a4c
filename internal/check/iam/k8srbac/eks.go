package k8srbac

import (
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
)

// MastersGroup is the group the API server lets past RBAC altogether: a
// member is cluster-admin, whatever is bound. EKS's aws-auth ConfigMap
// may put an IAM principal in it (access entries may not: EKS refuses
// group names starting with "system:").
const MastersGroup = "system:masters"

// eksAccessPolicies are the Amazon EKS access policies that mirror a
// built-in user-facing ClusterRole (Amazon EKS User Guide, "Review access
// policy permissions"): they are judged as that role bound at the
// association's scope, so AmazonEKSAdminPolicy on the cluster is what a
// ClusterRoleBinding to admin is, and on namespaces what a RoleBinding is.
var eksAccessPolicies = map[string]string{
	"AmazonEKSClusterAdminPolicy": "cluster-admin",
	"AmazonEKSAdminPolicy":        "admin",
	"AmazonEKSEditPolicy":         "edit",
	"AmazonEKSViewPolicy":         "view",
}

// eksAdminView is AmazonEKSAdminViewPolicy: get, list and watch on every
// resource, Secrets included, unlike view.
var eksAdminView = []Rule{{APIGroups: []string{"*"}, Resources: []string{"*"}, Verbs: []string{"get", "list", "watch"}}}

// EKSAccessBinding returns what an EKS access policy association hands its
// IAM principal, as the binding of a role at the association's scope:
// cluster-wide, or in the namespaces listed. It is false for a policy
// nhiguard does not know (the EKS Auto Mode and add-on policies), or an
// ARN that names no access policy.
func EKSAccessBinding(policyARN string, clusterWide bool, namespaces []string, src iam.Source) (Binding, bool) {
	arn, name, found := strings.Cut(policyARN, ":cluster-access-policy/")
	if !found || !strings.HasPrefix(arn, "arn:") {
		return Binding{}, false
	}
	b := Binding{RoleKind: "ClusterRole", RoleName: name, ClusterWide: clusterWide, Namespace: strings.Join(namespaces, ", "), Source: src}
	if role, ok := eksAccessPolicies[name]; ok {
		b.Rules, _ = BuiltInClusterRole(role)
		return b, true
	}
	if name == "AmazonEKSAdminViewPolicy" {
		b.Rules = append([]Rule(nil), eksAdminView...)
		return b, true
	}
	return Binding{}, false
}

// MastersVerdict is what membership of MastersGroup gives: cluster-admin.
func MastersVerdict(src iam.Source) iam.Verdict {
	rules, _ := BuiltInClusterRole("cluster-admin")
	v := AnalyzeRules(rules, true, "", src)
	for i := range v.Evidence {
		v.Evidence[i].Message = "member of the group " + MastersGroup + ", which the API server lets past RBAC: cluster-admin"
	}
	return v
}
