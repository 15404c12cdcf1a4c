package rules_test

import (
	"strings"
	"testing"
)

// A database password set from a random_password whose keepers a
// time_rotating renews is rotated with it: each rotation sets a new
// password. A static random_password rotates nothing.
func TestCredentialRotatedThroughGeneratedSecret(t *testing.T) {
	t.Parallel()
	for _, rotated := range []bool{true, false} {
		pw := res{Addr: "random_password.db", After: map[string]any{"length": 32}, Unknown: map[string]any{"result": true}}
		if rotated {
			pw.Unknown["keepers"] = true
			pw.Refs = map[string][]string{"keepers": {"time_rotating.db.id", "time_rotating.db"}}
		}
		r := check(t, []res{
			{Addr: "time_rotating.db", After: map[string]any{"rotation_days": 30}, Unknown: map[string]any{"id": true}},
			pw,
			{Addr: "google_sql_user.app", After: map[string]any{"instance": "orders-db", "name": "orders_app"}, Unknown: map[string]any{"password": true},
				Refs: map[string][]string{"password": {"random_password.db.result", "random_password.db"}}},
		}, nil)
		f := has(r, "google_sql_user.app", "NHI-002")
		if got := f != nil; got == rotated {
			t.Errorf("rotated=%v: NHI-002 on the database user %v: %v", rotated, got, findings(r))
		}
		for _, e := range r.Inventory {
			if e.Address == "google_sql_user.app" && rotated && !strings.Contains(e.Rotation, "30") {
				t.Errorf("inventory rotation %q", e.Rotation)
			}
		}
	}
}

// A certificate made only to be an Entra ID certificate credential is
// judged by that credential's end date, which Microsoft Graph keeps
// within the certificate's validity; a certificate no credential uses is
// judged by its own.
func TestCertificateBoundByEntraCredential(t *testing.T) {
	t.Parallel()
	cert := map[string]any{"validity_period_hours": 87600, "is_ca_certificate": false, "allowed_uses": []any{"client_auth"}}
	r := check(t, []res{
		{Addr: "tls_self_signed_cert.used", After: cert, Unknown: map[string]any{"cert_pem": true}},
		{Addr: "tls_self_signed_cert.alone", After: cert, Unknown: map[string]any{"cert_pem": true}},
		{Addr: "azuread_service_principal_certificate.sp", After: map[string]any{"end_date_relative": "4320h", "type": "AsymmetricX509Cert"},
			Unknown: map[string]any{"service_principal_id": true}, Refs: map[string][]string{"value": {"tls_self_signed_cert.used.cert_pem", "tls_self_signed_cert.used"}}},
	}, nil)
	if f := has(r, "tls_self_signed_cert.used", "NHI-003"); f != nil {
		t.Errorf("a certificate behind a 180-day Entra credential: %s", f.Message)
	}
	if f := has(r, "tls_self_signed_cert.alone", "NHI-003"); f == nil {
		t.Errorf("a ten-year certificate no credential bounds: %v", findings(r))
	}
}
