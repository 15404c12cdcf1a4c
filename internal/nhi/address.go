package nhi

import "strings"

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
// lookup; the others by trying each. Testing every pattern of every item
// on every address was quadratic on large plans (a baseline holds an
// exception per finding; an identity per credential lists its address).
// The caller confirms each candidate with its own test.
type AddressIndex struct {
	literal map[string][]int // address -> the items naming it, in order
	wild    []int            // the items with a pattern holding '*', in order
}

// Add records item i, after every item before it, with its patterns.
// literal makes every pattern a literal address, '*' included.
func (x *AddressIndex) Add(i int, patterns []string, literal bool) {
	wild := false
	for _, p := range patterns {
		if !literal && strings.Contains(p, "*") {
			wild = true
			continue
		}
		if x.literal == nil {
			x.literal = map[string][]int{}
		}
		if ids := x.literal[p]; len(ids) == 0 || ids[len(ids)-1] != i {
			x.literal[p] = append(ids, i)
		}
	}
	if wild {
		x.wild = append(x.wild, i)
	}
}

// First returns the first item, in order, that may match one of the
// addresses and that accept takes; -1 when there is none.
func (x *AddressIndex) First(accept func(i int) bool, addresses ...string) int {
	first := -1
	for _, a := range addresses {
		for _, i := range x.literal[a] {
			if first >= 0 && i > first {
				break
			}
			if accept(i) {
				first = i
				break
			}
		}
	}
	for _, i := range x.wild {
		if first >= 0 && i > first {
			break
		}
		if accept(i) {
			return i
		}
	}
	return first
}
