// Package graph builds the identity graph of a plan: machine identities,
// credentials, owners, rotation, lifetimes, secret flows and grants, by
// interpreting knowledge-base entries over the indexed plan. Rules read
// the graph; they never look at raw plan JSON.
//
// A graph describes one world: the objects as they will be after apply
// (World After), or as they were before (World Before). Comparing the two
// tells which findings a plan introduces.
package graph

import (
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam/awsiam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// World selects which values a graph describes.
type World int

const (
	After World = iota
	Before
)

// Sources is what the graph needs from the .tf sources (lifecycle blocks
// are not in plan JSON). A nil Sources means they were not available.
type Sources interface {
	// ReplaceTriggeredBy returns the replace_triggered_by references of a
	// resource (in plan reference syntax, instance keys written literally
	// or as each.key / count.index), and whether the resource block was found.
	ReplaceTriggeredBy(modulePath []string, configAddress string) ([]string, bool)
	// ProvisionerCommands returns the text of a resource's creation-time
	// provisioner commands, interpolations elided (a plan keeps only their
	// references), and whether the resource block was found.
	ProvisionerCommands(modulePath []string, configAddress string) ([]string, bool)
}

// Options configure a build.
type Options struct {
	World World
	// Now is the time rules judge expiry against.
	Now time.Time
	// OwnerKeys are the tag and label keys that name an owner.
	OwnerKeys []string
	// Sources, when set, supplies lifecycle facts.
	Sources Sources
	// Cache, when set, is shared with the other world's build of the same
	// plan (see Cache).
	Cache *Cache
}

// Node is one resource instance that matters to machine identities.
type Node struct {
	R      *plan.Resource
	Entry  *kb.Entry
	Class  kb.Class
	Values map[string]any

	// Parents are the identities (or stores) this resource belongs to:
	// an access key's user, a secret version's secret.
	Parents []*Node
	// Children are the reverse of Parents.
	Children []*Node
	// ParentMissing names parent references that point outside the plan.
	ParentMissing []string
	// Material are the resources this one takes key material from (a
	// deploy key's tls_private_key): rotating them rotates this one.
	Material []*Node

	Owner    Ownership
	Rotation Rotation
	Lifetime Lifetime
	// TokenLifetime is that of the tokens a login yields, for an identity
	// whose Lifetime is another credential's (kb.Entry.Tokens).
	TokenLifetime Lifetime
	// InlineLifetime is that of the credential the resource makes in a
	// block of its own (kb.Entry.Inline); not Judged when it makes none.
	InlineLifetime Lifetime
	// BoundBy are resources that judge this one's lifetime (a certificate
	// for its private key).
	BoundBy []*Node
	// Disabled credentials cannot authenticate (an inactive access key).
	Disabled bool
	// Foreign identities are another organisation's (kb.Entry.Foreign).
	Foreign bool
	// Declaration is set for nhi_identity and nhi_exception resources.
	Declaration *Declaration
	// Privilege is the effective privilege of identities, and what grants
	// and policies give.
	Privilege *Privilege

	ord int // its resource's position in the plan: the graph's per-node lists use it
	// sensitive: Values hold text the plan marks sensitive, at attributes
	// that decide privilege (revealPrivilegeText); nothing said of the
	// node's privilege may quote it.
	sensitive bool
}

// Address is the node's resource address.
func (n *Node) Address() string { return n.R.Address }

// Type is the resource type whose meaning the node has: its own, or for
// a kubernetes_manifest the typed resource of its object's kind. Reports
// name n.R.Type.
func (n *Node) Type() string { return n.Entry.Type }

// HostedIdentity reports whether the node stands for the managed identity
// the platform made for its resource (kb.Entry.Hosted): a virtual machine
// with a system-assigned identity is that identity to the rules.
func (n *Node) HostedIdentity() bool { return n.Entry.Hosted != nil && n.Class == kb.Identity }

// Subject names the node as the subject of a sentence about it as an
// identity: its address, or its resource's managed identity.
func (n *Node) Subject() string {
	if n.HostedIdentity() {
		return "the " + n.Entry.Hosted.What + " of " + n.Address()
	}
	return n.Address()
}

// otherwise reports whether the node took its entry's Otherwise class (a
// Kubernetes Secret that holds data, not a token).
func (n *Node) otherwise() bool {
	e := n.Entry
	return e.When != nil && n.Class == e.Otherwise && n.Class != e.Class
}

// Alternative is what to use instead of the node's secret
// (kb.Entry.Alternative), "" for an instance that took the entry's
// Otherwise class, to which it does not apply.
func (n *Node) Alternative() string {
	if n.otherwise() {
		return ""
	}
	return n.Entry.Alternative
}

// Kind is the inventory kind.
func (n *Node) Kind() string {
	if n.HostedIdentity() {
		return kb.HostedKind
	}
	if n.otherwise() && n.Entry.OtherwiseKind != "" {
		return n.Entry.OtherwiseKind
	}
	if n.Entry.Kind != "" {
		return n.Entry.Kind
	}
	return n.R.Type
}

// Graph is the identity graph of one world of a plan.
type Graph struct {
	Plan  *plan.Plan
	Opts  Options
	Nodes []*Node // sorted by address

	byAddr map[string]*Node
	// ownerAssigners are the resources that name another's owner
	// (assignOwners), by the resource they own.
	ownerAssigners map[*Node]*Node
	nodes          []*Node // by resource ordinal
	byType         map[string][]*Node
	// valueIndex caches lookups by (type, attribute) -> value -> nodes.
	valueIndex map[typeAttr]map[string][]*Node
	// linkTypes caches the target types of long link lists (see holds).
	linkTypes map[plan.ListID][]string
	ownerText *regexp.Regexp
	// reverse, trust and grantsTo are by node ordinal (see at).
	reverse  [][]Edge
	trust    []*iam.Verdict
	grantsTo [][]*Grant
	// groupGrants memoises groupPolicyGrants; ownPolicies, by node
	// ordinal, awsGrantPolicies without a chain.
	groupGrants map[*Node][]*Grant
	ownPolicies [][]awsiam.Policy
	cache       *Cache
	problems    []Problem
	idx         lookups
	key         keyHash // scratch for Cache keys

	// Identities are the nhi_identity declarations; Exceptions the nhi_exception ones.
	Identities []*Node
	Exceptions []*Node

	// Flows are secret flows out of secret-bearing resources.
	Flows        []*Flow
	storedCopies map[*plan.Resource]bool // sinks of ToSecretStore flows
	// Marked are clear-text attributes holding other sensitive values.
	Marked []*MarkedSink
	// HardCoded are secrets written into the configuration as literals.
	HardCoded []*HardCoded
	// UnverifiedTrust are grants that let principals known only after
	// apply act as an identity, who cannot be told from the plan.
	UnverifiedTrust []*UnverifiedTrust
	// InClear are credentials in the form a service issues them found in
	// attributes stored in clear.
	InClear []*InClear
	// PublicReads are secret stores a resource policy lets anyone read.
	PublicReads []*PublicRead
	// Grants are privilege grants resolved to principals.
	Grants []*Grant
	// Provisioned are credentials made by provisioners of resources this
	// plan creates.
	Provisioned []*Provisioned
	// Stacks are the IAM resources of CloudFormation templates;
	// StacksUnread the stacks allowed to make IAM resources whose template
	// the plan does not hold (template_url, or known only after apply).
	Stacks       []*StackResource
	StacksUnread []*Node
	// Requests are application permissions asked for, not granted here.
	Requests []*Request
	// cfGroupNames names Cloudflare permission group ids from the plan's
	// data sources (cloudflareGroupNames), made on first use.
	cfGroupNames map[string]string
	// awsAuth memoises awsAuthMappings, by aws-auth ConfigMap.
	awsAuth map[*Node][]awsAuthMapping
}

// Node returns the node at an address.
func (g *Graph) Node(address string) *Node { return g.byAddr[address] }

// nodeOf returns the node at r's address (as Node(r.Address)).
func (g *Graph) nodeOf(r *plan.Resource) *Node {
	if i := r.Ordinal(); i >= 0 && i < len(g.nodes) && g.Plan.Resources[i] == r {
		return g.nodes[i]
	}
	return g.byAddr[r.Address]
}

// at returns n's position in the graph's per-node lists, or -1 for a node
// of another graph.
func (g *Graph) at(n *Node) int {
	if n == nil || n.ord >= len(g.nodes) || g.nodes[n.ord] != n {
		return -1
	}
	return n.ord
}

// OfType returns the nodes of a type, sorted by address.
func (g *Graph) OfType(typ string) []*Node { return g.byType[typ] }

// NoSources reports whether .tf sources were unavailable.
func (g *Graph) NoSources() bool { return g.Opts.Sources == nil }

// Build builds the graph of one world.
func Build(p *plan.Plan, opts Options) *Graph {
	if len(opts.OwnerKeys) == 0 {
		opts.OwnerKeys = kb.DefaultOwnerKeys
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	g := &Graph{Plan: p, Opts: opts, byAddr: make(map[string]*Node, len(p.Resources)), byType: map[string][]*Node{}, valueIndex: map[typeAttr]map[string][]*Node{}, cache: opts.Cache}
	if g.cache == nil {
		g.cache = NewCache()
	}
	revealing := p.HasSensitiveText()
	for i, r := range p.Resources {
		vals := worldValues(r, opts.World)
		if vals == nil {
			continue
		}
		e := kb.Lookup(r.Type)
		if e != nil && e.Manifest {
			e, vals = kb.FromManifest(vals)
		}
		// A declaration (nhi_identity, nhi_exception, nhi_owner) exists only
		// in Terraform's state: forgotten, it is gone, and owns or waives
		// nothing after apply.
		if e == nil || e.Class == kb.Declaration && r.Action == plan.Forget && opts.World == After {
			continue
		}
		if len(e.ComputedUnset) > 0 && opts.World == After && r.Action == plan.Create {
			vals = unsetComputed(r, e.ComputedUnset, vals)
		}
		n := &Node{R: r, Entry: e, Class: e.Class, Values: vals, ord: i}
		if revealing {
			n.Values, n.sensitive = g.revealPrivilegeText(e.Type, vals)
		}
		if e.When != nil && !matches(vals, *e.When) {
			n.Class = e.Otherwise
		}
		if e.Hosted != nil && matches(vals, e.Hosted.When) {
			n.Class = kb.Identity
		}
		n.Disabled, n.Foreign = matchesAny(vals, e.Disabled), matchesAny(vals, e.Foreign)
		g.Nodes = append(g.Nodes, n)
		g.byAddr[r.Address] = n
		g.byType[n.Type()] = append(g.byType[n.Type()], n)
	}
	// Nodes by resource position: links name resources, and a string
	// lookup per link was a good part of the graph's cost.
	g.nodes = make([]*Node, len(p.Resources))
	for i, r := range p.Resources {
		g.nodes[i] = g.byAddr[r.Address]
	}
	g.ownerText = ownerTextPattern(opts.OwnerKeys)
	g.linkParents()
	g.readDeclarations()
	g.resolveOwners()
	g.resolveLifetimes()
	g.resolveFlows()
	g.resolveMarked()
	g.resolveHardCoded()
	g.resolveInClear()
	g.resolveProvisioned()
	g.resolveStacks()
	g.resolvePrivilege()
	g.resolvePublicReads()
	g.resolveRequests()
	// The cache served the build; a graph kept afterwards (the checker's
	// result) need not keep the documents and verdicts alive, nor the
	// plan's link lists the summaries name.
	g.cache = nil
	g.linkTypes = nil
	return g
}

// worldValues picks the values a resource has in a world, nil when it does
// not exist there. A forgotten resource still exists after apply, outside
// Terraform, with its last known values.
func worldValues(r *plan.Resource, w World) map[string]any {
	if r.Mode == "data" {
		return r.Values()
	}
	if w == Before {
		if r.Action == plan.Create {
			return nil
		}
		return r.Before
	}
	switch r.Action {
	case plan.Delete:
		return nil
	case plan.Forget:
		return r.Before
	}
	return r.After
}

// unsetComputed drops from a new resource's values the attributes the
// provider computes when unset (kb.Entry.ComputedUnset) that are unknown
// and that the configuration does not set: the resource is created
// without them. Without the configuration nothing is dropped.
func unsetComputed(r *plan.Resource, attrs []string, vals map[string]any) map[string]any {
	if r.Config == nil {
		return vals
	}
	var out map[string]any // a copy, once something is dropped: vals are the plan's
	for _, a := range attrs {
		if _, unknown := vals[a].(value.Unknown); !unknown || r.Configures(a) {
			continue
		}
		if out == nil {
			out = maps.Clone(vals)
		}
		delete(out, a)
	}
	if out == nil {
		return vals
	}
	return out
}

// Managed reports whether the node stays under Terraform after this plan.
func (n *Node) Managed() bool { return n.R.Action != plan.Forget }

// matches tests a condition against values; a bool matches "true" or
// "false".
func matches(vals map[string]any, c kb.Condition) bool {
	for _, o := range c.Or {
		if matches(vals, o) {
			return true
		}
	}
	v := plan.Get(vals, kb.SplitPath(c.Path)...)
	if c.Set || c.Unset {
		return (v != nil) == c.Set
	}
	switch x := v.(type) {
	case string:
		return strings.EqualFold(x, c.Contains)
	case bool:
		return strings.EqualFold(strconv.FormatBool(x), c.Contains)
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok && strings.EqualFold(s, c.Contains) {
				return true
			}
		}
	}
	return false
}

// matchesAny reports whether any of the conditions holds.
func matchesAny(vals map[string]any, cs []kb.Condition) bool {
	return slices.ContainsFunc(cs, func(c kb.Condition) bool { return matches(vals, c) })
}

func sortNodes(ns []*Node) {
	sort.Slice(ns, func(i, j int) bool { return ns[i].Address() < ns[j].Address() })
}

// dedupe removes repeated nodes, keeping order.
func dedupe(ns []*Node) []*Node {
	if len(ns) < 2 {
		return ns
	}
	seen := make(map[*Node]bool, len(ns))
	out := ns[:0]
	for _, n := range ns {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// Addresses lists node addresses.
func Addresses(ns []*Node) []string {
	out := make([]string, 0, len(ns))
	for _, n := range ns {
		out = append(out, n.Address())
	}
	return out
}
