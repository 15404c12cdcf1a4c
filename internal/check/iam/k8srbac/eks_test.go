package k8srbac

import (
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
)

// EKS access policies are judged as the built-in role they mirror at the
// association's scope; a policy nhiguard has no rules for is not judged.
func TestEKSAccessBinding(t *testing.T) {
	t.Parallel()
	const p = "arn:aws:eks::aws:cluster-access-policy/"
	for _, tc := range []struct {
		arn         string
		clusterWide bool
		want        iam.Class
		known       bool
	}{
		{p + "AmazonEKSClusterAdminPolicy", true, iam.ClassAdmin, true},
		{p + "AmazonEKSAdminPolicy", false, iam.ClassPermissionsManagement, true},
		{p + "AmazonEKSEditPolicy", false, iam.ClassWrite, true},
		{p + "AmazonEKSViewPolicy", true, iam.ClassRead, true},
		{p + "AmazonEKSAdminViewPolicy", true, iam.ClassRead, true},
		{"arn:aws-cn:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", true, iam.ClassRead, true},
		{p + "AmazonEKSAutoNodePolicy", true, 0, false},
		{"arn:aws:iam::aws:policy/AdministratorAccess", true, 0, false},
	} {
		b, ok := EKSAccessBinding(tc.arn, tc.clusterWide, []string{"apps"}, iam.Source{})
		if ok != tc.known {
			t.Errorf("%s: known %v, want %v", tc.arn, ok, tc.known)
			continue
		}
		if ok {
			if got := AnalyzeBoundRole(b).Class; got != tc.want {
				t.Errorf("%s: class %s, want %s", tc.arn, got, tc.want)
			}
		}
	}
	// AdminView reads Secrets, which view does not.
	b, _ := EKSAccessBinding(p+"AmazonEKSAdminViewPolicy", true, nil, iam.Source{})
	if !AnalyzeBoundRole(b).Has(iam.KindSecretsRead) {
		t.Errorf("AmazonEKSAdminViewPolicy: no secrets-read evidence")
	}
	if v := MastersVerdict(iam.Source{}); v.Class != iam.ClassAdmin || !v.Has(iam.KindAdmin) {
		t.Errorf("system:masters: %v", v)
	}
}
