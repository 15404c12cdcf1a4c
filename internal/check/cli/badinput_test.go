package cli

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

// runIn runs the CLI in-process with a given stdin.
func runIn(t *testing.T, dir string, env map[string]string, stdin io.Reader, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	var out, errb bytes.Buffer
	code = RunEnv(append([]string{"nhiguard"}, args...), Env{
		Stdin: stdin, Stdout: &out, Stderr: &errb, Dir: dir,
		Getenv: func(k string) string { return env[k] },
	})
	return out.String(), errb.String(), code
}

// assertInputError checks the bad-input contract: exit 2, nothing on
// stdout, exactly one line on stderr that names the problem.
func assertInputError(t *testing.T, stdout, stderr string, code int, want string) {
	t.Helper()
	if code != ExitError {
		t.Errorf("exit %d, want 2 (stderr %q)", code, clipForLog(stderr))
	}
	if stdout != "" {
		t.Errorf("stdout is not empty: %q", clipForLog(stdout))
	}
	if !strings.HasPrefix(stderr, "nhiguard: ") || !strings.HasSuffix(stderr, "\n") || strings.Count(stderr, "\n") != 1 || strings.ContainsAny(stderr, "\r\x1b") {
		t.Errorf("stderr is not one line: %q", clipForLog(stderr))
	}
	if strings.Contains(stderr, "internal error") {
		t.Errorf("a bug, not an input error: %q", stderr)
	}
	t.Logf("stderr: %s", clipForLog(strings.TrimSpace(stderr)))
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr %q does not name the problem (want %q)", clipForLog(stderr), want)
	}
}

func clipForLog(s string) string {
	if len(s) > 600 {
		return s[:600] + "..."
	}
	return s
}

// endlessReader is a pipe that never closes: a plan that starts well and
// never ends.
type endlessReader struct {
	head string
	read int // of head
}

func (e *endlessReader) Read(p []byte) (int, error) {
	n := copy(p, e.head[e.read:])
	e.read += n
	for i := n; i < len(p); i++ {
		p[i] = " {},"[i%4]
	}
	return len(p), nil
}

const (
	// minimalKey is a resource_changes entry that blocks when it is read
	// correctly (a static access key, created, never rotated).
	minimalKey = `{"address":"aws_iam_access_key.k","mode":"managed","type":"aws_iam_access_key","name":"k","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["create"],"before":null,"after":{"user":"u","status":"Active"},"after_unknown":{"id":true,"secret":true}}}`
	stateFile  = `{"version":4,"terraform_version":"1.11.4","serial":3,"lineage":"3f1c2a","outputs":{},"resources":[{"mode":"managed","type":"aws_iam_access_key","name":"k","instances":[{"attributes":{"id":"AKIA"}}]}]}`
	showState  = `{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{"resources":[{"address":"aws_iam_access_key.k","mode":"managed","type":"aws_iam_access_key","name":"k","values":{"user":"u"}}]}}}`
)

// erroredPlanDoc is `terraform show -json` of a plan that failed
// (Terraform 1.5+): "errored": true and an empty prior_state.
const erroredPlanDoc = `{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{"root_module":{}},"prior_state":{},"configuration":{"root_module":{}},"applyable":false,"complete":false,"errored":true}`

// utf16LE and utf16BE encode s with a byte order mark, as Windows
// PowerShell 5.1 writes `terraform show -json tfplan > plan.json`.
func utf16LE(s string) []byte {
	b := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}

func utf16BE(s string) []byte {
	b := []byte{0xfe, 0xff}
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.BigEndian.AppendUint16(b, u)
	}
	return b
}

func planWith(rc string) string {
	return `{"format_version":"1.2","terraform_version":"1.11.4","resource_changes":[` + rc + `]}`
}

