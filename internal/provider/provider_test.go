package provider

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/nhiguard/terraform-provider-nhi/internal/clock"
)

// testAccStart is where every fake clock starts; configurations use
// timestamps relative to it.
var testAccStart = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// testAccProtoV6ProviderFactories serves the provider with the wall clock.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"nhi": func() (tfprotov6.ProviderServer, error) { return Server("test", clock.New())(), nil },
}

// testAccProtoV6ProviderFactoriesWithClock serves the provider with c, so a
// test can move time between steps (in PreConfig) instead of sleeping.
func testAccProtoV6ProviderFactoriesWithClock(c clock.Clock) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"nhi": func() (tfprotov6.ProviderServer, error) { return Server("test", c)(), nil },
	}
}

// testAccPreCheck fails, rather than skips, an acceptance test that cannot
// find Terraform: with TF_ACC set, a missing binary is a broken setup, and
// terraform-plugin-testing would otherwise try to download one.
func testAccPreCheck(t *testing.T) {
	t.Helper()
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("TF_ACC_TERRAFORM_PATH=%s: %v; acceptance tests need the Terraform CLI", p, err)
		}
		return
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Fatal("terraform not found on PATH and TF_ACC_TERRAFORM_PATH unset; acceptance tests need the Terraform CLI")
	}
}

func TestProviderSchemaIsValid(t *testing.T) {
	t.Parallel()

	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("schema diagnostic: %s: %s", d.Summary, d.Detail)
	}
	for _, name := range []string{"nhi_owner", "nhi_identity", "nhi_exception"} {
		s, ok := resp.ResourceSchemas[name]
		if !ok {
			t.Errorf("resource %s missing", name)
			continue
		}
		for _, a := range s.Block.Attributes {
			if a.Description == "" {
				t.Errorf("%s.%s has no description", name, a.Name)
			}
		}
	}
	if got := resp.ResourceSchemas["nhi_identity"].Version; got != 1 {
		t.Errorf("nhi_identity schema version = %d, want 1", got)
	}
}

// expectDiag matches a diagnostic text in Terraform's output, which wraps
// long lines: any run of whitespace in text matches any run in the output.
func expectDiag(text string) *regexp.Regexp {
	words := strings.Fields(text)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(strings.Join(words, `\s+`))
}

// expectDiags matches texts, each as expectDiag does, in order with anything
// between them.
func expectDiags(texts ...string) *regexp.Regexp {
	parts := make([]string, len(texts))
	for i, text := range texts {
		parts[i] = expectDiag(text).String()
	}
	return regexp.MustCompile(strings.Join(parts, `[\s\S]*`))
}

// testAccDestroyStep removes every resource from the configuration and
// expects addresses to be destroyed.
func testAccDestroyStep(addresses ...string) resource.TestStep {
	checks := make([]plancheck.PlanCheck, 0, len(addresses))
	for _, a := range addresses {
		checks = append(checks, plancheck.ExpectResourceAction(a, plancheck.ResourceActionDestroy))
	}
	return resource.TestStep{
		Config:           "# every resource removed\nlocals {}\n",
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: checks},
	}
}
