package checker_test

// Benchmarks of the whole check on large plans: the largest fixture,
// generated plans of 1k, 10k and 50k resource instances (plangen), all
// of them identities, and mono-25k, a monorepo's plan of 25k instances
// (about 93 MB) where three in four are infrastructure (buckets,
// functions, queues...) beside the identities. Besides
// ns/op they report MB/s (b.SetBytes), ns per resource instance, CPU time
// per op (user+system of the process, so GC on other cores counts), and
// the peak RSS of one check in a fresh process next to the plan's size.
// `make bench` runs them with -cpu 1 (one core) and prints the scaling.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/config"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/graph"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan/plangen"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report/formatter"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/rules"
)

const largeFixture = "../testdata/fixtures/aws-12-large-generated/plan.json"

// benchPlan is a plan file on disk and what it holds.
type benchPlan struct {
	name      string
	path      string
	size      int64
	instances int
	sourceDir string // the .tf sources a check reads, if any
}

// args are the check arguments that name the plan (and its sources).
func (bp *benchPlan) args() []string {
	if bp.sourceDir != "" {
		return []string{"--source-dir", bp.sourceDir, bp.path}
	}
	return []string{bp.path}
}

var (
	benchDirOnce sync.Once
	benchDir     string
	benchPlans   sync.Map // name -> *benchPlan
)

// makeBenchDir makes the directory generated plans go to, once.
// TestMain removes what the benchmarks generate: plans of up to 130 MB
// and a binary, hundreds of MB a run, which every `make bench` left in
// the temporary directory.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range []string{benchDir, filepath.Dir(nhiguardBin)} {
		if dir != "" && dir != "." {
			os.RemoveAll(dir)
		}
	}
	os.Exit(code)
}

func makeBenchDir(b *testing.B) {
	benchDirOnce.Do(func() {
		d, err := os.MkdirTemp("", "nhiguard-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchDir = d
	})
}

// plans lists the benchmark plans, generating each on first use.
func plans(b *testing.B, names ...string) []*benchPlan {
	b.Helper()
	makeBenchDir(b)
	var out []*benchPlan
	for _, name := range names {
		if v, ok := benchPlans.Load(name); ok {
			out = append(out, v.(*benchPlan))
			continue
		}
		bp := &benchPlan{name: name}
		if name == "aws-12" {
			bp.path = largeFixture
			p, err := plan.Load(context.Background(), largeFixture, nil, plan.Options{})
			if err != nil {
				b.Fatal(err)
			}
			bp.instances = len(p.Resources)
		} else {
			var n int
			opts := plangen.Options{}
			if _, err := fmt.Sscanf(name, "gen-%dk", &n); err != nil {
				if _, err := fmt.Sscanf(name, "mono-%dk", &n); err != nil {
					b.Fatalf("plan name %q", name)
				}
				opts.InfraPerService = 24
			}
			opts.Instances = n * 1000
			bp.path = filepath.Join(benchDir, name+".json")
			f, err := os.Create(bp.path)
			if err != nil {
				b.Fatal(err)
			}
			st, err := plangen.Write(f, opts)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				b.Fatal(err)
			}
			bp.instances = st.Instances
		}
		st, err := os.Stat(bp.path)
		if err != nil {
			b.Fatal(err)
		}
		bp.size = st.Size()
		benchPlans.Store(name, bp)
		out = append(out, bp)
	}
	return out
}

var allPlans = []string{"aws-12", "gen-1k", "gen-10k", "gen-50k", "mono-25k"}

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportPerResource adds ns per resource instance and CPU time per op.
func reportPerResource(b *testing.B, instances int, cpu time.Duration) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(instances), "ns/resource")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// BenchmarkCheck is the whole check of a plan file as `nhiguard check
// --format json` runs it: read, decode, index, both graphs, rules, the
// report, and the JSON report written (to io.Discard).
func BenchmarkCheck(b *testing.B) {
	for _, bp := range plans(b, allPlans...) {
		b.Run(bp.name, func(b *testing.B) {
			b.SetBytes(bp.size)
			b.ReportAllocs()
			// The heap reservation is made once per process (address space,
			// not memory): make it before timing, so B/op counts the check.
			checker.SizeMemory(bp.path)()
			runtime.GC()
			cpu0 := cpuTime()
			for b.Loop() {
				checkAndWrite(b, bp.path)
			}
			reportPerResource(b, bp.instances, cpuTime()-cpu0)
			rss := peakRSS(b, bp)
			b.ReportMetric(float64(rss)/(1<<20), "peak-RSS-MiB")
			b.ReportMetric(float64(rss)/float64(bp.size), "peak-RSS/plan")
		})
	}
}

