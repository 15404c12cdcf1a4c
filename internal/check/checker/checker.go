// Package checker runs the pipeline: load the plan, read the sources,
// build the identity graph of the world after apply and of the world
// before it, run the rules on both, and decide which findings this plan
// introduces, which exceptions waive, and which block.
package checker

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/config"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/graph"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/rules"
)

// Input is one check.
type Input struct {
	PlanPath string
	Stdin    io.Reader
	// Sources are the .tf sources (nil when unavailable).
	Sources Sources
	Config  *config.Config
	// All makes findings on unchanged resources block too.
	All       bool
	Now       time.Time
	Terraform string
	// TerraformDir is where Terraform converts a binary plan: the
	// configuration directory ("" for the working directory).
	TerraformDir string
	MaxBytes     int64
	Version      string
	// Extra exceptions (a baseline) waive like configuration exceptions.
	Extra []*report.Exception
}

// Sources is the .tf source reader as the pipeline uses it.
type Sources interface {
	graph.Sources
	plan.LocalResolver
	// Locate returns where a resource (and optionally one of its
	// attributes) is declared; nil when unknown.
	Locate(moduleAddress []string, configAddress, attribute string) *report.Location
}

// Result is the report plus what formatters and commands need beside it.
type Result struct {
	Report *report.Report
	Plan   *plan.Plan
	Graph  *graph.Graph
}

// Check runs the whole pipeline.
func Check(ctx context.Context, in Input) (*Result, error) {
	defer SizeMemory(in.PlanPath)()
	var later lateSizing // JSON from stdin or a binary plan, sized once read
	defer later.restore()
	resume := holdCollection()
	// In a container a plan piped in goes through a file: its pages are
	// then ones the kernel can reclaim (see plan.Options.Spool).
	spool := ceiling() < math.MaxInt64
	p, err := plan.Load(ctx, in.PlanPath, in.Stdin, plan.Options{MaxBytes: in.MaxBytes, Terraform: in.Terraform, TerraformDir: in.TerraformDir, IsSecret: kb.IsSecret, ProviderSecret: kb.IsProviderSecret, CredentialShape: kb.CredentialShape, CredentialIn: kb.CredentialIn, ValueName: kb.ValueName, PrivilegeText: kb.PrivilegeText, Reads: kb.Known, Sized: later.sized, Spool: spool})
	resume()
	later.decoded()
	if err != nil {
		return nil, err
	}
	fitMemory(len(p.Resources))
	return CheckPlan(p, in)
}

// CheckPlan runs everything after loading. Its only error is a
// plan.InputError for a policy document the engines cannot read.
func CheckPlan(p *plan.Plan, in Input) (*Result, error) {
	cfg := in.Config
	if cfg == nil {
		cfg = config.Default()
	}
	now := in.Now
	if now.IsZero() {
		now = time.Now().UTC()
	}
	var src graph.Sources
	if in.Sources != nil {
		src = in.Sources
		p.Locals = in.Sources
	}
	pol := policyOf(cfg)
	pol.Exceptions = append(append([]*report.Exception(nil), cfg.Exceptions...), in.Extra...)
	// The world before apply first, down to each finding's severity, then
	// the world after: only one graph is alive at a time. One cache serves
	// both, as most principals are evaluated on the same policies. A plan
	// that changes nothing has one world: its findings existed before.
	opts := graph.Options{World: graph.Before, Now: now, OwnerKeys: cfg.OwnerKeys, Sources: src, Cache: graph.NewCache()}
	oneWorld := p.ChangesNothing()
	var prior map[string]priorFinding
	if !oneWorld {
		prior = priorFindings(rules.Run(graph.Build(p, opts), pol))
	}
	opts.World = graph.After
	after := graph.Build(p, opts)
	if err := unreadable(after.Problems()); err != nil {
		return nil, err
	}
	p.ReleaseLinks() // the graphs hold what they resolved; rules resolve nothing
	found := rules.Run(after, pol)
	if oneWorld {
		prior = priorFindings(found)
	}
	for _, f := range found {
		was, existed := prior[f.Key()]
		f.Introduced = f.TimeDriven || !existed || f.Severity > was.severity || was.lacks(f.Grounds) || replaced(p, f.Address)
	}

	planned, unusable := planExceptions(after)
	exceptions := append(planned, pol.Exceptions...)
	report.Waive(found, exceptions, now)
	for _, f := range found {
		f.Blocking = (f.Introduced || in.All) && slices.Contains(cfg.BlockOn, f.Severity) && !f.Waived()
	}
	unusable = append(unusable, idleExceptions(planned, found, now)...)
	if in.Sources != nil {
		for _, f := range found {
			locate(in.Sources, p, f)
		}
	}

	rep := &report.Report{
		Tool:     report.Tool{Name: "nhiguard", Version: in.Version},
		Plan:     report.PlanInfo{TerraformVersion: p.TerraformVersion, FormatVersion: p.FormatVersion},
		Findings: found,
	}
	rep.Inventory, rep.Summary.Identities, rep.Summary.Credentials = inventory(after, found)
	if note := incompleteNote(p.Raw); note != "" {
		rep.Notes = append(rep.Notes, note)
	}
	rep.Notes = append(rep.Notes, unusable...)
	if n := len(p.NoOpChanged); n > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d resource change(s) marked no-op change values (%s first), which Terraform never plans: they were judged as updates.", n, p.NoOpChanged[0]))
	}
	if n := len(after.StacksUnread); n > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d CloudFormation stack(s) may make IAM resources (CAPABILITY_IAM) from a template the plan does not hold (template_url, or known only after apply), %s first: those resources were not judged.", n, after.StacksUnread[0].Address()))
	}
	if in.Sources == nil {
		rep.Notes = append(rep.Notes, "No .tf sources were read (run in the configuration directory or pass --source-dir): lifecycle.replace_triggered_by and file:line locations are unavailable, and verdicts that depend on them say so.")
	}
	rep.Finalize()
	return &Result{Report: rep, Plan: p, Graph: after}, nil
}

