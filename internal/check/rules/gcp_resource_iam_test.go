package rules_test

import (
	"strings"
	"testing"
)

// A public grant on a KMS key ring reaches every key in it, as one on a
// key reaches that key. A role's service-account permissions on a
// dataset act on no service account: the finding says who holds the role,
// not that they can mint credentials.
func TestGCPResourceLevelGrants(t *testing.T) {
	t.Parallel()
	r := check(t, []res{
		{Addr: "google_kms_key_ring_iam_binding.ring", After: map[string]any{"key_ring_id": "p/global/ring", "role": "roles/cloudkms.cryptoKeyEncrypter", "members": []any{"allUsers"}, "condition": []any{}}},
		{Addr: "google_bigquery_dataset_iam_member.ds", After: map[string]any{"dataset_id": "test-dataset", "role": "roles/editor", "member": "allAuthenticatedUsers", "condition": []any{}}},
	}, nil)
	if f := has(r, "google_kms_key_ring_iam_binding.ring", "NHI-005"); f == nil || !f.Blocking {
		t.Errorf("public key ring grant not reported: %+v (%v)", f, findings(r))
	}
	f := has(r, "google_bigquery_dataset_iam_member.ds", "NHI-005")
	if f == nil {
		t.Fatalf("public dataset editor not reported: %v", findings(r))
	}
	if strings.Contains(f.Message, "act as or mint credentials") || !strings.Contains(f.Message, "the public") {
		t.Errorf("dataset grant message: %s", f.Message)
	}
}
