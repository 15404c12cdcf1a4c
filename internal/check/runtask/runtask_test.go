package runtask_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/runtask"
)

const (
	key   = "run-task-hmac-key"
	token = "at-Secr3tRunT0ken.atlasv1.xyz"
)

func fixture(name string) string {
	return filepath.Join("..", "testdata", "fixtures", name, "plan.json")
}

// platform is a fake Terraform Cloud: it serves plans by path (with the
// run's token only) and records the callbacks.
type platform struct {
	*httptest.Server
	mu        sync.Mutex
	plans     map[string][]byte
	downloads int
	callbacks []callback
}

type callback struct {
	auth, contentType string
	body              map[string]any
}

func newPlatform(t *testing.T) *platform {
	p := &platform{plans: map[string][]byte{}}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		defer p.mu.Unlock()
		switch {
		case r.URL.Path == "/api/v2/ping":
			w.Header().Set("TFP-API-Version", "2.6")
			w.WriteHeader(http.StatusNoContent)
		case r.Method == http.MethodGet && (strings.HasPrefix(r.URL.Path, "/plans/") || strings.HasPrefix(r.URL.Path, "/configuration-versions/")):
			p.downloads++
			if r.Header.Get("Authorization") != "Bearer "+token {
				http.Error(w, "unauthorized", http.StatusUnauthorized)
				return
			}
			body, ok := p.plans[r.URL.Path]
			if !ok {
				http.NotFound(w, r)
				return
			}
			w.Write(body)
		case r.Method == http.MethodPatch && r.URL.Path == "/callback":
			var body map[string]any
			if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
				t.Errorf("callback body: %v", err)
			}
			p.callbacks = append(p.callbacks, callback{r.Header.Get("Authorization"), r.Header.Get("Content-Type"), body})
		default:
			t.Errorf("unexpected %s %s", r.Method, r.URL)
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *platform) host() string {
	u, _ := url.Parse(p.URL)
	return u.Host
}

func (p *platform) serve(t *testing.T, path, file string) {
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	p.plans[path] = b
	p.mu.Unlock()
}

func (p *platform) calls() ([]callback, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]callback(nil), p.callbacks...), p.downloads
}

func request(p *platform, planPath string, outcomes bool) map[string]any {
	req := map[string]any{
		"payload_version": 1, "access_token": token, "stage": "post_plan", "run_id": "run-abc",
		"workspace_name": "prod", "organization_name": "acme", "task_result_id": "taskrs-1",
		"task_result_callback_url": p.URL + "/callback", "task_result_enforcement_level": "mandatory",
		"capabilitites": map[string]any{"outcomes": outcomes},
	}
	if planPath != "" {
		req["plan_json_api_url"] = p.URL + planPath
	}
	return req
}

