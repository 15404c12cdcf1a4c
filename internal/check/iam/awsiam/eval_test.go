package awsiam

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// stmt builds a statement from decoded JSON parts; extra are key, value pairs.
func stmt(effect string, action, resource any, extra ...any) map[string]any {
	s := map[string]any{"Effect": effect, "Resource": resource}
	if action != nil {
		s["Action"] = action
	}
	for i := 0; i+1 < len(extra); i += 2 {
		s[extra[i].(string)] = extra[i+1]
	}
	return s
}

func doc(stmts ...map[string]any) map[string]any {
	list := make([]any, len(stmts))
	for i, s := range stmts {
		list[i] = s
	}
	return map[string]any{"Version": "2012-10-17", "Statement": list}
}

func pol(name string, d any) Policy {
	return Policy{Document: d, Source: iam.Source{Chain: []string{name}}}
}

func ids(v iam.Verdict, kinds ...iam.Kind) []string {
	var out []string
	for _, e := range v.Evidence {
		if len(kinds) == 0 || slices.Contains(kinds, e.Kind) {
			out = append(out, e.ID)
		}
	}
	return out
}

func TestExpandAction(t *testing.T) {
	t.Parallel()
	gets := ExpandAction("S3:get*")
	if len(gets) < 20 {
		t.Fatalf("s3:Get* expanded to %d actions", len(gets))
	}
	for _, a := range gets {
		if !strings.HasPrefix(a, "s3:Get") {
			t.Fatalf("s3:Get* matched %s", a)
		}
	}
	if n := len(ExpandAction("*")); n != ActionCount() || n < 15000 {
		t.Fatalf("* expanded to %d of %d", n, ActionCount())
	}
	if got := ExpandAction("iam:?assRole"); !slices.Equal(got, []string{"iam:PassRole"}) {
		t.Fatalf("iam:?assRole = %v", got)
	}
	if got := ExpandAction("nosuchservice:*"); len(got) != 0 {
		t.Fatalf("unknown service matched %v", got)
	}
	if got := ExpandAction("*:getcalleridentity"); !slices.Contains(got, "sts:GetCallerIdentity") {
		t.Fatalf("service wildcard = %v", got)
	}
	name, level, ok := LookupAction("IAM:passrole")
	if !ok || name != "iam:PassRole" || level != LevelWrite {
		t.Fatalf("LookupAction = %q %v %v", name, level, ok)
	}
	if _, level, _ := LookupAction("iam:AttachUserPolicy"); level != LevelPermissionsManagement {
		t.Fatalf("iam:AttachUserPolicy level %v", level)
	}
	if _, _, ok := LookupAction("s3:NoSuchAction"); ok {
		t.Fatal("unknown action found")
	}
}

// TestEveryActionIsFound looks every table action up by its lower-case
// name: lookups fold case while searching, so each service's names must be
// sorted by their lower-case form and found at their own position.
func TestEveryActionIsFound(t *testing.T) {
	t.Parallel()
	tb := table()
	for i := range tb.n {
		name := tb.name(i)
		if j := tb.find(strings.ToLower(name)); j != i {
			t.Fatalf("%s at %d found at %d", name, i, j)
		}
	}
	if _, err := decodeTable("s3\t2\t0\t99\tRW\n", "GetObject\nPutObject\n"); err == nil {
		t.Fatal("an index line reaching past the names was accepted")
	}
	if _, err := decodeTable("s3\t3\t0\t20\tRW\n", "GetObject\nPutObject\n"); err == nil {
		t.Fatal("an index line whose count disagrees with its levels was accepted")
	}
}

// TestEveryManagedPolicyIsFound looks every index line up by its name in
// upper and lower case: lookups binary-search lines sorted by lower-case
// name, and parse a line only when it is looked up.
func TestEveryManagedPolicyIsFound(t *testing.T) {
	t.Parallel()
	m := managedTable()
	if len(m.lines) < 1000 || ManagedPolicyCount() != len(m.lines) {
		t.Fatalf("%d managed policies", len(m.lines))
	}
	for _, line := range m.lines {
		name, _, _ := strings.Cut(line, "\t")
		for _, key := range []string{name, strings.ToUpper(name), strings.ToLower(name)} {
			p, ok := LookupManagedPolicy(key)
			if !ok || p.Name != name || p.Document == "" {
				t.Fatalf("%s: found %v, %+v", key, ok, p.Name)
			}
		}
	}
	if _, err := decodeManagedIndex("#members 0\nb\t/\tv1\t0\t0\t0\na\t/\tv1\t0\t0\t0\n"); err == nil {
		t.Fatal("an index out of order was accepted")
	}
	bad, err := decodeManagedIndex("#members 0\na\t/\tv1\tx\t0\t0\n")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bad.entry("a"); err == nil {
		t.Fatal("a malformed index line was accepted")
	}
}

