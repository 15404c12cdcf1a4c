package awsiam

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
)

// largePolicy has many statements with service wildcards, read wildcards
// and named resources, like a generated policy near the 6 KB inline limit
// repeated over several attachments.
func largePolicy(n int) string {
	services := []string{"s3", "ec2", "lambda", "dynamodb", "sqs", "sns", "logs", "kms", "ecr", "ecs"}
	var b strings.Builder
	b.WriteString(`{"Version":"2012-10-17","Statement":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		svc := services[i%len(services)]
		fmt.Fprintf(&b, `{"Sid":"S%d","Effect":"Allow","Action":["%s:Get*","%s:List*","%s:Describe*","%s:Put*"],"Resource":["arn:aws:%s:eu-west-1:111122223333:thing/app-%d/*"]}`, i, svc, svc, svc, svc, svc, i)
	}
	b.WriteString(`]}`)
	return b.String()
}

func BenchmarkParseDocumentTypical(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseDocument(jenkinsPolicy); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseDocumentLarge(b *testing.B) {
	doc := largePolicy(200)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseDocument(doc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEvaluateTypical(b *testing.B) {
	in := Input{Kind: PrincipalUser, Policies: []Policy{{Document: jenkinsPolicy}, {Document: s3All}}}
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(in)
	}
}

func BenchmarkEvaluateAdministratorAccess(b *testing.B) {
	in := Input{Kind: PrincipalUser, Policies: []Policy{{ARN: "arn:aws:iam::aws:policy/AdministratorAccess", Source: iam.Source{Chain: []string{"x"}}}}}
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(in)
	}
}

func BenchmarkEvaluateLarge(b *testing.B) {
	doc, err := ParseDocument(largePolicy(200))
	if err != nil {
		b.Fatal(err)
	}
	in := Input{Kind: PrincipalRole, Policies: []Policy{{Document: doc}, {ARN: "ReadOnlyAccess"}, {ARN: "PowerUserAccess"}}}
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(in)
	}
}

func BenchmarkAnalyzeTrust(b *testing.B) {
	d := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRoleWithWebIdentity","Principal":{"Federated":"arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com"},"Condition":{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:o/r:*"}}}]}`
	b.ReportAllocs()
	for b.Loop() {
		if _, err := AnalyzeTrust(d, TrustOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// The lazy decodes, measured cold (fresh state each iteration).
func BenchmarkDecodeActionIndex(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeTable(actionsIndex, actionNames); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeActionIndexAndOneService(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		t, err := decodeTable(actionsIndex, actionNames)
		if err != nil {
			b.Fatal(err)
		}
		if t.find("iam:passrole") < 0 {
			b.Fatal("iam:PassRole missing")
		}
	}
}

func BenchmarkDecodeAllActionNames(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		t, err := decodeTable(actionsIndex, actionNames)
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range t.services {
			t.load(s)
		}
	}
}

func BenchmarkDecodeManagedIndex(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeManagedIndex(managedIndexText); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkManagedPolicyColdLookup(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		m, err := decodeManagedIndex(managedIndexText)
		if err != nil {
			b.Fatal(err)
		}
		e, err := m.entry("administratoraccess")
		if err != nil || e == nil {
			b.Fatal(e, err)
		}
		m.load(e)
		if e.err != nil {
			b.Fatal(e.err)
		}
	}
}

// BenchmarkEvaluateVerdictPrincipals is the graph's use: parsed documents
// (the graph parses each once), EvaluateVerdict, and principals like a
// monorepo's: a service user with an inline policy and a group's
// ReadOnlyAccess, and a workload role with its policy and a team policy.
func BenchmarkEvaluateVerdictPrincipals(b *testing.B) {
	parse := func(s string) *Document {
		d, err := ParseDocument(s)
		if err != nil {
			b.Fatal(err)
		}
		return d
	}
	user := parse(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject","s3:ListBucket"],"Resource":["arn:aws:s3:::team-003-svc-7","arn:aws:s3:::team-003-svc-7/*"]},{"Effect":"Allow","Action":["sqs:SendMessage","sqs:ReceiveMessage","sqs:DeleteMessage"],"Resource":"arn:aws:sqs:eu-west-1:111122223333:svc-7"}]}`)
	role := parse(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:PutItem","dynamodb:Query"],"Resource":"arn:aws:dynamodb:eu-west-1:111122223333:table/svc-7"},{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}`)
	team := parse(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Decrypt","kms:DescribeKey"],"Resource":"arn:aws:kms:eu-west-1:111122223333:key/abc"},{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}]}`)
	src := func(a ...string) iam.Source { return iam.Source{Chain: a} }
	inputs := []Input{
		{Kind: PrincipalUser, Policies: []Policy{{Document: user, Source: src("aws_iam_user_policy.u")}, {ARN: "arn:aws:iam::aws:policy/ReadOnlyAccess", Source: src("aws_iam_user_group_membership.m", "aws_iam_group.readers")}}},
		{Kind: PrincipalRole, Policies: []Policy{{Document: role, Source: src("aws_iam_role_policy.r")}, {Document: team, Source: src("aws_iam_role_policy_attachment.t", "aws_iam_policy.team")}}},
		{Kind: PrincipalUser, Policies: []Policy{{Document: user, Source: src("aws_iam_user_policy.u")}}},
	}
	for _, in := range inputs {
		EvaluateVerdict(in) // managed documents parsed, patterns expanded
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, in := range inputs {
			EvaluateVerdict(in)
		}
	}
}
