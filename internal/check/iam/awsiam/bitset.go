package awsiam

import "math/bits"

// bitset holds one bit per action of the action table.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) clear(i int)    { b[i>>6] &^= 1 << (uint(i) & 63) }
func (b bitset) set(i int)      { b[i>>6] |= 1 << (uint(i) & 63) }
func (b bitset) has(i int) bool { return i >= 0 && i>>6 < len(b) && b[i>>6]&(1<<(uint(i)&63)) != 0 }

func (b bitset) clone() bitset { return append(bitset(nil), b...) }

func (b bitset) or(o bitset) {
	for i := range b {
		b[i] |= o[i]
	}
}

func (b bitset) and(o bitset) {
	for i := range b {
		b[i] &= o[i]
	}
}

func (b bitset) andNot(o bitset) {
	for i := range b {
		b[i] &^= o[i]
	}
}

func (b bitset) intersects(o bitset) bool {
	for i := range b {
		if b[i]&o[i] != 0 {
			return true
		}
	}
	return false
}

// intersects3 reports whether b, o and p have a common bit.
func (b bitset) intersects3(o, p bitset) bool {
	for i := range b {
		if b[i]&o[i]&p[i] != 0 {
			return true
		}
	}
	return false
}

func (b bitset) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

func (b bitset) empty() bool {
	for _, w := range b {
		if w != 0 {
			return false
		}
	}
	return true
}

// each calls f for every set bit in ascending order.
func (b bitset) each(f func(int)) {
	for wi, w := range b {
		for w != 0 {
			t := bits.TrailingZeros64(w)
			f(wi*64 + t)
			w &^= 1 << uint(t)
		}
	}
}

// anyInRange reports whether some bit in [lo, hi) is set.
func (b bitset) anyInRange(lo, hi int) bool {
	if hi > len(b)*64 {
		hi = len(b) * 64
	}
	if lo >= hi {
		return false
	}
	first, last := lo>>6, (hi-1)>>6
	for w := first; w <= last; w++ {
		m := ^uint64(0)
		if w == first {
			m &= ^uint64(0) << (uint(lo) & 63)
		}
		if w == last {
			m &= ^uint64(0) >> (63 - (uint(hi-1) & 63))
		}
		if b[w]&m != 0 {
			return true
		}
	}
	return false
}
