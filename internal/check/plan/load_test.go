package plan

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

const fixtures = "../testdata/fixtures"

// endless yields bytes forever, like a pipe that never closes.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

func TestLoadBadInput(t *testing.T) {
	t.Parallel()
	good, err := os.ReadFile(filepath.Join(fixtures, "aws-02-unowned-ci-user-admin", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	deep := strings.Repeat(`{"a":`, 100000) + "1" + strings.Repeat("}", 100000)
	deepPlan := `{"format_version":"1.2","planned_values":` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "}"
	cases := []struct {
		name  string
		path  string
		stdin io.Reader
		opts  Options
		want  string
	}{
		{name: "missing file", path: filepath.Join(dir, "nope.json"), want: "does not exist"},
		{name: "directory", path: dir, want: "is a directory"},
		{name: "empty file", path: write("empty.json", nil), want: "plan input is empty"},
		{name: "whitespace", path: write("ws.json", []byte("  \n\t ")), want: "plan input is empty"},
		{name: "truncated", path: write("trunc.json", good[:len(good)/2]), want: "truncated"},
		{name: "not json", path: write("text.json", []byte("Terraform will perform the following actions:")), want: "not JSON"},
		{name: "json array", path: write("array.json", []byte(`[1,2,3]`)), want: "not a Terraform plan"},
		{name: "json string", path: write("string.json", []byte(`"plan"`)), want: "not a Terraform plan"},
		{name: "invalid utf8", path: write("utf8.json", []byte("{\"format_version\":\"1.2\",\"x\":\"\xff\xfe\"}")), want: "not valid UTF-8"},
		{name: "state file", path: write("terraform.tfstate", []byte(`{"version":4,"terraform_version":"1.11.4","serial":3,"lineage":"x","outputs":{},"resources":[]}`)), want: "state file"},
		{name: "show state", path: write("state.json", []byte(`{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{}}}`)), want: "Terraform state"},
		{name: "format 2.0", path: write("v2.json", []byte(`{"format_version":"2.0","planned_values":{}}`)), want: `unsupported plan format_version "2.0"`},
		{name: "format not a version", path: write("vx.json", []byte(`{"format_version":"banana","planned_values":{}}`)), want: "not a version number"},
		{name: "format wrong type", path: write("vn.json", []byte(`{"format_version":1.2,"planned_values":{}}`)), want: "wrong type"},
		{name: "no format version", path: write("nofv.json", []byte(`{"planned_values":{}}`)), want: "no format_version"},
		{name: "terraform plan -json log", path: write("log.json", []byte(`{"@level":"info","@message":"Terraform 1.11.4","@module":"terraform.ui","terraform":"1.11.4","type":"version","ui":"1.2"}`+"\n"+
			`{"@level":"info","@message":"Plan: 1 to add, 0 to change, 0 to destroy.","@module":"terraform.ui","changes":{"add":1,"change":0,"import":0,"remove":0,"operation":"plan"},"type":"change_summary"}`+"\n")),
			want: "input is Terraform's machine-readable log (`terraform plan -json`), not a plan"},
		{name: "wrong type for a known field", path: write("types.json", []byte(`{"format_version":"1.2","resource_changes":"all of them"}`)), want: "wrong type"},
		{name: "deeply nested", path: write("deep.json", []byte(deep)), want: "nested too deeply"},
		{name: "deeply nested array", path: write("deeparray.json", []byte(strings.Repeat("[", 100000)+strings.Repeat("]", 100000))), want: "nested too deeply"},
		{name: "truncated array", path: write("truncarray.json", []byte(`[{"format_version":"1.2"`)), want: "truncated"},
		{name: "deeply nested plan", path: write("deepplan.json", []byte(deepPlan)), want: "nested too deeply"},
		{name: "binary plan, no terraform", path: write("tfplan", append([]byte("PK\x03\x04"), make([]byte, 64)...)), opts: Options{Terraform: "terraform-that-does-not-exist"}, want: "needs the terraform-that-does-not-exist CLI on PATH"},
		{name: "binary plan on stdin, no terraform", path: "-", stdin: bytes.NewReader(append([]byte("PK\x03\x04"), make([]byte, 64)...)), opts: Options{Terraform: "terraform-that-does-not-exist"}, want: "needs the terraform-that-does-not-exist CLI"},
		{name: "over the size limit", path: write("big.json", good), opts: Options{MaxBytes: 100}, want: "over the 100 bytes limit"},
		{name: "endless stdin", path: "-", stdin: endless{}, opts: Options{MaxBytes: 1 << 20}, want: "exceeds the 1 MiB limit"},
		{name: "empty stdin", path: "-", stdin: strings.NewReader(""), want: "plan input is empty"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := Load(context.Background(), tc.path, tc.stdin, tc.opts)
			if err == nil {
				t.Fatalf("loaded %d resources, want an error containing %q", len(p.Resources), tc.want)
			}
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Errorf("error %T is not an *InputError: %v", err, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
}

func TestLoadFixtures(t *testing.T) {
	t.Parallel()
	paths, _ := filepath.Glob(filepath.Join(fixtures, "*", "plan.json"))
	if len(paths) < 20 {
		t.Fatalf("found %d fixture plans", len(paths))
	}
	for _, path := range paths {
		t.Run(filepath.Base(filepath.Dir(path)), func(t *testing.T) {
			t.Parallel()
			p, err := Load(context.Background(), path, nil, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Resources) == 0 {
				t.Fatal("no resources")
			}
			for _, r := range p.Resources {
				if r.Values() == nil {
					t.Errorf("%s: no values", r.Address)
				}
				if r.Addr.String() != r.Address {
					t.Errorf("address round trip: %q != %q", r.Addr.String(), r.Address)
				}
				if r.Instance == nil {
					t.Errorf("%s: no module instance", r.Address)
				}
				if r.Mode == "managed" && r.Config == nil && r.Action != Delete && r.Action != Forget {
					t.Errorf("%s: no configuration block", r.Address)
				}
			}
		})
	}
}

// TestLoadOldFormat reads a Terraform 0.12 plan (format 0.1). Terraform
// 0.12.0 to 0.12.10 left no-op instances out of planned_values; they are
// in resource_changes, as in every later version.
func TestLoadOldFormat(t *testing.T) {
	t.Parallel()
	doc := `{
  "format_version": "0.1",
  "terraform_version": "0.12.6",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_iam_access_key.ci", "mode": "managed", "type": "aws_iam_access_key", "name": "ci", "provider_name": "aws", "schema_version": 0, "values": {"user": "ci", "pgp_key": null}}
  ]}},
  "resource_changes": [
    {"address": "aws_iam_user.ci", "mode": "managed", "type": "aws_iam_user", "name": "ci", "provider_name": "aws",
     "change": {"actions": ["no-op"], "before": {"name": "ci", "tags": null}, "after": {"name": "ci", "tags": null}, "after_unknown": {}}},
    {"address": "aws_iam_access_key.ci", "mode": "managed", "type": "aws_iam_access_key", "name": "ci", "provider_name": "aws",
     "change": {"actions": ["create"], "before": null, "after": {"user": "ci", "pgp_key": null}, "after_unknown": {"id": true, "secret": true}}}
  ],
  "configuration": {"root_module": {"resources": [
    {"address": "aws_iam_user.ci", "mode": "managed", "type": "aws_iam_user", "name": "ci", "provider_config_key": "aws", "expressions": {"name": {"constant_value": "ci"}}, "schema_version": 0},
    {"address": "aws_iam_access_key.ci", "mode": "managed", "type": "aws_iam_access_key", "name": "ci", "provider_config_key": "aws", "expressions": {"user": {"references": ["aws_iam_user.ci"]}}, "schema_version": 0}
  ]}}
}`
	p, err := Parse([]byte(doc), Options{})
	if err != nil {
		t.Fatal(err)
	}
	user := p.Resource("aws_iam_user.ci")
	if user == nil || user.Action != NoOp || user.After["name"] != "ci" {
		t.Fatalf("user: %+v", user)
	}
	key := p.Resource("aws_iam_access_key.ci")
	if key == nil || key.Action != Create {
		t.Fatalf("key: %+v", key)
	}
	links := p.Links(key, "user")
	if len(links) != 1 || links[0].Target != user {
		t.Fatalf("links = %+v", links)
	}
}

// Terraform derives planned_values from the plan's changes, so a managed
// instance in planned_values without a resource_changes entry means the
// file was cut or edited (jq filters do this): whether the plan creates it
// is unknown, and taking it for an existing resource would let a new
// admin credential pass as pre-existing. Data sources may appear there
// alone, and managed instances only in prior_state are state the plan
// does not act on (a refresh-only plan).
func TestPlannedValuesWithoutChangeRefused(t *testing.T) {
	t.Parallel()
	const planned = `"planned_values":{"root_module":{"resources":[{"address":"aws_iam_user.admin","mode":"managed","type":"aws_iam_user","name":"admin","values":{"name":"admin"}}]}}`
	for name, doc := range map[string]string{
		"no resource_changes":    `{"format_version":"1.2",` + planned + `}`,
		"empty resource_changes": `{"format_version":"1.2",` + planned + `,"resource_changes":[]}`,
		"other changes only":     `{"format_version":"0.1",` + planned + `,"resource_changes":[{"address":"aws_iam_user.ci","mode":"managed","type":"aws_iam_user","name":"ci","change":{"actions":["create"],"before":null,"after":{}}}]}`,
		"in a module":            `{"format_version":"1.2","planned_values":{"root_module":{"child_modules":[{"address":"module.m","resources":[{"address":"module.m.aws_iam_user.admin","mode":"managed","type":"aws_iam_user","name":"admin","values":{}}]}]}},"resource_changes":[]}`,
	} {
		_, err := Parse([]byte(doc), Options{})
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		var ie *InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), "aws_iam_user.admin") || !strings.Contains(err.Error(), "not in resource_changes") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %T %v", name, err, err)
		}
	}
	for name, doc := range map[string]string{
		"data source only in planned_values":  `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"data.aws_iam_policy_document.p","mode":"data","type":"aws_iam_policy_document","name":"p","values":{"json":"{}"}}]}},"resource_changes":[]}`,
		"refresh-only: managed only in prior": `{"format_version":"1.1","prior_state":{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"aws_iam_user.ci","mode":"managed","type":"aws_iam_user","name":"ci","values":{"name":"ci"}}]}}},"resource_changes":[]}`,
	} {
		if _, err := Parse([]byte(doc), Options{}); err != nil {
			t.Errorf("%s: refused: %v", name, err)
		}
	}
}

func TestSensitiveAndSecretValuesAreDropped(t *testing.T) {
	t.Parallel()
	doc := `{"format_version":"1.2","resource_changes":[{"address":"x_key.a","mode":"managed","type":"x_key","name":"a",
	  "change":{"actions":["create"],"before":null,
	    "after":{"secret":"s3cr3t-value","nested":{"token":"t0ken-value","plain":"ok"},"list":["l1st-value","fine"],"marked":"by-kb"},
	    "after_unknown":{"id":true},
	    "after_sensitive":{"secret":true,"nested":{"token":true},"list":[true,false]}}}]}`
	p, err := Parse([]byte(doc), Options{IsSecret: func(typ, attr string) bool { return typ == "x_key" && attr == "marked" }})
	if err != nil {
		t.Fatal(err)
	}
	var buf strings.Builder
	var dump func(v any)
	dump = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				buf.WriteString(k + "=")
				dump(e)
			}
		case []any:
			for _, e := range x {
				dump(e)
			}
		default:
			buf.WriteString(strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(fmtAny(x), "\n", ""), " ", "")) + ";")
		}
	}
	dump(p.Resource("x_key.a").After)
	for _, secret := range []string{"s3cr3t-value", "t0ken-value", "l1st-value", "by-kb"} {
		if strings.Contains(buf.String(), secret) {
			t.Errorf("value %q survived loading: %s", secret, buf.String())
		}
	}
	for _, kept := range []string{"ok", "fine"} {
		if !strings.Contains(buf.String(), kept) {
			t.Errorf("non-sensitive value %q was dropped: %s", kept, buf.String())
		}
	}
}

