package checker_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
)

// A credential typed into a provider block is located where it is written:
// the block and the argument, in native and JSON syntax, in the root
// module and in a called one.
func TestProviderCredentialLocated(t *testing.T) {
	t.Parallel()
	const awsSecret, ghToken = "q7Hc2Lk9PzXw4RtYv1Nb8Mn3Ja6Sd0Fg5Hj/Kl+a", "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
	dir := t.TempDir()
	files := map[string]string{
		"main.tf": `provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias      = "west"
  region     = "us-west-2"
  secret_key = "` + awsSecret + `"
}

module "ci" {
  source = "./ci"
}
`,
		"ci/providers.tf.json": `{
  "provider": {
    "github": {
      "owner": "example",
      "token": "` + ghToken + `"
    }
  }
}
`,
	}
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	lit := func(v string) map[string]any { return map[string]any{"constant_value": v} }
	doc, err := json.Marshal(map[string]any{
		"format_version": "1.2", "terraform_version": "1.11.4",
		"planned_values": map[string]any{"root_module": map[string]any{}},
		"resource_changes": []any{map[string]any{"address": "aws_iam_user.ci", "mode": "managed", "type": "aws_iam_user", "name": "ci", "provider_name": "registry.terraform.io/hashicorp/aws",
			"change": map[string]any{"actions": []string{"create"}, "before": nil, "after": map[string]any{"name": "ci", "tags": map[string]any{"owner": "team-ci"}},
				"after_unknown": map[string]any{}, "before_sensitive": false, "after_sensitive": map[string]any{}}}},
		"configuration": map[string]any{
			"provider_config": map[string]any{
				"aws":      map[string]any{"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws", "expressions": map[string]any{"region": lit("eu-west-1")}},
				"aws.west": map[string]any{"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws", "alias": "west", "expressions": map[string]any{"region": lit("us-west-2"), "secret_key": lit(awsSecret)}},
				"module.ci:github": map[string]any{"name": "github", "full_name": "registry.terraform.io/integrations/github", "module_address": "module.ci",
					"expressions": map[string]any{"owner": lit("example"), "token": lit(ghToken)}},
			},
			"root_module": map[string]any{"module_calls": map[string]any{"ci": map[string]any{"source": "./ci", "module": map[string]any{}}}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	planPath := filepath.Join(dir, "plan.json")
	if err := os.WriteFile(planPath, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	src, err := checker.LoadSources(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	res, err := checker.Check(context.Background(), checker.Input{PlanPath: planPath, Sources: src, Now: fixtureNow})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		file            string
		block, argument int
	}{
		"provider.aws.west":         {"main.tf", 5, 8},
		"module.ci.provider.github": {"ci/providers.tf.json", 3, 5},
	}
	seen := 0
	for _, f := range res.Report.Findings {
		w, ok := want[f.Address]
		if !ok {
			continue
		}
		seen++
		if f.Location == nil || f.AttrLocation == nil {
			t.Errorf("%s: not located: %+v %+v", f.Address, f.Location, f.AttrLocation)
			continue
		}
		if f.Location.File != w.file || f.Location.Line != w.block || f.AttrLocation.File != w.file || f.AttrLocation.Line != w.argument {
			t.Errorf("%s: at %s:%d (argument %s:%d), want %s:%d (%d)", f.Address, f.Location.File, f.Location.Line, f.AttrLocation.File, f.AttrLocation.Line, w.file, w.block, w.argument)
		}
	}
	if seen != len(want) {
		t.Errorf("%d of %d provider credentials reported", seen, len(want))
	}
}