func TestManagedPolicyLookup(t *testing.T) {
	t.Parallel()
	found := []string{
		"arn:aws:iam::aws:policy/AdministratorAccess",
		"arn:aws-cn:iam::aws:policy/AdministratorAccess",
		"arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess",
		"arn:aws:iam::aws:policy/service-role/AWSLambdaRole",
		"arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
		"administratoraccess",
		"PowerUserAccess",
	}
	for _, a := range found {
		if _, ok := LookupManagedPolicy(a); !ok {
			t.Errorf("%s not found", a)
		}
	}
	missing := []string{
		"arn:aws:iam::111122223333:policy/AdministratorAccess", // customer managed
		"arn:aws:iam::aws:policy/aws-service-role/AdministratorAccess",
		"arn:aws:iam::aws:policy/NoSuchPolicy",
		"arn:aws:s3:::bucket",
		"",
	}
	for _, a := range missing {
		if _, ok := LookupManagedPolicy(a); ok {
			t.Errorf("%s found", a)
		}
	}
	p, _ := LookupManagedPolicy("AWSLambdaRole")
	if p.Path != "/service-role/" || p.ARN("aws-cn") != "arn:aws-cn:iam::aws:policy/service-role/AWSLambdaRole" {
		t.Errorf("got %+v", p)
	}
	d, ok := ManagedPolicyDocument("arn:aws:iam::aws:policy/AdministratorAccess")
	if !ok || len(d.Statements) != 1 || d.Statements[0].Actions[0].Text != "*" {
		t.Fatalf("AdministratorAccess document %+v", d)
	}
	partition, path, name, ok := ParseManagedPolicyARN("arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaRole")
	if !ok || partition != "aws-us-gov" || path != "/service-role/" || name != "AWSLambdaRole" {
		t.Fatalf("ParseManagedPolicyARN = %q %q %q %v", partition, path, name, ok)
	}
}

func TestManagedPolicyClasses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		class iam.Class
		has   []string // evidence ids that must be present
		not   []iam.Kind
	}{
		{"AdministratorAccess", iam.ClassAdmin, []string{"aws:all-actions"}, nil},
		// PowerUserAccess: NotAction iam:*, organizations:*, account:* on "*".
		{"PowerUserAccess", iam.ClassAdmin, []string{"aws:near-total"}, nil},
		// IAMFullAccess can attach AdministratorAccess to itself.
		{"IAMFullAccess", iam.ClassAdmin, []string{"aws:iam-self-grant"}, nil},
		{"ReadOnlyAccess", iam.ClassRead, nil, []iam.Kind{iam.KindAdmin, iam.KindWildcard, iam.KindEscalation}},
		{"IAMReadOnlyAccess", iam.ClassRead, nil, []iam.Kind{iam.KindAdmin, iam.KindWildcard, iam.KindEscalation}},
		// s3:* on "*" includes PutBucketPolicy and PutObjectAcl everywhere.
		{"AmazonS3FullAccess", iam.ClassPermissionsManagement, []string{"aws:service-wildcard"}, []iam.Kind{iam.KindAdmin, iam.KindEscalation}},
		// Metrics, logs and X-Ray writes on "*", one SSM parameter prefix:
		// write, not a wildcard (no "svc:*"), no escalation.
		{"CloudWatchAgentServerPolicy", iam.ClassWrite, nil, []iam.Kind{iam.KindAdmin, iam.KindWildcard, iam.KindEscalation}},
		// ECR pull and push on every repository: write, listed actions only.
		{"AmazonEC2ContainerRegistryPowerUser", iam.ClassWrite, nil, []iam.Kind{iam.KindAdmin, iam.KindWildcard, iam.KindEscalation}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := Evaluate(Input{Policies: []Policy{{ARN: "arn:aws:iam::aws:policy/" + tc.name, Source: iam.Source{Chain: []string{"attachment"}}}}})
			if r.Class != tc.class {
				t.Fatalf("class %s, want %s (evidence %v)", r.Class, tc.class, ids(r.Verdict))
			}
			for _, id := range tc.has {
				if !slices.Contains(ids(r.Verdict), id) {
					t.Errorf("missing %s in %v", id, ids(r.Verdict))
				}
			}
			if got := ids(r.Verdict, tc.not...); len(tc.not) > 0 && len(got) > 0 {
				t.Errorf("unexpected evidence %v", got)
			}
			if tc.class == iam.ClassAdmin && !slices.Equal(r.Chain(iam.KindAdmin), []string{"attachment"}) {
				t.Errorf("chain %v", r.Chain())
			}
		})
	}
}

