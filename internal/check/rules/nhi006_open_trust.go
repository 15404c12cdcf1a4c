package rules

import (
	"slices"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/graph"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

func init() {
	register(&Rule{
		ID: "NHI-006", Slug: "open-trust", Category: "over_privileged", Severity: report.Critical,
		OWASP: []string{"NHI6:2025"}, NIST: []string{"PR.AA-01", "PR.AA-05"},
		Title: `Trust open to anyone: Principal "*", OIDC federation with no subject condition`,
		Why: "Federation removes the static secret, but a trust policy that does not pin who may assume the " +
			"identity hands it to every AWS account, every GitHub repository or every member of a domain.",
		Fix: "Pin the subject: aws:PrincipalOrgID or sts:ExternalId for cross-account trust; for OIDC a " +
			"StringEquals on the sub claim naming one repository and branch or environment (one workspace, one service account).",
		Bad: `condition {
  test     = "StringLike"
  variable = "token.actions.githubusercontent.com:sub"
  values   = ["repo:*"]
}`,
		Good: `condition {
  test     = "StringEquals"
  variable = "token.actions.githubusercontent.com:sub"
  values   = ["repo:example-org/payments-service:environment:production"]
}`,
		Check: checkOpenTrust,
	})
}

func checkOpenTrust(c *Context) {
	open := func(v *iam.Verdict) []iam.Evidence {
		if v == nil {
			return nil
		}
		var out []iam.Evidence
		for _, e := range v.Evidence {
			if e.Kind == iam.KindOpenTrust {
				out = append(out, e)
			}
		}
		return out
	}
	reported := map[*graph.Node]bool{}
	report := func(n *graph.Node, related []string, msg string, ev []iam.Evidence) {
		if n.R.Mode != "managed" || reported[n] {
			return
		}
		reported[n] = true
		var grounds []string
		for _, e := range ev {
			if !slices.Contains(grounds, e.ID) {
				grounds = append(grounds, e.ID)
			}
		}
		f := Finding{Node: n, Related: related, Message: msg, Remediation: openTrustFix(ev), Grounds: grounds}
		switch {
		case !slices.ContainsFunc(ev, func(e iam.Evidence) bool { return e.ID != "k8s:default-service-account" }):
			f.Case = trustDefaultServiceAccount
			f.Remediation = "Give the workload a service account of its own (serviceAccountName in its pod spec) and federate that one, not the namespace's default."
		case !slices.ContainsFunc(ev, func(e iam.Evidence) bool { return !strings.Contains(e.ID, "-bounded-") }):
			f.Case = trustBounded
		}
		c.Report(f)
	}
	for _, n := range c.G.Nodes {
		ev := open(c.G.TrustOf(n))
		if len(ev) == 0 {
			continue
		}
		msg := evidenceMessage(ev)
		var grants []string
		for _, gr := range c.G.GrantsTo(n) {
			grants = append(grants, gr.Node.Address())
		}
		// A federated credential opens the application or managed
		// identity it belongs to: name it, and what it is granted.
		related := grants
		if n.Class == kb.Trust {
			for _, p := range n.Parents {
				related = append(related, p.Address())
				for _, gr := range c.G.GrantsTo(p) {
					related = append(related, gr.Node.Address())
				}
			}
		}
		report(n, related, n.Address()+" can be assumed too widely: "+msg, ev)
		for _, gr := range c.G.GrantsTo(n) {
			report(gr.Node, []string{n.Address()}, gr.Node.Address()+" gives permissions to "+n.Address()+", which can be assumed too widely ("+msg+")", ev)
		}
	}
	for _, s := range c.G.Stacks {
		if ev := open(s.Trust); len(ev) > 0 {
			report(s.Stack, nil, s.Stack.Address()+" declares "+s.Type+" "+s.LogicalID+" in its CloudFormation template, which can be assumed too widely: "+evidenceMessage(ev), ev)
		}
	}
	// Grants that let broad members act as an identity (a whole domain may
	// impersonate a service account). An identity opened by several grants
	// is reported once, naming them all.
	type opening struct {
		grants []string
		ev     []iam.Evidence
	}
	openedBy := map[*graph.Node]*opening{}
	var opened []*graph.Node
	for _, gr := range c.G.Grants {
		var ev []iam.Evidence
		if p := gr.Node.Privilege; p != nil {
			ev = open(&p.Verdict)
			if len(ev) == 0 && len(gr.On) > 0 && p.Has(iam.KindBroadMember) && p.Has(iam.KindEscalation) {
				ev = evidenceOf(p, []iam.Kind{iam.KindBroadMember, iam.KindEscalation})
			}
		}
		if len(ev) == 0 {
			continue
		}
		msg := evidenceMessage(ev)
		if len(gr.On) == 0 {
			// A binding to system:authenticated opens the role itself, not
			// one identity.
			report(gr.Node, nil, gr.Node.Address()+" grants its permissions to too wide a set of principals: "+msg, ev)
			continue
		}
		report(gr.Node, graph.Addresses(gr.On), gr.Node.Address()+" lets too wide a set of principals act as "+joinOr(graph.Addresses(gr.On), "an identity")+": "+msg, ev)
		for _, on := range gr.On {
			o := openedBy[on]
			if o == nil {
				o = &opening{}
				openedBy[on] = o
				opened = append(opened, on)
			}
			o.grants = append(o.grants, gr.Node.Address())
			o.ev = append(o.ev, ev...)
		}
	}
	for _, on := range opened {
		o := openedBy[on]
		report(on, o.grants, on.Address()+" can be impersonated too widely through "+strings.Join(o.grants, ", ")+": "+evidenceMessage(o.ev), o.ev)
	}
	for _, u := range c.G.UnverifiedTrust {
		n := u.Grant.Node
		if n.R.Mode != "managed" || reported[n] {
			continue
		}
		reported[n] = true
		on := graph.Addresses(u.Grant.On)
		c.Report(Finding{Node: n, Case: trustUnverified, Related: on,
			Message: n.Address() + " lets a member known only after apply, built from " + u.Ref + ", act as " + joinOr(on, "an identity") +
				": whether it names one repository (principalSet .../attribute.repository/org/repo) or the whole pool (.../*) could not be verified",
			Remediation: "Check that the member names one repository, project or workspace of the pool (attribute.repository/org/repo), never the whole pool (/*)."})
	}
}

// trustBounded: the trust is open to every workload of one party. Evidence
// IDs with "-bounded-" say so (gcpiam's AWS, X.509, SAML, Entra and
// Bitbucket providers; awsiam's per-workspace issuers and organization
// wildcards; vaultiam's organization claims, one-party issuers and
// whole-account principal ARNs).
var trustBounded = severityCase("NHI-006", report.High,
	"the trust admits every workload of one party, not anyone: every IAM principal of one AWS account, every certificate of one trust anchor, every identity of one Entra tenant, every repository or pipeline of one CI organization or workspace")

// trustDefaultServiceAccount: the trust admits a namespace's default
// Kubernetes service account.
var trustDefaultServiceAccount = severityCase("NHI-006", report.Medium,
	"the trust admits a namespace's default Kubernetes service account (system:serviceaccount:<namespace>:default), which every pod of the namespace that names no service account runs as")

// trustUnverified: who may act as an identity is known only after apply.
var trustUnverified = severityCase("NHI-006", report.Medium,
	"the member that may act as the identity is known only after apply (a principalSet of a workload identity pool the plan makes), so whether it names one repository or the whole pool could not be verified")

// openTrustFix fits the fix to trust outside AWS and OIDC federation, or
// is "" for the rule's own.
func openTrustFix(ev []iam.Evidence) string {
	for _, e := range ev {
		switch {
		case strings.HasPrefix(e.ID, "k8s:"):
			return "Bind the role to the service accounts that need it (kind ServiceAccount, name and namespace), never to system:authenticated, system:unauthenticated, system:anonymous or a system:serviceaccounts group."
		case strings.HasPrefix(e.ID, "gcp:wif-"):
			return "Set attribute_condition to pin one repository (assertion.repository for GitHub, assertion.repositoryUuid for Bitbucket, " +
				"project_path for GitLab, terraform_workspace_id for Terraform Cloud), and grant the pool's principalSet only on the service account that repository needs."
		case strings.HasPrefix(e.ID, "azure:fic-"):
			return "Set the federated identity credential's subject to one repository and branch or environment (repo:org/name:environment:production), " +
				"or one service account (system:serviceaccount:namespace:name), with no wildcard."
		case strings.HasPrefix(e.ID, "vault:"):
			return "Pin who may log in: bound_claims (or bound_subject) naming one repository, project or workspace for a JWT role; " +
				"named service accounts and namespaces, not \"*\" or a selector of every namespace, for a Kubernetes role; the roles that log in, " +
				"not a whole account (role/*), for an AWS role; " +
				"named service accounts, not \"*\", for a GCP role; bind_secret_id left on for an AppRole, its secret ids delivered by response wrapping."
		}
	}
	return ""
}

func joinOr(ss []string, empty string) string {
	if len(ss) == 0 {
		return empty
	}
	if len(ss) == 1 {
		return ss[0]
	}
	out := ss[0]
	for _, s := range ss[1:] {
		out += ", " + s
	}
	return out
}
