package checker_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
)

// TestMarkingPrivilegeSensitiveHidesNothing: every fixture plan, with
// every attribute that decides what a resource grants marked sensitive
// (policies, trust policies, policy ARNs, roles, members, scopes,
// principals), as sensitive(...) or a sensitive input would mark them,
// gets the findings it gets unmarked: marking hides nothing from the
// gate. What the marked values say is judged, never quoted: none of them
// (documents, ARNs, role and user names) reaches the report.
func TestMarkingPrivilegeSensitiveHidesNothing(t *testing.T) {
	t.Parallel()
	dirs, _ := filepath.Glob("../testdata/fixtures/*")
	// The hand-built plans of SaaS privilege (saas_privilege_test.go) too.
	dirs = append(dirs, filepath.Join("testdata", "snowflake-roles"), filepath.Join("testdata", "cloudflare-v4"), filepath.Join("testdata", "cloudflare-v5"))
	marked := 0
	for _, dir := range dirs {
		path := filepath.Join(dir, "plan.json")
		data, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatal(err)
			}
			n, documents := markPrivilegeSensitive(doc)
			if n == 0 {
				return
			}
			marked++
			out, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			hidden := filepath.Join(t.TempDir(), "plan.json")
			if err := os.WriteFile(hidden, out, 0o600); err != nil {
				t.Fatal(err)
			}
			want, got := findingSet(t, path), findingSet(t, hidden)
			if !slices.Equal(want, got) {
				t.Errorf("marked sensitive, the findings differ:\nunmarked: %v\nmarked:   %v", want, got)
			}
			res, err := checker.Check(context.Background(), checker.Input{PlanPath: hidden, Now: fixtureNow})
			if err != nil {
				t.Fatal(err)
			}
			rep, _ := json.Marshal(res.Report)
			// Addresses are public: a for_each key may repeat a value.
			var addresses strings.Builder
			for _, rc := range doc["resource_changes"].([]any) {
				addresses.WriteString(rc.(map[string]any)["address"].(string) + "\n")
			}
			for _, d := range documents {
				if strings.Contains(string(rep), d) && !strings.Contains(addresses.String(), d) {
					t.Errorf("the report quotes a value marked sensitive: %.80s", d)
				}
			}
		})
	}
	if marked < 10 {
		t.Errorf("only %d fixtures hold privilege to mark", marked)
	}
}

// findingSet lists a check's findings as "rule address severity blocking".
func findingSet(t *testing.T, path string) []string {
	t.Helper()
	res, err := checker.Check(context.Background(), checker.Input{PlanPath: path, Now: fixtureNow})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range res.Report.Findings {
		b := "passes"
		if f.Blocking {
			b = "blocks"
		}
		out = append(out, f.Rule+" "+f.Address+" "+f.Severity.String()+" "+b)
	}
	slices.Sort(out)
	return out
}

// markPrivilegeSensitive marks the values that hold the privilege text of
// every resource sensitive (at the attribute's path, as Terraform marks a
// value built with sensitive()), in resource_changes, planned_values and
// prior_state; it returns how many it marked, and the strings among them
// long enough to be told apart in a report (documents, ARNs, names).
func markPrivilegeSensitive(doc map[string]any) (n int, documents []string) {
	// markAt returns the markers of v with the value at path marked.
	var markAt func(v, sensitive any, path []string) any
	markAt = func(v, sensitive any, path []string) any {
		if sensitive == true || v == nil {
			return sensitive
		}
		if len(path) == 0 {
			n++
			documents = append(documents, leaves(v)...)
			return true
		}
		switch x := v.(type) {
		case map[string]any:
			m, _ := sensitive.(map[string]any)
			if m == nil {
				m = map[string]any{}
			}
			if e, ok := x[path[0]]; ok {
				m[path[0]] = markAt(e, m[path[0]], path[1:])
			}
			return m
		case []any:
			l, _ := sensitive.([]any)
			out := make([]any, len(x))
			for i, e := range x {
				var old any = false
				if i < len(l) {
					old = l[i]
				}
				out[i] = markAt(e, old, path)
			}
			return out
		}
		return sensitive
	}
	mark := func(typ string, v, sensitive any) any {
		if sensitive == nil || sensitive == false {
			sensitive = map[string]any{}
		}
		for _, p := range kb.PrivilegeText(typ) {
			path := strings.Split(p, ".")
			if kb.ExposesMarked(typ, path[0]) {
				continue // a sensitive value there is a finding of its own (NHI-007)
			}
			sensitive = markAt(v, sensitive, path)
		}
		return sensitive
	}
	rcs, _ := doc["resource_changes"].([]any)
	for _, x := range rcs {
		rc := x.(map[string]any)
		typ, _ := rc["type"].(string)
		ch := rc["change"].(map[string]any)
		if b, ok := ch["before"].(map[string]any); ok {
			ch["before_sensitive"] = mark(typ, b, ch["before_sensitive"])
		}
		if a, ok := ch["after"].(map[string]any); ok {
			ch["after_sensitive"] = mark(typ, a, ch["after_sensitive"])
		}
	}
	var walk func(m map[string]any)
	walk = func(m map[string]any) {
		rs, _ := m["resources"].([]any)
		for _, x := range rs {
			r := x.(map[string]any)
			typ, _ := r["type"].(string)
			if v, ok := r["values"].(map[string]any); ok {
				r["sensitive_values"] = mark(typ, v, r["sensitive_values"])
			}
		}
		cs, _ := m["child_modules"].([]any)
		for _, c := range cs {
			walk(c.(map[string]any))
		}
	}
	for _, section := range []string{"planned_values", "prior_state"} {
		s, _ := doc[section].(map[string]any)
		if section == "prior_state" && s != nil {
			s, _ = s["values"].(map[string]any)
		}
		if root, ok := s["root_module"].(map[string]any); ok {
			walk(root)
		}
	}
	return n, documents
}

// leaves lists the strings of ten characters or more in v.
func leaves(v any) []string {
	switch x := v.(type) {
	case string:
		if len(x) >= 10 {
			return []string{x}
		}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, leaves(e)...)
		}
		return out
	case map[string]any:
		var out []string
		for _, e := range x {
			out = append(out, leaves(e)...)
		}
		return out
	}
	return nil
}
