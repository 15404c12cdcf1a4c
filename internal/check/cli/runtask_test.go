package cli

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRunTaskRefusesToStartMisconfigured(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "bad.hcl"), []byte("max_lifetime = 3\n"), 0o600)
	withKey := map[string]string{EnvRunTaskKey: "k"}
	for _, c := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"no key", nil, nil, EnvRunTaskKey},
		{"a URL for a host", withKey, []string{"--hostname", "https://app.terraform.io"}, "give a host, not a URL"},
		{"a broken policy file", withKey, []string{"--config", "bad.hcl"}, "bad.hcl:1"},
		{"an argument", withKey, []string{"plan.json"}, "takes no arguments"},
		{"an address that cannot be listened on", withKey, []string{"--listen", "256.0.0.1:1"}, "--listen"},
	} {
		_, stderr, code := run(t, dir, c.env, append([]string{"run-task"}, c.args...)...)
		if code != ExitError || !strings.Contains(stderr, c.want) || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("%s: exit %d, %q", c.name, code, stderr)
		}
	}
}

// fakePlatform is a Terraform Cloud that serves one plan at /plan and
// keeps the bodies of the results reported to /callback.
func fakePlatform(t *testing.T, plan []byte) (platform *httptest.Server, results func() []string) {
	var mu sync.Mutex
	var sent []string
	platform = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v2/ping":
			w.WriteHeader(http.StatusNoContent)
		case "/plan":
			w.Write(plan)
		case "/callback":
			b, _ := io.ReadAll(r.Body)
			mu.Lock()
			sent = append(sent, string(b))
			mu.Unlock()
		}
	}))
	t.Cleanup(platform.Close)
	return platform, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(sent)
	}
}

// runTaskRequest is a signed run task request for the platform's plan.
func runTaskRequest(platformURL, target, token, key string) *http.Request {
	body, _ := json.Marshal(map[string]any{"payload_version": 1, "access_token": token, "stage": "post_plan",
		"plan_json_api_url": platformURL + "/plan", "task_result_callback_url": platformURL + "/callback",
		"capabilitites": map[string]any{"outcomes": true}})
	mac := hmac.New(sha512.New, []byte(key))
	mac.Write(body)
	req := httptest.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	req.RequestURI = "" // sendable by a client too
	req.Header.Set("X-TFC-Task-Signature", hex.EncodeToString(mac.Sum(nil)))
	return req
}

// The command serves the run task with the policy file it was given:
// here one under which nothing blocks, so a plan that blocks by default
// passes.
func TestRunTaskCommandServes(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "lenient.hcl"), []byte("block_on = []\n"), 0o600)
	plan, err := os.ReadFile(filepath.Join(fixtures, "aws-02-unowned-ci-user-admin", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	platform, results := fakePlatform(t, plan)
	host := strings.TrimPrefix(platform.URL, "http://")

	served := make(chan string, 1)
	var stop func()
	runTaskServing = func(addr string, s func()) { stop = s; served <- addr }
	defer func() { runTaskServing = nil }()
	done := make(chan int, 1)
	var stderr string
	go func() {
		var code int
		_, stderr, code = run(t, dir, map[string]string{EnvRunTaskKey: "k"}, "run-task", "--listen", "127.0.0.1:0", "--hostname", host, "--config", "lenient.hcl")
		done <- code
	}()
	var addr string
	select {
	case addr = <-served:
	case code := <-done:
		t.Fatalf("run-task exited %d: %s", code, stderr)
	}
	resp, err := http.DefaultClient.Do(runTaskRequest(platform.URL, "http://"+addr+"/", "at-CLIRunT0k3n", "k"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("HTTP %d", resp.StatusCode)
	}
	stop()
	select {
	case code := <-done:
		if code != ExitOK {
			t.Errorf("exit %d: %s", code, stderr)
		}
	case <-time.After(time.Minute):
		t.Fatal("run-task did not stop")
	}
	sent := results()
	if len(sent) != 1 || !strings.Contains(sent[0], `"status":"passed"`) {
		t.Errorf("results %v, want one passed (the lenient policy file)", sent)
	}
	if strings.Contains(stderr, "at-CLIRunT0k3n") {
		t.Errorf("the run's token is logged: %s", stderr)
	}
}
