package kb

// Database master passwords. A managed database created with an admin
// password keeps it until someone changes it: a static credential of the
// database's admin login, owned through the database's tags. Only an
// instance that holds one is judged: a read replica, a restore from a
// snapshot, or a password managed by the cloud (manage_master_user_password,
// which Secrets Manager rotates) sets none, and a write-only password shows
// in the plan only through its version attribute.

const dbAlternative = "Let the cloud manage and rotate the admin password (manage_master_user_password = true on AWS) and have applications sign in with IAM or Entra ID database authentication instead of a password"

// dbPassword is the entry of a database type whose admin password is the
// attribute password, or its write-only form password+"_wo" with
// password+"_wo_version".
func dbPassword(typ, provider, doc, password string, owner Owner, disabled ...Condition) Entry {
	return Entry{
		Type: typ, Class: Credential, Kind: "password", Provider: provider, Doc: doc,
		When: &Condition{Path: password, Set: true, Or: []Condition{
			{Path: password + "_wo", Set: true}, {Path: password + "_wo_version", Set: true},
		}},
		Otherwise: Other,
		Owner:     owner,
		Lifetime:  Lifetime{Static: true, Default: Forever},
		// A new write-only version sends the write-only password again:
		// one from an ephemeral value is a new one.
		Rotation:         Rotation{Triggers: []string{password + "_wo_version"}},
		Rotate:           "Rotate it from the plan without replacing the database: set " + password + "_wo from an ephemeral random_password and " + password + "_wo_version from a time_rotating (its unix), or take " + password + " from a random_password whose keepers a time_rotating changes. Never lifecycle.replace_triggered_by, which replaces the database.",
		SecretAttrs:      []string{password, password + "_wo"},
		CredentialSecret: true,
		Disabled:         disabled,
		Alternative:      dbAlternative,
	}
}

// noWriteOnly is dbPassword for a type with no write-only form of its
// password: its fix names only the random_password way.
func noWriteOnly(e Entry) Entry {
	password := e.SecretAttrs[0]
	e.Rotate = "Rotate it from the plan without replacing the resource: take " + password + " from a random_password whose keepers a time_rotating changes. Never lifecycle.replace_triggered_by, which replaces the resource."
	return e
}

func init() {
	register(
		dbPassword("aws_db_instance", "aws", awsDoc+"db_instance", "password", awsTags),
		dbPassword("aws_rds_cluster", "aws", awsDoc+"rds_cluster", "master_password", awsTags),
		dbPassword("aws_docdb_cluster", "aws", awsDoc+"docdb_cluster", "master_password", awsTags),
		dbPassword("aws_redshift_cluster", "aws", awsDoc+"redshift_cluster", "master_password", awsTags),
		dbPassword("aws_redshiftserverless_namespace", "aws", awsDoc+"redshiftserverless_namespace", "admin_user_password", awsTags),
		noWriteOnly(dbPassword("aws_docdbelastic_cluster", "aws", awsDoc+"docdbelastic_cluster", "admin_user_password", awsTags)),
		// An ElastiCache (Redis / Valkey) user's passwords, unless it signs
		// in with IAM.
		noWriteOnly(dbPassword("aws_elasticache_user", "aws", awsDoc+"elasticache_user", "passwords", awsTags,
			Condition{Path: "authentication_mode.type", Contains: "iam"})),
		dbPassword("azurerm_mssql_server", "azurerm", azurermDoc+"mssql_server", "administrator_login_password", azurermTags,
			// Entra-only authentication turns SQL logins, the admin's included, off.
			Condition{Path: "azuread_administrator.azuread_authentication_only", Contains: "true"}),
		noWriteOnly(dbPassword("azurerm_sql_server", "azurerm", azurermDoc+"sql_server", "administrator_login_password", azurermTags)),
		dbPassword("azurerm_postgresql_flexible_server", "azurerm", azurermDoc+"postgresql_flexible_server", "administrator_password", azurermTags,
			Condition{Path: "authentication.password_auth_enabled", Contains: "false"}),
		dbPassword("azurerm_mysql_flexible_server", "azurerm", azurermDoc+"mysql_flexible_server", "administrator_password", azurermTags),
	)
}
