package awsiam

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// PrincipalKind is the kind of IAM principal the policies apply to. It
// decides which IAM actions let the principal grant itself anything.
type PrincipalKind int

const (
	PrincipalUnspecified PrincipalKind = iota // a lone policy, or not known
	PrincipalUser
	PrincipalRole
	PrincipalGroup
)

// Policy is one identity-based policy that applies to the principal.
type Policy struct {
	// Document is the policy as ParseDocument accepts it. When nil, ARN is
	// looked up among the AWS managed policies.
	Document any
	// ARN (or name) of an AWS managed policy, used when Document is nil.
	ARN string
	// Source is handed back in the evidence the policy produces.
	Source iam.Source
}

// Input is everything that applies to one principal.
type Input struct {
	Kind PrincipalKind
	// Policies: inline, attached and group-inherited identity policies.
	Policies []Policy
	// Boundaries: the permissions boundary (AWS allows one; more are
	// intersected in turn).
	Boundaries []Policy
}

// Problem is a policy that could not be used, and why.
type Problem struct {
	Source iam.Source
	Err    error
}

// Access is the answer of Result.Allows.
type Access int

const (
	AccessImplicitDeny Access = iota // no statement allows it
	AccessExplicitDeny               // an unconditional Deny matches
	AccessAllowed                    // an unconditional Allow matches
	AccessConditional                // allowed only under a condition (or a conditional Deny may apply)
)

func (a Access) String() string {
	switch a {
	case AccessExplicitDeny:
		return "explicit-deny"
	case AccessAllowed:
		return "allowed"
	case AccessConditional:
		return "conditional"
	}
	return "implicit-deny"
}

// Result is the effective-privilege analysis of one principal.
type Result struct {
	iam.Verdict
	// Problems lists policies that could not be parsed or resolved; they
	// are left out of the analysis.
	Problems []Problem
	// Coverage is the share of all known actions the principal may perform
	// on every resource (1 for "*" on "*").
	Coverage float64

	grants   []*grant
	denies   []*grant
	boundary []*grant
	bounded  bool
	kind     PrincipalKind
	mem      *arena // nil: the Result's sets are its own

	unionBits bitset // see union; set once the grants are final
}

// grant is one Allow (or Deny) statement after wildcard expansion.
type grant struct {
	src  iam.Source
	stmt *Statement
	// bits are the known actions it names (after Denies and boundaries,
	// for effective grants).
	bits bitset
	// readIntent are the actions reached only through read-verb wildcards
	// ("athena:Get*", "iot:List*") or under a read-only session condition:
	// the author asked for reads, so they classify as read even where the
	// table files an odd one as Write (athena:GetSessionEndpoint).
	readIntent   bitset
	unrecognized []string // literal actions that are not in the table (lower case)
	resources    []Term
	notResource  bool
	breadth      breadth
	self         bool // names the caller's own user (see termsSelf)
	matchesStar  bool
	app          bitset // applicable(), computed once the grant is final
	// exp is the statement's expansion; bits and readIntent are its sets
	// until a Deny or a boundary replaces them (they are never changed in
	// place).
	exp *expansion
	mem *arena // where the evaluation's working sets come from
}

func (g *grant) conditional() bool { return g.stmt.Conditional() }

// reachesSelf reports whether the grant may cover the caller's own user:
// it names it through a self variable, or covers every resource of a type.
func (g *grant) reachesSelf() bool { return g.self || g.breadth.broad() }

// applicable returns the actions the grant really allows: actions without
// resource-level permissions only count when the Resource matches "*".
func (g *grant) applicable(t *actionTable) bitset {
	if g.app != nil {
		return g.app
	}
	if g.matchesStar {
		return g.bits
	}
	if g.pristine() {
		return g.exp.app
	}
	b := g.mem.clone(g.bits)
	b.andNot(t.starOnly)
	return b
}

func (g *grant) ref() iam.Grant {
	out := iam.Grant{Source: g.src, Where: g.stmt.Where(), Conditional: g.conditional()}
	for _, a := range g.stmt.Actions {
		s := a.String()
		if g.stmt.NotAction {
			s = "NotAction " + s
		}
		out.Actions = append(out.Actions, s)
	}
	for _, r := range g.resources {
		s := r.String()
		if g.notResource {
			s = "NotResource " + s
		}
		out.Resources = append(out.Resources, s)
	}
	return out
}

// unknowns lists the unknown resources and actions of the grant's
// statement (computed with its expansion; shared, so clipped).
func (g *grant) unknowns() []string { return slices.Clip(g.exp.unknowns) }

