package rules_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// A secret typed into the configuration (password = "...") is in the code
// and in the plan, which holds constants in clear even for sensitive
// attributes. It is reported where it is, without its value; a plan that
// leaves it as it was does not introduce it; and attributes that hold a
// setting rather than a secret (an SSM String parameter, a CI variable not
// marked sensitive) are not secrets typed in.
func TestHardCodedSecrets(t *testing.T) {
	t.Parallel()
	const literal = "hunter2-canary-literal"
	secret := map[string]any{"password": true}
	r := check(t, []res{
		// checktest writes every after value as a constant of the configuration.
		{Addr: "aws_db_instance.new", After: map[string]any{"identifier": "new", "password": literal}, Sensitive: secret},
		{Addr: "aws_db_instance.kept", Actions: []string{"no-op"},
			Before: map[string]any{"identifier": "kept", "password": literal}, BeforeSensitive: secret,
			After: map[string]any{"identifier": "kept", "password": literal}, Sensitive: secret},
		{Addr: "aws_db_instance.changed", Actions: []string{"update"},
			Before: map[string]any{"identifier": "changed", "password": "the-old-one"}, BeforeSensitive: secret,
			After: map[string]any{"identifier": "changed", "password": literal}, Sensitive: secret},
		// lifecycle { ignore_changes = [secret_string] } on the placeholder
		// it was created with: the secret holds another value, kept.
		{Addr: "aws_secretsmanager_secret_version.placeholder", Actions: []string{"no-op"},
			Before: map[string]any{"secret_id": "p", "secret_string": "the-rotated-value"},
			After:  map[string]any{"secret_id": "p", "secret_string": "the-rotated-value"}, Consts: map[string]any{"secret_string": "CHANGE_ME"}},
		{Addr: "aws_db_instance.from_var", After: map[string]any{"identifier": "v", "password": literal}, Sensitive: secret,
			Refs: map[string][]string{"password": {"var.db_password"}}},
		{Addr: "aws_db_instance.empty", After: map[string]any{"identifier": "e", "password": ""}},
		{Addr: "aws_ssm_parameter.setting", After: map[string]any{"name": "region", "type": "String", "value": "eu-west-1"}},
		{Addr: "aws_ssm_parameter.secure", After: map[string]any{"name": "token", "type": "SecureString", "value": literal}},
		{Addr: "tfe_variable.setting", After: map[string]any{"key": "region", "value": "eu-west-1", "sensitive": false}},
		{Addr: "tfe_variable.token", After: map[string]any{"key": "token", "value": literal, "sensitive": true}},
		{Addr: "aws_secretsmanager_secret_version.v", After: map[string]any{"secret_id": "s", "secret_string": literal}},
	}, nil)

	for _, addr := range []string{"aws_db_instance.new", "aws_db_instance.changed", "aws_ssm_parameter.secure", "tfe_variable.token", "aws_secretsmanager_secret_version.v"} {
		f := hardCoded(r, addr)
		if f == nil {
			t.Errorf("%s: hard-coded secret not reported: %v", addr, findings(r))
			continue
		}
		if f.Severity != report.Critical || !f.Introduced || !f.Blocking {
			t.Errorf("%s: severity %s introduced=%v blocking=%v", addr, f.Severity, f.Introduced, f.Blocking)
		}
	}
	if f := hardCoded(r, "aws_db_instance.new"); f != nil && (f.Attribute != "password" || !strings.Contains(f.Message, "`password`")) {
		t.Errorf("the finding names the attribute: %s (%s)", f.Message, f.Attribute)
	}
	if f := hardCoded(r, "aws_db_instance.kept"); f == nil || f.Introduced || f.Blocking {
		t.Errorf("a literal the plan leaves as it was is pre-existing: %+v", f)
	}
	for _, addr := range []string{"aws_db_instance.from_var", "aws_db_instance.empty", "aws_ssm_parameter.setting", "tfe_variable.setting", "aws_secretsmanager_secret_version.placeholder"} {
		if f := hardCoded(r, addr); f != nil {
			t.Errorf("%s: not a secret typed in, but reported: %s", addr, f.Message)
		}
	}
	for _, f := range r.Findings {
		if strings.Contains(f.Message+f.Remediation, literal) {
			t.Errorf("%s %s shows the secret: %s", f.Address, f.Rule, f.Message)
		}
	}
}

