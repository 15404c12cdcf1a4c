package rules_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// A value the plan marks sensitive (a sensitive variable, a data source's
// secret) written into tags or user data is exposed, whatever resource
// type receives it and whether or not its source is a resource the
// knowledge base knows. Attributes providers mark sensitive by schema are
// not evidence of anything.
func TestSensitiveValuesInClearText(t *testing.T) {
	t.Parallel()
	const canary = "s3cr3t-canary"
	marked := map[string]any{"token": true}
	r := check(t, []res{
		{Addr: "aws_instance.web", After: map[string]any{"ami": "ami-1", "tags": map[string]any{"token": canary}, "tags_all": map[string]any{"token": canary}},
			Sensitive: map[string]any{"tags": marked, "tags_all": marked}, Refs: map[string][]string{"tags": {"var.api_token"}}},
		{Addr: "data.aws_ssm_parameter.db", Actions: []string{"read"}, After: map[string]any{"name": "db"}, Unknown: map[string]any{"value": true}},
		{Addr: "aws_launch_template.lt", After: map[string]any{"user_data": canary},
			Sensitive: map[string]any{"user_data": true}, Refs: map[string][]string{"user_data": {"data.aws_ssm_parameter.db.value", "data.aws_ssm_parameter.db"}}},
		// custom_data is sensitive in azurerm's schema.
		{Addr: "azurerm_linux_virtual_machine.vm", After: map[string]any{"custom_data": canary}, Sensitive: map[string]any{"custom_data": true}},
		// Marked, but not clear text (and not a literal: from a variable).
		{Addr: "aws_db_instance.db", After: map[string]any{"password": canary}, Sensitive: map[string]any{"password": true},
			Refs: map[string][]string{"password": {"var.db_password"}}},
		// The provider's default_tags: tags_all only, on several resources.
		{Addr: "aws_s3_bucket.a", After: map[string]any{"bucket": "a", "tags_all": map[string]any{"token": canary}}, Sensitive: map[string]any{"tags_all": marked}},
		{Addr: "aws_s3_bucket.b", After: map[string]any{"bucket": "b", "tags_all": map[string]any{"token": canary}}, Sensitive: map[string]any{"tags_all": marked}},
		{Addr: "aws_sqs_queue.q", After: map[string]any{"name": "q", "tags_all": map[string]any{"token": canary}}, Sensitive: map[string]any{"tags_all": marked}},
		// A known secret into tags is the flow's finding alone.
		{Addr: "aws_iam_access_key.k", After: map[string]any{"user": "u"}, Unknown: map[string]any{"secret": true}},
		{Addr: "aws_ssm_parameter.p", After: map[string]any{"name": "p", "type": "String", "tags": map[string]any{"k": canary}},
			Sensitive: map[string]any{"tags": map[string]any{"k": true}}, Refs: map[string][]string{"tags": {"aws_iam_access_key.k.secret", "aws_iam_access_key.k"}}},
		// Deleted: gone after apply.
		{Addr: "aws_instance.old", Actions: []string{"delete"}, Before: map[string]any{"user_data": canary}, BeforeSensitive: map[string]any{"user_data": true}},
	}, nil)

	web := has(r, "aws_instance.web", "NHI-007")
	if web == nil {
		t.Fatalf("sensitive variable in tags not reported: %v", findings(r))
	}
	if web.Severity != report.High || web.Attribute != "tags" || !strings.Contains(web.Message, "(from var.api_token) into `tags`") || !web.Blocking || len(web.Related) != 0 {
		t.Errorf("finding: %s %s %s blocking=%v", web.Severity, web.Attribute, web.Message, web.Blocking)
	}
	lt := has(r, "aws_launch_template.lt", "NHI-007")
	if lt == nil || !strings.Contains(lt.Message, "(from data.aws_ssm_parameter.db.value) into `user_data`") {
		t.Errorf("data source secret in user data: %+v", lt)
	}
	for _, addr := range []string{"azurerm_linux_virtual_machine.vm", "aws_db_instance.db", "aws_s3_bucket.b", "aws_sqs_queue.q", "aws_instance.old"} {
		if f := has(r, addr, "NHI-007"); f != nil {
			t.Errorf("%s reported: %s", addr, f.Message)
		}
	}
	a := has(r, "aws_s3_bucket.a", "NHI-007")
	if a == nil || !strings.Contains(a.Message, "default_tags") || !strings.Contains(a.Message, "2 other resources") ||
		!slices.Equal(a.Related, []string{"aws_s3_bucket.b", "aws_sqs_queue.q"}) {
		t.Errorf("default_tags finding: %+v", a)
	}
	var onParam []string
	for _, f := range r.Findings {
		if f.Address == "aws_ssm_parameter.p" && f.Rule == "NHI-007" {
			onParam = append(onParam, f.Message)
		}
	}
	if len(onParam) != 1 || !strings.Contains(onParam[0], "aws_iam_access_key.k") {
		t.Errorf("a known secret in tags: %q", onParam)
	}
	for _, f := range r.Findings {
		if strings.Contains(f.Message, canary) || slices.Contains(f.Related, canary) {
			t.Errorf("value leaked: %s", f.Message)
		}
	}
}

