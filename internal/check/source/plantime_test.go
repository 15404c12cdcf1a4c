package source

import (
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

func TestOffsetFromPlanTime(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		src  string
		want time.Duration // 0: not the form
	}{
		{`timeadd(timestamp(), "17520h")`, 17520 * time.Hour},
		{`timeadd(timestamp(), "720h30m")`, 720*time.Hour + 30*time.Minute},
		{`timeadd(timestamp(), var.ttl)`, 0},
		{`timeadd("2026-01-01T00:00:00Z", "24h")`, 0},
		{`timeadd(timestamp(), "-24h")`, 0},
		{`timestamp()`, 0},
	} {
		expr, diags := hclsyntax.ParseExpression([]byte(tc.src), "x.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		got, ok := OffsetFromPlanTime(expr)
		if !ok {
			got = 0
		}
		if got != tc.want {
			t.Errorf("%s: %v, want %v", tc.src, got, tc.want)
		}
	}
}
