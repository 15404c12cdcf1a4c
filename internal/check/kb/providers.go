package kb

import (
	"regexp"
	"slices"
	"strings"
)

// Provider blocks take credentials too, and the plan's configuration
// section holds a literal one (secret_key = "...") in clear, even when the
// provider's schema marks it sensitive. The loader drops such literals as
// it drops secret values. Plans made for tests and offline planning hold
// placeholders there ("mock", "test"), which are no one's credential: only
// a literal in the form of a live credential is reported
// (CredentialShape).

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

// credentialShapes are the forms of credentials issued by services, which
// a placeholder does not take by chance: the prefixes and lengths the
// issuers document, as secret scanners (gitleaks, GitHub secret scanning)
// match them.
var credentialShapes = []struct {
	what string
	re   *regexp.Regexp
}{
	{"an AWS access key ID", regexp.MustCompile(`^(AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}$`)},
	{"a GitHub token", regexp.MustCompile(`^(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})$`)},
	{"a GitLab access token", regexp.MustCompile(`^gl(pat|ptt|dt|rt|soat|cbt|agent)-[A-Za-z0-9_-]{20,}$`)},
	{"a Databricks token", regexp.MustCompile(`^dapi[a-f0-9]{32}(-[0-9]+)?$`)},
	{"an npm token", regexp.MustCompile(`^npm_[A-Za-z0-9]{36}$`)},
	{"a PyPI token", regexp.MustCompile(`^pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}$`)},
	{"a Stripe secret key", regexp.MustCompile(`^[sr]k_live_[0-9A-Za-z]{24,}$`)},
	{"a SendGrid API key", regexp.MustCompile(`^SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$`)},
	{"a New Relic API key", regexp.MustCompile(`^NRAK-[A-Z0-9]{27}$`)},
	{"a Vault token", regexp.MustCompile(`^(hv[sb]\.[A-Za-z0-9_-]{24,}|s\.[A-Za-z0-9]{24})$`)},
	{"a Terraform Cloud token", regexp.MustCompile(`^[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,}$`)},
	{"a Google API key", regexp.MustCompile(`^AIza[0-9A-Za-z_-]{35}$`)},
	{"an Entra ID client secret", regexp.MustCompile(`^[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}$`)},
	{"a Slack token", regexp.MustCompile(`^xox[abposr]-[0-9A-Za-z-]{10,}$`)},
	{"a DigitalOcean token", regexp.MustCompile(`^do[opr]_v1_[a-f0-9]{64}$`)},
	{"a bearer token (JWT)", regexp.MustCompile(`^eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}$`)},
}

// awsSecretKey is the form of an AWS secret access key: 40 characters of
// base64, with letters of both cases and a digit or sign, which words and
// placeholders of that length lack.
var awsSecretKey = regexp.MustCompile(`^[A-Za-z0-9/+]{40}$`)

// placeholderWords mark a literal written to look like a credential
// (hvs.fakefakefake..., AKIAFAKEFAKEFAKEFAKE, AWS's documented
// …EXAMPLEKEY): issued credentials are random, and hold such a word by
// chance about once in a hundred thousand.
var placeholderWords = []string{"fake", "example", "dummy", "test", "mock", "sample", "placeholder", "changeme", "redacted", "xxxx", "0000"}

// CredentialShape tells what credential a provider argument's literal is,
// when it has the form of one a service issued ("an AWS secret access
// key"), and "" for anything else: placeholders, including those written
// in a credential's form (a placeholder word, or too few distinct
// characters to be random). provider and path are as IsProviderSecret
// takes them.
func CredentialShape(provider, path, literal string) string {
	s := strings.TrimSpace(literal)
	// A key's body is long enough to hold a placeholder word by chance
	// (one key in 160): it is judged by its own randomness instead.
	if body, ok := pemBody(s); ok {
		if len(body) >= 64 && distinct(body) >= 20 && !strings.Contains(s, "EXAMPLE") {
			return "a private key"
		}
		return ""
	}
	if distinct(s) < 10 {
		return ""
	}
	lower := strings.ToLower(s)
	for _, w := range placeholderWords {
		if strings.Contains(lower, w) {
			return ""
		}
	}
	if provider == "aws" && path == "secret_key" && awsSecretKey.MatchString(s) && mixed(s) {
		return "an AWS secret access key"
	}
	for _, c := range credentialShapes {
		if c.re.MatchString(s) {
			return c.what
		}
	}
	return ""
}

// CredentialIn tells what credential a clear-text value holds, when some
// part of it has the form of one a service issued: the value itself, a
// word of a script or of a JSON document (user_data, a container
// definition), or a private key inside it. name is what the value is
// called (an environment variable, a map key): one that says SECRET lets
// a 40-character AWS secret access key be told from any other word. It
// is "" for anything else, placeholders included (CredentialShape).
func CredentialIn(name, value string) string {
	if len(value) < 20 {
		return ""
	}
	if strings.Contains(value, "-----BEGIN ") {
		if what := CredentialShape("", "", value); what != "" {
			return what
		}
	}
	path := ""
	if containsFold(name, "secret") {
		path = "secret_key"
	}
	// Words are cut in place: every tag and description of a large plan
	// passes here, and most are short.
	for i := 0; i < len(value); {
		for i < len(value) && isSeparator(value[i]) {
			i++
		}
		j := i
		for j < len(value) && !isSeparator(value[j]) {
			j++
		}
		if w := value[i:j]; len(w) >= 20 && len(w) <= 4096 {
			if what := CredentialShape("aws", path, w); what != "" {
				return what
			}
		}
		i = j
	}
	return ""
}

// containsFold reports whether s contains the lower-case word w in any
// case, without the copy strings.ToLower makes.
func containsFold(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(w)], w) {
			return true
		}
	}
	return false
}

// isSeparator splits scripts and documents into words: spaces, quotes,
// assignments and separators, none of which a credential holds.
func isSeparator(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '"', '\'', '=', ':', ';', ',', '`', '(', ')', '[', ']', '{', '}', '<', '>':
		return true
	}
	return false
}

// pemBody finds a PEM private key in s (alone, or inside a JSON key file,
// its line breaks escaped) and returns its base64 body.
func pemBody(s string) (string, bool) {
	_, rest, ok := strings.Cut(s, "-----BEGIN ")
	if !ok {
		return "", false
	}
	label, rest, ok := strings.Cut(rest, "-----")
	if !ok || !strings.HasSuffix(label, "PRIVATE KEY") {
		return "", false
	}
	body, _, _ := strings.Cut(rest, "-----END")
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c == '\\' && i+1 < len(body) && body[i+1] == 'n':
			i++ // an escaped line break of a JSON string
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '+', c == '/', c == '=':
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

// distinct counts the distinct bytes of s.
func distinct(s string) int {
	var seen [256]bool
	n := 0
	for i := 0; i < len(s); i++ {
		if !seen[s[i]] {
			seen[s[i]] = true
			n++
		}
	}
	return n
}

// mixed reports whether s has an upper- and a lower-case letter and a
// digit or a sign.
func mixed(s string) bool {
	var upper, lower, other bool
	for _, c := range s {
		switch {
		case 'A' <= c && c <= 'Z':
			upper = true
		case 'a' <= c && c <= 'z':
			lower = true
		default:
			other = true
		}
	}
	return upper && lower && other
}
