package awsiam

import (
	_ "embed"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam/internal/packed"
)

//go:embed data/aws-actions.idx.gz
var actionsIndexGz []byte

//go:embed data/aws-actions.bin
var actionsBlob []byte

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
// inflated from the blob the first time a policy names the service.
type serviceRange struct {
	name                string // lower case, as in action names
	lo, hi              int
	member, off, length int

	once  sync.Once
	names []string // canonical case, "GetObject"
	lower []string // "getobject", sorted
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
	blob     *packed.Members
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
	return decodeTable(actionsIndexGz, actionsBlob)
})

func decodeTable(indexGz, blob []byte) (*actionTable, error) {
	raw, err := packed.Gunzip(indexGz)
	if err != nil {
		return nil, err
	}
	text := string(raw)
	head, text, _ := strings.Cut(text, "\n")
	mb, err := packed.ParseMembersHeader(head, blob)
	if err != nil {
		return nil, err
	}
	t := &actionTable{svcIndex: map[string]int{}, byLevel: map[AccessLevel]bitset{}, blob: mb}
	var lv []string
	for len(text) > 0 {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		f := strings.Split(line, "\t")
		if len(f) != 6 {
			return nil, fmt.Errorf("bad index line %.60q", line)
		}
		var nums [4]int
		for i, s := range f[1:5] {
			if nums[i], err = strconv.Atoi(s); err != nil {
				return nil, fmt.Errorf("bad index line %.60q", line)
			}
		}
		if nums[0] != len(f[5]) || !mb.Valid(nums[1]) {
			return nil, fmt.Errorf("bad index line %.60q", line)
		}
		t.svcIndex[f[0]] = len(t.services)
		t.services = append(t.services, &serviceRange{name: f[0], lo: t.n, hi: t.n + nums[0], member: nums[1], off: nums[2], length: nums[3]})
		t.n += nums[0]
		lv = append(lv, f[5])
	}
	if t.n == 0 {
		return nil, fmt.Errorf("no actions")
	}
	t.levels = make([]AccessLevel, 0, t.n)
	t.starOnly, t.all = newBitset(t.n), newBitset(t.n)
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

// load inflates a service's names and applies the read-only verb fix.
func (t *actionTable) load(s *serviceRange) {
	s.once.Do(func() {
		text, err := t.blob.Slice(s.member, s.off, s.length)
		var names []string
		if err == nil {
			names = strings.Split(strings.TrimSuffix(text, "\n"), "\n")
			if len(names) != s.hi-s.lo {
				err = fmt.Errorf("service %s: %d names for %d actions", s.name, len(names), s.hi-s.lo)
			}
		}
		if err != nil {
			panic(fmt.Sprintf("awsiam: embedded action table: %v", err))
		}
		s.names = names
		s.lower = make([]string, len(names))
		for i, n := range names {
			s.lower[i] = strings.ToLower(n)
		}
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

// find returns the position of a lower-case action name, or -1.
func (t *actionTable) find(lower string) int {
	svc, act, ok := strings.Cut(lower, ":")
	if !ok {
		return -1
	}
	si, ok := t.svcIndex[svc]
	if !ok {
		return -1
	}
	s := t.services[si]
	t.load(s)
	j := sort.SearchStrings(s.lower, act)
	if j < len(s.lower) && s.lower[j] == act {
		return s.lo + j
	}
	return -1
}

// expand returns the actions a (lower-case) action pattern matches. The
// result is shared: callers must clone before changing it.
func (t *actionTable) expand(pattern string) bitset {
	if v, ok := expandCache.Load(pattern); ok {
		return v.(bitset)
	}
	b := newBitset(t.n)
	match := func(s *serviceRange, actPattern string) {
		t.load(s)
		for j, l := range s.lower {
			if globMatch(actPattern, l) {
				b.set(s.lo + j)
			}
		}
	}
	svc, act, ok := strings.Cut(pattern, ":")
	switch {
	case pattern == "*" || (ok && svc == "*" && act == "*"):
		copy(b, t.all)
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
	default:
		// A wildcard in the service part ("*:Get*", "s3*:*") may span the
		// colon, so whole names are tested; this inflates every service.
		for _, s := range t.services {
			t.load(s)
			for j, l := range s.lower {
				if globMatch(pattern, s.name+":"+l) {
					b.set(s.lo + j)
				}
			}
		}
	}
	if expandCount.Add(1) <= maxExpandCache {
		expandCache.Store(pattern, b)
	}
	return b
}

// ActionCount is the number of actions in the embedded table.
func ActionCount() int { return table().n }

// LookupAction returns the canonical name and access level of an action
// (case-insensitive, no wildcards).
func LookupAction(action string) (name string, level AccessLevel, ok bool) {
	t := table()
	i := t.find(strings.ToLower(action))
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
