package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccOwner_lifecycle(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccOwnerConfig("team-payments", "payments@example.com", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("nhi_owner.test", plancheck.ResourceActionCreate),
						// Known at plan time, so identities referencing it are too.
						plancheck.ExpectKnownValue("nhi_owner.test", tfjsonpath.New("id"), knownvalue.StringExact("team-payments")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("nhi_owner.test", tfjsonpath.New("id"), knownvalue.StringExact("team-payments")),
					statecheck.ExpectKnownValue("nhi_owner.test", tfjsonpath.New("email"), knownvalue.StringExact("payments@example.com")),
					statecheck.ExpectKnownValue("nhi_owner.test", tfjsonpath.New("escalation"), knownvalue.Null()),
				},
			},
			{
				Config: testAccOwnerConfig("team-payments", "payments-oncall@example.com", "https://pager.example.com/payments"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("nhi_owner.test", plancheck.ResourceActionUpdate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("nhi_owner.test", tfjsonpath.New("email"), knownvalue.StringExact("payments-oncall@example.com")),
					statecheck.ExpectKnownValue("nhi_owner.test", tfjsonpath.New("escalation"), knownvalue.StringExact("https://pager.example.com/payments")),
				},
			},
			{
				// Renaming keeps the resource and moves the id with the name.
				Config: testAccOwnerConfig("team-billing", "payments-oncall@example.com", "https://pager.example.com/payments"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("nhi_owner.test", plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue("nhi_owner.test", tfjsonpath.New("id"), knownvalue.StringExact("team-billing")),
					},
				},
			},
			{
				ResourceName:      "nhi_owner.test",
				ImportState:       true,
				ImportStateId:     "team-billing",
				ImportStateVerify: true,
				// Import gets the name only; the rest is configuration.
				ImportStateVerifyIgnore: []string{"email", "escalation", "description"},
			},
			{
				// Planned import: the next apply only fills in configuration.
				ResourceName:       "nhi_owner.test",
				ImportState:        true,
				ImportStateKind:    resource.ImportBlockWithID,
				ImportStateId:      "team-billing",
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("nhi_owner.test", plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue("nhi_owner.test", tfjsonpath.New("email"), knownvalue.StringExact("payments-oncall@example.com")),
					},
				},
			},
			testAccDestroyStep("nhi_owner.test"),
		},
	})
}

func TestAccOwner_validation(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      testAccOwnerConfig("team", "not-an-email", ""),
				PlanOnly:    true,
				ExpectError: expectDiag("Invalid Email Address"),
			},
			{
				Config:      testAccOwnerConfig("team", "Team <team@example.com>", ""),
				PlanOnly:    true,
				ExpectError: expectDiag(`must be a bare email address such as "team@example.com", without a display name; got "Team <team@example.com>"`),
			},
			{
				Config:      testAccOwnerConfig("", "team@example.com", ""),
				PlanOnly:    true,
				ExpectError: expectDiag("Attribute name string length must be at least 1"),
			},
		},
	})
}

func testAccOwnerConfig(name, email, escalation string) string {
	escalationLine := ""
	if escalation != "" {
		escalationLine = fmt.Sprintf("escalation = %q", escalation)
	}
	return fmt.Sprintf(`
resource "nhi_owner" "test" {
  name  = %q
  email = %q
  %s
}
`, name, email, escalationLine)
}
