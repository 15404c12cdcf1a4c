package formatter

import (
	"fmt"
	"io"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

// BenchmarkJSON writes the report of a large plan (25,000 findings and
// 22,000 inventory entries, as gen-50k's): the JSON format's share of a
// check.
func BenchmarkJSON(b *testing.B) {
	r := &report.Report{Tool: report.Tool{Name: "nhiguard", Version: "dev"}}
	for i := range 25000 {
		r.Findings = append(r.Findings, &report.Finding{Rule: "NHI-002", Category: "long_lived", Severity: report.High,
			Address: fmt.Sprintf(`module.team["team-%03d"].aws_iam_access_key.svc[%d]`, i%100, i), ResourceType: "aws_iam_access_key", Action: "no-op",
			Related: []string{"aws_iam_user.ci"}, OWASP: []string{"NHI7:2025"},
			Message:     "aws_iam_access_key.ci is a static access_key that never expires, and nothing in the configuration rotates it. Federate with OIDC (GitHub Actions, GitLab, Terraform Cloud) or use an IAM role for the workload instead of a static key",
			Remediation: "Rotate it from the plan: lifecycle { replace_triggered_by = [nhi_identity.x.rotation_trigger] } (or a time_rotating, or keepers / rotate_when_changed tied to one), or remove the secret in favour of federation."})
	}
	for i := range 22000 {
		r.Inventory = append(r.Inventory, report.InventoryEntry{Address: fmt.Sprintf(`module.team["team-%03d"].aws_iam_user.svc[%d]`, i%100, i),
			Kind: "service_account", Owner: "team-release", OwnerSource: "parent:tag", Rotation: "none (unverified)", Privilege: "none"})
	}
	r.Finalize()
	var n int64
	if err := JSON(countingWriter{&n}, r, Options{}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		if err := JSON(io.Discard, r, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

type countingWriter struct{ n *int64 }

func (c countingWriter) Write(p []byte) (int, error) { *c.n += int64(len(p)); return len(p), nil }
