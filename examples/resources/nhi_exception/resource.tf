resource "nhi_exception" "legacy_ci_keys" {
  rules = ["NHI-002", "NHI-003"]
  # Every access key of every instance of the (for_each) module.
  resources   = ["module.legacy_ci[*].aws_iam_access_key.*"]
  reason      = "Legacy CI runners cannot use OIDC until the runner upgrade in SEC-1234 lands."
  approved_by = "security-lead@example.com"
  ticket      = "SEC-1234"
  expires_at  = "2027-06-30T00:00:00Z"
}