// badPlans are plan inputs every command that reads a plan must refuse
// with exit 2 and a one-line message containing want.
func badPlans(t *testing.T) []struct {
	name, file string
	data       []byte
	stdin      io.Reader
	args       []string
	env        map[string]string
	want       string
} {
	good, err := os.ReadFile(filepath.Join(fixtures, "aws-02-unowned-ci-user-admin", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	fakeZip := append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0}, 64)...)
	return []struct {
		name, file string
		data       []byte
		stdin      io.Reader
		args       []string
		env        map[string]string
		want       string
	}{
		{name: "empty file", data: []byte{}, want: "plan input is empty"},
		{name: "only whitespace", data: []byte(" \n\t\r\n"), want: "plan input is empty"},
		{name: "truncated JSON", data: good[:len(good)/2], want: "plan input is truncated"},
		{name: "truncated after the first key", data: []byte(`{"format_version"`), want: "plan input is truncated"},
		{name: "truncated inside a string", data: []byte(`{"format_version":"1.2","resource_changes":[{"address":"aws_iam_acc`), want: "plan input is truncated"},
		{name: "not JSON", data: []byte("Terraform used the selected providers to generate the following execution plan."), want: "plan input is not JSON"},
		{name: "prior_state without format_version", data: []byte(`{"format_version":"1.2","terraform_version":"1.11.4","prior_state":{},"resource_changes":[]}`), want: `plan field "prior_state" has no format_version`},
		{name: "JSON but not an object", data: []byte(`[{"format_version":"1.2"}]`), want: "not a Terraform plan"},
		{name: "binary plan, --terraform missing", file: "tfplan", data: fakeZip, args: []string{"--terraform", "/nonexistent/bin/terraform"}, want: "is a binary plan file; converting it needs the /nonexistent/bin/terraform CLI"},
		{name: "binary plan, NHIGUARD_TERRAFORM missing", file: "tfplan", data: fakeZip, env: map[string]string{"NHIGUARD_TERRAFORM": "tofu-that-is-not-installed"}, want: "needs the tofu-that-is-not-installed CLI"},
		{name: "binary plan on stdin, terraform missing", stdin: bytes.NewReader(fakeZip), args: []string{"--terraform", "/nonexistent/bin/terraform"}, want: "stdin is a binary plan file"},
		{name: "state file as plan", file: "terraform.tfstate", data: []byte(stateFile), want: "input is a Terraform state file (terraform.tfstate), not a plan"},
		{name: "terraform show -json of state", data: []byte(showState), want: "input is Terraform state (`terraform show -json` without a plan), not a plan"},
		{name: "nested 100,000 levels (objects)", data: []byte(strings.Repeat(`{"a":`, 100000) + "1" + strings.Repeat("}", 100000)), want: "nested too deeply"},
		{name: "nested 100,000 levels (arrays in planned_values)", data: []byte(`{"format_version":"1.2","planned_values":` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "}"), want: "nested too deeply"},
		{name: "nested 100,000 levels (inside after)", data: []byte(planWith(`{"address":"a.b","mode":"managed","type":"a","name":"b","change":{"actions":["create"],"after":{"x":` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + `}}}`)), want: "nested too deeply"},
		{name: "endless stdin", stdin: &endlessReader{head: `{"format_version":"1.2","resource_changes":[`}, args: []string{"--max-plan-size", "1MB"}, want: "plan input from stdin exceeds the 1 MiB limit (raise it with --max-plan-size)"},
		{name: "endless text on stdin", stdin: &endlessReader{head: "Terraform will perform the following actions:"}, want: "plan input is not JSON"},
		{name: "plan over --max-plan-size", data: good, args: []string{"--max-plan-size", "1KB"}, want: "over the 1 KiB limit (raise it with --max-plan-size)"},
		{name: "invalid UTF-8", data: []byte("{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"aws_iam_user.\xff\xfe\"}]}"), want: "plan input is not valid UTF-8 (at byte 69)"},
		{name: "overlong UTF-8 encoding", data: []byte("{\"format_version\":\"1.2\",\"x\":\"\xc0\xaf\"}"), want: "not valid UTF-8"},
		// UTF-16 is decoded; this one is cut short after `{"`.
		{name: "truncated UTF-16 plan", data: []byte("\xff\xfe{\x00\"\x00"), want: "plan input is truncated"},
		{name: "UTF-16 plan of odd length", data: utf16LE(planWith(minimalKey))[:41], want: "plan input looks like UTF-16 (a byte order mark, or zero bytes between its first characters) but has an odd number of bytes"},
		{name: "UTF-16 plan without a mark, odd length", data: utf16LE(planWith(minimalKey))[2:41], want: "odd number of bytes"},
		{name: "UTF-16 plan with a lone surrogate", data: []byte("\xff\xfe{\x00\"\x00=\xd8\"\x00"), want: "plan input is UTF-16 but not valid: an unpaired surrogate at byte 6"},
		// On stdin: the CLI has no file to look into, so the message is
		// the plan reader's own. The second decodes completely.
		{name: "errored plan on stdin", stdin: bytes.NewReader([]byte(erroredPlanDoc)), want: "the plan errored: Terraform could not finish it, so it does not show everything the apply would do"},
		{name: "errored plan that decodes, on stdin", stdin: bytes.NewReader([]byte(strings.TrimSuffix(planWith(minimalKey), "}") + `,"applyable":false,"complete":false,"errored":true}`)), want: "the plan errored: Terraform could not finish it"},
		{name: "duplicate top-level key", data: []byte(`{"format_version":"1.2","resource_changes":[],"resource_changes":[` + minimalKey + `]}`), want: "duplicate object key"},
		{name: "duplicate key inside after", data: []byte(planWith(strings.Replace(minimalKey, `"user":"u"`, `"user":"u","user":"v"`, 1))), want: "duplicate object key"},
		{name: "duplicate key in after_sensitive", data: []byte(planWith(strings.Replace(minimalKey, `"after_unknown"`, `"after_sensitive":{"secret":true,"secret":false},"after_unknown"`, 1))), want: "duplicate object key"},
		// Where the last of the duplicated values (the one encoding/json
		// keeps) makes the plan inconsistent, the duplicate is still what
		// is named: it comes first.
		{name: "duplicate address of a resource change", data: []byte(planWith(strings.Replace(minimalKey, `"address":"aws_iam_access_key.k"`, `"address":"aws_iam_access_key.k","address":"aws_iam_access_key.other"`, 1))), want: "duplicate object key at byte 117"},
		{name: "data after the plan", data: []byte(planWith(minimalKey) + `]`), want: "data after the JSON document"},
		{name: "a message after the plan", data: []byte(planWith(minimalKey) + "\nReleasing state lock. This may take a few moments...\n"), want: "send them to stderr"},
		{name: "a second plan after the plan", data: []byte(planWith(minimalKey) + "\n" + `{"format_version":"1.2","resource_changes":[]}`), want: "a second JSON document at byte " + strconv.Itoa(len(planWith(minimalKey))+1) + ": check one plan at a time"},
		{name: "resource_changes is a string", data: []byte(`{"format_version":"1.2","resource_changes":"all of them"}`), want: `plan field "resource_changes" has the wrong type`},
		{name: "change.actions is a number", data: []byte(planWith(strings.Replace(minimalKey, `["create"]`, `7`, 1))), want: `plan field "resource_changes.change.actions" has the wrong type`},
		{name: "format_version is a number", data: []byte(`{"format_version":1.2,"resource_changes":[` + minimalKey + `]}`), want: `plan field "format_version" has the wrong type`},
		{name: "format_version 2.0", data: []byte(`{"format_version":"2.0","resource_changes":[` + minimalKey + `]}`), want: `unsupported plan format_version "2.0"`},
		{name: "format_version not a version", data: []byte(`{"format_version":"latest","resource_changes":[` + minimalKey + `]}`), want: `plan format_version "latest" is not a version number`},
		{name: "no format_version", data: []byte(`{"resource_changes":[` + minimalKey + `]}`), want: "plan input has no format_version"},
		{name: "no resource address", data: []byte(planWith(strings.Replace(minimalKey, `"address":"aws_iam_access_key.k",`, ``, 1))), want: "a resource with no address"},
		{name: "malformed resource address", data: []byte(planWith(strings.Replace(minimalKey, `"address":"aws_iam_access_key.k"`, `"address":"aws_iam_access_key.k[`+strings.Repeat("9", 5000)+`"`, 1))), want: "malformed resource address"},
		// jq '.resource_changes = []' or a cut file: a new admin key that
		// planned_values still lists must not pass as pre-existing.
		{name: "resource_changes filtered out", data: []byte(`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_iam_access_key.k","mode":"managed","type":"aws_iam_access_key","name":"k","values":{"user":"u"}}]}},"resource_changes":[]}`), want: `plan input lists "aws_iam_access_key.k" in planned_values but not in resource_changes`},
		{name: "no plan sections", data: []byte(`{"format_version":"1.2","terraform_version":"1.11.4"}`), want: "not a Terraform plan"},
		// What Terraform never writes is refused, not read as something
		// harmless (a no-op, an empty resource, another type).
		{name: "change.after is a list", data: []byte(planWith(strings.Replace(minimalKey, `{"user":"u","status":"Active"}`, `[1,2]`, 1))), want: `resource_changes[0].change.after`},
		{name: "change.after is a string", data: []byte(planWith(strings.Replace(minimalKey, `{"user":"u","status":"Active"}`, `"u"`, 1))), want: `resource_changes[0].change.after`},
		{name: "change.before is a number", data: []byte(planWith(strings.Replace(strings.Replace(minimalKey, `"before":null`, `"before":5`, 1), `["create"]`, `["update"]`, 1))), want: `resource_changes[0].change.before`},
		{name: "after_unknown is a string", data: []byte(planWith(strings.Replace(minimalKey, `{"id":true,"secret":true}`, `"yes"`, 1))), want: `resource_changes[0].change.after_unknown`},
		{name: "unknown action", data: []byte(planWith(strings.Replace(minimalKey, `["create"]`, `["explode"]`, 1))), want: `resource_changes[0].change.actions`},
		{name: "empty actions", data: []byte(planWith(strings.Replace(minimalKey, `["create"]`, `[]`, 1))), want: `resource_changes[0].change.actions`},
		{name: "impossible action pair", data: []byte(planWith(strings.Replace(minimalKey, `["create"]`, `["create","no-op"]`, 1))), want: `resource_changes[0].change.actions`},
		{name: "resource change without change", data: []byte(planWith(`{"address":"aws_iam_access_key.k","mode":"managed","type":"aws_iam_access_key","name":"k"}`)), want: `resource_changes[0]`},
		{name: "resource change with null change", data: []byte(planWith(`{"address":"aws_iam_access_key.k","mode":"managed","type":"aws_iam_access_key","name":"k","change":null}`)), want: `resource_changes[0]`},
		{name: "null resource change", data: []byte(planWith(`null`)), want: `resource_changes[0]`},
		{name: "type contradicts the address", data: []byte(planWith(strings.Replace(minimalKey, `"type":"aws_iam_access_key"`, `"type":"null_resource"`, 1))), want: `aws_iam_access_key.k`},
		{name: "mode contradicts the address", data: []byte(planWith(strings.Replace(minimalKey, `"mode":"managed"`, `"mode":"data"`, 1))), want: `aws_iam_access_key.k`},
		// Two entries for one address: either could hide the other. A
		// deposed object of the address is no duplicate (TestDeposedIsNoDuplicate).
		{name: "resource change listed twice", data: []byte(planWith(minimalKey + "," + strings.Replace(minimalKey, `"user":"u"`, `"user":"other"`, 1))), want: `plan resource_changes lists "aws_iam_access_key.k" twice`},
		{name: "duplicate key in planned_values", data: []byte(`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_iam_access_key.k","mode":"managed","type":"aws_iam_access_key","name":"k","values":{"user":"u","user":"admin"}}]}},"resource_changes":[` + minimalKey + `]}`), want: "duplicate object key"},
		{name: "duplicate key in prior_state", data: []byte(`{"format_version":"1.2","prior_state":{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"aws_iam_access_key.k","mode":"managed","type":"aws_iam_access_key","name":"k","values":{"user":"u","user":"admin"}}]}}},"resource_changes":[` + minimalKey + `]}`), want: "duplicate object key"},
		{name: "truncated after the first byte", data: []byte(`{`), want: "plan input is truncated"},
	}
}

