package awsiam

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
)

// NearTotalCoverage is the share of all actions on all resources from which
// a principal counts as admin even without "*": PowerUserAccess and its
// clones (NotAction iam:*, organizations:*) leave about 99%.
const NearTotalCoverage = 0.95

// selfGrantActions let a principal of a kind attach or write any policy on
// itself in one call, so holding one on every resource is admin.
var selfGrantActions = map[PrincipalKind][]string{
	PrincipalUser:  {"iam:attachuserpolicy", "iam:putuserpolicy"},
	PrincipalRole:  {"iam:attachrolepolicy", "iam:putrolepolicy"},
	PrincipalGroup: {"iam:attachgrouppolicy", "iam:putgrouppolicy"},
	PrincipalUnspecified: {"iam:attachuserpolicy", "iam:putuserpolicy", "iam:attachrolepolicy",
		"iam:putrolepolicy", "iam:attachgrouppolicy", "iam:putgrouppolicy"},
}

// selfUserActions act on a user's own permissions: held on the caller's own
// user (Resource "arn:aws:iam::*:user/${aws:username}") they lift the
// caller as much as held on every user. Keys, passwords and MFA on itself
// give a user nothing it does not have, so they are not here.
var selfUserActions = []string{"iam:attachuserpolicy", "iam:putuserpolicy", "iam:deleteuserpermissionsboundary", "iam:putuserpermissionsboundary"}

func (r *Result) classify(t *actionTable, kind PrincipalKind) {
	r.kind = kind
	n := t.n
	anyBits := r.mem.bits(n)
	allBits := r.mem.bits(n)
	readBits := r.mem.bits(n) // granted with read intent only
	var unrecognized []string
	for _, g := range r.grants {
		a := g.applicable(t)
		if g.readIntent != nil {
			ri := r.mem.clone(a)
			ri.and(g.readIntent)
			readBits.or(ri)
			a = r.mem.clone(a)
			a.andNot(g.readIntent)
		}
		anyBits.or(a)
		if g.breadth == breadthAll {
			allBits.or(g.applicable(t))
		}
		for _, u := range g.unrecognized {
			if !slices.Contains(unrecognized, u) {
				unrecognized = append(unrecognized, u)
			}
		}
		r.Unknowns = iam.AddUnknowns(r.Unknowns, g.unknowns()...)
	}
	r.Coverage = float64(allBits.count()) / float64(n)

	admin := false
	if r.Coverage >= NearTotalCoverage {
		admin = true
		var contributors []iam.Grant
		star := false
		for _, g := range r.grants {
			if g.breadth == breadthAll && g.bits.count()*2 >= n {
				contributors = append(contributors, g.ref())
				star = star || (!g.stmt.NotAction && slices.ContainsFunc(g.stmt.Actions, func(a Term) bool { return !a.Unknown && a.Text == "*" }))
			}
		}
		id, msg := "aws:near-total", fmt.Sprintf("allows %.1f%% of all AWS actions on every resource (NotAction-style grant)", 100*r.Coverage)
		if star && r.Coverage == 1 {
			id, msg = "aws:all-actions", `allows "*" on "*"`
		}
		r.Evidence = append(r.Evidence, iam.Evidence{Kind: iam.KindAdmin, ID: id, Class: iam.ClassAdmin, Message: msg, Scope: "*", Grants: contributors})
	}
	if !admin {
		var hits []iam.Grant
		var acts []string
		onlySelf := true
		for _, a := range selfGrantActions[kind] {
			for _, g := range r.grantsFor(t, a, true) {
				hits = appendGrant(hits, g.ref())
				acts = appendUnique(acts, t.name(t.known(a)))
				onlySelf = onlySelf && !g.breadth.broad()
			}
		}
		if len(hits) > 0 {
			admin = true
			on, scope := "every principal", "*"
			if onlySelf {
				on, scope = "its own user", "self"
			}
			r.Evidence = append(r.Evidence, iam.Evidence{
				Kind: iam.KindAdmin, ID: "aws:iam-self-grant", Class: iam.ClassAdmin, Scope: scope,
				Message: fmt.Sprintf("can attach or write any policy on itself (%s on %s), so it can grant itself AdministratorAccess", strings.Join(acts, ", "), on),
				Grants:  hits,
				Actions: nil,
			})
		}
	}

	switch {
	case admin:
		r.Class = iam.ClassAdmin
	case anyBits.intersects(t.byLevel[LevelPermissionsManagement]):
		r.Class = iam.ClassPermissionsManagement
	case anyBits.intersects(t.byLevel[LevelWrite]) || anyBits.intersects(t.byLevel[LevelTagging]):
		r.Class = iam.ClassWrite
	case anyBits.intersects(t.byLevel[LevelRead]) || anyBits.intersects(t.byLevel[LevelList]) || !readBits.empty():
		r.Class = iam.ClassRead
	case len(unrecognized) > 0 || len(r.Unknowns) > 0 || len(r.Problems) > 0:
		r.Class = iam.ClassUnknown
	default:
		r.Class = iam.ClassNone
	}
	if len(unrecognized) > 0 {
		slices.Sort(unrecognized)
		r.Notes = append(r.Notes, "actions not in the AWS action table (new or misspelled): "+strings.Join(unrecognized, ", "))
	}

	if admin {
		// Wildcard and escalation evidence would only restate it.
		return
	}
	r.wildcardEvidence(t, allBits, admin)
	if r.Class == iam.ClassPermissionsManagement {
		r.permissionsManagementEvidence(t)
	}
	r.escalationEvidence(t)
	r.secretsReadEvidence(t)
}