// termUnknowns lists the unknown resources and actions of a statement.
func termUnknowns(s *Statement) []string {
	var out []string
	for _, r := range s.Resources {
		if r.Unknown {
			out = iam.AddUnknowns(out, r.unknownRef())
		}
	}
	for _, a := range s.Actions {
		if a.Unknown {
			out = iam.AddUnknowns(out, a.unknownRef())
		}
	}
	return out
}

// newGrant expands a statement's actions against the table (once per
// statement of a shared document: see expansion).
func newGrant(t *actionTable, s *Statement, src iam.Source, mem *arena) *grant {
	x := s.exp
	if x != nil {
		x.once.Do(func() { x.expand(t, s, nil) })
	} else {
		x = mem.expansion()
		x.expand(t, s, mem)
	}
	g := mem.grant()
	*g = grant{
		src: src, stmt: s, resources: s.Resources, notResource: s.NotResource,
		bits: x.bits, readIntent: x.readIntent, unrecognized: x.unrecognized,
		breadth: x.breadth, self: x.self, matchesStar: x.matchesStar, exp: x, mem: mem,
	}
	return g
}

var readVerbs = []string{"get", "list", "describe", "search", "view", "batchget", "lookup", "query"}

// readVerbWildcard reports whether a lower-case pattern is a wildcard over
// read verbs: "s3:get*", "ec2:describe*".
func readVerbWildcard(p string) bool {
	_, act, ok := strings.Cut(p, ":")
	if !ok || !strings.ContainsAny(act, "*?") {
		return false
	}
	for _, v := range readVerbs {
		if strings.HasPrefix(act, v) {
			return true
		}
	}
	return false
}

// readOnlySessionCondition reports an Allow pinned to read-only sessions
// (ReadOnlyAccess grants s3express:CreateSession that way).
func readOnlySessionCondition(s *Statement) bool {
	for _, c := range s.Conditions {
		if strings.EqualFold(c.Key, "s3express:SessionMode") && !c.Negated() && len(c.Values) == 1 &&
			!c.Values[0].Unknown && strings.EqualFold(c.Values[0].Text, "ReadOnly") {
			return true
		}
	}
	return false
}

// matchesAction reports whether the statement names a (lower-case) action.
func (s *Statement) matchesAction(action string) bool {
	for _, a := range s.Actions {
		if !a.Unknown && globMatch(strings.ToLower(a.Text), action) {
			return !s.NotAction
		}
	}
	return s.NotAction
}

// AnalyzeDocument classifies one identity policy on its own, as if it were
// the only policy of an unspecified principal. It returns the parse error
// of a malformed document (ErrUnknownDocument for an unknown one).
func AnalyzeDocument(doc any, src iam.Source) (*Result, error) {
	if _, err := ParseDocument(doc); err != nil {
		return nil, err
	}
	return Evaluate(Input{Policies: []Policy{{Document: doc, Source: src}}}), nil
}

// Evaluate computes what the principal may effectively do: every Allow of
// its policies, minus unconditional explicit Denies, intersected with its
// permissions boundary. Conditional Denies are guard rails: they never
// grant and are not subtracted (a Note says they may reduce a grant).
func Evaluate(in Input) *Result {
	return evaluate(in, nil)
}

// EvaluateVerdict is Evaluate(in).Verdict, for callers that need nothing
// else: the evaluation's working sets are recycled for the next one.
func EvaluateVerdict(in Input) iam.Verdict {
	mem := arenas.Get().(*arena)
	v := evaluate(in, mem).Verdict
	mem.release()
	arenas.Put(mem)
	return v
}

// arenas recycles arena structs (their inline list is a few hundred bytes).
var arenas = sync.Pool{New: func() any { return &arena{} }}

// AnalyzeDocumentVerdict is AnalyzeDocument's verdict (see EvaluateVerdict).
func AnalyzeDocumentVerdict(doc any, src iam.Source) (iam.Verdict, error) {
	if _, err := ParseDocument(doc); err != nil {
		return iam.Verdict{}, err
	}
	return EvaluateVerdict(Input{Policies: []Policy{{Document: doc, Source: src}}}), nil
}

