package vaultiam

import (
	"slices"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

func TestAnalyzeJWTRole(t *testing.T) {
	t.Parallel()
	claims := func(kv ...string) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name     string
		r        JWTRole
		want     string // evidence id, "" for none
		unknown  bool   // unverifiable: an unknown recorded, no evidence
		contains string
	}{
		// Open: nothing pins the subject.
		{"nothing bound", JWTRole{}, "vault:jwt-no-subject", false, "every token its issuer signs"},
		{"empty subject and claims", JWTRole{BoundSubject: "", BoundClaims: map[string]any{}}, "vault:jwt-no-subject", false, ""},
		{"owner only", JWTRole{BoundClaims: claims("repository_owner", "example-org")}, "vault:jwt-bounded-wide-claims", false, "repository_owner=example-org"},
		{"GitLab group and branch", JWTRole{BoundClaims: claims("namespace_path", "platform", "ref", "main", "ref_type", "branch")}, "vault:jwt-bounded-wide-claims", false, "namespace_path=platform"},
		{"environment is shared by repositories", JWTRole{BoundClaims: claims("environment", "production")}, "vault:jwt-wide-claims", false, ""},
		{"workspace name is reused across organizations", JWTRole{BoundClaims: claims("terraform_workspace_name", "prod")}, "vault:jwt-wide-claims", false, ""},
		{"workspace name with a glob organization", JWTRole{BoundClaimsType: "glob", BoundClaims: claims("terraform_organization_name", "*", "terraform_workspace_name", "prod")}, "vault:jwt-wide-claims", false, ""},
		{"glob over an organization", JWTRole{BoundClaimsType: "glob", BoundClaims: claims("repository", "example-org/*")}, "vault:jwt-bounded-wide-claims", false, "glob match"},
		{"glob sub over an organization", JWTRole{BoundClaimsType: "glob", BoundClaims: claims("sub", "repo:example-org/*")}, "vault:jwt-bounded-wide-claims", false, "names one organization or group"},
		{"glob sub on a name prefix", JWTRole{BoundClaimsType: "glob", BoundClaims: claims("sub", "repo:example-org/app*")}, "vault:jwt-bounded-wide-claims", false, ""},
		{"glob project path over a group", JWTRole{BoundClaimsType: "glob", BoundClaims: claims("project_path", "platform/*")}, "vault:jwt-bounded-wide-claims", false, ""},
		{"one of a list is a glob", JWTRole{BoundClaimsType: "glob", BoundClaims: claims("repository", "example-org/app,example-org/*")}, "vault:jwt-bounded-wide-claims", false, ""},
		{"unknown claim type reads as glob", JWTRole{BoundClaimsType: value.Unknown{Ref: "var.type"}, BoundClaims: claims("repository", "example-org/*")}, "vault:jwt-bounded-wide-claims", false, ""},
		// Wide, and no organization named: every repository anywhere.
		{"glob over organizations", JWTRole{BoundClaimsType: "glob", BoundClaims: claims("repository", "example-*")}, "vault:jwt-wide-claims", false, ""},
		{"glob owner", JWTRole{BoundClaimsType: "glob", BoundClaims: claims("repository_owner", "example-*")}, "vault:jwt-wide-claims", false, ""},
		{"any sub, one owner", JWTRole{BoundClaimsType: "glob", BoundClaims: claims("sub", "*", "repository_owner", "example-org")}, "vault:jwt-bounded-wide-claims", false, ""},
		{"a list of organizations and everyone", JWTRole{BoundClaimsType: "glob", BoundClaims: claims("repository", "example-org/*,*")}, "vault:jwt-wide-claims", false, ""},
		// A GitHub subject customised to the owner (include_claim_keys
		// ["repository_owner"]) is every repository of the organization.
		{"bound_subject naming the owner", JWTRole{BoundSubject: "repository_owner:example-org"}, "vault:jwt-bounded-wide-claims", false, "bound_subject=repository_owner:example-org"},
		{"sub claim naming the owner id and an environment", JWTRole{BoundClaims: claims("sub", "repository_owner_id:1234:environment:prod")}, "vault:jwt-bounded-wide-claims", false, ""},
		// A GitHub subject customised to claims any repository may have
		// names no repository and no owner: every repository's.
		{"bound_subject naming an environment only", JWTRole{BoundSubject: "environment:prod"}, "vault:jwt-wide-claims", false, "bound_subject=environment:prod"},
		// A reusable workflow's ref names the workflow, not the repository
		// calling it.
		{"a reusable workflow only", JWTRole{BoundClaims: claims("job_workflow_ref", "example-org/shared/.github/workflows/deploy.yml@refs/heads/main")}, "vault:jwt-bounded-wide-claims", false, ""},
		{"a reusable workflow and a repository", JWTRole{BoundClaims: claims("job_workflow_ref", "example-org/shared/.github/workflows/deploy.yml@refs/heads/main", "repository", "example-org/app")}, "", false, ""},
		{"glob sub, immutable subject with wildcard ids", JWTRole{BoundClaimsType: "glob", BoundClaims: claims("sub", "repo:example-org@*/app@*:*")}, "", false, ""},
		{"glob sub naming the repository id", JWTRole{BoundClaimsType: "glob", BoundClaims: claims("sub", "repository_owner_id:1:repository_id:2:*")}, "", false, ""},
		{"the calling workflow's file", JWTRole{BoundClaims: claims("workflow_ref", "example-org/app/.github/workflows/deploy.yml@refs/heads/main")}, "", false, ""},
		{"bound_subject naming an enterprise and an environment", JWTRole{BoundSubject: "enterprise:acme:environment:prod"}, "vault:jwt-bounded-wide-claims", false, ""},
		// The issuer signs for one party only.
		{"nothing bound, self-managed GitLab", JWTRole{Issuer: "https://gitlab.example.com"}, "vault:jwt-bounded-no-subject", false, "a self-managed GitLab instance's projects"},
		{"nothing bound, a cluster", JWTRole{Issuer: "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC"}, "vault:jwt-bounded-no-subject", false, "one Kubernetes cluster's"},
		{"nothing bound, a GitHub enterprise", JWTRole{Issuer: "https://token.actions.githubusercontent.com/acme"}, "vault:jwt-bounded-no-subject", false, ""},
		{"branch only, self-managed GitLab", JWTRole{Issuer: "https://gitlab.example.com", BoundClaims: claims("ref", "main")}, "vault:jwt-bounded-wide-claims", false, "gitlab.example.com"},
		{"nothing bound, GitHub", JWTRole{Issuer: "https://token.actions.githubusercontent.com"}, "vault:jwt-no-subject", false, ""},
		{"nothing bound, gitlab.com", JWTRole{Issuer: "gitlab.com"}, "vault:jwt-no-subject", false, ""},
		{"nothing bound, issuer unknown", JWTRole{Issuer: value.Unknown{Ref: "var.issuer"}}, "vault:jwt-no-subject", false, ""},
		// Pinned.
		{"workspace name in one organization", JWTRole{BoundClaims: claims("terraform_organization_name", "acme", "terraform_workspace_name", "prod,staging")}, "", false, ""},
		{"bound_subject", JWTRole{BoundSubject: "repo:example-org/app:ref:refs/heads/main"}, "", false, ""},
		{"bound_subject naming the owner and a repository id", JWTRole{BoundSubject: "repository_owner_id:1:repository_id:2"}, "", false, ""},
		{"bound_subject naming the owner beside a pinning claim", JWTRole{BoundSubject: "repository_owner:example-org", BoundClaims: claims("repository", "example-org/app")}, "", false, ""},
		{"GitHub repository", JWTRole{BoundClaims: claims("repository", "example-org/app", "ref", "refs/heads/main")}, "", false, ""},
		{"GitLab project id", JWTRole{BoundClaims: claims("project_id", "42", "ref_protected", "true")}, "", false, ""},
		{"JSON pointer to sub", JWTRole{BoundClaims: claims("/sub", "system:serviceaccount:ci:deployer")}, "", false, ""},
		{"several repositories", JWTRole{BoundClaims: claims("repository", "example-org/app,example-org/api")}, "", false, ""},
		{"exact match takes * literally", JWTRole{BoundClaims: claims("repository", "example-org/*")}, "", false, ""},
		{"glob sub pinned to a repository", JWTRole{BoundClaimsType: "glob", BoundClaims: claims("sub", "repo:example-org/app:*")}, "", false, ""},
		{"glob sub pinned to a workspace", JWTRole{BoundClaimsType: "glob", BoundClaims: claims("sub", "organization:acme:project:*:workspace:prod:run_phase:*")}, "", false, ""},
		// Any repository that may call the reusable workflow logs in.
		{"glob workflow of one repository", JWTRole{BoundClaimsType: "glob", BoundClaims: claims("job_workflow_ref", "example-org/app/.github/workflows/deploy.yml@*")}, "vault:jwt-bounded-wide-claims", false, ""},
		{"a pinning claim beside a wide one", JWTRole{BoundClaims: claims("repository_owner", "example-org", "repository", "example-org/app")}, "", false, ""},
		// Unverifiable.
		{"unknown subject", JWTRole{BoundSubject: value.Unknown{Ref: "var.sub"}}, "", true, ""},
		{"unknown claims", JWTRole{BoundClaims: value.Unknown{Ref: "local.claims"}}, "", true, ""},
		{"unknown pinning claim", JWTRole{BoundClaims: map[string]any{"repository_owner": "example-org", "repository": value.Unknown{Ref: "github_repository.app.full_name"}}}, "", true, ""},
		{"unknown wide claim is still wide", JWTRole{BoundClaims: map[string]any{"repository_owner": value.Unknown{Ref: "var.org"}}}, "vault:jwt-wide-claims", false, "repository_owner=(known after apply)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.r.Source = iam.Source{Chain: []string{"vault_jwt_auth_backend_role.ci"}}
			v := AnalyzeJWTRole(tc.r)
			got := ids(v)
			if tc.want == "" && len(got) > 0 {
				t.Fatalf("unexpected evidence %v", got)
			}
			if tc.want != "" {
				if !slices.Equal(got, []string{tc.want}) {
					t.Fatalf("evidence %v, want %s", got, tc.want)
				}
				e := v.Evidence[0]
				if e.Kind != iam.KindOpenTrust || len(e.Grants) != 1 || e.Grants[0].Source.Chain[0] != "vault_jwt_auth_backend_role.ci" || !strings.HasPrefix(e.Grants[0].Where, "bound_") {
					t.Errorf("evidence %+v", e)
				}
				if !strings.Contains(e.Message, tc.contains) {
					t.Errorf("message %q lacks %q", e.Message, tc.contains)
				}
			}
			if tc.unknown && (len(v.Unknowns) == 0 || len(v.Notes) == 0) {
				t.Errorf("unverifiable without an unknown and a note: %+v", v)
			}
		})
	}
}

