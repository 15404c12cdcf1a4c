package graph

import (
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
)

// Provisioned is a credential a resource's provisioner makes with a CLI
// call (aws iam create-access-key) when the resource is created. The plan
// does not show it: no owner, lifetime or rotation declares it, and no
// rule could judge it as it judges an aws_iam_access_key.
type Provisioned struct {
	R       *plan.Resource
	Command kb.CredentialCommand
	// Call is the matched words of the command line.
	Call string
}

// resolveProvisioned finds, in the world after apply, the resources this
// plan creates or replaces whose provisioners make a credential: a
// creation-time provisioner runs then, and only then, so each is new.
func (g *Graph) resolveProvisioned() {
	if g.Opts.World != After {
		return
	}
	for _, r := range g.Plan.Resources {
		if r.Mode != "managed" || r.Action != plan.Create && r.Action != plan.Replace {
			continue
		}
		for _, text := range g.provisionerCommands(r) {
			if c, call, ok := kb.MatchCredentialCommand(text); ok {
				g.Provisioned = append(g.Provisioned, &Provisioned{R: r, Command: c, Call: strings.Join(strings.Fields(call), " ")})
				break
			}
		}
	}
}

// provisionerCommands lists the command text of a resource's provisioners:
// from the .tf sources when they hold the resource (interpolated commands
// too, whose words the plan does not keep, and without destroy-time
// provisioners, which the plan does not tell apart), else the constant
// commands of the plan's configuration.
func (g *Graph) provisionerCommands(r *plan.Resource) []string {
	if g.Opts.Sources != nil {
		if texts, found := g.Opts.Sources.ProvisionerCommands(r.Addr.ModulePath(), r.Addr.ConfigAddress()); found {
			return texts
		}
	}
	if r.Config == nil {
		return nil
	}
	var out []string
	for _, p := range r.Config.Provisioners {
		if p == nil {
			continue
		}
		for _, name := range kb.ProvisionerCommandArgs {
			if e := p.Expressions[name]; e != nil && e.ExpressionData != nil {
				texts, _ := plan.Strings(e.ConstantValue)
				out = append(out, texts...)
			}
		}
	}
	return out
}
