package checker

import "testing"

func TestMemoryLimit(t *testing.T) {
	t.Parallel()
	const mib = 1 << 20
	for size := int64(0); size <= 4<<30; size += size/8 + mib/2 {
		limit := memoryLimit(size)
		if loose := size*5/2 + 32*mib; limit > loose {
			t.Fatalf("%d MiB: limit %d MiB above the old 2.5x + 32 MiB", size/mib, limit/mib)
		}
		// The live heap peaks near 1.75 times an identity-only plan; a
		// limit under it would only keep the collector running.
		if live := size*7/4 + 8*mib; limit < live {
			t.Fatalf("%d MiB: limit %d MiB under the live heap %d MiB", size/mib, limit/mib, live/mib)
		}
		// From about 28 MiB on, the process (heap and ~12 MiB beside it)
		// stays under three times the plan.
		if size >= 28*mib && limit+12*mib > 3*size {
			t.Fatalf("%d MiB: limit %d MiB leaves no room under 3x", size/mib, limit/mib)
		}
	}
}
