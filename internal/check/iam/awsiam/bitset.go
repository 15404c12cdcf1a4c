package awsiam

import "math/bits"

// bitset holds one bit per action of the action table. Most sets a
// principal's evaluation makes name a few services' actions among the
// table's 22,000 (350 words), so the words carry a summary: a set is
//
//	[w, summary (one bit per word), words]
//
// where w is the number of words and a summary bit says its word is in
// use. A word whose summary bit is clear is garbage and reads as zero.
// Operations visit the words in use only, and emptying a set clears its
// summary, not its words: an evaluation's dozens of set operations cost
// a few words each instead of the whole table.
type bitset []uint64

// bitsetLen is the length of a bitset of n bits.
func bitsetLen(n int) int {
	w := (n + 63) / 64
	return 1 + (w+63)/64 + w
}

func newBitset(n int) bitset {
	b := make(bitset, bitsetLen(n))
	b[0] = uint64((n + 63) / 64)
	return b
}

// parts splits b into its summary and its words.
func (b bitset) parts() (summary, words []uint64) {
	if len(b) == 0 {
		return nil, nil
	}
	s := 1 + (int(b[0])+63)/64
	return b[1:s], b[s:]
}

// reset empties b.
func (b bitset) reset() {
	s, _ := b.parts()
	clear(s)
}

func (b bitset) set(i int) {
	s, w := b.parts()
	wi := i >> 6
	if s[wi>>6]&(1<<(uint(wi)&63)) == 0 {
		s[wi>>6] |= 1 << (uint(wi) & 63)
		w[wi] = 0
	}
	w[wi] |= 1 << (uint(i) & 63)
}

func (b bitset) clear(i int) {
	s, w := b.parts()
	wi := i >> 6
	if s[wi>>6]&(1<<(uint(wi)&63)) != 0 {
		w[wi] &^= 1 << (uint(i) & 63)
	}
}

func (b bitset) has(i int) bool {
	s, w := b.parts()
	wi := i >> 6
	return i >= 0 && wi < len(w) && s[wi>>6]&(1<<(uint(wi)&63)) != 0 && w[wi]&(1<<(uint(i)&63)) != 0
}

// assign makes b a copy of o (of the same size).
func (b bitset) assign(o bitset) {
	bs, bw := b.parts()
	os, ow := o.parts()
	copy(bs, os)
	for k, m := range os {
		for m != 0 {
			wi := k<<6 + bits.TrailingZeros64(m)
			m &= m - 1
			bw[wi] = ow[wi]
		}
	}
}

func (b bitset) clone() bitset {
	c := make(bitset, len(b))
	c[0] = b[0]
	c.assign(b)
	return c
}

func (b bitset) or(o bitset) {
	bs, bw := b.parts()
	os, ow := o.parts()
	for k, m := range os {
		have := bs[k]
		for m != 0 {
			j := bits.TrailingZeros64(m)
			m &= m - 1
			wi := k<<6 + j
			if have&(1<<uint(j)) != 0 {
				bw[wi] |= ow[wi]
			} else {
				bw[wi] = ow[wi]
			}
		}
		bs[k] = have | os[k]
	}
}

func (b bitset) and(o bitset) {
	bs, bw := b.parts()
	os, ow := o.parts()
	for k, m := range bs {
		m &= os[k]
		bs[k] = m
		for m != 0 {
			wi := k<<6 + bits.TrailingZeros64(m)
			m &= m - 1
			bw[wi] &= ow[wi]
		}
	}
}

func (b bitset) andNot(o bitset) {
	bs, bw := b.parts()
	os, ow := o.parts()
	for k, m := range bs {
		for m &= os[k]; m != 0; m &= m - 1 {
			wi := k<<6 + bits.TrailingZeros64(m)
			bw[wi] &^= ow[wi]
		}
	}
}

func (b bitset) intersects(o bitset) bool {
	bs, bw := b.parts()
	os, ow := o.parts()
	for k, m := range bs {
		for m &= os[k]; m != 0; m &= m - 1 {
			wi := k<<6 + bits.TrailingZeros64(m)
			if bw[wi]&ow[wi] != 0 {
				return true
			}
		}
	}
	return false
}

// intersects3 reports whether b, o and p have a common bit.
func (b bitset) intersects3(o, p bitset) bool {
	bs, bw := b.parts()
	os, ow := o.parts()
	ps, pw := p.parts()
	for k, m := range bs {
		for m &= os[k] & ps[k]; m != 0; m &= m - 1 {
			wi := k<<6 + bits.TrailingZeros64(m)
			if bw[wi]&ow[wi]&pw[wi] != 0 {
				return true
			}
		}
	}
	return false
}

func (b bitset) count() int {
	bs, bw := b.parts()
	n := 0
	for k, m := range bs {
		for ; m != 0; m &= m - 1 {
			n += bits.OnesCount64(bw[k<<6+bits.TrailingZeros64(m)])
		}
	}
	return n
}

func (b bitset) empty() bool {
	bs, bw := b.parts()
	for k, m := range bs {
		for ; m != 0; m &= m - 1 {
			if bw[k<<6+bits.TrailingZeros64(m)] != 0 {
				return false
			}
		}
	}
	return true
}

// each calls f for every set bit in ascending order.
func (b bitset) each(f func(int)) {
	bs, bw := b.parts()
	for k, m := range bs {
		for ; m != 0; m &= m - 1 {
			wi := k<<6 + bits.TrailingZeros64(m)
			for w := bw[wi]; w != 0; w &= w - 1 {
				f(wi*64 + bits.TrailingZeros64(w))
			}
		}
	}
}
