package graph

import (
	"testing"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
)

// AWS cron schedules are judged by their longest gap between runs.
func TestCronPeriod(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		expr string
		want time.Duration // 0: not read
	}{
		{"cron(0 8 1 */6 ? *)", 180 * kb.Day},
		{"cron(0 8 1 JAN,JUL ? *)", 180 * kb.Day},
		{"cron(0 8 1 1 ? *)", 360 * kb.Day},
		{"cron(0 8 1 1-6 ? *)", 210 * kb.Day}, // June to January
		{"cron(0 8 1 * ? *)", 31 * kb.Day},
		{"cron(0 8 ? * MON *)", 7 * kb.Day},
		{"cron(0 8 */10 * ? *)", 10 * kb.Day},
		{"cron(0 4 * * ? *)", kb.Day},
		{"cron(0 8 1 1 ? 2027)", 0},
		{"cron(0 8 1 13 ? *)", 0},
		{"rate(30 days)", 0},
	} {
		got, ok := cronPeriod(tc.expr)
		if !ok {
			got = 0
		}
		if got != tc.want {
			t.Errorf("%s: %v, want %v", tc.expr, got, tc.want)
		}
	}
	if d, err := parseRate("cron(0 8 1 */6 ? *)"); err != nil || d != 180*kb.Day {
		t.Errorf("parseRate of a cron: %v %v", d, err)
	}
}
