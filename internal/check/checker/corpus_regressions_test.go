package checker_test

// Regressions found by running nhiguard on real `terraform show -json`
// plans. The plans are minimal synthetic reproductions written here.

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/cli"
)

const corpusPlan = `{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{"root_module":{}},
 "resource_changes":[{"address":"aws_iam_access_key.ci","mode":"managed","type":"aws_iam_access_key","name":"ci","provider_name":"registry.terraform.io/hashicorp/aws",
  "change":{"actions":["create"],"before":null,"after":{"user":"ci","status":"Active"},"after_unknown":{"id":true,"secret":true},"before_sensitive":false,"after_sensitive":{"secret":true}}}],
 "configuration":{"root_module":{}}}`

// A plan saved by Windows PowerShell 5 (UTF-16 with `>`, a UTF-8 byte
// order mark with Out-File -Encoding utf8) must either be read or be
// refused with a reason that says what is wrong with the file and how to
// avoid it, not "not JSON" / "not valid UTF-8 (at byte 0)".
func TestCorpusWindowsEncodedPlans(t *testing.T) {
	t.Parallel()
	var utf16le bytes.Buffer
	utf16le.Write([]byte{0xff, 0xfe})
	_ = binary.Write(&utf16le, binary.LittleEndian, utf16.Encode([]rune(corpusPlan)))
	for name, data := range map[string][]byte{
		"utf16":   utf16le.Bytes(),
		"utf8bom": append([]byte("\xef\xbb\xbf"), corpusPlan...),
	} {
		dir := t.TempDir()
		path := filepath.Join(dir, "plan.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		code := cli.RunEnv([]string{"nhiguard", "check", path, "--no-source"}, cli.Env{Stdout: &stdout, Stderr: &stderr, Dir: dir})
		switch code {
		case cli.ExitOK, cli.ExitBlocking:
			continue // read: the better outcome
		case cli.ExitError:
			msg := stderr.String()
			if !strings.Contains(msg, "byte order mark") && !strings.Contains(msg, "UTF-16") {
				t.Errorf("%s: refused without saying why: %s", name, msg)
			}
			if strings.Count(strings.TrimSpace(msg), "\n") > 0 {
				t.Errorf("%s: reason is not one line: %q", name, msg)
			}
		default:
			t.Errorf("%s: exit %d", name, code)
		}
	}
}

// terraform show -json of an errored plan (hashicorp/terraform's
// show-json/plan-error: "errored": true, "prior_state": {}) was refused
// with "plan unexpected state input, format version is missing", which
// names the wrong problem.
func TestCorpusErroredPlanReason(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.json")
	data := `{"format_version":"1.2","planned_values":{"root_module":{}},"prior_state":{},
	 "configuration":{"root_module":{"resources":[{"address":"aws_iam_user.u","mode":"managed","type":"aws_iam_user","name":"u","provider_config_key":"aws","expressions":{"name":{"references":["local.n"]}}}]}},
	 "errored":true}`
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := cli.RunEnv([]string{"nhiguard", "check", path, "--no-source"}, cli.Env{Stdout: &stdout, Stderr: &stderr, Dir: dir})
	if code != cli.ExitError {
		t.Fatalf("an errored plan was checked as if complete: exit %d", code)
	}
	if !strings.Contains(stderr.String(), "errored") || strings.Contains(stderr.String(), "state input") {
		t.Errorf("errored plan refused with a misleading reason: %s", stderr.String())
	}
}
