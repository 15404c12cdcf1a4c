// Package runtask serves the check as a Terraform Cloud (HCP Terraform)
// or Terraform Enterprise run task. The platform posts a signed request
// after the plan; the service answers at once, downloads the plan JSON
// with the request's token, checks it, and reports passed or failed, with
// an outcome per finding, to the request's callback URL. It holds no
// credential of its own: the token in each request is the run's, valid
// for that run only.
package runtask

import (
	"compress/gzip"
	"context"
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	slug "github.com/hashicorp/go-slug"
	tfe "github.com/hashicorp/go-tfe"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report/formatter"
)

// SignatureHeader carries the hex HMAC-SHA512 of a request's body, keyed
// with the run task's HMAC key.
const SignatureHeader = "X-Tfc-Task-Signature"

// verificationToken is the access token of the request the platform sends
// when a run task is created or edited, to see that the URL answers.
const verificationToken = "test-token"

// maxRequest bounds a request body: a run task request is a few KiB.
const maxRequest = 1 << 20

// Timeout bounds one run's work, from the request to the callback, time
// waiting behind other runs included: the platform fails a task that has
// not reported within its own timeout (10 minutes by default).
const Timeout = 10 * time.Minute

// callbackTime is kept for the callback itself: a run out of time still
// reports why.
const callbackTime = 30 * time.Second

// Check checks the plan JSON at a path, as `nhiguard check` does, with
// the run's configuration in sourceDir ("" when it could not be had).
type Check func(ctx context.Context, planPath, sourceDir string) (*report.Report, error)

// maxConfiguration bounds a configuration version, unpacked: sources
// are a repository's .tf files, not its build outputs.
const maxConfiguration = 256 << 20

// Server is the run task endpoint. Its zero value is not usable: Key (or
// Unsigned), Hosts and Check must be set.
type Server struct {
	// Key is the run task's HMAC key. Requests whose signature does not
	// match are refused: anyone who can reach the URL could otherwise
	// make the service fetch and report for a run of their choosing.
	Key []byte
	// Unsigned accepts requests without a signature (no key configured).
	Unsigned bool
	// Hosts are the hosts (host or host:port) the plan and callback URLs
	// may point at: the platform's. The run's token is sent only there.
	Hosts []string
	Check Check
	// MaxBytes bounds the plan JSON downloaded.
	MaxBytes int64
	Log      *slog.Logger
	// HTTP makes the download and the callback (http.DefaultClient if nil).
	HTTP *http.Client
	// Concurrency is how many runs are checked at once (default 1: a
	// check holds a few times its plan's size in memory).
	Concurrency int
	// RunTimeout bounds a run from its request to its callback (default
	// Timeout).
	RunTimeout time.Duration

	once sync.Once
	slot chan struct{}
	wg   sync.WaitGroup
}

func (s *Server) init() {
	s.once.Do(func() {
		s.slot = make(chan struct{}, max(s.Concurrency, 1))
		if s.Log == nil {
			s.Log = slog.New(slog.DiscardHandler)
		}
		if s.HTTP == nil {
			s.HTTP = http.DefaultClient
		}
	})
}

// Wait waits for the runs under way to report.
func (s *Server) Wait() { s.wg.Wait() }

// ServeHTTP takes a run task request: it answers 200 once the request is
// authentic and well formed, and checks the run in the background.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.init()
	if r.Method == http.MethodGet && r.URL.Path == "/healthz" {
		w.WriteHeader(http.StatusOK)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "run task requests are POSTed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequest))
	if err != nil {
		http.Error(w, "request body too large or unreadable", http.StatusRequestEntityTooLarge)
		return
	}
	if !s.authentic(body, r.Header.Get(SignatureHeader)) {
		s.Log.Warn("run task request refused: bad or missing signature", "remote", r.RemoteAddr)
		http.Error(w, "bad or missing "+SignatureHeader, http.StatusUnauthorized)
		return
	}
	var req tfe.RunTaskRequest
	if err := json.Unmarshal(body, &req); err != nil {
		http.Error(w, "not a run task request: "+err.Error(), http.StatusBadRequest)
		return
	}
	// The platform's payload spells it "capabilitites" (go-tfe reads
	// that); its documentation's example, "capabilities".
	var spelled struct {
		Capabilities *tfe.RunTaskRequestCapabilitites `json:"capabilities"`
	}
	if json.Unmarshal(body, &spelled) == nil && spelled.Capabilities != nil && spelled.Capabilities.Outcomes {
		req.Capabilitites.Outcomes = true
	}
	if req.PayloadVersion != 1 {
		http.Error(w, fmt.Sprintf("payload_version %d is not supported (1 is)", req.PayloadVersion), http.StatusBadRequest)
		return
	}
	if req.AccessToken == verificationToken {
		s.Log.Info("run task endpoint verified")
		w.WriteHeader(http.StatusOK)
		return
	}
	if req.AccessToken == "" || !s.allowed(req.TaskResultCallbackURL) {
		http.Error(w, "the request's task_result_callback_url is not on an allowed host (--hostname)", http.StatusBadRequest)
		return
	}
	s.wg.Add(1)
	limit := s.RunTimeout
	if limit <= 0 {
		limit = Timeout
	}
	deadline := time.Now().Add(limit - min(callbackTime, limit/2))
	go func() {
		defer s.wg.Done()
		s.run(req, deadline)
	}()
	w.WriteHeader(http.StatusOK)
}

