package awsiam

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestBitsetClear(t *testing.T) {
	t.Parallel()
	b := newBitset(300)
	b.set(130)
	if !b.has(130) || b.count() != 1 {
		t.Fatal("set")
	}
	b.clear(130)
	if !b.empty() || b.count() != 0 {
		t.Error("clear")
	}
}

func TestBitsetIntersects3(t *testing.T) {
	t.Parallel()
	a, b, c := newBitset(200), newBitset(200), newBitset(200)
	a.set(5)
	a.set(150)
	b.set(5)
	b.set(150)
	c.set(150)
	if !a.intersects3(b, c) {
		t.Error("common bit 150 missed")
	}
	c.clear(150)
	c.set(5 + 64)
	if a.intersects3(b, c) {
		t.Error("no common bit, yet intersects3")
	}
}

// TestBitsetOperationsMatchAModel runs random operations on bitsets and on
// plain bool slices side by side. The bitsets come from an arena that
// recycles sets full of stale words, which the summary must hide.
func TestBitsetOperationsMatchAModel(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 63, 64, 65, 300, 4097, 22091} {
		mem := &arena{}
		model := func(b bitset) []bool {
			m := make([]bool, n)
			b.each(func(i int) { m[i] = true })
			return m
		}
		random := func() (bitset, []bool) {
			b, m := mem.bits(n), make([]bool, n)
			for range rng.IntN(4) {
				// A run of bits (a service's actions), or scattered ones.
				lo := rng.IntN(n)
				hi := min(n, lo+1+rng.IntN(200))
				for i := lo; i < hi; i++ {
					if rng.IntN(3) > 0 {
						b.set(i)
						m[i] = true
					}
				}
			}
			return b, m
		}
		for round := range 300 {
			a, am := random()
			b, bm := random()
			c, cm := random()
			check := func(op string, got bitset, want []bool) {
				t.Helper()
				if g := model(got); !slices.Equal(g, want) {
					t.Fatalf("n=%d round %d: %s differs from the model", n, round, op)
				}
				cnt := 0
				for _, v := range want {
					if v {
						cnt++
					}
				}
				if got.count() != cnt || got.empty() != (cnt == 0) {
					t.Fatalf("n=%d round %d: %s count %d empty %v, want %d", n, round, op, got.count(), got.empty(), cnt)
				}
				for range 8 {
					j := rng.IntN(n)
					if got.has(j) != want[j] {
						t.Fatalf("n=%d round %d: %s has(%d) = %v", n, round, op, j, got.has(j))
					}
				}
			}
			inter, inter3 := false, false
			for i := range n {
				inter = inter || am[i] && bm[i]
				inter3 = inter3 || am[i] && bm[i] && cm[i]
			}
			if a.intersects(b) != inter || a.intersects3(b, c) != inter3 {
				t.Fatalf("n=%d round %d: intersects %v %v, want %v %v", n, round, a.intersects(b), a.intersects3(b, c), inter, inter3)
			}
			u := mem.clone(a)
			u.or(b)
			um := slices.Clone(am)
			for i := range n {
				um[i] = um[i] || bm[i]
			}
			check("or", u, um)
			x := mem.clone(a)
			x.and(b)
			xm := slices.Clone(am)
			for i := range n {
				xm[i] = xm[i] && bm[i]
			}
			check("and", x, xm)
			d := mem.clone(a)
			d.andNot(b)
			dm := slices.Clone(am)
			for i := range n {
				dm[i] = dm[i] && !bm[i]
			}
			check("andNot", d, dm)
			i := rng.IntN(n)
			d.clear(i)
			dm[i] = false
			check("clear", d, dm)
			check("clone", a.clone(), am)
			mem.release()
		}
	}
}