// replaced reports whether the plan replaces the resource at address: the
// object after apply is a new one (a new key, a new secret), so what is
// found on it is this plan's, as on a created one, even when the object
// it replaces had the same finding.
func replaced(p *plan.Plan, address string) bool {
	r := p.Resource(address)
	return r != nil && r.Mode == "managed" && r.Action == plan.Replace
}

// priorFinding is what the world before apply had under a finding's key:
// its highest severity and every ground it stood on.
type priorFinding struct {
	severity report.Severity
	grounds  []string
}

// lacks reports whether some of grounds were not among the prior
// finding's: the same rule on the same resource, for a new reason (a trust
// once open to one account, now to anyone).
func (p priorFinding) lacks(grounds []string) bool {
	for _, g := range grounds {
		if !slices.Contains(p.grounds, g) {
			return true
		}
	}
	return false
}

// priorFindings maps each finding's key to what it had before apply.
func priorFindings(found []*report.Finding) map[string]priorFinding {
	out := make(map[string]priorFinding, len(found))
	for _, f := range found {
		p := out[f.Key()]
		if f.Severity > p.severity {
			p.severity = f.Severity
		}
		for _, g := range f.Grounds {
			if !slices.Contains(p.grounds, g) {
				p.grounds = append(p.grounds, g)
			}
		}
		out[f.Key()] = p
	}
	return out
}

// incompleteNote warns that a plan leaves resources out (-target, or
// changes deferred until unknown values are known): those are not judged
// here, only in the plan that finally makes them.
func incompleteNote(raw *tfjson.Plan) string {
	if raw == nil || raw.Complete == nil && len(raw.DeferredChanges) == 0 || raw.Complete != nil && *raw.Complete {
		return ""
	}
	why := "planned with -target"
	if n := len(raw.DeferredChanges); n > 0 {
		why = fmt.Sprintf("%d resource change(s) deferred until values are known", n)
	}
	return "The plan is incomplete (" + why + "): resources it leaves out were not checked; they will be when a later plan includes them."
}

// unreadable refuses a plan whose planned policy documents the engines
// cannot read: what they grant is unknown, and a gate does not pass what
// it cannot judge. Documents of the world before apply are not judged:
// the plan replaces or removes them.
func unreadable(ps []graph.Problem) error {
	if len(ps) == 0 {
		return nil
	}
	first := slices.MinFunc(ps, func(a, b graph.Problem) int {
		return strings.Compare(a.Address+" "+a.Attribute, b.Address+" "+b.Attribute)
	})
	addr := first.Address
	if len(addr) > 200 {
		addr = addr[:200] + "..."
	}
	more := ""
	if len(ps) > 1 {
		more = fmt.Sprintf(" (and %d more)", len(ps)-1)
	}
	return &plan.InputError{Msg: fmt.Sprintf("plan resource %s: attribute %q is not a policy document nhiguard can read (%s)%s; a gate cannot judge what it grants", addr, first.Attribute, first.Reason, more)}
}

