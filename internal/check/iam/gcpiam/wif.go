package gcpiam

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// WorkloadIdentityProvider is an OIDC provider of a workload identity pool
// (google_iam_workload_identity_pool_provider).
type WorkloadIdentityProvider struct {
	// IssuerURI is oidc.issuer_uri: a string or value.Unknown.
	IssuerURI any
	// AttributeCondition is the CEL attribute_condition: a string,
	// value.Unknown, or nil/"" when absent.
	AttributeCondition any
	Source             iam.Source
}

// issuerPins lists, per issuer, the assertion or attribute names that pin
// one repository, project or workspace when compared for equality (as
// vaultiam's pinClaims: environment and terraform_workspace_name are
// shared by many; iam.CombinedPins pin together).
//
// owners pin the organization (GitHub's repository_owner), as Google's
// own setup for GitHub Actions does: the pool's tokens then reach only
// that organization's repositories, and each grant of the pool names the
// repository it is for (principalSet .../attribute.repository/o/r), which
// the grants' own verdicts judge (a grant to the whole pool is a broad
// member).
var issuerPins = []struct {
	name, host, wide, unit string
	pins, owners           []string
}{
	{"GitHub Actions", "token.actions.githubusercontent.com", "every repository on GitHub", "repository",
		[]string{"repository", "repository_id", "sub", "job_workflow_ref"}, []string{"repository_owner", "repository_owner_id"}},
	{"GitLab", "gitlab", "every project on the GitLab instance", "project",
		[]string{"project_path", "project_id", "sub"}, []string{"namespace_path", "namespace_id"}},
	{"Terraform Cloud", "app.terraform.io", "every Terraform Cloud workspace", "workspace",
		[]string{"terraform_workspace_id", "terraform_full_workspace", "sub"}, []string{"terraform_organization_id", "terraform_organization_name"}},
	// Bitbucket's issuer is one workspace's: what its condition must
	// pin is a repository of it (sub is {repository uuid}:{step uuid}).
	{"Bitbucket Pipelines", "api.bitbucket.org", "every repository of the Bitbucket workspace", "repository",
		[]string{"repositoryUuid", "repository", "repository_uuid", "sub"}, nil},
}

var pinRE = map[string]*regexp.Regexp{}

func pinPattern(key string) *regexp.Regexp {
	if re, ok := pinRE[key]; ok {
		return re
	}
	// assertion.repository == 'o/r', attribute.repository in ['o/r'],
	// 'o/r' == assertion.repository
	k := `(assertion|attribute)\.` + regexp.QuoteMeta(key) + `\b`
	re := regexp.MustCompile(`(` + k + `\s*(==|in)\s*[\['"]|['"]\s*==\s*` + k + `)`)
	pinRE[key] = re
	return re
}

// init compiles every pattern Analyze reads, so that concurrent analyses
// only read pinRE.
func init() {
	for _, ip := range issuerPins {
		for _, k := range append(slices.Clone(ip.pins), ip.owners...) {
			pinPattern(k)
		}
	}
	for _, combo := range iam.CombinedPins {
		for _, k := range combo {
			pinPattern(k)
		}
	}
}

// AnalyzeWorkloadIdentityProvider reports a provider whose tokens any
// repository, project or workspace of the issuer can use: no
// attribute_condition ("gcp:wif-no-condition"), or one that pins no
// repository, project, workspace or organization ("gcp:wif-wide-condition",
// e.g. startsWith, or only the ref). One that pins the organization leaves
// the repository to the pool's grants. An unknown condition is present
// but unverifiable.
func AnalyzeWorkloadIdentityProvider(p WorkloadIdentityProvider) iam.Verdict {
	v := iam.Verdict{Class: iam.ClassNone}
	issuer := ""
	switch x := p.IssuerURI.(type) {
	case string:
		issuer = strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(x, "https://"), "http://"))
	case value.Unknown:
		v.Unknowns = iam.AddUnknowns(v.Unknowns, iam.UnknownRef(x))
	}
	name, wide, unit, pins := "OIDC", "every identity the issuer signs tokens for", "subject", []string{"sub"}
	var owners []string
	for _, ip := range issuerPins {
		if strings.Contains(issuer, ip.host) {
			name, wide, unit, pins, owners = ip.name, ip.wide, ip.unit, ip.pins, ip.owners
		}
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
	if cond == "" {
		v.Evidence = append(v.Evidence, iam.Evidence{Kind: iam.KindOpenTrust, ID: "gcp:wif-no-condition", Class: iam.ClassAdmin, Scope: issuer,
			Message: fmt.Sprintf("%s workload identity provider has no attribute_condition: %s can exchange tokens with the pool", name, wide),
			Grants:  []iam.Grant{g}})
		return v
	}
	if strings.Contains(cond, "||") {
		v.Notes = append(v.Notes, "attribute_condition has alternatives (||); each must pin a repository")
	}
	for _, k := range pins {
		if pinPattern(k).MatchString(cond) {
			return v
		}
	}
	for _, combo := range iam.CombinedPins {
		if !slices.ContainsFunc(combo, func(k string) bool { return !pinPattern(k).MatchString(cond) }) {
			return v
		}
	}
	for _, k := range owners {
		if pinPattern(k).MatchString(cond) && !strings.Contains(cond, "||") {
			v.Notes = append(v.Notes, fmt.Sprintf("attribute_condition pins the organization (%s): each grant of the pool must name the %s it is for", k, unit))
			return v
		}
	}
	v.Evidence = append(v.Evidence, iam.Evidence{Kind: iam.KindOpenTrust, ID: "gcp:wif-wide-condition", Class: iam.ClassAdmin, Scope: issuer,
		Message: fmt.Sprintf("%s workload identity provider condition %q pins no single %s (%s): %s can exchange tokens with the pool", name, cond, unit, strings.Join(pins, ", "), wide),
		Grants:  []iam.Grant{g}, Actions: []string{cond}})
	return v
}