func evaluate(in Input, mem *arena) *Result {
	t := table()
	r := &Result{mem: mem}
	var allows []*grant
	for _, p := range in.Policies {
		doc, ok := r.resolve(p)
		if !ok {
			continue
		}
		for i := range doc.Statements {
			s := &doc.Statements[i]
			r.Unknowns = iam.AddUnknowns(r.Unknowns, s.Unknowns...)
			switch s.Effect {
			case EffectUnknown:
				r.Notes = append(r.Notes, fmt.Sprintf("%s: the Effect of %s is unknown until apply; it was left out", sourceName(p), s.Where()))
				continue
			case EffectAllow:
				if !s.HasResource {
					r.Notes = append(r.Notes, fmt.Sprintf("%s: %s has no Resource; AWS rejects such identity policies, so it grants nothing", sourceName(p), s.Where()))
					continue
				}
				allows = append(allows, newGrant(t, s, p.Source, mem))
			case EffectDeny:
				if s.HasResource {
					r.denies = append(r.denies, newGrant(t, s, p.Source, mem))
				}
			}
		}
	}
	r.grants = subtractDenies(t, allows, r.denies)
	r.noteConditionalDenies(t)

	if len(in.Boundaries) > 0 {
		var bAllows, bDenies []*grant
		resolved := 0
		for _, p := range in.Boundaries {
			doc, ok := r.resolve(p)
			if !ok {
				continue
			}
			resolved++
			for i := range doc.Statements {
				s := &doc.Statements[i]
				if !s.HasResource {
					continue
				}
				r.Unknowns = iam.AddUnknowns(r.Unknowns, s.Unknowns...)
				switch s.Effect {
				case EffectAllow:
					bAllows = append(bAllows, newGrant(t, s, p.Source, mem))
				case EffectDeny:
					bDenies = append(bDenies, newGrant(t, s, p.Source, mem))
				}
			}
		}
		if resolved > 0 {
			r.bounded = true
			r.boundary = subtractDenies(t, bAllows, bDenies)
			r.grants = intersectBoundary(t, r.grants, r.boundary)
		} else {
			r.Notes = append(r.Notes, "the permissions boundary could not be read, so it was not applied")
		}
	}
	for _, g := range r.grants {
		g.app = nil
		g.app = g.applicable(t)
	}
	r.classify(t, in.Kind)
	return r
}

func sourceName(p Policy) string {
	if n := len(p.Source.Chain); n > 0 {
		return p.Source.Chain[n-1]
	}
	if p.ARN != "" {
		return p.ARN
	}
	return "policy"
}

// resolve parses a policy or finds its managed document.
func (r *Result) resolve(p Policy) (*Document, bool) {
	if p.Document == nil {
		if p.ARN == "" {
			r.Problems = append(r.Problems, Problem{p.Source, fmt.Errorf("awsiam: policy has neither a document nor an ARN")})
			return nil, false
		}
		doc, ok := ManagedPolicyDocument(p.ARN)
		if !ok {
			r.Problems = append(r.Problems, Problem{p.Source, fmt.Errorf("awsiam: %q is not a known AWS managed policy", p.ARN)})
			r.Notes = append(r.Notes, fmt.Sprintf("%s: policy %s is not an AWS managed policy the engine knows; its grants are unknown", sourceName(p), p.ARN))
			return nil, false
		}
		return doc, true
	}
	doc, err := ParseDocument(p.Document)
	if err == ErrUnknownDocument {
		ref := "(known after apply)"
		if u, ok := p.Document.(value.Unknown); ok && u.Ref != "" {
			ref = u.Ref
		} else if len(p.Source.Chain) > 0 {
			ref = p.Source.Chain[len(p.Source.Chain)-1]
		}
		r.Unknowns = iam.AddUnknowns(r.Unknowns, ref)
		r.Notes = append(r.Notes, fmt.Sprintf("%s: the document is unknown until apply", sourceName(p)))
		return nil, false
	}
	if err != nil {
		r.Problems = append(r.Problems, Problem{p.Source, err})
		return nil, false
	}
	r.Unknowns = iam.AddUnknowns(r.Unknowns, doc.Unknowns...)
	if len(doc.Unknowns) > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("%s: some statements are unknown until apply", sourceName(p)))
	}
	return doc, true
}

// subtractDenies removes from each Allow the actions of every
// unconditional Deny whose resources cover the Allow's resources.
func subtractDenies(t *actionTable, allows, denies []*grant) []*grant {
	if len(denies) == 0 {
		// Nothing to subtract: the grants as they are, minus the empty.
		out := allows[:0:0]
		for _, a := range allows {
			if !a.bits.empty() || len(a.unrecognized) > 0 || hasUnknownAction(a.stmt) {
				out = append(out, a)
			}
		}
		return out
	}
	out := make([]*grant, 0, len(allows))
	for _, a := range allows {
		e := *a
		copied := false
		for _, d := range denies {
			if d.conditional() || !termsCover(d.resources, d.notResource, a.resources, a.notResource) {
				continue
			}
			if !copied {
				e.bits = a.mem.clone(a.bits)
				copied = true
			}
			e.bits.andNot(d.bits)
			e.unrecognized = slices.DeleteFunc(slices.Clone(e.unrecognized), d.stmt.matchesAction)
		}
		if !e.bits.empty() || len(e.unrecognized) > 0 || hasUnknownAction(e.stmt) {
			out = append(out, &e)
		}
	}
	return out
}

