package awsiam

import (
	"os"
	"testing"
	"time"
)

// TestStartupCost reports what a small plan pays on first use: the action
// index, one service's names, the managed policy index and one managed
// policy. It only measures in a process of its own:
//
//	NHI_MEASURE_STARTUP=1 go test -run TestStartupCost -v ./internal/check/iam/awsiam
func TestStartupCost(t *testing.T) {
	if os.Getenv("NHI_MEASURE_STARTUP") == "" {
		t.Skip("set NHI_MEASURE_STARTUP=1 and run this test alone")
	}
	start := time.Now()
	table()
	index := time.Since(start)
	LookupAction("iam:PassRole")
	service := time.Since(start) - index
	ManagedPolicyDocument("arn:aws:iam::aws:policy/AdministratorAccess")
	managed := time.Since(start) - index - service
	r := Evaluate(Input{Policies: []Policy{{Document: `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`}}})
	total := time.Since(start)
	t.Logf("action index %v, first service %v, managed index + AdministratorAccess %v, first evaluation total %v (class %s)", index, service, managed, total, r.Class)
}
