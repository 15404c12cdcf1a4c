package rules_test

import (
	"strings"
	"testing"
)

// Passwords and certificates that last until replaced are static secrets
// (NHI-002); the same resources configured not to hold one are not.
func TestStaticDatabaseAndDeviceCredentials(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		rs   []res
		addr string
		want bool
	}{
		{"Cloud SQL user with a password from random_password", []res{
			{Addr: "random_password.db", After: map[string]any{"length": 32}, Unknown: map[string]any{"result": true}, Sensitive: map[string]any{"result": true}},
			{Addr: "google_sql_user.app", After: map[string]any{"name": "app", "instance": "main"}, Unknown: map[string]any{"password": true},
				Sensitive: map[string]any{"password": true}, Refs: map[string][]string{"password": {"random_password.db.result", "random_password.db"}}},
		}, "google_sql_user.app", true},
		{"Cloud SQL IAM service account user", []res{
			{Addr: "google_sql_user.app", After: map[string]any{"name": "app@p.iam", "instance": "main", "type": "CLOUD_IAM_SERVICE_ACCOUNT"}},
		}, "google_sql_user.app", false},
		{"active IoT certificate made by AWS", []res{
			{Addr: "aws_iot_certificate.device", After: map[string]any{"active": true}, Unknown: map[string]any{"private_key": true, "certificate_pem": true}},
		}, "aws_iot_certificate.device", true},
		{"inactive IoT certificate", []res{
			{Addr: "aws_iot_certificate.device", After: map[string]any{"active": false}, Unknown: map[string]any{"private_key": true, "certificate_pem": true}},
		}, "aws_iot_certificate.device", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := check(t, tc.rs, nil)
			if got := has(r, tc.addr, "NHI-002") != nil; got != tc.want {
				t.Errorf("NHI-002 on %s: %v, want %v (findings %v)", tc.addr, got, tc.want, findings(r))
			}
			if f := has(r, tc.addr, "NHI-007"); f != nil {
				t.Errorf("a password set from a generated secret is use, not exposure: %s", f.Message)
			}
		})
	}
}

// A Key Vault certificate lives as long as its policy's validity_in_months
// (12 by default), judged against the 397 days a certificate may live.
func TestKeyVaultCertificateLifetime(t *testing.T) {
	t.Parallel()
	cert := func(months any) res {
		props := map[string]any{"subject": "CN=api", "key_usage": []any{"digitalSignature"}}
		if months != nil {
			props["validity_in_months"] = months
		}
		return res{Addr: "azurerm_key_vault_certificate.api", After: map[string]any{
			"name": "api", "tags": owned,
			"certificate_policy": []any{map[string]any{"x509_certificate_properties": []any{props}}},
		}, Unknown: map[string]any{"certificate_data": true, "secret_id": true}}
	}
	for months, want := range map[any]bool{24: true, 12: false, nil: false} {
		r := check(t, []res{cert(months)}, nil)
		f := has(r, "azurerm_key_vault_certificate.api", "NHI-003")
		if (f != nil) != want {
			t.Errorf("validity_in_months %v: NHI-003 %v, want %v; findings %v", months, f != nil, want, findings(r))
		}
		if f != nil && !strings.Contains(f.Message, "validity_in_months") {
			t.Errorf("NHI-003 %q does not name validity_in_months", f.Message)
		}
		if len(r.Inventory) != 1 || r.Inventory[0].Kind != "certificate" {
			t.Errorf("inventory %+v, want one certificate", r.Inventory)
		}
	}
}

// A managed database's admin password is a static credential of the
// database's admin login; a database without one (a replica, a restore, a
// password the cloud manages, Entra-only or no password authentication)
// holds none.
func TestDatabaseMasterPasswords(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		r      res
		static bool
	}{
		{"RDS instance, password from random_password", res{Addr: "aws_db_instance.main",
			After: map[string]any{"identifier": "main", "username": "admin", "tags": owned, "tags_all": owned}, Unknown: map[string]any{"password": true},
			Sensitive: map[string]any{"password": true}}, true},
		{"RDS instance, literal password", res{Addr: "aws_db_instance.main",
			After:     map[string]any{"identifier": "main", "username": "admin", "password": "hunter22", "tags": owned, "tags_all": owned},
			Sensitive: map[string]any{"password": true}}, true},
		{"RDS instance, write-only password", res{Addr: "aws_db_instance.main",
			After: map[string]any{"identifier": "main", "username": "admin", "password_wo_version": 1, "tags": owned, "tags_all": owned}}, true},
		{"RDS instance, password managed by Secrets Manager", res{Addr: "aws_db_instance.main",
			After: map[string]any{"identifier": "main", "username": "admin", "manage_master_user_password": true, "password": nil, "tags": owned, "tags_all": owned}}, false},
		{"RDS read replica", res{Addr: "aws_db_instance.replica",
			After: map[string]any{"identifier": "replica", "replicate_source_db": "main", "password": nil, "tags": owned, "tags_all": owned}}, false},
		{"Aurora cluster", res{Addr: "aws_rds_cluster.main",
			After: map[string]any{"cluster_identifier": "main", "master_username": "admin", "tags": owned, "tags_all": owned}, Unknown: map[string]any{"master_password": true}}, true},
		{"Azure SQL server", res{Addr: "azurerm_mssql_server.main",
			After:     map[string]any{"name": "main", "administrator_login": "sqladmin", "administrator_login_password": "hunter22", "tags": owned},
			Sensitive: map[string]any{"administrator_login_password": true}}, true},
		{"Azure SQL server, Entra-only authentication", res{Addr: "azurerm_mssql_server.main",
			After: map[string]any{"name": "main", "administrator_login": "sqladmin", "administrator_login_password": "hunter22", "tags": owned,
				"azuread_administrator": []any{map[string]any{"login_username": "dba", "azuread_authentication_only": true}}},
			Sensitive: map[string]any{"administrator_login_password": true}}, false},
		{"PostgreSQL flexible server without password authentication", res{Addr: "azurerm_postgresql_flexible_server.main",
			After: map[string]any{"name": "main", "administrator_password": nil, "tags": owned,
				"authentication": []any{map[string]any{"password_auth_enabled": false, "active_directory_auth_enabled": true}}}}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := check(t, []res{tc.r}, nil)
			if got := has(r, tc.r.Addr, "NHI-002") != nil; got != tc.static {
				t.Errorf("NHI-002: %v, want %v; findings %v", got, tc.static, findings(r))
			}
			if tc.static && (len(r.Inventory) != 1 || r.Inventory[0].Kind != "password") {
				t.Errorf("inventory %+v, want the password", r.Inventory)
			}
		})
	}
}
