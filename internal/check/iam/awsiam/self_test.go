package awsiam

import (
	"slices"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
)

// AWS's documented self-service policy ("IAM: allows IAM users to manage
// their own credentials") writes the caller's own user with a "*" account:
// arn:aws:iam::*:user/${aws:username}.
func TestTermBreadthSelfVariables(t *testing.T) {
	t.Parallel()
	tests := []struct {
		res  string
		want breadth
		self bool
	}{
		{"arn:aws:iam::*:user/${aws:username}", breadthSpecific, true},
		{"arn:aws:iam::111122223333:user/${aws:username}", breadthSpecific, true},
		{"arn:aws:iam::*:user/${AWS:Username}", breadthSpecific, true},
		{"arn:aws:iam::*:user/${aws:userid}", breadthSpecific, true},
		{"arn:aws:iam::*:user/ci/${aws:username}", breadthSpecific, true},
		{"arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}", breadthSpecific, true},
		{"arn:aws:iam::*:mfa/${aws:username}", breadthSpecific, false},
		// Wildcards next to the variable reach other users.
		{"arn:aws:iam::*:user/*", breadthType, false},
		{"arn:aws:iam::*:user/${aws:username}*", breadthType, false},
		{"arn:aws:iam::111122223333:user/${aws:username}*", breadthType, false},
		{"arn:aws:iam::*:user/*${aws:username}", breadthType, false},
		{"arn:aws:iam::*:user/*/${aws:username}", breadthType, false},
		{"arn:aws:iam::*:user/${aws:username}?", breadthType, false},
		// A named prefix after the variable is still a prefix.
		{"arn:aws:iam::111122223333:user/${aws:username}-*", breadthPrefix, false},
		// Variables that do not resolve to the caller: a tag value or a
		// name built from the caller's names another user, in every
		// account as a literal name would.
		{"arn:aws:iam::*:user/${aws:PrincipalTag/target}", breadthType, false},
		{"arn:aws:iam::*:user/${aws:username}-admin", breadthType, false},
		{"arn:aws:iam::*:role/${aws:username}", breadthSpecific, false},
		{"arn:aws:iam::*:user/${aws:SourceIdentity}", breadthType, false},
		// Not IAM: unchanged.
		{"arn:aws:sqs:*:*:${aws:username}", breadthType, false},
		{"arn:aws:s3:::home/${aws:username}*", breadthPrefix, false},
		{"arn:aws:iam::*:user/ci-*", breadthPrefix, false},
		{"${aws:username}", breadthSpecific, false},
	}
	for _, tc := range tests {
		term := Term{Text: tc.res}
		if got := termBreadth(term); got != tc.want {
			t.Errorf("termBreadth(%s) = %s, want %s", tc.res, got, tc.want)
		}
		if got := termsSelf([]Term{term}, false); got != tc.self {
			t.Errorf("termsSelf(%s) = %v, want %v", tc.res, got, tc.self)
		}
		if termsSelf([]Term{term}, true) {
			t.Errorf("NotResource %s taken as the caller's user", tc.res)
		}
	}
	if termsSelf([]Term{{Unknown: true, Ref: "aws_iam_user.x.arn"}}, false) {
		t.Error("an unknown resource taken as the caller's user")
	}
}

