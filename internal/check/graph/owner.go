package graph

import (
	"regexp"
	"strings"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
	"github.com/nhiguard/terraform-provider-nhi/internal/nhi"
)

// Declaration is what an nhi_identity or nhi_exception resource declares.
type Declaration struct {
	Name        string
	Kind        string
	Owner       string // owner name or nhi_owner id; "" when unknown
	Environment string
	Purpose     string
	Credentials []string
	Enforcement string

	RotationDays    int
	MaxLifetimeDays int
	ReviewEveryDays int

	ExpiresAt      time.Time
	RotatedAt      time.Time
	RotationDueAt  time.Time
	ReviewDueAt    time.Time
	LastReviewedAt time.Time

	// Exception fields.
	Rules      []string
	Resources  []string
	Reason     string
	ApprovedBy string
	Ticket     string
	Renewals   int
}

// Warn reports whether the declaration only warns.
func (d *Declaration) Warn() bool { return strings.EqualFold(d.Enforcement, "warn") }

func (g *Graph) readDeclarations() {
	owners := map[string]string{} // nhi_owner address -> name
	for _, n := range g.byType["nhi_owner"] {
		if s, ok := n.Values["name"].(string); ok {
			owners[n.Address()] = s
		}
	}
	for _, n := range g.byType["nhi_identity"] {
		v := n.Values
		d := &Declaration{
			Name:            str(v["name"]),
			Kind:            str(v["kind"]),
			Owner:           str(v["owner"]),
			Environment:     str(v["environment"]),
			Purpose:         str(v["purpose"]),
			Enforcement:     str(v["enforcement"]),
			RotationDays:    num(v["rotation_days"]),
			MaxLifetimeDays: num(v["max_lifetime_days"]),
			ReviewEveryDays: num(v["review_every_days"]),
			ExpiresAt:       ts(v["expires_at"]),
			RotatedAt:       ts(v["rotated_at"]),
			RotationDueAt:   ts(v["rotation_due_at"]),
			ReviewDueAt:     ts(v["review_due_at"]),
			LastReviewedAt:  ts(v["last_reviewed_at"]),
		}
		d.Credentials, _ = plan.Strings(v["credentials"])
		if d.Owner == "" {
			// owner = nhi_owner.x.id, unknown until apply: the reference names it.
			for _, l := range g.Plan.Links(n.R, "owner") {
				if name, ok := owners[l.Target.Address]; ok {
					d.Owner = name
				}
			}
		}
		n.Declaration = d
		g.Identities = append(g.Identities, n)
	}
	for _, n := range g.byType["nhi_exception"] {
		v := n.Values
		d := &Declaration{
			Reason:     str(v["reason"]),
			ApprovedBy: str(v["approved_by"]),
			Ticket:     str(v["ticket"]),
			ExpiresAt:  ts(v["expires_at"]),
			Renewals:   num(v["renewals"]),
		}
		d.Rules, _ = plan.Strings(v["rules"])
		d.Resources, _ = plan.Strings(v["resources"])
		n.Declaration = d
		g.Exceptions = append(g.Exceptions, n)
	}
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func num(v any) int {
	f, ok := plan.Number(v)
	if !ok {
		return 0
	}
	return int(f)
}

func ts(v any) time.Time {
	s, ok := v.(string)
	if !ok || s == "" {
		return time.Time{}
	}
	t, err := nhi.ParseTimestamp(s)
	if err != nil {
		if d, err := time.Parse("2006-01-02", s); err == nil {
			return d
		}
		return time.Time{}
	}
	return t
}

// Ownership is where a node's owner comes from.
type Ownership struct {
	// Owner is the accountable team or person; empty when none was found.
	Owner string
	// Source says how it was found: nhi_identity, nhi_identity.credentials,
	// tag, label, text, owners, or parent:<source>.
	Source string
	// Via lists the addresses the owner came through (the nhi_identity,
	// the parent identity).
	Via []string
	// Assessable is false for types that can carry no owner and have no
	// parent: random and tls resources, whose ownership is not judged.
	Assessable bool
	// Unknown is set when an owner carrier exists but its value is only
	// known after apply, or (with Sensitive) is hidden as sensitive.
	Unknown   bool
	Sensitive bool
	// UnknownAttr names the attribute known only after apply when it is
	// free text or a tag list (description, tags), and UnknownParent the
	// parent whose owner is unknown when the resource's own are known.
	UnknownAttr, UnknownParent string
	// Outside names parents referenced by value that this plan does not manage.
	Outside []string
	// Placeholder is an owner tag, label or text that names no one
	// ("TBD", "unknown", "none"), seen where no owner was found.
	Placeholder string
}

// Owned reports whether an owner was found.
func (o Ownership) Owned() bool { return o.Source != "" }

const ownerUnknown = "(known after apply)"

// ownerSensitive stands for an owner tag whose value is sensitive: the
// owner exists, and its value is never shown.
const ownerSensitive = "(sensitive value)"

func (g *Graph) resolveOwners() {
	covers := g.credentialCovers()
	g.assignOwners()
	done := make([]bool, len(g.nodes)) // by node ordinal
	var resolve func(n *Node, depth int) Ownership
	resolve = func(n *Node, depth int) Ownership {
		if done[n.ord] || depth > 8 {
			return n.Owner
		}
		done[n.ord] = true
		o := g.ownOwner(n, covers)
		if !o.Owned() {
			for _, p := range n.Parents {
				po := resolve(p, depth+1)
				o.Assessable = o.Assessable || po.Assessable
				if po.Owned() {
					o.Owner, o.Unknown = po.Owner, po.Unknown
					o.Source = "parent:" + strings.TrimPrefix(po.Source, "parent:")
					o.Via = append([]string{p.Address()}, po.Via...)
					break
				}
				// A parent whose owner may be named once its values are
				// known leaves the child's unverified too, not unowned.
				if po.Unknown && !o.Unknown {
					o.Unknown, o.UnknownParent = true, p.Address()
				}
			}
			if len(n.ParentMissing) > 0 {
				o.Assessable = true
				o.Outside = n.ParentMissing
			}
		}
		n.Owner = o
		return o
	}
	for _, n := range g.Nodes {
		resolve(n, 0)
	}
}

// assignOwners records which resource names the owner of which
// (kb.Entry.AssignsOwner): the first one found names it.
func (g *Graph) assignOwners() {
	for _, n := range g.Nodes {
		a := n.Entry.AssignsOwner
		if a == nil || n.R.Mode != "managed" {
			continue
		}
		targets, _ := g.follow(n, a.To)
		for _, t := range targets {
			if _, ok := g.ownerAssigners[t]; ok {
				continue
			}
			if g.ownerAssigners == nil {
				g.ownerAssigners = map[*Node]*Node{}
			}
			g.ownerAssigners[t] = n
		}
	}
}

// credentialCovers indexes the nhi_identity credential address patterns.
func (g *Graph) credentialCovers() *covers {
	var all []cover
	for _, id := range g.Identities {
		for _, c := range id.Declaration.Credentials {
			all = append(all, cover{pattern: c, identity: id})
		}
	}
	return indexCovers(all)
}

func indexCovers(all []cover) *covers {
	cs := &covers{all: all}
	for i, c := range all {
		cs.idx.Add(i, []string{c.pattern}, false)
	}
	return cs
}

// covers are the credential patterns of every identity, in order, found
// by address (nhi.AddressIndex): an identity per credential is the common
// declaration.
type covers struct {
	all []cover
	idx nhi.AddressIndex
}

// first returns the first cover, in order, that covers a resource.
func (cs *covers) first(addr string, a plan.Address) (cover, bool) {
	if len(cs.all) == 0 {
		return cover{}, false
	}
	addrs := []string{addr}
	if a.Key != nil {
		// An address without its instance key covers every instance.
		b := a
		b.Key = nil
		addrs = append(addrs, b.String())
	}
	i := cs.idx.First(func(i int) bool { return cs.all[i].matches(addr, a) }, addrs...)
	if i < 0 {
		return cover{}, false
	}
	return cs.all[i], true
}

type cover struct {
	pattern  string
	identity *Node
}

func (c cover) matches(addr string, a plan.Address) bool {
	if c.pattern == addr || nhi.MatchAddress(c.pattern, addr) {
		return true
	}
	// An address without an instance key covers every instance.
	if a.Key != nil {
		b := a
		b.Key = nil
		if c.pattern == b.String() {
			return true
		}
	}
	return false
}

// ownOwner finds an owner on the node itself (not its parents).
func (g *Graph) ownOwner(n *Node, covers *covers) Ownership {
	var o Ownership
	// A resource that is no identity has an owner to find only when
	// something takes it from it (an app's deployment slot).
	if n.Class == kb.Declaration || n.Class == kb.Other && len(n.Children) == 0 {
		return o
	}
	// 1. A reference from the resource to an nhi_identity, in any attribute
	// or in lifecycle.replace_triggered_by.
	if id := g.referencedIdentity(n); id != nil {
		if o = identityOwnership(id, "nhi_identity"); o.Owned() {
			return o
		}
	}
	// 2. An identity whose credentials list the address.
	if c, ok := covers.first(n.Address(), n.R.Addr); ok {
		if io := identityOwnership(c.identity, "nhi_identity.credentials"); io.Owned() {
			return io
		} else if o.Placeholder == "" {
			o = io
		}
	}
	spec := n.Entry.Owner
	o.Assessable = spec.Carries() || o.Placeholder != ""
	// The identity is the declaration: a placeholder owner there ("TBD")
	// says no one owns it yet, whatever a tag says, as the provider's
	// warning and the docs tell.
	if o.Placeholder != "" {
		return o
	}
	keys := g.Opts.OwnerKeys
	// 3. Tags and labels.
	for _, path := range spec.Tags {
		v := TagMap(plan.Get(n.Values, kb.SplitPath(path)...))
		switch m := v.(type) {
		case map[string]any:
			for _, k := range keys {
				for mk, mv := range m {
					if !strings.EqualFold(mk, k) {
						continue
					}
					switch x := mv.(type) {
					case string:
						if nhi.IsPlaceholderOwner(x) {
							o.Placeholder = x
						} else if strings.TrimSpace(x) != "" {
							return Ownership{Owner: x, Source: tagSource(path), Assessable: true}
						}
					case value.Unknown:
						return Ownership{Owner: ownerUnknown, Source: tagSource(path), Assessable: true, Unknown: true}
					case value.Secret:
						return Ownership{Owner: ownerSensitive, Source: tagSource(path), Assessable: true}
					}
				}
			}
		case value.Secret:
			// A wholly sensitive map may or may not hold an owner key.
			o.Unknown, o.Sensitive = true, true
		case value.Unknown:
			// tags_all is computed from tags and the provider's
			// default_tags: when the provider sets none (or only constant
			// ones), nothing unknown can add an owner.
			if path == "tags_all" {
				if dt, known := g.providerDefaultTags(n); known {
					for _, k := range keys {
						for mk, mv := range dt {
							if s, ok := mv.(string); ok && strings.EqualFold(mk, k) && strings.TrimSpace(s) != "" {
								if nhi.IsPlaceholderOwner(s) {
									o.Placeholder = s
									continue
								}
								return Ownership{Owner: s, Source: "default_tags", Assessable: true}
							}
						}
					}
					continue
				}
			}
			o.Unknown = true
		}
	}
	for _, path := range spec.TagLists {
		if _, unknown := plan.Get(n.Values, kb.SplitPath(path)...).(value.Unknown); unknown && n.R.Configures(kb.SplitPath(path)...) {
			o.Unknown, o.UnknownAttr = true, path
		}
		for _, e := range valuesAt(n.Values, kb.SplitPath(path)) {
			s, ok := e.(string)
			if !ok {
				if _, unknown := e.(value.Unknown); unknown && n.R.Configures(kb.SplitPath(path)...) {
					o.Unknown, o.UnknownAttr = true, path
				}
				continue
			}
			if owner := ownerInText(g.ownerText, s); owner != "" {
				if nhi.IsPlaceholderOwner(owner) {
					o.Placeholder = owner
					continue
				}
				return Ownership{Owner: owner, Source: "tag", Assessable: true}
			}
		}
	}
	// 4. Accountable principals (Azure AD owners).
	for _, path := range spec.Principals {
		v := plan.Get(n.Values, kb.SplitPath(path)...)
		switch x := v.(type) {
		case []any:
			if len(x) > 0 {
				owner := ownerUnknown
				if s, ok := x[0].(string); ok {
					owner = s
				}
				return Ownership{Owner: owner, Source: "owners", Assessable: true}
			}
		case value.Unknown:
			return Ownership{Owner: ownerUnknown, Source: "owners", Assessable: true, Unknown: true}
		}
	}
	// 4b. An owner named by another resource (azuread_application_owner).
	if by, ok := g.ownerAssigners[n]; ok {
		owner := ownerUnknown
		if s, ok := by.Values[by.Entry.AssignsOwner.Owner].(string); ok && strings.TrimSpace(s) != "" {
			owner = s
		}
		return Ownership{Owner: owner, Source: "owners", Via: []string{by.Address()}, Assessable: true}
	}
	// 5. Free text: description, display name, title.
	for _, path := range spec.Text {
		v := plan.Get(n.Values, kb.SplitPath(path)...)
		// What the configuration writes may name the owner once known;
		// what it leaves unset (a default display name) names none.
		if _, unknown := v.(value.Unknown); unknown && n.R.Configures(kb.SplitPath(path)...) {
			o.Unknown, o.UnknownAttr = true, path
		}
		if s, ok := v.(string); ok {
			if owner := ownerInText(g.ownerText, s); owner != "" {
				if nhi.IsPlaceholderOwner(owner) {
					o.Placeholder = owner
					continue
				}
				return Ownership{Owner: owner, Source: "text:" + path, Assessable: true}
			}
		}
	}
	return o
}

func tagSource(path string) string {
	if strings.Contains(path, "label") {
		return "label"
	}
	return "tag"
}

// identityOwnership is the ownership an nhi_identity declares; none, with
// Placeholder set, when its owner names no one.
func identityOwnership(id *Node, source string) Ownership {
	owner := id.Declaration.Owner
	unknown := false
	if owner == "" {
		owner, unknown = ownerUnknown, true
	}
	if nhi.IsPlaceholderOwner(owner) {
		return Ownership{Placeholder: owner, Via: []string{id.Address()}, Assessable: true}
	}
	return Ownership{Owner: owner, Source: source, Via: []string{id.Address()}, Assessable: true, Unknown: unknown}
}

// referencedIdentity finds an nhi_identity the resource references.
func (g *Graph) referencedIdentity(n *Node) *Node {
	for _, al := range g.edgesFrom(n.R) {
		links := al.Links
		if !g.holds(links, isIdentity) {
			continue
		}
		for _, l := range links {
			if l.Target.Type == "nhi_identity" {
				if id := g.nodeOf(l.Target); id != nil {
					return id
				}
			}
		}
	}
	for _, l := range g.lifecycleLinks(n) {
		if l.Target.Type == "nhi_identity" {
			if id := g.nodeOf(l.Target); id != nil {
				return id
			}
		}
	}
	return nil
}

func isIdentity(typ string) bool { return typ == "nhi_identity" }

// lifecycleLinks resolves a resource's replace_triggered_by references.
func (g *Graph) lifecycleLinks(n *Node) []plan.Link {
	if g.Opts.Sources == nil || n.R.Mode != "managed" {
		return nil
	}
	refs, ok := g.Opts.Sources.ReplaceTriggeredBy(n.R.Addr.ModulePath(), n.R.Addr.ConfigAddress())
	if !ok || len(refs) == 0 {
		return nil
	}
	return g.Plan.ResolveRefs(plan.ContextOf(n.R), refs)
}

// ownerTextPattern matches "owner=team" or "owner: team" in free text, for any owner key.
func ownerTextPattern(keys []string) *regexp.Regexp {
	quoted := make([]string, len(keys))
	for i, k := range keys {
		quoted[i] = regexp.QuoteMeta(k)
	}
	return regexp.MustCompile(`(?i)(?:^|[^A-Za-z0-9_:-])(?:` + strings.Join(quoted, "|") + `)\s*[:=]\s*"?([A-Za-z0-9][A-Za-z0-9._@/+-]*)`)
}

func ownerInText(re *regexp.Regexp, s string) string {
	m := re.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return strings.TrimRight(m[1], ".;,")
}

// providerDefaultTags reads the constant default_tags of the provider
// configuration a resource uses; known is false when they are set from
// something the plan does not show.
func (g *Graph) providerDefaultTags(n *Node) (tags map[string]any, known bool) {
	raw := g.Plan.Raw
	if n.R.Config == nil || raw.Config == nil {
		return nil, false
	}
	pc := raw.Config.ProviderConfigs[n.R.Config.ProviderConfigKey]
	if pc == nil {
		return nil, true
	}
	dt := pc.Expressions["default_tags"]
	if dt == nil || dt.ExpressionData == nil || len(dt.NestedBlocks) == 0 {
		return nil, true
	}
	out := map[string]any{}
	for _, blk := range dt.NestedBlocks {
		e := blk["tags"]
		if e == nil || e.ExpressionData == nil {
			continue
		}
		if len(e.References) > 0 {
			return nil, false
		}
		if m, ok := e.ConstantValue.(map[string]any); ok {
			for k, v := range m {
				out[k] = v
			}
		}
	}
	return out, true
}

// TagMap reads tags written as a list of {key, value} objects (the
// Cloud Control provider's, CloudFormation's) as a map; anything else is
// returned as it is. A list with an unknown element, or an element whose
// key is unknown, may hold any key: it reads as unknown.
func TagMap(v any) any {
	l, ok := v.([]any)
	if !ok {
		return v
	}
	m := make(map[string]any, len(l))
	for _, e := range l {
		switch x := e.(type) {
		case map[string]any:
			switch k := x["key"].(type) {
			case string:
				m[k] = x["value"]
			case value.Unknown:
				return k
			}
		case value.Unknown:
			return x
		}
	}
	return m
}