func TestAnalyzeKubernetesRole(t *testing.T) {
	t.Parallel()
	list := func(ss ...any) []any { return ss }
	tests := []struct {
		name     string
		r        KubernetesRole
		want     []string
		contains string
		unknowns int
	}{
		{"one service account", KubernetesRole{ServiceAccountNames: list("payments"), ServiceAccountNamespaces: list("payments")}, nil, "", 0},
		{"several named", KubernetesRole{ServiceAccountNames: list("api", "worker"), ServiceAccountNamespaces: list("payments", "billing")}, nil, "", 0},
		{"any service account of a namespace", KubernetesRole{ServiceAccountNames: list("*"), ServiceAccountNamespaces: list("payments")}, []string{"vault:k8s-any-service-account"}, "every service account in namespace payments", 0},
		{"a name in any namespace", KubernetesRole{ServiceAccountNames: list("deployer"), ServiceAccountNamespaces: list(" * ")}, []string{"vault:k8s-any-namespace"}, "named deployer in any namespace", 0},
		{"both (Vault refuses it)", KubernetesRole{ServiceAccountNames: list("*"), ServiceAccountNamespaces: list("*")}, []string{"vault:k8s-any-service-account", "vault:k8s-any-namespace"}, "every service account in every namespace", 0},
		{"[]string lists", KubernetesRole{ServiceAccountNames: []string{"*"}, ServiceAccountNamespaces: []string{"ci"}}, []string{"vault:k8s-any-service-account"}, "namespace ci", 0},
		{"a prefix pattern is not everyone", KubernetesRole{ServiceAccountNames: list("ci-*"), ServiceAccountNamespaces: list("ci")}, nil, "", 0},
		{"unknown names", KubernetesRole{ServiceAccountNames: value.Unknown{Ref: "var.sa"}, ServiceAccountNamespaces: list("ci")}, nil, "", 1},
		// A namespace selector is ORed with the list; one that requires no
		// label selects every namespace.
		{"empty selector", KubernetesRole{ServiceAccountNames: list("vault-agent"), NamespaceSelector: `{"matchLabels":{}}`}, []string{"vault:k8s-any-namespace"}, "selects every namespace", 0},
		{"empty YAML selector beside a list", KubernetesRole{ServiceAccountNames: list("vault-agent"), ServiceAccountNamespaces: list("apps"), NamespaceSelector: "{}\n"}, []string{"vault:k8s-any-namespace"}, "named vault-agent in any namespace", 0},
		{"selector by label", KubernetesRole{ServiceAccountNames: list("vault-agent"), NamespaceSelector: "matchLabels:\n  vault: enabled\n"}, nil, "", 0},
		{"selector known after apply", KubernetesRole{ServiceAccountNames: list("vault-agent"), NamespaceSelector: value.Unknown{Ref: "var.sel"}}, nil, "", 1},
		{"selector that does not parse", KubernetesRole{ServiceAccountNames: list("vault-agent"), NamespaceSelector: "{"}, nil, "", 0},
		// A namespace's default service account: every pod there that
		// names none.
		{"default service account", KubernetesRole{ServiceAccountNames: list("default"), ServiceAccountNamespaces: list("payments")}, []string{"k8s:default-service-account"}, "service account default of namespace payments", 0},
		{"an unknown entry beside *", KubernetesRole{ServiceAccountNames: list("*"), ServiceAccountNamespaces: list(value.Unknown{Ref: "kubernetes_namespace_v1.ci.metadata[0].name"})}, []string{"vault:k8s-any-service-account"}, "(unknown)", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.r.Source = iam.Source{Chain: []string{"vault_kubernetes_auth_backend_role.app"}}
			v := AnalyzeKubernetesRole(tc.r)
			if got := ids(v); !slices.Equal(got, tc.want) {
				t.Fatalf("evidence %v, want %v", got, tc.want)
			}
			for _, e := range v.Evidence {
				if e.Kind != iam.KindOpenTrust || len(e.Grants) != 1 || !strings.HasPrefix(e.Grants[0].Where, "bound_service_account_") {
					t.Errorf("evidence %+v", e)
				}
			}
			if len(v.Evidence) > 0 && !strings.Contains(v.Evidence[0].Message, tc.contains) {
				t.Errorf("message %q lacks %q", v.Evidence[0].Message, tc.contains)
			}
			if len(v.Unknowns) != tc.unknowns {
				t.Errorf("unknowns %v, want %d", v.Unknowns, tc.unknowns)
			}
		})
	}
}

