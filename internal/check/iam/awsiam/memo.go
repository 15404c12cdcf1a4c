package awsiam

import (
	"strings"
	"sync"
)

// expansion is what a statement's actions cover, derived from the statement
// alone. AWS managed policies are parsed once and shared, so their
// statements carry one: a policy such as ReadOnlyAccess (thousands of
// action patterns) is expanded once per process instead of once per
// principal it is attached to. Statements of other documents have none and
// are expanded on every evaluation (a memo per document would keep several
// action bitsets alive per plan resource).
type expansion struct {
	once         sync.Once
	bits         bitset
	readIntent   bitset
	unrecognized []string
	breadth      breadth
	self         bool // see termsSelf
	matchesStar  bool
	app          bitset   // applicable() of the grant before Denies and boundaries
	unknowns     []string // see termUnknowns: a broad policy lists thousands of terms

	wildOnce sync.Once
	wild     []wildHit
}

// wildHit is one wildcard action of a statement on every resource that
// wildcardEvidence reports, computed on the unchanged grant.
type wildHit struct {
	action  int    // index in Statement.Actions
	bits    bitset // the pattern's actions the grant applies
	service bool   // "svc:*": a service-wide wildcard
}

// withExpansions gives every statement of a shared document its memo.
func withExpansions(d *Document) *Document {
	if d != nil {
		for i := range d.Statements {
			d.Statements[i].exp = &expansion{}
		}
	}
	return d
}

// expand fills the memo the way newGrant expands a statement, its sets
// from mem (nil for a shared statement's memo, which outlives the call).
func (x *expansion) expand(t *actionTable, s *Statement, mem *arena) {
	// Each set holds a bit for every action of the table (kilobytes):
	// make only those that differ. other (the actions outside read-verb
	// wildcards) is the union until a read-verb wildcard comes; the
	// applicable actions are the set itself unless it holds actions
	// without resource-level permissions. A document of literal actions
	// then costs one set a statement, not four.
	union := mem.bits(t.n)
	var other bitset // nil: equal to union
	readOnlySession := readOnlySessionCondition(s)
	for _, a := range s.Actions {
		if a.Unknown {
			continue
		}
		if !strings.ContainsAny(a.Text, "*?") {
			// A literal names at most one action: set its bit rather
			// than OR a whole expansion.
			if i := t.find(a.Text); i >= 0 {
				union.set(i)
				if other != nil {
					other.set(i)
				}
			} else if !s.NotAction {
				x.unrecognized = append(x.unrecognized, strings.ToLower(a.Text))
			}
			continue
		}
		l := strings.ToLower(a.Text)
		e := t.expand(l)
		if e.empty() {
			continue // adds nothing to either set
		}
		read := readVerbWildcard(l)
		if read && other == nil {
			other = mem.clone(union)
		}
		union.or(e)
		if other != nil && !read {
			other.or(e)
		}
	}
	if s.NotAction {
		x.bits = mem.clone(t.all)
		x.bits.andNot(union)
	} else {
		if union.empty() {
			// Every statement that grants no known action shares the empty
			// set (read only, as sets held by a memo are): thousands of them
			// (a hostile document) each kept a table-sized one.
			mem.unget(union)
			union = t.none
		}
		x.bits = union
		var ri bitset // read intent: the actions only read-verb wildcards grant
		switch {
		case readOnlySession:
			ri = union
		case other != nil:
			ri = mem.clone(union)
			ri.andNot(other)
		}
		if ri != nil && !ri.empty() {
			x.readIntent = ri
		}
	}
	x.unknowns = termUnknowns(s)
	x.breadth = termsBreadth(s.Resources, s.NotResource)
	x.self = termsSelf(s.Resources, s.NotResource)
	x.matchesStar = termsMatchStar(s.Resources, s.NotResource)
	if x.matchesStar || !x.bits.intersects(t.starOnly) {
		x.app = x.bits
	} else {
		x.app = mem.clone(x.bits)
		x.app.andNot(t.starOnly)
	}
}

// pristine reports whether a grant still holds its statement's own
// expansion (no Deny subtracted, no boundary applied).
func (g *grant) pristine() bool {
	x := g.exp
	return x != nil && len(g.bits) > 0 && len(x.bits) > 0 && &g.bits[0] == &x.bits[0] && g.matchesStar == x.matchesStar
}

// wildHits returns the memoised wildcardEvidence hits of a pristine grant.
func (g *grant) wildHits(t *actionTable) []wildHit {
	x := g.exp
	x.wildOnce.Do(func() {
		var mem *arena
		if g.stmt.exp == nil {
			mem = g.mem // a memo of this evaluation only
		}
		pm := t.byLevel[LevelPermissionsManagement]
		for i, a := range g.stmt.Actions {
			hit, ok := wildcardHit(t, a, x.app, pm, mem)
			if ok {
				hit.action = i
				x.wild = append(x.wild, hit)
			}
		}
	})
	return x.wild
}

