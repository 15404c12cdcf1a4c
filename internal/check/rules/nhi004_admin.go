package rules

import (
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/graph"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

func init() {
	register(&Rule{
		ID: "NHI-004", Slug: "admin-equivalent-grant", Category: "over_privileged", Severity: report.Critical,
		OWASP: []string{"NHI5:2025"}, NIST: []string{"PR.AA-05"},
		Title: "Admin-equivalent grant to a machine identity, effective through groups, attachments and bindings",
		Why: "A machine identity with administrator rights turns any leak of its credential, any bug in its " +
			"workload and any compromised dependency into a full account, project or cluster takeover.",
		Fix: "Grant only the actions and resources the workload uses (start from access logs or IAM Access " +
			"Analyzer / Recommender), and keep administration with people behind SSO and approval.",
		Bad: `resource "aws_iam_user_policy_attachment" "ci" {
  user       = aws_iam_user.ci.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}`,
		Good: `resource "aws_iam_role_policy" "deploy" {
  role   = aws_iam_role.deploy.id
  policy = data.aws_iam_policy_document.upload_releases.json
}`,
		Check: func(c *Context) {
			privilegeFindings(c, []iam.Kind{iam.KindAdmin}, "holds administrator-equivalent privilege")
			unjudgedPrivilege(c)
			requestFindings(c, []iam.Kind{iam.KindAdmin}, requestedAdmin, "administrator-equivalent privilege")
			stackFindings(c, []iam.Kind{iam.KindAdmin}, "holds administrator-equivalent privilege")
		},
	})
}

var requestedAdmin = severityCase("NHI-004", report.Medium, requestedWhen)

// privilegeUnjudged: nothing of what a grant gives is known at plan time.
var privilegeUnjudged = severityCase("NHI-004", report.Medium,
	"nothing of what the identity or grant gives can be judged at plan time (its policy, role or scope is known only after apply, or names a role the plan does not define): it may be administrator-equivalent")

// unjudgedPrivilege reports the identities and grants of which nothing
// could be judged: every input of their privilege known only after apply
// (a policy document or ARN, a role), or a role the plan does not define.
// A gate must not read that as no privilege. Part known and part unknown
// is judged on the known part, whose findings say what was unknown.
func unjudgedPrivilege(c *Context) {
	for _, n := range managed(c.G) {
		p := n.Privilege
		if p == nil || p.Class != iam.ClassUnknown || n.Entry.DataSource || n.R.Action.Removes() {
			continue
		}
		if n.Class != kb.Identity && n.Class != kb.Grant || n.Class == kb.Grant && peopleOnly(c.G, n) {
			continue
		}
		why := unjudgedReason(c.G, p)
		if why == "" {
			continue // nothing says why: no input to name
		}
		if c.G.Opts.Sources == nil && len(p.Unknowns) > 0 {
			// Only what is known after apply: the sources cannot name a
			// role the engine does not know.
			why += " (the .tf sources, which were not read, may tell: pass --source-dir)"
		}
		c.Report(Finding{Node: n, Case: privilegeUnjudged, Related: principalsOf(c.G, n),
			Message: n.Subject() + " may hold administrator-equivalent privilege: what it " + grantVerbPlain(n) + " could not be judged" + why,
			Remediation: "Give the policy, role or scope as values known at plan time (a policy document built in the configuration, " +
				"a role's name or id rather than a lookup made at apply), or check what it grants once applied, and keep an exception until then.",
		})
	}
}

// unjudgedReason says why nothing of a privilege could be judged: the
// inputs known only after apply, by reference, or the engine's note.
func unjudgedReason(g *graph.Graph, p *graph.Privilege) string {
	named := namedUnknowns(p)
	for i, u := range named {
		if g.Plan.Resource(u) != nil {
			named[i] = "what " + u + " grants" // an engine names an unknown document by its resource
		}
	}
	switch {
	case len(named) == 1:
		return ": " + named[0] + " is known only after apply"
	case len(named) > 1:
		return ": " + strings.Join(named, ", ") + " are known only after apply"
	case len(p.Notes) > 0:
		return ": " + p.Notes[0]
	case len(p.Unknowns) > 0:
		return ": its inputs are known only after apply"
	}
	return ""
}

// grantVerbPlain is what a node does with privilege: an identity holds
// it, a grant gives it.
func grantVerbPlain(n *graph.Node) string {
	if n.Class == kb.Identity {
		return "holds"
	}
	return "gives"
}
