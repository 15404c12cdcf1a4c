package rules_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/checktest"
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
	p, err := plan.Parse(data, plan.Options{IsSecret: kb.IsSecret, ProviderSecret: kb.IsProviderSecret, CredentialShape: kb.CredentialShape, Reads: kb.Known})
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

// A provider block's credential typed in is reported when it has the form
// of one a service issued, directly or through an input variable's
// default; placeholders of plans made for tests ("test", "mock") and AWS's
// documented example key are not. A plan that changes nothing does not
// introduce it, and its value is nowhere in the report or the loaded plan.
func TestHardCodedProviderCredentials(t *testing.T) {
	t.Parallel()
	const (
		awsSecret  = "q7Hc2Lk9PzXw4RtYv1Nb8Mn3Ja6Sd0Fg5Hj/Kl+a"
		ghToken    = "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
		vaultToken = "hvs.CAESIJ2kq8mZp3Lx9VtR4sWy7uQn1bKc6dFg"
		pem        = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\nMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\n-----END PRIVATE KEY-----\n"
	)
	lit := func(v string) map[string]any { return map[string]any{"constant_value": v} }
	ref := func(r string) map[string]any { return map[string]any{"references": []string{r}} }
	providers := map[string]any{
		"aws":            map[string]any{"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws", "expressions": map[string]any{"access_key": lit("AKIAQ3EGRZXKLMNOPQ7B"), "secret_key": lit(awsSecret)}},
		"aws.localstack": map[string]any{"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws", "alias": "localstack", "expressions": map[string]any{"secret_key": lit("test"), "token": lit("mock")}},
		"aws.docs":       map[string]any{"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws", "alias": "docs", "expressions": map[string]any{"secret_key": lit("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")}},
		"vault":          map[string]any{"name": "vault", "full_name": "registry.terraform.io/hashicorp/vault", "expressions": map[string]any{"token": ref("var.vault_token")}},
		"google":         map[string]any{"name": "google", "full_name": "registry.terraform.io/hashicorp/google", "expressions": map[string]any{"credentials": lit(`{"type":"service_account","project_id":"acme-test-1","private_key":"` + strings.ReplaceAll(pem, "\n", `\n`) + `"}`)}},
		"module.ci:github": map[string]any{"name": "github", "full_name": "registry.terraform.io/integrations/github", "module_address": "module.ci",
			"expressions": map[string]any{"token": ref("var.token")}},
	}
	doc := func(action string) []byte {
		before := any(nil)
		if action != "create" {
			before = map[string]any{"name": "ci", "tags": owned}
		}
		b, err := json.Marshal(map[string]any{
			"format_version": "1.2", "terraform_version": "1.11.4",
			"variables": map[string]any{"vault_token": map[string]any{"value": vaultToken}},
			"resource_changes": []any{map[string]any{"address": "aws_iam_user.ci", "mode": "managed", "type": "aws_iam_user", "name": "ci", "provider_name": "registry.terraform.io/hashicorp/aws",
				"change": map[string]any{"actions": []string{action}, "before": before, "after": map[string]any{"name": "ci", "tags": owned},
					"after_unknown": map[string]any{}, "before_sensitive": map[string]any{}, "after_sensitive": map[string]any{}}}},
			"configuration": map[string]any{"provider_config": providers, "root_module": map[string]any{
				"variables": map[string]any{"vault_token": map[string]any{"default": vaultToken}},
				"module_calls": map[string]any{"ci": map[string]any{"source": "./ci", "module": map[string]any{
					"variables": map[string]any{"token": map[string]any{"default": ghToken}}}}},
			}},
		})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	run := func(action string) (*report.Report, *plan.Plan) {
		p, err := plan.Parse(doc(action), plan.Options{IsSecret: kb.IsSecret, ProviderSecret: kb.IsProviderSecret, CredentialShape: kb.CredentialShape, Reads: kb.Known})
		if err != nil {
			t.Fatal(err)
		}
		res, err := checker.CheckPlan(p, checker.Input{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		return res.Report, p
	}

	r, p := run("create")
	want := map[string]string{
		"provider.aws":              "an AWS secret access key written into the configuration as a literal (`secret_key`)",
		"provider.vault":            "a Vault token written into the configuration as a literal (`token`, from the default of var.vault_token)",
		"provider.google":           "a private key written into the configuration as a literal (`credentials`)",
		"module.ci.provider.github": "a GitHub token written into the configuration as a literal (`token`, from the default of var.token in module.ci)",
	}
	got := map[string]*report.Finding{}
	for _, f := range r.Findings {
		if f.ResourceType == "provider" {
			got[f.Address] = f
		}
	}
	for addr, msg := range want {
		f := got[addr]
		switch {
		case f == nil:
			t.Errorf("%s: not reported: %v", addr, findings(r))
		case f.Rule != "NHI-007" || f.Severity != report.Critical || !f.Introduced || !f.Blocking:
			t.Errorf("%s: %s %s introduced=%v blocking=%v", addr, f.Rule, f.Severity, f.Introduced, f.Blocking)
		case !strings.Contains(f.Message, msg):
			t.Errorf("%s: message %q lacks %q", addr, f.Message, msg)
		}
	}
	if len(got) != len(want) {
		t.Errorf("placeholders or AWS's example key reported: %v", findings(r))
	}

	if r, _ := run("no-op"); len(r.Findings) == 0 {
		t.Error("a plan that changes nothing: the provider credentials are not reported")
	} else {
		for _, f := range r.Findings {
			if f.Introduced || f.Blocking {
				t.Errorf("%s %s: introduced by a plan that changes nothing", f.Address, f.Rule)
			}
		}
	}

	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := json.Marshal([]any{p.Raw.Config, p.Raw.Variables})
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{awsSecret, ghToken, vaultToken, "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"} {
		if strings.Contains(string(out), secret) || strings.Contains(string(loaded), secret) {
			t.Errorf("%.12s... survived in the report or the loaded plan", secret)
		}
	}
}

// The forms of credentials: what services issue, and not what plans made
// for tests hold in their place.
func TestCredentialShape(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		provider, path, literal, want string
	}{
		{"aws", "secret_key", "q7Hc2Lk9PzXw4RtYv1Nb8Mn3Ja6Sd0Fg5Hj/Kl+a", "an AWS secret access key"},
		{"aws", "secret_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""},
		{"aws", "secret_key", "thisisnotasecretkeyjustfortestingpurpose", ""}, // one case, no digit
		{"aws", "secret_key", "mock_secret_key", ""},
		{"aws", "token", "test", ""},
		{"aws", "secret_key", "AKIAQ3EGRZXKLMNOPQ7B", "an AWS access key ID"},
		{"alicloud", "secret_key", "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", ""}, // not the AWS form's provider
		{"github", "token", "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8", "a GitHub token"},
		{"github", "token", "ghp_xxxxxxxxxxxx", ""},
		{"gitlab", "token", "glpat-Ab3dEf6hIj9kLm2nOp5q", "a GitLab access token"},
		{"vault", "token", "hvs.CAESIJ2kq8mZp3Lx9VtR4sWy7uQn1bKc6dFg", "a Vault token"},
		{"vault", "token", "root", ""},
		{"vault", "token", "hvs.fakefakefakefakefakefake", ""}, // the form, and a placeholder word
		{"vault", "token", "hvs.abababababababababababab", ""}, // the form, not random
		{"aws", "secret_key", "fake/secret/key/for/offline/plan/only0000", ""},
		{"aws", "secret_key", "AKIAFAKEFAKEFAKEFAKE", ""},
		{"gitlab", "token", "glpat-xxxxxxxxxxxxxxxxxxxx", ""},
		{"tfe", "token", "Ab12Cd34Ef56Gh.atlasv1.Zx98Yw76Vu54Ts32Rq10Po98Nm76Lk54Ji32Hg10Fe98Dc76Ba54Zx98Yw76Vu54Ts32", "a Terraform Cloud token"},
		{"azurerm", "client_secret", "abc8Q~Xy1Zw2Vu3Ts4Rq5Po6Nm7Lk8Ji9Hg0Fe1D", "an Entra ID client secret"},
		{"azurerm", "client_secret", "00000000-0000-0000-0000-000000000000", ""},
		{"kubernetes", "token", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2EifQ.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLWp3dA", "a bearer token (JWT)"},
		{"google", "credentials", "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n-----END RSA PRIVATE KEY-----", "a private key"},
		// A key's body may hold a placeholder word by chance, and a key file names projects: the key decides.
		{"google", "credentials", `{"project_id":"mock-data-pipeline","private_key":"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCtestW4R4/M2bS1GB4t7NXp98C3SC6dVMvD\n-----END PRIVATE KEY-----\n"}`, "a private key"},
		{"google", "credentials", "-----BEGIN PRIVATE KEY-----\nMIIE...fake...\n-----END PRIVATE KEY-----", ""},
		{"tls", "private_key", "-----BEGIN PRIVATE KEY-----\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n-----END PRIVATE KEY-----", ""},
		{"google", "credentials", "/path/to/account.json", ""},
	} {
		if got := kb.CredentialShape(c.provider, c.path, c.literal); got != c.want {
			t.Errorf("%s %s %.16q: %q, want %q", c.provider, c.path, c.literal, got, c.want)
		}
	}
}

// A secret written as a literal inside a nested block (an MQ broker's
// user { password = "..." }), or inside a nested attribute written as one
// value (helm 3's set_sensitive), is a secret typed in as a top-level one
// is: the same finding, naming the attribute's path, never the value.
// Values from a variable set outside the code, from another resource or
// from an ephemeral resource are not literals; a plan that leaves the
// literal as it was does not introduce it, and one whose resource holds
// another value (ignore_changes on a placeholder) does not apply it.
func TestHardCodedInNestedBlocks(t *testing.T) {
	t.Parallel()
	lit := func(v any) map[string]any { return map[string]any{"constant_value": v} }
	ref := func(refs ...string) map[string]any { return map[string]any{"references": refs} }
	literals := map[string]string{}
	canary := func(where string) string {
		literals[where] = "nested-canary-" + where
		return literals[where]
	}
	searchDomain := func(addr, password string, expr map[string]any, actions ...string) res {
		values := func(pw string) map[string]any {
			return map[string]any{"domain_name": "search", "tags": owned, "tags_all": owned,
				"advanced_security_options": []any{map[string]any{"enabled": true, "internal_user_database_enabled": true,
					"master_user_options": []any{map[string]any{"master_user_arn": nil, "master_user_name": "admin", "master_user_password": pw}}}}}
		}
		marked := map[string]any{"advanced_security_options": []any{map[string]any{"master_user_options": []any{map[string]any{"master_user_password": true}}}}}
		r := res{Addr: addr, After: values(password), Sensitive: marked, Actions: actions,
			Exprs: map[string]any{"advanced_security_options": []any{map[string]any{"enabled": lit(true), "internal_user_database_enabled": lit(true),
				"master_user_options": []any{map[string]any{"master_user_name": lit("admin"), "master_user_password": expr}}}}}}
		if len(actions) > 0 {
			r.Before, r.BeforeSensitive = values(password), marked
		}
		return r
	}
	// Users in the order of the configuration; the plan lists a set's
	// elements in the provider's order.
	broker := func(addr string, exprs []map[string]any, values []string, actions ...string) res {
		var users, marks, blocks []any
		for i, v := range values {
			users = append(users, map[string]any{"username": "user" + strconv.Itoa(i), "password": v, "console_access": false, "groups": []any{}, "replication_user": false})
			marks = append(marks, map[string]any{"password": true, "groups": []any{}})
		}
		for i, e := range exprs {
			blocks = append(blocks, map[string]any{"username": lit("user" + strconv.Itoa(i)), "password": e})
		}
		after := map[string]any{"broker_name": "orders", "engine_type": "ActiveMQ", "user": users, "tags": owned, "tags_all": owned}
		r := res{Addr: addr, After: after, Sensitive: map[string]any{"user": marks}, Actions: actions, Exprs: map[string]any{"user": blocks}}
		if len(actions) > 0 {
			r.Before, r.BeforeSensitive = after, r.Sensitive
		}
		return r
	}
	single := func(block, attr string) map[string]any {
		return map[string]any{block: []any{map[string]any{attr: true}}}
	}
	mq := canary("mq")
	aks1, aks2 := canary("aks windows"), canary("aks service principal")
	helm3 := canary("helm 3")
	aciEnv := map[string]any{"DB_PASSWORD": canary("secure environment")}
	rs := []res{
		searchDomain("aws_opensearch_domain.search", canary("opensearch"), lit(literals["opensearch"])),
		{Addr: "aws_elasticsearch_domain.legacy",
			After:     map[string]any{"domain_name": "legacy", "tags": owned, "advanced_security_options": []any{map[string]any{"enabled": true, "master_user_options": []any{map[string]any{"master_user_name": "admin", "master_user_password": canary("elasticsearch")}}}}},
			Sensitive: map[string]any{"advanced_security_options": []any{map[string]any{"master_user_options": []any{map[string]any{"master_user_password": true}}}}},
			Exprs:     map[string]any{"advanced_security_options": []any{map[string]any{"enabled": lit(true), "master_user_options": []any{map[string]any{"master_user_name": lit("admin"), "master_user_password": lit(literals["elasticsearch"])}}}}}},
		broker("aws_mq_broker.orders", []map[string]any{lit(mq), ref("random_password.ops.result", "random_password.ops")}, []string{"generated-elsewhere", mq}),
		{Addr: "azurerm_container_group.web",
			After:     map[string]any{"name": "web", "tags": owned, "image_registry_credential": []any{map[string]any{"server": "acme.azurecr.io", "username": "acme", "password": canary("registry")}}},
			Sensitive: single("image_registry_credential", "password"),
			Exprs:     map[string]any{"image_registry_credential": []any{map[string]any{"server": lit("acme.azurecr.io"), "username": lit("acme"), "password": lit(literals["registry"])}}}},
		{Addr: "azurerm_container_group.secure_env",
			After:     map[string]any{"name": "env", "tags": owned, "container": []any{map[string]any{"name": "app", "image": "app:1", "secure_environment_variables": aciEnv}}},
			Sensitive: single("container", "secure_environment_variables"),
			Exprs:     map[string]any{"container": []any{map[string]any{"name": lit("app"), "image": lit("app:1"), "secure_environment_variables": lit(aciEnv)}}}},
		{Addr: "azurerm_kubernetes_cluster.main",
			After: map[string]any{"name": "main", "tags": owned,
				"windows_profile":   []any{map[string]any{"admin_username": "azureuser", "admin_password": aks1}},
				"service_principal": []any{map[string]any{"client_id": "00000000-1111-2222-3333-444444444444", "client_secret": aks2}}},
			Sensitive: map[string]any{"windows_profile": []any{map[string]any{"admin_password": true}}, "service_principal": []any{map[string]any{"client_secret": true}}},
			Exprs: map[string]any{
				"windows_profile":   []any{map[string]any{"admin_username": lit("azureuser"), "admin_password": lit(aks1)}},
				"service_principal": []any{map[string]any{"client_id": lit("00000000-1111-2222-3333-444444444444"), "client_secret": lit(aks2)}}}},
		{Addr: "google_container_cluster.basic_auth",
			After:     map[string]any{"name": "legacy", "resource_labels": owned, "master_auth": []any{map[string]any{"username": "admin", "password": canary("gke"), "client_certificate_config": []any{map[string]any{"issue_client_certificate": false}}}}},
			Sensitive: single("master_auth", "password"),
			Unknown:   map[string]any{"master_auth": []any{map[string]any{"client_key": true, "client_certificate": true, "cluster_ca_certificate": true}}},
			Exprs:     map[string]any{"master_auth": []any{map[string]any{"username": lit("admin"), "password": lit(literals["gke"]), "client_certificate_config": []any{map[string]any{"issue_client_certificate": lit(false)}}}}}},
		// The helm provider 2.x: set_sensitive is a block.
		{Addr: "helm_release.v2",
			After:     map[string]any{"name": "pg", "chart": "postgresql", "set_sensitive": []any{map[string]any{"name": "auth.postgresPassword", "type": "", "value": canary("helm 2")}}},
			Sensitive: single("set_sensitive", "value"),
			Exprs:     map[string]any{"set_sensitive": []any{map[string]any{"name": lit("auth.postgresPassword"), "value": lit(literals["helm 2"])}}}},
		// 3.x: a list of objects, one constant when every value is literal.
		{Addr: "helm_release.v3",
			After:     map[string]any{"name": "pg", "chart": "postgresql", "set_sensitive": []any{map[string]any{"name": "auth.postgresPassword", "type": nil, "value": helm3}}},
			Sensitive: single("set_sensitive", "value"),
			Exprs:     map[string]any{"set_sensitive": lit([]any{map[string]any{"name": "auth.postgresPassword", "value": helm3}})}},
		{Addr: "azurerm_linux_virtual_machine_scale_set.web", After: map[string]any{"name": "web", "admin_username": "azureuser", "admin_password": canary("scale set"), "tags": owned},
			Sensitive: map[string]any{"admin_password": true}},
		{Addr: "azurerm_virtual_machine.legacy",
			After:     map[string]any{"name": "legacy", "tags": owned, "os_profile": []any{map[string]any{"computer_name": "legacy", "admin_username": "azureuser", "admin_password": canary("os profile")}}},
			Sensitive: single("os_profile", "admin_password"),
			Exprs:     map[string]any{"os_profile": []any{map[string]any{"computer_name": lit("legacy"), "admin_username": lit("azureuser"), "admin_password": lit(literals["os profile"])}}}},

		{Addr: "azurerm_linux_function_app.fn", After: map[string]any{"name": "fn", "tags": owned, "storage_account_access_key": canary("function storage key")},
			Sensitive: map[string]any{"storage_account_access_key": true}},
		{Addr: "vault_jwt_auth_backend.oidc", After: map[string]any{"path": "oidc", "oidc_client_id": "vault", "oidc_client_secret": canary("vault oidc")},
			Sensitive: map[string]any{"oidc_client_secret": true}},
		// Not literals: a variable set outside the code, another
		// resource's value, an ephemeral resource's.
		searchDomain("aws_opensearch_domain.from_tfvars", "from-tfvars", ref("var.search_password")),
		broker("aws_mq_broker.generated", []map[string]any{ref("random_password.mq.result", "random_password.mq")}, []string{"generated"}),
		broker("aws_mq_broker.ephemeral", []map[string]any{ref("ephemeral.aws_secretsmanager_secret_version.mq.secret_string", "ephemeral.aws_secretsmanager_secret_version.mq")}, []string{"from-secrets-manager"}),
		// Not a secret: set, beside set_sensitive.
		{Addr: "helm_release.settings", After: map[string]any{"name": "web", "chart": "nginx", "set": []any{map[string]any{"name": "replicaCount", "type": "", "value": "3"}}},
			Exprs: map[string]any{"set": []any{map[string]any{"name": lit("replicaCount"), "value": lit("3")}}}},
		// Left as it was, in a set the provider orders its own way.
		broker("aws_mq_broker.kept", []map[string]any{lit(canary("kept")), ref("var.other")}, []string{"from-tfvars", literals["kept"]}, "no-op"),
		// ignore_changes on the placeholder the domain was created with.
		searchDomain("aws_opensearch_domain.placeholder", "the-rotated-value", lit("CHANGE_ME"), "no-op"),
	}
	p := checktest.Plan(t, rs, nil)
	res, err := checker.CheckPlan(p, checker.Input{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Report

	for addr, attrs := range map[string][]string{
		"aws_opensearch_domain.search":                {"advanced_security_options.master_user_options.master_user_password"},
		"aws_elasticsearch_domain.legacy":             {"advanced_security_options.master_user_options.master_user_password"},
		"aws_mq_broker.orders":                        {"user.password"},
		"azurerm_container_group.web":                 {"image_registry_credential.password"},
		"azurerm_container_group.secure_env":          {"container.secure_environment_variables"},
		"azurerm_kubernetes_cluster.main":             {"windows_profile.admin_password", "service_principal.client_secret"},
		"google_container_cluster.basic_auth":         {"master_auth.password"},
		"helm_release.v2":                             {"set_sensitive.value"},
		"helm_release.v3":                             {"set_sensitive.value"},
		"azurerm_linux_virtual_machine_scale_set.web": {"admin_password"},
		"azurerm_virtual_machine.legacy":              {"os_profile.admin_password"},
		"azurerm_linux_function_app.fn":               {"storage_account_access_key"},
		"vault_jwt_auth_backend.oidc":                 {"oidc_client_secret"},
	} {
		f := hardCoded(r, addr)
		if f == nil {
			t.Errorf("%s: hard-coded secret not reported: %v", addr, findings(r))
			continue
		}
		if f.Severity != report.Critical || !f.Introduced || !f.Blocking || f.Attribute != attrs[0] {
			t.Errorf("%s: severity %s introduced=%v blocking=%v attribute %q, want critical, introduced and blocking on %s", addr, f.Severity, f.Introduced, f.Blocking, f.Attribute, attrs[0])
		}
		for _, a := range attrs {
			if !strings.Contains(f.Message, "`"+a+"`") {
				t.Errorf("%s: the finding does not name %s: %s", addr, a, f.Message)
			}
		}
	}
	if f := hardCoded(r, "aws_mq_broker.kept"); f == nil || f.Introduced || f.Blocking {
		t.Errorf("a literal the plan leaves as it was is pre-existing: %+v", f)
	}
	for _, addr := range []string{"aws_opensearch_domain.from_tfvars", "aws_mq_broker.generated", "aws_mq_broker.ephemeral", "helm_release.settings", "aws_opensearch_domain.placeholder"} {
		if f := hardCoded(r, addr); f != nil {
			t.Errorf("%s: not a secret typed in, but reported: %s", addr, f.Message)
		}
	}

	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := json.Marshal(p.Raw.Config)
	if err != nil {
		t.Fatal(err)
	}
	for where, secret := range literals {
		if strings.Contains(string(out), secret) || strings.Contains(string(loaded), secret) {
			t.Errorf("the literal of %s survived in the report or the loaded plan", where)
		}
	}
}
