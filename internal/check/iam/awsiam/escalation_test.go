package awsiam

import (
	"slices"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

func TestEscalationPaths(t *testing.T) {
	t.Parallel()
	passedTo := func(svc ...any) map[string]any {
		return map[string]any{"StringEquals": map[string]any{"iam:PassedToService": svc}}
	}
	tests := []struct {
		name  string
		stmts []map[string]any
		kind  PrincipalKind
		want  string // evidence id that must be present; "" for none
		not   []string
	}{
		// Every secret's value, not one secret's; a service wildcard says it already.
		{"GetSecretValue on *", []map[string]any{stmt("Allow", "secretsmanager:GetSecretValue", "*")}, 0, "aws:secrets-read", nil},
		{"GetSecretValue on every secret", []map[string]any{stmt("Allow", "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:*:111122223333:secret:*")}, 0, "aws:secrets-read", nil},
		{"GetSecretValue on one secret", []map[string]any{stmt("Allow", "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/db-AbCdEf")}, 0, "", []string{"aws:secrets-read"}},
		{"secretsmanager:* on *", []map[string]any{stmt("Allow", "secretsmanager:*", "*")}, 0, "", []string{"aws:secrets-read"}},
		// IAM on other users, on policies, on trust.
		{"CreatePolicyVersion on *", []map[string]any{stmt("Allow", "iam:CreatePolicyVersion", "*")}, 0, "aws:create-policy-version", nil},
		{"CreatePolicyVersion on one policy", []map[string]any{stmt("Allow", "iam:CreatePolicyVersion", "arn:aws:iam::1:policy/app")}, 0, "", []string{"aws:create-policy-version"}},
		{"SetDefaultPolicyVersion on policy/*", []map[string]any{stmt("Allow", "iam:SetDefaultPolicyVersion", "arn:aws:iam::1:policy/*")}, 0, "aws:set-default-policy-version", nil},
		{"CreateAccessKey on user/*", []map[string]any{stmt("Allow", "iam:CreateAccessKey", "arn:aws:iam::111122223333:user/*")}, 0, "aws:create-access-key", nil},
		{"CreateAccessKey on self", []map[string]any{stmt("Allow", "iam:CreateAccessKey", "arn:aws:iam::111122223333:user/${aws:username}")}, 0, "", []string{"aws:create-access-key"}},
		{"CreateAccessKey on an unknown user", []map[string]any{stmt("Allow", "iam:CreateAccessKey", value.Unknown{Ref: "aws_iam_user.x.arn"})}, 0, "", []string{"aws:create-access-key"}},
		{"CreateLoginProfile on *", []map[string]any{stmt("Allow", "iam:CreateLoginProfile", "*")}, 0, "aws:create-login-profile", nil},
		{"UpdateLoginProfile on users under a path", []map[string]any{stmt("Allow", "iam:UpdateLoginProfile", "arn:aws:iam::1:user/machine/*")}, 0, "aws:update-login-profile", nil},
		{"UpdateLoginProfile on a name prefix", []map[string]any{stmt("Allow", "iam:UpdateLoginProfile", "arn:aws:iam::1:user/ci-*")}, 0, "", []string{"aws:update-login-profile"}},
		{"AttachUserPolicy on * for a role", []map[string]any{stmt("Allow", "iam:AttachUserPolicy", "*")}, PrincipalRole, "aws:attach-user-policy", nil},
		{"AttachGroupPolicy on *", []map[string]any{stmt("Allow", "iam:AttachGroupPolicy", "*")}, PrincipalUser, "aws:attach-group-policy", nil},
		{"AttachRolePolicy on role/* for a user", []map[string]any{stmt("Allow", "iam:AttachRolePolicy", "arn:aws:iam::1:role/*")}, PrincipalUser, "aws:attach-role-policy", nil},
		{"PutUserPolicy on * for a role", []map[string]any{stmt("Allow", "iam:PutUserPolicy", "*")}, PrincipalRole, "aws:put-user-policy", nil},
		{"PutGroupPolicy on *", []map[string]any{stmt("Allow", "iam:PutGroupPolicy", "*")}, PrincipalRole, "aws:put-group-policy", nil},
		{"PutRolePolicy on * for a user", []map[string]any{stmt("Allow", "iam:PutRolePolicy", "*")}, PrincipalUser, "aws:put-role-policy", nil},
		{"AddUserToGroup on *", []map[string]any{stmt("Allow", "iam:AddUserToGroup", "*")}, 0, "aws:add-user-to-group", nil},
		{"AddUserToGroup on one group", []map[string]any{stmt("Allow", "iam:AddUserToGroup", "arn:aws:iam::1:group/readers")}, 0, "", []string{"aws:add-user-to-group"}},
		{"UpdateAssumeRolePolicy on *", []map[string]any{stmt("Allow", "iam:UpdateAssumeRolePolicy", "*")}, 0, "aws:update-assume-role-policy", nil},
		{"sts:AssumeRole on *", []map[string]any{stmt("Allow", "sts:AssumeRole", "*")}, 0, "aws:assume-any-role", nil},
		{"sts:AssumeRole on one role", []map[string]any{stmt("Allow", "sts:AssumeRole", "arn:aws:iam::1:role/deploy")}, 0, "", []string{"aws:assume-any-role"}},
		{"sts:AssumeRole on one role name in every account", []map[string]any{stmt("Allow", "sts:AssumeRole", "arn:aws:iam::*:role/OrganizationAccountAccessRole")}, 0, "aws:assume-any-role", nil},
		// PassRole with compute.
		{"PassRole * + RunInstances", []map[string]any{stmt("Allow", []any{"iam:PassRole", "ec2:RunInstances"}, "*")}, 0, "aws:passrole-ec2", nil},
		{"PassRole * passed to EC2 only + RunInstances", []map[string]any{stmt("Allow", "iam:PassRole", "*", "Condition", passedTo("ec2.amazonaws.com")), stmt("Allow", "ec2:RunInstances", "*")}, 0, "aws:passrole-ec2", nil},
		{"PassRole * passed to Lambda only + RunInstances", []map[string]any{stmt("Allow", "iam:PassRole", "*", "Condition", passedTo("lambda.amazonaws.com")), stmt("Allow", "ec2:RunInstances", "*")}, 0, "", []string{"aws:passrole-ec2"}},
		{"PassRole on one role with PassedToService + RunInstances", []map[string]any{stmt("Allow", "iam:PassRole", "arn:aws:iam::1:role/app", "Condition", passedTo("ec2.amazonaws.com")), stmt("Allow", "ec2:RunInstances", "*")}, 0, "", []string{"aws:passrole-ec2", "aws:passrole-any"}},
		{"PassRole * + CreateFunction + InvokeFunction", []map[string]any{stmt("Allow", []any{"iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"}, "*")}, 0, "aws:passrole-lambda", nil},
		{"PassRole * + CreateFunction without a trigger", []map[string]any{stmt("Allow", []any{"iam:PassRole", "lambda:CreateFunction"}, "*")}, 0, "aws:passrole-any", []string{"aws:passrole-lambda"}},
		{"PassRole * + ecs:RunTask on task definitions", []map[string]any{stmt("Allow", "iam:PassRole", "*"), stmt("Allow", "ecs:RunTask", "arn:aws:ecs:eu-central-1:1:task-definition/build-*")}, 0, "aws:passrole-ecs", nil},
		{"PassRole * + RegisterTaskDefinition + CreateService", []map[string]any{stmt("Allow", []any{"iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:CreateService"}, "*")}, 0, "aws:passrole-ecs", nil},
		{"PassRole * + glue:CreateDevEndpoint", []map[string]any{stmt("Allow", []any{"iam:PassRole", "glue:CreateDevEndpoint"}, "*")}, 0, "aws:passrole-glue", nil},
		{"PassRole * + glue:CreateJob + StartJobRun", []map[string]any{stmt("Allow", []any{"iam:PassRole", "glue:CreateJob", "glue:StartJobRun"}, "*")}, 0, "aws:passrole-glue", nil},
		{"PassRole * + cloudformation:CreateStack", []map[string]any{stmt("Allow", []any{"iam:PassRole", "cloudformation:CreateStack"}, "*")}, 0, "aws:passrole-cloudformation", nil},
		{"PassRole * + datapipeline", []map[string]any{stmt("Allow", []any{"iam:PassRole", "datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"}, "*")}, 0, "aws:passrole-datapipeline", nil},
		{"PassRole * + sagemaker:CreateNotebookInstance", []map[string]any{stmt("Allow", []any{"iam:PassRole", "sagemaker:CreateNotebookInstance"}, "*")}, 0, "aws:passrole-sagemaker", nil},
		{"PassRole * + codebuild", []map[string]any{stmt("Allow", []any{"iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuild"}, "*")}, 0, "aws:passrole-codebuild", nil},
		{"PassRole * + apprunner", []map[string]any{stmt("Allow", []any{"iam:PassRole", "apprunner:CreateService"}, "*")}, 0, "aws:passrole-apprunner", nil},
		{"PassRole * + step functions", []map[string]any{stmt("Allow", []any{"iam:PassRole", "states:CreateStateMachine", "states:StartExecution"}, "*")}, 0, "aws:passrole-stepfunctions", nil},
		{"PassRole on an unknown role + RunInstances", []map[string]any{stmt("Allow", "iam:PassRole", value.Unknown{Ref: "aws_iam_role.x.arn"}), stmt("Allow", "ec2:RunInstances", "*")}, 0, "", []string{"aws:passrole-ec2", "aws:passrole-any"}},
		// Services that act with roles they already have.
		{"lambda:UpdateFunctionCode on *", []map[string]any{stmt("Allow", "lambda:UpdateFunctionCode", "*")}, 0, "aws:lambda-update-code", nil},
		{"lambda:UpdateFunctionCode on one function", []map[string]any{stmt("Allow", "lambda:UpdateFunctionCode", "arn:aws:lambda:eu-west-1:1:function:app")}, 0, "", []string{"aws:lambda-update-code"}},
		{"glue:UpdateDevEndpoint on *", []map[string]any{stmt("Allow", "glue:UpdateDevEndpoint", "*")}, 0, "aws:glue-update-dev-endpoint", nil},
		{"cloudformation:UpdateStack on *", []map[string]any{stmt("Allow", "cloudformation:UpdateStack", "*")}, 0, "aws:cloudformation-update-stack", nil},
		{"ssm:SendCommand on *", []map[string]any{stmt("Allow", "ssm:SendCommand", "*")}, 0, "aws:ssm-command", nil},
		{"ec2-instance-connect on *", []map[string]any{stmt("Allow", "ec2-instance-connect:SendSSHPublicKey", "*")}, 0, "aws:ec2-instance-connect", nil},
		{"user data rewrite", []map[string]any{stmt("Allow", []any{"ec2:ModifyInstanceAttribute", "ec2:StartInstances", "ec2:StopInstances"}, "*")}, 0, "aws:ec2-user-data", nil},
		// Look-alikes that raise nothing.
		{"iam:Get* and iam:List* on *", []map[string]any{stmt("Allow", []any{"iam:Get*", "iam:List*"}, "*")}, 0, "", []string{"aws:passrole-any", "aws:create-access-key"}},
		{"Deny PassRole removes the path", []map[string]any{stmt("Allow", []any{"iam:PassRole", "ec2:RunInstances"}, "*"), stmt("Deny", "iam:PassRole", "*")}, 0, "", []string{"aws:passrole-ec2", "aws:passrole-any"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := Evaluate(Input{Kind: tc.kind, Policies: []Policy{pol("policy", doc(tc.stmts...))}})
			got := ids(r.Verdict, iam.KindEscalation, iam.KindWildcard, iam.KindSecretsRead)
			if tc.want != "" && !slices.Contains(got, tc.want) {
				t.Fatalf("missing %s in %v", tc.want, got)
			}
			for _, id := range tc.not {
				if slices.Contains(got, id) {
					t.Fatalf("unexpected %s in %v", id, got)
				}
			}
			if r.Class == iam.ClassAdmin {
				t.Fatalf("escalation alone must not be admin: %v", ids(r.Verdict))
			}
			for _, e := range r.Of(iam.KindEscalation) {
				if len(e.Grants) == 0 || e.Grants[0].Source.Chain[0] != "policy" {
					t.Fatalf("evidence without grants: %+v", e)
				}
			}
		})
	}
}

func TestSelfGrantIsAdmin(t *testing.T) {
	t.Parallel()
	tests := []struct {
		action string
		kind   PrincipalKind
		admin  bool
	}{
		{"iam:AttachUserPolicy", PrincipalUser, true},
		{"iam:PutUserPolicy", PrincipalUser, true},
		{"iam:AttachRolePolicy", PrincipalRole, true},
		{"iam:PutRolePolicy", PrincipalRole, true},
		{"iam:PutGroupPolicy", PrincipalGroup, true},
		{"iam:AttachRolePolicy", PrincipalUser, false},
		{"iam:AttachUserPolicy", PrincipalRole, false},
		{"iam:AttachRolePolicy", PrincipalUnspecified, true},
	}
	for _, tc := range tests {
		r := Evaluate(Input{Kind: tc.kind, Policies: []Policy{pol("p", doc(stmt("Allow", tc.action, "*")))}})
		if got := r.Class == iam.ClassAdmin; got != tc.admin {
			t.Errorf("%s for kind %d: class %s", tc.action, tc.kind, r.Class)
		}
	}
	// On a single named role it is not.
	r := Evaluate(Input{Kind: PrincipalRole, Policies: []Policy{pol("p", doc(stmt("Allow", "iam:AttachRolePolicy", "arn:aws:iam::1:role/other")))}})
	if r.Class != iam.ClassPermissionsManagement {
		t.Errorf("named role: class %s", r.Class)
	}
}

func TestPermissionsBoundaryEscalation(t *testing.T) {
	t.Parallel()
	p := []Policy{pol("p", doc(stmt("Allow", []any{"iam:DeleteRolePermissionsBoundary", "s3:GetObject"}, "*")))}
	b := []Policy{pol("b", doc(stmt("Allow", "*", "*")))}
	if got := ids(Evaluate(Input{Policies: p}).Verdict); slices.Contains(got, "aws:remove-permissions-boundary") {
		t.Fatalf("without a boundary: %v", got)
	}
	if got := ids(Evaluate(Input{Policies: p, Boundaries: b}).Verdict); !slices.Contains(got, "aws:remove-permissions-boundary") {
		t.Fatalf("with a boundary: %v", got)
	}
}

// The catalogue names actions; if a data refresh renamed or dropped one,
// its path would silently stop matching.
func TestCatalogueActionsExist(t *testing.T) {
	t.Parallel()
	check := func(a string) {
		if _, _, ok := LookupAction(a); !ok {
			t.Errorf("%s is not in the action table", a)
		}
	}
	for _, e := range escalations {
		for _, groups := range [][][]string{e.broad, e.also} {
			for _, g := range groups {
				for _, a := range g {
					check(a)
				}
			}
		}
	}
	for _, as := range selfGrantActions {
		for _, a := range as {
			check(a)
		}
	}
	for _, a := range assumeActions {
		check(a)
	}
}