// hardCoded is the NHI-007 finding that reports a literal on addr.
func hardCoded(r *report.Report, addr string) *report.Finding {
	for _, f := range r.Findings {
		if f.Address == addr && f.Rule == "NHI-007" && strings.Contains(f.Message, "written into the configuration as a literal") {
			return f
		}
	}
	return nil
}

// A literal reaches a secret attribute through input variables too: a
// root variable's default that the plan uses, or a module call's
// argument. A default that tfvars override, or a template that adds to
// it, is not the value.
func TestHardCodedThroughVariables(t *testing.T) {
	t.Parallel()
	const def, arg = "hunter2-default-canary", "module-argument-canary"
	db := func(addr, ref, value string) map[string]any {
		a, _ := plan.ParseAddress(addr)
		return map[string]any{"address": addr, "mode": "managed", "type": a.Type, "name": a.Name, "provider_name": "registry.terraform.io/hashicorp/aws",
			"change": map[string]any{"actions": []string{"create"}, "before": nil,
				"after":         map[string]any{"identifier": a.Name, "password": value, "tags": owned},
				"after_unknown": map[string]any{}, "before_sensitive": false, "after_sensitive": map[string]any{"password": true, "tags": map[string]any{}}}}
	}
	cfgRes := func(name, ref string) map[string]any {
		return map[string]any{"address": "aws_db_instance." + name, "mode": "managed", "type": "aws_db_instance", "name": name, "provider_config_key": "aws",
			"expressions": map[string]any{"password": map[string]any{"references": []string{ref}}}}
	}
	doc := map[string]any{
		"format_version": "1.2", "terraform_version": "1.11.4",
		"variables": map[string]any{"db_password": map[string]any{"value": def}, "other_pw": map[string]any{"value": "from-tfvars"}},
		"resource_changes": []any{
			db("aws_db_instance.a", "var.db_password", def),
			db("aws_db_instance.b", "var.other_pw", "from-tfvars"),
			db("aws_db_instance.d", "var.db_password", "prefix-"+def),
			db("module.db.aws_db_instance.c", "var.password", arg),
			db("module.db.aws_db_instance.c2", "var.password", arg), // the same argument, read twice
		},
		"configuration": map[string]any{"root_module": map[string]any{
			"variables": map[string]any{
				"db_password": map[string]any{"default": def, "sensitive": true},
				"other_pw":    map[string]any{"default": "other-default"},
			},
			"resources": []any{cfgRes("a", "var.db_password"), cfgRes("b", "var.other_pw"), cfgRes("d", "var.db_password")},
			"module_calls": map[string]any{"db": map[string]any{"source": "./db",
				"expressions": map[string]any{"password": map[string]any{"constant_value": arg}},
				"module": map[string]any{
					"variables": map[string]any{"password": map[string]any{}},
					"resources": []any{cfgRes("c", "var.password"), cfgRes("c2", "var.password")}}}},
		}},
	}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Parse(data, plan.Options{IsSecret: kb.IsSecret, ProviderSecret: kb.IsProviderSecret, Reads: kb.Known})
	if err != nil {
		t.Fatal(err)
	}
	res, err := checker.CheckPlan(p, checker.Input{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Report
	if f := hardCoded(r, "aws_db_instance.a"); f == nil || !strings.Contains(f.Message, "from the default of var.db_password") {
		t.Errorf("a root variable's default in use: %+v (%v)", f, findings(r))
	}
	for _, addr := range []string{"module.db.aws_db_instance.c", "module.db.aws_db_instance.c2"} {
		if f := hardCoded(r, addr); f == nil || !strings.Contains(f.Message, "from the argument password of module.db") {
			t.Errorf("%s: a module call's literal argument: %+v (%v)", addr, f, findings(r))
		}
	}
	for _, addr := range []string{"aws_db_instance.b", "aws_db_instance.d"} {
		if f := hardCoded(r, addr); f != nil {
			t.Errorf("%s: the literal is not the value, but reported: %s", addr, f.Message)
		}
	}
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	dump, err := json.Marshal(p.Raw.Config)
	if err != nil {
		t.Fatal(err)
	}
	vars, err := json.Marshal(p.Raw.Variables)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{def, arg} {
		if strings.Contains(string(out), secret) || strings.Contains(string(dump), secret) || strings.Contains(string(vars), secret) {
			t.Errorf("%q survived in the report or the loaded plan", secret)
		}
	}
}
