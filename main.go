// Command terraform-provider-nhi serves the nhi Terraform provider.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/nhiguard/terraform-provider-nhi/internal/clock"
	"github.com/nhiguard/terraform-provider-nhi/internal/provider"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "set to true to run the provider with support for debuggers like delve")
	flag.Parse()

	provider.QuietLogs()
	provider.TuneGC()
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	if err := tf6server.Serve(provider.Address, provider.Server(version, clock.New()), opts...); err != nil {
		log.Fatal(err.Error())
	}
}
