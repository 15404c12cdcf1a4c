package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report/formatter"
)

// EnvLog turns on structured logging to stderr: debug, info, warn or
// error (the least severe level written); unset, empty or "off" writes
// nothing. Results go to stdout, logs to stderr (STYLE.md section 7).
//
// Logs say what nhiguard did, never what the plan holds: stage timings,
// counts of resources and findings, which files it read (the config file,
// the sources, the plan, the baseline) and where it wrote each format.
// No attribute value, finding message or resource address is logged, and
// every string is made inert (formatter.Inert), as a path can be hostile too.
const EnvLog = "NHIGUARD_LOG"

// logLevels are the values of NHIGUARD_LOG.
var logLevels = map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "warning": slog.LevelWarn, "error": slog.LevelError}

// newLogger returns the logger NHIGUARD_LOG asks for, writing to w.
func newLogger(setting string, w io.Writer) (*slog.Logger, error) {
	setting = strings.ToLower(strings.TrimSpace(setting))
	if setting == "" || setting == "off" || setting == "none" {
		return slog.New(discard{}), nil
	}
	level, ok := logLevels[setting]
	if !ok {
		return nil, &usageError{fmt.Sprintf(`%s="%s": want debug, info, warn, error or off`, EnvLog, formatter.Inert(clipLog(setting)))}
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level, ReplaceAttr: inertAttr})), nil
}

// inertAttr renders every string value inert and shortens durations to
// milliseconds.
func inertAttr(_ []string, a slog.Attr) slog.Attr {
	switch a.Value.Kind() {
	case slog.KindString:
		return slog.String(a.Key, formatter.Inert(a.Value.String()))
	case slog.KindDuration:
		return slog.Float64(a.Key+"_ms", float64(a.Value.Duration().Microseconds())/1000)
	case slog.KindAny:
		if err, ok := a.Value.Any().(error); ok {
			return slog.String(a.Key, formatter.Inert(err.Error()))
		}
	}
	return a
}

func clipLog(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

// discard is a handler that is never enabled.
type discard struct{}

func (discard) Enabled(context.Context, slog.Level) bool  { return false }
func (discard) Handle(context.Context, slog.Record) error { return nil }
func (d discard) WithAttrs([]slog.Attr) slog.Handler      { return d }
func (d discard) WithGroup(string) slog.Handler           { return d }

// logger is the environment's logger (a silent one when none was set up).
func (e Env) logger() *slog.Logger {
	if e.log == nil {
		return slog.New(discard{})
	}
	return e.log
}

// planSource names where a plan comes from, for the log.
func planSource(path string) (string, int64) {
	if path == "-" {
		return "stdin", -1
	}
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
		return path, st.Size()
	}
	return path, -1
}

// logConfig records which policy file a run uses.
func logConfig(log *slog.Logger, path string, took time.Duration) {
	if path == "" {
		log.Debug("policy", "file", "(none: defaults)", "took", took)
		return
	}
	log.Info("policy", "file", path, "took", took)
}

// logSources records the .tf sources read, or why none were.
func logSources(log *slog.Logger, explicit, wd string, noSource bool, src checker.Sources, took time.Duration) {
	switch {
	case noSource:
		log.Debug("sources", "read", false, "reason", "--no-source")
	case src == nil:
		log.Warn("sources", "read", false, "reason", "no .tf files in the working directory and no --source-dir", "dir", wd)
	case explicit != "":
		log.Info("sources", "read", true, "dir", explicit, "took", took)
	default:
		log.Info("sources", "read", true, "dir", wd, "took", took)
	}
}

// logCheck records the check: what was read and what was found. The plan
// is loaded, indexed, built into graphs and judged in one checker stage.
func logCheck(log *slog.Logger, planPath string, res *checker.Result, took time.Duration) {
	from, size := planSource(planPath)
	attrs := []any{"plan", from}
	if size >= 0 {
		attrs = append(attrs, "bytes", size)
	}
	if res == nil {
		log.Debug("check failed", append(attrs, "took", took)...)
		return
	}
	p := res.Plan
	changed := 0
	for _, r := range p.Resources {
		if r.Action.Changes() {
			changed++
		}
	}
	rep := res.Report
	introduced, waived := 0, 0
	for _, f := range rep.Findings {
		if f.Introduced {
			introduced++
		}
		if f.Waived() {
			waived++
		}
	}
	attrs = append(attrs,
		"format_version", p.FormatVersion, "terraform_version", clipLog(p.TerraformVersion),
		"resources", len(p.Resources), "changed", changed, "outputs", len(p.Outputs), "drifted", len(p.Drift))
	if res.Graph != nil {
		attrs = append(attrs, "graph_nodes", len(res.Graph.Nodes))
	}
	attrs = append(attrs,
		"identities", rep.Summary.Identities, "credentials", rep.Summary.Credentials,
		"findings", rep.Summary.Findings, "introduced", introduced, "waived", waived, "blocking", rep.Summary.Blocking,
		"took", took)
	log.Info("checked", attrs...)
}

// logOutput records one rendered output.
func logOutput(log *slog.Logger, format, path string, bytes int64, took time.Duration) {
	if path == "" {
		path = "stdout"
	}
	log.Debug("output", "format", format, "to", path, "bytes", bytes, "took", took)
}

// countingWriter counts what passes through, for the log.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// peakMemory is the process's peak resident memory so far (VmHWM), where
// the system tells it (Linux).
func peakMemory() (int64, bool) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kib int64
			if _, err := fmt.Sscanf(rest, "%d", &kib); err == nil {
				return kib << 10, true
			}
		}
	}
	return 0, false
}
