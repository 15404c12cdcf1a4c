package awsiam

import (
	"fmt"
	"reflect"
	"runtime"
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

// A statement's expansion makes only the sets that differ: literal actions
// on named resources take one set (bits, applicable and read intent are
// it or nothing); a read-verb wildcard beside a write makes the read
// intent its own set, holding the wildcard's actions only; an action
// without resource-level permissions makes the applicable set its own.
func TestExpansionSharesEqualSets(t *testing.T) {
	tb := table()
	expand := func(doc string) *expansion {
		t.Helper()
		d, err := ParseDocument(doc)
		if err != nil {
			t.Fatal(err)
		}
		x := &expansion{}
		x.expand(tb, &d.Statements[0], nil)
		return x
	}
	same := func(a, b bitset) bool { return len(a) > 0 && len(b) > 0 && &a[0] == &b[0] }

	lit := expand(`{"Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::b/*"}]}`)
	if !same(lit.app, lit.bits) || lit.readIntent != nil {
		t.Errorf("literal actions: applicable shares bits %v, read intent %v", same(lit.app, lit.bits), lit.readIntent != nil)
	}
	get, put := tb.find("s3:GetObject"), tb.find("s3:PutObject")
	if !lit.bits.has(get) || !lit.bits.has(put) {
		t.Error("literal actions missing from the expansion")
	}

	mixed := expand(`{"Statement":[{"Effect":"Allow","Action":["s3:PutObject","s3:Get*"],"Resource":"arn:aws:s3:::b/*"}]}`)
	if mixed.readIntent == nil || same(mixed.readIntent, mixed.bits) {
		t.Fatal("a read-verb wildcard beside a write has no read intent of its own")
	}
	if !mixed.readIntent.has(get) || mixed.readIntent.has(put) || !mixed.bits.has(put) {
		t.Errorf("read intent holds GetObject %v, PutObject %v; bits hold PutObject %v", mixed.readIntent.has(get), mixed.readIntent.has(put), mixed.bits.has(put))
	}

	starOnly := expand(`{"Statement":[{"Effect":"Allow","Action":["s3:ListAllMyBuckets","s3:GetObject"],"Resource":"arn:aws:s3:::b/*"}]}`)
	list := tb.find("s3:ListAllMyBuckets")
	if same(starOnly.app, starOnly.bits) || starOnly.app.has(list) || !starOnly.bits.has(list) || !starOnly.app.has(get) {
		t.Error("an action without resource-level permissions on a named resource counts as applicable")
	}
}

// Patterns that match no action share one empty set, and a statement of
// them makes no set beyond its own (a document of thousands of distinct
// ones kept several table-sized sets per statement).
func TestPatternsMatchingNothingCostNothing(t *testing.T) {
	tb := table()
	a, b := tb.expand("*:describe9999999*"), tb.expand("s3:nothing*here")
	if !a.empty() || !b.empty() || &a[0] != &b[0] {
		t.Error("patterns that match nothing do not share the empty set")
	}
	d, err := ParseDocument(`{"Statement":[{"Effect":"Allow","Action":["*:Describe9999999*","s3:GetObject"],"Resource":"arn:aws:s3:::b/*"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	x := &expansion{}
	x.expand(tb, &d.Statements[0], nil)
	if x.readIntent != nil || !x.bits.has(tb.find("s3:GetObject")) || &x.app[0] != &x.bits[0] {
		t.Errorf("a wildcard matching nothing changed the expansion: read intent %v", x.readIntent != nil)
	}
	// A statement granting nothing known holds the shared empty set, and
	// gives back the working set it was built in.
	d, err = ParseDocument(`{"Statement":[{"Effect":"Allow","Action":["*:Describe8888888*","s3:Nothing*"],"Resource":"*"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	mem := &arena{}
	x = &expansion{}
	x.expand(tb, &d.Statements[0], mem)
	if &x.bits[0] != &tb.none[0] || len(mem.used) != 0 {
		t.Errorf("a statement granting nothing holds a set of its own (%v) or the arena keeps %d", &x.bits[0] != &tb.none[0], len(mem.used))
	}
	// Distinct patterns that match nothing are built in a recycled set.
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := range 200 {
		tb.expand(fmt.Sprintf("s3:nothing%d*", i))
	}
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 200*uint64(len(tb.none))*8/4 {
		t.Errorf("200 patterns matching nothing allocated %d bytes: a set each", grew)
	}
}
