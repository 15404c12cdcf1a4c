// Package cli is the nhiguard command line: flags, subcommands and exit
// codes. Run takes its arguments and writers so tests run it in-process.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/config"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report/formatter"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/rules"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/standards"
)

// Exit codes.
const (
	ExitOK       = 0
	ExitBlocking = 1
	ExitError    = 2
)

// Version is set by the binary (ldflags).
var Version = "dev"

// Env is the process environment the CLI sees; tests replace it.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads environment variables.
	Getenv func(string) string
	// Dir is the working directory.
	Dir string
	// IsTerminal reports whether stdout is a terminal.
	IsTerminal bool

	// log is the NHIGUARD_LOG logger (log.go), set up by RunEnv.
	log *slog.Logger
}

// Run runs nhiguard with os-level arguments (args[0] is the program name).
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	dir, _ := os.Getwd()
	return RunEnv(args, Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: os.Getenv, Dir: dir, IsTerminal: isTerminal(stdout)})
}

// RunEnv is Run with an explicit environment.
func RunEnv(args []string, env Env) (code int) {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	log, err := newLogger(env.Getenv(EnvLog), env.Stderr)
	if err != nil {
		fmt.Fprintf(env.Stderr, "nhiguard: %s\n", err)
		return ExitError
	}
	env.log = log
	start := time.Now()
	defer func() {
		if !log.Enabled(context.Background(), slog.LevelDebug) {
			return // reading the peak memory costs a file read
		}
		attrs := []any{"code", code, "took", time.Since(start)}
		if peak, ok := peakMemory(); ok {
			attrs = append(attrs, "peak_rss_mib", peak>>20)
		}
		log.Debug("exit", attrs...)
	}()
	defer func() {
		// A bug must never turn into a passing gate.
		if r := recover(); r != nil {
			fmt.Fprintf(env.Stderr, "nhiguard: internal error: %v (please report it)\n", r)
			code = ExitError
		}
	}()
	if len(args) < 2 {
		usage(env.Stderr)
		return ExitError
	}
	cmd, rest := args[1], args[2:]
	switch cmd {
	case "check":
		return runCheck(rest, env)
	case "rules":
		return runRules(rest, env)
	case "explain":
		return runExplain(rest, env)
	case "version", "--version", "-version":
		fmt.Fprintf(env.Stdout, "nhiguard %s\n", Version)
		return ExitOK
	case "help", "-h", "--help", "-help":
		usage(env.Stdout)
		return ExitOK
	}
	if extra, ok := commands[cmd]; ok {
		return extra(rest, env)
	}
	fmt.Fprintf(env.Stderr, "nhiguard: unknown command %q\n", cmd)
	usage(env.Stderr)
	return ExitError
}

// path resolves a path argument against the working directory the CLI
// was given (the process's own in normal runs; a test's directory in-process).
func (e Env) path(p string) string {
	if p == "" || p == "-" || filepath.IsAbs(p) || e.Dir == "" {
		return p
	}
	return filepath.Join(e.Dir, p)
}

// commands holds subcommands defined in other files of this package.
var commands = map[string]func([]string, Env) int{}

func usage(w io.Writer) {
	fmt.Fprint(w, `Usage: nhiguard <command> [flags]

Commands:
  check PLAN      check a plan (terraform show -json output, - for stdin, or a binary plan)
  inventory PLAN  list every machine identity and credential (--diff OLD NEW compares two)
  baseline PLAN   accept today's findings until an expiry (check --baseline FILE)
  run-task        serve the check as a Terraform Cloud / Enterprise run task
  rules           list every rule
  explain RULE    explain a rule (NHI-001 ... NHI-010)
  version         print the version

Run 'nhiguard check -h' for the check flags. Exit codes: 0 nothing blocks,
1 blocking findings, 2 bad usage or unreadable input.
`)
}

// outputSpec is one --format with its optional --output.
type outputSpec struct {
	format string
	path   string
}