func TestEvaluate(t *testing.T) {
	t.Parallel()
	unknownBucket := value.Unknown{Ref: "aws_s3_bucket.artifacts.arn"}
	tests := []struct {
		name   string
		in     Input
		class  iam.Class
		has    []string
		absent []string
	}{
		{"star on star, string form", Input{Policies: []Policy{pol("p", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`)}},
			iam.ClassAdmin, []string{"aws:all-actions"}, []string{"aws:passrole-ec2"}},
		{"star on star, list form", Input{Policies: []Policy{pol("p", doc(stmt("Allow", []any{"*"}, []any{"*"})))}},
			iam.ClassAdmin, []string{"aws:all-actions"}, nil},
		{"NotAction iam and organizations on star (power user clone)", Input{Policies: []Policy{pol("p", doc(stmt("Allow", nil, "*", "NotAction", []any{"iam:*", "organizations:*"})))}},
			iam.ClassAdmin, []string{"aws:near-total"}, nil},
		{"NotAction leaving one service is not admin", Input{Policies: []Policy{pol("p", doc(map[string]any{"Effect": "Allow", "NotAction": "*", "Resource": "*"}, stmt("Allow", "s3:GetObject", "*")))}},
			iam.ClassRead, nil, []string{"aws:near-total"}},
		{"s3:* on star", Input{Policies: []Policy{pol("p", doc(stmt("Allow", "s3:*", "*")))}},
			iam.ClassPermissionsManagement, []string{"aws:service-wildcard"}, []string{"aws:all-actions"}},
		{"sqs:* on star", Input{Policies: []Policy{pol("p", doc(stmt("Allow", "sqs:*", "*")))}},
			iam.ClassPermissionsManagement, []string{"aws:service-wildcard"}, nil},
		{"s3:Get* on one bucket is harmless", Input{Policies: []Policy{pol("p", doc(stmt("Allow", "s3:Get*", []any{"arn:aws:s3:::b", "arn:aws:s3:::b/*"})))}},
			iam.ClassRead, nil, []string{"aws:service-wildcard", "aws:permissions-wildcard"}},
		{"logs:* on one log group is harmless", Input{Policies: []Policy{pol("p", doc(stmt("Allow", "logs:*", "arn:aws:logs:eu-west-1:111122223333:log-group:app:*")))}},
			iam.ClassWrite, nil, []string{"aws:service-wildcard"}},
		{"ec2:Describe* on star is read", Input{Policies: []Policy{pol("p", doc(stmt("Allow", "ec2:Describe*", "*")))}},
			iam.ClassRead, nil, []string{"aws:service-wildcard"}},
		{"s3:* on an unknown bucket is that bucket, not star", Input{Policies: []Policy{pol("p", doc(stmt("Allow", "s3:*", unknownBucket)))}},
			iam.ClassPermissionsManagement, []string{"aws:permissions-management"}, []string{"aws:service-wildcard"}},
		{"NotResource on star-like grant", Input{Policies: []Policy{pol("p", doc(map[string]any{"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*"}))}},
			iam.ClassPermissionsManagement, []string{"aws:service-wildcard"}, nil},
		{"unconditional Deny overrides Allow", Input{Policies: []Policy{
			pol("allow", doc(stmt("Allow", "*", "*"))),
			pol("deny", doc(stmt("Deny", "*", "*")))}},
			iam.ClassNone, nil, []string{"aws:all-actions"}},
		{"Deny of a service leaves the rest", Input{Policies: []Policy{
			pol("allow", doc(stmt("Allow", []any{"s3:*", "sqs:SendMessage"}, "*"))),
			pol("deny", doc(stmt("Deny", "s3:*", "*")))}},
			iam.ClassWrite, nil, []string{"aws:service-wildcard"}},
		{"Deny on a narrower resource does not remove a star grant", Input{Policies: []Policy{
			pol("allow", doc(stmt("Allow", "s3:*", "*"))),
			pol("deny", doc(stmt("Deny", "s3:*", "arn:aws:s3:::secret/*")))}},
			iam.ClassPermissionsManagement, []string{"aws:service-wildcard"}, nil},
		{"conditional Deny is a guard rail, not a grant and not a removal", Input{Policies: []Policy{
			pol("allow", doc(stmt("Allow", "*", "*"))),
			pol("guard", doc(stmt("Deny", "*", "*", "Condition", map[string]any{"StringNotEquals": map[string]any{"aws:RequestedRegion": []any{"eu-central-1"}}})))}},
			iam.ClassAdmin, []string{"aws:all-actions"}, nil},
		{"conditional Deny alone grants nothing", Input{Policies: []Policy{
			pol("guard", doc(stmt("Deny", "*", "*", "Condition", map[string]any{"StringNotEquals": map[string]any{"aws:RequestedRegion": []any{"eu-central-1"}}})))}},
			iam.ClassNone, nil, []string{"aws:conditional-deny"}},
		{"boundary limits admin to read", Input{
			Policies:   []Policy{pol("allow", doc(stmt("Allow", "*", "*")))},
			Boundaries: []Policy{pol("boundary", doc(stmt("Allow", []any{"s3:Get*", "s3:List*"}, "*")))}},
			iam.ClassRead, nil, []string{"aws:all-actions"}},
		{"boundary narrows star to one bucket", Input{
			Policies:   []Policy{pol("allow", doc(stmt("Allow", "s3:*", "*")))},
			Boundaries: []Policy{pol("boundary", doc(stmt("Allow", "s3:*", "arn:aws:s3:::b/*")))}},
			iam.ClassPermissionsManagement, nil, []string{"aws:service-wildcard"}},
		{"boundary with its own Deny", Input{
			Policies:   []Policy{pol("allow", doc(stmt("Allow", "*", "*")))},
			Boundaries: []Policy{pol("boundary", doc(stmt("Allow", "*", "*"), stmt("Deny", "iam:*", "*")))}},
			iam.ClassAdmin, []string{"aws:near-total"}, nil},
		{"grant outside the boundary is gone", Input{
			Policies:   []Policy{pol("allow", doc(stmt("Allow", "iam:PassRole", "*"), stmt("Allow", "ec2:RunInstances", "*")))},
			Boundaries: []Policy{pol("boundary", doc(stmt("Allow", "ec2:*", "*")))}},
			iam.ClassWrite, nil, []string{"aws:passrole-ec2", "aws:passrole-any"}},
		{"group-inherited admin keeps the chain", Input{Kind: PrincipalUser, Policies: []Policy{
			{ARN: "arn:aws:iam::aws:policy/AdministratorAccess", Source: iam.Source{Chain: []string{"aws_iam_user_group_membership.m", "aws_iam_group.deployers", "aws_iam_group_policy_attachment.a"}}},
			pol("aws_iam_group_policy.readers", doc(stmt("Allow", "s3:GetObject", "arn:aws:s3:::example-artifacts/releases/*")))}},
			iam.ClassAdmin, []string{"aws:all-actions"}, nil},
		{"unknown document gives unknown", Input{Policies: []Policy{pol("aws_iam_policy.x", value.Unknown{Ref: "aws_iam_policy.x.policy"})}},
			iam.ClassUnknown, nil, nil},
		{"unknown document does not hide a known admin grant", Input{Policies: []Policy{
			pol("aws_iam_policy.x", value.Unknown{}), {ARN: "AdministratorAccess"}}},
			iam.ClassAdmin, []string{"aws:all-actions"}, nil},
		{"customer managed ARN without document is unknown", Input{Policies: []Policy{{ARN: "arn:aws:iam::111122223333:policy/custom"}}},
			iam.ClassUnknown, nil, nil},
		{"action missing from the table is unknown", Input{Policies: []Policy{pol("p", doc(stmt("Allow", "newsvc:DoThing", "*")))}},
			iam.ClassUnknown, nil, nil},
		{"no statements", Input{Policies: []Policy{pol("p", `{"Statement":[]}`)}}, iam.ClassNone, nil, nil},
		{"no policies", Input{}, iam.ClassNone, nil, nil},
		{"allow without resource grants nothing", Input{Policies: []Policy{pol("p", doc(map[string]any{"Effect": "Allow", "Action": "*"}))}},
			iam.ClassNone, nil, nil},
		{"star-only action on a named resource is not granted", Input{Policies: []Policy{pol("p", doc(stmt("Allow", "logs:PutResourcePolicy", "arn:aws:logs:eu-west-1:1:log-group:x")))}},
			iam.ClassNone, nil, nil},
		{"iam:PassRole alone on star is a wildcard, not an escalation", Input{Policies: []Policy{pol("p", doc(stmt("Allow", "iam:PassRole", "*")))}},
			iam.ClassWrite, []string{"aws:passrole-any"}, []string{"aws:passrole-ec2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := Evaluate(tc.in)
			got := ids(r.Verdict)
			if r.Class != tc.class {
				t.Fatalf("class %s, want %s (evidence %v, notes %v, problems %v)", r.Class, tc.class, got, r.Notes, r.Problems)
			}
			for _, id := range tc.has {
				if !slices.Contains(got, id) {
					t.Errorf("missing %s in %v", id, got)
				}
			}
			for _, id := range tc.absent {
				if slices.Contains(got, id) {
					t.Errorf("unexpected %s in %v", id, got)
				}
			}
		})
	}
}

func TestEvaluateDetails(t *testing.T) {
	t.Parallel()
	t.Run("group chain is carried to the evidence", func(t *testing.T) {
		t.Parallel()
		chain := []string{"aws_iam_user_group_membership.m", "aws_iam_group.deployers", "aws_iam_group_policy_attachment.a"}
		r := Evaluate(Input{Kind: PrincipalUser, Policies: []Policy{{ARN: "arn:aws:iam::aws:policy/AdministratorAccess", Source: iam.Source{Chain: chain}}}})
		if !slices.Equal(r.Chain(iam.KindAdmin), chain) {
			t.Fatalf("chain %v", r.Chain())
		}
	})
	t.Run("unknown resource is listed", func(t *testing.T) {
		t.Parallel()
		r := Evaluate(Input{Policies: []Policy{pol("p", doc(stmt("Allow", "s3:GetObject", value.Unknown{Ref: "aws_s3_bucket.a.arn"})))}})
		if !slices.Contains(r.Unknowns, "aws_s3_bucket.a.arn") || r.Class != iam.ClassRead {
			t.Fatalf("got %s %v", r.Class, r.Unknowns)
		}
	})
	t.Run("conditional deny note names the grant", func(t *testing.T) {
		t.Parallel()
		r := Evaluate(Input{Policies: []Policy{
			pol("allow", doc(stmt("Allow", "s3:*", "*"))),
			pol("guard", doc(stmt("Deny", "*", "*", "Condition", map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}})))}})
		notes := r.Of(iam.KindNote)
		if len(notes) != 1 || len(notes[0].Grants) != 2 {
			t.Fatalf("notes %+v", notes)
		}
	})
	t.Run("malformed policy is a problem, others still count", func(t *testing.T) {
		t.Parallel()
		r := Evaluate(Input{Policies: []Policy{pol("bad", `{"Statement":`), pol("good", doc(stmt("Allow", "s3:GetObject", "*")))}})
		if len(r.Problems) != 1 || r.Class != iam.ClassRead {
			t.Fatalf("got %s %v", r.Class, r.Problems)
		}
	})
	t.Run("AnalyzeDocument returns parse errors", func(t *testing.T) {
		t.Parallel()
		if _, err := AnalyzeDocument(`{}`, iam.Source{}); err == nil {
			t.Fatal("want error")
		}
		r, err := AnalyzeDocument(doc(stmt("Allow", "s3:*", "*")), iam.Source{Chain: []string{"aws_iam_policy.s3_all"}})
		if err != nil || !slices.Contains(ids(r.Verdict), "aws:service-wildcard") {
			t.Fatalf("got %v %v", err, r)
		}
	})
}

func TestAllows(t *testing.T) {
	t.Parallel()
	r := Evaluate(Input{
		Policies: []Policy{
			pol("a", doc(
				stmt("Allow", "s3:*", "*"),
				stmt("Allow", "iam:PassRole", value.Unknown{Ref: "aws_iam_role.exec.arn"}),
				stmt("Deny", "s3:DeleteBucket", "*"),
				stmt("Allow", "sqs:SendMessage", "*", "Condition", map[string]any{"Bool": map[string]any{"aws:SecureTransport": "true"}}),
			)),
		},
		Boundaries: []Policy{pol("b", doc(stmt("Allow", []any{"s3:*", "iam:PassRole"}, "*")))},
	})
	tests := []struct {
		action, resource string
		want             Access
	}{
		{"s3:GetObject", "arn:aws:s3:::b/k", AccessAllowed},
		{"S3:GETOBJECT", "arn:aws:s3:::b/k", AccessAllowed},
		{"s3:DeleteBucket", "arn:aws:s3:::b", AccessExplicitDeny},
		{"iam:PassRole", "aws_iam_role.exec.arn", AccessAllowed},
		{"iam:PassRole", "arn:aws:iam::1:role/admin", AccessImplicitDeny},
		{"sqs:SendMessage", "arn:aws:sqs:eu-west-1:1:q", AccessImplicitDeny}, // outside the boundary
		{"ec2:RunInstances", "*", AccessImplicitDeny},
	}
	for _, tc := range tests {
		if got := r.Allows(tc.action, tc.resource); got != tc.want {
			t.Errorf("Allows(%s, %s) = %s, want %s", tc.action, tc.resource, got, tc.want)
		}
	}
	r2 := Evaluate(Input{Policies: []Policy{pol("a", doc(stmt("Allow", "sqs:SendMessage", "*", "Condition", map[string]any{"Bool": map[string]any{"aws:SecureTransport": "true"}})))}})
	if got := r2.Allows("sqs:SendMessage", "arn:aws:sqs:eu-west-1:1:q"); got != AccessConditional {
		t.Errorf("conditional allow = %s", got)
	}
	if acts := r2.Actions(); !slices.Equal(acts, []string{"sqs:SendMessage"}) {
		t.Errorf("Actions = %v", acts)
	}
}

func ExampleEvaluate() {
	r := Evaluate(Input{Kind: PrincipalUser, Policies: []Policy{
		{ARN: "arn:aws:iam::aws:policy/AdministratorAccess", Source: iam.Source{Chain: []string{"aws_iam_user_group_membership.bot", "aws_iam_group.deployers", "aws_iam_group_policy_attachment.admin"}}},
	}})
	fmt.Println(r.Class, r.Evidence[0].ID, r.Chain())
	// Output: admin aws:all-actions [aws_iam_user_group_membership.bot aws_iam_group.deployers aws_iam_group_policy_attachment.admin]
}

// The actions a permissions-management message names are the telling
// ones: AWS files ec2:AttachApplianceToNatGateway under permissions
// management too, and it comes first in name order.
func TestPermissionsManagementSampleNamesTellingActions(t *testing.T) {
	t.Parallel()
	v := Evaluate(Input{Policies: []Policy{pol("p", doc(stmt("Allow", "ec2:*", "*")))}}).Verdict
	var msg string
	for _, e := range v.Evidence {
		if e.ID == "aws:permissions-management" {
			msg = e.Message
		}
	}
	if msg == "" {
		t.Fatalf("no permissions-management evidence: %v", ids(v))
	}
	names, _, _ := strings.Cut(strings.TrimPrefix(msg, "can change permissions ("), ")")
	for _, a := range strings.Split(names, ", ") {
		if a, _, _ = strings.Cut(a, " and "); permissionsTier(a) != 0 {
			t.Errorf("%s names %s, which does not say what it changes", msg, a)
		}
	}
	if _, level, _ := LookupAction("ec2:AttachApplianceToNatGateway"); level == LevelPermissionsManagement && strings.Contains(msg, "AttachApplianceToNatGateway") {
		t.Errorf("an action named after what it attaches leads: %s", msg)
	}
}

// A wildcard in the service part is matched part by part; it must match
// exactly the whole names the pattern matches.
func TestServiceWildcardsMatchWholeNames(t *testing.T) {
	t.Parallel()
	tb := table()
	var all []string
	for _, s := range tb.services {
		tb.load(s)
		for _, n := range s.names {
			all = append(all, s.name+":"+n)
		}
	}
	for _, p := range []string{"*:getcalleridentity", "*:get*", "s3*:*", "*3:get?bject", "?3:*", "*:*object*", "e*2:describe*s",
		"*:", ":*", "*:d*e*s*c", "*:?", "s*:*:x", "*?:*", "i*m:pass*", "*:*assrole", "*s:*", "*:describe123*"} {
		want := map[string]bool{}
		for _, n := range all {
			if globMatchFold(p, n) {
				want[strings.ToLower(n)] = true
			}
		}
		got := ExpandAction(p)
		if len(got) != len(want) {
			t.Errorf("%s: %d actions, want %d", p, len(got), len(want))
			continue
		}
		for _, g := range got {
			if !want[strings.ToLower(g)] {
				t.Errorf("%s matched %s", p, g)
			}
		}
	}
}
