package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/nhi"
)

// Fingerprint identifies a finding across commits and runs: a hash of its
// rule and address only, never of line numbers or messages, which change
// when unrelated code moves or wording improves. SARIF partialFingerprints,
// GitLab fingerprints and baseline entries all use it.
func Fingerprint(rule, address string) string {
	h := sha256.Sum256([]byte("nhiguard/v1\x00" + rule + "\x00" + address))
	return hex.EncodeToString(h[:])
}

// Fingerprint is the finding's Fingerprint.
func (f *Finding) Fingerprint() string { return Fingerprint(f.Rule, f.Address) }

// BaselineVersion is the version of the baseline file format.
const BaselineVersion = 1

// Baseline is the file `nhiguard baseline` writes: the findings a
// repository accepts today, each until an expiry.
type Baseline struct {
	Version     int             `json:"nhiguard_baseline"`
	CreatedAt   string          `json:"created_at"`
	ToolVersion string          `json:"tool_version,omitempty"`
	Entries     []BaselineEntry `json:"entries"`
}

// BaselineEntry accepts one rule on one address.
type BaselineEntry struct {
	Rule        string `json:"rule"`
	Address     string `json:"address"`
	Fingerprint string `json:"fingerprint,omitempty"`
	// Severity is informational: matching uses rule and address.
	Severity  string `json:"severity,omitempty"`
	ExpiresAt string `json:"expires_at"`
	Reason    string `json:"reason,omitempty"`
}

// DefaultBaselineReason is the reason written when none is given.
const DefaultBaselineReason = "accepted when the baseline was created"

// NewBaseline accepts every finding that is not already waived. Entries are
// sorted by address and rule, one per rule and address.
func NewBaseline(findings []*Finding, now, expires time.Time, reason, toolVersion string) *Baseline {
	if strings.TrimSpace(reason) == "" {
		reason = DefaultBaselineReason
	}
	b := &Baseline{Version: BaselineVersion, CreatedAt: now.UTC().Format(time.RFC3339), ToolVersion: toolVersion, Entries: []BaselineEntry{}}
	seen := map[string]int{}
	for _, f := range findings {
		if f.Waived() {
			continue
		}
		key := f.Rule + "|" + f.Address // an entry matches every facet
		if i, ok := seen[key]; ok {
			if s, _ := ParseSeverity(b.Entries[i].Severity); f.Severity > s {
				b.Entries[i].Severity = f.Severity.String()
			}
			continue
		}
		seen[key] = len(b.Entries)
		b.Entries = append(b.Entries, BaselineEntry{
			Rule: f.Rule, Address: f.Address, Fingerprint: f.Fingerprint(), Severity: f.Severity.String(),
			ExpiresAt: expires.UTC().Format(time.RFC3339), Reason: reason,
		})
	}
	sort.SliceStable(b.Entries, func(i, j int) bool {
		a, c := b.Entries[i], b.Entries[j]
		if a.Address != c.Address {
			return a.Address < c.Address
		}
		return a.Rule < c.Rule
	})
	return b
}

// Write writes the baseline as indented JSON.
func (b *Baseline) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(b)
}

// BaselineError is a baseline file that cannot be used; the message is
// one line naming the file (and line).
type BaselineError struct{ Msg string }

func (e *BaselineError) Error() string { return e.Msg }