func policyOf(cfg *config.Config) rules.Policy {
	pol := rules.DefaultPolicy()
	if cfg.MaxLifetimeDays > 0 {
		pol.MaxLifetime = time.Duration(cfg.MaxLifetimeDays) * kb.Day
	}
	for k, d := range cfg.MaxLifetimeDaysByKind {
		pol.MaxLifetimeByKind[k] = time.Duration(d) * kb.Day
	}
	pol.Severity = cfg.Severity
	pol.Disabled = cfg.Disabled
	return pol
}

// planExceptions turns nhi_exception resources into exceptions. Expired
// ones are kept (they waive nothing; NHI-008 reports them).
func planExceptions(g *graph.Graph) (out []*report.Exception, notes []string) {
	for _, n := range g.Exceptions {
		d := n.Declaration
		// A blank reason or approver accepts nothing, as the policy
		// file's exceptions do not (the provider refuses them too).
		if strings.TrimSpace(d.Reason) == "" || strings.TrimSpace(d.ApprovedBy) == "" {
			notes = append(notes, n.Address()+" waives nothing: its reason or approved_by is blank.")
			continue
		}
		out = append(out, &report.Exception{
			ID: n.Address(), Rules: d.Rules, Resources: d.Resources, Reason: d.Reason,
			Approver: d.ApprovedBy, Ticket: d.Ticket, ExpiresAt: d.ExpiresAt,
		})
	}
	return out, notes
}

// idleExceptions notes the plan's exceptions, current, that waive
// nothing: what they waived is fixed, or their patterns miss (a module's
// instance keys), and either way someone should look.
func idleExceptions(exceptions []*report.Exception, found []*report.Finding, now time.Time) []string {
	used := map[string]bool{}
	for _, f := range found {
		if f.WaivedBy != nil {
			used[*f.WaivedBy] = true
		}
	}
	var notes []string
	for _, e := range exceptions {
		if !e.Expired(now) && !used[e.ID] {
			notes = append(notes, fmt.Sprintf("%s waives nothing in this plan: no finding of %s on %s. Remove it if what it waived is fixed, or correct its patterns (an instance key is part of an address: module.x[*]...).",
				e.ID, strings.Join(e.Rules, ", "), strings.Join(e.Resources, ", ")))
		}
	}
	return notes
}

// locate fills a finding's file:line from the sources.
func locate(src Sources, p *plan.Plan, f *report.Finding) {
	if f.ResourceType == "provider" {
		for _, c := range p.ProviderCredentials {
			if c.Address == f.Address {
				f.Location = src.Locate(c.Module, "provider."+c.Key, "")
				f.AttrLocation = src.Locate(c.Module, "provider."+c.Key, f.Attribute)
				return
			}
		}
		return
	}
	addr, err := plan.ParseAddress(f.Address)
	if err != nil {
		if len(f.Address) > 7 && f.Address[:7] == "output." {
			f.Location = src.Locate(nil, f.Address, "")
		}
		return
	}
	f.Location = src.Locate(addr.ModulePath(), addr.ConfigAddress(), "")
	if f.Attribute != "" {
		f.AttrLocation = src.Locate(addr.ModulePath(), addr.ConfigAddress(), f.Attribute)
	}
}

// inventoried are the classes the register lists: identities, and the
// credentials and stored secrets they authenticate with (the rules judge
// a secret's owner and lifetime as a credential's).
func inventoried(n *graph.Node) bool {
	// A foreign one (Microsoft Graph's service principal, adopted with
	// use_existing) is another party's identity, which no one here owns.
	return n.R.Mode == "managed" && !n.Foreign && (n.Class == kb.Identity || n.Class == kb.Credential || n.Class == kb.Secret)
}

