// Package config finds and decodes the checker's policy file,
// .nhiguard.hcl, with hcl/v2 and go-cty. Errors carry file and line.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
	"github.com/nhiguard/terraform-provider-nhi/internal/nhi"
)

// FileName is the policy file looked for when none is given.
const FileName = ".nhiguard.hcl"

// EnvVar names a policy file in the environment.
const EnvVar = "NHIGUARD_CONFIG"

// Config is the decoded policy.
type Config struct {
	// Path is the file it came from ("" for defaults).
	Path string

	OwnerKeys             []string
	MaxLifetimeDays       int
	MaxLifetimeDaysByKind map[string]int
	// BlockOn lists the severities that block (default high, critical).
	BlockOn    []report.Severity
	Disabled   map[string]bool
	Severity   map[string]report.Severity
	Exceptions []*report.Exception
}

// Default is the policy without a file.
func Default() *Config {
	return &Config{BlockOn: []report.Severity{report.High, report.Critical}}
}

// file is the HCL schema.
type file struct {
	OwnerKeys             []string          `hcl:"owner_keys,optional"`
	MaxLifetimeDays       *int              `hcl:"max_lifetime_days,optional"`
	MaxLifetimeDaysByKind map[string]int    `hcl:"max_lifetime_days_by_kind,optional"`
	BlockOn               []string          `hcl:"block_on,optional"`
	DisabledRules         []string          `hcl:"disabled_rules,optional"`
	Severity              map[string]string `hcl:"severity,optional"`
	Exceptions            []exceptionBlock  `hcl:"exception,block"`
}

type exceptionBlock struct {
	Rules      []string  `hcl:"rules"`
	Resources  []string  `hcl:"resources"`
	Reason     string    `hcl:"reason"`
	ApprovedBy string    `hcl:"approved_by"`
	Ticket     string    `hcl:"ticket,optional"`
	ExpiresAt  string    `hcl:"expires_at"`
	DefRange   hcl.Range `hcl:",def_range"`
}

// Error is a configuration problem with its place.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

// Find returns the policy file to use: the explicit path (--config), else
// fromEnv ($NHIGUARD_CONFIG), else .nhiguard.hcl in dir or the nearest
// parent. It returns "" when there is none (defaults apply).
func Find(explicit, fromEnv, dir string) (string, error) {
	if explicit == "" {
		explicit = fromEnv
	}
	if explicit != "" {
		if _, err := os.Stat(explicit); err != nil {
			return "", &Error{Msg: fmt.Sprintf("config file %q does not exist", explicit)}
		}
		return explicit, nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", nil
	}
	for d := abs; ; d = filepath.Dir(d) {
		p := filepath.Join(d, FileName)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
		if filepath.Dir(d) == d {
			return "", nil
		}
	}
}

// Load reads and validates a policy file; an empty path gives the defaults.
func Load(path string) (*Config, error) {
	if path == "" {
		return Default(), nil
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{Msg: fmt.Sprintf("cannot read config file %q: %v", path, errors.Unwrap(err))}
	}
	return Parse(src, path)
}

