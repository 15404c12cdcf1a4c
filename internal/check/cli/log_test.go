package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// logLine is one slog text record.
var logLine = regexp.MustCompile(`^time=\S+ level=(DEBUG|INFO|WARN|ERROR) msg=\S+( [a-z_]+=("([^"\\]|\\.)*"|\S*))*$`)

// TestLogging: NHIGUARD_LOG writes structured records to stderr at the
// level asked, never changes stdout or the exit code, and is off by default.
func TestLogging(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(fixtures, "aws-09-key-exposed-to-ci")
	args := []string{"check", "plan.json", "--format", "json", "--now", fixtureNow}
	quietOut, quietErr, quietCode := runIn(t, dir, nil, nil, args...)
	if quietErr != "" {
		t.Errorf("stderr without NHIGUARD_LOG: %q", quietErr)
	}
	cases := []struct {
		setting string
		want    []string // messages that must appear
		levels  string   // levels allowed
	}{
		{"", nil, ""},
		{"off", nil, ""},
		{"debug", []string{"msg=policy", "msg=sources", "msg=checked", "msg=output", "msg=exit"}, "DEBUG INFO WARN ERROR"},
		{"DEBUG", []string{"msg=checked", "msg=exit"}, "DEBUG INFO WARN ERROR"},
		{"info", []string{"msg=sources", "msg=checked"}, "INFO WARN ERROR"},
		{"warn", nil, "WARN ERROR"},
		{"error", nil, "ERROR"},
	}
	for _, tc := range cases {
		t.Run("NHIGUARD_LOG="+tc.setting, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := runIn(t, dir, map[string]string{EnvLog: tc.setting}, nil, args...)
			if out != quietOut || code != quietCode {
				t.Errorf("logging changed the result: exit %d (want %d), stdout equal %v", code, quietCode, out == quietOut)
			}
			if tc.levels == "" && errOut != "" {
				t.Errorf("stderr %q, want nothing", errOut)
			}
			for _, line := range strings.Split(strings.TrimSuffix(errOut, "\n"), "\n") {
				if line == "" {
					continue
				}
				m := logLine.FindStringSubmatch(line)
				if m == nil {
					t.Errorf("not a log record: %q", line)
					continue
				}
				if !strings.Contains(tc.levels, m[1]) {
					t.Errorf("%s record at NHIGUARD_LOG=%s: %q", m[1], tc.setting, line)
				}
			}
			for _, w := range tc.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("no %s record in %q", w, errOut)
				}
			}
		})
	}
}

// TestLoggingSaysWhatNotWhich: the records count and time; they name the
// files read and written but no resource address, owner or message.
func TestLoggingSaysWhatNotWhich(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(fixtures, "aws-09-key-exposed-to-ci")
	out, errOut, _ := runIn(t, dir, map[string]string{EnvLog: "debug"}, nil, "check", "plan.json", "--format", "json", "--now", fixtureNow)
	var rep report.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"resources=5", "findings=4", "blocking=4", "identities=1", "credentials=1", "took_ms=", "format=json", "to=stdout", "bytes=8996", "code=1"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("log lacks %s:\n%s", want, errOut)
		}
	}
	if _, err := os.Stat("/proc/self/status"); err == nil && !regexp.MustCompile(`code=1 took_ms=[0-9.]+ peak_rss_mib=[1-9][0-9]*`).MatchString(errOut) {
		t.Errorf("the exit record gives no peak memory:\n%s", errOut)
	}
	for _, f := range rep.Findings {
		for _, s := range append([]string{f.Address, f.Message}, f.Related...) {
			if strings.Contains(errOut, s) {
				t.Errorf("log shows %q", s)
			}
		}
	}
	for _, e := range rep.Inventory {
		if e.Owner != "" && strings.Contains(errOut, "="+e.Owner) {
			t.Errorf("log shows owner %q", e.Owner)
		}
	}
	// Reading no sources is worth a warning.
	_, errOut, _ = runIn(t, t.TempDir(), map[string]string{EnvLog: "warn"}, nil, "check", filepath.Join(mustAbs(t, dir), "plan.json"))
	if !strings.Contains(errOut, "level=WARN msg=sources read=false") {
		t.Errorf("no warning about missing sources: %q", errOut)
	}
}

func TestLoggingBadSetting(t *testing.T) {
	t.Parallel()
	for _, cmd := range [][]string{{"check", "plan.json"}, {"version"}} {
		out, errOut, code := runIn(t, t.TempDir(), map[string]string{EnvLog: "verbose\x1b[31m"}, nil, cmd...)
		assertInputError(t, out, errOut, code, `NHIGUARD_LOG="verbose\u001b[31m": want debug, info, warn, error or off`)
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
