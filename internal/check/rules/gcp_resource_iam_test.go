package rules_test

import (
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
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

// Temporary access, as Google documents it, is an IAM condition bounding
// request.time: once past, the grant admits no request and grants
// nothing. A bound still ahead, or one in a disjunction, grants all the
// same.
func TestGCPExpiredConditionGrantsNothing(t *testing.T) {
	t.Parallel()
	sa := map[string]any{"account_id": "ci", "email": "ci@p.iam.gserviceaccount.com", "description": "nhi_owner=team-ci"}
	for _, tc := range []struct {
		name, expr string
		grants     bool
	}{
		{"expired", `request.time < timestamp("2026-06-01T00:00:00Z")`, false},
		{"expired, with a resource clause", `resource.name.startsWith("projects/p/buckets/b") && request.time <= timestamp("2025-01-01T00:00:00Z")`, false},
		{"still ahead", `request.time < timestamp("2027-06-01T00:00:00Z")`, true},
		{"in a disjunction", `request.time < timestamp("2026-06-01T00:00:00Z") || resource.type == "storage.googleapis.com/Bucket"`, true},
	} {
		r := check(t, []res{
			{Addr: "google_service_account.ci", After: sa},
			{Addr: "google_project_iam_member.ci", After: map[string]any{"project": "p", "role": "roles/editor", "member": "serviceAccount:ci@p.iam.gserviceaccount.com",
				"condition": []any{map[string]any{"title": "temporary", "description": "", "expression": tc.expr}}},
				Refs: map[string][]string{"member": {"google_service_account.ci.member", "google_service_account.ci"}}},
		}, nil)
		if got := has(r, "google_project_iam_member.ci", "NHI-004") != nil; got != tc.grants {
			t.Errorf("%s: NHI-004 %v, want %v: %v", tc.name, got, tc.grants, findings(r))
		}
	}
}

// A project IAM policy whose policy_data is known only after apply (a
// member made in the same plan) is judged on the binding blocks of the
// data.google_iam_policy it is set from, which the plan holds.
func TestGCPPolicyDataFromDataSource(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		members []any
		admin   bool
	}{
		{"service account owner", []any{"serviceAccount:ci@p.iam.gserviceaccount.com"}, true},
		{"owner known after apply", []any{nil}, true},
		{"people only", []any{"group:devs@example.com"}, false},
	} {
		unknownMembers := []any{}
		for _, m := range tc.members {
			unknownMembers = append(unknownMembers, m == nil)
		}
		r := check(t, []res{
			{Addr: "data.google_iam_policy.project", Actions: []string{"read"},
				After:   map[string]any{"binding": []any{map[string]any{"role": "roles/owner", "members": tc.members, "condition": []any{}}}, "audit_config": []any{}},
				Unknown: map[string]any{"policy_data": true, "binding": []any{map[string]any{"members": unknownMembers}}}},
			{Addr: "google_project_iam_policy.project", After: map[string]any{"project": "p"}, Unknown: map[string]any{"policy_data": true},
				Refs: map[string][]string{"policy_data": {"data.google_iam_policy.project.policy_data", "data.google_iam_policy.project"}}},
		}, nil)
		f := has(r, "google_project_iam_policy.project", "NHI-004")
		if got := f != nil && f.Blocking; got != tc.admin {
			t.Errorf("%s: blocking NHI-004 %v, want %v: %v", tc.name, got, tc.admin, findings(r))
		}
	}
}

// The usual grant for a pipeline that uploads artifacts,
// roles/storage.objectAdmin on one bucket, carries the objects'
// setIamPolicy: it can open that bucket's objects up, not raise its holder
// anywhere else, so it is the medium case, as s3:* on one bucket is. On a
// service account, setIamPolicy is a way to act as it, and stays high.
func TestGCPSetIamPolicyOnOneResource(t *testing.T) {
	t.Parallel()
	owned := map[string]any{"owner": "team-ci"}
	r := check(t, []res{
		{Addr: "google_service_account.ci", After: map[string]any{"account_id": "ci", "email": "ci@p.iam.gserviceaccount.com", "description": "owner=team-ci"}},
		{Addr: "google_storage_bucket.artifacts", After: map[string]any{"name": "artifacts", "labels": owned}},
		{Addr: "google_storage_bucket_iam_member.ci", After: map[string]any{"bucket": "artifacts", "role": "roles/storage.objectAdmin", "member": "serviceAccount:ci@p.iam.gserviceaccount.com", "condition": []any{}}},
		{Addr: "google_service_account_iam_member.ci", After: map[string]any{"service_account_id": "projects/p/serviceAccounts/deploy@p.iam.gserviceaccount.com", "role": "roles/iam.serviceAccountAdmin", "member": "serviceAccount:ci@p.iam.gserviceaccount.com", "condition": []any{}}},
	}, nil)
	f := has(r, "google_storage_bucket_iam_member.ci", "NHI-005")
	if f == nil || f.Severity != report.Medium || f.Blocking {
		t.Errorf("objectAdmin on one bucket: %+v (%v)", f, findings(r))
	}
	if f := has(r, "google_service_account_iam_member.ci", "NHI-005"); f == nil || f.Severity != report.High || !f.Blocking {
		t.Errorf("serviceAccountAdmin on one service account: %+v (%v)", f, findings(r))
	}
}
