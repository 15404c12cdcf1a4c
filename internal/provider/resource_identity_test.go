package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nhiguard/terraform-provider-nhi/internal/clock"
	"github.com/nhiguard/terraform-provider-nhi/internal/nhi"
)

// ts formats t the way the provider stores timestamps.
func ts(t time.Time) string { return nhi.FormatTimestamp(t) }

func TestAccIdentity_lifecycle(t *testing.T) {
	fake := clock.NewFake(testAccStart)
	created := testAccStart
	reviewed := testAccStart.AddDate(0, 0, -10)

	full := testAccIdentityConfig(map[string]string{
		"purpose":           `"Deploys the payments service from CI."`,
		"environment":       `"Prod EU"`,
		"credentials":       `["aws_iam_access_key.legacy"]`,
		"rotation_days":     "90",
		"max_lifetime_days": "365",
		"expires_at":        `"2026-06-30T00:00:00Z"`,
		"review_every_days": "180",
		"last_reviewed_at":  fmt.Sprintf("%q", ts(reviewed)),
	})
	sameTrigger := statecheck.CompareValue(compare.ValuesSame())

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactoriesWithClock(fake),
		Steps: []resource.TestStep{
			{
				Config: full,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("nhi_identity.test", plancheck.ResourceActionCreate),
						// What a credential or the plan checker reads is known before apply;
						// the rotation record is known after it, since Terraform plans again
						// during apply and a planned time of creation would have moved.
						plancheck.ExpectKnownValue("nhi_identity.test", tfjsonpath.New("id"), knownvalue.StringExact("payments-deploy")),
						plancheck.ExpectKnownValue("nhi_identity.test", tfjsonpath.New("owner"), knownvalue.StringExact("team-payments")),
						plancheck.ExpectKnownValue("nhi_identity.test", tfjsonpath.New("tags"), knownvalue.MapExact(map[string]knownvalue.Check{
							nhi.TagIdentity:     knownvalue.StringExact("payments-deploy"),
							nhi.TagOwner:        knownvalue.StringExact("team-payments"),
							nhi.TagKind:         knownvalue.StringExact("access_key"),
							nhi.TagEnvironment:  knownvalue.StringExact("Prod EU"),
							nhi.TagRotationDays: knownvalue.StringExact("90"),
						})),
						plancheck.ExpectKnownValue("nhi_identity.test", tfjsonpath.New("labels").AtMapKey(nhi.TagEnvironment), knownvalue.StringExact("prod_eu")),
						plancheck.ExpectUnknownValue("nhi_identity.test", tfjsonpath.New("rotation_trigger")),
						plancheck.ExpectUnknownValue("nhi_identity.test", tfjsonpath.New("rotation_due_at")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("nhi_identity.test", tfjsonpath.New("rotated_at"), knownvalue.StringExact(ts(created))),
					statecheck.ExpectKnownValue("nhi_identity.test", tfjsonpath.New("rotation_due_at"), knownvalue.StringExact("2025-04-01T00:00:00Z")),
					statecheck.ExpectKnownValue("nhi_identity.test", tfjsonpath.New("review_due_at"), knownvalue.StringExact(ts(reviewed.AddDate(0, 0, 180)))),
					statecheck.ExpectKnownValue("nhi_identity.test", tfjsonpath.New("enforcement"), knownvalue.StringExact("block")),
					statecheck.ExpectKnownValue("nhi_identity.test", tfjsonpath.New("credentials"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("aws_iam_access_key.legacy"),
					})),
					statecheck.ExpectKnownValue("nhi_identity.test", tfjsonpath.New("labels"), knownvalue.MapExact(map[string]knownvalue.Check{
						nhi.TagIdentity:     knownvalue.StringExact("payments-deploy"),
						nhi.TagOwner:        knownvalue.StringExact("team-payments"),
						nhi.TagKind:         knownvalue.StringExact("access_key"),
						nhi.TagEnvironment:  knownvalue.StringExact("prod_eu"),
						nhi.TagRotationDays: knownvalue.StringExact("90"),
					})),
					sameTrigger.AddStateValue("nhi_identity.test", tfjsonpath.New("rotation_trigger")),
				},
			},
			{
				// An update that is not a rotation keeps the rotation record.
				PreConfig: func() { fake.Advance(10 * nhi.Day) },
				Config: testAccIdentityConfig(map[string]string{
					"purpose":       `"Deploys payments and refunds from CI."`,
					"rotation_days": "60",
				}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("nhi_identity.test", plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue("nhi_identity.test", tfjsonpath.New("rotation_due_at"), knownvalue.StringExact(ts(created.AddDate(0, 0, 60)))),
						plancheck.ExpectKnownValue("nhi_identity.test", tfjsonpath.New("tags"), knownvalue.MapExact(map[string]knownvalue.Check{
							nhi.TagIdentity:     knownvalue.StringExact("payments-deploy"),
							nhi.TagOwner:        knownvalue.StringExact("team-payments"),
							nhi.TagKind:         knownvalue.StringExact("access_key"),
							nhi.TagRotationDays: knownvalue.StringExact("60"),
						})),
						plancheck.ExpectKnownValue("nhi_identity.test", tfjsonpath.New("review_due_at"), knownvalue.Null()),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("nhi_identity.test", tfjsonpath.New("rotated_at"), knownvalue.StringExact(ts(created))),
					statecheck.ExpectKnownValue("nhi_identity.test", tfjsonpath.New("purpose"), knownvalue.StringExact("Deploys payments and refunds from CI.")),
					sameTrigger.AddStateValue("nhi_identity.test", tfjsonpath.New("rotation_trigger")),
				},
			},
			{
				ResourceName: "nhi_identity.test",
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					rs := s.RootModule().Resources["nhi_identity.test"]
					return rs.Primary.ID + "," + rs.Primary.Attributes["rotated_at"], nil
				},
				ImportStateVerify: true,
				// Import restores the rotation record (id, name, rotated_at,
				// rotation_trigger); everything else is configuration.
				ImportStateVerifyIgnore: []string{
					"kind", "owner", "purpose", "environment", "credentials", "rotation_days", "max_lifetime_days",
					"expires_at", "review_every_days", "last_reviewed_at", "enforcement", "rotation_due_at", "review_due_at",
					"tags", "labels",
				},
			},
			{
				// A planned import fills in configuration and keeps rotation_trigger.
				ResourceName:       "nhi_identity.test",
				ImportState:        true,
				ImportStateKind:    resource.ImportBlockWithID,
				ImportStateId:      "payments-deploy," + ts(created),
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("nhi_identity.test", plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue("nhi_identity.test", tfjsonpath.New("rotation_trigger"), knownvalue.StringExact(ts(created))),
						plancheck.ExpectKnownValue("nhi_identity.test", tfjsonpath.New("kind"), knownvalue.StringExact("access_key")),
					},
				},
			},
			{
				ResourceName:  "nhi_identity.test",
				ImportState:   true,
				ImportStateId: "payments-deploy,last tuesday",
				ExpectError:   expectDiag(`Unexpected Format of ID`),
			},
			testAccDestroyStep("nhi_identity.test", "nhi_owner.test"),
		},
	})
}

