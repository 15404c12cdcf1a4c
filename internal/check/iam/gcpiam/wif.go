package gcpiam

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// WorkloadIdentityProvider is a provider of a workload identity pool
// (google_iam_workload_identity_pool_provider): OIDC, AWS, X.509 or SAML.
type WorkloadIdentityProvider struct {
	// IssuerURI is oidc.issuer_uri: a string or value.Unknown.
	IssuerURI any
	// AWSAccount is aws.account_id for an AWS provider (a string or
	// value.Unknown); nil otherwise.
	AWSAccount any
	// X509 and SAML mark providers of those kinds (an x509 or saml block).
	X509, SAML bool
	// AttributeCondition is the CEL attribute_condition: a string,
	// value.Unknown, or nil/"" when absent.
	AttributeCondition any
	Source             iam.Source
}

// issuerKind is what a provider's tokens come from, and which of their
// claims (compared with a literal) pin one workload: for CI platforms a
// repository, project or workspace (as vaultiam's pinClaims: environment
// and terraform_workspace_name are shared by many; iam.CombinedPins pin
// together). google.subject, the mapped subject, pins one identity for
// every kind, as Google's guide for "a specific external identity" says.
//
// owners pin the organization (GitHub's repository_owner), as Google's
// own setup for GitHub Actions does: the pool's tokens then reach only
// that organization's repositories, and each grant of the pool names the
// repository it is for (principalSet .../attribute.repository/o/r), which
// the grants' own verdicts judge (a grant to the whole pool is a broad
// member).
//
// bounded kinds issue tokens to one party's workloads only (one AWS
// account, one certificate authority, one Bitbucket workspace, one Entra
// tenant): a condition that pins none of them opens the pool to all of
// that party's workloads, not to anyone (their evidence IDs say so).
type issuerKind struct {
	name, host, wide, unit string
	pins, owners           []string
	bounded                bool
}

var issuerKinds = []issuerKind{
	{name: "GitHub Actions", host: "token.actions.githubusercontent.com", wide: "every repository on GitHub", unit: "repository",
		pins: []string{"repository", "repository_id", "sub", "job_workflow_ref"}, owners: []string{"repository_owner", "repository_owner_id"}},
	{name: "GitLab", host: "gitlab", wide: "every project on the GitLab instance", unit: "project",
		pins: []string{"project_path", "project_id", "sub"}, owners: []string{"namespace_path", "namespace_id"}},
	{name: "Terraform Cloud", host: "app.terraform.io", wide: "every Terraform Cloud workspace", unit: "workspace",
		pins: []string{"terraform_workspace_id", "terraform_full_workspace", "sub"}, owners: []string{"terraform_organization_id", "terraform_organization_name"}},
	// Bitbucket's issuer is one workspace's: what its condition must
	// pin is a repository of it (sub is {repository uuid}:{step uuid}).
	{name: "Bitbucket Pipelines", host: "api.bitbucket.org", wide: "every repository of the Bitbucket workspace", unit: "repository",
		pins: []string{"repositoryUuid", "repository", "repository_uuid", "sub"}, bounded: true},
	// An Entra tenant's issuer: its tokens' sub and oid name one
	// application or managed identity.
	{name: "Microsoft Entra ID", host: "login.microsoftonline.com", wide: "every application and managed identity of the Entra tenant", unit: "identity",
		pins: []string{"sub", "oid", "appid", "azp"}, bounded: true},
	{name: "Microsoft Entra ID", host: "sts.windows.net", wide: "every application and managed identity of the Entra tenant", unit: "identity",
		pins: []string{"sub", "oid", "appid", "azp"}, bounded: true},
}

// otherIssuer is an OIDC issuer none of issuerKinds names (a self-managed
// GitLab on its own domain): a claim any of them pins by pins it too.
var otherIssuer = func() issuerKind {
	k := issuerKind{name: "OIDC", wide: "every identity the issuer signs tokens for", unit: "subject", pins: []string{"sub"}}
	for _, ik := range issuerKinds {
		for _, p := range ik.pins {
			if !slices.Contains(k.pins, p) {
				k.pins = append(k.pins, p)
			}
		}
	}
	return k
}()

