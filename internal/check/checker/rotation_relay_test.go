package checker_test

import (
	"context"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/checktest"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// Rotation declared with nhi_identity: a key replaced by the identity's
// rotation_trigger, directly or through a terraform_data relay (input or
// triggers_replace, as replace_triggered_by takes only resources), rotates
// with the identity's period: rotation_days, or max_lifetime_days when it
// is unset. An identity with neither never changes its trigger, so
// nothing it drives rotates.
func TestRotationThroughIdentitiesAndRelays(t *testing.T) {
	t.Parallel()
	tf := ``
	var rs []checktest.Res
	identity := func(name string, after map[string]any) {
		after["name"], after["kind"], after["owner"], after["purpose"] = name, "access_key", "team-a", "ci"
		rs = append(rs, checktest.Res{Addr: "nhi_identity." + name, After: after, Unknown: map[string]any{"rotation_trigger": true, "tags": true, "id": true}})
	}
	key := func(name, trigger string) {
		tf += `resource "aws_iam_access_key" "` + name + `" {
  user = "ci"
  lifecycle {
    replace_triggered_by = [` + trigger + `]
  }
}
`
		rs = append(rs, checktest.Res{Addr: "aws_iam_access_key." + name, After: map[string]any{"user": "ci", "status": "Active"}, Unknown: map[string]any{"secret": true, "id": true}})
	}
	identity("rotated", map[string]any{"rotation_days": 30})
	identity("maxonly", map[string]any{"max_lifetime_days": 400})
	identity("never", map[string]any{})
	key("direct", "nhi_identity.rotated.rotation_trigger")
	key("maxonly", "nhi_identity.maxonly.rotation_trigger")
	key("never", "nhi_identity.never.rotation_trigger")
	key("relayed", "terraform_data.rotation")
	tf += `resource "terraform_data" "rotation" {
  input = nhi_identity.rotated.rotation_trigger
}
`
	rs = append(rs, checktest.Res{Addr: "terraform_data.rotation", After: map[string]any{}, Unknown: map[string]any{"input": true, "output": true, "id": true},
		Refs: map[string][]string{"input": {"nhi_identity.rotated.rotation_trigger", "nhi_identity.rotated"}}})
	path, src := planWithSources(t, tf, rs)
	res, err := checker.Check(context.Background(), checker.Input{PlanPath: path, Sources: src, Now: fixtureNow})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range res.Report.Findings {
		if f.Rule == "NHI-002" || f.Rule == "NHI-003" {
			got[f.Address] = f.Rule + " " + f.Severity.String()
		}
	}
	for addr, want := range map[string]string{
		"aws_iam_access_key.direct":  "",
		"aws_iam_access_key.relayed": "",
		"aws_iam_access_key.maxonly": "NHI-003 " + report.High.String(),
		"aws_iam_access_key.never":   "NHI-002 " + report.High.String(),
	} {
		if got[addr] != want {
			t.Errorf("%s: %q, want %q (%v)", addr, got[addr], want, got)
		}
	}
	for _, e := range res.Report.Inventory {
		if e.Address == "aws_iam_access_key.relayed" && !strings.Contains(e.Rotation, "(30 days)") {
			t.Errorf("relayed rotation: %q", e.Rotation)
		}
	}
}