// BenchmarkScaling measures the linearity target directly: each
// round checks the 1k plan ten times and the 10k plan twice, in the same
// process, and the ratio of their per-check times (10.00 is linear) is
// reported as the median over rounds, which the machine's noise moves
// less than BenchmarkCheck's separate sub-benchmarks.
//
// Each size is timed once warm, after a check of the same size, as one
// check per process is: the first 10k check after 1k checks refaults
// pages the collector returned to the kernel while the heap was small, in
// small pages (it split the huge ones), an artefact of alternating in one
// process. That first check is reported too, as 10k/1k-time-cold. So is
// the ratio of CPU times past start-up in fresh processes, as a user runs
// each check (10k/1k-cpu-fresh).
func BenchmarkScaling(b *testing.B) {
	ps := plans(b, "gen-1k", "gen-10k")
	small, big := ps[0], ps[1]
	checker.SizeMemory(big.path)() // the heap reservation of the larger, once
	timed := func(path string) time.Duration {
		t0 := time.Now()
		checkAndWrite(b, path)
		return time.Since(t0)
	}
	var warm, cold []float64
	for b.Loop() {
		runtime.GC()
		checkAndWrite(b, small.path)
		var perSmall time.Duration
		for range 10 {
			perSmall += timed(small.path)
		}
		perSmall /= 10
		runtime.GC()
		cold = append(cold, float64(timed(big.path))/float64(perSmall))
		warm = append(warm, float64(timed(big.path))/float64(perSmall))
	}
	b.ReportMetric(median(warm), "10k/1k-time")
	b.ReportMetric(median(cold), "10k/1k-time-cold")
	b.ReportMetric(freshRatio(b, small, big, 5), "10k/1k-cpu-fresh")
	b.ReportMetric(float64(big.instances)/float64(small.instances), "10k/1k-resources")
}

func median(xs []float64) float64 {
	slices.Sort(xs)
	m := xs[len(xs)/2]
	if len(xs)%2 == 0 {
		m = (xs[len(xs)/2-1] + m) / 2
	}
	return m
}

// freshRatio is the median, over rounds, of the ratio of two plans' check
// CPU times in fresh processes, each past the start-up (a small plan's
// check): what a user's CI pays for each.
func freshRatio(b *testing.B, small, big *benchPlan, rounds int) float64 {
	bin := nhiguardBinary(b)
	var ratios []float64
	for range rounds {
		base, _ := runCheck(b, bin, nil, nil, startupPlan)
		cs, _ := runCheck(b, bin, nil, nil, small.args()...)
		cb, _ := runCheck(b, bin, nil, nil, big.args()...)
		ratios = append(ratios, float64(cb-base)/float64(cs-base))
	}
	return median(ratios)
}

// startupPlan is the small plan whose check stands for start-up.
const startupPlan = "../testdata/fixtures/aws-02-unowned-ci-user-admin/plan.json"

// BenchmarkShapes checks plans crowded along one axis that the generated
// plans keep narrow (plangen.Shapes: members of one group, policies of one
// role, statements of one document, editors of one project, keys exposed
// through outputs, wildcards over every service, keys listed by
// identities or covered by their patterns, bindings of one service
// account, policies each over every bucket of a for_each or filtering them
// by each.key, instances of one module, readers of a local, with the
// configuration's sources) at 2,000 and 20,000, each in a fresh process as
// a user runs it, and reports, per
// shape, the ratio of their CPU times past the start-up (a small plan's:
// 10.00 is linear), the median over rounds, and the peak RSS of the larger
// next to its size. In one process the smaller would reuse the larger's
// recycled working sets, and look cheaper than it is.
func BenchmarkShapes(b *testing.B) {
	for _, s := range plangen.Shapes {
		b.Run(string(s), func(b *testing.B) {
			small, big := shapePlan(b, s, 2000), shapePlan(b, s, 20000)
			var ratio float64
			for b.Loop() {
				ratio = freshRatio(b, small, big, 3)
			}
			b.ReportMetric(ratio, "20k/2k-cpu")
			rss := peakRSS(b, big)
			b.ReportMetric(float64(rss)/(1<<20), "peak-RSS-MiB")
			b.ReportMetric(float64(rss)/float64(big.size), "peak-RSS/plan")
		})
	}
}