// outputsFlag collects repeated --format / --output pairs: each --output
// applies to the --format before it.
type outputsFlag struct{ specs *[]outputSpec }

type formatValue struct{ outputsFlag }

func (f formatValue) String() string { return "" }
func (f formatValue) Set(s string) error {
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if _, ok := formatter.Lookup(name); !ok {
			return fmt.Errorf("unknown format %q (want one of %s)", name, strings.Join(formatter.Names(), ", "))
		}
		*f.specs = append(*f.specs, outputSpec{format: name})
	}
	return nil
}

type outputValue struct{ outputsFlag }

func (o outputValue) String() string { return "" }
func (o outputValue) Set(s string) error {
	specs := *o.specs
	if len(specs) == 0 {
		*o.specs = append(specs, outputSpec{format: "text", path: s})
		return nil
	}
	if specs[len(specs)-1].path != "" {
		return fmt.Errorf("--output %q: give a --format before each --output", s)
	}
	for _, other := range specs {
		if other.path != "" && filepath.Clean(other.path) == filepath.Clean(s) {
			return fmt.Errorf("--output %q is given twice (for %s and %s): one would overwrite the other", s, other.format, specs[len(specs)-1].format)
		}
	}
	specs[len(specs)-1].path = s
	return nil
}

// parseInterleaved parses flags that may come before or after positional
// arguments (nhiguard check plan.json --format json).
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

type checkFlags struct {
	outputs    []outputSpec
	configPath string
	sourceDir  string
	noSource   bool
	all        bool
	terraform  string
	maxSize    string
	now        string
	noColor    bool
	baseline   string
	sourceRoot string
}

func (f *checkFlags) register(fs *flag.FlagSet) {
	fs.Var(formatValue{outputsFlag{&f.outputs}}, "format", "output format: "+strings.Join(formatter.Names(), ", ")+" (repeatable; default text)")
	fs.Var(outputValue{outputsFlag{&f.outputs}}, "output", "write the preceding --format to this file instead of stdout")
	fs.StringVar(&f.configPath, "config", "", "policy file (default: $NHIGUARD_CONFIG, or .nhiguard.hcl here or in a parent directory)")
	fs.StringVar(&f.sourceDir, "source-dir", "", "Terraform configuration directory to read lifecycle blocks and locations from, and to convert a binary plan in (default: the working directory when it holds .tf files)")
	fs.BoolVar(&f.noSource, "no-source", false, "do not read .tf sources")
	fs.BoolVar(&f.all, "all", false, "findings on resources this plan does not change block too")
	fs.StringVar(&f.terraform, "terraform", "", "Terraform (or OpenTofu) CLI used to read a binary plan (default: terraform on PATH, or $NHIGUARD_TERRAFORM)")
	fs.StringVar(&f.maxSize, "max-plan-size", "", "largest plan input accepted, e.g. 500MB, 4GB (default 2GB)")
	fs.StringVar(&f.now, "now", "", "judge expiry as of this RFC 3339 time instead of the clock (reproducible runs)")
	fs.BoolVar(&f.noColor, "no-color", false, "disable colour (NO_COLOR is respected too)")
	fs.StringVar(&f.baseline, "baseline", "", "accept the findings recorded in this baseline file (see 'nhiguard baseline')")
	fs.StringVar(&f.sourceRoot, "source-root", "", "path of the source directory inside the repository, prefixed to file paths in sarif, github, gitlab, junit and markdown output (default: computed from the enclosing git work tree; \".\" for none)")
}

// usageError is bad usage: exit 2 with a one-line message.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// onePlanArg parses a command's flags and its one PLAN argument; when
// that fails it says why and gives the exit code.
func onePlanArg(fs *flag.FlagSet, args []string, env Env) (pos []string, code int, ok bool) {
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, ExitOK, false
		}
		return nil, ExitError, false
	}
	if len(pos) != 1 {
		fmt.Fprintf(env.Stderr, "nhiguard: %s takes exactly one PLAN argument (a file, or - for stdin)\n", fs.Name())
		return nil, ExitError, false
	}
	return pos, ExitOK, true
}

