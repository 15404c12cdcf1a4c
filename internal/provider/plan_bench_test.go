package provider

// BenchmarkTerraformPlan1000 compares `terraform plan` of 1,000 nhi_identity
// resources with 1,000 terraform_data resources (Terraform's built-in),
// against the freshly built provider (dev_overrides, no init); the target
// is an identity plan at most 1.5 times the terraform_data one. It also
// plans the identities with testdata/floorprovider, a framework provider
// with the same input attributes that does nothing: the cost every
// terraform-plugin-framework provider pays (a plugin process, gRPC, the
// framework's schema walks). That floor was above 1.5 on its own, which is
// why nhi_identity's two per-resource calls take the fast path
// (fastpath.go); BenchmarkIdentityRPC measures those calls in process.
// A fourth run plans the identities with testdata/protofloor, a provider
// with the same attributes written directly against terraform-plugin-go
// (no framework) that does nothing either: the cost of the plugin protocol
// itself (a separate process, the go-plugin handshake, gRPC, msgpack), the
// floor under any plugin provider and so under the framework's floor.
// Each iteration plans all four, in rotating order, and the benchmark
// reports each one's wall time, the CPU time of terraform and the provider
// together, and the ratios.
//
// It runs the real terraform binary, so it is opt-in like the acceptance
// tests: TF_ACC=1 go test -run '^$' -bench TerraformPlan ./internal/provider

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/e2e"
)

const planBenchCount = 1000

// identityConfig declares planBenchCount identities, each with an owner,
// rotation and review settings, tied to one nhi_owner.
func identityConfig() string {
	var b strings.Builder
	b.WriteString(`terraform {
  required_providers {
    nhi = { source = "nhiguard/nhi" }
  }
}

resource "nhi_owner" "platform" {
  name  = "team-platform"
  email = "platform@example.com"
}

locals {
  services = { for i in range(` + fmt.Sprint(planBenchCount) + `) : format("svc-%04d", i) => i }
}

resource "nhi_identity" "svc" {
  for_each          = local.services
  name              = each.key
  kind              = "access_key"
  owner             = nhi_owner.platform.id
  purpose           = "Deploys ${each.key} from CI."
  environment       = each.value % 2 == 0 ? "prod" : "staging"
  rotation_days     = 90
  max_lifetime_days = 365
  review_every_days = 180
  last_reviewed_at  = "2026-10-01T00:00:00Z"
}
`)
	return b.String()
}

// dataConfig declares planBenchCount terraform_data resources with inputs
// of the same shape.
func dataConfig() string {
	return `locals {
  services = { for i in range(` + fmt.Sprint(planBenchCount) + `) : format("svc-%04d", i) => i }
}

resource "terraform_data" "platform" {
  input = { name = "team-platform", email = "platform@example.com" }
}

resource "terraform_data" "svc" {
  for_each = local.services
  input = {
    name              = each.key
    kind              = "access_key"
    owner             = terraform_data.platform.output.name
    purpose           = "Deploys ${each.key} from CI."
    environment       = each.value % 2 == 0 ? "prod" : "staging"
    rotation_days     = 90
    max_lifetime_days = 365
    review_every_days = 180
    last_reviewed_at  = "2026-10-01T00:00:00Z"
  }
}
`
}