// BenchmarkBaseline checks gen-10k and gen-50k with a baseline of their
// own findings (every finding waived), the baseline file parsed in each
// check as `check --baseline` does, and reports the time next to a check
// without it: a baseline holds an entry per finding, so matching them
// must not multiply.
func BenchmarkBaseline(b *testing.B) {
	for _, bp := range plans(b, "gen-10k", "gen-50k") {
		b.Run(bp.name, func(b *testing.B) {
			checker.SizeMemory(bp.path)()
			res, err := checker.Check(context.Background(), checker.Input{PlanPath: bp.path, Now: fixtureNow})
			if err != nil {
				b.Fatal(err)
			}
			var file bytes.Buffer
			if err := report.NewBaseline(res.Report.Findings, fixtureNow, fixtureNow.AddDate(0, 0, 90), "", "bench").Write(&file); err != nil {
				b.Fatal(err)
			}
			res = nil
			var with, without time.Duration
			for b.Loop() {
				t0 := time.Now()
				checkAndWrite(b, bp.path)
				without += time.Since(t0)
				t0 = time.Now()
				extra, err := report.ParseBaseline(file.Bytes(), "nhiguard-baseline.json")
				if err != nil {
					b.Fatal(err)
				}
				checkInputAndWrite(b, checker.Input{PlanPath: bp.path, Now: fixtureNow, Extra: extra})
				with += time.Since(t0)
			}
			b.ReportMetric(float64(with)/float64(without), "with/without-baseline")
		})
	}
}

// shapePlan is a plan of shape s and size n (plangen.WriteShape), written
// on first use.
func shapePlan(b *testing.B, s plangen.Shape, n int) *benchPlan {
	b.Helper()
	makeBenchDir(b)
	name := fmt.Sprintf("%s-%d", s, n)
	if v, ok := benchPlans.Load(name); ok {
		return v.(*benchPlan)
	}
	bp := &benchPlan{name: name, path: filepath.Join(benchDir, name+".json")}
	f, err := os.Create(bp.path)
	if err != nil {
		b.Fatal(err)
	}
	st, err := plangen.WriteShape(f, s, n)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		b.Fatal(err)
	}
	bp.size, bp.instances = st.Bytes, st.Instances
	if files := plangen.ShapeSources(s); files != nil {
		bp.sourceDir = filepath.Join(benchDir, name+"-src")
		if err := os.MkdirAll(bp.sourceDir, 0o755); err != nil {
			b.Fatal(err)
		}
		for file, text := range files {
			if err := os.WriteFile(filepath.Join(bp.sourceDir, file), []byte(text), 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	benchPlans.Store(name, bp)
	return bp
}

// BenchmarkStages times each step of the pipeline on its own.
func BenchmarkStages(b *testing.B) {
	for _, bp := range plans(b, allPlans...) {
		checker.SizeMemory(bp.path)() // the heap reservation, as a check makes it (no limit)
		b.Run(bp.name+"/load", func(b *testing.B) {
			b.SetBytes(bp.size)
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				if _, err := plan.Load(context.Background(), bp.path, nil, plan.Options{IsSecret: kb.IsSecret, Reads: kb.Known}); err != nil {
					b.Fatal(err)
				}
			}
			reportPerResource(b, bp.instances, cpuTime()-cpu0)
		})
		p, err := plan.Load(context.Background(), bp.path, nil, plan.Options{IsSecret: kb.IsSecret, Reads: kb.Known})
		if err != nil {
			b.Fatal(err)
		}
		opts := graph.Options{Now: fixtureNow, OwnerKeys: config.Default().OwnerKeys}
		for _, w := range []struct {
			name  string
			world graph.World
		}{{"graph-after", graph.After}, {"graph-before", graph.Before}} {
			b.Run(bp.name+"/"+w.name, func(b *testing.B) {
				o := opts
				o.World = w.world
				b.ReportAllocs()
				cpu0 := cpuTime()
				for b.Loop() {
					graph.Build(p, o)
				}
				reportPerResource(b, bp.instances, cpuTime()-cpu0)
			})
		}
		g := graph.Build(p, opts)
		b.Run(bp.name+"/rules", func(b *testing.B) {
			pol := rules.DefaultPolicy()
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				rules.Run(g, pol)
			}
			reportPerResource(b, bp.instances, cpuTime()-cpu0)
		})
		b.Run(bp.name+"/report", func(b *testing.B) {
			// Everything after loading: both graphs, rules, waivers, inventory.
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				if _, err := checker.CheckPlan(p, checker.Input{Now: fixtureNow}); err != nil {
					b.Fatal(err)
				}
			}
			reportPerResource(b, bp.instances, cpuTime()-cpu0)
		})
	}
}