func runCheck(args []string, env Env) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	var f checkFlags
	f.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(env.Stderr, "Usage: nhiguard check PLAN [flags]\n\nPLAN is `terraform show -json` output, - for stdin, or a binary plan file.\n\nFlags:")
		fs.PrintDefaults()
	}
	pos, code, ok := onePlanArg(fs, args, env)
	if !ok {
		return code
	}
	f.configPath = env.path(f.configPath)
	f.sourceDir = env.path(f.sourceDir)
	f.baseline = env.path(f.baseline)
	for i := range f.outputs {
		f.outputs[i].path = env.path(f.outputs[i].path)
	}
	defer checker.SizeMemory(env.path(pos[0]))()
	res, err := runPipeline(env.path(pos[0]), &f, env)
	if err != nil {
		fmt.Fprintf(env.Stderr, "nhiguard: %s\n", oneLine(err.Error()))
		return ExitError
	}
	// Only the report is written: the plan and graph it came from (most
	// of the heap) can be collected while the formats are rendered.
	rep := res.Report
	res = nil
	if err := writeOutputs(rep, f.outputs, !f.noColor, env, repoOptions(&f, pos[0], env)); err != nil {
		fmt.Fprintf(env.Stderr, "nhiguard: %s\n", oneLine(err.Error()))
		return ExitError
	}
	if rep.Blocking() {
		return ExitBlocking
	}
	return ExitOK
}

// runPipeline loads config, sources and plan and runs the checker.
func runPipeline(planPath string, f *checkFlags, env Env) (*checker.Result, error) {
	log, t := env.logger(), time.Now()
	cfg, cfgPath, err := loadPolicy(f, env)
	if err != nil {
		return nil, err
	}
	logConfig(log, cfgPath, time.Since(t))
	in := checker.Input{PlanPath: planPath, Stdin: env.Stdin, Config: cfg, All: f.all, Version: Version}
	in.Terraform = f.terraform
	if in.Terraform == "" {
		in.Terraform = env.Getenv("NHIGUARD_TERRAFORM")
	}
	// A binary plan is converted where its configuration was initialised.
	in.TerraformDir = f.sourceDir
	if f.maxSize != "" {
		n, err := parseSize(f.maxSize)
		if err != nil {
			return nil, &usageError{"--max-plan-size: " + err.Error()}
		}
		in.MaxBytes = n
	}
	if f.now != "" {
		t, err := time.Parse(time.RFC3339, f.now)
		if err != nil {
			return nil, &usageError{fmt.Sprintf("--now %q is not an RFC 3339 time", f.now)}
		}
		in.Now = t
	}
	if !f.noSource {
		t := time.Now()
		src, err := loadSources(f.sourceDir, env.Dir, env.Getenv("TF_DATA_DIR"))
		if err != nil {
			return nil, err
		}
		if src != nil {
			in.Sources = src
		}
		logSources(log, f.sourceDir, env.Dir, false, src, time.Since(t))
	} else {
		logSources(log, "", env.Dir, true, nil, 0)
	}
	if f.baseline != "" {
		extra, err := loadBaseline(f.baseline)
		if err != nil {
			return nil, err
		}
		in.Extra = extra
		log.Info("baseline", "file", f.baseline, "entries", len(extra))
	}
	t = time.Now()
	res, err := checker.Check(context.Background(), in)
	logCheck(log, planPath, res, time.Since(t))
	return res, err
}

// loadPolicy finds and reads the policy file (--config, $NHIGUARD_CONFIG,
// or .nhiguard.hcl here or above; "" and the defaults when there is none).
func loadPolicy(f *checkFlags, env Env) (*config.Config, string, error) {
	cfgPath, err := config.Find(f.configPath, env.Getenv(config.EnvVar), env.Dir)
	if err != nil {
		return nil, "", err
	}
	cfg, err := config.Load(cfgPath)
	return cfg, cfgPath, err
}

