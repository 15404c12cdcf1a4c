package rules

import (
	"sort"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/graph"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

func init() {
	register(&Rule{
		ID: "NHI-010", Slug: "identity-misuse", Category: "misuse", Severity: report.High,
		OWASP: []string{"NHI9:2025", "NHI10:2025"}, NIST: []string{"PR.AA-02", "PR.AA-05"},
		Title: "Human use of a machine identity, or one credential reused across environments",
		Why: "A machine identity that a person can also log in with has no clear accountability, and a " +
			"credential shared by production and staging lets a staging compromise reach production.",
		Fix: "Give people their own identities (SSO) and machines their own; issue one credential per environment.",
		Bad: `resource "aws_iam_user_login_profile" "ci" {
  user = aws_iam_user.ci.name
}`,
		Good: `# People sign in through SSO (no login profile); each environment has its own role.
resource "aws_iam_role" "ci_production" {
  name               = "ci-production"
  assume_role_policy = data.aws_iam_policy_document.github_environment_production.json
}`,
		Check: checkMisuse,
	})
}

func checkMisuse(c *Context) {
	for _, n := range managed(c.G) {
		if !n.Entry.Human {
			continue
		}
		for _, p := range n.Parents {
			machine := p.Owner.Source == "nhi_identity" || p.Owner.Source == "nhi_identity.credentials"
			var keys []string
			for _, ch := range p.Children {
				if ch.Class == kb.Credential && !ch.Entry.Human {
					keys = append(keys, ch.Address())
					machine = true
				}
			}
			if !machine {
				continue
			}
			c.Report(Finding{Node: n, Related: append([]string{p.Address()}, keys...),
				Message:     n.Address() + " gives a person a way to sign in as " + p.Address() + ", a machine identity" + withKeys(keys),
				Remediation: "Remove the login profile; people use their own SSO identities.",
			})
		}
	}
	// One credential's secret delivered to several environments.
	byCred := map[*graph.Node]map[string][]string{}
	for _, f := range c.G.Flows {
		if f.SinkResource == nil || (f.Kind != graph.ToCISecret && f.Kind != graph.ToSecretStore) {
			continue
		}
		env := environmentOf(f.SinkResource)
		if env == "" {
			continue
		}
		if byCred[f.Source] == nil {
			byCred[f.Source] = map[string][]string{}
		}
		byCred[f.Source][env] = append(byCred[f.Source][env], f.Sink)
	}
	for n, envs := range byCred {
		if len(envs) < 2 || n.R.Mode != "managed" {
			continue
		}
		names := make([]string, 0, len(envs))
		var sinks []string
		for e, s := range envs {
			names = append(names, e)
			sinks = append(sinks, s...)
		}
		sort.Strings(names)
		c.Report(Finding{Node: n, Related: sinks,
			Message: n.Address() + " is one credential delivered to several environments (" + strings.Join(names, ", ") + ")",
		})
	}
}

func withKeys(keys []string) string {
	if len(keys) == 0 {
		return ""
	}
	return " that also has " + strings.Join(keys, ", ")
}

// environmentOf reads the environment a CI secret or variable is scoped to.
func environmentOf(r *plan.Resource) string {
	v := r.Values()
	for _, attr := range []string{"environment", "environment_scope"} {
		if s, ok := v[attr].(string); ok && s != "" && s != "*" {
			return s
		}
	}
	return ""
}