// Parse decodes policy file content.
func Parse(src []byte, filename string) (*Config, error) {
	f, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diagError(diags)
	}
	var raw file
	if diags := gohcl.DecodeBody(f.Body, nil, &raw); diags.HasErrors() {
		return nil, diagError(diags)
	}
	c := Default()
	c.Path = filename
	c.OwnerKeys = raw.OwnerKeys
	at := func(what string) string { return filename + ": " + what }
	if raw.MaxLifetimeDays != nil {
		if *raw.MaxLifetimeDays <= 0 {
			return nil, &Error{Msg: at("max_lifetime_days must be a positive number of days")}
		}
		c.MaxLifetimeDays = *raw.MaxLifetimeDays
	}
	for k, v := range raw.MaxLifetimeDaysByKind {
		if v <= 0 {
			return nil, &Error{Msg: at(fmt.Sprintf("max_lifetime_days_by_kind[%q] must be a positive number of days", k))}
		}
	}
	c.MaxLifetimeDaysByKind = raw.MaxLifetimeDaysByKind
	if raw.BlockOn != nil {
		c.BlockOn = nil
		for _, s := range raw.BlockOn {
			sev, err := report.ParseSeverity(s)
			if err != nil {
				return nil, &Error{Msg: at("block_on: " + err.Error())}
			}
			c.BlockOn = append(c.BlockOn, sev)
		}
	}
	c.Disabled = map[string]bool{}
	for _, id := range raw.DisabledRules {
		id = strings.ToUpper(strings.TrimSpace(id))
		if !nhi.ValidRuleID(id) {
			return nil, &Error{Msg: at(fmt.Sprintf("disabled_rules: %q is not a rule id like NHI-002", id))}
		}
		c.Disabled[id] = true
	}
	c.Severity = map[string]report.Severity{}
	for id, s := range raw.Severity {
		uid := strings.ToUpper(id)
		if !nhi.ValidRuleID(uid) {
			return nil, &Error{Msg: at(fmt.Sprintf("severity: %q is not a rule id like NHI-002", id))}
		}
		sev, err := report.ParseSeverity(s)
		if err != nil {
			return nil, &Error{Msg: at(fmt.Sprintf("severity[%q]: %v", id, err))}
		}
		c.Severity[uid] = sev
	}
	for _, e := range raw.Exceptions {
		where := fmt.Sprintf("%s:%d", filepath.Base(filename), e.DefRange.Start.Line)
		loc := fmt.Sprintf("%s:%d", filename, e.DefRange.Start.Line)
		if len(e.Resources) == 0 {
			return nil, &Error{Msg: loc + ": exception needs at least one resources pattern"}
		}
		for _, r := range e.Rules {
			if r != "*" && !nhi.ValidRuleID(strings.ToUpper(r)) {
				return nil, &Error{Msg: fmt.Sprintf("%s: exception rules: %q is not a rule id like NHI-002", loc, r)}
			}
		}
		if strings.TrimSpace(e.Reason) == "" || strings.TrimSpace(e.ApprovedBy) == "" {
			return nil, &Error{Msg: loc + ": exception needs a reason and approved_by"}
		}
		exp, err := parseTime(e.ExpiresAt)
		if err != nil {
			return nil, &Error{Msg: fmt.Sprintf("%s: exception expires_at %q is not an RFC 3339 time or YYYY-MM-DD date", loc, e.ExpiresAt)}
		}
		rules := make([]string, len(e.Rules))
		for i, r := range e.Rules {
			rules[i] = strings.ToUpper(r)
		}
		c.Exceptions = append(c.Exceptions, &report.Exception{
			ID: where, Rules: rules, Resources: e.Resources, Reason: e.Reason,
			Approver: e.ApprovedBy, Ticket: e.Ticket, ExpiresAt: exp, Location: loc,
		})
	}
	return c, nil
}

func parseTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Parse("2006-01-02", s)
}

// diagError reduces diagnostics to one line with file:line.
func diagError(diags hcl.Diagnostics) error {
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		msg := d.Summary
		if d.Detail != "" {
			// The first paragraph: HCL's details run to several
			// (interpolation advice after "Extra characters ...").
			detail, _, _ := strings.Cut(d.Detail, "\n\n")
			msg += ": " + strings.TrimSuffix(detail, ".")
		}
		msg = strings.Join(strings.Fields(msg), " ")
		if d.Subject != nil {
			return &Error{Msg: fmt.Sprintf("%s:%d: %s", d.Subject.Filename, d.Subject.Start.Line, msg)}
		}
		return &Error{Msg: msg}
	}
	return &Error{Msg: strings.Join(strings.Fields(diags.Error()), " ")}
}
