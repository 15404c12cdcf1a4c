package validators_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhiguard/terraform-provider-nhi/internal/validators"
)

type stringCase struct {
	value       types.String
	wantSummary string // empty: valid
}

func runStringCases(t *testing.T, v validator.String, tests map[string]stringCase) {
	t.Helper()
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			req := validator.StringRequest{Path: path.Root("attr"), ConfigValue: tc.value}
			resp := &validator.StringResponse{}
			v.ValidateString(context.Background(), req, resp)

			if tc.wantSummary == "" {
				if resp.Diagnostics.HasError() {
					t.Fatalf("unexpected error for %s: %v", tc.value, resp.Diagnostics)
				}
				return
			}
			if resp.Diagnostics.ErrorsCount() != 1 {
				t.Fatalf("want one error for %s, got %v", tc.value, resp.Diagnostics)
			}
			d := resp.Diagnostics.Errors()[0]
			if d.Summary() != tc.wantSummary {
				t.Errorf("summary = %q, want %q", d.Summary(), tc.wantSummary)
			}
			if !strings.Contains(d.Detail(), tc.value.ValueString()) {
				t.Errorf("detail %q does not show the offending value %q", d.Detail(), tc.value.ValueString())
			}
		})
	}
}

func TestRFC3339(t *testing.T) {
	t.Parallel()

	const bad = "Invalid RFC 3339 Timestamp"
	runStringCases(t, validators.RFC3339(), map[string]stringCase{
		"utc":        {value: types.StringValue("2026-01-31T00:00:00Z")},
		"offset":     {value: types.StringValue("2026-01-31T00:00:00+05:30")},
		"fractional": {value: types.StringValue("2026-01-31T00:00:00.123Z")},
		"null":       {value: types.StringNull()},
		"unknown":    {value: types.StringUnknown()},
		"date only":  {value: types.StringValue("2026-01-31"), wantSummary: bad},
		"no zone":    {value: types.StringValue("2026-01-31T00:00:00"), wantSummary: bad},
		"words":      {value: types.StringValue("next tuesday"), wantSummary: bad},
		"bad day":    {value: types.StringValue("2026-02-30T00:00:00Z"), wantSummary: bad},
		"empty":      {value: types.StringValue(""), wantSummary: bad},
	})
}

func TestEmail(t *testing.T) {
	t.Parallel()

	const bad = "Invalid Email Address"
	runStringCases(t, validators.Email(), map[string]stringCase{
		"plain":          {value: types.StringValue("team@example.com")},
		"plus and dots":  {value: types.StringValue("payments.oncall+nhi@mail.example.co.uk")},
		"null":           {value: types.StringNull()},
		"unknown":        {value: types.StringUnknown()},
		"no at":          {value: types.StringValue("not-an-email"), wantSummary: bad},
		"no domain":      {value: types.StringValue("team@"), wantSummary: bad},
		"no local part":  {value: types.StringValue("@example.com"), wantSummary: bad},
		"display name":   {value: types.StringValue("Team <team@example.com>"), wantSummary: bad},
		"angle brackets": {value: types.StringValue("<team@example.com>"), wantSummary: bad},
		"space":          {value: types.StringValue("team payments@example.com"), wantSummary: bad},
		"two addresses":  {value: types.StringValue("a@example.com, b@example.com"), wantSummary: bad},
		"empty":          {value: types.StringValue(""), wantSummary: bad},
	})
}

func TestRuleID(t *testing.T) {
	t.Parallel()

	const bad = "Invalid Rule ID"
	runStringCases(t, validators.RuleID(), map[string]stringCase{
		"valid":      {value: types.StringValue("NHI-002")},
		"null":       {value: types.StringNull()},
		"lower case": {value: types.StringValue("nhi-002"), wantSummary: bad},
		"two digits": {value: types.StringValue("NHI-02"), wantSummary: bad},
		"slug":       {value: types.StringValue("unowned-credential"), wantSummary: bad},
	})
}

func TestNamedOwner(t *testing.T) {
	t.Parallel()
	for value, warn := range map[string]bool{
		"team-payments": false, "sre": false, "TBD": true, " none ": true, "n/a": true, "<owner>": true, "Unknown": true,
	} {
		req := validator.StringRequest{Path: path.Root("owner"), ConfigValue: types.StringValue(value)}
		resp := &validator.StringResponse{}
		validators.NamedOwner().ValidateString(context.Background(), req, resp)
		if resp.Diagnostics.HasError() {
			t.Errorf("%q: an error, want at most a warning: %v", value, resp.Diagnostics)
		}
		if got := resp.Diagnostics.WarningsCount() == 1; got != warn {
			t.Errorf("%q: warned %v, want %v (%v)", value, got, warn, resp.Diagnostics)
		}
		if warn && !strings.Contains(resp.Diagnostics.Warnings()[0].Detail(), strings.TrimSpace(value)) {
			t.Errorf("%q: the warning does not show the value: %v", value, resp.Diagnostics)
		}
	}
	for _, v := range []types.String{types.StringNull(), types.StringUnknown()} {
		resp := &validator.StringResponse{}
		validators.NamedOwner().ValidateString(context.Background(), validator.StringRequest{Path: path.Root("owner"), ConfigValue: v}, resp)
		if len(resp.Diagnostics) > 0 {
			t.Errorf("%v: %v", v, resp.Diagnostics)
		}
	}
}

func TestNotBlank(t *testing.T) {
	t.Parallel()
	runStringCases(t, validators.NotBlank(), map[string]stringCase{
		"text":   {value: types.StringValue("migration to OIDC")},
		"spaces": {value: types.StringValue("   "), wantSummary: "Invalid Attribute Value Match"},
		"empty":  {value: types.StringValue(""), wantSummary: "Invalid Attribute Value Match"},
	})
}