// peakRSS runs `nhiguard check --format json` on path in a fresh process
// and returns the peak resident memory it reports (NHIGUARD_LOG=debug):
// what a pipeline's check costs, binary included. The rusage of a child
// that os/exec starts (vfork) would count this process's memory too.
func peakRSS(b *testing.B, bp *benchPlan) int64 {
	b.Helper()
	_, stderr := runCheck(b, nhiguardBinary(b), nil, []string{"NHIGUARD_LOG=debug"}, append([]string{"--format", "json"}, bp.args()...)...)
	return loggedPeakRSS(b, stderr)
}

// loggedPeakRSS reads the peak resident memory a check logs
// (NHIGUARD_LOG=debug) from its stderr.
func loggedPeakRSS(b *testing.B, stderr []byte) int64 {
	b.Helper()
	i := bytes.Index(stderr, []byte("peak_rss_mib="))
	if i < 0 {
		b.Fatalf("nhiguard logged no peak memory:\n%s", stderr)
	}
	var mib int64
	if _, err := fmt.Sscanf(string(stderr[i+len("peak_rss_mib="):]), "%d", &mib); err != nil {
		b.Fatal(err)
	}
	return mib << 20
}

// checkAndWrite checks a plan and writes its JSON report, as the CLI
// does: the memory limit spans both, and the plan and graphs are not kept
// while the report is written.
func checkAndWrite(t testing.TB, path string) {
	checkInputAndWrite(t, checker.Input{PlanPath: path, Now: fixtureNow})
}

