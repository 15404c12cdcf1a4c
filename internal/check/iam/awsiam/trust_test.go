package awsiam

import (
	"slices"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

const githubARN = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"

func assume(principal any, action string, cond map[string]any) map[string]any {
	s := map[string]any{"Effect": "Allow", "Principal": principal, "Action": action}
	if cond != nil {
		s["Condition"] = cond
	}
	return s
}

func web(principal any, cond map[string]any) map[string]any {
	return assume(map[string]any{"Federated": principal}, "sts:AssumeRoleWithWebIdentity", cond)
}

func eq(op, key string, vals ...any) map[string]any {
	return map[string]any{op: map[string]any{key: vals}}
}

func merge(ms ...map[string]any) map[string]any {
	out := map[string]any{}
	for _, m := range ms {
		for op, keys := range m {
			block, ok := out[op].(map[string]any)
			if !ok {
				block = map[string]any{}
				out[op] = block
			}
			for k, v := range keys.(map[string]any) {
				block[k] = v
			}
		}
	}
	return out
}

func TestAnalyzeTrust(t *testing.T) {
	t.Parallel()
	aud := eq("StringEquals", "token.actions.githubusercontent.com:aud", "sts.amazonaws.com")
	tests := []struct {
		name     string
		doc      any
		account  string
		want     string // evidence id; "" for none
		unknowns bool
	}{
		{"Principal * with no condition", doc(assume("*", "sts:AssumeRole", nil)), "", "aws:trust-public", false},
		{"Principal AWS * with no condition", doc(assume(map[string]any{"AWS": "*"}, "sts:AssumeRole", nil)), "", "aws:trust-public", false},
		{"Principal AWS * restricted by PrincipalOrgID", doc(assume(map[string]any{"AWS": "*"}, "sts:AssumeRole", eq("StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5"))), "", "", false},
		{"Principal * restricted by an unknown org id", doc(assume("*", "sts:AssumeRole", eq("StringEquals", "aws:PrincipalOrgID", value.Unknown{Ref: "data.aws_organizations_organization.o.id"}))), "", "", true},
		{"Principal * with IfExists org id is open", doc(assume("*", "sts:AssumeRole", eq("StringEqualsIfExists", "aws:PrincipalOrgID", "o-1"))), "", "aws:trust-public", false},
		{"Principal * with StringLike org id * is open", doc(assume("*", "sts:AssumeRole", eq("StringLike", "aws:PrincipalOrgID", "*"))), "", "aws:trust-public", false},
		// Patterns anyone can satisfy: every organization, a role name in any account.
		{"Principal * with StringLike org id o-* is open", doc(assume("*", "sts:AssumeRole", eq("StringLike", "aws:PrincipalOrgID", "o-*"))), "", "aws:trust-public", false},
		{"Principal * with ForAnyValue org id o-* is open", doc(assume("*", "sts:AssumeRole", eq("ForAnyValue:StringLike", "aws:PrincipalOrgID", "o-*"))), "", "aws:trust-public", false},
		{"Principal AWS * with a role name in any account is open", doc(assume(map[string]any{"AWS": "*"}, "sts:AssumeRole", eq("StringLike", "aws:PrincipalArn", "arn:aws:iam::*:role/deployer"))), "", "aws:trust-public", false},
		{"Principal AWS * with roles of one account is restricted", doc(assume(map[string]any{"AWS": "*"}, "sts:AssumeRole", eq("StringLike", "aws:PrincipalArn", "arn:aws:iam::444455556666:role/ci-*"))), "", "", false},
		{"Principal * with org paths under one org is restricted", doc(assume("*", "sts:AssumeRole", eq("ForAnyValue:StringLike", "aws:PrincipalOrgPaths", "o-a1b2c3d4e5/r-ab12/ou-ab12-*"))), "", "", false},
		{"Principal * with an unrelated condition is open", doc(assume("*", "sts:AssumeRole", eq("Bool", "aws:SecureTransport", true))), "", "aws:trust-public", false},
		{"Principal * with a Deny outside the org", doc(assume("*", "sts:AssumeRole", nil), map[string]any{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole", "Condition": eq("StringNotEquals", "aws:PrincipalOrgID", "o-1")}), "", "", false},
		{"Principal * with ExternalId", doc(assume("*", "sts:AssumeRole", eq("StringEquals", "sts:ExternalId", "x"))), "", "", false},
		{"NotPrincipal Allow is open", doc(map[string]any{"Effect": "Allow", "NotPrincipal": map[string]any{"AWS": "arn:aws:iam::1:root"}, "Action": "sts:AssumeRole"}), "", "aws:trust-public", false},
		{"any account root via wildcard", doc(assume(map[string]any{"AWS": "arn:aws:iam::*:root"}, "sts:AssumeRole", nil)), "", "aws:trust-public", false},
		{"other account root without ExternalId", doc(assume(map[string]any{"AWS": "arn:aws:iam::444455556666:root"}, "sts:AssumeRole", nil)), "111122223333", "aws:trust-account-no-external-id", false},
		{"bare account id without ExternalId", doc(assume(map[string]any{"AWS": "444455556666"}, "sts:AssumeRole", nil)), "", "aws:trust-account-no-external-id", false},
		// MFA admits people at a console, not a workload's keys (iam-assumable-role's default).
		{"other account root with MFA", doc(assume(map[string]any{"AWS": "arn:aws:iam::444455556666:root"}, "sts:AssumeRole", eq("Bool", "aws:MultiFactorAuthPresent", "true"))), "", "", false},
		{"other account root with MFA if it exists", doc(assume(map[string]any{"AWS": "arn:aws:iam::444455556666:root"}, "sts:AssumeRole", eq("BoolIfExists", "aws:MultiFactorAuthPresent", "true"))), "", "aws:trust-account-no-external-id", false},
		{"other account root with a recent MFA", doc(assume(map[string]any{"AWS": "arn:aws:iam::444455556666:root"}, "sts:AssumeRole", eq("NumericLessThan", "aws:MultiFactorAuthAge", "3600"))), "", "", false},
		{"Principal * with MFA is still open", doc(assume("*", "sts:AssumeRole", eq("Bool", "aws:MultiFactorAuthPresent", "true"))), "", "aws:trust-public", false},
		{"other account root with ExternalId", doc(assume(map[string]any{"AWS": "arn:aws:iam::444455556666:root"}, "sts:AssumeRole", eq("StringEquals", "sts:ExternalId", "x-123"))), "", "", false},
		{"own account root", doc(assume(map[string]any{"AWS": "arn:aws:iam::111122223333:root"}, "sts:AssumeRole", nil)), "111122223333", "", false},
		{"one role of another account", doc(assume(map[string]any{"AWS": "arn:aws:iam::444455556666:role/ci"}, "sts:AssumeRole", nil)), "", "", false},
		{"service principal", doc(assume(map[string]any{"Service": "ecs-tasks.amazonaws.com"}, "sts:AssumeRole", nil)), "", "", false},
		{"GitHub OIDC without sub", doc(web(githubARN, aud)), "", "aws:trust-oidc-no-subject", false},
		{"GitHub OIDC sub repo:*", doc(web(githubARN, merge(aud, eq("StringLike", "token.actions.githubusercontent.com:sub", "repo:*")))), "", "aws:trust-oidc-wide-subject", false},
		{"GitHub OIDC sub repo:org/*", doc(web(githubARN, merge(aud, eq("StringLike", "token.actions.githubusercontent.com:sub", "repo:example-org/*")))), "", "aws:trust-oidc-bounded-wide-subject", false},
		{"GitHub OIDC sub repo:org/app-*", doc(web(githubARN, eq("StringLike", "token.actions.githubusercontent.com:sub", "repo:example-org/app-*"))), "", "aws:trust-oidc-bounded-wide-subject", false},
		{"GitHub OIDC sub pinned to one repo and environment", doc(web(githubARN, merge(aud, eq("StringEquals", "token.actions.githubusercontent.com:sub", "repo:example-org/payments-service:environment:production")))), "", "", false},
		{"GitHub OIDC sub one repo any ref", doc(web(githubARN, eq("StringLike", "token.actions.githubusercontent.com:sub", "repo:example-org/payments:*"))), "", "", false},
		{"GitHub OIDC StringEquals repo:* is literal", doc(web(githubARN, eq("StringEquals", "token.actions.githubusercontent.com:sub", "repo:*"))), "", "", false},
		// The issuer is made in the same plan (an EKS cluster's): the
		// condition keys "<issuer>:sub" and ":aud" are known after apply.
		{"OIDC subject under a key known after apply", doc(web(value.Unknown{Ref: "aws_iam_openid_connect_provider.eks.arn"}, merge(eq("StringEquals", UnknownKey("local.issuer", 0), "system:serviceaccount:payments:api"), eq("StringEquals", UnknownKey("local.issuer", 1), "sts.amazonaws.com")))), "", "", true},
		{"OIDC audience alone under a key known after apply", doc(web(value.Unknown{Ref: "aws_iam_openid_connect_provider.eks.arn"}, eq("StringEquals", UnknownKey("local.issuer", 0), "sts.amazonaws.com"))), "", "aws:trust-oidc-no-subject", true},
		{"OIDC wide subject under a key known after apply", doc(web(value.Unknown{Ref: "aws_iam_openid_connect_provider.eks.arn"}, eq("StringLike", UnknownKey("local.issuer", 0), "system:serviceaccount:*:*"))), "", "aws:trust-oidc-wide-subject", true},
		{"GitHub OIDC sub unknown", doc(web(githubARN, eq("StringEquals", "token.actions.githubusercontent.com:sub", value.Unknown{Ref: "local.sub"}))), "", "", true},
		{"GitHub OIDC negated sub only", doc(web(githubARN, eq("StringNotLike", "token.actions.githubusercontent.com:sub", "repo:evil/*"))), "", "aws:trust-oidc-no-subject", false},
		{"unknown provider ARN, GitHub keys without sub", doc(web(value.Unknown{Ref: "aws_iam_openid_connect_provider.github.arn"}, aud)), "", "aws:trust-oidc-no-subject", true},
		{"unknown provider ARN, GitHub sub pinned", doc(web(value.Unknown{Ref: "aws_iam_openid_connect_provider.github.arn"}, merge(aud, eq("StringEquals", "token.actions.githubusercontent.com:sub", "repo:o/r:ref:refs/heads/main")))), "", "", true},
		{"GitLab.com project_path:*", doc(web("arn:aws:iam::1:oidc-provider/gitlab.com", eq("StringLike", "gitlab.com:sub", "project_path:*"))), "", "aws:trust-oidc-wide-subject", false},
		{"GitLab group wildcard", doc(web("arn:aws:iam::1:oidc-provider/gitlab.com", eq("StringLike", "gitlab.com:sub", "project_path:mygroup/*:ref_type:branch:ref:main"))), "", "aws:trust-oidc-bounded-wide-subject", false},
		{"GitLab one project any branch", doc(web("arn:aws:iam::1:oidc-provider/gitlab.com", eq("StringLike", "gitlab.com:sub", "project_path:mygroup/app:ref_type:branch:ref:*"))), "", "", false},
		{"self-managed GitLab recognised by subject", doc(web("arn:aws:iam::1:oidc-provider/git.example.com", eq("StringLike", "git.example.com:sub", "project_path:team/*"))), "", "aws:trust-oidc-bounded-wide-subject", false},
		// Issuers of one organization's or workspace's tokens, and
		// customised GitHub subjects naming the repository's immutable id.
		{"CircleCI project, any user", doc(web("arn:aws:iam::1:oidc-provider/oidc.circleci.com/org/0a1b", eq("StringLike", "oidc.circleci.com/org/0a1b:sub", "org/0a1b/project/9f8e/user/*"))), "", "", false},
		{"CircleCI, any project", doc(web("arn:aws:iam::1:oidc-provider/oidc.circleci.com/org/0a1b", eq("StringLike", "oidc.circleci.com/org/0a1b:sub", "org/0a1b/project/*"))), "", "aws:trust-oidc-bounded-wide-subject", false},
		{"CircleCI, no subject", doc(web("arn:aws:iam::1:oidc-provider/oidc.circleci.com/org/0a1b", eq("StringEquals", "oidc.circleci.com/org/0a1b:aud", "0a1b"))), "", "aws:trust-oidc-bounded-no-subject", false},
		{"Bitbucket repository, any step", doc(web("arn:aws:iam::1:oidc-provider/api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc",
			eq("StringLike", "api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc:sub", "{7c1e-repo}:*"))), "", "", false},
		{"Bitbucket, any repository", doc(web("arn:aws:iam::1:oidc-provider/api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc",
			eq("StringLike", "api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc:sub", "*"))), "", "aws:trust-oidc-bounded-wide-subject", false},
		{"GitHub customised subject with repository id", doc(web(githubARN, eq("StringLike", "token.actions.githubusercontent.com:sub", "repository_owner_id:1342004:repository_id:567890123:*"))), "", "", false},
		{"GitHub customised subject, owner only", doc(web(githubARN, eq("StringLike", "token.actions.githubusercontent.com:sub", "repository_owner_id:1342004:*"))), "", "aws:trust-oidc-bounded-wide-subject", false},
		// An exact subject customised to the owner (include_claim_keys
		// ["repository_owner"]) is every repository of the organization.
		{"GitHub customised subject equal to the owner", doc(web(githubARN, merge(aud, eq("StringEquals", "token.actions.githubusercontent.com:sub", "repository_owner:example-org")))), "", "aws:trust-oidc-bounded-wide-subject", false},
		{"GitHub customised subject equal to the owner id and an environment", doc(web(githubARN, eq("StringEquals", "token.actions.githubusercontent.com:sub", "repository_owner_id:1342004:environment:prod"))), "", "aws:trust-oidc-bounded-wide-subject", false},
		{"GitHub customised subject equal to the owner and a repository id", doc(web(githubARN, eq("StringEquals", "token.actions.githubusercontent.com:sub", "repository_owner_id:1342004:repository_id:567890123"))), "", "", false},
		{"GitHub customised subject equal to the owner and a repository", doc(web(githubARN, eq("StringEquals", "token.actions.githubusercontent.com:sub", "repository_owner:example-org:repo:example-org/app"))), "", "", false},
		// A subject customised to claims any repository may have
		// (include_claim_keys ["environment"]) names no one.
		{"GitHub customised subject equal to an environment only", doc(web(githubARN, merge(aud, eq("StringEquals", "token.actions.githubusercontent.com:sub", "environment:prod")))), "", "aws:trust-oidc-wide-subject", false},
		{"GitHub customised subject equal to a branch only", doc(web(githubARN, eq("StringEquals", "token.actions.githubusercontent.com:sub", "ref:refs/heads/main"))), "", "aws:trust-oidc-wide-subject", false},
		{"GitHub customised subject, an environment, enterprise issuer", doc(web("arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com/acme-ent", eq("StringEquals", "token.actions.githubusercontent.com/acme-ent:sub", "environment:prod"))), "", "aws:trust-oidc-bounded-wide-subject", false},
		// A reusable workflow's ref names the workflow, not its caller.
		{"GitHub customised subject, a reusable workflow", doc(web(githubARN, eq("StringEquals", "token.actions.githubusercontent.com:sub", "job_workflow_ref:example-org/shared/.github/workflows/deploy.yml@refs/heads/main"))), "", "aws:trust-oidc-bounded-wide-subject", false},
		{"GitHub customised subject, a repository and a reusable workflow", doc(web(githubARN, eq("StringEquals", "token.actions.githubusercontent.com:sub", "repo:example-org/app:job_workflow_ref:example-org/shared/.github/workflows/deploy.yml@refs/heads/main"))), "", "", false},
		// GitHub's immutable subjects (repo:org@1/app@2, the default
		// since July 2026) name the repository, their ids wildcarded or
		// not; a customised repository: claim names it as repo: does.
		{"GitHub immutable subject", doc(web(githubARN, eq("StringLike", "token.actions.githubusercontent.com:sub", "repo:example-org@1342004/app@567890123:*"))), "", "", false},
		{"GitHub immutable subject, ids wildcarded", doc(web(githubARN, eq("StringLike", "token.actions.githubusercontent.com:sub", "repo:example-org@*/app@*:*"))), "", "", false},
		{"GitHub immutable subject, any repository of the owner", doc(web(githubARN, eq("StringLike", "token.actions.githubusercontent.com:sub", "repo:example-org@*/*"))), "", "aws:trust-oidc-bounded-wide-subject", false},
		{"GitHub customised repository claim", doc(web(githubARN, eq("StringLike", "token.actions.githubusercontent.com:sub", "repository:example-org/app:*"))), "", "", false},
		// An enterprise's claim admits its repositories only; claims of a
		// run or a workflow's content admit anyone's.
		{"GitHub customised subject, an enterprise and an environment", doc(web(githubARN, eq("StringEquals", "token.actions.githubusercontent.com:sub", "enterprise:acme:environment:prod"))), "", "aws:trust-oidc-bounded-wide-subject", false},
		{"GitHub customised subject, a workflow's sha", doc(web(githubARN, eq("StringEquals", "token.actions.githubusercontent.com:sub", "job_workflow_sha:0123456789abcdef0123456789abcdef01234567"))), "", "aws:trust-oidc-wide-subject", false},
		// Conditions of one statement all hold: one that pins is enough.
		{"GitHub org-wide subject and an exact repository in one statement", doc(web(githubARN, merge(eq("StringLike", "token.actions.githubusercontent.com:sub", "repo:example-org/*"), eq("StringEquals", "token.actions.githubusercontent.com:sub", "repo:example-org/app:ref:refs/heads/main")))), "", "", false},
		{"an EKS subject naming the owner is no GitHub subject", doc(web("arn:aws:iam::1:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/AB", eq("StringEquals", "oidc.eks.eu-west-1.amazonaws.com/id/AB:sub", "repository_owner:x"))), "", "", false},
		{"GitHub any repository still critical", doc(web(githubARN, eq("StringLike", "token.actions.githubusercontent.com:sub", "repo:*"))), "", "aws:trust-oidc-wide-subject", false},
		{"GitHub enterprise issuer, no subject", doc(web("arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com/acme-ent", eq("StringEquals", "token.actions.githubusercontent.com/acme-ent:aud", "sts.amazonaws.com"))), "", "aws:trust-oidc-bounded-no-subject", false},
		{"Terraform Cloud any workspace", doc(web("arn:aws:iam::1:oidc-provider/app.terraform.io", eq("StringLike", "app.terraform.io:sub", "organization:acme:project:*:workspace:*:run_phase:*"))), "", "aws:trust-oidc-bounded-wide-subject", false},
		{"Terraform Cloud one workspace", doc(web("arn:aws:iam::1:oidc-provider/app.terraform.io", eq("StringLike", "app.terraform.io:sub", "organization:acme:project:*:workspace:prod-network:run_phase:*"))), "", "", false},
		{"Terraform Cloud without sub", doc(web("arn:aws:iam::1:oidc-provider/app.terraform.io", eq("StringEquals", "app.terraform.io:aud", "aws.workload.identity"))), "", "aws:trust-oidc-no-subject", false},
		{"EKS without sub", doc(web("arn:aws:iam::1:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC", eq("StringEquals", "oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud", "sts.amazonaws.com"))), "", "aws:trust-oidc-no-subject", false},
		{"EKS namespace wildcard", doc(web("arn:aws:iam::1:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC", eq("StringLike", "oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub", "system:serviceaccount:apps:*"))), "", "aws:trust-oidc-wide-subject", false},
		{"EKS a namespace's default service account", doc(web("arn:aws:iam::1:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC", eq("StringEquals", "oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub", "system:serviceaccount:apps:default"))), "", "k8s:default-service-account", false},
		{"EKS one service account", doc(web("arn:aws:iam::1:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC", eq("StringEquals", "oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub", "system:serviceaccount:apps:api"))), "", "", false},
		{"Cognito without aud", doc(web("cognito-identity.amazonaws.com", nil)), "", "aws:trust-cognito-no-aud", false},
		{"Cognito with aud", doc(web("cognito-identity.amazonaws.com", eq("StringEquals", "cognito-identity.amazonaws.com:aud", "eu-west-1:pool"))), "", "", false},
		{"Deny-only trust", doc(map[string]any{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole"}), "", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r, err := AnalyzeTrust(tc.doc, TrustOptions{Account: tc.account, Source: iam.Source{Chain: []string{"aws_iam_role.r"}}})
			if err != nil {
				t.Fatal(err)
			}
			got := ids(r.Verdict, iam.KindOpenTrust)
			if tc.want == "" && len(got) > 0 {
				t.Fatalf("unexpected %v", got)
			}
			if tc.want != "" && !slices.Contains(got, tc.want) {
				t.Fatalf("missing %s in %v", tc.want, got)
			}
			if tc.unknowns != (len(r.Unknowns) > 0) {
				t.Fatalf("unknowns %v", r.Unknowns)
			}
			if tc.want != "" && !slices.Equal(r.Chain(), []string{"aws_iam_role.r"}) {
				t.Fatalf("chain %v", r.Chain())
			}
		})
	}
}

func TestTrustedIssuerFromConditionKeys(t *testing.T) {
	t.Parallel()
	r, err := AnalyzeTrust(doc(web(value.Unknown{Ref: "aws_iam_openid_connect_provider.github.arn"},
		eq("StringEquals", "token.actions.githubusercontent.com:sub", "repo:o/r:environment:prod"))), TrustOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Trusted) != 1 || r.Trusted[0].Issuer != "token.actions.githubusercontent.com" || len(r.Trusted[0].Subjects) != 1 {
		t.Fatalf("trusted %+v", r.Trusted)
	}
	if _, err := AnalyzeTrust(`{"Statement":`, TrustOptions{}); err == nil {
		t.Fatal("want parse error")
	}
}

// A secret's resource policy open to anyone is reported; one narrowed to
// an organization, or granting something else, is not.
func TestAnalyzePublicRead(t *testing.T) {
	t.Parallel()
	get := []string{"secretsmanager:GetSecretValue"}
	for _, tc := range []struct {
		name string
		doc  map[string]any
		open bool
	}{
		{"anyone reads", doc(map[string]any{"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}), true},
		{"AWS * with a wildcard action", doc(map[string]any{"Effect": "Allow", "Principal": map[string]any{"AWS": "*"}, "Action": "secretsmanager:*", "Resource": "*"}), true},
		{"narrowed to the organization", doc(map[string]any{"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*",
			"Condition": map[string]any{"StringEquals": map[string]any{"aws:PrincipalOrgID": "o-abc123"}}}), false},
		{"one account", doc(map[string]any{"Effect": "Allow", "Principal": map[string]any{"AWS": "arn:aws:iam::111122223333:root"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}), false},
		{"describe only", doc(map[string]any{"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:DescribeSecret", "Resource": "*"}), false},
	} {
		v, err := AnalyzePublicRead(tc.doc, get, iam.Source{Chain: []string{"aws_secretsmanager_secret_policy.p"}})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(v.Evidence) > 0; got != tc.open {
			t.Errorf("%s: open %v, want %v", tc.name, got, tc.open)
		}
	}
}
