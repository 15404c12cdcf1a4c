package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nhiguard/terraform-provider-nhi/internal/clock"
	"github.com/nhiguard/terraform-provider-nhi/internal/nhi"
)

func TestAccException_lifecycle(t *testing.T) {
	fake := clock.NewFake(testAccStart)
	expires := testAccStart.AddDate(0, 3, 0)
	wantID := nhi.ExceptionID([]string{"NHI-002", "NHI-003"}, []string{"module.ci.aws_iam_access_key.*"})
	renewals := func(n int64) statecheck.StateCheck {
		return statecheck.ExpectKnownValue("nhi_exception.test", tfjsonpath.New("renewals"), knownvalue.Int64Exact(n))
	}

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactoriesWithClock(fake),
		Steps: []resource.TestStep{
			{
				Config: testAccExceptionConfig(`["NHI-003", "NHI-002"]`, "Legacy CI key until OIDC lands.", expires),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("nhi_exception.test", plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue("nhi_exception.test", tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^exc-[0-9a-f]{16}$`))),
						plancheck.ExpectKnownValue("nhi_exception.test", tfjsonpath.New("id"), knownvalue.StringExact(wantID)),
						plancheck.ExpectKnownValue("nhi_exception.test", tfjsonpath.New("renewals"), knownvalue.Int64Exact(0)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					renewals(0),
					statecheck.ExpectKnownValue("nhi_exception.test", tfjsonpath.New("rules"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("NHI-002"), knownvalue.StringExact("NHI-003"),
					})),
				},
			},
			{
				// A new reason alone is not a renewal.
				Config: testAccExceptionConfig(`["NHI-003", "NHI-002"]`, "Legacy CI key until OIDC lands in Q3.", expires),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("nhi_exception.test", plancheck.ResourceActionUpdate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{renewals(0)},
			},
			{
				Config: testAccExceptionConfig(`["NHI-003", "NHI-002"]`, "OIDC slipped to Q4.", expires.AddDate(0, 1, 0)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue("nhi_exception.test", tfjsonpath.New("renewals"), knownvalue.Int64Exact(1)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{renewals(1)},
			},
			{
				// Shortening is not a renewal; narrowing the rules keeps the id.
				Config: testAccExceptionConfig(`["NHI-002"]`, "OIDC slipped to Q4.", expires.AddDate(0, 0, 15)),
				ConfigStateChecks: []statecheck.StateCheck{
					renewals(1),
					statecheck.ExpectKnownValue("nhi_exception.test", tfjsonpath.New("id"), knownvalue.StringExact(wantID)),
				},
			},
			{
				ResourceName: "nhi_exception.test",
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					rs := s.RootModule().Resources["nhi_exception.test"]
					return rs.Primary.ID + "," + rs.Primary.Attributes["renewals"], nil
				},
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"rules", "resources", "reason", "approved_by", "ticket", "expires_at"},
			},
			{
				ResourceName:  "nhi_exception.test",
				ImportState:   true,
				ImportStateId: wantID + ",-1",
				ExpectError:   expectDiag("Unexpected Format of ID"),
			},
			testAccDestroyStep("nhi_exception.test"),
		},
	})
}

func TestAccException_expired(t *testing.T) {
	fake := clock.NewFake(testAccStart)
	expires := testAccStart.AddDate(0, 0, 30)

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactoriesWithClock(fake),
		Steps: []resource.TestStep{
			{Config: testAccExceptionConfig(`["NHI-002"]`, "Legacy key.", expires)},
			{
				PreConfig: func() { fake.Advance(33 * nhi.Day) },
				Config:    testAccExceptionConfig(`["NHI-002"]`, "Legacy key.", expires),
				ExpectError: expectDiags(
					`Error: Exception Expired with nhi_exception.test,`,
					`The exception waiving NHI-002 for module.ci.aws_iam_access_key.* expired on 2025-01-31T00:00:00Z, 3 days ago: `+
						`renew it by moving expires_at later with an updated reason, or remove it and fix the findings it waived.`),
			},
			{
				// Renewed with a reason: the plan passes and the renewal is counted.
				Config:            testAccExceptionConfig(`["NHI-002"]`, "Migration blocked on vendor, see SEC-42.", expires.AddDate(0, 1, 0)),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue("nhi_exception.test", tfjsonpath.New("renewals"), knownvalue.Int64Exact(1))},
			},
			{
				PreConfig:   func() { fake.Advance(60 * nhi.Day) },
				Config:      testAccExceptionConfig(`["NHI-002"]`, "Migration blocked on vendor, see SEC-42.", expires.AddDate(0, 1, 0)),
				ExpectError: expectDiag("Exception Expired"),
			},
			// Removing an expired exception is always possible.
			testAccDestroyStep("nhi_exception.test"),
		},
	})
}

func TestAccException_validation(t *testing.T) {
	fake := clock.NewFake(testAccStart)
	future := testAccStart.AddDate(0, 1, 0)
	steps := []struct {
		config string
		want   string
	}{
		{testAccExceptionConfig(`["NHI-2"]`, "r", future), `Invalid Rule ID`},
		{testAccExceptionConfig(`["unowned-credential"]`, "r", future), `Rule ids are "NHI-" followed by three digits, such as "NHI-002"; got "unowned-credential".`},
		{testAccExceptionConfig(`[]`, "r", future), `Attribute rules set must contain at least 1 elements`},
		{testAccExceptionConfig(`["NHI-002"]`, "", future), `Attribute reason must not be empty or only spaces`},
		// Spaces are no reason: nhiguard would not let them waive anything.
		{testAccExceptionConfig(`["NHI-002"]`, "   ", future), `Attribute reason must not be empty or only spaces`},
		{
			testAccExceptionConfig(`["NHI-002"]`, "r", testAccStart.Add(-time.Hour)),
			`expires_at (2024-12-31T23:00:00Z) must be in the future when the exception is created; it is now 2025-01-01T00:00:00Z, so set a later date.`,
		},
		{testAccExceptionConfig(`["NHI-002"]`, "r", testAccStart), `Exception Expiry In The Past`},
		{
			`resource "nhi_exception" "test" {
  rules       = ["NHI-002"]
  resources   = ["aws_iam_access_key.x"]
  reason      = "r"
  approved_by = "ciso"
  expires_at  = "31/12/2025"
}`,
			`Invalid RFC 3339 Timestamp`,
		},
	}
	var testSteps []resource.TestStep
	for _, s := range steps {
		testSteps = append(testSteps, resource.TestStep{Config: s.config, PlanOnly: true, ExpectError: expectDiag(s.want)})
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactoriesWithClock(fake),
		Steps:                    testSteps,
	})
}

func testAccExceptionConfig(rules, reason string, expiresAt time.Time) string {
	return fmt.Sprintf(`
resource "nhi_exception" "test" {
  rules       = %s
  resources   = ["module.ci.aws_iam_access_key.*"]
  reason      = %q
  approved_by = "security-lead@example.com"
  ticket      = "SEC-42"
  expires_at  = %q
}
`, rules, reason, ts(expiresAt))
}

func TestAccException_expiryKnownOnlyAtApply(t *testing.T) {
	fake := clock.NewFake(testAccStart)
	config := func(expiresAt time.Time) string {
		return fmt.Sprintf(`
resource "terraform_data" "expiry" {
  input = %q
}

resource "nhi_exception" "test" {
  rules       = ["NHI-002"]
  resources   = ["aws_iam_access_key.x"]
  reason      = "Legacy key."
  approved_by = "security-lead@example.com"
  expires_at  = terraform_data.expiry.output
}
`, ts(expiresAt))
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactoriesWithClock(fake),
		Steps: []resource.TestStep{
			{
				// The plan cannot tell; apply refuses.
				Config:      config(testAccStart.AddDate(0, 0, -1)),
				ExpectError: expectDiag("Exception Expiry In The Past"),
			},
			{
				Config: config(testAccStart.AddDate(0, 0, 1)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectUnknownValue("nhi_exception.test", tfjsonpath.New("expires_at")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("nhi_exception.test", tfjsonpath.New("renewals"), knownvalue.Int64Exact(0)),
				},
			},
		},
	})
}