// wildcardHit tests one action of a grant on every resource: a service
// wildcard, or a wildcard that reaches permissions-management actions.
func wildcardHit(t *actionTable, a Term, app, pm bitset, mem *arena) (wildHit, bool) {
	if a.Unknown || a.Text == "*" || !strings.ContainsAny(a.Text, "*?") {
		return wildHit{}, false
	}
	l := strings.ToLower(a.Text)
	svc, rest, _ := strings.Cut(l, ":")
	e := t.expand(l)
	// Most patterns of a broad policy (ReadOnlyAccess has hundreds) are
	// no hit: test before copying a table-sized set for each.
	if !e.intersects(app) {
		return wildHit{}, false
	}
	service := rest == "*" && !strings.ContainsAny(svc, "*?")
	if !service && !e.intersects3(app, pm) {
		return wildHit{}, false
	}
	b := mem.clone(e)
	b.and(app)
	return wildHit{bits: b, service: service}, true
}

// arena hands out the working bitsets of one evaluation and recycles
// them when the caller needs only the verdict (EvaluateVerdict): a bitset
// holds one bit per known action (a few KB), and an evaluation makes
// several per statement, so a plan with thousands of principals would
// otherwise allocate gigabytes. A nil arena allocates normally.
type arena struct {
	used  []bitset
	first [24]bitset // backs used for a typical evaluation

	// The evaluation's grants and expansions, kept for the next one (the
	// arena is pooled): they never escape a verdict.
	grants slab[grant]
	exps   slab[expansion]
}

// grant returns a zero grant that lives until release (a new one when
// the arena is nil).
func (a *arena) grant() *grant {
	if a == nil {
		return &grant{}
	}
	return a.grants.get()
}

// expansion returns a zero expansion that lives until release.
func (a *arena) expansion() *expansion {
	if a == nil {
		return &expansion{}
	}
	return a.exps.get()
}

// slab hands out zeroed values and takes them all back at once.
type slab[T any] struct {
	items []*T
	n     int // in use
}

func (s *slab[T]) get() *T {
	if s.n == len(s.items) {
		s.items = append(s.items, new(T))
	}
	v := s.items[s.n]
	s.n++
	return v
}

// reset zeroes what was handed out, for reuse.
func (s *slab[T]) reset() {
	var zero T
	for _, v := range s.items[:s.n] {
		*v = zero
	}
	s.n = 0
}

// freeBits is the recycled bitsets, all of the table's size.
var freeBits struct {
	sync.Mutex
	list []bitset
}

const maxFreeBits = 1024

// get returns a bitset of length size whose content is garbage (a
// recycled one) or zero.
func (a *arena) get(size int) bitset {
	if a == nil {
		return make(bitset, size)
	}
	var b bitset
	freeBits.Lock()
	if k := len(freeBits.list); k > 0 {
		b, freeBits.list = freeBits.list[k-1], freeBits.list[:k-1]
	}
	freeBits.Unlock()
	if len(b) != size {
		b = make(bitset, size)
	}
	if a.used == nil {
		a.used = a.first[:0]
	}
	a.used = append(a.used, b)
	return b
}

// unget takes back b, the last bitset get handed out, for the next get:
// a set found not to be needed does not stay until release.
func (a *arena) unget(b bitset) {
	if a == nil || len(a.used) == 0 || &a.used[len(a.used)-1][0] != &b[0] {
		return
	}
	a.used = a.used[:len(a.used)-1]
	freeBits.Lock()
	if len(freeBits.list) < maxFreeBits {
		freeBits.list = append(freeBits.list, b)
	}
	freeBits.Unlock()
}

// bits returns an empty bitset for n actions. A recycled one needs only
// its summary cleared.
func (a *arena) bits(n int) bitset {
	b := a.get(bitsetLen(n))
	b[0] = uint64((n + 63) / 64)
	b.reset()
	return b
}

// clone copies b.
func (a *arena) clone(b bitset) bitset {
	c := a.get(len(b))
	c[0] = b[0]
	c.assign(b)
	return c
}

// release recycles every bitset the arena handed out; nothing may use
// them afterwards.
func (a *arena) release() {
	if a == nil {
		return
	}
	freeBits.Lock()
	for _, b := range a.used {
		if len(freeBits.list) >= maxFreeBits {
			break
		}
		freeBits.list = append(freeBits.list, b)
	}
	freeBits.Unlock()
	clear(a.used)
	a.used = nil
	a.grants.reset()
	a.exps.reset()
}
