package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report/formatter"
)

func init() {
	commands["baseline"] = runBaseline
	loadBaseline = readBaseline
}

// readBaseline reads a --baseline file into exceptions.
func readBaseline(path string) ([]*report.Exception, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, &usageError{fmt.Sprintf("baseline file %q does not exist (write one with 'nhiguard baseline PLAN > FILE')", path)}
		}
		return nil, &usageError{fmt.Sprintf("cannot read baseline file %q: %v", path, unwrap(err))}
	}
	return report.ParseBaseline(data, path)
}

// runBaseline writes the findings that exist today as a baseline file.
func runBaseline(args []string, env Env) int {
	fs := flag.NewFlagSet("baseline", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	var f checkFlags
	registerPipelineFlags(fs, &f)
	expiresIn := fs.String("expires-in", "90d", "how long the baseline accepts the findings: days (90d), weeks (12w) or a Go duration (2160h)")
	reason := fs.String("reason", "", "why the findings are accepted (default: \""+report.DefaultBaselineReason+"\")")
	output := fs.String("output", "", "write the baseline to this file instead of stdout")
	fs.Usage = func() {
		fmt.Fprintln(env.Stderr, "Usage: nhiguard baseline PLAN [flags] > nhiguard-baseline.json\n\nAccepts every finding of PLAN that is not already waived, until the expiry;\nnhiguard check --baseline FILE then waives them, and reports each entry as\nNHI-008 once it expires.\n\nFlags:")
		fs.PrintDefaults()
	}
	pos, code, ok := onePlanArg(fs, args, env)
	if !ok {
		return code
	}
	d, err := parseExpiresIn(*expiresIn)
	if err != nil {
		fmt.Fprintf(env.Stderr, "nhiguard: --expires-in %q: %v\n", formatter.Inert(*expiresIn), err)
		return ExitError
	}
	f.configPath = env.path(f.configPath)
	f.sourceDir = env.path(f.sourceDir)
	res, err := runPipeline(env.path(pos[0]), &f, env)
	if err != nil {
		fmt.Fprintf(env.Stderr, "nhiguard: %s\n", oneLine(err.Error()))
		return ExitError
	}
	now := time.Now().UTC()
	if f.now != "" {
		now, _ = time.Parse(time.RFC3339, f.now) // runPipeline validated it
	}
	expires := now.Add(d)
	b := report.NewBaseline(res.Report.Findings, now, expires, *reason, Version)
	write := func(w io.Writer) error {
		var buf bytes.Buffer
		if err := b.Write(&buf); err != nil {
			return err
		}
		_, err := w.Write(formatter.SafeJSON(buf.Bytes()))
		return err
	}
	t, cw := time.Now(), &countingWriter{}
	if *output != "" {
		err = writeFile(env.path(*output), func(w io.Writer) error { cw.w = w; return write(cw) })
	} else {
		cw.w = env.Stdout
		err = write(cw)
	}
	logOutput(env.logger(), "baseline", *output, cw.n, time.Since(t))
	if err != nil {
		fmt.Fprintf(env.Stderr, "nhiguard: %s\n", oneLine(err.Error()))
		return ExitError
	}
	addrs := map[string]bool{}
	for _, e := range b.Entries {
		addrs[e.Address] = true
	}
	fmt.Fprintf(env.Stderr, "nhiguard: the baseline accepts %s on %s until %s\n", report.Plural(len(b.Entries), "finding", "findings"), report.Plural(len(addrs), "resource", "resources"), expires.Format("2006-01-02"))
	return ExitOK
}

// parseExpiresIn reads 90d, 12w or a Go duration.
func parseExpiresIn(s string) (time.Duration, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	bad := errors.New("want a positive number of days (90d), weeks (12w) or a duration (2160h)")
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			v, err := strconv.Atoi(n)
			if err != nil || v <= 0 || v > 100*366 {
				return 0, bad
			}
			return time.Duration(v) * unit, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, bad
	}
	return d, nil
}
