package kb

import (
	"regexp"
	"strings"
)

// ProvisionerCommandArgs are the provisioner arguments that hold command
// lines: local-exec's command, remote-exec's inline list.
var ProvisionerCommandArgs = []string{"command", "inline"}

// CredentialCommand is a command line that makes a credential: run from a
// provisioner, it makes one the plan does not show, whose owner, lifetime
// and privilege nothing in the configuration declares.
type CredentialCommand struct {
	// What names the credential ("an AWS access key").
	What string
	// Declare is the resource type the plan would judge instead.
	Declare string
	pattern *regexp.Regexp
}

// credentialCommands are the CLI calls of the providers' platforms that
// make a long-lived credential. Tokens that expire within hours
// (kubectl create token, aws sts) are left out.
var credentialCommands = []CredentialCommand{
	{What: "an AWS access key", Declare: "aws_iam_access_key", pattern: regexp.MustCompile(`\baws\s+iam\s+create-access-key\b`)},
	{What: "an AWS service-specific credential", Declare: "aws_iam_service_specific_credential", pattern: regexp.MustCompile(`\baws\s+iam\s+create-service-specific-credential\b`)},
	{What: "a Google service account key", Declare: "google_service_account_key", pattern: regexp.MustCompile(`\bgcloud\s+(?:(?:alpha|beta)\s+)?iam\s+service-accounts\s+keys\s+create\b`)},
	{What: "a Google API key", Declare: "google_apikeys_key", pattern: regexp.MustCompile(`\bgcloud\s+(?:(?:alpha|beta)\s+)?services\s+api-keys\s+create\b`)},
	{What: "a Cloud Storage HMAC key", Declare: "google_storage_hmac_key", pattern: regexp.MustCompile(`\b(?:gsutil\s+hmac\s+create|gcloud\s+storage\s+hmac\s+create)\b`)},
	{What: "an Azure service principal with a client secret", Declare: "azuread_service_principal_password", pattern: regexp.MustCompile(`\baz\s+ad\s+sp\s+create-for-rbac\b`)},
	{What: "an Azure client secret", Declare: "azuread_application_password", pattern: regexp.MustCompile(`\baz\s+ad\s+(?:sp|app)\s+credential\s+reset\b`)},
	{What: "a Vault token", Declare: "vault_token", pattern: regexp.MustCompile(`\bvault\s+token\s+create\b`)},
	{What: "a Vault AppRole secret ID", Declare: "vault_approle_auth_backend_role_secret_id", pattern: regexp.MustCompile(`\bvault\s+write\s+(?:-\S+\s+)*\S*auth/\S*approle/role/\S+/secret-id\b`)},
	{What: "a GitHub deploy key", Declare: "github_repository_deploy_key", pattern: regexp.MustCompile(`\bgh\s+repo\s+deploy-key\s+add\b`)},
}

// continuation joins the lines a shell (backslash) or PowerShell
// (backtick) continues.
var continuation = strings.NewReplacer("\\\r\n", " ", "\\\n", " ", "`\r\n", " ", "`\n", " ")

// MatchCredentialCommand finds the first command in a provisioner's text
// that makes a credential.
func MatchCredentialCommand(text string) (CredentialCommand, string, bool) {
	text = continuation.Replace(text)
	for _, c := range credentialCommands {
		if m := c.pattern.FindString(text); m != "" {
			return c, m, true
		}
	}
	return CredentialCommand{}, "", false
}