// A sensitive value that was already in the tags before this plan is not
// introduced by it; one the plan adds is.
func TestSensitiveValuesInClearTextIntroduced(t *testing.T) {
	t.Parallel()
	tags := map[string]any{"token": "x"}
	marked := map[string]any{"tags": map[string]any{"token": true}}
	r := check(t, []res{
		{Addr: "aws_instance.kept", Actions: []string{"update"}, Before: map[string]any{"ami": "a", "tags": tags}, After: map[string]any{"ami": "b", "tags": tags},
			BeforeSensitive: marked, Sensitive: marked},
		{Addr: "aws_instance.added", Actions: []string{"update"}, Before: map[string]any{"ami": "a", "tags": tags}, After: map[string]any{"ami": "a", "tags": tags},
			Sensitive: marked},
	}, nil)
	if f := has(r, "aws_instance.kept", "NHI-007"); f == nil || f.Introduced || f.Blocking {
		t.Errorf("pre-existing: %+v", f)
	}
	if f := has(r, "aws_instance.added", "NHI-007"); f == nil || !f.Introduced || !f.Blocking {
		t.Errorf("added by the plan: %+v", f)
	}
}

// Default tags that were sensitive before the plan are not introduced by
// it when it adds a resource that sorts first: the one finding for all
// the resources stands on one that existed before.
func TestSensitiveDefaultTagsStayOnExistingResource(t *testing.T) {
	t.Parallel()
	tags := map[string]any{"token": "x"}
	marked := map[string]any{"tags_all": map[string]any{"token": true}}
	r := check(t, []res{
		{Addr: "aws_s3_bucket.a_new", After: map[string]any{"bucket": "n", "tags_all": tags}, Sensitive: marked},
		{Addr: "aws_s3_bucket.b_old", Actions: []string{"no-op"}, Before: map[string]any{"bucket": "o", "tags_all": tags}, After: map[string]any{"bucket": "o", "tags_all": tags},
			BeforeSensitive: marked, Sensitive: marked},
	}, nil)
	f := has(r, "aws_s3_bucket.b_old", "NHI-007")
	if f == nil || f.Introduced || !slices.Equal(f.Related, []string{"aws_s3_bucket.a_new"}) {
		t.Fatalf("finding: %+v (%v)", f, findings(r))
	}
	if has(r, "aws_s3_bucket.a_new", "NHI-007") != nil {
		t.Error("reported twice")
	}
}

// A block that holds clear text and a secret form side by side (an Azure
// container's environment_variables and secure_environment_variables): a
// sensitive value in the secret form is where it belongs; one in the clear
// form is exposed.
func TestSensitiveValueInABlocksSecretForm(t *testing.T) {
	t.Parallel()
	const canary = "s3cr3t-canary"
	container := func(env, secure map[string]any) map[string]any {
		return map[string]any{"name": "app", "tags": map[string]any{"owner": "team-a"},
			"container": []any{map[string]any{"name": "app", "image": "app:1", "environment_variables": env, "secure_environment_variables": secure}}}
	}
	r := check(t, []res{
		{Addr: "azurerm_container_group.secure", After: container(map[string]any{"LOG": "info"}, map[string]any{"DB_PASSWORD": canary}),
			Sensitive: map[string]any{"container": []any{map[string]any{"secure_environment_variables": true}}},
			Refs:      map[string][]string{"container": {"var.db_password"}}},
		{Addr: "azurerm_container_group.clear", After: container(map[string]any{"DB_PASSWORD": canary}, nil),
			Sensitive: map[string]any{"container": []any{map[string]any{"environment_variables": map[string]any{"DB_PASSWORD": true}}}},
			Refs:      map[string][]string{"container": {"var.db_password"}}},
	}, nil)
	if f := has(r, "azurerm_container_group.secure", "NHI-007"); f != nil {
		t.Errorf("a sensitive value in secure_environment_variables reported: %s", f.Message)
	}
	if f := has(r, "azurerm_container_group.clear", "NHI-007"); f == nil || !strings.Contains(f.Message, "into `container`") {
		t.Errorf("a sensitive value in environment_variables not reported: %v", findings(r))
	}
}