func TestAccIdentity_rotationReplacesCredential(t *testing.T) {
	fake := clock.NewFake(testAccStart)
	rotated := testAccStart.AddDate(0, 0, 30)
	firstTrigger := statecheck.CompareValue(compare.ValuesSame())

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactoriesWithClock(fake),
		Steps: []resource.TestStep{
			{
				ConfigDirectory: config.TestNameDirectory(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("nhi_identity.deploy", tfjsonpath.New("rotation_due_at"), knownvalue.StringExact(ts(rotated))),
					statecheck.ExpectKnownValue("terraform_data.keepers_style", tfjsonpath.New("triggers_replace"), knownvalue.StringExact(ts(testAccStart))),
					firstTrigger.AddStateValue("nhi_identity.deploy", tfjsonpath.New("rotation_trigger")),
				},
			},
			{
				// One second before due: nothing changes.
				PreConfig:       func() { fake.Advance(30*nhi.Day - time.Second) },
				ConfigDirectory: config.TestNameDirectory(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Changing something else updates the identity but replaces no credential.
				ConfigDirectory: config.TestNameDirectory(),
				ConfigVariables: config.Variables{"purpose": config.StringVariable("Deploys payments from CI and CD.")},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("nhi_identity.deploy", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("terraform_data.credential", plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction("terraform_data.keepers_style", plancheck.ResourceActionNoop),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					firstTrigger.AddStateValue("nhi_identity.deploy", tfjsonpath.New("rotation_trigger")),
				},
			},
			{
				// Due: the plan itself rotates, through both wiring styles.
				PreConfig:       func() { fake.Advance(time.Second) },
				ConfigDirectory: config.TestNameDirectory(),
				ConfigVariables: config.Variables{"purpose": config.StringVariable("Deploys payments from CI and CD.")},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("nhi_identity.deploy", plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue("nhi_identity.deploy", tfjsonpath.New("rotation_trigger"), knownvalue.StringExact(ts(rotated))),
						plancheck.ExpectResourceAction("terraform_data.credential", plancheck.ResourceActionReplace),
						plancheck.ExpectResourceAction("terraform_data.keepers_style", plancheck.ResourceActionReplace),
						plancheck.ExpectResourceAction("nhi_owner.payments", plancheck.ResourceActionNoop),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("nhi_identity.deploy", tfjsonpath.New("rotated_at"), knownvalue.StringExact(ts(rotated))),
					statecheck.ExpectKnownValue("nhi_identity.deploy", tfjsonpath.New("rotation_due_at"), knownvalue.StringExact(ts(rotated.AddDate(0, 0, 30)))),
					statecheck.ExpectKnownValue("terraform_data.keepers_style", tfjsonpath.New("triggers_replace"), knownvalue.StringExact(ts(rotated))),
				},
			},
			{
				// Rotated: the next period starts, nothing is due.
				PreConfig:       func() { fake.Advance(29 * nhi.Day) },
				ConfigDirectory: config.TestNameDirectory(),
				ConfigVariables: config.Variables{"purpose": config.StringVariable("Deploys payments from CI and CD.")},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Long overdue: one rotation, not one per missed period.
				PreConfig:       func() { fake.Advance(100 * nhi.Day) },
				ConfigDirectory: config.TestNameDirectory(),
				ConfigVariables: config.Variables{"purpose": config.StringVariable("Deploys payments from CI and CD.")},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("terraform_data.credential", plancheck.ResourceActionReplace),
						plancheck.ExpectKnownValue("nhi_identity.deploy", tfjsonpath.New("rotated_at"), knownvalue.StringExact(ts(rotated.AddDate(0, 0, 129)))),
					},
				},
			},
		},
	})
}