// An AppRole without a secret id logs in whoever knows its role_id.
func TestAnalyzeAppRole(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, want, contains string
		r                    AppRole
	}{
		{"secret id bound (default)", "", "", AppRole{}},
		{"secret id bound", "", "", AppRole{BindSecretID: true}},
		{"no secret id", "vault:approle-no-secret-id", "from anywhere", AppRole{BindSecretID: false}},
		{"no secret id, CIDR bound", "vault:approle-no-secret-id", "from 10.0.0.0/16", AppRole{BindSecretID: false, CIDRs: []any{[]any{"10.0.0.0/16"}, nil}}},
		{"unknown", "", "", AppRole{BindSecretID: value.Unknown{Ref: "var.bind"}}},
	}
	for _, tc := range tests {
		v := AnalyzeAppRole(tc.r)
		got := ids(v)
		if tc.want == "" && len(got) > 0 || tc.want != "" && !slices.Equal(got, []string{tc.want}) {
			t.Errorf("%s: evidence %v, want %q", tc.name, got, tc.want)
			continue
		}
		if tc.want != "" && !strings.Contains(v.Evidence[0].Message, tc.contains) {
			t.Errorf("%s: message %q lacks %q", tc.name, v.Evidence[0].Message, tc.contains)
		}
	}
}

