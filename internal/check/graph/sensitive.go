package graph

import (
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam/awsiam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// sensitiveDoc is an AWS policy document the plan marks sensitive
// (plan.Plan.SensitiveDocument). Marking a policy sensitive must not hide
// what it grants, so the engine judges it; but everything the engine says
// of it that could quote it is dropped (redactSensitive), so no finding
// shows what the plan keeps secret.
type sensitiveDoc struct{ text string }

// String never reveals the document.
func (sensitiveDoc) String() string { return value.Secret{}.String() }

// revealDocument turns a Secret that stands for a sensitive policy document
// into a sensitiveDoc; anything else is returned as is.
func (g *Graph) revealDocument(v any) any {
	s, ok := v.(value.Secret)
	if !ok {
		return v
	}
	if text, ok := g.Plan.SensitiveDocument(s); ok && strings.TrimSpace(text) != "" {
		return sensitiveDoc{text}
	}
	return v
}

// sensitiveSources lists the sources of the policies whose documents are
// marked sensitive, by sourceKey.
func sensitiveSources(sets ...[]awsiam.Policy) map[string]bool {
	var out map[string]bool
	for _, ps := range sets {
		for _, p := range ps {
			if _, ok := p.Document.(sensitiveDoc); ok {
				if out == nil {
					out = map[string]bool{}
				}
				out[sourceKey(p.Source)] = true
			}
		}
	}
	return out
}

func sourceKey(s iam.Source) string { return strings.Join(s.Chain, "\x00") }

// redactSensitive keeps what a verdict concludes and drops what it could
// quote (messages, actions, resources, statement names, scopes, notes) from
// the evidence that rests on a sensitive document: evidence naming one of
// the sources, or naming none (all of a verdict's evidence when sources is
// nil).
func redactSensitive(v iam.Verdict, sources map[string]bool) iam.Verdict {
	ev := make([]iam.Evidence, len(v.Evidence))
	for i, e := range v.Evidence {
		if restsOn(e, sources) {
			e.Message = sensitiveMessage(e)
			e.Actions, e.Scope = nil, ""
			grants := make([]iam.Grant, len(e.Grants))
			for j, gr := range e.Grants {
				grants[j] = iam.Grant{Source: gr.Source, Conditional: gr.Conditional}
			}
			e.Grants = grants
		}
		ev[i] = e
	}
	v.Evidence = ev
	if len(v.Notes) > 0 {
		v.Notes = []string{"a policy document marked sensitive was judged; what it says is not shown"}
	}
	return v
}

func restsOn(e iam.Evidence, sources map[string]bool) bool {
	if sources == nil || len(e.Grants) == 0 {
		return true
	}
	for _, gr := range e.Grants {
		if sources[sourceKey(gr.Source)] {
			return true
		}
	}
	return false
}

// sensitiveMessage says what evidence found without quoting the document:
// its kind, and the engine's pattern id.
func sensitiveMessage(e iam.Evidence) string {
	what := map[iam.Kind]string{
		iam.KindAdmin:                 "administrator-equivalent access",
		iam.KindWildcard:              "a wildcard grant",
		iam.KindEscalation:            "a way to escalate to administrator",
		iam.KindPermissionsManagement: "permissions management",
		iam.KindOpenTrust:             "trust open too widely",
	}[e.Kind]
	if what == "" {
		what = string(e.Kind)
	}
	return what + " in a policy document marked sensitive (" + e.ID + "; what it says is not shown)"
}
