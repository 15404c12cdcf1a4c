package rules_test

import "testing"

// An IAM credential with status Inactive signs nothing until someone
// activates it: the access key, and as much the service-specific
// credential, signing certificate and SSH key, which have the same status.
func TestInactiveIAMCredentials(t *testing.T) {
	t.Parallel()
	for _, status := range []string{"Active", "Inactive"} {
		userRef := func(attr string) map[string][]string {
			return map[string][]string{attr: {"aws_iam_user.ci.name", "aws_iam_user.ci"}}
		}
		r := check(t, []res{
			{Addr: "aws_iam_user.ci", After: map[string]any{"name": "ci", "tags": owned, "tags_all": owned}},
			{Addr: "aws_iam_access_key.ci", After: map[string]any{"user": "ci", "status": status}, Refs: userRef("user")},
			{Addr: "aws_iam_service_specific_credential.git", After: map[string]any{"user_name": "ci", "service_name": "codecommit.amazonaws.com", "status": status}, Refs: userRef("user_name")},
			{Addr: "aws_iam_signing_certificate.ci", After: map[string]any{"user_name": "ci", "status": status}, Refs: userRef("user_name")},
			{Addr: "aws_iam_user_ssh_key.ci", After: map[string]any{"username": "ci", "encoding": "SSH", "status": status}, Refs: userRef("username")},
		}, nil)
		for _, addr := range []string{"aws_iam_access_key.ci", "aws_iam_service_specific_credential.git", "aws_iam_signing_certificate.ci", "aws_iam_user_ssh_key.ci"} {
			var got bool
			for _, f := range r.Findings {
				got = got || f.Address == addr && (f.Rule == "NHI-002" || f.Rule == "NHI-003")
			}
			if got != (status == "Active") {
				t.Errorf("%s %s: lifetime finding %v: %v", status, addr, got, findings(r))
			}
		}
	}
}
