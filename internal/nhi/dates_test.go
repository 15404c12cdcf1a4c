package nhi_test

import (
	"testing"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/nhi"
)

var jan1 = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

func TestRotationDueAt(t *testing.T) {
	t.Parallel()

	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		berlin = time.FixedZone("CET", 3600)
	}

	tests := map[string]struct {
		rotatedAt time.Time
		days      int
		want      time.Time
	}{
		"one day":           {jan1, 1, time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)},
		"ninety days":       {jan1, 90, time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)},
		"across leap day":   {time.Date(2024, 2, 28, 12, 0, 0, 0, time.UTC), 2, time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)},
		"keeps time of day": {time.Date(2025, 3, 1, 13, 14, 15, 0, time.UTC), 30, time.Date(2025, 3, 31, 13, 14, 15, 0, time.UTC)},
		"whole days in UTC across DST": {
			rotatedAt: time.Date(2025, 3, 29, 12, 0, 0, 0, berlin),
			days:      2,
			want:      time.Date(2025, 3, 29, 12, 0, 0, 0, berlin).Add(48 * time.Hour),
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := nhi.RotationDueAt(tc.rotatedAt, tc.days)
			if !got.Equal(tc.want) {
				t.Errorf("RotationDueAt(%v, %d) = %v, want %v", tc.rotatedAt, tc.days, got, tc.want)
			}
			if got.Location() != time.UTC {
				t.Errorf("RotationDueAt returned location %v, want UTC", got.Location())
			}
			if review := nhi.ReviewDueAt(tc.rotatedAt, tc.days); !review.Equal(tc.want) {
				t.Errorf("ReviewDueAt(%v, %d) = %v, want %v", tc.rotatedAt, tc.days, review, tc.want)
			}
		})
	}
}

func TestDaysOverdue(t *testing.T) {
	t.Parallel()

	tests := map[string]struct {
		now     time.Time
		want    int
		wantDue bool
	}{
		"a day early":            {jan1.Add(-nhi.Day), 0, false},
		"one second early":       {jan1.Add(-time.Second), 0, false},
		"exactly due":            {jan1, 0, true},
		"23 hours late":          {jan1.Add(23 * time.Hour), 0, true},
		"one day late":           {jan1.Add(nhi.Day), 1, true},
		"ten and a half days":    {jan1.Add(10*nhi.Day + 12*time.Hour), 10, true},
		"a year late":            {jan1.AddDate(1, 0, 0), 365, true},
		"offset zone, same time": {jan1.In(time.FixedZone("X", -5*3600)).Add(2 * nhi.Day), 2, true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := nhi.DaysOverdue(jan1, tc.now); got != tc.want {
				t.Errorf("DaysOverdue(%v, %v) = %d, want %d", jan1, tc.now, got, tc.want)
			}
			if got := nhi.IsDue(jan1, tc.now); got != tc.wantDue {
				t.Errorf("IsDue(%v, %v) = %t, want %t", jan1, tc.now, got, tc.wantDue)
			}
			if got := nhi.Expired(jan1, tc.now); got != tc.wantDue {
				t.Errorf("Expired(%v, %v) = %t, want %t", jan1, tc.now, got, tc.wantDue)
			}
		})
	}
}

func TestParseTimestamp(t *testing.T) {
	t.Parallel()

	tests := map[string]struct {
		in      string
		want    time.Time
		wantErr bool
	}{
		"utc":                {in: "2026-01-31T00:00:00Z", want: time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)},
		"offset":             {in: "2026-01-31T02:00:00+02:00", want: time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)},
		"fractional":         {in: "2026-01-31T00:00:00.5Z", want: time.Date(2026, 1, 31, 0, 0, 0, 5e8, time.UTC)},
		"date only":          {in: "2026-01-31", wantErr: true},
		"no zone":            {in: "2026-01-31T00:00:00", wantErr: true},
		"space separator":    {in: "2026-01-31 00:00:00Z", wantErr: true},
		"month out of range": {in: "2026-13-01T00:00:00Z", wantErr: true},
		"empty":              {in: "", wantErr: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := nhi.ParseTimestamp(tc.in)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("ParseTimestamp(%q) = %v, want an error", tc.in, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseTimestamp(%q): %v", tc.in, err)
			}
			if !got.Equal(tc.want) {
				t.Errorf("ParseTimestamp(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestFormatTimestamp(t *testing.T) {
	t.Parallel()

	in := time.Date(2026, 1, 31, 2, 0, 0, 999, time.FixedZone("X", 2*3600))
	if got, want := nhi.FormatTimestamp(in), "2026-01-31T00:00:00Z"; got != want {
		t.Errorf("FormatTimestamp(%v) = %q, want %q", in, got, want)
	}
}

func TestPluralDays(t *testing.T) {
	t.Parallel()

	for n, want := range map[int]string{0: "0 days", 1: "1 day", 2: "2 days", 400: "400 days"} {
		if got := nhi.PluralDays(n); got != want {
			t.Errorf("PluralDays(%d) = %q, want %q", n, got, want)
		}
	}
}
