package awsiam

import (
	_ "embed"
	"fmt"
	"index/suffixarray"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam/internal/packed"
)

// Both are plain text, read in place: see iamgen's awsActions.
//
//go:embed data/aws-actions.idx
var actionsIndex string

//go:embed data/aws-actions.txt
var actionNames string

// AccessLevel is the access level AWS documents for an action.
type AccessLevel int

const (
	LevelUnknown AccessLevel = iota
	LevelList
	LevelRead
	LevelWrite
	LevelTagging
	LevelPermissionsManagement
)

func (l AccessLevel) String() string {
	switch l {
	case LevelList:
		return "List"
	case LevelRead:
		return "Read"
	case LevelWrite:
		return "Write"
	case LevelTagging:
		return "Tagging"
	case LevelPermissionsManagement:
		return "Permissions management"
	}
	return "Unknown"
}

// Class maps an access level to a privilege class: List and Read are read,
// Write and Tagging are write.
func (l AccessLevel) Class() iam.Class {
	switch l {
	case LevelList, LevelRead:
		return iam.ClassRead
	case LevelWrite, LevelTagging:
		return iam.ClassWrite
	case LevelPermissionsManagement:
		return iam.ClassPermissionsManagement
	}
	return iam.ClassUnknown
}

// serviceRange is one service's actions: bits [lo, hi). Its names are
// split out of the names text the first time a policy names the service.
type serviceRange struct {
	name   string // lower case, as in action names
	lo, hi int
	text   string // its lines of the names text

	once  sync.Once
	names []string // canonical case ("GetObject"), sorted by lower-case form
}

// actionText is every action name (without its service) in lower case,
// one a line in position order, so that one search finds the actions
// holding a literal run; made for the first pattern that needs it.
type actionText struct {
	once  sync.Once
	text  string
	lines []int32 // where each position's line starts, and the end

	// A search reads the whole text (0.14 ms). Past indexFrom searches a
	// suffix array (25 ms to build, 2 MiB) answers each in microseconds
	// instead: a plan of thousands of such patterns cost each one a scan.
	mu       sync.Mutex
	searches int
	index    *suffixarray.Index
}

// indexFrom is the number of scans after which the text is indexed: about
// what the index costs to build.
const indexFrom = 192

// lowerNames returns the table's actionText.
func (t *actionTable) lowerNames() *actionText {
	x := &t.lower
	x.once.Do(func() {
		var b strings.Builder
		x.lines = make([]int32, 0, t.n+1)
		for _, s := range t.services {
			t.load(s)
			for _, n := range s.names {
				x.lines = append(x.lines, int32(b.Len()))
				b.WriteString(strings.ToLower(n))
				b.WriteByte('\n')
			}
		}
		x.lines = append(x.lines, int32(b.Len()))
		x.text = b.String()
	})
	return x
}

// holding calls f with the position of every action whose name holds
// run (lower case, no newline), in order.
func (x *actionText) holding(run string, f func(pos int)) {
	if idx := x.indexed(); idx != nil {
		// A run held thousands of times (one letter) costs the index more
		// than a scan: sorting where it occurs. Those are scanned.
		if offs := idx.Lookup([]byte(run), maxIndexed+1); len(offs) <= maxIndexed {
			x.report(offs, f)
			return
		}
	}
	for off := 0; off < len(x.text); {
		k := strings.Index(x.text[off:], run)
		if k < 0 {
			return
		}
		pos := x.lineOf(off + k)
		f(pos)
		off = int(x.lines[pos+1])
	}
}

// maxIndexed is the most places a run is looked up at in the index.
const maxIndexed = 4096

// report calls f with the position of every action holding one of the
// offsets, once each, in order.
func (x *actionText) report(offs []int, f func(pos int)) {
	slices.Sort(offs)
	end := 0 // where the last reported action's line ends
	for _, off := range offs {
		if off < end {
			continue // the same action holds the run again
		}
		pos := x.lineOf(off)
		f(pos)
		end = int(x.lines[pos+1])
	}
}

// lineOf returns the position of the action whose line holds offset off.
func (x *actionText) lineOf(off int) int {
	return sort.Search(len(x.lines)-1, func(i int) bool { return int(x.lines[i+1]) > off })
}

// indexed returns the suffix array once enough searches were made, and
// counts this one.
func (x *actionText) indexed() *suffixarray.Index {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.index == nil {
		if x.searches++; x.searches > indexFrom {
			x.index = suffixarray.New([]byte(x.text))
		}
	}
	return x.index
}

// longestLiteral returns the longest run of a pattern without wildcards.
func longestLiteral(pattern string) string {
	best := ""
	for _, run := range strings.FieldsFunc(pattern, func(r rune) bool { return r == '*' || r == '?' }) {
		if len(run) > len(best) {
			best = run
		}
	}
	return best
}

