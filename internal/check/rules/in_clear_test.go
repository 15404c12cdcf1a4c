package rules_test

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// A credential in the form a service issues it, in an attribute stored in
// clear (a function's environment, user data, tags), is exposed whatever
// put it there: NHI-007 critical, naming where it is and never the value.
// Placeholders in a credential's form are not reported, and a plan that
// leaves the value as it was does not introduce it.
func TestCredentialInClearTextAttribute(t *testing.T) {
	t.Parallel()
	const (
		keyID = "AKIAQ3EGRN7LVZ2XPM4T"
		token = "ghp_R8xKq2LmZ7vN4bT9wY3cF6hJ1sD5gA0eUiOp"
	)
	env := func(id string) map[string]any {
		return map[string]any{"function_name": "fn", "environment": []any{map[string]any{"variables": map[string]any{"LEGACY_AWS_KEY_ID": id, "STAGE": "prod"}}}}
	}
	r := check(t, []res{
		{Addr: "aws_lambda_function.fn", After: env(keyID)},
		{Addr: "aws_lambda_function.placeholder", After: env("AKIAIOSFODNN7EXAMPLE")},
		{Addr: "aws_instance.worker", After: map[string]any{"ami": "ami-1", "user_data": "#!/bin/sh\nexport GH_TOKEN=" + token + "\n./run"}},
		{Addr: "aws_lambda_function.kept", Actions: []string{"no-op"}, Before: env(keyID), After: env(keyID)},
	}, nil)
	for addr, where := range map[string]string{"aws_lambda_function.fn": "LEGACY_AWS_KEY_ID", "aws_instance.worker": "`user_data`"} {
		f := has(r, addr, "NHI-007")
		if f == nil || f.Severity != report.Critical || !f.Blocking || !strings.Contains(f.Message, where) {
			t.Errorf("%s: %+v (%v)", addr, f, findings(r))
			continue
		}
		if strings.Contains(f.Message, keyID) || strings.Contains(f.Message, token) {
			t.Errorf("%s: the finding prints the credential: %s", addr, f.Message)
		}
	}
	if f := has(r, "aws_lambda_function.placeholder", "NHI-007"); f != nil {
		t.Errorf("AWS's documented example key reported: %s", f.Message)
	}
	if f := has(r, "aws_lambda_function.kept", "NHI-007"); f == nil || f.Introduced {
		t.Errorf("a key left as it was: %+v", f)
	}
}

// An Entra client secret copied into an App Service's app_settings is
// readable by whoever may read the app's configuration.
func TestClientSecretInAppSettings(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "azuread_application.orders", After: map[string]any{"display_name": "orders", "owners": []any{"00000000-0000-0000-0000-000000000001"}}},
		{Addr: "azuread_application_password.orders", After: map[string]any{"display_name": "orders", "end_date_relative": "720h"}, Unknown: map[string]any{"value": true},
			Refs: map[string][]string{"application_id": {"azuread_application.orders.id", "azuread_application.orders"}}},
		{Addr: "azurerm_linux_web_app.orders", After: map[string]any{"name": "orders"}, Unknown: map[string]any{"app_settings": true},
			Refs: map[string][]string{"app_settings": {"azuread_application_password.orders.value", "azuread_application_password.orders"}}},
	}, nil)
	if f := has(r, "azurerm_linux_web_app.orders", "NHI-007"); f == nil || f.Severity != report.Critical || !strings.Contains(f.Message, "app_settings") {
		t.Errorf("client secret in app settings: %+v (%v)", f, findings(r))
	}
}

// Before Terraform 1.0 a plan's references name the resource an output
// reads, not the attribute: reading a cluster may be reading its CA
// certificate only, and the finding says it cannot tell.
func TestWholeResourceReferenceOfOldPlans(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "google_container_cluster.primary", After: map[string]any{"name": "primary", "master_auth": []any{map[string]any{"client_key": "x"}}}},
	}, map[string]any{
		"terraform_version": "0.14.11",
		"outputs":           map[string]any{"ca": map[string]any{"expression": map[string]any{"references": []string{"google_container_cluster.primary"}}}},
		"output_changes": map[string]any{"ca": map[string]any{"actions": []string{"create"}, "before": nil, "after": nil, "after_unknown": true,
			"before_sensitive": false, "after_sensitive": false}},
	})
	if f := has(r, "output.ca", "NHI-007"); f == nil || !strings.Contains(f.Message, "do not say which attribute") {
		t.Errorf("%+v (%v)", f, findings(r))
	}
}