// loadBaseline is replaced when baselines are supported.
var loadBaseline = func(path string) ([]*report.Exception, error) {
	return nil, &usageError{"--baseline is not supported by this build"}
}

// loadSources reads the .tf sources: the explicit directory (an error if
// it holds no Terraform files), or the working directory when it does;
// dataDir is TF_DATA_DIR, where Terraform installed the modules they call.
func loadSources(explicit, wd, dataDir string) (checker.Sources, error) {
	if explicit == "" {
		if wd == "" || !checker.HasTerraformFiles(wd) {
			return nil, nil
		}
		return checker.LoadSources(wd, dataDir)
	}
	src, err := checker.LoadSources(explicit, dataDir)
	if err != nil {
		return nil, err
	}
	if src == nil {
		return nil, &usageError{fmt.Sprintf("--source-dir %q holds no .tf or .tf.json files", explicit)}
	}
	return src, nil
}

func writeOutputs(rep *report.Report, specs []outputSpec, colorAllowed bool, env Env, base formatter.Options) error {
	if len(specs) == 0 {
		specs = []outputSpec{{format: "text"}}
	}
	for _, s := range specs {
		fn, _ := formatter.Lookup(s.format)
		opts := base
		t, cw := time.Now(), &countingWriter{}
		if s.path == "" {
			opts.Color = colorAllowed && s.format == "text" && env.IsTerminal && env.Getenv("NO_COLOR") == ""
			cw.w = env.Stdout
			if err := fn(cw, rep, opts); err != nil {
				return fmt.Errorf("writing %s output: %w", s.format, err)
			}
		} else if err := writeFile(s.path, func(w io.Writer) error { cw.w = w; return fn(cw, rep, opts) }); err != nil {
			return err
		}
		logOutput(env.logger(), s.format, s.path, cw.n, time.Since(t))
	}
	return nil
}

// partialOutput is the temporary file writeFile is writing, if any.
var partialOutput atomic.Pointer[string]

// AbandonOutput removes a report file being written, for an exit that
// skips deferred calls (checker.OnOutOfMemory's): none is left beside
// --output.
func AbandonOutput() {
	if p := partialOutput.Load(); p != nil {
		os.Remove(*p)
	}
}

// writeFile writes a new or regular file atomically: a half-written
// report must not look complete. Anything else, a device (/dev/stdout,
// /dev/null), a pipe (>(...)) or a symbolic link, is written through:
// renaming over it would replace it.
func writeFile(path string, write func(io.Writer) error) error {
	// A report holds no secret: readable as files a tool writes are
	// (CreateTemp's 0600 kept a CI artifact from another user), or as
	// the file it replaces was.
	replace, mode := true, os.FileMode(0o644)
	if st, err := os.Lstat(path); err == nil && !st.Mode().IsRegular() {
		if st.IsDir() {
			return fmt.Errorf("cannot write %s: it is a directory", path)
		}
		replace = false
	} else if err == nil {
		mode = st.Mode().Perm()
	}
	var f *os.File
	var err error
	if replace {
		if f, err = os.CreateTemp(filepath.Dir(path), ".nhiguard-*"); err == nil {
			if cerr := f.Chmod(mode); cerr != nil {
				f.Close()
				os.Remove(f.Name())
				return fmt.Errorf("cannot write %s: %v", path, unwrap(cerr))
			}
			name := f.Name()
			partialOutput.Store(&name)
			defer partialOutput.Store(nil)
			defer os.Remove(name)
		}
	} else {
		f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600) // a dangling link: its target
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrap(err))
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrap(err))
	}
	if replace {
		if err := os.Rename(f.Name(), path); err != nil {
			return fmt.Errorf("cannot write %s: %v", path, unwrap(err))
		}
	}
	return nil
}

func unwrap(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func parseSize(s string) (int64, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("want a size like 500MB or 4GB")
	}
	return n * mult, nil
}