// actionTable is the decoded action table. Every action has a position;
// each service owns a contiguous range of positions.
type actionTable struct {
	n        int
	levels   []AccessLevel
	starOnly bitset // actions without resource-level permissions
	byLevel  map[AccessLevel]bitset
	services []*serviceRange
	svcIndex map[string]int
	all      bitset
	none     bitset // empty, shared by patterns that match no action (read only)
	// knownOnce and knownPos: see known.
	knownOnce sync.Once
	knownPos  map[string]int
	lower     actionText // see lowerNames
}

var (
	expandCache sync.Map // lower-case pattern -> bitset
	expandCount atomic.Int32
)

// maxExpandCache bounds the pattern cache; policies reuse few patterns,
// and arbitrary input must not grow memory without limit.
const maxExpandCache = 8192

// table decodes the embedded action index on first use.
var table = packed.Lazy("awsiam: embedded action table", func() (*actionTable, error) {
	return decodeTable(actionsIndex, actionNames)
})

func decodeTable(index, names string) (*actionTable, error) {
	t := &actionTable{svcIndex: map[string]int{}, byLevel: map[AccessLevel]bitset{}}
	var lv []string
	for text := index; len(text) > 0; {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			return nil, fmt.Errorf("bad index line %.60q", line)
		}
		var nums [3]int
		for i, s := range f[1:4] {
			var err error
			if nums[i], err = strconv.Atoi(s); err != nil {
				return nil, fmt.Errorf("bad index line %.60q", line)
			}
		}
		count, off, length := nums[0], nums[1], nums[2]
		if count != len(f[4]) || off < 0 || length < 0 || off+length > len(names) {
			return nil, fmt.Errorf("bad index line %.60q", line)
		}
		t.svcIndex[f[0]] = len(t.services)
		t.services = append(t.services, &serviceRange{name: f[0], lo: t.n, hi: t.n + count, text: names[off : off+length]})
		t.n += count
		lv = append(lv, f[4])
	}
	if t.n == 0 {
		return nil, fmt.Errorf("no actions")
	}
	t.levels = make([]AccessLevel, 0, t.n)
	t.starOnly, t.all, t.none = newBitset(t.n), newBitset(t.n), newBitset(t.n)
	for _, l := range []AccessLevel{LevelList, LevelRead, LevelWrite, LevelTagging, LevelPermissionsManagement} {
		t.byLevel[l] = newBitset(t.n)
	}
	for _, codes := range lv {
		for j := 0; j < len(codes); j++ {
			c := codes[j]
			i := len(t.levels)
			if 'a' <= c && c <= 'z' {
				t.starOnly.set(i)
				c -= 'a' - 'A'
			}
			var l AccessLevel
			switch c {
			case 'L':
				l = LevelList
			case 'R':
				l = LevelRead
			case 'W':
				l = LevelWrite
			case 'T':
				l = LevelTagging
			case 'P':
				l = LevelPermissionsManagement
			default:
				return nil, fmt.Errorf("bad level %q", c)
			}
			t.levels = append(t.levels, l)
			t.byLevel[l].set(i)
			t.all.set(i)
		}
	}
	return t, nil
}

// load splits a service's names out of the names text; the strings share
// the embedded text.
func (t *actionTable) load(s *serviceRange) {
	s.once.Do(func() {
		names := strings.Split(strings.TrimSuffix(s.text, "\n"), "\n")
		if len(names) != s.hi-s.lo {
			panic(fmt.Sprintf("awsiam: embedded action table: service %s: %d names for %d actions", s.name, len(names), s.hi-s.lo))
		}
		s.names = names
	})
}

// serviceOf returns the service owning position i.
func (t *actionTable) serviceOf(i int) *serviceRange {
	j := sort.Search(len(t.services), func(k int) bool { return t.services[k].hi > i })
	return t.services[j]
}

// name returns the canonical "service:Action" at position i.
func (t *actionTable) name(i int) string {
	s := t.serviceOf(i)
	t.load(s)
	return s.name + ":" + s.names[i-s.lo]
}

// find returns the position of an action name, or -1. Case does not
// matter: policies write "s3:GetObject", and lower-casing each of the
// thousands of names a broad policy lists cost more than the search.
func (t *actionTable) find(action string) int {
	svc, act, ok := strings.Cut(action, ":")
	if !ok {
		return -1
	}
	si, ok := t.svcIndex[strings.ToLower(svc)] // no copy when already lower case, as services are
	if !ok {
		return -1
	}
	s := t.services[si]
	t.load(s)
	j := sort.Search(len(s.names), func(k int) bool { return compareFolds(s.names[k], act) >= 0 })
	if j < len(s.names) && compareFolds(s.names[j], act) == 0 {
		return s.lo + j
	}
	return -1
}