// secretsReadEvidence reports reading the value of every Secrets Manager
// secret of the account: other workloads' database passwords and API
// keys (as Checkov's CKV_AWS_288 and Prowler do). A service wildcard that
// already covers it is not restated.
func (r *Result) secretsReadEvidence(t *actionTable) {
	gs := r.grantsFor(t, "secretsmanager:getsecretvalue", true)
	if len(gs) == 0 {
		return
	}
	for _, e := range r.Evidence {
		if e.Kind == iam.KindWildcard && slices.ContainsFunc(e.Actions, func(a string) bool {
			return a == "*" || strings.HasPrefix(strings.ToLower(a), "secretsmanager:")
		}) {
			return
		}
	}
	var grants []iam.Grant
	var unknowns []string
	for _, g := range gs {
		grants = appendGrant(grants, g.ref())
		unknowns = iam.AddUnknowns(unknowns, g.unknowns()...)
	}
	r.Evidence = append(r.Evidence, iam.Evidence{
		Kind: iam.KindSecretsRead, ID: "aws:secrets-read", Class: iam.ClassRead, Scope: "*",
		Message: "reads the value of every Secrets Manager secret (secretsmanager:GetSecretValue on every secret): other workloads' passwords and keys",
		Actions: []string{"secretsmanager:GetSecretValue"}, Grants: grants, Unknowns: unknowns,
	})
}

// grantsFor returns the grants that allow a (lower-case) action, only those
// on every resource of its type when broad is set. For the actions of
// selfUserActions, broad also admits a grant on the caller's own user when
// the principal may be a user (aws:username is only set for users).
func (r *Result) grantsFor(t *actionTable, action string, broad bool) []*grant {
	i := t.known(action)
	if i < 0 || !r.union(t).has(i) {
		return nil
	}
	self := (r.kind == PrincipalUser || r.kind == PrincipalUnspecified) && slices.Contains(selfUserActions, action)
	var out []*grant
	for _, g := range r.grants {
		if broad && !g.breadth.broad() && !(self && g.self) {
			continue
		}
		if g.bits.has(i) && (g.matchesStar || !t.starOnly.has(i)) {
			out = append(out, g)
		}
	}
	return out
}

// union is every action some grant names, for grantsFor's quick test.
func (r *Result) union(t *actionTable) bitset {
	if r.unionBits == nil {
		r.unionBits = r.mem.bits(t.n)
		for _, g := range r.grants {
			r.unionBits.or(g.bits)
		}
	}
	return r.unionBits
}

func appendGrant(gs []iam.Grant, g iam.Grant) []iam.Grant {
	for _, x := range gs {
		if x.Where == g.Where && slices.Equal(x.Source.Chain, g.Source.Chain) {
			return gs
		}
	}
	return append(gs, g)
}

func appendUnique(ss []string, s string) []string {
	if slices.Contains(ss, s) {
		return ss
	}
	return append(ss, s)
}

// wildcardEvidence reports service-wide wildcards ("s3:*") and broad
// NotAction grants on every resource, and wildcards that reach
// permissions-management actions everywhere.
func (r *Result) wildcardEvidence(t *actionTable, allBits bitset, admin bool) {
	for _, g := range r.grants {
		if g.breadth != breadthAll {
			continue
		}
		if g.stmt.NotAction {
			if admin {
				continue
			}
			cnt := g.applicable(t).count()
			if cnt == 0 {
				continue
			}
			r.Evidence = append(r.Evidence, iam.Evidence{
				Kind: iam.KindWildcard, ID: "aws:not-action", Class: levelClass(t, g.applicable(t)), Scope: "*",
				Message: fmt.Sprintf("NotAction on every resource allows %d actions", cnt),
				Grants:  []iam.Grant{g.ref()}, Unknowns: g.unknowns(),
			})
			continue
		}
		var hits []wildHit
		if g.pristine() {
			hits = g.wildHits(t)
		} else {
			pm := t.byLevel[LevelPermissionsManagement]
			for i, a := range g.stmt.Actions {
				if h, ok := wildcardHit(t, a, g.applicable(t), pm, r.mem); ok {
					h.action = i
					hits = append(hits, h)
				}
			}
		}
		for _, h := range hits {
			a, b := g.stmt.Actions[h.action], h.bits
			svc, _, _ := strings.Cut(strings.ToLower(a.Text), ":")
			if h.service {
				r.Evidence = append(r.Evidence, iam.Evidence{
					Kind: iam.KindWildcard, ID: "aws:service-wildcard", Class: levelClass(t, b), Scope: "*",
					Message: fmt.Sprintf("%s on every resource: all %d %s actions, including %s", a.Text, b.count(), svc, strongest(t, b)),
					Actions: []string{a.Text}, Grants: []iam.Grant{g.ref()}, Unknowns: g.unknowns(),
				})
				continue
			}
			pm := r.mem.clone(b)
			pm.and(t.byLevel[LevelPermissionsManagement])
			r.Evidence = append(r.Evidence, iam.Evidence{
				Kind: iam.KindWildcard, ID: "aws:permissions-wildcard", Class: iam.ClassPermissionsManagement, Scope: "*",
				Message: fmt.Sprintf("%s on every resource includes permissions-management actions (%s)", a.Text, sample(t, pm, 4)),
				Actions: []string{a.Text}, Grants: []iam.Grant{g.ref()}, Unknowns: g.unknowns(),
			})
		}
	}
}

