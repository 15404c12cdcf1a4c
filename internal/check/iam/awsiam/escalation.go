package awsiam

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
)

// An escalation is a known way (Rhino Security Labs, pathfinding.cloud) to
// turn limited rights into admin or into another identity's rights.
type escalation struct {
	id  string
	msg string
	// broad: each any-of group must be held on every resource of its type
	// ("*", "role/*"), because on one named resource the danger depends on
	// that resource, which the caller can check with Result.Allows.
	broad [][]string
	// passTo: the path hands a role to this service principal, so it also
	// needs iam:PassRole on every role, passable to that service.
	passTo string
	// also: any-of groups needed on some resource (creating compute).
	also [][]string
	// onlyBounded: the path only matters when a boundary applies.
	onlyBounded bool

	// broadLower and alsoLower are broad and also in lower case.
	broadLower, alsoLower [][]string
}

func init() {
	lower := func(groups [][]string) [][]string {
		out := make([][]string, len(groups))
		for i, g := range groups {
			for _, a := range g {
				out[i] = append(out[i], strings.ToLower(a))
			}
		}
		return out
	}
	for i := range escalations {
		escalations[i].broadLower = lower(escalations[i].broad)
		escalations[i].alsoLower = lower(escalations[i].also)
		for _, g := range slices.Concat(escalations[i].broadLower, escalations[i].alsoLower) {
			catalogue = append(catalogue, g...)
		}
	}
	catalogue = append(catalogue, "iam:passrole")
	for _, as := range selfGrantActions {
		catalogue = append(catalogue, as...)
	}
	catalogue = append(catalogue, selfUserActions...)
}

