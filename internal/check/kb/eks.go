package kb

// Amazon EKS hands AWS IAM principals Kubernetes privilege on a cluster:
// access entries with access policies (hashicorp/aws 5.33 and later), and
// the legacy aws-auth ConfigMap in kube-system. Either way the IAM role or
// user is named by its ARN, or by a reference to aws_iam_role.x.arn; an
// ARN ending in the role's or user's name matches it by name too (aws-auth
// wants role ARNs without their path).

var (
	awsRolesAndUsers = append(append([]string(nil), awsRole...), awsUser...)
	eksPrincipal     = []Link{{Path: "principal_arn", Types: awsRolesAndUsers, By: []string{"arn", "name", "role_name", "user_name"}}}
	// People signing in through IAM Identity Center assume its roles
	// (arn:...:role/aws-reserved/sso.amazonaws.com/.../AWSReservedSSO_...;
	// aws-auth names them without the path): cluster access for them is
	// people's, as the NHI-004 fix advises, not a machine identity's.
	eksPeople = &People{Path: "principal_arn", Contains: ssoRoleMarkers}
)

// ssoRoleMarkers are what an IAM Identity Center role's ARN holds.
var ssoRoleMarkers = []string{":role/aws-reserved/sso.amazonaws.com/", ":role/AWSReservedSSO_"}

// SSORole reports whether an ARN is an IAM Identity Center role's: one
// people assume.
func SSORole(arn string) bool { return eksPeople.Matches(arn) }

func init() {
	register(
		Entry{
			// access_scope.type is "cluster" or "namespace" (then
			// access_scope.namespaces lists them).
			Type: "aws_eks_access_policy_association", Class: Grant, Kind: "eks_access_policy", Provider: "aws", Doc: awsDoc + "eks_access_policy_association",
			Privilege: Privilege{Engine: EKSAccess, PolicyRef: "policy_arn", Scope: "access_scope.namespaces", Principals: eksPrincipal, People: eksPeople},
		},
		Entry{
			// An access entry alone lets the principal authenticate; what it
			// may do comes from its associations and from the bindings to
			// its kubernetes_groups.
			Type: "aws_eks_access_entry", Class: Grant, Kind: "eks_access_entry", Provider: "aws", Doc: awsDoc + "eks_access_entry",
			Owner:     awsTags,
			Privilege: Privilege{Engine: EKSAccess, K8sGroups: "kubernetes_groups", Principals: eksPrincipal, People: eksPeople},
		},
	)
	// aws-auth maps IAM roles (data.mapRoles) and users (data.mapUsers), a
	// YAML list each, to a username and Kubernetes groups. Only the
	// ConfigMap of that name in kube-system counts, which the engine
	// checks; any other ConfigMap is no grant.
	awsAuth := func(e Entry) Entry {
		e.Class, e.Kind, e.Provider = Grant, "aws_auth", "kubernetes"
		e.When = &Condition{Path: "metadata.name", Contains: "aws-auth"}
		e.Otherwise, e.OtherwiseKind = Other, "config_map"
		e.Owner = k8sOwner
		e.Privilege = Privilege{Engine: EKSAccess, Document: "data", Scope: "metadata.namespace"}
		return e
	}
	register(k8s("kubernetes_config_map", awsAuth(Entry{}))...)
	register(awsAuth(Entry{Type: "kubernetes_config_map_v1_data", Doc: k8sDoc + "config_map_v1_data"}))
	PlainText["kubernetes_config_map_v1_data"] = append(PlainText["kubernetes_config_map_v1_data"], "metadata")
}