func TestAccIdentity_expired(t *testing.T) {
	fake := clock.NewFake(testAccStart)
	expiresAt := testAccStart.AddDate(0, 0, 10)
	config := func(enforcement string, expires time.Time) string {
		return testAccIdentityConfig(map[string]string{
			"expires_at":  fmt.Sprintf("%q", ts(expires)),
			"enforcement": fmt.Sprintf("%q", enforcement),
		})
	}

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactoriesWithClock(fake),
		Steps: []resource.TestStep{
			{Config: config("block", expiresAt)},
			{
				PreConfig: func() { fake.Advance(12 * nhi.Day) },
				Config:    config("block", expiresAt),
				ExpectError: expectDiags(
					`Error: Machine Identity Expired with nhi_identity.test,`,
					`expires_at = "2025-01-11T00:00:00Z"`,
					`Identity "payments-deploy" (owner "team-payments") expired on 2025-01-11T00:00:00Z, 2 days ago: `+
						`renew it by moving expires_at later and stating the reason in purpose, or remove the identity and its credentials.`),
			},
			{
				// warn: the same finding no longer fails the plan.
				Config: config("warn", expiresAt),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("nhi_identity.test", plancheck.ResourceActionUpdate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("nhi_identity.test", tfjsonpath.New("enforcement"), knownvalue.StringExact("warn")),
				},
			},
			{
				// Renewed: block again, and the plan passes.
				Config: config("block", expiresAt.AddDate(0, 6, 0)),
			},
			testAccDestroyStep("nhi_identity.test", "nhi_owner.test"),
		},
	})
}

