resource "nhi_owner" "payments" {
  name        = "team-payments"
  email       = "payments-oncall@example.com"
  escalation  = "https://pager.example.com/team-payments"
  description = "Owns the payments service and its machine identities."
}
