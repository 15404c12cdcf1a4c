package rules

import (
	"strconv"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/graph"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

func init() {
	register(&Rule{
		ID: "NHI-001", Slug: "unowned-credential", Category: "unowned", Severity: report.High,
		OWASP: []string{"NHI1:2025"}, NIST: []string{"GV.RR-02", "PR.AA-01"},
		Title: "Credential or machine identity with no accountable owner",
		Why: "An identity nobody owns is an identity nobody rotates, reviews or revokes. When it leaks or " +
			"misbehaves there is no one to call, and offboarding a team leaves it running.",
		Fix: "Declare the owner as code: reference an nhi_identity from the resource (tags = nhi_identity.x.tags, " +
			"or lifecycle.replace_triggered_by = [nhi_identity.x.rotation_trigger]), list its address in nhi_identity.credentials, " +
			"or tag it owner = \"team-...\".",
		Bad: `resource "aws_iam_user" "ci" {
  name = "ci-deployer"
}`,
		Good: `resource "nhi_identity" "ci" {
  name          = "ci-deployer"
  kind          = "service_account"
  owner         = nhi_owner.platform.id
  purpose       = "deploys the web app from CI"
  rotation_days = 90
}

resource "aws_iam_user" "ci" {
  name = "ci-deployer"
  tags = nhi_identity.ci.tags
}`,
		Check: checkUnowned,
	})
}

// ownerUnverified: an owner that may be there but cannot be seen.
var ownerUnverified = severityCase("NHI-001", report.Medium,
	"the owner cannot be verified: the owner tags are only known after apply or marked sensitive, or the resource belongs to one this plan does not manage")

func checkUnowned(c *Context) {
	for _, n := range managed(c.G) {
		if n.Class != kb.Identity && n.Class != kb.Credential && n.Class != kb.Secret {
			continue
		}
		// Before the plan a forgotten resource is still managed and judged
		// like any other, so leaving management is what this plan introduces.
		if n.R.Action == plan.Forget && n.Class != kb.Secret && c.G.Opts.World != graph.Before {
			c.Report(Finding{Node: n, Facet: "unmanaged",
				Message: n.Address() + " leaves Terraform management (removed with destroy = false) but keeps existing: " +
					"no code owns it any more" + ownerHint(n),
				Remediation: "Delete it (destroy = true) if it is no longer needed, or hand it to the configuration that will own it and import it there.",
			})
			continue
		}
		// A replace under destroy = false keeps the object it replaces,
		// now outside Terraform: another credential, owned by no code.
		if n.R.KeepsReplaced && n.Class != kb.Secret && c.G.Opts.World != graph.Before {
			c.Report(Finding{Node: n, Facet: "unmanaged",
				Message: n.Address() + " is replaced, but the object it replaces is not destroyed (destroy = false in its configuration): " +
					"that " + strings.ReplaceAll(n.Kind(), "_", " ") + " leaves Terraform management and keeps existing, and no code owns it any more",
				Remediation: "Let Terraform destroy the replaced object (destroy = true), or revoke it outside Terraform once nothing uses it.",
			})
		}
		o := n.Owner
		if o.Owned() || n.Disabled || n.Foreign || isCopy(c.G, n) {
			continue
		}
		if !o.Assessable {
			continue
		}
		related := parentAddrs(n)
		switch {
		case o.Unknown && o.Sensitive:
			c.Report(Finding{Node: n, Case: ownerUnverified, Related: related,
				Message:     n.Subject() + " may have no owner: its owner tags are marked sensitive, so ownership could not be verified",
				Remediation: "Keep owner tags out of sensitive values (only the owner key needs to be visible), or reference an nhi_identity from the resource.",
			})
		case o.Unknown && o.UnknownParent != "":
			c.Report(Finding{Node: n, Case: ownerUnverified, Related: related,
				Message: n.Subject() + " may have no owner: the owner of " + o.UnknownParent + ", whose owner it takes, is only known after apply, so ownership could not be verified",
			})
		case o.Unknown && o.UnknownAttr != "":
			c.Report(Finding{Node: n, Case: ownerUnverified, Related: related,
				Message: n.Subject() + " may have no owner: its " + code(o.UnknownAttr) + ", which may name the owner, is only known after apply, so ownership could not be verified",
			})
		case o.Unknown:
			c.Report(Finding{Node: n, Case: ownerUnverified, Related: related,
				Message: n.Subject() + " may have no owner: its owner tags are only known after apply, so ownership could not be verified",
			})
		case len(o.Outside) > 0:
			c.Report(Finding{Node: n, Case: ownerUnverified, Related: related,
				Message:     n.Address() + " belongs to " + code(o.Outside[0]) + ", which this plan does not manage, so its owner cannot be seen; nothing here names one",
				Remediation: "Reference an nhi_identity from the resource (any attribute, keepers or replace_triggered_by) or list its address in nhi_identity.credentials.",
			})
		default:
			c.Report(Finding{Node: n, Related: related, Message: unownedMessage(c, n)})
		}
	}
}

func unownedMessage(c *Context, n *graph.Node) string {
	var b strings.Builder
	b.WriteString(n.Subject())
	if o := n.Owner; o.Placeholder != "" && len(o.Via) > 0 {
		b.WriteString(" has no accountable owner: " + o.Via[0] + " declares its owner as " + strconv.Quote(clipValue(o.Placeholder)) + ", a placeholder")
		return b.String()
	}
	b.WriteString(" has no accountable owner: no nhi_identity references it or lists it in credentials")
	spec := n.Entry.Owner
	keys := strings.Join(c.G.Opts.OwnerKeys, ", ")
	its := "its "
	if n.HostedIdentity() {
		its = n.Address() + "'s " // the tags are the resource's, not the identity's
	}
	placeholder := n.Owner.Placeholder
	switch {
	case len(spec.Tags) > 0 && placeholder != "":
		b.WriteString(", and " + its + strings.Join(spec.Tags, "/") + " name no owner: " + strconv.Quote(clipValue(placeholder)) + " is a placeholder")
		placeholder = ""
	case len(spec.Tags) > 0:
		b.WriteString(", and " + its + strings.Join(spec.Tags, "/") + " hold no owner key (" + keys + ")")
	case len(spec.Principals) > 0:
		b.WriteString(", its " + strings.Join(spec.Principals, "/") + " list is empty")
		if len(spec.TagLists) > 0 {
			b.WriteString(" and its " + strings.Join(spec.TagLists, "/") + " name no owner")
		}
	case len(spec.Text) > 0:
		b.WriteString(", and its " + strings.Join(spec.Text, "/") + " names no owner (it cannot carry tags; write \"owner=team-...\" there)")
	default:
		b.WriteString(" (it cannot carry tags)")
	}
	if placeholder != "" {
		b.WriteString("; the owner it names, " + strconv.Quote(clipValue(placeholder)) + ", is a placeholder")
	}
	if len(n.Parents) > 0 {
		b.WriteString("; its parent " + n.Parents[0].Address() + " has no owner either")
	}
	return b.String()
}

func ownerHint(n *graph.Node) string {
	if n.Owner.Owned() {
		return " (it was owned by " + n.Owner.Owner + ")"
	}
	return ""
}

func parentAddrs(n *graph.Node) []string { return graph.Addresses(n.Parents) }