// oneLine keeps error output to one line.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return formatter.Inert(s)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func runRules(args []string, env Env) int {
	fs := flag.NewFlagSet("rules", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	asJSON := fs.Bool("json", false, "print as JSON")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitError
	}
	all := rules.All()
	if *asJSON {
		type ruleJSON struct {
			ID       string   `json:"id"`
			Slug     string   `json:"slug"`
			Category string   `json:"category"`
			Severity string   `json:"severity"`
			OWASP    []string `json:"owasp"`
			NIST     []string `json:"nist_csf"`
			Title    string   `json:"title"`
			Help     string   `json:"help_url"`
		}
		var out []ruleJSON
		for _, r := range all {
			out = append(out, ruleJSON{r.ID, r.Slug, r.Category, r.Severity.String(), r.OWASP, r.NIST, r.Title, r.DocURL()})
		}
		return writeJSON(env.Stdout, out)
	}
	fmt.Fprintf(env.Stdout, "%-8s %-17s %-9s %-12s %s\n", "ID", "CATEGORY", "SEVERITY", "OWASP NHI", "DESCRIPTION")
	for _, r := range all {
		fmt.Fprintf(env.Stdout, "%-8s %-17s %-9s %-12s %s\n", r.ID, r.Category, r.Severity, strings.Join(r.OWASP, ","), r.Title)
	}
	return ExitOK
}

func runExplain(args []string, env Env) int {
	if len(args) != 1 {
		fmt.Fprintln(env.Stderr, "nhiguard: explain takes one rule id, e.g. nhiguard explain NHI-002")
		return ExitError
	}
	r := rules.Lookup(args[0])
	if r == nil {
		fmt.Fprintf(env.Stderr, "nhiguard: unknown rule %q (see nhiguard rules)\n", formatter.Inert(args[0]))
		return ExitError
	}
	w := env.Stdout
	fmt.Fprintf(w, "%s %s (%s)\n\nWhy it matters:\n%s\n\n", r.ID, r.Title, r.Slug, wrap(r.Why, 78))
	fmt.Fprintf(w, "Category:  %s\nSeverity:  %s (default)\n", r.Category, r.Severity)
	for _, c := range r.SeverityCases() {
		fmt.Fprintf(w, "           - %s\n", strings.ReplaceAll(wrap(c.Severity.String()+" when "+c.When, 64), "\n", "\n             "))
	}
	fmt.Fprintf(w, "Docs:      %s\n\n", r.DocURL())
	fmt.Fprintf(w, "Fix:\n%s\n\n", wrap(r.Fix, 78))
	if r.Bad != "" {
		fmt.Fprintf(w, "Bad:\n%s\n\n", indent(r.Bad))
	}
	if r.Good != "" {
		fmt.Fprintf(w, "Good:\n%s\n\n", indent(r.Good))
	}
	fmt.Fprintf(w, "OWASP NHI: OWASP Non-Human Identities Top 10 (2025), %s\n", standards.OWASPURL)
	for _, id := range r.OWASP {
		fmt.Fprintf(w, "  %s\n", standards.OWASP(id))
	}
	fmt.Fprintf(w, "NIST CSF:  NIST Cybersecurity Framework 2.0, %s\n", standards.NISTURL)
	for _, id := range r.NIST {
		ref := standards.NIST(id)
		fmt.Fprintf(w, "  %s %s\n", ref.ID, strings.ReplaceAll(wrap(ref.Title, 66), "\n", "\n           "))
	}
	return ExitOK
}

func indent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = "    " + l
	}
	return strings.Join(lines, "\n")
}

func wrap(s string, width int) string {
	var b strings.Builder
	col := 0
	for _, word := range strings.Fields(s) {
		if col > 0 && col+1+len(word) > width {
			b.WriteByte('\n')
			col = 0
		} else if col > 0 {
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += len(word)
	}
	return b.String()
}

func writeJSON(w io.Writer, v any) int {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return ExitError
	}
	return ExitOK
}