// inventory lists the machine identities, credentials and secrets after
// apply; secrets count as credentials.
func inventory(g *graph.Graph, found []*report.Finding) ([]report.InventoryEntry, int, int) {
	byAddr := make(map[string][]string, len(found))
	for _, f := range found {
		byAddr[f.Address] = append(byAddr[f.Address], f.Rule)
	}
	// Sized up front: an entry is large, and growing the list copies it.
	size := 0
	for _, n := range g.Nodes {
		if inventoried(n) {
			size++
			if n.HasInline() {
				size++
			}
		}
	}
	var out []report.InventoryEntry // nil when empty, as before
	if size > 0 {
		out = make([]report.InventoryEntry, 0, size)
	}
	identities, credentials := 0, 0
	for _, n := range g.Nodes {
		if !inventoried(n) {
			continue
		}
		if n.Class == kb.Identity {
			identities++
		} else {
			credentials++
		}
		e := report.InventoryEntry{
			Address:      n.Address(),
			Kind:         n.Kind(),
			Owner:        n.Owner.Owner,
			OwnerSource:  n.Owner.Source,
			Rotation:     rotationLabel(n),
			Privilege:    privilegeLabel(n),
			ResourceType: n.R.Type,
			Class:        n.Class.String(),
			Action:       n.R.ActionLabel(),
			Lifetime:     lifetimeLabel(n),
			Environment:  environmentOf(g, n),
			Findings:     byAddr[n.Address()],
			Chain:        privilegeChain(n),
		}
		if n.HostedIdentity() {
			// The register lists the identity, under its block, apart
			// from the resource it belongs to (as an inline credential).
			e.Address = n.Address() + ".identity"
		}
		if !n.Owner.Owned() {
			e.OwnerSource = "none"
			if !n.Owner.Assessable {
				e.OwnerSource = "not_assessable"
			}
		}
		out = append(out, e)
		if in := n.Entry.Inline; in != nil && n.HasInline() {
			// The credential made in the resource's own block, listed
			// as a credential of its own: its kind, its lifetime.
			credentials++
			c := e
			c.Address, c.Kind, c.Class = n.Address()+"."+in.Block, in.Kind, kb.Credential.String()
			c.Lifetime = labelOf(n.InlineLifetime)
			c.Rotation = rotationOf(n.Rotation)
			out = append(out, c)
		}
	}
	return out, identities, credentials
}

// privilegeChain lists what grants an identity (or its credential's
// identity) admin or escalation-capable privilege.
func privilegeChain(n *graph.Node) []string {
	holder := n
	if n.Class == kb.Credential && len(n.Parents) > 0 && n.Privilege == nil {
		holder = n.Parents[0]
	}
	p := holder.Privilege
	if p == nil || !(p.Class == iam.ClassAdmin || p.Has(iam.KindEscalation, iam.KindWildcard, iam.KindAdmin)) {
		return nil
	}
	var chain []string
	if holder != n {
		chain = append(chain, holder.Address())
	}
	chain = append(chain, p.Chain(iam.KindAdmin, iam.KindWildcard, iam.KindEscalation)...)
	seen := map[string]bool{n.Address(): true}
	out := chain[:0]
	for _, a := range chain {
		if !seen[a] && !strings.ContainsAny(a, " :") {
			seen[a] = true
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// environmentOf reads the environment an identity is declared for: its
// nhi_identity, or an environment tag or label.
func environmentOf(g *graph.Graph, n *graph.Node) string {
	if d := n.Declaration; d != nil && d.Environment != "" {
		return d.Environment
	}
	for _, v := range n.Owner.Via {
		if id := g.Node(v); id != nil && id.Declaration != nil && id.Declaration.Environment != "" {
			return id.Declaration.Environment
		}
	}
	for _, path := range n.Entry.Owner.Tags {
		if m, ok := graph.TagMap(plan.Get(n.Values, kb.SplitPath(path)...)).(map[string]any); ok {
			for _, k := range []string{"environment", "env", "nhi_environment"} {
				if s, ok := m[k].(string); ok && s != "" {
					return s
				}
			}
		}
	}
	return ""
}

func rotationLabel(n *graph.Node) string {
	if !n.Rotation.Rotated() && n.Class == kb.Identity && !n.Lifetime.Judged {
		return "n/a"
	}
	return rotationOf(n.Rotation)
}

func rotationOf(r graph.Rotation) string {
	if !r.Rotated() {
		if r.Unverified {
			return "none (unverified)"
		}
		return "none"
	}
	if r.Period > 0 {
		return r.Mechanism + " (" + graph.FormatDuration(r.Period) + ")"
	}
	return r.Mechanism
}

func lifetimeLabel(n *graph.Node) string { return labelOf(n.Lifetime) }

func labelOf(lt graph.Lifetime) string {
	switch {
	case !lt.Judged:
		return ""
	case lt.Unknown:
		return "known after apply"
	}
	return graph.FormatDuration(lt.Duration)
}

// privilegeLabel is the privilege class of an identity, or of the
// identity a credential authenticates (unless it has scopes of its own).
func privilegeLabel(n *graph.Node) string {
	if n.Privilege == nil && n.Class == kb.Credential && len(n.Parents) > 0 {
		return privilegeLabel(n.Parents[0])
	}
	if n.Privilege == nil && n.Class == kb.Secret {
		return "n/a" // what a secret opens is the system that accepts it
	}
	if n.Privilege == nil {
		return "unknown"
	}
	return n.Privilege.Label()
}