// TestBadPlanInput: every command that reads a plan refuses each bad
// input with exit 2, one line naming the problem and nothing on stdout.
func TestBadPlanInput(t *testing.T) {
	t.Parallel()
	for _, tc := range badPlans(t) {
		for _, cmd := range []string{"check", "inventory", "baseline"} {
			t.Run(cmd+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				dir := t.TempDir()
				arg := "-"
				if tc.stdin == nil {
					name := tc.file
					if name == "" {
						name = "plan.json"
					}
					if err := os.WriteFile(filepath.Join(dir, name), tc.data, 0o600); err != nil {
						t.Fatal(err)
					}
					arg = name
				}
				stdin := tc.stdin
				if stdin != nil && cmd != "check" {
					// Readers are consumed once: give each command its own.
					switch r := stdin.(type) {
					case *endlessReader:
						stdin = &endlessReader{head: r.head}
					case *bytes.Reader:
						b := make([]byte, r.Size())
						r.ReadAt(b, 0)
						stdin = bytes.NewReader(b)
					}
				}
				args := append([]string{cmd, arg, "--no-source"}, tc.args...)
				out, errOut, code := runIn(t, dir, tc.env, stdin, args...)
				assertInputError(t, out, errOut, code, tc.want)
			})
		}
	}
}

