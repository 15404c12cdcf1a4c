# Snowflake service users and the roles they hold (snowflakedb/snowflake
# 2.x). The provider authenticates with SNOWFLAKE_* environment variables.
terraform {
  required_providers {
    snowflake = {
      source  = "snowflakedb/snowflake"
      version = "~> 2.3"
    }
  }
}

provider "snowflake" {
  organization_name = "ACME"
  account_name      = "PROD"
  role              = "SECURITYADMIN"
}

variable "loader_public_key" {
  default = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAloaderloaderloaderloader"
}

variable "etl_public_key" {
  default = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAetletletletletletletlet"
}

# BAD: ACCOUNTADMIN granted straight to a service user (NHI-004).
resource "snowflake_service_user" "loader" {
  name           = "LOADER"
  comment        = "owner=team-data; nightly loads"
  default_role   = "ACCOUNTADMIN"
  rsa_public_key = var.loader_public_key
}

resource "snowflake_grant_account_role" "loader_admin" {
  role_name = "ACCOUNTADMIN"
  user_name = snowflake_service_user.loader.name
}

# BAD: SYSADMIN through a custom role the user holds (role hierarchy, NHI-004).
resource "snowflake_account_role" "etl" {
  name    = "ETL"
  comment = "ETL jobs"
}

resource "snowflake_grant_account_role" "sysadmin_to_etl" {
  role_name        = "SYSADMIN"
  parent_role_name = snowflake_account_role.etl.name
}

resource "snowflake_service_user" "etl" {
  name           = "ETL_SVC"
  comment        = "owner=team-data"
  default_role   = snowflake_account_role.etl.name
  rsa_public_key = var.etl_public_key
}

resource "snowflake_grant_account_role" "etl_to_user" {
  role_name = snowflake_account_role.etl.name
  user_name = snowflake_service_user.etl.name
}

# BAD: a custom role with MANAGE GRANTS on the account, which can grant
# itself ACCOUNTADMIN (NHI-004).
resource "snowflake_account_role" "grants_admin" {
  name = "GRANTS_ADMIN"
}

resource "snowflake_grant_privileges_to_account_role" "manage_grants" {
  account_role_name = snowflake_account_role.grants_admin.name
  privileges        = ["MANAGE GRANTS"]
  on_account        = true
}

resource "snowflake_service_user" "provisioner" {
  name    = "PROVISIONER"
  comment = "owner=team-platform"
}

resource "snowflake_grant_account_role" "grants_admin_to_provisioner" {
  role_name = snowflake_account_role.grants_admin.name
  user_name = snowflake_service_user.provisioner.name
}

# BAD: CREATE USER and CREATE ROLE on the account (NHI-005).
resource "snowflake_account_role" "onboarding" {
  name = "ONBOARDING"
}

resource "snowflake_grant_privileges_to_account_role" "onboarding" {
  account_role_name = snowflake_account_role.onboarding.name
  privileges        = ["CREATE ROLE", "CREATE USER"]
  on_account        = true
}

resource "snowflake_service_user" "onboarding" {
  name    = "ONBOARDING_SVC"
  comment = "owner=team-identity"
}

resource "snowflake_grant_account_role" "onboarding_to_user" {
  role_name = snowflake_account_role.onboarding.name
  user_name = snowflake_service_user.onboarding.name
}

# GOOD: a reporting role that uses one warehouse and reads one database.
resource "snowflake_account_role" "reporting" {
  name = "REPORTING"
}

resource "snowflake_grant_privileges_to_account_role" "reporting_warehouse" {
  account_role_name = snowflake_account_role.reporting.name
  privileges        = ["USAGE"]
  on_account_object {
    object_type = "WAREHOUSE"
    object_name = "REPORTING_WH"
  }
}

resource "snowflake_grant_privileges_to_account_role" "reporting_tables" {
  account_role_name = snowflake_account_role.reporting.name
  privileges        = ["SELECT"]
  on_schema_object {
    all {
      object_type_plural = "TABLES"
      in_database        = "ANALYTICS"
    }
  }
}

resource "snowflake_service_user" "reporter" {
  name         = "REPORTER"
  comment      = "owner=team-bi"
  default_role = snowflake_account_role.reporting.name
}

resource "snowflake_grant_account_role" "reporting_to_reporter" {
  role_name = snowflake_account_role.reporting.name
  user_name = snowflake_service_user.reporter.name
}

# UNKNOWN: TRANSFORMER is a role this configuration does not define.
resource "snowflake_service_user" "dbt" {
  name    = "DBT"
  comment = "owner=team-analytics"
}

resource "snowflake_grant_account_role" "transformer_to_dbt" {
  role_name = "TRANSFORMER"
  user_name = snowflake_service_user.dbt.name
}

# A person (TYPE = PERSON) holding ACCOUNTADMIN: not a machine identity.
resource "snowflake_user" "alice" {
  name       = "ALICE"
  login_name = "alice@example.com"
}

resource "snowflake_grant_account_role" "alice_admin" {
  role_name = "ACCOUNTADMIN"
  user_name = snowflake_user.alice.name
}