var escalations = []escalation{
	{id: "aws:create-policy-version", msg: "can write a new default version of any customer managed policy, including its own", broad: [][]string{{"iam:CreatePolicyVersion"}}},
	{id: "aws:set-default-policy-version", msg: "can switch any managed policy to an older, wider version", broad: [][]string{{"iam:SetDefaultPolicyVersion"}}},
	{id: "aws:create-access-key", msg: "can create access keys for other IAM users and act as them", broad: [][]string{{"iam:CreateAccessKey"}}},
	{id: "aws:create-login-profile", msg: "can give other IAM users a console password and sign in as them", broad: [][]string{{"iam:CreateLoginProfile"}}},
	{id: "aws:update-login-profile", msg: "can reset other IAM users' console passwords and sign in as them", broad: [][]string{{"iam:UpdateLoginProfile"}}},
	{id: "aws:attach-user-policy", msg: "can attach any managed policy (AdministratorAccess) to users", broad: [][]string{{"iam:AttachUserPolicy"}}},
	{id: "aws:attach-group-policy", msg: "can attach any managed policy (AdministratorAccess) to groups", broad: [][]string{{"iam:AttachGroupPolicy"}}},
	{id: "aws:attach-role-policy", msg: "can attach any managed policy (AdministratorAccess) to roles", broad: [][]string{{"iam:AttachRolePolicy"}}},
	{id: "aws:put-user-policy", msg: "can write any inline policy on users", broad: [][]string{{"iam:PutUserPolicy"}}},
	{id: "aws:put-group-policy", msg: "can write any inline policy on groups", broad: [][]string{{"iam:PutGroupPolicy"}}},
	{id: "aws:put-role-policy", msg: "can write any inline policy on roles", broad: [][]string{{"iam:PutRolePolicy"}}},
	{id: "aws:add-user-to-group", msg: "can add users (itself) to any group, including admin groups", broad: [][]string{{"iam:AddUserToGroup"}}},
	{id: "aws:update-assume-role-policy", msg: "can rewrite any role's trust policy to let itself assume it", broad: [][]string{{"iam:UpdateAssumeRolePolicy"}}},
	{id: "aws:assume-any-role", msg: "may assume any role whose trust policy lets it in", broad: [][]string{{"sts:AssumeRole"}}},
	{id: "aws:remove-permissions-boundary", msg: "can remove or replace the permissions boundary that limits it", broad: [][]string{{"iam:DeleteUserPermissionsBoundary", "iam:DeleteRolePermissionsBoundary", "iam:PutUserPermissionsBoundary", "iam:PutRolePermissionsBoundary"}}, onlyBounded: true},

	{id: "aws:passrole-ec2", msg: "can pass any role to an EC2 instance it launches and read the role's credentials from the instance", passTo: "ec2.amazonaws.com", also: [][]string{{"ec2:RunInstances", "ec2:RequestSpotInstances"}}},
	{id: "aws:passrole-lambda", msg: "can pass any role to a Lambda function it creates and runs", passTo: "lambda.amazonaws.com", also: [][]string{{"lambda:CreateFunction"}, {"lambda:InvokeFunction", "lambda:CreateEventSourceMapping", "lambda:AddPermission", "lambda:CreateFunctionUrlConfig"}}},
	{id: "aws:passrole-ecs", msg: "can pass any role to an ECS task it runs (task role override)", passTo: "ecs-tasks.amazonaws.com", also: [][]string{{"ecs:RunTask", "ecs:StartTask"}}},
	{id: "aws:passrole-ecs", msg: "can pass any role to an ECS task definition and run it as a service", passTo: "ecs-tasks.amazonaws.com", also: [][]string{{"ecs:RegisterTaskDefinition"}, {"ecs:CreateService", "ecs:UpdateService"}}},
	{id: "aws:passrole-glue", msg: "can pass any role to a Glue development endpoint or session it opens", passTo: "glue.amazonaws.com", also: [][]string{{"glue:CreateDevEndpoint", "glue:CreateSession"}}},
	{id: "aws:passrole-glue", msg: "can pass any role to a Glue job it creates and starts", passTo: "glue.amazonaws.com", also: [][]string{{"glue:CreateJob"}, {"glue:StartJobRun", "glue:CreateTrigger"}}},
	{id: "aws:passrole-cloudformation", msg: "can pass any role to a CloudFormation stack that then creates anything", passTo: "cloudformation.amazonaws.com", also: [][]string{{"cloudformation:CreateStack", "cloudformation:UpdateStack", "cloudformation:CreateStackSet"}}},
	{id: "aws:passrole-cloudformation", msg: "can pass any role to a CloudFormation change set it executes", passTo: "cloudformation.amazonaws.com", also: [][]string{{"cloudformation:CreateChangeSet"}, {"cloudformation:ExecuteChangeSet"}}},
	{id: "aws:passrole-datapipeline", msg: "can pass any role to a Data Pipeline that runs its commands", passTo: "datapipeline.amazonaws.com", also: [][]string{{"datapipeline:CreatePipeline"}, {"datapipeline:PutPipelineDefinition"}}},
	{id: "aws:passrole-sagemaker", msg: "can pass any role to a SageMaker notebook or job it creates", passTo: "sagemaker.amazonaws.com", also: [][]string{{"sagemaker:CreateNotebookInstance", "sagemaker:CreateTrainingJob", "sagemaker:CreateProcessingJob"}}},
	{id: "aws:passrole-codebuild", msg: "can pass any role to a CodeBuild project it creates and starts", passTo: "codebuild.amazonaws.com", also: [][]string{{"codebuild:CreateProject"}, {"codebuild:StartBuild", "codebuild:StartBuildBatch"}}},
	{id: "aws:passrole-apprunner", msg: "can pass any role to an App Runner service it creates", passTo: "tasks.apprunner.amazonaws.com", also: [][]string{{"apprunner:CreateService"}}},
	{id: "aws:passrole-stepfunctions", msg: "can pass any role to a Step Functions state machine it creates and starts", passTo: "states.amazonaws.com", also: [][]string{{"states:CreateStateMachine"}, {"states:StartExecution"}}},

	{id: "aws:lambda-update-code", msg: "can replace the code of any Lambda function and run as its role", broad: [][]string{{"lambda:UpdateFunctionCode"}}},
	{id: "aws:glue-update-dev-endpoint", msg: "can put its SSH key on any Glue development endpoint and use its role", broad: [][]string{{"glue:UpdateDevEndpoint"}}},
	{id: "aws:cloudformation-update-stack", msg: "can update any CloudFormation stack, which acts with the stack's service role", broad: [][]string{{"cloudformation:UpdateStack"}}},
	{id: "aws:ssm-command", msg: "can run commands on any managed instance and use its instance role", broad: [][]string{{"ssm:SendCommand", "ssm:StartSession"}}},
	{id: "aws:ec2-instance-connect", msg: "can push SSH keys to any instance and use its instance role", broad: [][]string{{"ec2-instance-connect:SendSSHPublicKey"}}},
	{id: "aws:ec2-user-data", msg: "can rewrite any instance's user data and restart it to run code as its role", broad: [][]string{{"ec2:ModifyInstanceAttribute"}, {"ec2:StartInstances"}}},
}

