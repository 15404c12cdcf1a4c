// Command nhiguard checks Terraform plans for unowned, long-lived and
// over-privileged machine credentials.
package main

import (
	"fmt"
	"os"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/cli"
)

// version is set at build time: -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	cli.Version = version
	// A check that outgrows its container stops with a reason (and never
	// a passing exit code) before the kernel kills it without one.
	checker.OnOutOfMemory(func(live, allowed int64) {
		cli.AbandonOutput()
		fmt.Fprintf(os.Stderr, "nhiguard: the check needs more memory than its container allows (%d MiB in use of %d MiB): give the job more memory, or check the plan in parts\n", live>>20, allowed>>20)
		os.Exit(cli.ExitError)
	})
	os.Exit(cli.Run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
