package plan

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestPlannedValuesPrunedAsReflective: the fast decoder drops
// planned_values' managed resources as it reads them, keeping their
// addresses, where the reflective path keeps them all for index. Both must
// load the same resources, and refuse the same plans with the same
// message.
func TestPlannedValuesPrunedAsReflective(t *testing.T) {
	t.Parallel()
	change := func(addr, typ, name string) string {
		return `{"address":"` + addr + `","mode":"managed","type":"` + typ + `","name":"` + name + `","change":{"actions":["create"],"before":null,"after":{"user":"u"},"after_unknown":{}}}`
	}
	state := func(addr, mode, typ, name, extra string) string {
		return `{"address":"` + addr + `","mode":"` + mode + `","type":"` + typ + `","name":"` + name + `"` + extra + `,"values":{"user":"u"},"sensitive_values":{}}`
	}
	plan := func(planned []string, changes ...string) []byte {
		return []byte(`{"format_version":"1.2","terraform_version":"1.11.4","planned_values":{"root_module":{"resources":[` +
			strings.Join(planned, ",") + `],"child_modules":[{"address":"module.m","resources":[` +
			state("module.m.aws_iam_access_key.k", "managed", "aws_iam_access_key", "k", "") + `]}]}},"resource_changes":[` +
			strings.Join(append(changes, change("module.m.aws_iam_access_key.k", "aws_iam_access_key", "k")), ",") + `]}`)
	}
	cases := []struct {
		name    string
		data    []byte
		wantErr string // "" when both load
		wantRes []string
	}{
		{"every managed resource listed", plan([]string{state("aws_iam_access_key.a", "managed", "aws_iam_access_key", "a", "")}, change("aws_iam_access_key.a", "aws_iam_access_key", "a")),
			"", []string{"aws_iam_access_key.a", "module.m.aws_iam_access_key.k"}},
		{"managed resource of a child module not listed", []byte(strings.Replace(string(plan(nil)), `,"resource_changes":[`+change("module.m.aws_iam_access_key.k", "aws_iam_access_key", "k"), `,"resource_changes":[`, 1)),
			`plan input lists "module.m.aws_iam_access_key.k" in planned_values but not in resource_changes`, nil},
		{"data source only in planned_values", plan([]string{state("data.aws_iam_policy_document.d", "data", "aws_iam_policy_document", "d", "")}),
			"", []string{"data.aws_iam_policy_document.d", "module.m.aws_iam_access_key.k"}},
		{"data source whose mode says managed", plan([]string{state("data.aws_iam_policy_document.d", "managed", "aws_iam_policy_document", "d", "")}),
			"", []string{"data.aws_iam_policy_document.d", "module.m.aws_iam_access_key.k"}},
		{"managed resource whose mode says data, not listed", plan([]string{state("aws_iam_user.u", "data", "aws_iam_user", "u", "")}),
			`plan input lists "aws_iam_user.u" in planned_values`, nil},
		{"module named data", plan([]string{state("module.data.aws_iam_user.u", "managed", "aws_iam_user", "u", "")}, change("module.data.aws_iam_user.u", "aws_iam_user", "u")),
			"", []string{"module.data.aws_iam_user.u", "module.m.aws_iam_access_key.k"}},
		{"module named data, not listed", plan([]string{state("module.data.aws_iam_user.u", "managed", "aws_iam_user", "u", "")}),
			`plan input lists "module.data.aws_iam_user.u" in planned_values`, nil},
		{"deposed object not listed", plan([]string{state("aws_iam_access_key.old", "managed", "aws_iam_access_key", "old", `,"deposed_key":"00000001"`)}),
			"", []string{"module.m.aws_iam_access_key.k"}},
		{"bad address not listed", plan([]string{state("aws_iam_access_key", "managed", "aws_iam_access_key", "", "")}),
			"aws_iam_access_key", nil},
	}
	for _, c := range cases {
		fast, err := Parse(c.data, Options{})
		ref, rerr := parseReflective(c.data, Options{})
		if c.wantErr != "" {
			if err == nil || rerr == nil || err.Error() != rerr.Error() || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("%s: fast %v, reflective %v, want both %q", c.name, err, rerr, c.wantErr)
			}
			continue
		}
		if err != nil || rerr != nil {
			t.Errorf("%s: fast %v, reflective %v", c.name, err, rerr)
			continue
		}
		var addrs []string
		for _, r := range fast.Resources {
			addrs = append(addrs, r.Address)
		}
		if !reflect.DeepEqual(addrs, c.wantRes) {
			t.Errorf("%s: resources %v, want %v", c.name, addrs, c.wantRes)
		}
		if !reflect.DeepEqual(fast.Resources, ref.Resources) {
			t.Errorf("%s: resources differ: %s", c.name, diff("Resources", reflect.ValueOf(fast.Resources), reflect.ValueOf(ref.Resources)))
		}
	}
}

// FuzzFastIndexMatchesReflective: what Parse loads through the fast
// decoder (pruning prior_state and planned_values as it reads) is what the
// reflective path loads, and one refuses only what the other does, except
// that the fast decoder alone refuses duplicate keys and data after the
// document.
func FuzzFastIndexMatchesReflective(f *testing.F) {
	for _, doc := range edgeCases {
		f.Add([]byte(doc))
	}
	for _, data := range fixtureSeeds(f) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// Parse alone reads other encodings and refuses invalid UTF-8
		// (encoding/json replaces it); compare what reaches the decoders.
		trimmed := bytes.TrimLeft(data, " \t\r\n")
		if !utf8.Valid(data) || len(trimmed) == 0 || trimmed[0] != '{' {
			return
		}
		secret := func(typ, attr string) bool { return attr == "secret" }
		fast, err := Parse(data, Options{IsSecret: secret})
		ref, rerr := parseReflective(trimmed, Options{IsSecret: secret})
		switch {
		case err != nil && rerr != nil:
			return
		case err != nil:
			if msg := err.Error(); !strings.Contains(msg, "duplicate object key") && !strings.Contains(msg, "data after the JSON document") && !strings.Contains(msg, "a second JSON document") {
				t.Fatalf("only the fast path refuses: %v", err)
			}
			return
		case rerr != nil:
			t.Fatalf("only the reflective path refuses: %v", rerr)
		}
		if d := indexDiff(fast, ref); d != "" {
			t.Fatal(d)
		}
	})
}