func sign(body []byte, k string) string {
	mac := hmac.New(sha512.New, []byte(k))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// post sends a run task request signed with k ("" for none).
func post(t *testing.T, h http.Handler, req map[string]any, k string) int {
	body, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	if k != "" {
		r.Header.Set(runtask.SignatureHeader, sign(body, k))
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Code
}

func server(p *platform, logs io.Writer) *runtask.Server {
	return &runtask.Server{
		Key: []byte(key), Hosts: []string{p.host()}, MaxBytes: 2 << 20,
		Log: slog.New(slog.NewTextHandler(logs, nil)),
		Check: func(ctx context.Context, path, sourceDir string) (*report.Report, error) {
			in := checker.Input{PlanPath: path, Now: time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)}
			if sourceDir != "" {
				src, err := checker.LoadSources(sourceDir, "")
				if err != nil {
					return nil, err
				}
				in.Sources = src
			}
			res, err := checker.Check(ctx, in)
			if err != nil {
				return nil, err
			}
			return res.Report, nil
		},
	}
}

func attr(c callback, name string) any {
	data, _ := c.body["data"].(map[string]any)
	attrs, _ := data["attributes"].(map[string]any)
	return attrs[name]
}

func outcomes(c callback) []map[string]any {
	data, _ := c.body["data"].(map[string]any)
	rel, _ := data["relationships"].(map[string]any)
	o, _ := rel["outcomes"].(map[string]any)
	list, _ := o["data"].([]any)
	var out []map[string]any
	for _, e := range list {
		m, _ := e.(map[string]any)
		a, _ := m["attributes"].(map[string]any)
		out = append(out, a)
	}
	return out
}

// A blocking plan fails the task, with an outcome per finding, reported
// with the run's token; a clean plan passes it.
func TestRunTaskReportsTheCheck(t *testing.T) {
	p := newPlatform(t)
	p.serve(t, "/plans/bad/json-output", fixture("aws-02-unowned-ci-user-admin"))
	p.serve(t, "/plans/good/json-output", fixture("aws-01-good-oidc-workload-role"))
	var logs bytes.Buffer
	s := server(p, &logs)
	if code := post(t, s, request(p, "/plans/bad/json-output", true), key); code != http.StatusOK {
		t.Fatalf("signed request: HTTP %d", code)
	}
	s.Wait()
	if code := post(t, s, request(p, "/plans/good/json-output", false), key); code != http.StatusOK {
		t.Fatalf("signed request: HTTP %d", code)
	}
	s.Wait()
	calls, _ := p.calls()
	if len(calls) != 2 {
		t.Fatalf("%d callbacks, want 2", len(calls))
	}
	bad, good := calls[0], calls[1]
	for _, c := range calls {
		if c.auth != "Bearer "+token || !strings.HasPrefix(c.contentType, "application/vnd.api+json") {
			t.Errorf("callback headers: %q %q", c.auth, c.contentType)
		}
	}
	if attr(bad, "status") != "failed" || !strings.HasPrefix(attr(bad, "message").(string), "BLOCKED:") {
		t.Errorf("blocking plan: %v %v", attr(bad, "status"), attr(bad, "message"))
	}
	os := outcomes(bad)
	found := false
	for _, o := range os {
		if strings.HasPrefix(o["description"].(string), "NHI-004 aws_iam_user.") {
			found = true
			body := o["body"].(string)
			tags, _ := json.Marshal(o["tags"])
			if !strings.Contains(body, "*Fix:*") || !strings.Contains(string(tags), `"label":"blocking","level":"error"`) || !strings.Contains(o["url"].(string), "nhi-004") {
				t.Errorf("outcome: %v", o)
			}
		}
	}
	if !found {
		t.Errorf("no NHI-004 outcome among %d", len(os))
	}
	if attr(good, "status") != "passed" || len(outcomes(good)) != 0 {
		t.Errorf("clean plan without outcome capability: %v %v, %d outcomes", attr(good, "status"), attr(good, "message"), len(outcomes(good)))
	}
	if strings.Contains(logs.String(), token) {
		t.Error("the run's token is in the log")
	}
}

// Requests that are not the platform's are refused before anything is
// fetched or reported.
func TestRunTaskRefusesForgedRequests(t *testing.T) {
	p := newPlatform(t)
	p.serve(t, "/plans/bad/json-output", fixture("aws-02-unowned-ci-user-admin"))
	s := server(p, io.Discard)
	valid := request(p, "/plans/bad/json-output", true)
	elsewhere := request(p, "/plans/bad/json-output", true)
	elsewhere["task_result_callback_url"] = "https://attacker.example/callback"
	v2 := request(p, "/plans/bad/json-output", true)
	v2["payload_version"] = 2
	// The run's token must not travel in clear to a host that is not this machine.
	clear := &runtask.Server{Key: []byte(key), Hosts: []string{"tfe.example.com"}, Check: s.Check}
	plainHTTP := request(p, "/plans/bad/json-output", true)
	plainHTTP["task_result_callback_url"] = "http://tfe.example.com/callback"
	if code := post(t, clear, plainHTTP, key); code != http.StatusBadRequest {
		t.Errorf("a callback over plain HTTP to a remote host: HTTP %d", code)
	}
	for name, c := range map[string]struct {
		req  map[string]any
		key  string
		want int
	}{
		"unsigned":                {valid, "", http.StatusUnauthorized},
		"signed with another key": {valid, "not-the-key", http.StatusUnauthorized},
		"callback elsewhere":      {elsewhere, key, http.StatusBadRequest},
		"unknown payload":         {v2, key, http.StatusBadRequest},
	} {
		if code := post(t, s, c.req, c.key); code != c.want {
			t.Errorf("%s: HTTP %d, want %d", name, code, c.want)
		}
	}
	// The platform's check that the URL answers.
	verify := map[string]any{"payload_version": 1, "access_token": "test-token", "stage": "test", "task_result_callback_url": p.URL + "/callback"}
	if code := post(t, s, verify, key); code != http.StatusOK {
		t.Errorf("verification request: HTTP %d", code)
	}
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(strings.Repeat(" ", 2<<20)))
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized request: HTTP %d", w.Code)
	}
	s.Wait()
	if calls, downloads := p.calls(); len(calls) != 0 || downloads != 0 {
		t.Errorf("%d callbacks, %d downloads for refused requests", len(calls), downloads)
	}
}

