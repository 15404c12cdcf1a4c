package graph

import (
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// Templates come from the plan: any text gives resources or nothing,
// without a panic, and nesting and aliases stay bounded.
func FuzzCFNTemplate(f *testing.F) {
	for _, s := range []string{
		`{"Resources": {"K": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": {"Ref": "U"}}}}}`,
		"Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      ManagedPolicyArns: [!Sub 'arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess']\n",
		"a: &x [*x]\nResources: *x\n",
		"Resources: !GetAtt [A, Arn]",
		strings.Repeat("[", 500) + strings.Repeat("]", 500),
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		tpl, ok := readTemplate(text)
		if ok && tpl.Resources == nil {
			t.Fatal("ok without resources")
		}
	})
}

// Intrinsic functions are unknown values, named by what they read (a
// Ref's logical id, a Fn::GetAtt's attribute, a Fn::Sub's string); a
// Fn::Sub that only names the partition is the string it makes.
func TestCFNIntrinsics(t *testing.T) {
	t.Parallel()
	for _, text := range []string{
		"Resources:\n  R:\n    Properties:\n      A: !Ref User\n      B: !Sub arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess\n      C: !Sub arn:aws:s3:::${Bucket}/*\n      D: !GetAtt [Role, Arn]\n      E: plain\n",
		`{"Resources": {"R": {"Properties": {"A": {"Ref": "User"}, "B": {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess"}, "C": {"Fn::Sub": "arn:aws:s3:::${Bucket}/*"}, "D": {"Fn::GetAtt": ["Role", "Arn"]}, "E": "plain"}}}}`,
	} {
		tpl, ok := readTemplate(text)
		if !ok {
			t.Fatalf("not read: %s", text)
		}
		p := tpl.Resources["R"].(map[string]any)["Properties"].(map[string]any)
		want := map[string]any{
			"A": value.Unknown{Ref: "User"},
			"B": "arn:aws:iam::aws:policy/AdministratorAccess",
			"C": value.Unknown{Ref: "arn:aws:s3:::${Bucket}/*"},
			"D": value.Unknown{Ref: "Role.Arn"},
			"E": "plain",
		}
		for k, w := range want {
			if p[k] != w {
				t.Errorf("%s: %#v, want %#v (%.20s...)", k, p[k], w, text)
			}
		}
	}
}
