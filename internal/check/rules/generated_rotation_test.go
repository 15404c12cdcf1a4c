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