// Cloud logins open to every account, or to every service account.
func TestAnalyzeCloudRoles(t *testing.T) {
	t.Parallel()
	list := func(ss ...any) []any { return ss }
	aws := func(r AWSRole) iam.Verdict {
		r.Source = iam.Source{Chain: []string{"vault_aws_auth_backend_role.r"}}
		return AnalyzeAWSRole(r)
	}
	tests := []struct {
		name     string
		v        iam.Verdict
		open     string // the open-trust evidence ID, "" for none
		contains string
	}{
		{"aws: one role", aws(AWSRole{PrincipalARNs: list("arn:aws:iam::123456789012:role/deploy")}), "", ""},
		{"aws: every principal of one account", aws(AWSRole{AuthType: "iam", PrincipalARNs: list("arn:aws:iam::123456789012:*")}), "vault:aws-bounded-account", "every principal of the account"},
		{"aws: every role of one account", aws(AWSRole{PrincipalARNs: list("arn:aws:iam::123456789012:role/*")}), "vault:aws-bounded-account", "arn:aws:iam::123456789012:role/* matches every role of the account"},
		{"aws: every account and one account", aws(AWSRole{PrincipalARNs: list("arn:aws:iam::123456789012:role/*", "*")}), "vault:aws-any-account", ""},
		{"aws: roles by path prefix", aws(AWSRole{PrincipalARNs: list("arn:aws:iam::123456789012:role/ci-*")}), "", ""},
		{"aws: roles under a path", aws(AWSRole{PrincipalARNs: list("arn:aws:iam::123456789012:role/ci/*")}), "", ""},
		{"aws: star", aws(AWSRole{PrincipalARNs: list("*")}), "vault:aws-any-account", "bound_iam_principal_arns * matches principals of any AWS account"},
		{"aws: every account", aws(AWSRole{PrincipalARNs: list("arn:aws:iam::123456789012:role/deploy", "arn:aws:iam::*")}), "vault:aws-any-account", "arn:aws:iam::*"},
		{"aws: an account id prefix", aws(AWSRole{PrincipalARNs: list("arn:aws:iam::1234*")}), "vault:aws-any-account", ""},
		{"aws: a star inside is literal", aws(AWSRole{PrincipalARNs: list("arn:aws:iam::*:role/deploy")}), "", ""},
		{"aws: the ec2 method", aws(AWSRole{AuthType: "ec2", PrincipalARNs: list("*")}), "", ""},
		{"aws: an unknown method is judged as iam", aws(AWSRole{AuthType: value.Unknown{Ref: "var.t"}, PrincipalARNs: list("*")}), "vault:aws-any-account", ""},
		{"aws: unknown list", aws(AWSRole{PrincipalARNs: value.Unknown{Ref: "var.arns"}}), "", ""},
		{"gcp: named service accounts", AnalyzeGCPRole(GCPRole{ServiceAccounts: list("ci@p.iam.gserviceaccount.com")}), "", ""},
		{"gcp: any service account anywhere", AnalyzeGCPRole(GCPRole{ServiceAccounts: list("*")}), "vault:gcp-any-service-account", "every service account of every Google Cloud project"},
		{"gcp: any service account of a project", AnalyzeGCPRole(GCPRole{ServiceAccounts: list("*"), Projects: list("prod-1")}), "vault:gcp-any-service-account", "every service account of project prod-1"},
		{"gcp: projects known after apply", AnalyzeGCPRole(GCPRole{ServiceAccounts: list("*"), Projects: value.Unknown{Ref: "google_project.p.project_id"}}), "vault:gcp-any-service-account", "known after apply"},
		{"gcp: unknown service accounts", AnalyzeGCPRole(GCPRole{ServiceAccounts: value.Unknown{Ref: "var.sa"}}), "", ""},
	}
	for _, tc := range tests {
		ev := tc.v.Of(iam.KindOpenTrust)
		if tc.open == "" {
			if len(ev) > 0 {
				t.Errorf("%s: open trust %v", tc.name, ids(tc.v))
			}
			continue
		}
		if len(ev) != 1 || ev[0].ID != tc.open || !strings.Contains(ev[0].Message, tc.contains) || len(ev[0].Grants) != 1 {
			t.Errorf("%s: evidence %+v, want %s", tc.name, ev, tc.open)
		}
	}
}
