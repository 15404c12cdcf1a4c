package awsiam

import (
	"fmt"
	"os"
	"testing"
	"time"
)

func TestTmpCold(t *testing.T) {
	if os.Getenv("COLD") == "" {
		t.Skip()
	}
	st := time.Now()
	table()
	a := time.Since(st)
	st = time.Now()
	managedTable()
	b := time.Since(st)
	st = time.Now()
	ManagedPolicyDocument("AdministratorAccess")
	c := time.Since(st)
	st = time.Now()
	ManagedPolicyDocument("ReadOnlyAccess")
	d := time.Since(st)
	fmt.Println("table", a, "managed index", b, "admin doc", c, "readonly doc", d)
}
