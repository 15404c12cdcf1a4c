package clock_test

import (
	"testing"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/clock"
)

func TestFake(t *testing.T) {
	t.Parallel()

	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.FixedZone("CET", 3600))
	c := clock.NewFake(start)

	if got := c.Now(); !got.Equal(start) || got.Location() != time.UTC {
		t.Fatalf("Now() = %v, want %v in UTC", got, start)
	}

	c.Advance(36 * time.Hour)
	if got, want := c.Now(), start.Add(36*time.Hour); !got.Equal(want) {
		t.Fatalf("after Advance, Now() = %v, want %v", got, want)
	}

	later := time.Date(2030, 6, 1, 12, 0, 0, 0, time.UTC)
	c.Set(later)
	if got := c.Now(); !got.Equal(later) {
		t.Fatalf("after Set, Now() = %v, want %v", got, later)
	}
}

func TestReal(t *testing.T) {
	t.Parallel()

	before := time.Now()
	got := clock.New().Now()
	if got.Before(before.Add(-time.Second)) || got.Location() != time.UTC {
		t.Fatalf("Real.Now() = %v, want a UTC time at or after %v", got, before)
	}
}
