// Command nhiguard checks Terraform plans for unowned, long-lived and
// over-privileged machine credentials.
package main

import (
	"os"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/cli"
)

// version is set at build time: -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	cli.Version = version
	os.Exit(cli.Run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
