package nhi

import (
	"fmt"
	"time"
)

// Day is the length of one rotation or review day. Periods are counted in
// whole UTC days, so a due date never moves with daylight saving time.
const Day = 24 * time.Hour

// TimestampFormat is the layout of every timestamp the provider writes.
const TimestampFormat = time.RFC3339

// ParseTimestamp parses an RFC 3339 timestamp such as "2026-01-31T00:00:00Z".
func ParseTimestamp(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 timestamp such as \"2026-01-31T00:00:00Z\"", s)
	}
	return t, nil
}

// FormatTimestamp renders t in UTC with second precision, the form stored in state.
func FormatTimestamp(t time.Time) string {
	return t.UTC().Truncate(time.Second).Format(TimestampFormat)
}

// DueAt returns from plus days whole days, in UTC.
func DueAt(from time.Time, days int) time.Time {
	return from.UTC().AddDate(0, 0, days)
}

// RotationDueAt returns when a credential rotated at rotatedAt must be rotated
// again, given a rotation period of rotationDays.
func RotationDueAt(rotatedAt time.Time, rotationDays int) time.Time {
	return DueAt(rotatedAt, rotationDays)
}

// ReviewDueAt returns when an identity last reviewed at lastReviewedAt must be
// reviewed again, given a review cadence of everyDays.
func ReviewDueAt(lastReviewedAt time.Time, everyDays int) time.Time {
	return DueAt(lastReviewedAt, everyDays)
}

// IsDue reports whether due has been reached at now. A due date is reached at
// its exact instant, not a day later.
func IsDue(due, now time.Time) bool {
	return !now.Before(due)
}

// Expired reports whether something that expires at expiresAt has expired at now.
func Expired(expiresAt, now time.Time) bool {
	return IsDue(expiresAt, now)
}

// DaysOverdue returns the number of whole days now is past due: 0 before due
// and during the first day after it.
func DaysOverdue(due, now time.Time) int {
	if !now.After(due) {
		return 0
	}
	return int(now.Sub(due) / Day)
}

// PluralDays renders n days for messages: "1 day", "3 days".
func PluralDays(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}
