package awsiam

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

func TestParseDocumentForms(t *testing.T) {
	t.Parallel()
	unk := value.Unknown{Ref: "aws_s3_bucket.x.arn"}
	tests := []struct {
		name  string
		doc   any
		check func(t *testing.T, d *Document)
	}{
		{"single statement object, string action and resource",
			`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`,
			func(t *testing.T, d *Document) {
				s := d.Statements[0]
				if len(d.Statements) != 1 || s.Effect != EffectAllow || s.Actions[0].Text != "s3:GetObject" || !s.HasResource || s.Resources[0].Text != "*" {
					t.Fatalf("got %+v", d)
				}
			}},
		{"lists, NotAction, NotResource, Sid",
			`{"Statement":[{"Sid":"A","Effect":"Deny","NotAction":["iam:*","sts:*"],"NotResource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]}]}`,
			func(t *testing.T, d *Document) {
				s := d.Statements[0]
				if s.Where() != "A" || s.Effect != EffectDeny || !s.NotAction || len(s.Actions) != 2 || !s.NotResource || len(s.Resources) != 2 {
					t.Fatalf("got %+v", s)
				}
			}},
		{"principal star", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}`,
			func(t *testing.T, d *Document) {
				if p := d.Statements[0].Principal; p == nil || !p.Any {
					t.Fatalf("got %+v", p)
				}
			}},
		{"principal map forms", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","444455556666"],"Service":"ec2.amazonaws.com","Federated":"cognito-identity.amazonaws.com","CanonicalUser":"abc"},"Action":"sts:AssumeRole"}]}`,
			func(t *testing.T, d *Document) {
				p := d.Statements[0].Principal
				if len(p.AWS) != 2 || len(p.Service) != 1 || len(p.Federated) != 1 || len(p.CanonicalUser) != 1 {
					t.Fatalf("got %+v", p)
				}
			}},
		{"NotPrincipal", `{"Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::1:role/x"},"Action":"*","Resource":"*"}]}`,
			func(t *testing.T, d *Document) {
				if !d.Statements[0].NotPrincipal || len(d.Statements[0].Principal.AWS) != 1 {
					t.Fatal("NotPrincipal not kept")
				}
			}},
		{"condition operators and values", `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{
			"ForAnyValue:StringLikeIfExists":{"aws:TagKeys":["a*","b"]},"Bool":{"aws:SecureTransport":false},"NumericLessThan":{"s3:max-keys":10},"StringEquals":{"aws:PrincipalOrgID":"o-1"}}}]}`,
			func(t *testing.T, d *Document) {
				cs := d.Statements[0].Conditions
				if len(cs) != 4 {
					t.Fatalf("got %d conditions", len(cs))
				}
				byOp := map[string]Condition{}
				for _, c := range cs {
					byOp[c.Operator] = c
				}
				c := byOp["ForAnyValue:StringLikeIfExists"]
				if c.Base != "StringLike" || c.Qualifier != "ForAnyValue" || !c.IfExists || len(c.Values) != 2 {
					t.Fatalf("got %+v", c)
				}
				if v := byOp["Bool"].Values[0].Text; v != "false" {
					t.Fatalf("bool value %q", v)
				}
				if v := byOp["NumericLessThan"].Values[0].Text; v != "10" {
					t.Fatalf("number value %q", v)
				}
			}},
		{"decoded JSON with Unknown leaves", map[string]any{
			"Version": "2012-10-17",
			"Statement": []any{map[string]any{
				"Effect": "Allow", "Action": []any{"s3:GetObject"}, "Resource": []any{unk, "arn:aws:s3:::b/*"},
				"Condition": map[string]any{"StringEquals": map[string]any{"s3:prefix": unk, "n": json.Number("3"), "f": 2.5, "b": true}},
			}},
		}, func(t *testing.T, d *Document) {
			s := d.Statements[0]
			if !s.Resources[0].Unknown || s.Resources[0].Ref != "aws_s3_bucket.x.arn" || s.Resources[1].Text != "arn:aws:s3:::b/*" {
				t.Fatalf("resources %+v", s.Resources)
			}
		}},
		{"wholly unknown Action list", map[string]any{"Statement": map[string]any{"Effect": "Allow", "Action": value.Unknown{Ref: "var.actions"}, "Resource": "*"}},
			func(t *testing.T, d *Document) {
				s := d.Statements[0]
				if !s.Actions[0].Unknown || len(s.Unknowns) != 1 || s.Unknowns[0] != "var.actions" {
					t.Fatalf("got %+v", s)
				}
			}},
		{"unknown Effect and statement", map[string]any{"Statement": []any{
			map[string]any{"Effect": value.Unknown{Ref: "var.effect"}, "Action": "s3:*", "Resource": "*"},
			value.Unknown{Ref: "local.extra"},
		}}, func(t *testing.T, d *Document) {
			if d.Statements[0].Effect != EffectUnknown || len(d.Unknowns) != 1 || d.Unknowns[0] != "local.extra" {
				t.Fatalf("got %+v", d)
			}
		}},
		{"lower-case element names", `{"statement":[{"effect":"allow","action":"s3:GetObject","resource":"*"}]}`,
			func(t *testing.T, d *Document) {
				if d.Statements[0].Effect != EffectAllow {
					t.Fatal("effect")
				}
			}},
		{"bytes", []byte(`{"Statement":[]}`), func(t *testing.T, d *Document) {
			if len(d.Statements) != 0 {
				t.Fatal("want no statements")
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d, err := ParseDocument(tc.doc)
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, d)
		})
	}
}

func TestParseDocumentErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		doc  any
		want string
	}{
		{"not JSON", `{"Statement": [`, "not JSON"},
		{"trailing data", `{"Statement":[]} {}`, "data after"},
		{"empty", "  ", "empty document"},
		{"nil", nil, "empty document"},
		{"array document", `[{"Effect":"Allow"}]`, "not a JSON object"},
		{"number document", 42, "not a JSON object"},
		{"missing Statement", `{"Version":"2012-10-17"}`, "missing Statement"},
		{"bad version", `{"Version":"2020-01-01","Statement":[]}`, "unsupported version"},
		{"statement is a string", `{"Statement":"x"}`, "must be an object or a list"},
		{"statement element is a number", `{"Statement":[1]}`, "must be an object"},
		{"unknown element", `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resources":"*"}]}`, `unknown element "Resources"`},
		{"bad effect", `{"Statement":[{"Effect":"Permit","Action":"s3:*","Resource":"*"}]}`, "must be Allow or Deny"},
		{"missing effect", `{"Statement":[{"Action":"s3:*","Resource":"*"}]}`, "missing Effect"},
		{"Action and NotAction", `{"Statement":[{"Effect":"Allow","Action":"s3:*","NotAction":"iam:*","Resource":"*"}]}`, "both Action and NotAction"},
		{"no action", `{"Statement":[{"Effect":"Allow","Resource":"*"}]}`, "neither Action nor NotAction"},
		{"action without service", `{"Statement":[{"Effect":"Allow","Action":"GetObject","Resource":"*"}]}`, `"service:action"`},
		{"action is a number", `{"Statement":[{"Effect":"Allow","Action":[1],"Resource":"*"}]}`, "must be a string"},
		{"action is an object", `{"Statement":[{"Effect":"Allow","Action":{"a":1},"Resource":"*"}]}`, "string or a list"},
		{"Resource and NotResource", `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","NotResource":"x"}]}`, "both Resource and NotResource"},
		{"principal string not star", `{"Statement":[{"Effect":"Allow","Principal":"arn:aws:iam::1:root","Action":"sts:AssumeRole"}]}`, `must be "*"`},
		{"principal type", `{"Statement":[{"Effect":"Allow","Principal":{"User":"x"},"Action":"sts:AssumeRole"}]}`, "unknown principal type"},
		{"condition operator", `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringSortOf":{"k":"v"}}}]}`, "unknown condition operator"},
		{"condition qualifier", `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"ForSomeValues:StringLike":{"k":"v"}}}]}`, "unknown condition qualifier"},
		{"condition block shape", `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringLike":"v"}}]}`, "must be an object of condition keys"},
		{"condition value object", `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringLike":{"k":{"a":1}}}}]}`, "string, number or boolean"},
		{"duplicate sid", `{"Statement":[{"Sid":"a","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"a","Effect":"Allow","Action":"s3:*","Resource":"*"}]}`, "duplicate Sid"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseDocument(tc.doc)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("want *SyntaxError, got %v", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not mention %q", err, tc.want)
			}
		})
	}
	if _, err := ParseDocument(value.Unknown{Ref: "data.aws_iam_policy_document.x.json"}); !errors.Is(err, ErrUnknownDocument) {
		t.Fatalf("unknown document: got %v", err)
	}
}

func TestGlobs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, s string
		match      bool
	}{
		{"*", "", true}, {"s3:get*", "s3:getobject", true}, {"s3:get*", "s3:putobject", false},
		{"iam:?ut*", "iam:putrolepolicy", true}, {"a?c", "ac", false}, {"*a*b", "xaxxb", true}, {"*a*b", "xaxxbc", false},
	}
	for _, tc := range tests {
		if got := globMatch(tc.pattern, tc.s); got != tc.match {
			t.Errorf("globMatch(%q, %q) = %v", tc.pattern, tc.s, got)
		}
		// The table keeps canonical case; folding must match as lower-casing first does.
		upper := strings.ToUpper(tc.s)
		if got := globMatchFold(tc.pattern, upper); got != tc.match {
			t.Errorf("globMatchFold(%q, %q) = %v", tc.pattern, upper, got)
		}
		if got := globMatchFold(tc.pattern, []byte(upper)); got != tc.match {
			t.Errorf("globMatchFold(%q, []byte(%q)) = %v", tc.pattern, upper, got)
		}
	}
	if globMatch("s3:get*", "s3:GetObject") {
		t.Error("globMatch folded case")
	}
	for _, tc := range []struct{ a, b string }{
		{"GetObject", "getobject"}, {"GetObject", "GETOBJECTACL"}, {"GetObjectAcl", "getObject"},
		{"ListBuckets", "getobject"}, {"", "a"}, {"A", ""}, {"Get_Object", "get-object"}, {"a[", "A_"},
	} {
		if got, want := compareFolds(tc.a, tc.b), strings.Compare(strings.ToLower(tc.a), strings.ToLower(tc.b)); got != want {
			t.Errorf("compareFolds(%q, %q) = %d, want %d", tc.a, tc.b, got, want)
		}
	}
	covers := []struct {
		wide, narrow string
		want         bool
	}{
		{"*", "arn:aws:s3:::b/*", true}, {"arn:aws:s3:::b/*", "arn:aws:s3:::b/x/*", true},
		{"arn:aws:s3:::b/x/*", "arn:aws:s3:::b/*", false}, {"arn:aws:s3:::b?", "arn:aws:s3:::b*", false},
		{"a*", "a", true}, {"a", "a*", false},
	}
	for _, tc := range covers {
		if got := globCovers(tc.wide, tc.narrow); got != tc.want {
			t.Errorf("globCovers(%q, %q) = %v", tc.wide, tc.narrow, got)
		}
	}
	if !globOverlap("arn:aws:s3:::b/*", "arn:*:s3:::*/x") || globOverlap("a*", "b*") {
		t.Error("globOverlap")
	}
}
