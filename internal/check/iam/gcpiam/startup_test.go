package gcpiam

import (
	"os"
	"testing"
	"time"
)

// TestStartupCost reports the first-use cost of the role table and of
// looking up roles/editor (the largest role a plan usually names):
//
//	NHI_MEASURE_STARTUP=1 go test -run TestStartupCost -v ./internal/check/iam/gcpiam
func TestStartupCost(t *testing.T) {
	if os.Getenv("NHI_MEASURE_STARTUP") == "" {
		t.Skip("set NHI_MEASURE_STARTUP=1 and run this test alone")
	}
	start := time.Now()
	table()
	index := time.Since(start)
	LookupRole("roles/storage.admin")
	small := time.Since(start) - index
	LookupRole("roles/editor")
	editor := time.Since(start) - index - small
	t.Logf("role table %v, roles/storage.admin %v, roles/editor %v", index, small, editor)
}