// checkInputAndWrite is checkAndWrite for any input of a plan file.
func checkInputAndWrite(t testing.TB, in checker.Input) {
	defer checker.SizeMemory(in.PlanPath)()
	res, err := checker.Check(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	rep := res.Report
	res = nil
	if err := formatter.JSON(io.Discard, rep, formatter.Options{}); err != nil {
		t.Fatal(err)
	}
}

var (
	nhiguardOnce sync.Once
	nhiguardBin  string
	nhiguardErr  error
)

// nhiguardBinary builds the nhiguard binary once per benchmark process.
func nhiguardBinary(b *testing.B) string {
	b.Helper()
	nhiguardOnce.Do(func() {
		dir, err := os.MkdirTemp("", "nhiguard-bin-")
		if err != nil {
			nhiguardErr = err
			return
		}
		nhiguardBin = filepath.Join(dir, "nhiguard")
		out, err := exec.Command("go", "build", "-trimpath", "-o", nhiguardBin, "../../../cmd/nhiguard").CombinedOutput()
		if err != nil {
			nhiguardErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if nhiguardErr != nil {
		b.Fatal(nhiguardErr)
	}
	return nhiguardBin
}

// BenchmarkCLI runs `nhiguard check --format json` on the large plans in
// a fresh process each time, on one core, as a pipeline does: unlike
// BenchmarkCheck it pays for a new heap (page faults) and for loading the
// IAM tables on every run.
func BenchmarkCLI(b *testing.B) {
	bin := nhiguardBinary(b)
	for _, bp := range plans(b, "gen-10k", "gen-50k", "mono-25k") {
		b.Run(bp.name, func(b *testing.B) {
			b.SetBytes(bp.size)
			var cpu time.Duration
			for b.Loop() {
				c, _ := runCheck(b, bin, nil, []string{"GOMAXPROCS=1"}, "--format", "json", bp.path)
				cpu += c
			}
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "child-cpu-ns/op")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(bp.instances), "ns/resource")
		})
	}
}

// BenchmarkCLIInputs runs `nhiguard check --format json` in a fresh
// process on the large plans given the other two ways: piped to stdin,
// and as a binary plan (a stand-in terraform prints the plan's JSON, as
// `terraform show -json` would), with the peak RSS of each next to the
// plan's size. BenchmarkCLI is the same with the plan file.
func BenchmarkCLIInputs(b *testing.B) {
	bin := nhiguardBinary(b)
	dir := b.TempDir()
	binaryPlan := filepath.Join(dir, "tfplan")
	if err := os.WriteFile(binaryPlan, []byte("PK\x03\x04 a stand-in binary plan"), 0o600); err != nil {
		b.Fatal(err)
	}
	for _, bp := range plans(b, "gen-50k", "mono-25k") {
		fakeTerraform := filepath.Join(dir, bp.name+"-terraform")
		if err := os.WriteFile(fakeTerraform, []byte("#!/bin/sh\nexec cat '"+bp.path+"'\n"), 0o700); err != nil {
			b.Fatal(err)
		}
		for _, in := range []struct{ name, arg, terraform string }{
			{"stdin", "-", ""},
			{"binary", binaryPlan, fakeTerraform},
		} {
			b.Run(bp.name+"/"+in.name, func(b *testing.B) {
				b.SetBytes(bp.size)
				var cpu time.Duration
				var peak int64
				for b.Loop() {
					c, rss := runInput(b, bin, bp.path, in.arg, in.terraform)
					cpu += c
					peak = max(peak, rss)
				}
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "child-cpu-ns/op")
				b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MiB")
				b.ReportMetric(float64(peak)/float64(bp.size), "peak-RSS/plan")
			})
		}
	}
}

// runInput runs one check of plan given as arg ("-": piped from a file
// through a pipe) on one core, and returns the child's CPU time and the
// peak RSS it logs.
func runInput(b *testing.B, bin, plan, arg, terraform string) (time.Duration, int64) {
	b.Helper()
	args := []string{"--format", "json", arg}
	if terraform != "" {
		args = append(args, "--terraform", terraform)
	}
	var stdin io.Reader
	if arg == "-" {
		f, err := os.Open(plan)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		stdin = struct{ io.Reader }{f} // a pipe, not the file
	}
	cpu, stderr := runCheck(b, bin, stdin, []string{"GOMAXPROCS=1", "NHIGUARD_LOG=debug"}, args...)
	return cpu, loggedPeakRSS(b, stderr)
}

// BenchmarkStartup runs the nhiguard binary on a small plan: process
// start, package initialisation, the check and the text report.
func BenchmarkStartup(b *testing.B) {
	bin := nhiguardBinary(b)
	var cpu time.Duration
	for b.Loop() {
		c, _ := runCheck(b, bin, nil, nil, startupPlan)
		cpu += c
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "child-cpu-ns/op")
}

// runCheck runs `nhiguard check --no-source` with stdin (nil for none),
// extra environment and arguments, requires exit 0 or 1, and returns the
// child's CPU time and what it wrote to stderr.
func runCheck(b *testing.B, bin string, stdin io.Reader, env []string, args ...string) (time.Duration, []byte) {
	b.Helper()
	base := []string{"check", "--now", "2026-11-24T00:00:00Z"}
	if !slices.Contains(args, "--source-dir") {
		base = append(base, "--no-source")
	}
	cmd := exec.Command(bin, append(base, args...)...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = stdin
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 1) {
		b.Fatalf("nhiguard check: %v\n%s", err, stderr.Bytes())
	}
	var cpu time.Duration
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return cpu, stderr.Bytes()
}