// Options.Reads: the values of types the caller does not read are not
// decoded (an empty object stands in, so the resource still exists in
// each world), yet a skipped value is still checked: a duplicate key or
// a wrong shape there is refused as anywhere else.
func TestReadsSkipsOtherTypesValues(t *testing.T) {
	t.Parallel()
	reads := func(typ string) bool { return typ == "aws_iam_user" }
	doc := func(bucketChange string) string {
		return `{"format_version":"1.2","resource_changes":[
		 {"address":"aws_iam_user.u","mode":"managed","type":"aws_iam_user","name":"u","change":{"actions":["create"],"before":null,"after":{"name":"u"},"after_unknown":{"arn":true}}},
		 {"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b","change":` + bucketChange + `},
		 {"address":"aws_sqs_queue.q","mode":"managed","change":{"actions":["update"],"before":{"name":"q"},"after":{"name":"q2"}},"type":"aws_sqs_queue","name":"q"}]}`
	}
	p, err := Parse([]byte(doc(`{"actions":["update"],"before":{"bucket":"b","tags":{"k":"v"}},"after":{"bucket":"b2","tags":{"k":"v"}},"after_unknown":{"arn":true},"before_sensitive":{"tags":{}},"after_sensitive":{"tags":{}}}`)), Options{Reads: reads})
	if err != nil {
		t.Fatal(err)
	}
	if u := p.Resource("aws_iam_user.u"); u == nil || u.After["name"] != "u" {
		t.Fatalf("a read type's values: %+v", u)
	}
	b := p.Resource("aws_s3_bucket.b")
	if b == nil || b.Action != Update || b.Before == nil || b.After == nil || len(b.Before) != 0 || len(b.After) != 0 {
		t.Fatalf("an unread type exists in both worlds with empty values: %+v", b)
	}
	// The type comes after the change here: the change is decoded whole.
	if q := p.Resource("aws_sqs_queue.q"); q == nil || q.After["name"] != "q2" {
		t.Fatalf("a change before its type: %+v", q)
	}
	for name, change := range map[string]string{
		"duplicate key in a skipped value":  `{"actions":["create"],"before":null,"after":{"bucket":"b","bucket":"c"}}`,
		"duplicate key deep in it":          `{"actions":["create"],"before":null,"after":{"tags":{"k":"v","k":"w"}}}`,
		"after is a list":                   `{"actions":["create"],"before":null,"after":["b"]}`,
		"after_unknown is a string":         `{"actions":["create"],"before":null,"after":{},"after_unknown":"yes"}`,
		"truncated inside a skipped object": `{"actions":["create"],"before":null,"after":{"bucket":"b"`,
	} {
		if _, err := Parse([]byte(doc(change)), Options{Reads: reads}); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// Which top-level attributes hold sensitive values is kept for every
// type, also those whose values are not read, on both decoders: the
// exposure rule finds sensitive values written into tags and user data
// of any resource.
func TestSensitiveAttributes(t *testing.T) {
	t.Parallel()
	doc := []byte(`{"format_version":"1.2","resource_changes":[
	 {"address":"aws_instance.web","mode":"managed","type":"aws_instance","name":"web","change":{"actions":["update"],
	  "before":{"tags":{"k":"v"},"user_data":"x"},"after":{"tags":{"k":"v","token":"t"},"user_data":"y"},
	  "before_sensitive":{"tags":{},"user_data":false},"after_sensitive":{"tags":{"token":true},"user_data":true,"root_block_device":[{"kms":false}]}}},
	 {"address":"aws_iam_user.u","mode":"managed","type":"aws_iam_user","name":"u","change":{"actions":["no-op"],
	  "before":{"name":"u","tags":{"t":"s"}},"after":{"name":"u","tags":{"t":"s"}},
	  "before_sensitive":{"tags":{"t":true}},"after_sensitive":{"tags":{"t":true}}}},
	 {"address":"aws_sqs_queue.q","mode":"managed","type":"aws_sqs_queue","name":"q","change":{"actions":["create"],"before":null,"after":{"name":"q"},
	  "after_sensitive":{"tags":{"true":false,"a\"t":false},"redrive":[false,{"x":true}],"t":{}}}},
	 {"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b","change":{"actions":["create"],"before":null,"after":{"bucket":"b"}}}]}`)
	reads := func(typ string) bool { return typ == "aws_iam_user" }
	for name, p := range map[string]func() (*Plan, error){
		"fast":       func() (*Plan, error) { return Parse(doc, Options{Reads: reads}) },
		"reflective": func() (*Plan, error) { return parseReflective(doc, Options{}) },
	} {
		p, err := p()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for addr, want := range map[string][2][]string{
			"aws_instance.web": {nil, {"tags", "user_data"}},
			"aws_iam_user.u":   {{"tags"}, {"tags"}},
			"aws_s3_bucket.b":  {nil, nil},
			"aws_sqs_queue.q":  {nil, {"redrive"}},
		} {
			r := p.Resource(addr)
			if r == nil {
				t.Fatalf("%s: %s missing", name, addr)
			}
			if !slices.Equal(r.SensitiveBefore, want[0]) || !slices.Equal(r.SensitiveAfter, want[1]) {
				t.Errorf("%s: %s sensitive before %v after %v, want %v", name, addr, r.SensitiveBefore, r.SensitiveAfter, want)
			}
		}
	}
	// Skipped markers are still checked.
	for name, markers := range map[string]string{
		"duplicate key":      `{"tags":{},"tags":{}}`,
		"duplicate deep":     `{"tags":{"k":true,"k":false}}`,
		"truncated":          `{"tags":{"k":tru`,
		"not an object/bool": `"yes"`,
	} {
		doc := `{"format_version":"1.2","resource_changes":[{"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b",
		 "change":{"actions":["create"],"before":null,"after":{"bucket":"b"},"after_sensitive":` + markers + `}}]}`
		if _, err := Parse([]byte(doc), Options{Reads: reads}); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// Terraform writes a constant expression's value into the configuration
// section even when the attribute is sensitive: the literals of secret
// attributes and of provider credentials are dropped at load like secret
// values, leaving only that a literal was there.
func TestConfigurationLiteralsOfSecretsAreDropped(t *testing.T) {
	t.Parallel()
	doc := `{"format_version":"1.2","resource_changes":[],"configuration":{
	  "provider_config":{
	    "aws":{"name":"aws","full_name":"registry.terraform.io/hashicorp/aws","expressions":{"region":{"constant_value":"eu-west-1"},"secret_key":{"constant_value":"c4nary-provider-key"},"token":{"references":["var.token"]}}},
	    "module.m:github":{"name":"github","full_name":"registry.terraform.io/integrations/github","module_address":"module.m","expressions":{"owner":{"constant_value":"example-org"},"app_auth":[{"pem_file":{"constant_value":"c4nary-pem"},"id":{"constant_value":"123"}}]}}},
	  "root_module":{
	    "resources":[{"address":"x_key.a","mode":"managed","type":"x_key","name":"a","expressions":{"marked":{"constant_value":"c4nary-literal"},"plain":{"constant_value":"plain-setting"},"empty_marked":{"constant_value":""}}}],
	    "module_calls":{"m":{"source":"./m","module":{"resources":[{"address":"x_key.b","mode":"managed","type":"x_key","name":"b","expressions":{"marked":{"constant_value":{"k":"c4nary-in-a-map"}}}}]}}}}}}`
	isSecret := func(typ, attr string) bool { return typ == "x_key" && (attr == "marked" || attr == "empty_marked") }
	providerSecret := func(provider, path string) bool {
		return provider == "aws" && path == "secret_key" || provider == "github" && path == "app_auth.pem_file"
	}
	p, err := Parse([]byte(doc), Options{IsSecret: isSecret, ProviderSecret: providerSecret})
	if err != nil {
		t.Fatal(err)
	}
	dump, err := json.Marshal(p.Raw.Config)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"c4nary-provider-key", "c4nary-pem", "c4nary-literal", "c4nary-in-a-map"} {
		if strings.Contains(string(dump), secret) {
			t.Errorf("literal %q survived loading: %s", secret, dump)
		}
	}
	for _, kept := range []string{"eu-west-1", "example-org", "123", "plain-setting", "var.token"} {
		if !strings.Contains(string(dump), kept) {
			t.Errorf("%q was dropped: %s", kept, dump)
		}
	}
	cfg := p.Raw.Config
	a := cfg.RootModule.Resources[0].Expressions
	if _, ok := HardCoded(a["marked"]); !ok {
		t.Error("a secret attribute's literal does not say it was there")
	}
	for _, name := range []string{"plain", "empty_marked"} {
		if _, ok := HardCoded(a[name]); ok {
			t.Errorf("%s: not a secret literal, but said to be one", name)
		}
	}
	b := cfg.RootModule.ModuleCalls["m"].Module.Resources[0].Expressions
	if _, ok := HardCoded(b["marked"]); !ok {
		t.Error("a literal in a module is not marked")
	}
	if _, ok := HardCoded(cfg.ProviderConfigs["aws"].Expressions["secret_key"]); !ok {
		t.Error("a provider credential's literal is not marked")
	}
	if _, ok := HardCoded(cfg.ProviderConfigs["aws"].Expressions["token"]); ok {
		t.Error("a reference is not a literal")
	}
	// The same literal hashes the same as the value a resource holds, so
	// the graph can tell that a resource already had it.
	lit, _ := HardCoded(a["marked"])
	if lit != redact("c4nary-literal") || lit == redact("another") {
		t.Error("a dropped literal's hash does not identify the value")
	}
}

// A secret nested in blocks (an MQ broker's user.password) or in a nested
// attribute written as one constant (helm 3's set_sensitive, a list of
// objects) is dropped as a top-level one is, and SecretLiterals finds
// each literal written for it: in every block, and through an input
// variable's default. References are no literals; what is beside the
// secret stays.
func TestNestedConfigurationLiteralsOfSecretsAreDropped(t *testing.T) {
	t.Parallel()
	doc := `{"format_version":"1.2",
	  "resource_changes":[{"address":"x_broker.a","mode":"managed","type":"x_broker","name":"a","change":{"actions":["create"],"before":null,"after":{}}}],
	  "configuration":{"root_module":{
	    "variables":{"pw":{"default":"c4nary-default","sensitive":true}},
	    "resources":[{"address":"x_broker.a","mode":"managed","type":"x_broker","name":"a","expressions":{
	      "user":[
	        {"username":{"constant_value":"app"},"password":{"constant_value":"c4nary-block-one"}},
	        {"username":{"constant_value":"ops"},"password":{"references":["var.pw"]}},
	        {"username":{"constant_value":"ci"},"password":{"references":["random_password.ci.result","random_password.ci"]}},
	        {"username":{"constant_value":"empty"},"password":{"constant_value":""}}],
	      "security":[{"enabled":{"constant_value":true},"master":[{"name":{"constant_value":"admin"},"password":{"constant_value":"c4nary-deep"}}]}],
	      "set_sensitive":{"constant_value":[{"name":"auth.password","value":"c4nary-nested-attribute"},{"name":"auth.other","value":"c4nary-nested-attribute-2"}]},
	      "set":{"constant_value":[{"name":"image.tag","value":"1.2.3"}]}}}]}}}`
	secrets := []string{"user.password", "security.master.password", "set_sensitive.value"}
	isSecret := func(typ, path string) bool { return typ == "x_broker" && slices.Contains(secrets, path) }
	p, err := Parse([]byte(doc), Options{IsSecret: isSecret})
	if err != nil {
		t.Fatal(err)
	}
	dump, err := json.Marshal([]any{p.Raw.Config, p.Raw.Variables})
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"c4nary-block-one", "c4nary-default", "c4nary-deep", "c4nary-nested-attribute"} {
		if strings.Contains(string(dump), secret) {
			t.Errorf("literal %q survived loading: %s", secret, dump)
		}
	}
	for _, kept := range []string{"app", "ops", "admin", "auth.password", "image.tag", "1.2.3", "var.pw", "random_password.ci.result"} {
		if !strings.Contains(string(dump), kept) {
			t.Errorf("%q was dropped: %s", kept, dump)
		}
	}
	r := p.Resource("x_broker.a")
	sec := func(lit string) value.Secret { return redact(lit).(value.Secret) }
	want := map[string][]Literal{
		"user.password":            {{Value: sec("c4nary-block-one")}, {Value: sec("c4nary-default"), Via: "the default of var.pw"}},
		"security.master.password": {{Value: sec("c4nary-deep")}},
		"set_sensitive.value":      {{Value: sec("c4nary-nested-attribute")}, {Value: sec("c4nary-nested-attribute-2")}},
		"set.value":                nil, // not secret: left as written
		"user":                     nil,
	}
	for path, lits := range want {
		if got := p.SecretLiterals(r, path); !reflect.DeepEqual(got, lits) {
			t.Errorf("SecretLiterals(%s) = %v, want %v", path, got, lits)
		}
	}
}