// authentic checks a request's signature against the key.
func (s *Server) authentic(body []byte, signature string) bool {
	if len(s.Key) == 0 {
		return s.Unsigned && signature == ""
	}
	mac := hmac.New(sha512.New, s.Key)
	mac.Write(body)
	return hmac.Equal([]byte(strings.ToLower(signature)), []byte(hex.EncodeToString(mac.Sum(nil))))
}

// allowed reports whether a URL is on one of the platform's hosts, over
// HTTPS: the run's token goes with it. Plain HTTP is for a platform on
// this machine (tests, a local Terraform Enterprise).
func (s *Server) allowed(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.User != nil {
		return false
	}
	switch u.Scheme {
	case "https":
	case "http":
		if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return false
		}
	default:
		return false
	}
	return slices.ContainsFunc(s.Hosts, func(h string) bool { return strings.EqualFold(h, u.Host) })
}

// run checks one run and reports the result before the deadline: a run
// still waiting for its turn then fails with the reason, rather than
// let the platform time the task out with none.
func (s *Server) run(req tfe.RunTaskRequest, deadline time.Time) {
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	log := s.Log.With("run", req.RunID, "workspace", req.WorkspaceName, "stage", req.Stage)
	var res tfe.TaskResultCallbackRequestOptions
	select {
	case s.slot <- struct{}{}:
		res = s.judgeSafely(ctx, req, log)
		<-s.slot
	case <-ctx.Done():
		res = tfe.TaskResultCallbackRequestOptions{Status: tfe.TaskFailed, Message: "nhiguard: other runs' checks took the run task's time; the plan was not judged (give the service more concurrency or time)."}
	}
	log.Info("run task result", "status", res.Status, "message", res.Message)
	cbCtx, cbCancel := context.WithTimeout(context.Background(), callbackTime)
	defer cbCancel()
	if err := s.callback(cbCtx, req, res); err != nil {
		log.Error("run task callback failed", "error", err)
	}
}

// judgeSafely is judge, with a bug failing the run instead of the service.
func (s *Server) judgeSafely(ctx context.Context, req tfe.RunTaskRequest, log *slog.Logger) (res tfe.TaskResultCallbackRequestOptions) {
	defer func() {
		if r := recover(); r != nil {
			log.Error("internal error", "panic", fmt.Sprint(r))
			res = tfe.TaskResultCallbackRequestOptions{Status: tfe.TaskFailed, Message: "nhiguard: internal error (please report it); the plan was not judged."}
		}
	}()
	return s.judge(ctx, req, log)
}

// judge checks the run's plan. Whatever keeps it from being checked fails
// the task: a gate does not pass what it could not read.
func (s *Server) judge(ctx context.Context, req tfe.RunTaskRequest, log *slog.Logger) tfe.TaskResultCallbackRequestOptions {
	failed := func(msg string) tfe.TaskResultCallbackRequestOptions {
		return tfe.TaskResultCallbackRequestOptions{Status: tfe.TaskFailed, Message: formatter.Inert(msg)}
	}
	if req.PlanJSONAPIURL == "" {
		return failed("nhiguard judges the plan, and this request has none: attach the run task at the post-plan (or pre-apply) stage.")
	}
	if !s.allowed(req.PlanJSONAPIURL) {
		return failed("nhiguard: the request's plan_json_api_url is not on an allowed host (--hostname).")
	}
	path, err := s.download(ctx, req)
	if err != nil {
		log.Error("plan download failed", "error", err)
		return failed("nhiguard could not download the plan JSON: " + err.Error())
	}
	defer os.Remove(path)
	// The configuration's lifecycle blocks (replace_triggered_by) are
	// not in the plan: without them a rotated key looks unrotated.
	src, err := s.configuration(ctx, req)
	if err != nil {
		log.Warn("configuration download failed: the plan is judged without its .tf sources", "error", err)
	}
	if src != "" {
		defer os.RemoveAll(src)
	}
	rep, err := s.Check(ctx, path, s.workingDirectory(src, req))
	if err != nil {
		return failed("nhiguard: " + err.Error())
	}
	return formatter.RunTask(rep, formatter.Options{}, req.Capabilitites.Outcomes)
}

