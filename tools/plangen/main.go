// Command plangen writes a realistic `terraform show -json` plan of about N
// resource instances, for benchmarking nhiguard on large plans:
//
//	go run ./tools/plangen -n 50000 -o /tmp/plan-50k.json
//	go run ./tools/plangen -mb 100 -o /tmp/plan-100mb.json
//	go run ./tools/plangen -mb 100 -infra 24 -o /tmp/monorepo-100mb.json
//	go run ./tools/plangen -shape group-members -n 20000 -o /tmp/crowded.json
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan/plangen"
)

func main() {
	n := flag.Int("n", 10000, "resource instances")
	mb := flag.Float64("mb", 0, "aim for a plan of about this many MB instead of -n")
	out := flag.String("o", "-", "output file (- for stdout)")
	newShare := flag.Float64("new", 0, "share of services the plan creates (default 0.18)")
	changeShare := flag.Float64("changed", 0, "share of services the plan changes (default 0.12)")
	perTeam := flag.Int("per-team", 0, "services per module instance (default 25; thousands make wide for_each)")
	infra := flag.Int("infra", 0, "infrastructure resources per service (buckets, functions, queues...; default none)")
	shape := flag.String("shape", "", fmt.Sprintf("write a plan crowded along one axis instead, of size -n: one of %v", plangen.Shapes))
	flag.Parse()

	opts := plangen.Options{Instances: *n, NewShare: *newShare, ChangeShare: *changeShare, ServicesPerTeam: *perTeam, InfraPerService: *infra}
	if *mb > 0 {
		// Measure a small plan and scale: the size per instance is stable.
		small := opts
		small.Instances = 5000
		_, st := plangen.Generate(small)
		opts.Instances = int(*mb * 1e6 / (float64(st.Bytes) / float64(st.Instances)))
	}
	var w io.Writer = os.Stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, "plangen:", err)
			os.Exit(1)
		}
		defer f.Close()
		bw := bufio.NewWriterSize(f, 1<<20)
		defer bw.Flush()
		w = bw
	}
	if *shape != "" {
		st, err := plangen.WriteShape(w, plangen.Shape(*shape), *n)
		if err != nil {
			fmt.Fprintln(os.Stderr, "plangen:", err)
			os.Exit(1)
		}
		fmt.Fprintf(os.Stderr, "plangen: %s, %d instances, %.1f MB\n", *shape, st.Instances, float64(st.Bytes)/1e6)
		return
	}
	st, err := plangen.Write(w, opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "plangen:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "plangen: %d instances (%d changes), %d services in %d module instances, %.1f MB\n",
		st.Instances, st.Changes, st.Services, st.Teams, float64(st.Bytes)/1e6)
}