// TestHugePlanFileIsRefusedUnread: a multi-gigabyte plan file (sparse: it
// takes no disk) is refused by its size before anything is read, under
// the default limit and under --max-plan-size.
func TestHugePlanFileIsRefusedUnread(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "huge.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(`{"format_version":"1.2","resource_changes":[`); err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(5 << 30); err != nil {
		t.Skipf("cannot create a sparse 5 GiB file here: %v", err)
	}
	f.Close()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "plan " + path + " is 5 GiB, over the 2 GiB limit (raise it with --max-plan-size)"},
		{[]string{"--max-plan-size", "4GB"}, "is 5 GiB, over the 4 GiB limit"},
		{[]string{"--max-plan-size", "100MB"}, "over the 100 MiB limit"},
	} {
		out, errOut, code := runIn(t, dir, nil, nil, append([]string{"check", "huge.json", "--no-source"}, tc.args...)...)
		assertInputError(t, out, errOut, code, tc.want)
	}
}

// TestEndlessPlanFile: a plan path that is a device yielding bytes
// forever, none of which can start JSON, is refused from its first bytes
// (a JSON-like one is bounded: TestOversizedPipeIsBounded).
func TestEndlessPlanFile(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero here")
	}
	out, errOut, code := runIn(t, t.TempDir(), nil, nil, "check", "/dev/zero", "--no-source")
	assertInputError(t, out, errOut, code, "plan input is not JSON")
}

