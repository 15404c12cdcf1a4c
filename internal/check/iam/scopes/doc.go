// Package scopes classifies the scopes and permissions of tokens and keys
// that are not cloud IAM policies: GitHub classic scopes
// (GitHubClassicScopes), fine-grained and GitHub App permissions
// (GitHubPermissions), deploy keys (GitHubDeployKey: read_only = false is
// write), GitLab token and deploy token scopes (GitLabScopes: api, sudo,
// admin_mode, write_repository, read_api, ...) and access levels
// (GitLabAccessLevel: 10 guest .. 50 owner), and other providers through a
// registry (Classify, Register, Providers) with Cloudflare permission
// group names ("... Edit"/"... Write" write, "... Read" read, API token,
// member and account settings writes higher), Datadog application key
// scopes, and Azure Key Vault access policy permissions ("azurerm": reads
// and public-key operations read; sets, deletes, purges and private-key
// use write).
//
// CloudflarePolicies judges a Cloudflare token's policies: allowed
// permission groups by name, deny policies left out, a write group on
// every account or zone a wildcard; ids are named by the caller (the
// plan's permission groups data sources) or by a small table of ids the
// provider documents, else unknown.
//
// Every function returns an iam.Verdict; scopes are strings or
// value.Unknown (Strings converts a []string). Evidence IDs are
// "<provider>:<scope slug>". Unknown scope names give ClassUnknown with a
// Note, never a guess.
package scopes
