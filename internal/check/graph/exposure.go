package graph

import (
	"slices"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam/awsiam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam/gcpiam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// FlowKind says where a secret went.
type FlowKind string

const (
	// ToOutput: a root module output; readable by anyone who can run
	// `terraform output` or read state, whatever its sensitive flag says.
	ToOutput FlowKind = "output"
	// ToCISecret: another system's CI secret or variable.
	ToCISecret FlowKind = "ci_secret"
	// ToSecretStore: a copy of a credential in a secret store.
	ToSecretStore FlowKind = "secret_store"
	// ToPlainText: tags, labels, user data, descriptions: stored and shown in clear.
	ToPlainText FlowKind = "plain_text"
	// ToFile: a file written on the machine that runs Terraform (local_file).
	ToFile FlowKind = "file"
)

// Flow is a secret value leaving the resource that issues it.
type Flow struct {
	Source *Node
	// Attr is the secret attribute read (empty when the whole object is).
	Attr string
	Kind FlowKind
	// Sink is the receiving address: output.NAME or a resource address.
	Sink string
	// SinkType is the receiving resource type, or "output".
	SinkType string
	// SinkAttr is the receiving attribute.
	SinkAttr string
	// SinkResource is nil for outputs.
	SinkResource *plan.Resource
	// Via lists module outputs and variables the value passed through.
	Via []string
}

func (g *Graph) resolveFlows() {
	wholePaths := g.Plan.WholeReferencePaths()
	isSecretRead := func(n *Node, l plan.Link) (string, bool) {
		attr := attrRead(n, l)
		if attr == "" {
			return "", !l.Whole
		}
		if n.Entry.Reveals(attr) {
			return attr, true
		}
		if containsStr(n.Entry.Sealed, attr) {
			return "", false
		}
		return nestedSecretRead(secretPaths(n), l.Attr, wholePaths)
	}
	for _, o := range g.Plan.Outputs {
		if o.Action == plan.Delete {
			continue
		}
		for _, l := range g.Plan.OutputLinks(o) {
			n := g.nodeOf(l.Target)
			if n == nil || !mayHoldSecrets(n) {
				continue
			}
			attr, ok := isSecretRead(n, l)
			if !ok || (l.Whole && !o.Sensitive) {
				// A non-sensitive output cannot carry a sensitive value
				// (Terraform refuses it), so a whole-module reference in
				// one does not read the module's secret outputs.
				continue
			}
			g.Flows = append(g.Flows, &Flow{Source: n, Attr: attr, Kind: ToOutput, Sink: o.Address, SinkType: "output", SinkAttr: "value", Via: l.Via})
		}
	}
	for _, r := range g.Plan.Resources {
		if worldValues(r, g.Opts.World) == nil || r.Config == nil || r.Mode != "managed" {
			continue
		}
		sinkNode := g.nodeOf(r)
		// A manifest's object is one attribute: of a kind shown in clear
		// (a ConfigMap), all of it is.
		inClear := kb.ManifestInClear(r.Type, worldValues(r, g.Opts.World))
		for _, al := range g.edgesFrom(r) {
			attr, links := al.Attr, al.Links
			if !g.holds(links, typeHoldsSecrets) {
				continue
			}
			for _, l := range links {
				n := g.nodeOf(l.Target)
				if n == nil || n == sinkNode || !mayHoldSecrets(n) {
					continue
				}
				secretAttr, ok := isSecretRead(n, l)
				if !ok {
					continue
				}
				kind, ok := flowKind(sinkNode, r.Type, attr, n)
				if !ok && slices.Contains(inClear, attr) {
					kind, ok = ToPlainText, true
				}
				if !ok {
					continue
				}
				g.Flows = append(g.Flows, &Flow{Source: n, Attr: secretAttr, Kind: kind, Sink: r.Address, SinkType: r.Type, SinkAttr: attr, SinkResource: r, Via: l.Via})
				if kind == ToSecretStore {
					if g.storedCopies == nil {
						g.storedCopies = map[*plan.Resource]bool{}
					}
					g.storedCopies[r] = true
				}
			}
		}
	}
}

// nestedSecretRead reports whether an attribute path read (list indexes
// included) reaches one of the secret paths, or, when holds is set, reads
// what holds one (kube_config, kube_config[0]), and names what is read.
// Terraform 1.0 on lists each reference with its whole path; plans of
// earlier versions may name kube_config[0].host by kube_config alone, so
// a read of what holds a secret is not taken for one there.
func nestedSecretRead(secretPaths, attr []string, holds bool) (string, bool) {
	if len(secretPaths) == 0 {
		return "", false
	}
	var named []string
	for _, step := range attr {
		if step != "" && (step[0] < '0' || step[0] > '9') {
			named = append(named, step)
		}
	}
	read := strings.Join(named, ".")
	for _, sp := range secretPaths {
		if read == sp || strings.HasPrefix(read, sp+".") {
			return sp, true
		}
		if holds && strings.HasPrefix(sp, read+".") {
			return read, true
		}
	}
	return "", false
}

// mayHoldSecrets reports whether a resource holds a secret: one of its
// type's, or that of the credential its own block makes (kb.Entry.Inline),
// when it makes one.
func mayHoldSecrets(n *Node) bool {
	e := n.Entry
	return len(e.SecretAttrs) > 0 || len(e.SecretPaths) > 0 || n.HasInline() && e.Inline.Secret != ""
}

// secretPaths are the paths of the secrets nested in a resource's
// attributes (kb.Entry.SecretPaths, and its inline credential's).
func secretPaths(n *Node) []string {
	if !n.HasInline() || n.Entry.Inline.Secret == "" {
		return n.Entry.SecretPaths
	}
	return append(slices.Clip(n.Entry.SecretPaths), n.Entry.Inline.Block+"."+n.Entry.Inline.Secret)
}

// typeHoldsSecrets reports whether resources of a type may hold secrets.
func typeHoldsSecrets(typ string) bool {
	return typeMay(typ, (*kb.Entry).HoldsSecrets)
}

// HoldsCopy reports whether a resource is a secret store fed another
// identity's credential (a secret version holding an access key): it
// holds a copy, whose lifetime and owner are the credential's.
func (g *Graph) HoldsCopy(r *plan.Resource) bool { return g.storedCopies[r] }

// flowKind decides whether a secret reaching a resource attribute is exposure.
func flowKind(sink *Node, sinkType, attr string, src *Node) (FlowKind, bool) {
	if sink != nil && containsStr(sink.Entry.SinkAttrs, attr) {
		if !src.Entry.CredentialSecret {
			// A generated secret stored where it is meant to live.
			return "", false
		}
		if sink.Class == kb.Sink {
			// A CI variable (GitHub's, or one no guard protects) shows
			// its value in the CI's settings and logs.
			if kb.IsPlainText(sinkType, attr) || len(sink.Entry.Guards) > 0 && !holdsSecrets(sink) {
				return ToPlainText, true
			}
			return ToCISecret, true
		}
		// A store that holds a secret only in some forms (an SSM
		// parameter only as a SecureString) holds this one in clear.
		if w := sink.Entry.SecretWhen; w != nil && isKnownString(plan.Get(sink.Values, kb.SplitPath(w.Path)...)) && !matches(sink.Values, *w) {
			return ToPlainText, true
		}
		return ToSecretStore, true
	}
	if kb.IsFileContent(sinkType, attr) {
		return ToFile, true
	}
	if kb.IsPlainText(sinkType, attr) {
		return ToPlainText, true
	}
	return "", false
}

// isKnownString reports whether v is a string known at plan time.
func isKnownString(v any) bool {
	_, ok := v.(string)
	return ok
}

// MarkedSink is a resource whose clear-text attributes (tags, user data)
// hold values the plan marks sensitive where no secret attribute the
// knowledge base knows explains them: a sensitive variable, a data
// source's secret, a sensitive() value.
type MarkedSink struct {
	R     *plan.Resource
	Attrs []string
	// From are the references in those attributes' expressions (var.token),
	// when the plan has the configuration.
	From []string
	// Alike are the further resources of the same provider whose only such
	// attribute is tags_all: the provider's default_tags hold the value,
	// so one finding on the first resource (the first that existed before
	// the plan, if any) stands for all of them.
	Alike []string
}

// resolveMarked finds the MarkedSinks of the world.
func (g *Graph) resolveMarked() {
	type sinkAttr struct{ sink, attr string }
	covered := map[sinkAttr]bool{}
	for _, f := range g.Flows {
		// NHI-007 reports flows of managed resources' secrets; a data
		// source's is reported here, as a marked value.
		if f.SinkResource != nil && f.Source.R.Mode == "managed" {
			covered[sinkAttr{f.Sink, f.SinkAttr}] = true
		}
	}
	byProvider := map[string]*MarkedSink{}
	for _, r := range g.Plan.Resources {
		marked := r.SensitiveAfter
		if g.Opts.World == Before {
			marked = r.SensitiveBefore
		}
		if len(marked) == 0 || r.Mode != "managed" || worldValues(r, g.Opts.World) == nil {
			continue
		}
		var attrs []string
		for _, a := range marked {
			// tags_all repeats tags (plus the provider's default_tags).
			if a == "tags_all" && slices.Contains(marked, "tags") {
				continue
			}
			if kb.ExposesMarked(r.Type, a) && !covered[sinkAttr{r.Address, a}] && markedInClear(r, a, g.Opts.World) {
				attrs = append(attrs, a)
			}
		}
		switch {
		case len(attrs) == 0:
		case len(attrs) == 1 && attrs[0] == "tags_all":
			m := byProvider[r.ProviderName]
			switch {
			case m == nil:
				m = &MarkedSink{R: r, Attrs: attrs}
				byProvider[r.ProviderName] = m
				g.Marked = append(g.Marked, m)
			case m.R.Action == plan.Create && r.Action != plan.Create:
				// The finding stands on a resource that existed before, so
				// that both worlds report it at one address: a resource
				// the plan adds does not make it new.
				m.Alike = append(m.Alike, m.R.Address)
				m.R = r
			default:
				m.Alike = append(m.Alike, r.Address)
			}
		default:
			g.Marked = append(g.Marked, &MarkedSink{R: r, Attrs: attrs, From: referencesIn(r, attrs)})
		}
	}
}

// markedInClear reports whether a block that holds clear text (an Azure
// container's environment_variables) holds a marked value outside the
// places the type keeps secrets (its secure_environment_variables): those
// are the secret forms, and a sensitive value belongs there. Without such
// places, or when the values are not read, any mark counts.
func markedInClear(r *plan.Resource, attr string, w World) bool {
	e := kb.Lookup(r.Type)
	if e == nil {
		return true
	}
	var secret [][]string
	for _, p := range e.SecretPaths {
		if path := kb.SplitPath(p); len(path) > 1 && path[0] == attr {
			secret = append(secret, path[1:])
		}
	}
	vals := worldValues(r, w)
	v, ok := vals[attr]
	if len(secret) == 0 || !ok {
		return true
	}
	return markedOutside(v, nil, secret)
}

// markedOutside reports whether v holds a sensitive marker at a path
// (list positions left out, as in kb paths) not under one of secret.
func markedOutside(v any, path []string, secret [][]string) bool {
	for _, s := range secret {
		if len(path) >= len(s) && slices.Equal(path[:len(s)], s) {
			return false
		}
	}
	switch x := v.(type) {
	case value.Secret:
		return true
	case map[string]any:
		for k, e := range x {
			if markedOutside(e, append(slices.Clip(path), k), secret) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if markedOutside(e, path, secret) {
				return true
			}
		}
	}
	return false
}

// referencesIn lists the references in attributes' expressions, without
// those another one extends (aws_instance.a beside aws_instance.a.id).
func referencesIn(r *plan.Resource, attrs []string) []string {
	var refs []string
	for _, a := range attrs {
		refs = append(refs, plan.ExprRefs(r.Expr(a))...)
	}
	slices.Sort(refs)
	refs = slices.Compact(refs)
	var out []string
	for _, ref := range refs {
		if !slices.ContainsFunc(refs, func(o string) bool { return strings.HasPrefix(o, ref+".") || strings.HasPrefix(o, ref+"[") }) {
			out = append(out, ref)
		}
	}
	return out
}

// PublicRead is a secret store whose resource policy lets anyone read it.
type PublicRead struct {
	// Policy is the resource holding the policy (the store itself, or a
	// policy resource attached to it); Store is the store.
	Policy, Store *Node
	Verdict       iam.Verdict
}

// resolvePublicReads finds the secret stores a resource policy opens to
// anyone (kb.Entry.PublicRead).
func (g *Graph) resolvePublicReads() {
	for _, n := range g.Nodes {
		pr := n.Entry.PublicRead
		if pr == nil || n.R.Mode != "managed" {
			continue
		}
		doc := g.document(n, pr.Document)
		if doc == nil {
			continue
		}
		if _, unknown := doc.(value.Unknown); unknown {
			continue
		}
		v, err := awsiam.AnalyzePublicRead(g.cache.parsed(doc), pr.Actions, src(n.Address()))
		if err != nil || len(v.Evidence) == 0 {
			continue
		}
		store := n
		if n.Class != kb.Secret && len(n.Parents) > 0 {
			store = n.Parents[0]
		}
		g.PublicReads = append(g.PublicReads, &PublicRead{Policy: n, Store: store, Verdict: v})
	}
	// Google: a secret's IAM grant to allUsers or allAuthenticatedUsers of
	// a role that reads its versions.
	for _, gr := range g.Grants {
		n := gr.Node
		if !strings.HasPrefix(n.R.Type, "google_secret_manager_secret_iam_") || n.R.Mode != "managed" || n.Privilege == nil {
			continue
		}
		public := slices.ContainsFunc(n.Privilege.Evidence, func(e iam.Evidence) bool { return e.ID == "gcp:public-member" })
		role, _ := n.Values["role"].(string)
		r, known := gcpiam.LookupRole(role)
		if !public || !known || !slices.Contains(r.Permissions, "secretmanager.versions.access") {
			continue
		}
		stores, _ := g.follow(n, kb.Link{Path: "secret_id", Types: []string{"google_secret_manager_secret"}, By: []string{"id", "name", "secret_id"}})
		store := n
		if len(stores) > 0 {
			store = stores[0]
		}
		v := iam.Verdict{Class: iam.ClassRead, Evidence: []iam.Evidence{{Kind: iam.KindOpenTrust, ID: "gcp:resource-public", Class: iam.ClassRead, Scope: "*",
			Message: "it grants " + role + " (secretmanager.versions.access) to allUsers or allAuthenticatedUsers: anyone with a Google account reads the secret's versions",
			Actions: []string{"secretmanager.versions.access"}, Grants: []iam.Grant{{Source: src(n.Address()), Where: role}}}}}
		g.PublicReads = append(g.PublicReads, &PublicRead{Policy: n, Store: store, Verdict: v})
	}
}

// CopiesIn names the credentials whose secrets a store holds copies of,
// in itself or in its versions.
func (g *Graph) CopiesIn(store *Node) []string {
	var out []string
	for _, f := range g.Flows {
		if f.Kind != ToSecretStore || f.SinkResource == nil {
			continue
		}
		if sink := g.nodeOf(f.SinkResource); sink == store || sink != nil && slices.Contains(sink.Parents, store) {
			if a := f.Source.Address(); !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
	}
	return out
}