// TestBinaryPlanWithoutTerraformOnPath: a binary plan when PATH holds no
// terraform at all. Not parallel: it empties the process's PATH.
func TestBinaryPlanWithoutTerraformOnPath(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "tfplan"), append([]byte("PK\x03\x04"), make([]byte, 64)...), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", "")
	out, errOut, code := runIn(t, dir, nil, nil, "check", "tfplan", "--no-source")
	assertInputError(t, out, errOut, code, "tfplan is a binary plan file; converting it needs the terraform CLI on PATH")
}

// terraformPath finds terraform for the tests that run it: they fail
// under TF_ACC=1 when it is missing, and skip otherwise.
func terraformPath(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("terraform")
	if err != nil {
		if os.Getenv("TF_ACC") != "" {
			t.Fatalf("TF_ACC is set but terraform is not on PATH: %v", err)
		}
		t.Skip("terraform is not on PATH")
	}
	return p
}

// TestBinaryPlanTerraformCannotRead: a file that starts like a zip but is
// not a plan; terraform fails and the message says that it did.
func TestBinaryPlanTerraformCannotRead(t *testing.T) {
	t.Parallel()
	tf := terraformPath(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "tfplan"), []byte("PK\x03\x04 this is not a zip archive"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"check", "inventory", "baseline"} {
		out, errOut, code := runIn(t, dir, nil, nil, cmd, "tfplan", "--no-source", "--terraform", tf)
		assertInputError(t, out, errOut, code, "`"+tf+" show -json "+filepath.Join(dir, "tfplan")+"` failed: ")
	}
}

// TestTerraformErrorIsNamed: when `terraform show -json` fails,
// the message is terraform's error, not the first line of a warning it
// printed first (here: a CLI configuration file that does not exist).
// Not parallel: it sets TF_CLI_CONFIG_FILE for the terraform child.
func TestTerraformErrorIsNamed(t *testing.T) {
	tf := terraformPath(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "tfplan"), []byte("PK\x03\x04 this is not a zip archive"), 0o600)
	t.Setenv("TF_CLI_CONFIG_FILE", filepath.Join(dir, "missing.terraformrc"))
	out, errOut, code := runIn(t, dir, nil, nil, "check", "tfplan", "--no-source", "--terraform", tf)
	assertInputError(t, out, errOut, code, "Failed to read the given file as a state or plan file")
}

