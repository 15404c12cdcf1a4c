package cli

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// canaries are distinctive random values planted where a plan holds
// secrets. Each is new per test run, so no golden file or fixture can
// contain one by accident.
type canaries map[string]string // place -> value

func (c canaries) add(place string) string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	v := "nhgcanary" + hex.EncodeToString(b)
	c[place] = v
	return v
}

// leaks lists the places whose canary (or any 12-character piece of its
// random part) appears in s.
func (c canaries) leaks(s string) []string {
	var out []string
	for place, v := range c {
		random := strings.TrimPrefix(v, "nhgcanary")
		for i := 0; i+12 <= len(random); i++ {
			if strings.Contains(s, random[i:i+12]) {
				out = append(out, place)
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

// secretResource is one resource of the secrets plan: its values before
// and after (both known), which of them Terraform marks sensitive, and
// its configuration expressions.
type secretResource struct {
	addr, action string
	before       map[string]any
	after        map[string]any
	sensitive    map[string]any // before_sensitive and after_sensitive
	exprs        map[string]any
}

// secretsPlan writes a plan in which every kind of secret a plan can hold
// is known, each with its own canary: values marked sensitive on no-op
// and update resources (before and after, in resource_changes,
// planned_values, prior_state and resource_drift), values of attributes
// the knowledge base marks secret that the provider did not mark, values
// of sensitive and plain variables, outputs, provider credentials, and
// constants in the configuration.
func secretsPlan(t *testing.T, c canaries) []byte {
	t.Helper()
	if !kb.IsSecret("aws_iam_access_key", "secret") || !kb.IsSecret("random_password", "result") || !kb.IsSecret("github_actions_secret", "plaintext_value") {
		t.Fatal("the knowledge base no longer marks the secrets this test plants")
	}
	userTags := map[string]any{"owner": "team-ci", "api_token": c.add("user tag marked sensitive")}
	resources := []secretResource{
		{addr: "aws_iam_user.ci", action: "update",
			before:    map[string]any{"name": "ci", "path": "/machine/", "tags": map[string]any{"owner": "team-ci", "api_token": c.add("user tag before, marked sensitive")}, "tags_all": map[string]any{"owner": "team-ci"}},
			after:     map[string]any{"name": "ci", "path": "/machine/", "tags": userTags, "tags_all": userTags},
			sensitive: map[string]any{"tags": map[string]any{"api_token": true}, "tags_all": map[string]any{"api_token": true}},
			exprs:     map[string]any{"name": map[string]any{"constant_value": "ci"}, "tags": map[string]any{"references": []any{"var.api_token"}}}},
		// A key the provider did not mark: the knowledge base says secret.
		{addr: "aws_iam_access_key.ci", action: "no-op",
			before:    map[string]any{"id": "AKIAEXAMPLEKEY000001", "user": "ci", "status": "Active", "secret": c.add("access key secret, not marked"), "ses_smtp_password_v4": c.add("smtp password, not marked"), "encrypted_secret": nil},
			after:     map[string]any{"id": "AKIAEXAMPLEKEY000001", "user": "ci", "status": "Active", "secret": c.values()["access key secret, not marked"], "ses_smtp_password_v4": c.values()["smtp password, not marked"], "encrypted_secret": nil},
			sensitive: map[string]any{},
			exprs:     map[string]any{"user": map[string]any{"references": []any{"aws_iam_user.ci.name", "aws_iam_user.ci"}}}},
		// An update whose changing attribute is marked sensitive both sides.
		{addr: "aws_iam_access_key.old", action: "update",
			before:    map[string]any{"id": "AKIAEXAMPLEKEY000002", "user": "ci", "status": "Active", "secret": c.add("old key secret before"), "pgp_key": c.add("pgp key before, marked")},
			after:     map[string]any{"id": "AKIAEXAMPLEKEY000002", "user": "ci", "status": "Inactive", "secret": c.add("old key secret after"), "pgp_key": c.add("pgp key after, marked")},
			sensitive: map[string]any{"secret": true, "pgp_key": true},
			exprs:     map[string]any{"user": map[string]any{"references": []any{"aws_iam_user.ci.name", "aws_iam_user.ci"}}}},
		{addr: "random_password.db", action: "no-op",
			before:    map[string]any{"id": "none", "length": 32, "result": c.add("random_password result"), "bcrypt_hash": c.add("bcrypt hash")},
			after:     map[string]any{"id": "none", "length": 32, "result": c.values()["random_password result"], "bcrypt_hash": c.values()["bcrypt hash"]},
			sensitive: map[string]any{"result": true, "bcrypt_hash": true},
			exprs:     map[string]any{"length": map[string]any{"constant_value": 32}}},
		{addr: "tls_private_key.deploy", action: "no-op",
			before:    map[string]any{"id": "k", "algorithm": "ED25519", "private_key_pem": c.add("tls private key"), "private_key_openssh": c.add("openssh private key"), "public_key_openssh": "ssh-ed25519 AAAA"},
			after:     map[string]any{"id": "k", "algorithm": "ED25519", "private_key_pem": c.values()["tls private key"], "private_key_openssh": c.values()["openssh private key"], "public_key_openssh": "ssh-ed25519 AAAA"},
			sensitive: map[string]any{},
			exprs:     map[string]any{"algorithm": map[string]any{"constant_value": "ED25519"}}},
		{addr: "google_service_account_key.sa", action: "no-op",
			before:    map[string]any{"id": "projects/p/serviceAccounts/sa@p.iam.gserviceaccount.com/keys/1", "service_account_id": "sa@p.iam.gserviceaccount.com", "private_key": c.add("google private key, not marked")},
			after:     map[string]any{"id": "projects/p/serviceAccounts/sa@p.iam.gserviceaccount.com/keys/1", "service_account_id": "sa@p.iam.gserviceaccount.com", "private_key": c.values()["google private key, not marked"]},
			sensitive: map[string]any{}},
		// A secret stored as a literal in the configuration.
		{addr: "aws_secretsmanager_secret_version.db", action: "update",
			before:    map[string]any{"secret_id": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db", "secret_string": c.add("secret_string before, not marked")},
			after:     map[string]any{"secret_id": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db", "secret_string": c.add("secret_string after, not marked")},
			sensitive: map[string]any{},
			exprs:     map[string]any{"secret_string": map[string]any{"constant_value": c.add("secret_string literal in configuration")}}},
		// Exposure: the key's secret copied to CI.
		{addr: "github_actions_secret.key", action: "update",
			before:    map[string]any{"repository": "www", "secret_name": "AWS_SECRET_ACCESS_KEY", "plaintext_value": c.add("CI secret before")},
			after:     map[string]any{"repository": "www", "secret_name": "AWS_SECRET_ACCESS_KEY", "plaintext_value": c.add("CI secret after")},
			sensitive: map[string]any{"plaintext_value": true},
			exprs:     map[string]any{"repository": map[string]any{"constant_value": "www"}, "plaintext_value": map[string]any{"references": []any{"aws_iam_access_key.ci.secret", "aws_iam_access_key.ci"}}}},
		// A plain-text place holding a secret, marked sensitive.
		{addr: "aws_instance.web", action: "update",
			before:    map[string]any{"ami": "ami-1", "instance_type": "t3.micro", "user_data": "export TOKEN=" + c.add("user_data before"), "tags": map[string]any{"owner": "team-web"}},
			after:     map[string]any{"ami": "ami-1", "instance_type": "t3.micro", "user_data": "export TOKEN=" + c.add("user_data after"), "tags": map[string]any{"owner": "team-web", "db_password": c.add("instance tag, marked")}},
			sensitive: map[string]any{"user_data": true, "tags": map[string]any{"db_password": true}},
			exprs:     map[string]any{"user_data": map[string]any{"references": []any{"random_password.db.result", "random_password.db"}}}},
		{addr: "gitlab_project_variable.token", action: "no-op",
			before:    map[string]any{"project": "1", "key": "TOKEN", "value": c.add("gitlab variable, not marked"), "masked": false, "protected": false},
			after:     map[string]any{"project": "1", "key": "TOKEN", "value": c.values()["gitlab variable, not marked"], "masked": false, "protected": false},
			sensitive: map[string]any{}},
		{addr: "kubernetes_secret_v1.token", action: "update",
			before:    map[string]any{"type": "kubernetes.io/service-account-token", "data": map[string]any{"token": c.add("kubernetes token before")}, "metadata": []any{map[string]any{"name": "t", "namespace": "default", "annotations": map[string]any{"kubernetes.io/service-account.name": "deployer"}}}},
			after:     map[string]any{"type": "kubernetes.io/service-account-token", "data": map[string]any{"token": c.add("kubernetes token after")}, "metadata": []any{map[string]any{"name": "t", "namespace": "default", "annotations": map[string]any{"kubernetes.io/service-account.name": "deployer"}}}},
			sensitive: map[string]any{"data": true}},
		// A Secret declared as a manifest, its data not marked sensitive
		// (as some provider versions plan it): judged as a token Secret,
		// its data never copied.
		{addr: "kubernetes_manifest.token", action: "update",
			before: map[string]any{"manifest": map[string]any{"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/service-account-token",
				"metadata": map[string]any{"name": "m", "namespace": "default", "annotations": map[string]any{"kubernetes.io/service-account.name": "deployer"}},
				"data":     map[string]any{"token": c.add("kubernetes manifest data before, not marked")}}},
			after: map[string]any{"manifest": map[string]any{"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/service-account-token",
				"metadata":   map[string]any{"name": "m", "namespace": "default", "annotations": map[string]any{"kubernetes.io/service-account.name": "deployer"}},
				"stringData": map[string]any{"token": c.add("kubernetes manifest stringData after, not marked")}}},
			sensitive: map[string]any{}},
		// Secrets written as literals inside nested blocks, and inside a
		// nested attribute written as one constant (helm 3), their values
		// marked sensitive as the providers do.
		{addr: "aws_mq_broker.orders", action: "update",
			before: map[string]any{"broker_name": "orders", "tags": map[string]any{"owner": "team-ci"}, "user": []any{
				map[string]any{"username": "app", "password": c.add("broker user password before"), "groups": []any{}},
				map[string]any{"username": "ops", "password": c.add("broker second user password before"), "groups": []any{}}}},
			after: map[string]any{"broker_name": "orders", "tags": map[string]any{"owner": "team-ci"}, "user": []any{
				map[string]any{"username": "ops", "password": c.add("broker second user password after"), "groups": []any{}},
				map[string]any{"username": "app", "password": c.add("broker user literal in configuration"), "groups": []any{}}}},
			sensitive: map[string]any{"user": []any{map[string]any{"password": true, "groups": []any{}}, map[string]any{"password": true, "groups": []any{}}}},
			exprs: map[string]any{"broker_name": map[string]any{"constant_value": "orders"}, "user": []any{
				map[string]any{"username": map[string]any{"constant_value": "app"}, "password": map[string]any{"constant_value": c.values()["broker user literal in configuration"]}},
				map[string]any{"username": map[string]any{"constant_value": "ops"}, "password": map[string]any{"references": []any{"var.broker_password"}}}}}},
		{addr: "aws_opensearch_domain.search", action: "no-op",
			before: map[string]any{"domain_name": "search", "advanced_security_options": []any{map[string]any{"enabled": true, "master_user_options": []any{
				map[string]any{"master_user_name": "admin", "master_user_password": c.add("search master password")}}}}},
			after: map[string]any{"domain_name": "search", "advanced_security_options": []any{map[string]any{"enabled": true, "master_user_options": []any{
				map[string]any{"master_user_name": "admin", "master_user_password": c.values()["search master password"]}}}}},
			sensitive: map[string]any{"advanced_security_options": []any{map[string]any{"master_user_options": []any{map[string]any{"master_user_password": true}}}}},
			exprs: map[string]any{"advanced_security_options": []any{map[string]any{"enabled": map[string]any{"constant_value": true}, "master_user_options": []any{
				map[string]any{"master_user_name": map[string]any{"constant_value": "admin"}, "master_user_password": map[string]any{"constant_value": c.values()["search master password"]}}}}}}},
		{addr: "helm_release.db", action: "update",
			before:    map[string]any{"name": "db", "chart": "postgresql", "set_sensitive": []any{map[string]any{"name": "auth.postgresPassword", "type": nil, "value": c.add("helm value before")}}},
			after:     map[string]any{"name": "db", "chart": "postgresql", "set_sensitive": []any{map[string]any{"name": "auth.postgresPassword", "type": nil, "value": c.add("helm value after")}}},
			sensitive: map[string]any{"set_sensitive": []any{map[string]any{"value": true}}},
			exprs: map[string]any{"chart": map[string]any{"constant_value": "postgresql"},
				"set_sensitive": map[string]any{"constant_value": []any{map[string]any{"name": "auth.postgresPassword", "value": c.values()["helm value after"]}}}}},
		{addr: "azurerm_container_group.web", action: "update",
			before: map[string]any{"name": "web", "container": []any{map[string]any{"name": "app", "secure_environment_variables": map[string]any{"DB_PASSWORD": c.add("secure environment before")}}}},
			after:  map[string]any{"name": "web", "container": []any{map[string]any{"name": "app", "secure_environment_variables": map[string]any{"DB_PASSWORD": c.add("secure environment after")}}}},
			// As azurerm plans it: the map is marked as a whole.
			sensitive: map[string]any{"container": []any{map[string]any{"secure_environment_variables": true}}},
			exprs: map[string]any{"container": []any{map[string]any{"name": map[string]any{"constant_value": "app"},
				"secure_environment_variables": map[string]any{"constant_value": map[string]any{"DB_PASSWORD": c.values()["secure environment after"]}}}}}},
		// Policies marked sensitive: judged on what they say, which is
		// never shown (the findings these give are asserted below).
		{addr: "aws_iam_role.deploy", action: "update",
			before:    map[string]any{"name": "deploy", "tags": map[string]any{"owner": "team-ci"}, "assume_role_policy": `{"Version":"2012-10-17","Statement":[{"Sid":"` + c.add("trust policy Sid before, marked") + `","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"` + c.add("trust policy external id before, marked") + `"}}}]}`},
			after:     map[string]any{"name": "deploy", "tags": map[string]any{"owner": "team-ci"}, "assume_role_policy": `{"Version":"2012-10-17","Statement":[{"Sid":"` + c.add("trust policy Sid after, marked") + `","Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}`},
			sensitive: map[string]any{"assume_role_policy": true}},
		{addr: "aws_iam_role_policy.admin", action: "update",
			before:    map[string]any{"name": "admin", "role": "deploy", "policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::` + c.add("role policy before, marked") + `/*"}]}`},
			after:     map[string]any{"name": "admin", "role": "deploy", "policy": `{"Version":"2012-10-17","Statement":[{"Sid":"` + c.add("role policy Sid after, marked") + `","Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Allow","Action":["iam:PassRole","ec2:RunInstances"],"Resource":"arn:aws:iam::111122223333:role/` + c.add("role policy resource after, marked") + `"}]}`},
			sensitive: map[string]any{"policy": true},
			exprs:     map[string]any{"role": map[string]any{"references": []any{"aws_iam_role.deploy.name", "aws_iam_role.deploy"}}}},
		// Roles, members and policy ARNs marked sensitive: judged too.
		{addr: "google_project_iam_member.owner", action: "update",
			before:    map[string]any{"project": "p", "role": "roles/viewer", "member": "serviceAccount:" + c.add("member before, marked") + "@p.iam.gserviceaccount.com"},
			after:     map[string]any{"project": "p", "role": "roles/owner", "member": "serviceAccount:" + c.add("member after, marked") + "@p.iam.gserviceaccount.com"},
			sensitive: map[string]any{"role": true, "member": true}},
		{addr: "aws_iam_user_policy_attachment.admin", action: "update",
			before:    map[string]any{"user": "ci", "policy_arn": "arn:aws:iam::111122223333:policy/" + c.add("policy ARN before, marked")},
			after:     map[string]any{"user": "ci", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"},
			sensitive: map[string]any{"policy_arn": true},
			exprs:     map[string]any{"user": map[string]any{"references": []any{"aws_iam_user.ci.name", "aws_iam_user.ci"}}}},
		// A principal outside the plan, named by a sensitive value.
		{addr: "aws_iam_user_policy_attachment.outside", action: "update",
			before:    map[string]any{"user": c.add("outside user before, marked"), "policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"},
			after:     map[string]any{"user": c.add("outside user after, marked"), "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"},
			sensitive: map[string]any{"user": true}},
		{addr: "aws_iam_user_policy.ci", action: "update",
			before:    map[string]any{"name": "p", "user": "ci", "policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::` + c.add("policy before, marked") + `/*"}]}`},
			after:     map[string]any{"name": "p", "user": "ci", "policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::` + c.add("policy after, marked") + `/*"}]}`},
			sensitive: map[string]any{"policy": true},
			exprs:     map[string]any{"user": map[string]any{"references": []any{"aws_iam_user.ci.name", "aws_iam_user.ci"}}}},
	}

	var changes, planned, prior, configRes []any
	for _, r := range resources {
		typ, name, _ := strings.Cut(r.addr, ".")
		base := func() map[string]any {
			return map[string]any{"address": r.addr, "mode": "managed", "type": typ, "name": name, "provider_name": "registry.terraform.io/hashicorp/" + strings.Split(typ, "_")[0]}
		}
		rc := base()
		rc["change"] = map[string]any{"actions": []any{r.action}, "before": r.before, "after": r.after, "after_unknown": map[string]any{},
			"before_sensitive": r.sensitive, "after_sensitive": r.sensitive}
		changes = append(changes, rc)
		pv := base()
		pv["values"], pv["sensitive_values"], pv["schema_version"] = r.after, r.sensitive, 0
		planned = append(planned, pv)
		ps := base()
		ps["values"], ps["sensitive_values"], ps["schema_version"] = r.before, r.sensitive, 0
		prior = append(prior, ps)
		cr := base()
		delete(cr, "provider_name")
		cr["provider_config_key"] = strings.Split(typ, "_")[0]
		cr["expressions"] = r.exprs
		if r.exprs == nil {
			cr["expressions"] = map[string]any{}
		}
		cr["schema_version"] = 0
		configRes = append(configRes, cr)
	}
	doc := map[string]any{
		"format_version":    "1.2",
		"terraform_version": "1.11.4",
		"variables": map[string]any{
			"db_password":     map[string]any{"value": c.add("sensitive variable")},
			"api_token":       map[string]any{"value": c.values()["user tag marked sensitive"]},
			"plain_token":     map[string]any{"value": c.add("plain variable holding a secret")},
			"broker_password": map[string]any{"value": c.add("broker variable from tfvars")},
		},
		"planned_values": map[string]any{
			"outputs": map[string]any{
				"db_password":      map[string]any{"sensitive": true, "value": c.add("sensitive output (planned_values)")},
				"key_secret_plain": map[string]any{"sensitive": false, "value": c.add("unmarked output of a key secret (planned_values)")},
			},
			"root_module": map[string]any{"resources": planned},
		},
		"resource_changes": changes,
		"resource_drift": []any{map[string]any{"address": "aws_iam_user.ci", "mode": "managed", "type": "aws_iam_user", "name": "ci", "provider_name": "registry.terraform.io/hashicorp/aws",
			"change": map[string]any{"actions": []any{"update"},
				"before":           map[string]any{"name": "ci", "tags": map[string]any{"owner": "team-ci", "api_token": c.add("drift before, marked")}},
				"after":            map[string]any{"name": "ci", "tags": map[string]any{"owner": "someone-else", "api_token": c.add("drift after, marked")}},
				"before_sensitive": map[string]any{"tags": map[string]any{"api_token": true}}, "after_sensitive": map[string]any{"tags": map[string]any{"api_token": true}}, "after_unknown": map[string]any{}}}},
		"output_changes": map[string]any{
			"db_password":      map[string]any{"actions": []any{"update"}, "before": c.add("sensitive output before"), "after": c.add("sensitive output after"), "after_unknown": false, "before_sensitive": true, "after_sensitive": true},
			"key_secret_plain": map[string]any{"actions": []any{"create"}, "before": nil, "after": c.values()["unmarked output of a key secret (planned_values)"], "after_unknown": false, "before_sensitive": false, "after_sensitive": false},
		},
		"prior_state": map[string]any{"format_version": "1.0", "terraform_version": "1.11.4", "values": map[string]any{
			"outputs":     map[string]any{"db_password": map[string]any{"sensitive": true, "value": c.add("sensitive output (prior_state)")}},
			"root_module": map[string]any{"resources": prior}}},
		"configuration": map[string]any{
			"provider_config": map[string]any{
				"aws":    map[string]any{"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws", "expressions": map[string]any{"access_key": map[string]any{"constant_value": "AKIA" + c.add("provider access key")}, "secret_key": map[string]any{"constant_value": c.add("provider secret key")}, "region": map[string]any{"constant_value": "eu-west-1"}}},
				"github": map[string]any{"name": "github", "full_name": "registry.terraform.io/integrations/github", "expressions": map[string]any{"token": map[string]any{"constant_value": "ghp_" + c.add("provider token")}}},
				// In the form of a live secret key (40 characters, both cases): reported, without its value.
				"aws.west": map[string]any{"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws", "alias": "west", "expressions": map[string]any{"secret_key": map[string]any{"constant_value": "SECRETK" + c.add("provider secret key, shaped")}}},
			},
			"root_module": map[string]any{
				"outputs": map[string]any{
					"db_password":      map[string]any{"sensitive": true, "expression": map[string]any{"references": []any{"random_password.db.result", "random_password.db"}}},
					"key_secret_plain": map[string]any{"expression": map[string]any{"references": []any{"aws_iam_access_key.ci.secret", "aws_iam_access_key.ci"}}},
				},
				"resources": configRes,
				"variables": map[string]any{
					"db_password":     map[string]any{"sensitive": true, "default": c.add("sensitive variable default")},
					"api_token":       map[string]any{"sensitive": true},
					"plain_token":     map[string]any{"default": c.add("plain variable default")},
					"broker_password": map[string]any{"default": c.add("broker variable default, in a nested block")},
				},
			},
		},
		"timestamp": "2026-11-23T14:15:06Z", "applyable": true, "complete": true, "errored": false,
	}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// values returns the map itself, for reading a canary planted earlier.
func (c canaries) values() map[string]string { return c }

// secretsSources is a configuration directory whose .tf files hold secret
// literals too (read for locations and lifecycle facts).
func secretsSources(c canaries) string {
	return `variable "plain_token" {
  default = "` + c.add("literal in main.tf variable") + `"
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id     = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db"
  secret_string = "` + c.add("literal in main.tf resource") + `"
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}

resource "aws_mq_broker" "orders" {
  broker_name = "orders"
  user {
    username = "app"
    password = "` + c.add("literal in main.tf nested block") + `"
  }
}

resource "aws_iam_user" "ci" {
  name = "ci"
  tags = { owner = "team-ci", api_token = "` + c.add("literal in main.tf tag") + `" }
}
`
}

// TestSecretsNeverPrinted runs every command and format, with debug
// logging, on a plan full of known secrets and proves that none of them
// reaches stdout, stderr or an output file.
func TestSecretsNeverPrinted(t *testing.T) {
	t.Parallel()
	c := canaries{}
	data := secretsPlan(t, c)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "plan.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	src := secretsSources(c)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	// A second plan for inventory --diff: the same with the key's owner changed.
	other := strings.Replace(string(data), `"owner":"team-ci"`, `"owner":"team-platform"`, -1)
	if err := os.WriteFile(filepath.Join(dir, "plan2.json"), []byte(other), 0o600); err != nil {
		t.Fatal(err)
	}
	// Every planted value is in the plan or the sources, so the check below
	// can only pass because nhiguard dropped it.
	for place, v := range c {
		if !strings.Contains(string(data), v) && !strings.Contains(src, v) {
			t.Fatalf("canary %q was not planted", place)
		}
	}
	if n := len(c.leaks(string(data) + src)); n != len(c) {
		t.Fatalf("the leak detector finds %d of %d canaries in the input", n, len(c))
	}

	env := map[string]string{"NHIGUARD_LOG": "debug"}
	type run struct {
		name  string
		args  []string
		files []string // output files to read
	}
	var runs []run
	for _, format := range fuzzFormats {
		runs = append(runs,
			run{name: "check " + format, args: []string{"check", "plan.json", "--format", format, "--now", fixtureNow}},
			run{name: "check --all " + format, args: []string{"check", "plan.json", "--all", "--format", format, "--now", fixtureNow}},
			run{name: "check stdin " + format, args: []string{"check", "-", "--no-source", "--format", format, "--now", fixtureNow}},
		)
	}
	runs = append(runs, run{name: "check every format to files", args: []string{"check", "plan.json", "--now", fixtureNow,
		"--format", "sarif", "--output", "out.sarif", "--format", "junit", "--output", "out.xml", "--format", "markdown", "--output", "out.md"},
		files: []string{"out.sarif", "out.xml", "out.md"}})
	for _, format := range []string{"csv", "json", "markdown"} {
		runs = append(runs,
			run{name: "inventory " + format, args: []string{"inventory", "plan.json", "--format", format, "--now", fixtureNow}},
			run{name: "inventory --diff " + format, args: []string{"inventory", "--diff", "plan.json", "plan2.json", "--format", format, "--now", fixtureNow}},
		)
	}
	runs = append(runs,
		run{name: "inventory json file, then --diff against it", args: []string{"inventory", "plan.json", "--format", "json", "--output", "register.json"}, files: []string{"register.json"}},
		run{name: "baseline", args: []string{"baseline", "plan.json", "--now", fixtureNow}},
		run{name: "baseline file", args: []string{"baseline", "plan.json", "--now", fixtureNow, "--output", "baseline.json"}, files: []string{"baseline.json"}},
		run{name: "check with the baseline", args: []string{"check", "plan.json", "--now", fixtureNow, "--baseline", "baseline.json", "--format", "json"}},
	)
	var sawExposure bool
	for _, r := range runs {
		stdin := strings.NewReader("")
		if r.args[1] == "-" {
			stdin = strings.NewReader(string(data))
		}
		out, errOut, code := runIn(t, dir, env, stdin, r.args...)
		if code == ExitError {
			t.Errorf("%s: exit 2: %s", r.name, errOut)
			continue
		}
		if leaked := c.leaks(out); len(leaked) > 0 {
			t.Errorf("%s: stdout shows %s", r.name, strings.Join(leaked, "; "))
		}
		if leaked := c.leaks(errOut); len(leaked) > 0 {
			t.Errorf("%s: stderr shows %s", r.name, strings.Join(leaked, "; "))
		}
		if !strings.Contains(errOut, "level=INFO msg=checked") {
			t.Errorf("%s: no debug log on stderr to check: %q", r.name, clipForLog(errOut))
		}
		for _, f := range r.files {
			b, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Errorf("%s: %v", r.name, err)
				continue
			}
			if leaked := c.leaks(string(b)); len(leaked) > 0 {
				t.Errorf("%s: %s shows %s", r.name, f, strings.Join(leaked, "; "))
			}
		}
		if r.name == "check --all json" {
			var rep report.Report
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatalf("%s: %v", r.name, err)
			}
			judged := map[string]bool{}
			for _, f := range rep.Findings {
				if f.Rule == "NHI-007" {
					sawExposure = true
				}
				judged[f.Rule+" "+f.Address] = true
			}
			// Marking a policy sensitive does not hide what it grants; a provider
			// credential in the form of a live one is reported, without its value.
			for _, want := range []string{"NHI-004 aws_iam_role_policy.admin", "NHI-004 aws_iam_role.deploy", "NHI-006 aws_iam_role.deploy",
				"NHI-004 google_project_iam_member.owner", "NHI-004 aws_iam_user_policy_attachment.admin", "NHI-004 aws_iam_user_policy_attachment.outside",
				"NHI-007 provider.aws.west",
				// Literals in nested blocks and nested attributes are judged, without their values.
				"NHI-007 aws_mq_broker.orders", "NHI-007 aws_opensearch_domain.search", "NHI-007 helm_release.db", "NHI-007 azurerm_container_group.web"} {
				if !judged[want] {
					t.Errorf("no %s: a policy marked sensitive or a secret's literal went unjudged", want)
				}
			}
			if rep.Summary.Findings < 5 {
				t.Errorf("only %d findings: the plan no longer exercises the rules", rep.Summary.Findings)
			}
		}
	}
	if !sawExposure {
		t.Error("no NHI-007 finding: the test no longer makes secrets flow anywhere")
	}
}

// dupIn duplicates the first kv after the top-level key section.
func dupIn(data, section, kv string) string {
	i := strings.Index(data, `"`+section+`":`)
	j := strings.Index(data[i:], kv)
	if i < 0 || j < 0 {
		panic("dupIn: not found")
	}
	j += i + len(kv)
	return data[:j] + "," + kv + data[j:]
}

// TestSecretsNotEchoedByErrors: malformed plans with a secret next to the
// fault: the one-line message names the problem, never the value.
func TestSecretsNotEchoedByErrors(t *testing.T) {
	t.Parallel()
	c := canaries{}
	data := string(secretsPlan(t, c))
	secret := c["access key secret, not marked"]
	at := strings.Index(data, secret)
	if at < 0 {
		t.Fatal("canary not in plan")
	}
	end := at + len(secret)
	cases := map[string]string{
		"truncated inside the secret":    data[:at+10],
		"truncated after the secret":     data[:end+1],
		"invalid character after it":     data[:end+1] + "x" + data[end+1:],
		"invalid UTF-8 after it":         data[:end] + "\xff" + data[end:],
		"control character inside it":    data[:at+5] + "\x01" + data[at+5:],
		"bad escape inside it":           data[:at+5] + `\q` + data[at+5:],
		"duplicate secret key":           dupIn(data, "resource_changes", `"secret":"`+secret+`"`),
		"secret where a list belongs":    strings.Replace(data, `"resource_changes":[`, `"resource_changes":"`+secret+`","x":[`, 1),
		"secret as the format version":   strings.Replace(data, `"format_version":"1.2"`, `"format_version":"9.`+secret+`"`, 1),
		"secret as a number":             strings.Replace(data, `"length":32`, `"length":1`+strings.Repeat("0", 400)+secret, 1),
		"deep nesting around the secret": strings.Replace(data, `"`+secret+`"`, strings.Repeat("[", 20000)+`"`+secret+`"`+strings.Repeat("]", 20000), 1),
		"data after the plan":            data + " " + `"` + secret + `"`,
	}
	for name, doc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "plan.json"), []byte(doc), 0o600)
			out, errOut, code := runIn(t, dir, map[string]string{"NHIGUARD_LOG": "debug"}, nil, "check", "plan.json", "--no-source")
			if code != ExitError {
				t.Fatalf("exit %d, want 2 (stderr %q)", code, clipForLog(errOut))
			}
			if leaked := c.leaks(out + errOut); len(leaked) > 0 {
				t.Errorf("the error shows %s: %q", strings.Join(leaked, "; "), clipForLog(errOut))
			}
		})
	}
}

// The run task reports through a platform's API: the result it sends
// (message and outcomes) and its log hold no secret either.
func TestRunTaskNeverPrintsSecrets(t *testing.T) {
	t.Parallel()
	c := canaries{}
	platform, results := fakePlatform(t, secretsPlan(t, c))
	var logs bytes.Buffer
	env := Env{Stdout: io.Discard, Stderr: &logs, Dir: t.TempDir(), Getenv: func(k string) string {
		return map[string]string{EnvRunTaskKey: "k", "NHIGUARD_LOG": "debug"}[k]
	}}
	env.log, _ = newLogger("debug", &logs)
	srv, err := newRunTaskServer(&checkFlags{now: fixtureNow}, env, strings.TrimPrefix(platform.URL, "http://"), false)
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, runTaskRequest(platform.URL, "/", "at-run", "k"))
	srv.Wait()
	sent := results()
	if w.Code != http.StatusOK || len(sent) != 1 || !strings.Contains(sent[0], `"NHI-007`) {
		t.Fatalf("HTTP %d, %d results (want one, with the plan's NHI-007 outcomes): %v", w.Code, len(sent), sent)
	}
	if leaked := c.leaks(sent[0]); len(leaked) > 0 {
		t.Errorf("the run task result shows %s", strings.Join(leaked, "; "))
	}
	if leaked := c.leaks(logs.String()); len(leaked) > 0 {
		t.Errorf("the run task log shows %s", strings.Join(leaked, "; "))
	}
}