func hasUnknownAction(s *Statement) bool {
	return slices.ContainsFunc(s.Actions, func(a Term) bool { return a.Unknown }) && !s.NotAction
}

// noteConditionalDenies records conditional Denies that touch an Allow:
// they limit the grant in some requests only.
func (r *Result) noteConditionalDenies(t *actionTable) {
	for _, d := range r.denies {
		if !d.conditional() {
			continue
		}
		var hit []iam.Grant
		for _, a := range r.grants {
			if a.bits.intersects(d.bits) && termsOverlap(d.resources, d.notResource, a.resources, a.notResource) {
				hit = append(hit, a.ref())
			}
		}
		if len(hit) == 0 {
			continue
		}
		keys := make([]string, 0, len(d.stmt.Conditions))
		for _, c := range d.stmt.Conditions {
			keys = append(keys, c.Key)
		}
		r.Evidence = append(r.Evidence, iam.Evidence{
			Kind:    iam.KindNote,
			ID:      "aws:conditional-deny",
			Class:   iam.ClassNone,
			Message: fmt.Sprintf("conditional Deny %s (on %s) limits these grants only when its condition holds; it is a guard rail, not a reduction", d.stmt.Where(), strings.Join(keys, ", ")),
			Grants:  append([]iam.Grant{d.ref()}, hit...),
		})
	}
}

// intersectBoundary keeps, of each grant, what some boundary statement also
// allows, on the narrower of the two resource scopes.
func intersectBoundary(t *actionTable, grants, boundary []*grant) []*grant {
	var out []*grant
	for _, g := range grants {
		for _, b := range boundary {
			bits := g.mem.clone(g.bits)
			bits.and(b.bits)
			unrec := slices.DeleteFunc(slices.Clone(g.unrecognized), func(a string) bool { return !b.stmt.matchesAction(a) })
			if bits.empty() && len(unrec) == 0 {
				continue
			}
			e := *g
			e.bits, e.unrecognized = bits, unrec
			switch {
			case termsCover(b.resources, b.notResource, g.resources, g.notResource):
			case termsCover(g.resources, g.notResource, b.resources, b.notResource):
				e.resources, e.notResource = b.resources, b.notResource
				e.breadth = b.breadth
				e.self = b.self
				e.matchesStar = b.matchesStar
			case termsOverlap(g.resources, g.notResource, b.resources, b.notResource):
				// Neither contains the other: keep the identity scope but no
				// wider than the boundary's.
				e.breadth = min(g.breadth, b.breadth)
				// The caller's user stays in only if both reach it.
				e.self = g.reachesSelf() && b.reachesSelf() && (g.self || b.self)
				e.matchesStar = g.matchesStar && b.matchesStar
			default:
				continue
			}
			out = append(out, &e)
		}
	}
	return out
}

// Allows answers whether the principal may perform action on resource, the
// way AWS evaluates identity policies and a boundary (no SCPs, resource
// policies or session policies). resource may be an unknown value's
// reference ("aws_iam_role.x.arn"), which matches a statement naming that
// same unknown value.
func (r *Result) Allows(action, resource string) Access {
	action = strings.ToLower(action)
	conditional := false
	for _, d := range r.denies {
		if d.stmt.matchesAction(action) && termsMatch(d.resources, d.notResource, resource) {
			if !d.conditional() {
				return AccessExplicitDeny
			}
			conditional = true
		}
	}
	allowed := func(gs []*grant) (bool, bool) {
		ok, cond := false, true
		for _, g := range gs {
			if g.stmt.matchesAction(action) && termsMatch(g.resources, g.notResource, resource) {
				ok = true
				cond = cond && g.conditional()
			}
		}
		return ok, ok && cond
	}
	ok, cond := allowed(r.rawAllows())
	if !ok {
		return AccessImplicitDeny
	}
	if r.bounded {
		bok, bcond := allowed(r.boundary)
		if !bok {
			return AccessImplicitDeny
		}
		cond = cond || bcond
	}
	if cond || conditional {
		return AccessConditional
	}
	return AccessAllowed
}

// rawAllows returns the Allow statements behind the effective grants
// (Allows re-evaluates them against the concrete action).
func (r *Result) rawAllows() []*grant {
	seen := map[*Statement]bool{}
	var out []*grant
	for _, g := range r.grants {
		if !seen[g.stmt] {
			seen[g.stmt] = true
			out = append(out, g)
		}
	}
	return out
}

// Actions returns the canonical names of the actions the principal may
// perform on some resource (after Denies and boundaries), sorted.
func (r *Result) Actions() []string {
	t := table()
	all := newBitset(t.n)
	for _, g := range r.grants {
		all.or(g.applicable(t))
	}
	var out []string
	all.each(func(i int) { out = append(out, t.name(i)) })
	sort.Strings(out)
	return out
}