// Whatever keeps a run's plan from being checked fails the task, with
// the reason: a gate does not pass what it could not read.
func TestRunTaskFailsClosed(t *testing.T) {
	p := newPlatform(t)
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.json")
	os.WriteFile(broken, []byte(`{"format_version":"1.2","resource_changes":[`), 0o600)
	p.serve(t, "/plans/broken/json-output", broken)
	big := filepath.Join(dir, "big.json")
	os.WriteFile(big, bytes.Repeat([]byte(" "), 3<<20), 0o600)
	p.serve(t, "/plans/big/json-output", big)
	binary := filepath.Join(dir, "tfplan")
	os.WriteFile(binary, []byte("PK\x03\x04 a zip"), 0o600)
	p.serve(t, "/plans/binary/json-output", binary)
	s := server(p, io.Discard)
	elsewhere := request(p, "", true)
	elsewhere["plan_json_api_url"] = "https://attacker.example/plans/x"
	cases := []struct {
		name string
		req  map[string]any
		want string
	}{
		{"pre-plan stage", request(p, "", true), "post-plan"},
		{"plan elsewhere", elsewhere, "not on an allowed host"},
		{"missing plan", request(p, "/plans/gone/json-output", true), "HTTP 404"},
		{"truncated plan", request(p, "/plans/broken/json-output", true), "truncated"},
		{"oversized plan", request(p, "/plans/big/json-output", true), "exceeds"},
		{"binary plan", request(p, "/plans/binary/json-output", true), "binary plan"},
	}
	for _, c := range cases {
		if code := post(t, s, c.req, key); code != http.StatusOK {
			t.Fatalf("%s: HTTP %d", c.name, code)
		}
		s.Wait()
	}
	calls, _ := p.calls()
	if len(calls) != len(cases) {
		t.Fatalf("%d callbacks, want %d", len(calls), len(cases))
	}
	for i, c := range cases {
		msg, _ := attr(calls[i], "message").(string)
		if attr(calls[i], "status") != "failed" || !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") {
			t.Errorf("%s: %v %q", c.name, attr(calls[i], "status"), msg)
		}
	}
}

// A bug in the check fails the run, and the service goes on.
func TestRunTaskSurvivesAPanic(t *testing.T) {
	p := newPlatform(t)
	p.serve(t, "/plans/bad/json-output", fixture("aws-02-unowned-ci-user-admin"))
	s := server(p, io.Discard)
	s.Check = func(context.Context, string, string) (*report.Report, error) { panic("boom") }
	for range 2 {
		if code := post(t, s, request(p, "/plans/bad/json-output", false), key); code != http.StatusOK {
			t.Fatalf("HTTP %d", code)
		}
		s.Wait()
	}
	calls, _ := p.calls()
	if len(calls) != 2 || attr(calls[0], "status") != "failed" || !strings.Contains(attr(calls[0], "message").(string), "internal error") {
		t.Errorf("callbacks %v", calls)
	}
}