// passable returns the PassRole grants on every role and the services each
// may pass to (nil: any service), from iam:PassedToService conditions.
type passGrant struct {
	g        *grant
	services []string // lower-case patterns; nil means any
	unknown  []string // PassedToService values unknown until apply
}

func (r *Result) passRoleGrants(t *actionTable) []passGrant {
	var out []passGrant
	for _, g := range r.grantsFor(t, "iam:passrole", true) {
		pg := passGrant{g: g}
		for _, c := range g.stmt.Conditions {
			if !strings.EqualFold(c.Key, "iam:PassedToService") || c.Negated() || c.IfExists {
				continue
			}
			pg.services = []string{}
			for _, v := range c.Values {
				if v.Unknown {
					pg.unknown = append(pg.unknown, v.unknownRef())
					continue
				}
				pg.services = append(pg.services, strings.ToLower(v.Text))
			}
		}
		out = append(out, pg)
	}
	return out
}

func (pg passGrant) allows(service string) bool {
	if pg.services == nil {
		return true
	}
	for _, s := range pg.services {
		if globMatch(s, service) {
			return true
		}
	}
	return false
}

func (r *Result) escalationEvidence(t *actionTable) {
	passGrants := r.passRoleGrants(t)
	found := map[string]bool{}
	usedPass := false
	for _, e := range escalations {
		if found[e.id] || (e.onlyBounded && !r.bounded) {
			continue
		}
		var grants []iam.Grant
		var actions, unknowns []string
		ok := true
		collect := func(groups, lower [][]string, broad bool) {
			for gi, group := range groups {
				hit := false
				for ai, a := range group {
					gs := r.grantsFor(t, lower[gi][ai], broad)
					if len(gs) == 0 {
						continue
					}
					hit = true
					actions = appendUnique(actions, a)
					for _, g := range gs {
						grants = appendGrant(grants, g.ref())
						unknowns = iam.AddUnknowns(unknowns, g.unknowns()...)
					}
				}
				ok = ok && hit
			}
		}
		collect(e.broad, e.broadLower, true)
		if e.passTo != "" && ok {
			passOK := false
			for _, pg := range passGrants {
				if pg.allows(e.passTo) {
					passOK = true
					grants = appendGrant(grants, pg.g.ref())
					unknowns = iam.AddUnknowns(unknowns, pg.g.unknowns()...)
				}
			}
			ok = passOK
			if ok {
				actions = appendUnique(actions, "iam:PassRole")
			}
		}
		if ok && len(e.also) > 0 {
			collect(e.also, e.alsoLower, false)
		}
		if !ok {
			continue
		}
		found[e.id] = true
		usedPass = usedPass || e.passTo != ""
		slices.SortStableFunc(actions, func(a, b string) int {
			// iam:PassRole first: it is what the reader should fix.
			return boolInt(b == "iam:PassRole") - boolInt(a == "iam:PassRole")
		})
		r.Evidence = append(r.Evidence, iam.Evidence{
			Kind: iam.KindEscalation, ID: e.id, Class: iam.ClassAdmin, Scope: "*",
			Message:  fmt.Sprintf("privilege escalation: %s (%s)", e.msg, strings.Join(actions, " + ")),
			Actions:  actions,
			Grants:   grants,
			Unknowns: unknowns,
		})
	}
	if usedPass || len(passGrants) == 0 {
		return
	}
	// iam:PassRole on every role without a compute action here: still a
	// wildcard worth fixing, since any other grant can complete the path.
	var grants []iam.Grant
	var unknowns []string
	services := []string{}
	for _, pg := range passGrants {
		grants = appendGrant(grants, pg.g.ref())
		unknowns = iam.AddUnknowns(unknowns, pg.unknown...)
		unknowns = iam.AddUnknowns(unknowns, pg.g.unknowns()...)
		if pg.services == nil {
			services = nil
		} else if services != nil {
			services = append(services, pg.services...)
		}
	}
	to := "any service"
	if services != nil {
		to = strings.Join(services, ", ")
	}
	r.Evidence = append(r.Evidence, iam.Evidence{
		Kind: iam.KindWildcard, ID: "aws:passrole-any", Class: iam.ClassWrite, Scope: "*",
		Message:  fmt.Sprintf("iam:PassRole on every role, passable to %s; with any compute action (here or in another grant) it becomes an escalation", to),
		Actions:  []string{"iam:PassRole"},
		Grants:   grants,
		Unknowns: unknowns,
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
