package kb

import "slices"

// Provider blocks take credentials too, and the plan's configuration
// section holds a literal one (secret_key = "...") in clear, even when the
// provider's schema marks it sensitive. The loader drops such literals as
// it drops secret values. They are not reported: plans made for tests and
// offline planning hold placeholder credentials there.

// providerSecrets lists the credential arguments of the providers whose
// schemas we know, by provider type (the last part of its source address),
// dot-separated inside nested blocks. Identifiers that are not secret on
// their own (AWS access_key, a client id) are left out.
var providerSecrets = map[string][]string{
	"aws":          {"secret_key", "token"},
	"google":       {"credentials", "access_token"},
	"google-beta":  {"credentials", "access_token"},
	"azurerm":      {"client_secret", "client_certificate", "client_certificate_password"},
	"azuread":      {"client_secret", "client_certificate", "client_certificate_password"},
	"kubernetes":   {"token", "password", "client_key"},
	"helm":         {"kubernetes.token", "kubernetes.password", "kubernetes.client_key"},
	"vault":        {"token"},
	"github":       {"token", "app_auth.pem_file"},
	"gitlab":       {"token"},
	"tfe":          {"token"},
	"datadog":      {"api_key", "app_key"},
	"cloudflare":   {"api_token", "api_key", "api_user_service_key"},
	"databricks":   {"token", "password", "client_secret"},
	"snowflake":    {"password", "private_key", "private_key_passphrase", "token"},
	"okta":         {"api_token", "private_key"},
	"auth0":        {"client_secret", "api_token"},
	"digitalocean": {"token", "spaces_secret_key"},
	"alicloud":     {"secret_key", "security_token"},
	"oci":          {"private_key", "private_key_password"},
	"mongodbatlas": {"private_key"},
	"newrelic":     {"api_key", "admin_api_key"},
	"pagerduty":    {"token", "user_token"},
	"grafana":      {"auth"},
	"consul":       {"token"},
	"nomad":        {"secret_id"},
	"openstack":    {"password", "token", "application_credential_secret"},
	"vsphere":      {"password"},
	"postgresql":   {"password"},
	"mysql":        {"password"},
	"rabbitmq":     {"password"},
	"ibm":          {"ibmcloud_api_key"},
}

// genericProviderSecrets are argument names that hold a credential in any
// provider whose schema is not listed above.
var genericProviderSecrets = []string{
	"token", "api_token", "api_key", "auth_token", "access_token", "password",
	"secret", "secret_key", "client_secret", "private_key",
}

// IsProviderSecret tells whether a provider argument (path dot-separated
// inside nested blocks) holds a credential; provider is the provider type
// (aws, google). It is a plan.ProviderSecretFunc.
func IsProviderSecret(provider, path string) bool {
	names, known := providerSecrets[provider]
	if !known {
		names = genericProviderSecrets
	}
	return slices.Contains(names, path)
}
