package rules

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

func init() {
	register(&Rule{
		ID: "NHI-009", Slug: "identity-drift", Category: "drift", Severity: report.Medium,
		OWASP: []string{"NHI1:2025"}, NIST: []string{"DE.CM-09", "ID.AM-08"},
		Title: "Machine identity or grant changed outside Terraform",
		Why: "A key created or a policy widened by hand is the gap between what governance records say and " +
			"what the estate does. Terraform reports it as drift; nobody reviewed it.",
		Fix: "Find who changed it and why; bring the change into code (and review it) or let this plan revert it.",
		Bad: `# aws iam attach-user-policy --user-name ci --policy-arn arn:aws:iam::aws:policy/AdministratorAccess`,
		Good: `# Every grant to a machine identity is declared here and reviewed in a pull request.
resource "aws_iam_user_policy_attachment" "ci" {
  user       = aws_iam_user.ci.name
  policy_arn = aws_iam_policy.deploy_artifacts.arn
}`,
		Check: checkDrift,
	})
}

func checkDrift(c *Context) {
	for _, d := range c.G.Plan.Drift {
		e := kb.Lookup(d.Type)
		if e == nil {
			continue
		}
		switch e.Class {
		case kb.Identity, kb.Credential, kb.Grant, kb.Policy, kb.Group, kb.Trust:
		default:
			continue
		}
		what := "changed"
		switch {
		case d.After == nil:
			what = "deleted"
		case d.Before == nil:
			what = "created"
		default:
			attrs := driftedAttributes(d.Before, d.After, e.Volatile)
			attrs = slices.DeleteFunc(attrs, func(a string) bool { return siblingsExplain(c.G.Plan, e, d, a) })
			if len(attrs) == 0 {
				// Only volatile attributes moved, or a document was
				// re-serialized with the same meaning.
				continue
			}
			what = "changed (" + strings.Join(attrs, ", ") + ")"
		}
		action := "no-op"
		if r := c.G.Plan.Resource(d.Address); r != nil {
			action = r.ActionLabel()
		}
		c.Report(Finding{Address: d.Address, ResourceType: d.Type, Action: action,
			Message: d.Address + " (" + e.Class.String() + ") was " + what + " outside Terraform since the last apply",
		})
	}
}

// siblingsExplain reports whether the drift of a maintained attribute is
// all additions that resources of the plan already in state account for
// (the attachments Terraform made after creating the role). A removal,
// or an element no sibling accounts for, is a change outside Terraform.
func siblingsExplain(p *plan.Plan, e *kb.Entry, d *plan.Drift, attr string) bool {
	specs := e.MaintainedFor(attr)
	if len(specs) == 0 {
		return false
	}
	before := listElements(d.Before[attr], specs[0].Key)
	after := listElements(d.After[attr], specs[0].Key)
	for _, b := range before {
		if !slices.Contains(after, b) {
			return false
		}
	}
	var names []string // the drifted resource's names, as siblings name it
	for _, vals := range []map[string]any{d.Before, d.After} {
		for _, by := range specs[0].Owner.By {
			if s, ok := vals[by].(string); ok && s != "" && !slices.Contains(names, s) {
				names = append(names, s)
			}
		}
	}
	var made []string
	for _, m := range specs {
		for _, r := range p.OfType(m.Type) {
			if r.Before == nil {
				continue // not in state: it made nothing yet
			}
			if el, ok := r.Before[m.Element].(string); ok && namesOwner(plan.Get(r.Before, kb.SplitPath(m.Owner.Path)...), names) {
				made = append(made, el)
			}
		}
	}
	for _, a := range after {
		if !slices.Contains(before, a) && !slices.Contains(made, a) {
			return false
		}
	}
	return true
}

// listElements reads a list of strings, or of objects by their key field.
func listElements(v any, key string) []string {
	list, _ := v.([]any)
	var out []string
	for _, x := range list {
		if key != "" {
			m, _ := x.(map[string]any)
			x = m[key]
		}
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// namesOwner reports whether a sibling's owner attribute (a name, an ARN
// ending in /name, or a list of them) names one of names.
func namesOwner(v any, names []string) bool {
	return value.Contains(v, func(x any) bool {
		s, ok := x.(string)
		return ok && slices.ContainsFunc(names, func(n string) bool { return s == n || strings.HasSuffix(s, "/"+n) })
	})
}

// driftedAttributes lists the top-level attributes whose value differs
// between before and after, ignoring volatile paths, null against empty,
// and JSON documents that only differ in layout (key order, whitespace,
// "x" against ["x"], the order of a list of names), which providers and
// cloud APIs produce when they re-serialize a policy. Only attribute names
// are returned, never values.
func driftedAttributes(before, after map[string]any, volatile []string) []string {
	var paths []string
	diffValues(before, after, "", &paths)
	seen := map[string]bool{}
	var out []string
	for _, p := range paths {
		if isVolatile(p, volatile) {
			continue
		}
		top, _, _ := strings.Cut(p, ".")
		if !seen[top] {
			seen[top] = true
			out = append(out, top)
		}
	}
	sort.Strings(out)
	return out
}

func isVolatile(path string, volatile []string) bool {
	for _, v := range volatile {
		if path == v || strings.HasPrefix(path, v+".") {
			return true
		}
	}
	return false
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func diffValues(a, b any, path string, out *[]string) {
	if emptyValue(a) && emptyValue(b) {
		return
	}
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			*out = append(*out, path)
			return
		}
		for k, v := range x {
			diffValues(v, y[k], join(path, k), out)
		}
		for k, v := range y {
			if _, ok := x[k]; !ok {
				diffValues(nil, v, join(path, k), out)
			}
		}
		return
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			*out = append(*out, path)
			return
		}
		for i := range x {
			diffValues(x[i], y[i], path, out)
		}
		return
	case string:
		if y, ok := b.(string); ok && (x == y || sameDocument(x, y)) {
			return
		}
	}
	if !reflect.DeepEqual(a, b) {
		*out = append(*out, path)
	}
}

func emptyValue(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case map[string]any:
		return len(x) == 0
	case []any:
		return len(x) == 0
	}
	return false
}

// sameDocument reports whether two strings are JSON documents with the
// same meaning up to layout.
func sameDocument(a, b string) bool {
	ta, tb := strings.TrimSpace(a), strings.TrimSpace(b)
	if ta == "" || tb == "" || (ta[0] != '{' && ta[0] != '[') || (tb[0] != '{' && tb[0] != '[') {
		return false
	}
	var x, y any
	if json.Unmarshal([]byte(ta), &x) != nil || json.Unmarshal([]byte(tb), &y) != nil {
		return false
	}
	return reflect.DeepEqual(canonical(x), canonical(y))
}

// canonical folds the layout differences of policy documents: a list of
// one element equals the element, and lists of scalars are sets.
func canonical(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = canonical(e)
		}
		return out
	case []any:
		if len(x) == 1 {
			return canonical(x[0])
		}
		out := make([]any, len(x))
		scalars := true
		for i, e := range x {
			out[i] = canonical(e)
			switch out[i].(type) {
			case map[string]any, []any:
				scalars = false
			}
		}
		if scalars {
			sort.Slice(out, func(i, j int) bool { return fmt.Sprint(out[i]) < fmt.Sprint(out[j]) })
		}
		return out
	}
	return v
}
