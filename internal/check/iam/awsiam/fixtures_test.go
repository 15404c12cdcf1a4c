package awsiam

import (
	"slices"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// The documents below are the policy shapes of shared/fixtures (aws-01,
// aws-03, aws-04, aws-05, aws-10) as the plan or the configuration gives
// them; the expected verdicts are those of each fixture's EXPECTED.md.

const (
	etlEverything = `{"Version":"2012-10-17","Statement":[{"Action":"*","Effect":"Allow","Resource":"*","Sid":"TemporaryDebug"}]}`
	s3All         = `{"Statement":[{"Action":"s3:*","Effect":"Allow","Resource":"*","Sid":"AllS3"}],"Version":"2012-10-17"}`
	powerUserLike = `{"Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"}],"Version":"2012-10-17"}`
	regionGuard   = `{"Statement":[{"Action":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-central-1","eu-west-1"]}},"Effect":"Deny","Resource":"*","Sid":"DenyOutsideEU"}],"Version":"2012-10-17"}`
	jenkinsPolicy = `{"Version":"2012-10-17","Statement":[{"Action":"iam:PassRole","Effect":"Allow","Resource":"*","Sid":"PassAnyRole"},{"Action":["ecs:RunTask","ecs:DescribeTasks"],"Effect":"Allow","Resource":"arn:aws:ecs:eu-central-1:111122223333:task-definition/build-*","Sid":"RunTasks"}]}`
	glueTrust     = `{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"glue.amazonaws.com"}}],"Version":"2012-10-17"}`
)

// scopedPassRole is aws_iam_role_policy.etl_scoped_passrole rebuilt from
// configuration: its Resource is the ARN of a role created in the plan.
var scopedPassRole = map[string]any{
	"Version": "2012-10-17",
	"Statement": []any{map[string]any{
		"Effect":    "Allow",
		"Action":    "iam:PassRole",
		"Resource":  value.Unknown{Ref: "aws_iam_role.ecs_exec.arn"},
		"Condition": map[string]any{"StringEquals": map[string]any{"iam:PassedToService": "ecs-tasks.amazonaws.com"}},
	}},
}

func src(chain ...string) iam.Source { return iam.Source{Chain: chain} }

func TestFixtureAWS03Documents(t *testing.T) {
	t.Parallel()
	tests := []struct {
		address string
		doc     any
		class   iam.Class
		flagged bool // admin, wildcard or escalation evidence
		ids     []string
	}{
		{"aws_iam_role_policy.etl_everything", etlEverything, iam.ClassAdmin, true, []string{"aws:all-actions"}},
		{"aws_iam_policy.s3_all", s3All, iam.ClassPermissionsManagement, true, []string{"aws:service-wildcard"}},
		{"aws_iam_policy.power_user_like", powerUserLike, iam.ClassAdmin, true, []string{"aws:near-total"}},
		{"aws_iam_user_policy.jenkins", jenkinsPolicy, iam.ClassWrite, true, []string{"aws:passrole-ecs"}},
		{"aws_iam_policy.region_guard", regionGuard, iam.ClassNone, false, nil},
		{"aws_iam_role_policy.etl_scoped_passrole", scopedPassRole, iam.ClassWrite, false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.address, func(t *testing.T) {
			t.Parallel()
			r, err := AnalyzeDocument(tc.doc, src(tc.address))
			if err != nil {
				t.Fatal(err)
			}
			if r.Class != tc.class {
				t.Fatalf("class %s, want %s", r.Class, tc.class)
			}
			flagged := ids(r.Verdict, iam.KindAdmin, iam.KindWildcard, iam.KindEscalation)
			if (len(flagged) > 0) != tc.flagged {
				t.Fatalf("flagged %v", flagged)
			}
			for _, id := range tc.ids {
				if !slices.Contains(flagged, id) {
					t.Fatalf("missing %s in %v", id, flagged)
				}
			}
		})
	}
	t.Run("aws_iam_role.etl is admin through its attachments", func(t *testing.T) {
		t.Parallel()
		r := Evaluate(Input{Kind: PrincipalRole, Policies: []Policy{
			{Document: etlEverything, Source: src("aws_iam_role_policy.etl_everything")},
			{Document: s3All, Source: src("aws_iam_role_policy_attachment.etl_s3_all", "aws_iam_policy.s3_all")},
			{Document: powerUserLike, Source: src("aws_iam_role_policy_attachment.etl_power_user", "aws_iam_policy.power_user_like")},
			{Document: regionGuard, Source: src("aws_iam_role_policy_attachment.etl_region_guard", "aws_iam_policy.region_guard")},
			{Document: scopedPassRole, Source: src("aws_iam_role_policy.etl_scoped_passrole")},
		}})
		if r.Class != iam.ClassAdmin {
			t.Fatalf("class %s", r.Class)
		}
		chain := r.Chain(iam.KindAdmin)
		for _, want := range []string{"aws_iam_role_policy.etl_everything", "aws_iam_policy.power_user_like"} {
			if !slices.Contains(chain, want) {
				t.Errorf("admin chain %v lacks %s", chain, want)
			}
		}
		if slices.Contains(chain, "aws_iam_policy.region_guard") {
			t.Errorf("the guard rail is not a grant: %v", chain)
		}
	})
	t.Run("trusts of aws-03 are closed", func(t *testing.T) {
		t.Parallel()
		for _, d := range []string{glueTrust, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}`} {
			r, err := AnalyzeTrust(d, TrustOptions{})
			if err != nil || r.Has(iam.KindOpenTrust) {
				t.Fatalf("%v %v", err, ids(r.Verdict))
			}
		}
	})
}

func TestFixtureAWS04GroupInheritance(t *testing.T) {
	t.Parallel()
	readers := `{"Statement":[{"Action":["s3:GetObject"],"Effect":"Allow","Resource":["arn:aws:s3:::example-artifacts/releases/*"]}],"Version":"2012-10-17"}`
	releaseBot := Evaluate(Input{Kind: PrincipalUser, Policies: []Policy{
		{ARN: "arn:aws:iam::aws:policy/AdministratorAccess", Source: src("aws_iam_user_group_membership.release_bot", "aws_iam_group.deployers", "aws_iam_group_policy_attachment.deployers_admin")},
		{Document: readers, Source: src("aws_iam_user_group_membership.release_bot", "aws_iam_group.artifact_readers", "aws_iam_group_policy.artifact_readers")},
	}})
	if releaseBot.Class != iam.ClassAdmin {
		t.Fatalf("release_bot: %s", releaseBot.Class)
	}
	want := []string{"aws_iam_user_group_membership.release_bot", "aws_iam_group.deployers", "aws_iam_group_policy_attachment.deployers_admin"}
	if got := releaseBot.Chain(iam.KindAdmin); !slices.Equal(got, want) {
		t.Fatalf("chain %v", got)
	}
	mirrorBot := Evaluate(Input{Kind: PrincipalUser, Policies: []Policy{
		{Document: readers, Source: src("aws_iam_group_membership.artifact_readers", "aws_iam_group.artifact_readers", "aws_iam_group_policy.artifact_readers")},
	}})
	if mirrorBot.Class != iam.ClassRead || len(mirrorBot.Evidence) > 0 {
		t.Fatalf("mirror_bot: %s %v", mirrorBot.Class, ids(mirrorBot.Verdict))
	}
	group := Evaluate(Input{Kind: PrincipalGroup, Policies: []Policy{{ARN: "AdministratorAccess", Source: src("aws_iam_group_policy_attachment.deployers_admin")}}})
	if group.Class != iam.ClassAdmin {
		t.Fatalf("deployers group: %s", group.Class)
	}
}

func TestFixtureAWS05Trust(t *testing.T) {
	t.Parallel()
	githubProvider := "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
	tests := []struct {
		address string
		doc     string
		open    bool
	}{
		{"aws_iam_role.anyone", `{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"AWS":"*"}}],"Version":"2012-10-17"}`, true},
		{"aws_iam_role.github_no_sub", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRoleWithWebIdentity","Principal":{"Federated":"` + githubProvider + `"},"Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}}]}`, true},
		{"aws_iam_role.github_any_repo", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRoleWithWebIdentity","Principal":{"Federated":"` + githubProvider + `"},"Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:*"}}}]}`, true},
		{"aws_iam_role.org_reader", `{"Statement":[{"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}},"Effect":"Allow","Principal":{"AWS":"*"}}],"Version":"2012-10-17"}`, false},
	}
	for _, tc := range tests {
		t.Run(tc.address, func(t *testing.T) {
			t.Parallel()
			r, err := AnalyzeTrust(tc.doc, TrustOptions{Source: src(tc.address)})
			if err != nil {
				t.Fatal(err)
			}
			if r.Has(iam.KindOpenTrust) != tc.open {
				t.Fatalf("open trust %v: %v", !tc.open, ids(r.Verdict))
			}
		})
	}
	// The permissions behind those roles: reachable, but not themselves wildcards.
	perms := []struct {
		name  string
		p     Policy
		class iam.Class
	}{
		{"github_no_sub policy", Policy{Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:Describe*","ec2:CreateTags"],"Resource":"*"}]}`}, iam.ClassWrite},
		{"AmazonEC2ContainerRegistryPowerUser", Policy{ARN: "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser"}, iam.ClassWrite},
		{"ReadOnlyAccess", Policy{ARN: "arn:aws:iam::aws:policy/ReadOnlyAccess"}, iam.ClassRead},
		{"org_reader policy", Policy{Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::example-inventory/reports/*"}]}`}, iam.ClassRead},
	}
	for _, p := range perms {
		r := Evaluate(Input{Kind: PrincipalRole, Policies: []Policy{p.p}})
		if r.Class != p.class || r.Has(iam.KindWildcard) || r.Has(iam.KindEscalation) {
			t.Errorf("%s: %s %v", p.name, r.Class, ids(r.Verdict))
		}
	}
}

func TestFixtureAWS10Widened(t *testing.T) {
	t.Parallel()
	before := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::example-finance-reports","arn:aws:s3:::example-finance-reports/monthly/*"]}]}`
	after := `{"Version":"2012-10-17","Statement":[{"Action":["s3:*"],"Effect":"Allow","Resource":["*"],"Sid":"ReadReports"}]}`
	b := Evaluate(Input{Kind: PrincipalUser, Policies: []Policy{{Document: before}, {ARN: "arn:aws:iam::aws:policy/IAMReadOnlyAccess"}}})
	a := Evaluate(Input{Kind: PrincipalUser, Policies: []Policy{{Document: after, Source: src("aws_iam_user_policy.reporter")}, {ARN: "arn:aws:iam::aws:policy/IAMReadOnlyAccess"}}})
	if b.Class != iam.ClassRead || b.Has(iam.KindWildcard) {
		t.Fatalf("before: %s %v", b.Class, ids(b.Verdict))
	}
	if a.Class <= b.Class || !slices.Contains(ids(a.Verdict), "aws:service-wildcard") {
		t.Fatalf("after: %s %v", a.Class, ids(a.Verdict))
	}
}

func TestFixtureAWS01GoodBaseline(t *testing.T) {
	t.Parallel()
	bucket := value.Unknown{Ref: "aws_s3_bucket.artifacts.arn"}
	deploy := map[string]any{"Version": "2012-10-17", "Statement": []any{
		map[string]any{"Sid": "UploadReleases", "Effect": "Allow", "Action": []any{"s3:PutObject", "s3:GetObject"}, "Resource": []any{value.Unknown{Ref: "aws_s3_bucket.artifacts.arn"}}},
		map[string]any{"Sid": "ListReleasePrefix", "Effect": "Allow", "Action": []any{"s3:ListBucket"}, "Resource": []any{bucket},
			"Condition": map[string]any{"StringLike": map[string]any{"s3:prefix": []any{"releases/*"}}}},
	}}
	r := Evaluate(Input{Kind: PrincipalRole, Policies: []Policy{{Document: deploy, Source: src("aws_iam_role_policy.deploy")}}})
	if r.Class != iam.ClassWrite || len(r.Evidence) > 0 || !slices.Contains(r.Unknowns, "aws_s3_bucket.artifacts.arn") {
		t.Fatalf("deploy: %s %v %v", r.Class, ids(r.Verdict), r.Unknowns)
	}
	trust := map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Sid": "GitHubActionsProductionDeploy", "Effect": "Allow", "Action": []any{"sts:AssumeRoleWithWebIdentity"},
		"Principal": map[string]any{"Federated": []any{value.Unknown{Ref: "aws_iam_openid_connect_provider.github.arn"}}},
		"Condition": map[string]any{"StringEquals": map[string]any{
			"token.actions.githubusercontent.com:aud": []any{"sts.amazonaws.com"},
			"token.actions.githubusercontent.com:sub": []any{"repo:example-org/payments-service:environment:production"},
		}},
	}}}
	tr, err := AnalyzeTrust(trust, TrustOptions{})
	if err != nil || tr.Has(iam.KindOpenTrust) {
		t.Fatalf("deploy trust: %v %v", err, ids(tr.Verdict))
	}
	task, err := AnalyzeTrust(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}}]}`, TrustOptions{})
	if err != nil || task.Has(iam.KindOpenTrust) {
		t.Fatalf("task trust: %v", err)
	}
}