func TestSelfServiceCredentialsAreNotEscalation(t *testing.T) {
	t.Parallel()
	self := "arn:aws:iam::*:user/${aws:username}"
	tests := []struct {
		name     string
		action   string
		resource any
		kind     PrincipalKind
		want     string // escalation id, "" for none
	}{
		{"own access keys", "iam:CreateAccessKey", self, PrincipalUser, ""},
		{"own access keys, unspecified principal", "iam:CreateAccessKey", self, 0, ""},
		{"own access keys by user id", "iam:CreateAccessKey", "arn:aws:iam::*:user/${aws:userid}", PrincipalUser, ""},
		{"own login profile", "iam:CreateLoginProfile", self, PrincipalUser, ""},
		{"own password reset", "iam:UpdateLoginProfile", self, PrincipalUser, ""},
		{"every user's keys", "iam:CreateAccessKey", "arn:aws:iam::*:user/*", PrincipalUser, "aws:create-access-key"},
		{"keys of users named like the caller", "iam:CreateAccessKey", "arn:aws:iam::*:user/${aws:username}*", PrincipalUser, "aws:create-access-key"},
		{"keys of users ending in the caller's name", "iam:CreateAccessKey", "arn:aws:iam::*:user/*${aws:username}", PrincipalUser, "aws:create-access-key"},
		{"keys of the user a tag names", "iam:CreateAccessKey", "arn:aws:iam::*:user/${aws:PrincipalTag/target}", PrincipalUser, "aws:create-access-key"},
		{"login profiles of users named like the caller", "iam:CreateLoginProfile", "arn:aws:iam::*:user/${aws:username}*", PrincipalUser, "aws:create-login-profile"},
		{"password resets of every user", "iam:UpdateLoginProfile", "arn:aws:iam::*:user/*", PrincipalUser, "aws:update-login-profile"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := Evaluate(Input{Kind: tc.kind, Policies: []Policy{pol("p", doc(stmt("Allow", tc.action, tc.resource)))}})
			got := ids(r.Verdict, iam.KindEscalation, iam.KindAdmin)
			if tc.want == "" && len(got) > 0 {
				t.Fatalf("self-service %s on %v reported as %v", tc.action, tc.resource, got)
			}
			if tc.want != "" && !slices.Contains(got, tc.want) {
				t.Fatalf("missing %s in %v", tc.want, got)
			}
		})
	}
}

// The documented self-service policy, whole: keys, password, MFA.
func TestDocumentedSelfServicePolicy(t *testing.T) {
	t.Parallel()
	d := doc(
		stmt("Allow", []any{"iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"}, "*"),
		stmt("Allow", []any{"iam:ChangePassword", "iam:GetUser", "iam:CreateLoginProfile", "iam:DeleteLoginProfile", "iam:GetLoginProfile", "iam:UpdateLoginProfile"}, "arn:aws:iam::*:user/${aws:username}"),
		stmt("Allow", []any{"iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys", "iam:UpdateAccessKey", "iam:GetAccessKeyLastUsed"}, "arn:aws:iam::*:user/${aws:username}"),
		stmt("Allow", []any{"iam:DeleteSigningCertificate", "iam:ListSigningCertificates", "iam:UpdateSigningCertificate", "iam:UploadSigningCertificate"}, "arn:aws:iam::*:user/${aws:username}"),
		stmt("Allow", []any{"iam:DeleteSSHPublicKey", "iam:GetSSHPublicKey", "iam:ListSSHPublicKeys", "iam:UpdateSSHPublicKey", "iam:UploadSSHPublicKey"}, "arn:aws:iam::*:user/${aws:username}"),
		stmt("Allow", []any{"iam:CreateServiceSpecificCredential", "iam:DeleteServiceSpecificCredential", "iam:ListServiceSpecificCredentials", "iam:ResetServiceSpecificCredential", "iam:UpdateServiceSpecificCredential"}, "arn:aws:iam::*:user/${aws:username}"),
		stmt("Allow", []any{"iam:CreateVirtualMFADevice"}, "arn:aws:iam::*:mfa/*"),
		stmt("Allow", []any{"iam:DeactivateMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice"}, "arn:aws:iam::*:user/${aws:username}"),
	)
	for _, kind := range []PrincipalKind{PrincipalUnspecified, PrincipalUser} {
		r := Evaluate(Input{Kind: kind, Policies: []Policy{pol("p", d)}})
		if got := ids(r.Verdict, iam.KindEscalation, iam.KindAdmin, iam.KindWildcard); len(got) > 0 {
			t.Errorf("kind %d: self-service policy reported as %v", kind, got)
		}
		if r.Class == iam.ClassAdmin {
			t.Errorf("kind %d: self-service policy is admin", kind)
		}
	}
}