// slugOf packs files (name to content) as a configuration version: a
// gzipped tar.
func slugOf(t *testing.T, files map[string]string) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for name, body := range files {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A key rotated by lifecycle.replace_triggered_by is rotated: the run's
// configuration version, downloaded with the run's token and unpacked at
// the workspace's working directory, says so, where the plan alone
// cannot. A configuration version that cannot be had, or that tries to
// leave its directory, leaves the plan judged alone.
func TestRunTaskReadsTheRunsConfiguration(t *testing.T) {
	p := newPlatform(t)
	p.serve(t, "/plans/rotated/json-output", fixture("aws-08-good-key-rotation"))
	tf, err := os.ReadFile(filepath.Join(filepath.Dir(fixture("aws-08-good-key-rotation")), "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	p.plans["/configuration-versions/good/download"] = slugOf(t, map[string]string{"infra/main.tf": string(tf), "README.md": "docs"})
	p.plans["/configuration-versions/escape/download"] = slugOf(t, map[string]string{"../escape.tf": string(tf)})
	p.mu.Unlock()
	var logs bytes.Buffer
	s := server(p, &logs)
	for _, run := range []struct {
		name, config, workdir, want string
	}{
		{"plan alone", "", "", "failed"},
		{"with the configuration", "/configuration-versions/good/download", "infra", "passed"},
		{"working directory outside", "/configuration-versions/good/download", "../..", "failed"},
		{"configuration that leaves its directory", "/configuration-versions/escape/download", "", "failed"},
		{"configuration not found", "/configuration-versions/missing/download", "infra", "failed"},
	} {
		req := request(p, "/plans/rotated/json-output", true)
		if run.config != "" {
			req["configuration_version_download_url"] = p.URL + run.config
			req["workspace_working_directory"] = run.workdir
		}
		if code := post(t, s, req, key); code != http.StatusOK {
			t.Fatalf("%s: HTTP %d", run.name, code)
		}
		s.Wait()
		calls, _ := p.calls()
		if got := attr(calls[len(calls)-1], "status"); got != run.want {
			t.Errorf("%s: %v, want %s (%v)", run.name, got, run.want, attr(calls[len(calls)-1], "message"))
		}
	}
	if _, err := os.Stat(filepath.Join(os.TempDir(), "escape.tf")); err == nil {
		t.Error("a configuration version wrote outside its directory")
	}
	if strings.Contains(logs.String(), token) {
		t.Error("the run's token is in the log")
	}
}

// The platform's documented example spells the capabilities key
// "capabilities"; its payload, "capabilitites". Either asks for outcomes.
func TestRunTaskCapabilitiesEitherSpelling(t *testing.T) {
	p := newPlatform(t)
	p.serve(t, "/plans/bad/json-output", fixture("aws-02-unowned-ci-user-admin"))
	s := server(p, io.Discard)
	req := request(p, "/plans/bad/json-output", false)
	delete(req, "capabilitites")
	req["capabilities"] = map[string]any{"outcomes": true}
	if code := post(t, s, req, key); code != http.StatusOK {
		t.Fatalf("HTTP %d", code)
	}
	s.Wait()
	calls, _ := p.calls()
	if len(outcomes(calls[0])) == 0 {
		t.Error("no outcomes for a request spelling capabilities")
	}
}

// A run that waits behind others past its time fails with the reason,
// before the platform times the task out with none.
func TestRunTaskQueuedPastItsTime(t *testing.T) {
	p := newPlatform(t)
	p.serve(t, "/plans/good/json-output", fixture("aws-01-good-oidc-workload-role"))
	release := make(chan struct{})
	s := server(p, io.Discard)
	s.RunTimeout = 400 * time.Millisecond
	check := s.Check
	s.Check = func(ctx context.Context, path, src string) (*report.Report, error) {
		<-release
		return check(ctx, path, src)
	}
	for range 2 {
		if code := post(t, s, request(p, "/plans/good/json-output", false), key); code != http.StatusOK {
			t.Fatalf("HTTP %d", code)
		}
	}
	time.Sleep(600 * time.Millisecond)
	close(release)
	s.Wait()
	calls, _ := p.calls()
	statuses := map[any]int{}
	for _, c := range calls {
		statuses[attr(c, "status")]++
		if attr(c, "status") == "failed" && !strings.Contains(attr(c, "message").(string), "other runs' checks took the run task's time") {
			t.Errorf("message: %v", attr(c, "message"))
		}
	}
	if len(calls) != 2 || statuses["failed"] != 1 || statuses["passed"] != 1 {
		t.Errorf("callbacks %v", statuses)
	}
}
