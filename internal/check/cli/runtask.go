package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/runtask"
)

// EnvRunTaskKey holds the run task's HMAC key: a secret, so not a flag
// (flags show in process lists and shell history).
const EnvRunTaskKey = "NHIGUARD_RUN_TASK_HMAC_KEY"

func init() { commands["run-task"] = runRunTask }

// runTaskServing, when set (tests), is called once the server listens,
// with its address and a function that stops it.
var runTaskServing func(addr string, stop func())

// runRunTask serves the check as a Terraform Cloud / Enterprise run task
// until interrupted.
func runRunTask(args []string, env Env) int {
	fs := flag.NewFlagSet("run-task", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	listen := fs.String("listen", ":8080", "address to listen on")
	hostnames := fs.String("hostname", "app.terraform.io", "host (host[:port]) of Terraform Cloud or Enterprise; plan and callback URLs elsewhere are refused (comma-separated for several)")
	unsigned := fs.Bool("unsigned", false, "accept requests without an HMAC signature, when no key is set (only where nothing but the platform can reach the service)")
	var f checkFlags
	fs.StringVar(&f.configPath, "config", "", "policy file (default: $NHIGUARD_CONFIG, or .nhiguard.hcl here or in a parent directory)")
	fs.StringVar(&f.maxSize, "max-plan-size", "", "largest plan JSON downloaded, e.g. 500MB (default 2GB)")
	fs.BoolVar(&f.all, "all", false, "findings on resources a run does not change block too")
	fs.StringVar(&f.baseline, "baseline", "", "accept the findings recorded in this baseline file")
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: nhiguard run-task [flags]\n\nServes the check as a Terraform Cloud / Enterprise run task (post-plan or pre-apply stage):\nit downloads each run's plan JSON, checks it, and reports passed or failed with an outcome\nper finding. Set %s to the run task's HMAC key.\n\nFlags:\n", EnvRunTaskKey)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitError
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "nhiguard: run-task takes no arguments (got %q)\n", fs.Arg(0))
		return ExitError
	}
	srv, err := newRunTaskServer(&f, env, *hostnames, *unsigned)
	if err != nil {
		fmt.Fprintf(env.Stderr, "nhiguard: %s\n", oneLine(err.Error()))
		return ExitError
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(env.Stderr, "nhiguard: --listen %s: %s\n", *listen, oneLine(unwrap(err).Error()))
		return ExitError
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		hs.Shutdown(shutdown)
	}()
	srv.Log.Info("run task listening", "addr", ln.Addr().String(), "hosts", *hostnames, "signed", !*unsigned)
	if runTaskServing != nil {
		runTaskServing(ln.Addr().String(), stop)
	}
	if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(env.Stderr, "nhiguard: %s\n", oneLine(err.Error()))
		return ExitError
	}
	srv.Wait() // runs under way still report
	return ExitOK
}

// newRunTaskServer checks the settings, and the policy file once, so that
// a mistake stops the service at start rather than fails every run.
func newRunTaskServer(f *checkFlags, env Env, hostnames string, unsigned bool) (*runtask.Server, error) {
	key := env.Getenv(EnvRunTaskKey)
	if key == "" && !unsigned {
		return nil, &usageError{fmt.Sprintf("set %s to the run task's HMAC key (or pass --unsigned where only the platform can reach the service)", EnvRunTaskKey)}
	}
	var hosts []string
	for _, h := range strings.Split(hostnames, ",") {
		if h = strings.TrimSpace(h); h != "" {
			if strings.Contains(h, "/") {
				return nil, &usageError{fmt.Sprintf("--hostname %q: give a host, not a URL", h)}
			}
			hosts = append(hosts, h)
		}
	}
	if len(hosts) == 0 {
		return nil, &usageError{"--hostname: name the Terraform Cloud or Enterprise host"}
	}
	f.noSource = true // a run's configuration comes with the run (Server.configuration)
	f.configPath = env.path(f.configPath)
	f.baseline = env.path(f.baseline)
	if _, _, err := loadPolicy(f, env); err != nil {
		return nil, err
	}
	if f.baseline != "" {
		if _, err := loadBaseline(f.baseline); err != nil {
			return nil, err
		}
	}
	var maxBytes int64
	if f.maxSize != "" {
		n, err := parseSize(f.maxSize)
		if err != nil {
			return nil, &usageError{"--max-plan-size: " + err.Error()}
		}
		maxBytes = n
	}
	log := env.logger()
	if env.Getenv(EnvLog) == "" {
		log, _ = newLogger("info", env.Stderr) // a service logs what it does
	}
	pipelineEnv := env
	pipelineEnv.log = log
	return &runtask.Server{
		Key: []byte(key), Unsigned: unsigned, Hosts: hosts, MaxBytes: maxBytes, Log: log,
		Check: func(_ context.Context, path, sourceDir string) (*report.Report, error) {
			g := *f
			if sourceDir != "" && checker.HasTerraformFiles(sourceDir) {
				g.noSource, g.sourceDir = false, sourceDir
			}
			res, err := runPipeline(path, &g, pipelineEnv)
			if err != nil {
				return nil, err
			}
			return res.Report, nil
		},
	}, nil
}