func TestAccIdentity_expiredAtCreate(t *testing.T) {
	fake := clock.NewFake(testAccStart)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactoriesWithClock(fake),
		Steps: []resource.TestStep{
			{
				Config:      testAccIdentityConfig(map[string]string{"expires_at": fmt.Sprintf("%q", ts(testAccStart.AddDate(0, 0, -1)))}),
				ExpectError: expectDiag(`Machine Identity Expired`),
			},
		},
	})
}

func TestAccIdentity_validation(t *testing.T) {
	steps := []struct {
		attrs map[string]string
		want  string
	}{
		{map[string]string{"kind": `"robot"`}, `Attribute kind value must be one of: ["service_account" "access_key"`},
		{map[string]string{"rotation_days": "0"}, `Attribute rotation_days value must be between 1 and 36500, got: 0`},
		{map[string]string{"max_lifetime_days": "-30"}, `Attribute max_lifetime_days value must be between 1 and 36500, got: -30`},
		{map[string]string{"review_every_days": "0", "last_reviewed_at": `"2025-01-01T00:00:00Z"`}, `Attribute review_every_days value must be between 1 and 36500, got: 0`},
		{map[string]string{"rotation_days": "400", "max_lifetime_days": "365"}, `rotation_days (400) must not be greater than max_lifetime_days (365). A credential must be rotated before it reaches its maximum lifetime.`},
		{map[string]string{"expires_at": `"2026-13-01T00:00:00Z"`}, `Invalid RFC 3339 Timestamp`},
		{map[string]string{"expires_at": `"2026-06-30"`}, `expires_at must be an RFC 3339 timestamp with a time zone, such as "2026-01-31T00:00:00Z"; got "2026-06-30".`},
		{map[string]string{"last_reviewed_at": `"yesterday"`}, `last_reviewed_at must be an RFC 3339 timestamp`},
		{map[string]string{"review_every_days": "90"}, `Attribute "last_reviewed_at" must be specified when "review_every_days" is specified`},
		{map[string]string{"enforcement": `"ignore"`}, `Attribute enforcement value must be one of: ["block" "warn"], got: "ignore"`},
		{map[string]string{"credentials": `[]`}, `Attribute credentials set must contain at least 1 elements`},
		{map[string]string{"purpose": `""`}, `Attribute purpose string length must be at least 1`},
	}
	var testSteps []resource.TestStep
	for _, s := range steps {
		testSteps = append(testSteps, resource.TestStep{
			Config:      testAccIdentityConfig(s.attrs),
			PlanOnly:    true,
			ExpectError: expectDiag(s.want),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    testSteps,
	})
}

// testAccIdentityConfig renders an owner and an identity. attrs override or
// add identity arguments as HCL expressions; an empty value removes one.
func testAccIdentityConfig(attrs map[string]string) string {
	args := map[string]string{
		"name":    `"payments-deploy"`,
		"kind":    `"access_key"`,
		"owner":   `nhi_owner.test.id`,
		"purpose": `"Deploys the payments service from CI."`,
	}
	for k, v := range attrs {
		args[k] = v
	}
	order := []string{"name", "kind", "owner", "purpose", "environment", "credentials", "rotation_days",
		"max_lifetime_days", "expires_at", "review_every_days", "last_reviewed_at", "enforcement"}
	var b strings.Builder
	for _, k := range order {
		if v := args[k]; v != "" {
			fmt.Fprintf(&b, "  %s = %s\n", k, v)
		}
	}
	return fmt.Sprintf(`
resource "nhi_owner" "test" {
  name  = "team-payments"
  email = "payments@example.com"
}

resource "nhi_identity" "test" {
%s}
`, b.String())
}
