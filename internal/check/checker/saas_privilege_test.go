package checker_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
)

// testdata/snowflake-roles, cloudflare-v4 and cloudflare-v5 are plans
// built by hand in the shape `terraform show -json` (Terraform 1.11.4)
// writes for snowflakedb/snowflake 2.x and cloudflare/cloudflare 4.x and
// 5.x, from the providers' schemas: no provider build was at hand. Data
// sources read during plan are in prior_state, as Terraform puts them.
// Permission group ids other than the three the Cloudflare provider's
// documentation names are placeholders, named by the data sources.
//
// Snowflake: a service user holding ACCOUNTADMIN, SYSADMIN through a custom
// role, or a role with MANAGE GRANTS on the account is admin, and so is
// every grant on the way; CREATE USER and CREATE ROLE on the account are
// permissions management; a reader role is read; a role the plan does not
// define cannot be judged; a person holding ACCOUNTADMIN is not judged.
// Cloudflare: Account Settings Write is admin, API Tokens Write an
// escalation, a write group on every zone or account a wildcard; one zone,
// a read group, or a deny policy is none of these; an id nothing in the
// plan names stays unknown.
func TestSaaSTokenAndRolePrivilege(t *testing.T) {
	t.Parallel()
	cases := []struct {
		dir       string
		findings  []string
		privilege map[string]string
	}{
		{"snowflake-roles", []string{
			"NHI-004 snowflake_grant_account_role.etl_to_user critical blocks",
			"NHI-004 snowflake_grant_account_role.grants_admin_to_provisioner critical blocks",
			"NHI-004 snowflake_grant_account_role.loader_admin critical blocks",
			"NHI-004 snowflake_grant_account_role.sysadmin_to_etl critical blocks",
			"NHI-004 snowflake_grant_privileges_to_account_role.manage_grants critical blocks",
			"NHI-004 snowflake_service_user.dbt medium passes",
			"NHI-004 snowflake_service_user.etl critical blocks",
			"NHI-004 snowflake_service_user.loader critical blocks",
			"NHI-004 snowflake_service_user.provisioner critical blocks",
			"NHI-005 snowflake_grant_account_role.onboarding_to_user high blocks",
			"NHI-005 snowflake_grant_privileges_to_account_role.onboarding high blocks",
			"NHI-005 snowflake_service_user.onboarding high blocks",
		}, map[string]string{
			"snowflake_service_user.dbt":         "unknown",
			"snowflake_service_user.etl":         "admin",
			"snowflake_service_user.loader":      "admin",
			"snowflake_service_user.onboarding":  "permissions-management",
			"snowflake_service_user.provisioner": "admin",
			"snowflake_service_user.reporter":    "read",
		}},
		{"cloudflare-v4", []string{
			"NHI-004 cloudflare_api_token.account_admin critical blocks",
			"NHI-005 cloudflare_api_token.dns_all_zones high blocks",
			"NHI-005 cloudflare_api_token.token_minter high blocks",
		}, map[string]string{
			"cloudflare_api_token.account_admin": "admin",
			"cloudflare_api_token.dns_all_zones": "write",
			"cloudflare_api_token.dns_one_zone":  "write",
			"cloudflare_api_token.dns_read":      "read",
			"cloudflare_api_token.literal_id":    "unknown",
			"cloudflare_api_token.token_minter":  "admin",
		}},
		{"cloudflare-v5", []string{
			"NHI-004 cloudflare_account_token.members critical blocks",
			"NHI-005 cloudflare_api_token.workers_everywhere high blocks",
		}, map[string]string{
			"cloudflare_account_token.members":        "admin",
			"cloudflare_api_token.dns_one_zone":       "write",
			"cloudflare_api_token.workers_everywhere": "write",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.dir, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join("testdata", tc.dir, "plan.json")
			if got := findingSet(t, path); !slices.Equal(got, tc.findings) {
				t.Errorf("findings:\n got %q\nwant %q", got, tc.findings)
			}
			res, err := checker.Check(context.Background(), checker.Input{PlanPath: path, Now: fixtureNow})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, e := range res.Report.Inventory {
				got[e.Address] = e.Privilege
			}
			for addr, want := range tc.privilege {
				if got[addr] != want {
					t.Errorf("%s: privilege %q, want %q", addr, got[addr], want)
				}
			}
			for _, f := range res.Report.Findings {
				switch {
				case f.Address == "snowflake_service_user.etl" && !strings.Contains(f.Message, "SYSADMIN (held through role ETL)"):
					t.Errorf("the role hierarchy is not named: %s", f.Message)
				case f.Address == "snowflake_service_user.dbt" && !strings.Contains(f.Message, "role TRANSFORMER, granted by snowflake_grant_account_role.transformer_to_dbt, is not defined in this plan"):
					t.Errorf("an undefined role: %s", f.Message)
				case f.Address == "cloudflare_api_token.dns_all_zones" && !strings.Contains(f.Message, "DNS Write on com.cloudflare.api.account.zone.*"):
					t.Errorf("a write group on every zone: %s", f.Message)
				}
			}
		})
	}
}