func (r *Result) permissionsManagementEvidence(t *actionTable) {
	pm := r.mem.bits(t.n)
	var grants []iam.Grant
	var unknowns []string
	scope := breadthSpecific
	for _, g := range r.grants {
		b := r.mem.clone(g.applicable(t))
		b.and(t.byLevel[LevelPermissionsManagement])
		if b.empty() {
			continue
		}
		pm.or(b)
		grants = appendGrant(grants, g.ref())
		unknowns = iam.AddUnknowns(unknowns, g.unknowns()...)
		scope = max(scope, g.breadth)
	}
	r.Evidence = append(r.Evidence, iam.Evidence{
		Kind: iam.KindPermissionsManagement, ID: "aws:permissions-management", Class: iam.ClassPermissionsManagement,
		Scope:   scope.String(),
		Message: fmt.Sprintf("can change permissions (%s) on %s", sample(t, pm, 5), scope),
		Actions: identityActions(t, pm),
		Grants:  grants, Unknowns: unknowns,
	})
}

// identityServices manage identities and what they may do: permissions
// management there, even on one named role, can raise a principal (its
// own role's inline policy).
var identityServices = []string{"iam", "sts", "organizations", "sso", "identitystore"}

// identityActions lists the actions of identityServices in b, up to ten:
// the ones a narrow scope does not make harmless.
func identityActions(t *actionTable, b bitset) []string {
	var out []string
	for _, name := range identityServices {
		i, ok := t.svcIndex[name]
		if !ok {
			continue
		}
		s := t.services[i]
		for a := s.lo; a < s.hi && len(out) < 10; a++ {
			if b.has(a) {
				out = append(out, t.name(a))
			}
		}
	}
	return out
}

func levelClass(t *actionTable, b bitset) iam.Class {
	for _, l := range []AccessLevel{LevelPermissionsManagement, LevelWrite, LevelTagging, LevelRead, LevelList} {
		if b.intersects(t.byLevel[l]) {
			return l.Class()
		}
	}
	return iam.ClassNone
}

func strongest(t *actionTable, b bitset) string {
	for _, l := range []AccessLevel{LevelPermissionsManagement, LevelWrite, LevelTagging, LevelRead, LevelList} {
		if b.intersects(t.byLevel[l]) {
			return strings.ToLower(l.String()) + " actions"
		}
	}
	return "no actions"
}

// sample names up to k actions of b, and how many more there are. Actions
// whose names say what they change come first, policies and permissions
// before grants, ACLs and roles: AWS files some attach and cancel actions
// under permissions management too, and the first ones in name order need
// not be the telling ones (ec2:AttachApplianceToNatGateway before
// ec2:CreateNetworkInterfacePermission).
func sample(t *actionTable, b bitset, k int) string {
	var tiers [5][]string // by permissionsTier
	total, found := 0, 0
	b.each(func(i int) {
		total++
		// Past a few hundred actions (a wildcard over every service), the
		// names already found will do.
		if len(tiers[0]) >= k || total > maxSampleScan && found >= k {
			return
		}
		name := t.name(i)
		if tier := permissionsTier(name); len(tiers[tier]) < k {
			tiers[tier] = append(tiers[tier], name)
			found++
		}
	})
	names := slices.Concat(tiers[:]...)
	names = names[:min(k, len(names))]
	s := strings.Join(names, ", ")
	if total > k {
		s += fmt.Sprintf(" and %d more", total-k)
	}
	return s
}

// maxSampleScan bounds how many actions sample reads for telling names.
const maxSampleScan = 512

// permissionsTier ranks how plainly an action's name says that it grants
// access: policies and permissions before grants, ACLs and roles, and
// those that add or change (Put, Attach, Create...) before the rest; 4 is
// everything else.
func permissionsTier(action string) int {
	_, name, _ := strings.Cut(action, ":")
	tier := 4
	switch {
	case strings.Contains(name, "Policy"), strings.Contains(name, "Permission"):
		tier = 0
	case strings.Contains(name, "Grant"), strings.Contains(name, "Acl"), strings.Contains(name, "Role"):
		tier = 1
	default:
		return tier
	}
	for _, verb := range []string{"Put", "Attach", "Create", "Update", "Set", "Add", "Modify", "Replace", "Associate"} {
		if strings.HasPrefix(name, verb) {
			return tier
		}
	}
	return tier + 2
}
