package kb

// TLS keys and certificates (hashicorp/tls) and ACME certificates
// (vancluever/acme). None of them can carry tags or labels.

const (
	tlsDoc  = "https://registry.terraform.io/providers/hashicorp/tls/latest/docs/resources/"
	acmeDoc = "https://registry.terraform.io/providers/vancluever/acme/latest/docs/resources/"
)

var (
	// Certificates and keys other resources are usually made from.
	tlsCerts = []string{"tls_self_signed_cert", "tls_locally_signed_cert", "acme_certificate"}
	tlsKey   = []string{"tls_private_key"}
	// A key lives until replaced; behind a certificate (directly, or via a
	// tls_cert_request) the certificate's validity judges it instead.
	tlsKeyBoundBy = []string{"tls_self_signed_cert", "tls_cert_request", "tls_locally_signed_cert", "acme_certificate"}
	// An Entra ID certificate credential ends at its own end date, which
	// Microsoft Graph keeps within the certificate's validity: a
	// certificate made only for one is judged by it.
	entraCertificates = []string{"azuread_application_certificate", "azuread_service_principal_certificate"}
)

func init() {
	register(
		Entry{
			Type: "tls_private_key", Class: Credential, Kind: "private_key", Provider: "tls", Doc: tlsDoc + "private_key",
			Lifetime:         Lifetime{Static: true, Default: Forever, BoundBy: tlsKeyBoundBy},
			SecretAttrs:      []string{"private_key_pem", "private_key_openssh", "private_key_pem_pkcs8"},
			CredentialSecret: true,
			Alternative:      "Generate the key where it is used (or in a KMS/HSM) and issue short-lived certificates, so the private key never enters Terraform state",
		},
		Entry{
			// private_key_pem is the signing key itself (sensitive): the
			// Material link makes that reference use, not exposure.
			Type: "tls_self_signed_cert", Class: Credential, Kind: "certificate", Provider: "tls", Doc: tlsDoc + "self_signed_cert",
			Parents:          []Link{{Path: "private_key_pem", Types: tlsKey, Material: true}},
			Lifetime:         Lifetime{Attrs: []DurationAttr{{Path: "validity_period_hours", Unit: Hours}}, BoundBy: entraCertificates},
			Rotation:         Rotation{Renewal: []string{"early_renewal_hours"}},
			SecretAttrs:      []string{"private_key_pem"},
			CredentialSecret: true,
		},
		Entry{
			// The certificate's own key is behind cert_request_pem; the CA's
			// key and certificate sign it.
			Type: "tls_locally_signed_cert", Class: Credential, Kind: "certificate", Provider: "tls", Doc: tlsDoc + "locally_signed_cert",
			Parents: []Link{
				{Path: "cert_request_pem", Types: []string{"tls_cert_request"}, By: []string{"cert_request_pem"}, Material: true},
				{Path: "ca_private_key_pem", Types: tlsKey, Material: true},
				{Path: "ca_cert_pem", Types: []string{"tls_self_signed_cert", "tls_locally_signed_cert"}, By: []string{"cert_pem"}, Material: true},
			},
			Lifetime:         Lifetime{Attrs: []DurationAttr{{Path: "validity_period_hours", Unit: Hours}}, BoundBy: entraCertificates},
			Rotation:         Rotation{Renewal: []string{"early_renewal_hours"}},
			SecretAttrs:      []string{"ca_private_key_pem"},
			CredentialSecret: true,
		},
		Entry{
			// A CSR is not a credential; it carries its key to the
			// certificate that signs it.
			Type: "tls_cert_request", Class: Other, Kind: "csr", Provider: "tls", Doc: tlsDoc + "cert_request",
			Parents:          []Link{{Path: "private_key_pem", Types: tlsKey, Material: true}},
			SecretAttrs:      []string{"private_key_pem"},
			CredentialSecret: true,
		},
		Entry{
			// validity_days is only honoured by CAs that support it; without
			// it the CA decides (Let's Encrypt: 90 days). min_days_remaining
			// (default 30) renews it on apply.
			Type: "acme_certificate", Class: Credential, Kind: "certificate", Provider: "acme", Doc: acmeDoc + "certificate",
			Parents: []Link{
				{Path: "certificate_request_pem", Types: []string{"tls_cert_request"}, By: []string{"cert_request_pem"}, Material: true},
				{Path: "account_key_pem", Types: tlsKey, Material: true},
			},
			Lifetime:         Lifetime{Attrs: []DurationAttr{{Path: "validity_days", Unit: Days}}, Default: 90 * Day},
			Rotation:         Rotation{Renewal: []string{"min_days_remaining"}},
			SecretAttrs:      []string{"private_key_pem", "certificate_p12", "certificate_p12_password", "account_key_pem"},
			CredentialSecret: true,
		},
		Entry{
			Type: "acme_registration", Class: Other, Kind: "acme_account", Provider: "acme", Doc: acmeDoc + "registration",
			Parents:          []Link{{Path: "account_key_pem", Types: tlsKey, Material: true}},
			SecretAttrs:      []string{"account_key_pem"},
			CredentialSecret: true,
		},
	)
}
