package provider

import (
	"os"
	"runtime/debug"
)

// QuietLogs turns the plugin SDK's and this provider's logs off unless the
// user asked Terraform for logs (TF_LOG or TF_LOG_PROVIDER). Without those,
// Terraform discards everything a provider logs, but the SDK still formats
// a dozen JSON trace lines per resource and request, and Terraform still
// reads and parses each one: for a plan of a thousand identities that cost
// more than the plan itself. Variables the user set are left alone.
// main calls it before serving; tests log through their own sink.
func QuietLogs() {
	if os.Getenv("TF_LOG") != "" || os.Getenv("TF_LOG_PROVIDER") != "" {
		return
	}
	for _, v := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_NHI"} {
		if _, set := os.LookupEnv(v); !set {
			os.Setenv(v, "OFF")
		}
	}
}

// TuneGC lets the provider's heap grow to five times its live size between
// collections (unless GOGC is set). A plan sends one request per resource,
// each allocating much short-lived garbage over a small live heap, so the
// default pacing collected several times a second; the heap stays in the
// tens of megabytes.
func TuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(400)
	}
}
