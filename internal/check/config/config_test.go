package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

func TestParse(t *testing.T) {
	t.Parallel()
	src := `
owner_keys                = ["owner", "team"]
max_lifetime_days         = 30
max_lifetime_days_by_kind = { certificate = 90 }
block_on                  = ["medium", "high", "critical"]
disabled_rules            = ["nhi-009"]
severity                  = { "NHI-003" = "medium" }

exception {
  rules       = ["NHI-002", "*"]
  resources   = ["aws_iam_access_key.*"]
  reason      = "migrating"
  approved_by = "sec@example.com"
  expires_at  = "2027-03-31"
}
`
	c, err := Parse([]byte(src), "dir/.nhiguard.hcl")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.OwnerKeys, ",") != "owner,team" || c.MaxLifetimeDays != 30 || c.MaxLifetimeDaysByKind["certificate"] != 90 {
		t.Errorf("settings: %+v", c)
	}
	if len(c.BlockOn) != 3 || c.BlockOn[0] != report.Medium {
		t.Errorf("block_on: %v", c.BlockOn)
	}
	if !c.Disabled["NHI-009"] || c.Severity["NHI-003"] != report.Medium {
		t.Errorf("rules: %v %v", c.Disabled, c.Severity)
	}
	if len(c.Exceptions) != 1 {
		t.Fatalf("exceptions: %d", len(c.Exceptions))
	}
	e := c.Exceptions[0]
	if e.ID != ".nhiguard.hcl:9" || e.Location != "dir/.nhiguard.hcl:9" || !e.ExpiresAt.Equal(time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("exception: %+v", e)
	}
}

func TestParseErrorsNameFileAndLine(t *testing.T) {
	t.Parallel()
	exc := func(body string) string { return "\n\nexception {\n" + body + "\n}\n" }
	cases := []struct{ name, src, want string }{
		{"syntax", "block_on = [\n", "x.hcl:"},
		{"unknown setting", "owner_keys = [\"o\"]\nfrobnicate = true\n", "x.hcl:2"},
		{"wrong type", "max_lifetime_days = \"ninety\"\n", "x.hcl:1"},
		{"non-positive", "max_lifetime_days = 0\n", "positive"},
		{"bad severity", "block_on = [\"urgent\"]\n", "unknown severity"},
		{"bad rule id", "disabled_rules = [\"NHI-1\"]\n", "not a rule id"},
		{"exception without expiry", exc(`rules = ["NHI-002"]
resources = ["x.y"]
reason = "r"
approved_by = "a"`), "x.hcl:3: Missing required argument"},
		{"exception bad date", exc(`rules = ["NHI-002"]
resources = ["x.y"]
reason = "r"
approved_by = "a"
expires_at = "soon"`), "x.hcl:3: exception expires_at"},
		{"exception no reason", exc(`rules = ["NHI-002"]
resources = ["x.y"]
reason = ""
approved_by = "a"
expires_at = "2030-01-01"`), "needs a reason"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(tc.src), "x.hcl")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
			if err != nil && strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
}

func TestFind(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(root, FileName)
	os.WriteFile(cfg, []byte("max_lifetime_days = 30\n"), 0o644)
	if got, err := Find("", "", deep); err != nil || got != cfg {
		t.Errorf("walk up: %q %v", got, err)
	}
	other := filepath.Join(root, "other.hcl")
	os.WriteFile(other, nil, 0o644)
	if got, _ := Find("", other, deep); got != other {
		t.Errorf("env var ignored: %q", got)
	}
	if got, _ := Find(cfg, other, deep); got != cfg {
		t.Errorf("--config does not win over the env var: %q", got)
	}
	if _, err := Find(filepath.Join(root, "missing.hcl"), "", deep); err == nil {
		t.Error("a missing explicit config is not an error")
	}
}

// FuzzParse: no input makes the decoder panic, and every error is one line.
func FuzzParse(f *testing.F) {
	f.Add([]byte("max_lifetime_days = 30\n"))
	f.Add([]byte("exception {\n rules = [\"NHI-002\"]\n resources = [\"a.b\"]\n reason = \"r\"\n approved_by = \"a\"\n expires_at = \"2030-01-01\"\n}\n"))
	f.Add([]byte("severity = { \"NHI-003\" = \"medium\" }\nblock_on = [\"critical\"]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		c, err := Parse(src, "f.hcl")
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error: %q", err)
			}
			return
		}
		if c == nil {
			t.Fatal("nil config without error")
		}
		for _, e := range c.Exceptions {
			if e.ExpiresAt.IsZero() || len(e.Resources) == 0 {
				t.Fatalf("exception accepted without expiry or resources: %+v", e)
			}
		}
	})
}