// ParseBaseline reads a baseline file into exceptions. Each exception's ID
// (what waived_by shows, and the address of the NHI-008 finding when it
// expires) is the file's base name and the line of its entry, e.g.
// "nhiguard-baseline.json:12". Entries match their address exactly.
func ParseBaseline(data []byte, path string) ([]*Exception, error) {
	name := filepath.Base(path)
	fail := func(line int, format string, args ...any) error {
		where := path
		if line > 0 {
			where = fmt.Sprintf("%s:%d", path, line)
		}
		return &BaselineError{Msg: fmt.Sprintf("baseline %s: %s", where, fmt.Sprintf(format, args...))}
	}
	// lineAt counts on from the last offset asked: entries come in order,
	// and counting each from the start was quadratic in the entries.
	var seenOff int64
	seenLine := 1
	lineAt := func(off int64) int {
		if off < seenOff {
			seenOff, seenLine = 0, 1
		}
		seenLine += bytes.Count(data[seenOff:off], []byte("\n"))
		seenOff = off
		return seenLine
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	syntax := func(err error) error {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return fail(lineAt(se.Offset), "not valid JSON: %v", se)
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return fail(lineAt(te.Offset), "%s has the wrong type (want %s)", te.Field, te.Type)
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return fail(0, "the file is empty or cut short (write it with 'nhiguard baseline PLAN > FILE')")
		}
		return fail(0, "%v", err)
	}
	if t, err := dec.Token(); err != nil {
		return nil, syntax(err)
	} else if t != json.Delim('{') {
		return nil, fail(1, "want a JSON object written by 'nhiguard baseline'")
	}
	version, sawEntries := 0, false
	var out []*Exception
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, syntax(err)
		}
		key, _ := t.(string)
		switch key {
		case "nhiguard_baseline":
			if err := dec.Decode(&version); err != nil {
				return nil, syntax(err)
			}
		case "created_at", "tool_version":
			var s string
			if err := dec.Decode(&s); err != nil {
				return nil, syntax(err)
			}
		case "entries":
			sawEntries = true
			if t, err := dec.Token(); err != nil {
				return nil, syntax(err)
			} else if t != json.Delim('[') {
				return nil, fail(lineAt(dec.InputOffset()), "entries must be a list")
			}
			for dec.More() {
				start := dec.InputOffset()
				for start < int64(len(data)) && strings.IndexByte(" \t\r\n,", data[start]) >= 0 {
					start++
				}
				line := lineAt(start)
				var e BaselineEntry
				if err := dec.Decode(&e); err != nil {
					var se *json.SyntaxError
					if errors.As(err, &se) {
						return nil, syntax(err)
					}
					return nil, fail(line, "%s", strings.TrimPrefix(err.Error(), "json: "))
				}
				ex, err := e.exception(name, path, line)
				if err != nil {
					return nil, fail(line, "%v", err)
				}
				out = append(out, ex)
			}
			if _, err := dec.Token(); err != nil {
				return nil, syntax(err)
			}
		default:
			return nil, fail(0, "unknown key %q (is this a file written by 'nhiguard baseline'?)", key)
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, syntax(err)
	}
	if version != BaselineVersion {
		return nil, fail(0, "nhiguard_baseline is %d, want %d (is this a file written by 'nhiguard baseline'?)", version, BaselineVersion)
	}
	if !sawEntries {
		return nil, fail(0, "no entries list")
	}
	return out, nil
}

func (e BaselineEntry) exception(name, path string, line int) (*Exception, error) {
	rule := strings.ToUpper(strings.TrimSpace(e.Rule))
	if !nhi.ValidRuleID(rule) {
		return nil, fmt.Errorf("rule %q is not a rule id like NHI-002", e.Rule)
	}
	if strings.TrimSpace(e.Address) == "" {
		return nil, errors.New("entry has no address")
	}
	if e.Fingerprint != "" && e.Fingerprint != Fingerprint(rule, e.Address) {
		return nil, fmt.Errorf("fingerprint does not match rule %s and address %q (edited by hand? regenerate the entry with 'nhiguard baseline')", rule, e.Address)
	}
	if e.ExpiresAt == "" {
		return nil, errors.New("entry has no expires_at: baseline entries must expire")
	}
	exp, err := time.Parse(time.RFC3339, e.ExpiresAt)
	if err != nil {
		if exp, err = time.Parse("2006-01-02", e.ExpiresAt); err != nil {
			return nil, fmt.Errorf("expires_at %q is not an RFC 3339 time or YYYY-MM-DD date", e.ExpiresAt)
		}
	}
	reason := e.Reason
	if strings.TrimSpace(reason) == "" {
		reason = DefaultBaselineReason
	}
	return &Exception{
		ID: fmt.Sprintf("%s:%d", name, line), Rules: []string{rule}, Resources: []string{e.Address},
		Reason: reason, Approver: "baseline", ExpiresAt: exp, Location: fmt.Sprintf("%s:%d", path, line), Exact: true,
	}, nil
}
