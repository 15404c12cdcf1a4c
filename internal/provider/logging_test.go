package provider

import (
	"os"
	"testing"
)

// TestQuietLogs: SDK and provider logs are switched off only when nobody
// asked Terraform for logs, and never over a level the user set.
func TestQuietLogs(t *testing.T) {
	vars := []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_NHI"}
	reset := func() {
		for _, v := range append(vars, "TF_LOG", "TF_LOG_PROVIDER") {
			t.Setenv(v, "")
			os.Unsetenv(v)
		}
	}

	reset()
	QuietLogs()
	for _, v := range vars {
		if got := os.Getenv(v); got != "OFF" {
			t.Errorf("no TF_LOG: %s = %q, want OFF", v, got)
		}
	}

	for _, asked := range []string{"TF_LOG", "TF_LOG_PROVIDER"} {
		reset()
		t.Setenv(asked, "TRACE")
		QuietLogs()
		for _, v := range vars {
			if _, set := os.LookupEnv(v); set {
				t.Errorf("%s=TRACE: %s was set to %q", asked, v, os.Getenv(v))
			}
		}
	}

	reset()
	t.Setenv("TF_LOG_SDK_FRAMEWORK", "DEBUG")
	QuietLogs()
	if got := os.Getenv("TF_LOG_SDK_FRAMEWORK"); got != "DEBUG" {
		t.Errorf("a level the user set was replaced: %q", got)
	}
}
