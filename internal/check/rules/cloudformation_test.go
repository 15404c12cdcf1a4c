package rules_test

import (
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// A CloudFormation stack makes what its template declares, and the plan
// shows only the stack: an access key, an admin role or an open trust in
// an inline template passed the gate. They are reported on the stack,
// naming the template's logical id, from YAML (short-form intrinsics) and
// JSON templates; intrinsic functions are unknown values, except a Fn::Sub
// that only names the partition (how templates name AWS managed policies).
func TestCloudFormationTemplates(t *testing.T) {
	t.Parallel()
	yamlTemplate := `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  DeployUser:
    Type: AWS::IAM::User
    Properties:
      ManagedPolicyArns:
        - !Sub arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess
  DeployKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref DeployUser
  OldKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref DeployUser
      Status: Inactive
  OpenRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: "*" }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: read-bucket
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: !Sub "${Bucket.Arn}/*"
  Bucket:
    Type: AWS::S3::Bucket
  Admin:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            NotAction: ["iam:CreateUser"]
            Resource: "*"
  Admins:
    Type: AWS::IAM::Group
    Properties:
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
  Member:
    Type: AWS::IAM::User
  InGroup:
    Type: AWS::IAM::User
    Properties:
      Groups: [!Ref Admins]
  Addition:
    Type: AWS::IAM::UserToGroupAddition
    Properties:
      GroupName: !Ref Admins
      Users: [!Ref Member]
  Ops:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ecs-tasks.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns: [!Ref Admin]
Outputs:
  KeyId:
    Value: !Ref DeployKey
  Secret:
    Value: !GetAtt DeployKey.SecretAccessKey
  Env:
    Value: !Sub "AWS_SECRET_ACCESS_KEY=${DeployKey.SecretAccessKey}"
`
	jsonTemplate := `{"Resources": {
  "Runner": {"Type": "AWS::IAM::Role", "Properties": {
    "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}},
  "RunnerPolicy": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "runner", "Roles": [{"Ref": "Runner"}],
    "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], "Resource": "*"}]}}}
}}`
	quiet := `{"Resources": {"Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 7}},
  "App": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
    "ManagedPolicyArns": [{"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/app"}]}}}}`
	owned := map[string]any{"owner": "team-a"}
	stack := func(name, template string) res {
		return res{Addr: "aws_cloudformation_stack." + name, After: map[string]any{"name": name, "template_body": template, "tags": owned, "tags_all": owned,
			"capabilities": []any{"CAPABILITY_IAM"}}}
	}
	r := check(t, []res{
		stack("yaml", yamlTemplate), stack("json", jsonTemplate), stack("quiet", quiet),
		stack("broken", "Resources: [unclosed"), stack("not_a_template", "just text"),
		{Addr: "aws_cloudformation_stack.remote", After: map[string]any{"name": "remote", "template_url": "https://s3.amazonaws.com/b/t.yaml", "tags": owned, "tags_all": owned,
			"capabilities": []any{"CAPABILITY_NAMED_IAM"}}},
		{Addr: "aws_cloudformation_stack.remote_no_iam", After: map[string]any{"name": "r2", "template_url": "https://s3.amazonaws.com/b/t2.yaml", "tags": owned, "tags_all": owned}},
	}, nil)
	var note string
	for _, n := range r.Notes {
		if strings.Contains(n, "CloudFormation") {
			note = n
		}
	}
	if !strings.Contains(note, "1 CloudFormation stack(s) may make IAM resources") || !strings.Contains(note, "aws_cloudformation_stack.remote first") {
		t.Errorf("a stack whose IAM resources are out of sight is not noted: %q", r.Notes)
	}

	for _, want := range []struct{ addr, rule, says string }{
		{"aws_cloudformation_stack.yaml", "NHI-002", "AWS::IAM::AccessKey DeployKey"},
		{"aws_cloudformation_stack.yaml", "NHI-004", "AWS::IAM::User DeployUser"},
		{"aws_cloudformation_stack.yaml", "NHI-006", "AWS::IAM::Role OpenRole"},
		{"aws_cloudformation_stack.yaml", "NHI-004", "AWS::IAM::Role Ops"},
		{"aws_cloudformation_stack.yaml", "NHI-004", "AWS::IAM::ManagedPolicy Admin"},
		{"aws_cloudformation_stack.yaml", "NHI-004", "AWS::IAM::Group Admins"},
		{"aws_cloudformation_stack.yaml", "NHI-004", "AWS::IAM::User Member"},
		{"aws_cloudformation_stack.yaml", "NHI-004", "AWS::IAM::User InGroup"},
		{"aws_cloudformation_stack.yaml", "NHI-007", "CloudFormation outputs (Env, Secret)"},
		{"aws_cloudformation_stack.json", "NHI-005", "AWS::IAM::Role Runner"},
	} {
		var f *report.Finding
		for _, x := range r.Findings {
			if x.Address == want.addr && x.Rule == want.rule && strings.Contains(x.Message, want.says) {
				f = x
			}
		}
		if f == nil {
			t.Errorf("%s: no %s naming %s: %v", want.addr, want.rule, want.says, findings(r))
			continue
		}
		if !f.Introduced || !f.Blocking || !strings.Contains(f.Message, "CloudFormation") {
			t.Errorf("%s %s: introduced=%v blocking=%v: %s", want.addr, want.rule, f.Introduced, f.Blocking, f.Message)
		}
	}
	for _, f := range r.Findings {
		switch {
		case strings.Contains(f.Message, "OldKey"):
			t.Errorf("an inactive key is reported: %s", f.Message)
		case f.Address == "aws_cloudformation_stack.yaml" && f.Rule != "NHI-002" && f.Rule != "NHI-004" && f.Rule != "NHI-006" && f.Rule != "NHI-007",
			f.Address == "aws_cloudformation_stack.json" && f.Rule != "NHI-005",
			f.Address == "aws_cloudformation_stack.quiet", f.Address == "aws_cloudformation_stack.broken", f.Address == "aws_cloudformation_stack.not_a_template":
			t.Errorf("unexpected %s on %s: %s", f.Rule, f.Address, f.Message)
		}
	}
}