// TestUnreadablePolicyDocuments: a policy document the engines cannot read
// would make the privilege it grants unknown, and an unknown grant does
// not block. A gate fails closed: exit 2 naming the resource and the
// attribute, never the document.
func TestUnreadablePolicyDocuments(t *testing.T) {
	t.Parallel()
	rc := func(addr, typ, attrs string) string {
		name := addr[strings.IndexByte(addr, '.')+1:]
		return `{"address":"` + addr + `","mode":"managed","type":"` + typ + `","name":"` + name + `","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["create"],"before":null,"after":` + attrs + `,"after_unknown":{"id":true}}}`
	}
	user := rc("aws_iam_user.ci", "aws_iam_user", `{"name":"ci","tags":{"owner":"team-ci"}}`)
	q := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) }
	cases := []struct {
		name, doc, want string
	}{
		{"inline user policy not JSON", planWith(user + "," + rc("aws_iam_user_policy.p", "aws_iam_user_policy", `{"name":"p","user":"ci","policy":"Allow everything"}`)), `aws_iam_user_policy.p: attribute "policy"`},
		{"inline user policy of the wrong shape", planWith(user + "," + rc("aws_iam_user_policy.p", "aws_iam_user_policy", `{"name":"p","user":"ci","policy":"`+q(`{"Version":"2012-10-17","Statement":"Allow *"}`)+`"}`)), `aws_iam_user_policy.p: attribute "policy"`},
		{"inline user policy is a JSON list", planWith(user + "," + rc("aws_iam_user_policy.p", "aws_iam_user_policy", `{"name":"p","user":"ci","policy":"[]"}`)), `aws_iam_user_policy.p: attribute "policy"`},
		{"managed policy not JSON", planWith(user + "," + rc("aws_iam_policy.p", "aws_iam_policy", `{"name":"p","policy":"{{{"}`)), `aws_iam_policy.p: attribute "policy"`},
		{"role trust policy not JSON", planWith(rc("aws_iam_role.r", "aws_iam_role", `{"name":"r","assume_role_policy":"anyone","tags":{"owner":"team-ci"}}`)), `aws_iam_role.r: attribute "assume_role_policy"`},
		{"role inline policy of the wrong shape", planWith(rc("aws_iam_role.r", "aws_iam_role", `{"name":"r","assume_role_policy":"`+q(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)+`","inline_policy":[{"name":"i","policy":"`+q(`{"Statement":[{"Effect":"Allow","Action":7}]}`)+`"}],"tags":{"owner":"team-ci"}}`)), `aws_iam_role.r: attribute "inline_policy.policy"`},
		{"google policy_data not JSON", planWith(`{"address":"google_project_iam_policy.p","mode":"managed","type":"google_project_iam_policy","name":"p","change":{"actions":["create"],"before":null,"after":{"project":"x","policy_data":"roles/owner for everyone"},"after_unknown":{}}}`), `google_project_iam_policy.p: attribute "policy_data"`},
		{"google policy_data of the wrong shape", planWith(`{"address":"google_project_iam_policy.p","mode":"managed","type":"google_project_iam_policy","name":"p","change":{"actions":["create"],"before":null,"after":{"project":"x","policy_data":"` + q(`{"bindings":"roles/owner"}`) + `"},"after_unknown":{}}}`), `google_project_iam_policy.p: attribute "policy_data"`},
		{"vault policy not HCL", planWith(`{"address":"vault_policy.p","mode":"managed","type":"vault_policy","name":"p","change":{"actions":["create"],"before":null,"after":{"name":"p","policy":"path \"*\" { capabilities = [\"sudo\""},"after_unknown":{}}}`), `vault_policy.p: attribute "policy"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "plan.json"), []byte(tc.doc), 0o600)
			for _, cmd := range []string{"check", "inventory", "baseline"} {
				out, errOut, code := runIn(t, dir, nil, nil, cmd, "plan.json", "--no-source")
				assertInputError(t, out, errOut, code, tc.want)
				for _, quoted := range []string{"everything", "roles/owner", "sudo", "anyone", "Allow *", "{{{"} {
					if strings.Contains(errOut, quoted) {
						t.Errorf("the message quotes the document (%q): %s", quoted, errOut)
					}
				}
			}
		})
	}
}

// TestPolicyDocumentsNotJudgedYet: only documents the apply would leave
// are judged: an unknown one (known after apply) and a broken one that
// the plan replaces are not refused.
func TestPolicyDocumentsNotJudgedYet(t *testing.T) {
	t.Parallel()
	good := `{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}]}`
	for name, change := range map[string]string{
		"unknown":       `"actions":["create"],"before":null,"after":{"name":"p"},"after_unknown":{"policy":true}`,
		"no statement":  `"actions":["create"],"before":null,"after":{"name":"p","policy":"{\"Version\":\"2012-10-17\"}"},"after_unknown":{}`,
		"broken before": `"actions":["update"],"before":{"name":"p","policy":"not json"},"after":{"name":"p","policy":"` + good + `"},"after_unknown":{}`,
	} {
		doc := planWith(`{"address":"aws_iam_policy.p","mode":"managed","type":"aws_iam_policy","name":"p","change":{` + change + `}}`)
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "plan.json"), []byte(doc), 0o600)
		if _, errOut, code := runIn(t, dir, nil, nil, "check", "plan.json", "--no-source"); code == ExitError {
			t.Errorf("%s: refused: %s", name, errOut)
		}
	}
}

// TestOddButValidPlansAreRead: inputs that look unusual but are plans are
// read, not refused: older format versions, and what Windows PowerShell
// 5.1 writes (a UTF-8 byte order mark, UTF-16 LE with >).
func TestOddButValidPlansAreRead(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, doc string
		code      int
	}{
		{"format 0.1 (Terraform 0.12)", `{"format_version":"0.1","terraform_version":"0.12.31","resource_changes":[` + minimalKey + `]}`, ExitBlocking},
		{"format 0.2", `{"format_version":"0.2","resource_changes":[` + minimalKey + `]}`, ExitBlocking},
		{"format 1.0", `{"format_version":"1.0","resource_changes":[` + minimalKey + `]}`, ExitBlocking},
		{"format 1.99", `{"format_version":"1.99","resource_changes":[` + minimalKey + `]}`, ExitBlocking},
		{"empty plan", `{"format_version":"1.2","resource_changes":[]}`, ExitOK},
		{"leading whitespace", "\n\n  " + planWith(minimalKey), ExitBlocking},
		{"UTF-8 byte order mark", "\xef\xbb\xbf" + planWith(minimalKey), ExitBlocking},
		{"UTF-8 byte order mark, empty plan", "\xef\xbb\xbf" + `{"format_version":"1.2","resource_changes":[]}`, ExitOK},
		{"UTF-16 LE", string(utf16LE(planWith(minimalKey))), ExitBlocking},
		{"UTF-16 BE", string(utf16BE(planWith(minimalKey))), ExitBlocking},
		{"UTF-16 LE, not ASCII", string(utf16LE(planWith(strings.Replace(minimalKey, `"user":"u"`, `"user":"équipe-😀"`, 1)))), ExitBlocking},
		{"not errored", strings.TrimSuffix(planWith(minimalKey), "}") + `,"applyable":true,"complete":true,"errored":false}`, ExitBlocking},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "plan.json"), []byte(tc.doc), 0o600)
			out, errOut, code := runIn(t, dir, nil, nil, "check", "plan.json", "--no-source", "--format", "json")
			if code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, errOut)
			}
			if !strings.HasPrefix(out, "{") {
				t.Errorf("no report: %q", out)
			}
		})
	}
}

// TestBadConfigAndBaseline: a missing or broken policy file or baseline
// is exit 2 with one line naming the file (and line where there is one).
func TestBadConfigAndBaseline(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	plan, err := os.ReadFile(filepath.Join(fixtures, "aws-01-good-oidc-workload-role", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"plan.json":           string(plan),
		"syntax.hcl":          "block_on = [\"high\"]\nmax_lifetime_days = \n",
		"types.hcl":           "block_on = [\"high\"]\n\nmax_lifetime_days = \"ninety\"\n",
		"unknown.hcl":         "frobnicate = true\n",
		"binary.hcl":          "\x00\x01\x02\xff",
		"exception.hcl":       "exception {\n  rules = [\"NHI-002\"]\n}\n",
		"baseline-text.json":  "not json at all",
		"baseline-array.json": `[]`,
		"baseline-empty.json": ``,
		"baseline-wrong.json": `{"nhiguard_baseline": 1, "entries": "all"}`,
		"baseline-v9.json":    `{"nhiguard_baseline": 9, "entries": []}`,
		"baseline-trunc.json": "{\"nhiguard_baseline\": 1,\n \"entries\": [\n  {\"rule\": \"NHI-00",
		"baseline-keys.json":  `{"nhiguard_baseline": 1, "entries": [], "surprise": true}`,
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"missing --config", []string{"--config", "nope.hcl"}, nil, `config file "` + filepath.Join(dir, "nope.hcl") + `" does not exist`},
		{"missing $NHIGUARD_CONFIG", nil, map[string]string{"NHIGUARD_CONFIG": "/nonexistent/nhiguard.hcl"}, `config file "/nonexistent/nhiguard.hcl" does not exist`},
		{"config is a directory", []string{"--config", "."}, nil, "config file"},
		{"config syntax error", []string{"--config", "syntax.hcl"}, nil, "syntax.hcl:2"},
		{"config wrong type", []string{"--config", "types.hcl"}, nil, "types.hcl:3"},
		{"config unknown setting", []string{"--config", "unknown.hcl"}, nil, "unknown.hcl:1"},
		{"config binary garbage", []string{"--config", "binary.hcl"}, nil, "binary.hcl:1"},
		{"config exception without expiry", []string{"--config", "exception.hcl"}, nil, "exception.hcl:1"},
		{"missing --baseline", []string{"--baseline", "nope.json"}, nil, "baseline file"},
		{"baseline not JSON", []string{"--baseline", "baseline-text.json"}, nil, "baseline-text.json:1: not valid JSON"},
		{"baseline is a list", []string{"--baseline", "baseline-array.json"}, nil, "want a JSON object written by 'nhiguard baseline'"},
		{"baseline empty", []string{"--baseline", "baseline-empty.json"}, nil, "the file is empty or cut short"},
		{"baseline entries wrong type", []string{"--baseline", "baseline-wrong.json"}, nil, "entries must be a list"},
		{"baseline version 9", []string{"--baseline", "baseline-v9.json"}, nil, "nhiguard_baseline is 9"},
		{"baseline truncated", []string{"--baseline", "baseline-trunc.json"}, nil, "baseline-trunc.json"},
		{"baseline unknown key", []string{"--baseline", "baseline-keys.json"}, nil, `unknown key "surprise"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := runIn(t, dir, tc.env, nil, append([]string{"check", "plan.json", "--no-source"}, tc.args...)...)
			assertInputError(t, out, errOut, code, tc.want)
		})
	}
}

