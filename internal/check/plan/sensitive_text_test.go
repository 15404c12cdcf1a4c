package plan

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// TestSensitiveTextsKept: the text the plan marks sensitive at privilege
// attributes is kept for the engines (before and after, in repeated
// blocks, in prior state, a list marked whole or element by element), on
// both decoding paths; other sensitive values are not.
func TestSensitiveTextsKept(t *testing.T) {
	t.Parallel()
	const (
		before = `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`
		after  = `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
		inline = `{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}`
		trust  = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}`
		prior  = `{"Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}`
	)
	q := func(s string) string {
		return `"` + string(bytes.ReplaceAll([]byte(s), []byte(`"`), []byte(`\"`))) + `"`
	}
	doc := `{"format_version":"1.2","resource_changes":[
{"address":"aws_iam_policy.p","mode":"managed","type":"aws_iam_policy","name":"p","change":{"actions":["update"],
 "before":{"name":"p","policy":` + q(before) + `,"description":"a"},"after":{"name":"p","policy":` + q(after) + `,"description":"b"},
 "after_unknown":{},"before_sensitive":{"policy":true,"description":true},"after_sensitive":{"policy":true,"description":true}}},
{"address":"aws_iam_role.r","mode":"managed","type":"aws_iam_role","name":"r","change":{"actions":["create"],"before":null,
 "after":{"name":"r","assume_role_policy":` + q(trust) + `,"inline_policy":[{"name":"a","policy":"{}"},{"name":"b","policy":` + q(inline) + `}]},
 "after_unknown":{},"before_sensitive":false,"after_sensitive":{"assume_role_policy":true,"inline_policy":[{},{"policy":true}]}}},
{"address":"aws_iam_role.arns","mode":"managed","type":"aws_iam_role","name":"arns","change":{"actions":["create"],"before":null,
 "after":{"name":"arns","managed_policy_arns":["arn:aws:iam::aws:policy/AdministratorAccess"]},
 "after_unknown":{},"before_sensitive":false,"after_sensitive":{"managed_policy_arns":true}}},
{"address":"google_project_iam_binding.b","mode":"managed","type":"google_project_iam_binding","name":"b","change":{"actions":["create"],"before":null,
 "after":{"project":"p","role":"roles/owner","members":["user:a@example.com","serviceAccount:ci@p.iam.gserviceaccount.com"]},
 "after_unknown":{},"before_sensitive":false,"after_sensitive":{"members":[false,true]}}}],
"prior_state":{"format_version":"1.0","values":{"root_module":{"resources":[
{"address":"data.aws_iam_policy_document.d","mode":"data","type":"aws_iam_policy_document","name":"d","values":{"json":` + q(prior) + `},"sensitive_values":{"json":true}}]}}}}`
	docs := func(typ string) []string {
		return map[string][]string{"aws_iam_policy": {"policy"}, "aws_iam_role": {"inline_policy.policy", "assume_role_policy", "managed_policy_arns"},
			"aws_iam_policy_document": {"json"}, "google_project_iam_binding": {"members"}}[typ]
	}
	fast, err := Parse([]byte(doc), Options{PrivilegeText: docs})
	if err != nil {
		t.Fatal(err)
	}
	reflective, err := parseReflective([]byte(doc), Options{PrivilegeText: docs})
	if err != nil {
		t.Fatal(err)
	}
	for name, p := range map[string]*Plan{"fast": fast, "reflective": reflective} {
		pol, role, data := p.Resource("aws_iam_policy.p"), p.Resource("aws_iam_role.r"), p.Resource("data.aws_iam_policy_document.d")
		if pol == nil || role == nil || data == nil {
			t.Fatalf("%s: resources missing", name)
		}
		inlineDoc := role.After["inline_policy"].([]any)[1].(map[string]any)["policy"]
		arns, binding := p.Resource("aws_iam_role.arns"), p.Resource("google_project_iam_binding.b")
		if s, ok := arns.After["managed_policy_arns"].(value.Secret); !ok {
			t.Errorf("%s: a list marked whole: %T", name, arns.After["managed_policy_arns"])
		} else if v, ok := p.SensitiveText(s); !ok || !reflect.DeepEqual(v, []any{"arn:aws:iam::aws:policy/AdministratorAccess"}) {
			t.Errorf("%s: a list marked whole: %v %v", name, v, ok)
		}
		members, _ := binding.After["members"].([]any)
		if len(members) != 2 || members[0] != "user:a@example.com" {
			t.Fatalf("%s: members %v", name, members)
		}
		if s, ok := members[1].(value.Secret); !ok {
			t.Errorf("%s: a list element marked: %T", name, members[1])
		} else if v, ok := p.SensitiveText(s); !ok || v != "serviceAccount:ci@p.iam.gserviceaccount.com" {
			t.Errorf("%s: a list element marked: %v %v", name, v, ok)
		}
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
			if text, ok := p.SensitiveText(s); !ok || text != c.want {
				t.Errorf("%s %s: %q %v, want the document", name, what, text, ok)
			}
		}
		if s, ok := pol.After["description"].(value.Secret); !ok {
			t.Errorf("%s: description %T", name, pol.After["description"])
		} else if _, kept := p.SensitiveText(s); kept {
			t.Errorf("%s: a sensitive value that is no document was kept", name)
		}
	}
	// Without Options.PrivilegeText nothing is kept.
	p, err := Parse([]byte(doc), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, kept := p.SensitiveText(p.Resource("aws_iam_policy.p").After["policy"].(value.Secret)); kept {
		t.Error("kept a document without Options.PrivilegeText")
	}
}
