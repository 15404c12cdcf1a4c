package cli

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
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
	var mu sync.Mutex
	var statuses []string
	platform := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v2/ping":
			w.WriteHeader(http.StatusNoContent)
		case "/plan":
			w.Write(plan)
		case "/callback":
			var body struct {
				Data struct {
					Attributes struct{ Status string } `json:"attributes"`
				} `json:"data"`
			}
			json.NewDecoder(r.Body).Decode(&body)
			mu.Lock()
			statuses = append(statuses, body.Data.Attributes.Status)
			mu.Unlock()
		}
	}))
	defer platform.Close()
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
	body, _ := json.Marshal(map[string]any{"payload_version": 1, "access_token": "at-CLIRunT0k3n", "stage": "post_plan",
		"plan_json_api_url": platform.URL + "/plan", "task_result_callback_url": platform.URL + "/callback"})
	mac := hmac.New(sha512.New, []byte("k"))
	mac.Write(body)
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/", bytes.NewReader(body))
	req.Header.Set("X-TFC-Task-Signature", hex.EncodeToString(mac.Sum(nil)))
	resp, err := http.DefaultClient.Do(req)
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
	mu.Lock()
	defer mu.Unlock()
	if len(statuses) != 1 || statuses[0] != "passed" {
		t.Errorf("callbacks %v, want one passed (the lenient policy file)", statuses)
	}
	if strings.Contains(stderr, "at-CLIRunT0k3n") {
		t.Errorf("the run's token is logged: %s", stderr)
	}
}