// download fetches the plan JSON into a temporary file. The platform
// answers with a redirect to a signed URL of its object store, to which
// the client does not forward the token.
func (s *Server) download(ctx context.Context, req tfe.RunTaskRequest) (string, error) {
	body, err := s.get(ctx, req.PlanJSONAPIURL, req.AccessToken)
	if err != nil {
		return "", err
	}
	defer body.Close()
	f, err := os.CreateTemp("", "nhiguard-run-*.json")
	if err != nil {
		return "", err
	}
	limit := s.MaxBytes
	if limit <= 0 {
		limit = plan.DefaultMaxBytes
	}
	n, err := io.Copy(f, io.LimitReader(body, limit+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	switch {
	case err != nil:
	case n > limit:
		err = fmt.Errorf("the plan JSON exceeds %d bytes", limit)
	case plan.IsBinaryPlanFile(f.Name()):
		// The check would hand it to a terraform on this machine, in its
		// working directory: the platform's answer must be JSON.
		err = errors.New("the platform sent a binary plan, not the plan's JSON")
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// get fetches a URL of the platform with the run's token, which no error
// quotes.
func (s *Server) get(ctx context.Context, address, token string) (io.ReadCloser, error) {
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, address, nil)
	if err != nil {
		return nil, err
	}
	hreq.Header.Set("Authorization", "Bearer "+token)
	resp, err := s.HTTP.Do(hreq)
	if err != nil {
		return nil, errors.New(redact(err.Error(), token))
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return resp.Body, nil
}

// configuration downloads the run's configuration version (a gzipped tar
// of the repository or the uploaded directory) into a temporary
// directory, "" when the request names none or it is on no allowed host.
// go-slug unpacks it, refusing paths and links that leave the directory;
// the unpacked size is bounded (maxConfiguration).
func (s *Server) configuration(ctx context.Context, req tfe.RunTaskRequest) (string, error) {
	if req.ConfigurationVersionDownloadURL == "" || !s.allowed(req.ConfigurationVersionDownloadURL) {
		return "", nil
	}
	body, err := s.get(ctx, req.ConfigurationVersionDownloadURL, req.AccessToken)
	if err != nil {
		return "", err
	}
	defer body.Close()
	dir, err := os.MkdirTemp("", "nhiguard-run-config-")
	if err != nil {
		return "", err
	}
	if err := unpackBounded(body, dir, maxConfiguration); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}

// unpackBounded unpacks a gzipped tar into dir with go-slug, failing once
// it has unpacked more than limit bytes: the archive is inflated here,
// counted, and handed on re-compressed at the fastest level.
func unpackBounded(r io.Reader, dir string, limit int64) error {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return fmt.Errorf("the configuration version is not gzip: %w", err)
	}
	pr, pw := io.Pipe()
	go func() {
		zw, _ := gzip.NewWriterLevel(pw, gzip.BestSpeed)
		n, err := io.Copy(zw, io.LimitReader(zr, limit+1))
		if err == nil && n > limit {
			err = fmt.Errorf("the configuration version unpacks to more than %d bytes", limit)
		}
		if cerr := zw.Close(); err == nil {
			err = cerr
		}
		pw.CloseWithError(err)
	}()
	err = slug.Unpack(pr, dir)
	pr.CloseWithError(io.ErrClosedPipe) // stops the writer if Unpack gave up early
	return err
}

// workingDirectory is the workspace's working directory inside the
// unpacked configuration, "" when there is none or it is not inside.
func (s *Server) workingDirectory(src string, req tfe.RunTaskRequest) string {
	if src == "" {
		return ""
	}
	wd := filepath.FromSlash(strings.Trim(req.WorkspaceWorkingDirectory, "/"))
	if wd != "" && !filepath.IsLocal(wd) {
		return ""
	}
	dir := filepath.Join(src, wd)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return ""
	}
	return dir
}

// callback reports the result to the platform with the run's token.
func (s *Server) callback(ctx context.Context, req tfe.RunTaskRequest, res tfe.TaskResultCallbackRequestOptions) error {
	u, err := url.Parse(req.TaskResultCallbackURL)
	if err != nil {
		return err
	}
	client, err := tfe.NewClient(&tfe.Config{Address: u.Scheme + "://" + u.Host, Token: req.AccessToken, HTTPClient: s.HTTP, RetryServerErrors: true})
	if err != nil {
		return errors.New(redact(err.Error(), req.AccessToken))
	}
	if err := client.RunTasksIntegration.Callback(ctx, req.TaskResultCallbackURL, req.AccessToken, res); err != nil {
		return errors.New(redact(err.Error(), req.AccessToken))
	}
	return nil
}

// redact keeps the run's token out of an error that may quote a request.
func redact(s, token string) string {
	if token == "" {
		return s
	}
	return strings.ReplaceAll(s, token, "[token]")
}
