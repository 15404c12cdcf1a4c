package nhi

import (
	"slices"
	"strings"
)

// MatchAddress reports whether a Terraform resource address matches an
// exception pattern. '*' matches any run of characters, including none and
// including '.', '[', ']' and '"'; every other character matches only itself.
// So "module.ci.aws_iam_access_key.*" matches
// `module.ci.aws_iam_access_key.deploy["eu"]`, and a pattern without '*'
// matches only the identical address.
func MatchAddress(pattern, address string) bool {
	// Greedy matching with backtracking to the most recent '*': linear in
	// practice and never exponential, whatever the pattern.
	p, a := 0, 0
	star, starA := -1, 0
	for a < len(address) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, starA = p, a
			p++
		case p < len(pattern) && pattern[p] == address[a]:
			p++
			a++
		case star >= 0:
			starA++
			a = starA
			p = star + 1
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// AddressIndex finds, among items taken in order (exceptions, identities'
// credentials), those whose address patterns may match an address: the
// patterns without '*', which match only the identical address, by
// lookup; the others by their literal prefix (what precedes the first
// '*'), which the address must start with, or when they start with '*',
// by their literal suffix, which it must end with. Testing every pattern
// of every item on every address was quadratic on large plans (a baseline
// holds an exception per finding; an identity per credential lists its
// address, or a pattern over it). The caller confirms each candidate with
// its own test.
type AddressIndex struct {
	literal  map[string][]int // address -> the items naming it, in order
	prefixes affixes          // patterns by what precedes their first '*' ("" for "*" and "*x*")
	suffixes affixes          // patterns starting with '*', by what follows their last
}

// affixes are items by a literal part of their patterns, in order.
type affixes struct {
	items   map[string][]int
	lengths []int // the lengths of items' keys
}

func (x *affixes) add(key string, i int) {
	if _, seen := x.items[key]; !seen && !slices.Contains(x.lengths, len(key)) {
		x.lengths = append(x.lengths, len(key))
	}
	x.items = addItem(x.items, key, i)
}

// candidates appends the item lists whose key starts (or, for suffixes,
// ends) address a.
func (x *affixes) candidates(lists [][]int, a string, suffix bool) [][]int {
	for _, n := range x.lengths {
		if n > len(a) {
			continue
		}
		key := a[:n]
		if suffix {
			key = a[len(a)-n:]
		}
		if ids := x.items[key]; len(ids) > 0 {
			lists = append(lists, ids)
		}
	}
	return lists
}

// Add records item i, after every item before it, with its patterns.
// literal makes every pattern a literal address, '*' included.
func (x *AddressIndex) Add(i int, patterns []string, literal bool) {
	for _, p := range patterns {
		star := strings.IndexByte(p, '*')
		switch {
		case literal || star < 0:
			x.literal = addItem(x.literal, p, i)
		case star > 0 || p[strings.LastIndexByte(p, '*')+1:] == "":
			x.prefixes.add(p[:star], i)
		default:
			x.suffixes.add(p[strings.LastIndexByte(p, '*')+1:], i)
		}
	}
}

func addItem(m map[string][]int, k string, i int) map[string][]int {
	if m == nil {
		m = map[string][]int{}
	}
	if ids := m[k]; len(ids) == 0 || ids[len(ids)-1] != i {
		m[k] = append(ids, i)
	}
	return m
}

// First returns the first item, in order, that may match one of the
// addresses and that accept takes; -1 when there is none.
func (x *AddressIndex) First(accept func(i int) bool, addresses ...string) int {
	var buf [8][]int
	lists := buf[:0]
	for _, a := range addresses {
		if ids := x.literal[a]; len(ids) > 0 {
			lists = append(lists, ids)
		}
		lists = x.prefixes.candidates(lists, a, false)
		lists = x.suffixes.candidates(lists, a, true)
	}
	// The candidates in order, each once: a merge of the sorted lists.
	last := -1
	for {
		min := -1
		for k, ids := range lists {
			for len(ids) > 0 && ids[0] <= last {
				ids = ids[1:]
			}
			lists[k] = ids
			if len(ids) > 0 && (min < 0 || ids[0] < lists[min][0]) {
				min = k
			}
		}
		if min < 0 {
			return -1
		}
		last = lists[min][0]
		if accept(last) {
			return last
		}
	}
}
