package azureiam

import (
	"os"
	"testing"
	"time"
)

// TestStartupCost reports the first-use cost of the built-in role table:
//
//	NHI_MEASURE_STARTUP=1 go test -run TestStartupCost -v ./internal/check/iam/azureiam
func TestStartupCost(t *testing.T) {
	if os.Getenv("NHI_MEASURE_STARTUP") == "" {
		t.Skip("set NHI_MEASURE_STARTUP=1 and run this test alone")
	}
	start := time.Now()
	LookupRole("Owner")
	t.Logf("built-in role table and first lookup %v", time.Since(start))
}