// A credential in a Kubernetes object shown in clear (a ConfigMap, a
// workload's pod template), typed or declared as a manifest, is exposed
// to whoever may get the object; in a Secret it is where it belongs.
func TestCredentialInClearInKubernetesObjects(t *testing.T) {
	t.Parallel()
	const token = "ghp_R8xKq2LmZ7vN4bT9wY3cF6hJ1sD5gA0eUiOp"
	podSpec := func() []any {
		return []any{map[string]any{"container": []any{map[string]any{"name": "app", "image": "app:1",
			"env": []any{map[string]any{"name": "GITHUB_TOKEN", "value": token}}}}}}
	}
	workload := map[string]any{"metadata": []any{map[string]any{"name": "app", "namespace": "apps"}},
		"spec": []any{map[string]any{"template": []any{map[string]any{"spec": podSpec()}}}}}
	configMap := map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": "app", "namespace": "apps"},
		"data": map[string]any{"GITHUB_TOKEN": token}}
	secret := map[string]any{"apiVersion": "v1", "kind": "Secret", "metadata": map[string]any{"name": "app", "namespace": "apps"},
		"stringData": map[string]any{"GITHUB_TOKEN": token}}
	kubectl := func(obj map[string]any) map[string]any {
		body, err := yaml.Marshal(obj)
		if err != nil {
			t.Fatal(err)
		}
		return map[string]any{"yaml_body": string(body), "yaml_body_parsed": string(body), "kind": obj["kind"], "api_version": obj["apiVersion"]}
	}
	r := check(t, []res{
		{Addr: "kubernetes_deployment_v1.app", After: workload},
		{Addr: "kubernetes_daemonset.app", After: workload},
		{Addr: "kubernetes_pod_v1.app", After: map[string]any{"metadata": []any{map[string]any{"name": "app"}}, "spec": podSpec()}},
		{Addr: "kubernetes_config_map_v1_data.aws_auth", After: map[string]any{"metadata": []any{map[string]any{"name": "aws-auth", "namespace": "kube-system"}},
			"data": map[string]any{"GITHUB_TOKEN": token}, "force": true}},
		{Addr: "kubernetes_manifest.config", After: map[string]any{"manifest": configMap}},
		{Addr: "kubectl_manifest.config", After: kubectl(configMap), Sensitive: map[string]any{"yaml_body": true}},
		{Addr: "kubernetes_manifest.secret", After: map[string]any{"manifest": secret}},
		{Addr: "kubectl_manifest.secret", After: kubectl(secret), Sensitive: map[string]any{"yaml_body": true}},
	}, nil)
	for _, addr := range []string{"kubernetes_deployment_v1.app", "kubernetes_daemonset.app", "kubernetes_pod_v1.app",
		"kubernetes_config_map_v1_data.aws_auth", "kubernetes_manifest.config", "kubectl_manifest.config"} {
		f := has(r, addr, "NHI-007")
		if f == nil || f.Severity != report.Critical || !f.Blocking {
			t.Errorf("%s: %+v (%v)", addr, f, findings(r))
			continue
		}
		if strings.Contains(f.Message, token) {
			t.Errorf("%s: the finding prints the credential: %s", addr, f.Message)
		}
	}
	for _, addr := range []string{"kubernetes_manifest.secret", "kubectl_manifest.secret"} {
		if f := has(r, addr, "NHI-007"); f != nil {
			t.Errorf("%s: a token in a Secret reported as in clear: %s", addr, f.Message)
		}
	}
}

// An AWS secret access key is told by the name it is given, and container
// specs name a value beside it ({"name": "AWS_SECRET_ACCESS_KEY", "value":
// "..."}): in an ECS task's container_definitions, a JSON document in a
// string, and in a Kubernetes container's env, it is exposed as in a
// Lambda function's variables map.
func TestSecretKeyInContainerEnvironment(t *testing.T) {
	t.Parallel()
	const secret = "q7Vb2LwXz9RkP4mN8sT1yH6cJ3dF5gA0eUiOpZx2" // 40 characters, made up
	defs := `[{"name":"app","image":"app:1","essential":true,"environment":[{"name":"STAGE","value":"prod"},{"name":"AWS_SECRET_ACCESS_KEY","value":"` + secret + `"}]}]`
	r := check(t, []res{
		{Addr: "aws_ecs_task_definition.app", After: map[string]any{"family": "app", "container_definitions": defs}},
		{Addr: "aws_ecs_task_definition.clean", After: map[string]any{"family": "clean", "container_definitions": strings.Replace(defs, secret, "see-secrets-manager", 1)}},
		{Addr: "kubernetes_deployment_v1.app", After: map[string]any{
			"metadata": []any{map[string]any{"name": "app", "namespace": "default"}},
			"spec": []any{map[string]any{"template": []any{map[string]any{"spec": []any{map[string]any{"container": []any{map[string]any{
				"name": "app", "image": "app:1", "env": []any{map[string]any{"name": "AWS_SECRET_ACCESS_KEY", "value": secret}}}}}}}}}}}},
	}, nil)
	for _, addr := range []string{"aws_ecs_task_definition.app", "kubernetes_deployment_v1.app"} {
		f := has(r, addr, "NHI-007")
		if f == nil || f.Severity != report.Critical || !f.Blocking {
			t.Errorf("%s: a secret access key in a container's environment: %+v (%v)", addr, f, findings(r))
			continue
		}
		if strings.Contains(f.Message, secret) {
			t.Errorf("%s: the finding prints the key: %s", addr, f.Message)
		}
	}
	if f := has(r, "aws_ecs_task_definition.clean", "NHI-007"); f != nil {
		t.Errorf("a task without a credential reported: %s", f.Message)
	}
}
