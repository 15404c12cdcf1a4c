package awsiam

import "testing"

func TestBitsetAnyInRange(t *testing.T) {
	t.Parallel()
	b := newBitset(300)
	b.set(130)
	tests := []struct {
		lo, hi int
		want   bool
	}{{0, 130, false}, {0, 131, true}, {130, 131, true}, {131, 300, false}, {64, 192, true}, {128, 256, true}, {192, 300, false}, {0, 400, true}}
	for _, tc := range tests {
		if got := b.anyInRange(tc.lo, tc.hi); got != tc.want {
			t.Errorf("anyInRange(%d, %d) = %v", tc.lo, tc.hi, got)
		}
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