func BenchmarkTerraformPlan1000(b *testing.B) {
	terraform := e2e.Terraform(b) // skips unless TF_ACC is set
	real, floor := e2e.NewWorkspace(b), e2e.NewWorkspaceFor(b, "./internal/provider/testdata/floorprovider")
	protofloor := e2e.NewWorkspaceFor(b, "./internal/provider/testdata/protofloor")
	identities, data := b.TempDir(), b.TempDir()
	for dir, config := range map[string]string{identities: identityConfig(), data: dataConfig()} {
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
			b.Fatal(err)
		}
	}
	runs := []struct {
		dir string
		env []string
	}{{identities, real.Env()}, {data, real.Env()}, {identities, floor.Env()}, {identities, protofloor.Env()}}
	for _, r := range runs {
		plan(b, terraform, r.env, r.dir) // warm up: plugin cache, page cache
	}
	var wall, cpu [4]time.Duration
	for i := 0; b.Loop(); i++ {
		for j := range runs {
			k := (i + j) % len(runs) // rotate which one runs first
			w, c := plan(b, terraform, runs[k].env, runs[k].dir)
			wall[k] += w
			cpu[k] += c
		}
	}
	n := float64(b.N)
	b.ReportMetric(wall[0].Seconds()/n, "identity-s/op")
	b.ReportMetric(wall[1].Seconds()/n, "data-s/op")
	b.ReportMetric(wall[2].Seconds()/n, "floor-s/op")
	b.ReportMetric(wall[3].Seconds()/n, "protofloor-s/op")
	b.ReportMetric(cpu[0].Seconds()/n, "identity-cpu-s/op")
	b.ReportMetric(cpu[1].Seconds()/n, "data-cpu-s/op")
	b.ReportMetric(cpu[2].Seconds()/n, "floor-cpu-s/op")
	b.ReportMetric(cpu[3].Seconds()/n, "protofloor-cpu-s/op")
	b.ReportMetric(wall[0].Seconds()/wall[1].Seconds(), "wall-ratio")
	b.ReportMetric(cpu[0].Seconds()/cpu[1].Seconds(), "cpu-ratio")
	b.ReportMetric(wall[2].Seconds()/wall[1].Seconds(), "floor-wall-ratio")
	b.ReportMetric(wall[3].Seconds()/wall[1].Seconds(), "protofloor-wall-ratio")
	b.ReportMetric(wall[0].Seconds()/wall[2].Seconds(), "identity-over-floor")
	b.ReportMetric(wall[2].Seconds()/wall[3].Seconds(), "floor-over-protofloor")
}

// BenchmarkTerraformRefreshPlan1000 is the everyday plan: 1,000 identities
// and 1,000 terraform_data resources that exist already, refreshed and
// found unchanged. It reports each one's wall time and their ratio.
func BenchmarkTerraformRefreshPlan1000(b *testing.B) {
	terraform := e2e.Terraform(b) // skips unless TF_ACC is set
	w := e2e.NewWorkspace(b)
	identities, data := b.TempDir(), b.TempDir()
	for dir, config := range map[string]string{identities: identityConfig(), data: dataConfig()} {
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
			b.Fatal(err)
		}
		w.Run(dir, "apply", "-auto-approve", "-input=false", "-lock=false", "-no-color")
	}
	dirs := []string{identities, data}
	for _, dir := range dirs {
		plan(b, terraform, w.Env(), dir) // warm up
	}
	var wall [2]time.Duration
	for i := 0; b.Loop(); i++ {
		for j := range dirs {
			k := (i + j) % len(dirs)
			d, _ := plan(b, terraform, w.Env(), dirs[k])
			wall[k] += d
		}
	}
	n := float64(b.N)
	b.ReportMetric(wall[0].Seconds()/n, "identity-s/op")
	b.ReportMetric(wall[1].Seconds()/n, "data-s/op")
	b.ReportMetric(wall[0].Seconds()/wall[1].Seconds(), "wall-ratio")
}

// plan runs `terraform plan` in dir and returns its wall time and the CPU
// time of terraform and the provider processes it waited for.
func plan(b *testing.B, terraform string, env []string, dir string) (time.Duration, time.Duration) {
	b.Helper()
	out := filepath.Join(b.TempDir(), "tfplan")
	cmd := exec.Command(terraform, "-chdir="+dir, "plan", "-input=false", "-lock=false", "-no-color", "-out="+out)
	cmd.Env = env
	start := time.Now()
	if msg, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("terraform plan in %s: %v\n%s", dir, err, msg)
	}
	wall := time.Since(start)
	var cpu time.Duration
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return wall, cpu
}