// TestOnePlanArgument: check and baseline take exactly one PLAN.
func TestOnePlanArgument(t *testing.T) {
	t.Parallel()
	for _, cmd := range []string{"check", "baseline"} {
		for _, args := range [][]string{{cmd}, {cmd, "a.json", "b.json"}} {
			out, errOut, code := runIn(t, t.TempDir(), nil, nil, args...)
			assertInputError(t, out, errOut, code, "nhiguard: "+cmd+" takes exactly one PLAN argument")
		}
	}
}

// TestSourcesTakeTFDataDir: the modules a configuration calls are found
// where TF_DATA_DIR says Terraform installed them; a broken manifest there
// is named, as one under .terraform is.
func TestSourcesTakeTFDataDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, body := range map[string]string{
		"main.tf":                     "module \"vpc\" {\n  source = \"terraform-aws-modules/vpc/aws\"\n}\n",
		"tfdata/modules/modules.json": "{",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	plan, err := filepath.Abs(filepath.Join(fixtures, "aws-02-unowned-ci-user-admin", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runIn(t, dir, map[string]string{"TF_DATA_DIR": "tfdata"}, nil, "check", plan)
	assertInputError(t, out, errOut, code, "reading tfdata/modules/modules.json")
	if _, errOut, code := runIn(t, dir, nil, nil, "check", plan); code != ExitBlocking {
		t.Errorf("without TF_DATA_DIR: exit %d, want %d (stderr %q)", code, ExitBlocking, errOut)
	}
}