// Writing one's own policy or removing one's own boundary is the
// escalation: a self-scoped Resource must not hide it.
func TestSelfTargetedEscalationKept(t *testing.T) {
	t.Parallel()
	self := "arn:aws:iam::*:user/${aws:username}"
	for _, tc := range []struct {
		action string
		kind   PrincipalKind
		admin  bool
	}{
		{"iam:PutUserPolicy", PrincipalUser, true},
		{"iam:AttachUserPolicy", PrincipalUser, true},
		{"iam:PutUserPolicy", PrincipalUnspecified, true},
		// aws:username is not set for roles: the statement never matches.
		{"iam:PutUserPolicy", PrincipalRole, false},
		{"iam:PutRolePolicy", PrincipalUser, false},
	} {
		for _, res := range []string{self, "arn:aws:iam::111122223333:user/${aws:username}"} {
			r := Evaluate(Input{Kind: tc.kind, Policies: []Policy{pol("p", doc(stmt("Allow", tc.action, res)))}})
			if got := r.Class == iam.ClassAdmin; got != tc.admin {
				t.Errorf("%s on %s for kind %d: class %s", tc.action, res, tc.kind, r.Class)
				continue
			}
			if !tc.admin {
				continue
			}
			ev := r.Of(iam.KindAdmin)
			if len(ev) != 1 || ev[0].ID != "aws:iam-self-grant" || !strings.Contains(ev[0].Message, "its own user") || ev[0].Scope != "self" {
				t.Errorf("%s on %s: evidence %+v", tc.action, res, ev)
			}
		}
	}
	// On every user the message keeps saying so.
	r := Evaluate(Input{Kind: PrincipalUser, Policies: []Policy{pol("p", doc(stmt("Allow", "iam:PutUserPolicy", "arn:aws:iam::*:user/*")))}})
	if ev := r.Of(iam.KindAdmin); len(ev) != 1 || !strings.Contains(ev[0].Message, "every principal") || ev[0].Scope != "*" {
		t.Errorf("on every user: %+v", ev)
	}

	// A boundary that only lets the user write its own policy still
	// leaves the self-grant.
	r = Evaluate(Input{Kind: PrincipalUser,
		Policies:   []Policy{pol("p", doc(stmt("Allow", "iam:PutUserPolicy", "*")))},
		Boundaries: []Policy{pol("b", doc(stmt("Allow", "iam:PutUserPolicy", self)))}})
	if r.Class != iam.ClassAdmin {
		t.Errorf("boundary narrowed to the caller's user: class %s", r.Class)
	}
	// A boundary on one named other user removes it.
	r = Evaluate(Input{Kind: PrincipalUser,
		Policies:   []Policy{pol("p", doc(stmt("Allow", "iam:PutUserPolicy", "*")))},
		Boundaries: []Policy{pol("b", doc(stmt("Allow", "iam:PutUserPolicy", "arn:aws:iam::1:user/other")))}})
	if r.Class == iam.ClassAdmin {
		t.Errorf("boundary narrowed to another user: class %s", r.Class)
	}

	for _, tc := range []struct {
		kind PrincipalKind
		want bool
	}{{PrincipalUser, true}, {PrincipalUnspecified, true}, {PrincipalRole, false}} {
		r := Evaluate(Input{Kind: tc.kind,
			Policies:   []Policy{pol("p", doc(stmt("Allow", "iam:DeleteUserPermissionsBoundary", self), stmt("Allow", "s3:GetObject", "*")))},
			Boundaries: []Policy{pol("b", doc(stmt("Allow", "*", "*")))}})
		if got := slices.Contains(ids(r.Verdict), "aws:remove-permissions-boundary"); got != tc.want {
			t.Errorf("own boundary removal for kind %d: %v", tc.kind, ids(r.Verdict))
		}
	}
}
