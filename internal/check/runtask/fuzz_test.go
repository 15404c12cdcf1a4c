package runtask_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/runtask"
)

// FuzzRequest sends signed bodies of any shape: the service answers each
// without panicking, and starts a check only for a well-formed request
// whose URLs are on the platform's host.
func FuzzRequest(f *testing.F) {
	f.Add([]byte(`{"payload_version":1,"access_token":"t","stage":"post_plan","plan_json_api_url":"https://app.terraform.io/p","task_result_callback_url":"https://app.terraform.io/c"}`))
	f.Add([]byte(`{"payload_version":1,"access_token":"test-token"}`))
	f.Add([]byte(`{"payload_version":2}`))
	f.Add([]byte(`{"payload_version":1,"access_token":"t","task_result_callback_url":"https://evil.example/c"}`))
	f.Add([]byte(`[`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, body []byte) {
		checked := make(chan struct{}, 1)
		s := &runtask.Server{
			Key: []byte(key), Hosts: []string{"app.terraform.io"},
			// No network: the download and callback fail, and that is all.
			HTTP: &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, http.ErrHandlerTimeout })},
			Check: func(context.Context, string, string) (*report.Report, error) {
				checked <- struct{}{}
				return &report.Report{}, nil
			},
		}
		r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		r.Header.Set(runtask.SignatureHeader, sign(body, key))
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		s.Wait()
		if w.Code != http.StatusOK && w.Code != http.StatusBadRequest && w.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("HTTP %d", w.Code)
		}
		select {
		case <-checked:
			t.Error("a plan was checked, though none could be downloaded")
		default:
		}
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
