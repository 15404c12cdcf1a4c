package plan

import (
	"bytes"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// TestSensitiveDocumentsKept: the text of policy documents the plan marks
// sensitive is kept for the engines (before and after, in repeated blocks,
// in prior state), on both decoding paths; other sensitive values are not.
func TestSensitiveDocumentsKept(t *testing.T) {
	t.Parallel()
	const (
		before = `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`
		after  = `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
		inline = `{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}`
		trust  = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}`
		prior  = `{"Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}`
	)
	q := func(s string) string { return `"` + string(bytes.ReplaceAll([]byte(s), []byte(`"`), []byte(`\"`))) + `"` }
	doc := `{"format_version":"1.2","resource_changes":[
{"address":"aws_iam_policy.p","mode":"managed","type":"aws_iam_policy","name":"p","change":{"actions":["update"],
 "before":{"name":"p","policy":` + q(before) + `,"description":"a"},"after":{"name":"p","policy":` + q(after) + `,"description":"b"},
 "after_unknown":{},"before_sensitive":{"policy":true,"description":true},"after_sensitive":{"policy":true,"description":true}}},
{"address":"aws_iam_role.r","mode":"managed","type":"aws_iam_role","name":"r","change":{"actions":["create"],"before":null,
 "after":{"name":"r","assume_role_policy":` + q(trust) + `,"inline_policy":[{"name":"a","policy":"{}"},{"name":"b","policy":` + q(inline) + `}]},
 "after_unknown":{},"before_sensitive":false,"after_sensitive":{"assume_role_policy":true,"inline_policy":[{},{"policy":true}]}}}],
"prior_state":{"format_version":"1.0","values":{"root_module":{"resources":[
{"address":"data.aws_iam_policy_document.d","mode":"data","type":"aws_iam_policy_document","name":"d","values":{"json":` + q(prior) + `},"sensitive_values":{"json":true}}]}}}}`
	docs := func(typ string) []string {
		return map[string][]string{"aws_iam_policy": {"policy"}, "aws_iam_role": {"inline_policy.policy", "assume_role_policy"}, "aws_iam_policy_document": {"json"}}[typ]
	}
	fast, err := Parse([]byte(doc), Options{Documents: docs})
	if err != nil {
		t.Fatal(err)
	}
	reflective, err := parseReflective([]byte(doc), Options{Documents: docs})
	if err != nil {
		t.Fatal(err)
	}
	for name, p := range map[string]*Plan{"fast": fast, "reflective": reflective} {
		pol, role, data := p.Resource("aws_iam_policy.p"), p.Resource("aws_iam_role.r"), p.Resource("data.aws_iam_policy_document.d")
		if pol == nil || role == nil || data == nil {
			t.Fatalf("%s: resources missing", name)
		}
		inlineDoc := role.After["inline_policy"].([]any)[1].(map[string]any)["policy"]
		for what, c := range map[string]struct {
			v    any
			want string
		}{
			"before":         {pol.Before["policy"], before},
			"after":          {pol.After["policy"], after},
			"trust":          {role.After["assume_role_policy"], trust},
			"repeated block": {inlineDoc, inline},
			"prior state":    {data.After["json"], prior},
		} {
			s, ok := c.v.(value.Secret)
			if !ok {
				t.Errorf("%s %s: %T, want a value.Secret", name, what, c.v)
				continue
			}
			if text, ok := p.SensitiveDocument(s); !ok || text != c.want {
				t.Errorf("%s %s: %q %v, want the document", name, what, text, ok)
			}
		}
		if s, ok := pol.After["description"].(value.Secret); !ok {
			t.Errorf("%s: description %T", name, pol.After["description"])
		} else if _, kept := p.SensitiveDocument(s); kept {
			t.Errorf("%s: a sensitive value that is no document was kept", name)
		}
	}
	// Without Options.Documents nothing is kept.
	p, err := Parse([]byte(doc), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, kept := p.SensitiveDocument(p.Resource("aws_iam_policy.p").After["policy"].(value.Secret)); kept {
		t.Error("kept a document without Options.Documents")
	}
}