// known returns the position of one of the engine's own lower-case
// action names (catalogue), found once: every principal's evaluation
// looks the same few dozen up.
func (t *actionTable) known(action string) int {
	t.knownOnce.Do(func() {
		t.knownPos = make(map[string]int, len(catalogue))
		for _, a := range catalogue {
			t.knownPos[a] = t.find(a)
		}
	})
	if i, ok := t.knownPos[action]; ok {
		return i
	}
	return t.find(action)
}

// catalogue lists the action names the engine itself tests (escalations,
// self grants), lower case.
var catalogue []string

// expand returns the actions a (lower-case) action pattern matches. The
// result is shared: callers must clone before changing it.
func (t *actionTable) expand(pattern string) bitset {
	if v, ok := expandCache.Load(pattern); ok {
		return v.(bitset)
	}
	// Built in a recycled set, kept only when it holds an action: a
	// hostile document's thousands of distinct patterns matching nothing
	// each allocated a table-sized set (96 MB at 20,000).
	b, _ := scratchSets.Get().(bitset)
	if len(b) != bitsetLen(t.n) {
		b = newBitset(t.n)
	}
	b.reset()
	match := func(s *serviceRange, actPattern string) {
		t.load(s)
		for j, name := range s.names {
			if globMatchFold(actPattern, name) {
				b.set(s.lo + j)
			}
		}
	}
	svc, act, ok := strings.Cut(pattern, ":")
	switch {
	case pattern == "*" || (ok && svc == "*" && act == "*"):
		b.assign(t.all)
	case !ok:
		// Not an action: matches nothing (the parser rejects these).
	case !strings.ContainsAny(svc, "*?"):
		if si, found := t.svcIndex[svc]; found {
			if act == "*" {
				s := t.services[si]
				for i := s.lo; i < s.hi; i++ {
					b.set(i)
				}
			} else {
				match(t.services[si], act)
			}
		}
	case strings.Count(pattern, ":") == 1:
		// A wildcard in the service part ("*:Get*", "s3*:*"). Names hold
		// one colon, so the pattern's only colon must match it: each part
		// matches its side. The service part is tested once a service,
		// and the action part only on the actions that hold its longest
		// literal run, found by one search of all names: a document of
		// thousands of such patterns took tens of seconds when every
		// pattern was tested on every whole name.
		services := make([]int8, len(t.services)) // 1: the service part matches, -1: it does not
		matches := func(si int) bool {
			if services[si] == 0 {
				services[si] = -1
				if globMatchFold(svc, t.services[si].name) {
					services[si] = 1
				}
			}
			return services[si] > 0
		}
		if lit := longestLiteral(act); lit != "" {
			si := 0
			t.lowerNames().holding(lit, func(pos int) {
				for t.services[si].hi <= pos {
					si++
				}
				if s := t.services[si]; matches(si) && globMatchFold(act, s.names[pos-s.lo]) {
					b.set(pos)
				}
			})
			break
		}
		for si, s := range t.services {
			if matches(si) {
				match(s, act)
			}
		}
	default:
		// Two colons or more ("s3:*:x"): a name holds one, so a wildcard
		// must absorb the others, wherever they fall: whole names are
		// tested.
		var full []byte
		for _, s := range t.services {
			t.load(s)
			for j, name := range s.names {
				full = append(append(append(full[:0], s.name...), ':'), name...)
				if globMatchFold(pattern, full) {
					b.set(s.lo + j)
				}
			}
		}
	}
	if b.empty() {
		// One set for every pattern that matches nothing: thousands of
		// distinct ones (a hostile document) each kept a table-sized set.
		scratchSets.Put(b)
		b = t.none
	}
	if expandCount.Add(1) <= maxExpandCache {
		expandCache.Store(pattern, b)
	}
	return b
}

// scratchSets recycles the sets expand builds patterns in.
var scratchSets sync.Pool

// ActionCount is the number of actions in the embedded table.
func ActionCount() int { return table().n }

// LookupAction returns the canonical name and access level of an action
// (case-insensitive, no wildcards).
func LookupAction(action string) (name string, level AccessLevel, ok bool) {
	t := table()
	i := t.find(action)
	if i < 0 {
		return "", LevelUnknown, false
	}
	return t.name(i), t.levels[i], true
}

// ExpandAction returns the canonical names of every table action that the
// pattern matches ("s3:Get*", "*", "iam:?ut*"), case-insensitively, sorted.
// A literal action that is not in the table matches nothing.
func ExpandAction(pattern string) []string {
	t := table()
	var out []string
	t.expand(strings.ToLower(pattern)).each(func(i int) { out = append(out, t.name(i)) })
	return out
}
