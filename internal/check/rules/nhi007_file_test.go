package rules_test

import (
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// A credential's secret written to a file by the local provider is a copy
// on the machine that runs Terraform (a CI runner's workspace, read by
// later steps, caches and artifacts). The message names the file, and says
// when every user may read it: local_file's default mode is 0777.
func TestSecretWrittenToLocalFile(t *testing.T) {
	t.Parallel()
	key := []string{"tls_private_key.deploy.private_key_pem", "tls_private_key.deploy"}
	r := check(t, []res{
		{Addr: "tls_private_key.deploy", After: map[string]any{"algorithm": "ED25519"}, Unknown: map[string]any{"private_key_pem": true}},
		{Addr: "local_file.pem", After: map[string]any{"filename": "keys/deploy.pem"}, Refs: map[string][]string{"content": key}},
		{Addr: "local_sensitive_file.pem", After: map[string]any{"filename": "keys/deploy2.pem", "file_permission": "0600"}, Refs: map[string][]string{"content": key}},
		{Addr: "local_file.public", After: map[string]any{"filename": "keys/deploy.pub"},
			Refs: map[string][]string{"content": {"tls_private_key.deploy.public_key_openssh", "tls_private_key.deploy"}}},
	}, nil)
	want := map[string]string{
		"local_file.pem":           "writes the secret `private_key_pem` of tls_private_key.deploy to the file `keys/deploy.pem` (mode 0777: readable by every user) on the machine that runs Terraform",
		"local_sensitive_file.pem": "writes the secret `private_key_pem` of tls_private_key.deploy to the file `keys/deploy2.pem` on the machine that runs Terraform",
	}
	for addr, msg := range want {
		var got *report.Finding
		for _, f := range r.Findings {
			if f.Address == addr && f.Rule == "NHI-007" {
				got = f
			}
		}
		switch {
		case got == nil:
			t.Errorf("%s: no NHI-007: %v", addr, findings(r))
		case !strings.Contains(got.Message, msg):
			t.Errorf("%s: %q lacks %q", addr, got.Message, msg)
		case got.Severity != report.High || !got.Blocking:
			t.Errorf("%s: %s, blocking=%v", addr, got.Severity, got.Blocking)
		}
	}
	noFindingsOn(t, r, "local_file.public", "a public key is no secret")
	var leaves bool
	for _, f := range r.Findings {
		if f.Address == "tls_private_key.deploy" && f.Rule == "NHI-007" && strings.Contains(f.Message, "leaves it: local_file.pem, local_sensitive_file.pem") {
			leaves = true
		}
	}
	if !leaves {
		t.Errorf("the key's own finding does not list the files: %v", findings(r))
	}
}
