package awsiam

import (
	"reflect"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
)

// TestEvaluateVerdictMatchesEvaluate: recycled working sets (and the
// managed-policy expansion memo) give the same verdicts, in any order and
// on repeated calls.
func TestEvaluateVerdictMatchesEvaluate(t *testing.T) {
	src := iam.Source{Chain: []string{"aws_iam_user.x"}}
	deny := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:Delete*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}`
	boundary := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","sqs:*","iam:PassRole"],"Resource":"*"}]}`
	inputs := []Input{
		{Kind: PrincipalUser, Policies: []Policy{{Document: jenkinsPolicy, Source: src}, {Document: s3All, Source: src}}},
		{Kind: PrincipalRole, Policies: []Policy{{ARN: "ReadOnlyAccess", Source: src}, {ARN: "arn:aws:iam::aws:policy/AmazonS3FullAccess", Source: src}}},
		{Kind: PrincipalUser, Policies: []Policy{{ARN: "AdministratorAccess", Source: src}, {Document: deny, Source: src}}},
		{Kind: PrincipalGroup, Policies: []Policy{{ARN: "PowerUserAccess", Source: src}, {Document: s3All}}, Boundaries: []Policy{{Document: boundary}}},
		{Policies: []Policy{{Document: `{"Statement":[{"Effect":"Allow","NotAction":["iam:*"],"Resource":"*"},{"Effect":"Allow","Action":"iam:Put*Policy","Resource":"*"}]}`}}},
		{Kind: PrincipalUser, Policies: []Policy{{ARN: "IAMFullAccess"}, {ARN: "ReadOnlyAccess"}}, Boundaries: []Policy{{ARN: "ReadOnlyAccess"}}},
	}
	for round := 0; round < 3; round++ {
		for i, in := range inputs {
			want := Evaluate(in).Verdict
			got := EvaluateVerdict(in)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d input %d: EvaluateVerdict differs:\n got %+v\nwant %+v", round, i, got, want)
			}
		}
	}
	for _, d := range []string{jenkinsPolicy, s3All, deny} {
		res, err := AnalyzeDocument(d, src)
		if err != nil {
			t.Fatal(err)
		}
		v, err := AnalyzeDocumentVerdict(d, src)
		if err != nil || !reflect.DeepEqual(v, res.Verdict) {
			t.Errorf("AnalyzeDocumentVerdict(%s) = %+v, %v; want %+v", d, v, err, res.Verdict)
		}
	}
	if _, err := AnalyzeDocumentVerdict(`{"Statement":`, src); err == nil {
		t.Error("AnalyzeDocumentVerdict accepted a broken document")
	}
}