// Providers that are not OIDC. An AWS provider admits the account's IAM
// principals by the ARN they sign GetCallerIdentity with (mapped to
// attribute.aws_role in Google's guide); an X.509 one, every certificate
// its trust anchors sign; a SAML one, every identity its IdP asserts.
var (
	awsKind  = issuerKind{name: "AWS", unit: "role", pins: []string{"arn", "aws_role"}, bounded: true}
	x509Kind = issuerKind{name: "X.509", wide: "every certificate that chains to the provider's trust anchors", unit: "certificate",
		pins: []string{"subject.dn.cn", "san.dns", "san.uri", "san.email", "san.ip"}, bounded: true}
	samlKind = issuerKind{name: "SAML", wide: "every identity the identity provider asserts", unit: "identity", pins: []string{"subject"}, bounded: true}
)

// googleSubject is the claim name pins gives google.subject.
const googleSubject = "google.subject"

// AnalyzeWorkloadIdentityProvider reports a provider whose tokens any
// repository, project or workspace of the issuer can use: no
// attribute_condition ("gcp:wif-no-condition"), or one that pins no
// repository, project, workspace or organization in every token it admits
// ("gcp:wif-wide-condition", e.g. startsWith, only the ref, or a pin on
// one side of ||, under !, or in a conditional). One that pins the
// organization leaves the repository to the pool's grants. An unknown
// condition is present but unverifiable. For providers that admit one
// party's workloads only (see issuerKind.bounded) the IDs are
// "gcp:wif-bounded-no-condition" and "gcp:wif-bounded-wide-condition".
func AnalyzeWorkloadIdentityProvider(p WorkloadIdentityProvider) iam.Verdict {
	v := iam.Verdict{Class: iam.ClassNone}
	kind, scope := otherIssuer, ""
	switch {
	case p.AWSAccount != nil:
		kind = awsKind
		switch x := p.AWSAccount.(type) {
		case string:
			scope = "AWS account " + x
		case value.Unknown:
			v.Unknowns = iam.AddUnknowns(v.Unknowns, iam.UnknownRef(x))
			scope = "the AWS account"
		}
		kind.wide = "every IAM principal of " + scope
	case p.X509:
		kind = x509Kind
	case p.SAML:
		kind = samlKind
	default:
		switch x := p.IssuerURI.(type) {
		case string:
			scope = strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(x, "https://"), "http://"))
		case value.Unknown:
			v.Unknowns = iam.AddUnknowns(v.Unknowns, iam.UnknownRef(x))
		}
		for _, ik := range issuerKinds {
			if scope != "" && strings.Contains(scope, ik.host) {
				kind = ik
			}
		}
	}
	if scope == "" {
		scope = kind.name
	}
	g := iam.Grant{Source: p.Source, Where: "attribute_condition"}
	cond := ""
	switch x := p.AttributeCondition.(type) {
	case value.Unknown:
		v.Unknowns = iam.AddUnknowns(v.Unknowns, iam.UnknownRef(x))
		v.Notes = append(v.Notes, "attribute_condition is unknown until apply; it could not be verified")
		return v
	case string:
		cond = strings.TrimSpace(x)
	}
	prefix := "gcp:wif-"
	if kind.bounded {
		prefix = "gcp:wif-bounded-"
	}
	if cond == "" {
		v.Evidence = append(v.Evidence, iam.Evidence{Kind: iam.KindOpenTrust, ID: prefix + "no-condition", Class: iam.ClassAdmin, Scope: scope,
			Message: fmt.Sprintf("%s workload identity provider has no attribute_condition: %s can exchange tokens with the pool", kind.name, kind.wide),
			Grants:  []iam.Grant{g}})
		return v
	}
	root, err := parseCondition(cond)
	if err != nil {
		// Google refuses it when the provider is made: nothing it admits.
		v.Notes = append(v.Notes, "attribute_condition is not valid CEL ("+err.Error()+"); Google refuses the provider")
		return v
	}
	pins := append(slices.Clip(kind.pins), googleSubject)
	if pinned(root, pins, iam.CombinedPins) {
		return v
	}
	if len(kind.owners) > 0 && pinned(root, kind.owners, nil) {
		v.Notes = append(v.Notes, fmt.Sprintf("attribute_condition pins the organization (%s): each grant of the pool must name the %s it is for", strings.Join(kind.owners, " or "), kind.unit))
		return v
	}
	v.Evidence = append(v.Evidence, iam.Evidence{Kind: iam.KindOpenTrust, ID: prefix + "wide-condition", Class: iam.ClassAdmin, Scope: scope,
		Message: fmt.Sprintf("%s workload identity provider condition %q does not pin one %s for every token it admits (by %s): %s can exchange tokens with the pool", kind.name, cond, kind.unit, strings.Join(pins, ", "), kind.wide),
		Grants:  []iam.Grant{g}, Actions: []string{cond}})
	return v
}
