package gcpiam

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

func ids(v iam.Verdict, kinds ...iam.Kind) []string {
	var out []string
	for _, e := range v.Evidence {
		if len(kinds) == 0 || slices.Contains(kinds, e.Kind) {
			out = append(out, e.ID)
		}
	}
	return out
}

func TestLookupRole(t *testing.T) {
	t.Parallel()
	if RoleCount() < 2000 {
		t.Fatalf("only %d roles", RoleCount())
	}
	r, ok := LookupRole("roles/storage.admin")
	if !ok || r.Title == "" || !slices.Contains(r.Permissions, "storage.buckets.setIamPolicy") {
		t.Fatalf("storage.admin: %+v", r)
	}
	if r2, ok := LookupRole("storage.admin"); !ok || len(r2.Permissions) != len(r.Permissions) {
		t.Fatal("bare id lookup")
	}
	if !slices.IsSorted(r.Permissions) {
		t.Fatal("permissions not sorted")
	}
	for _, n := range []string{"roles/nope", "projects/p/roles/custom", ""} {
		if _, ok := LookupRole(n); ok {
			t.Errorf("%q found", n)
		}
	}
	sa, _ := LookupRole("roles/iam.serviceAccountUser")
	if !slices.Contains(sa.Permissions, "iam.serviceAccounts.actAs") {
		t.Fatalf("serviceAccountUser: %v", sa.Permissions)
	}
}

func TestParseMember(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in            any
		kind          MemberKind
		public, broad bool
		deleted       bool
	}{
		{"serviceAccount:ci@p.iam.gserviceaccount.com", MemberServiceAccount, false, false, false},
		{"user:alice@example.com", MemberUser, false, false, false},
		{"group:admins@example.com", MemberGroup, false, false, false},
		{"domain:example.com", MemberDomain, false, true, false},
		{"allUsers", MemberAllUsers, true, false, false},
		{"allAuthenticatedUsers", MemberAllAuthenticatedUsers, true, false, false},
		{"principal://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/subject/repo:o/r:ref:main", MemberPrincipal, false, false, false},
		{"principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/*", MemberPrincipalSet, false, true, false},
		{"principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/attribute.repository_owner/org", MemberPrincipalSet, false, true, false},
		{"principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/attribute.repository/org/app", MemberPrincipalSet, false, false, false},
		{"deleted:serviceAccount:old@p.iam.gserviceaccount.com?uid=123", MemberServiceAccount, false, false, true},
		{"projectEditor:my-project", MemberProjectRole, false, true, false},
		{value.Unknown{Ref: "google_service_account.x.member"}, MemberUnknown, false, false, false},
		{"nonsense", MemberInvalid, false, false, false},
		{42, MemberInvalid, false, false, false},
	}
	for _, tc := range tests {
		m := ParseMember(tc.in)
		if m.Kind != tc.kind || m.Public != tc.public || m.Broad != tc.broad || m.Deleted != tc.deleted {
			t.Errorf("ParseMember(%v) = %+v", tc.in, m)
		}
	}
}

func TestAnalyzeBinding(t *testing.T) {
	t.Parallel()
	sa := "serviceAccount:app@example-prod-123456.iam.gserviceaccount.com"
	tests := []struct {
		name         string
		b            Binding
		class        iam.Class
		has          []string
		absent       []iam.Kind
		impersonates bool
	}{
		{"owner on project", Binding{Role: "roles/owner", Members: []any{sa}, Scope: ScopeProject}, iam.ClassAdmin, []string{"gcp:basic-role"}, nil, true},
		{"editor on project (google-03 editors binding)", Binding{Role: "roles/editor", Members: []any{"group:platform-admins@example.com", value.Unknown{Ref: "module.app_sa[1].google_service_account.this.email"}}, Scope: ScopeProject}, iam.ClassAdmin, []string{"gcp:basic-role"}, nil, true},
		{"editor on a folder", Binding{Role: "roles/editor", Members: []any{sa}, Scope: ScopeFolder}, iam.ClassAdmin, []string{"gcp:basic-role"}, nil, true},
		{"viewer on project", Binding{Role: "roles/viewer", Members: []any{sa}, Scope: ScopeProject}, iam.ClassRead, nil, []iam.Kind{iam.KindAdmin, iam.KindEscalation, iam.KindPermissionsManagement}, false},
		{"storage.admin project-wide", Binding{Role: "roles/storage.admin", Members: []any{sa}, Scope: ScopeProject}, iam.ClassPermissionsManagement, []string{"gcp:set-iam-policy"}, []iam.Kind{iam.KindAdmin}, false},
		{"storage.admin on one bucket", Binding{Role: "roles/storage.admin", Members: []any{sa}, Scope: ScopeResource, Resource: "b"}, iam.ClassPermissionsManagement, []string{"gcp:set-iam-policy-resource"}, []iam.Kind{iam.KindAdmin}, false},
		{"storage.objectViewer on one bucket (google-02)", Binding{Role: "roles/storage.objectViewer", Members: []any{sa}, Scope: ScopeResource}, iam.ClassRead, nil, []iam.Kind{iam.KindAdmin, iam.KindEscalation, iam.KindPermissionsManagement, iam.KindBroadMember}, false},
		{"logging.logWriter (google-03 frontend)", Binding{Role: "roles/logging.logWriter", Members: []any{sa}, Scope: ScopeProject}, iam.ClassWrite, nil, []iam.Kind{iam.KindAdmin, iam.KindEscalation, iam.KindPermissionsManagement}, false},
		{"bigquery.dataEditor project-wide is data-scoped", Binding{Role: "roles/bigquery.dataEditor", Members: []any{sa}, Scope: ScopeProject}, iam.ClassWrite, nil, []iam.Kind{iam.KindAdmin, iam.KindEscalation}, false},
		{"cloudsql.client", Binding{Role: "roles/cloudsql.client", Members: []any{sa}, Scope: ScopeProject}, iam.ClassWrite, nil, []iam.Kind{iam.KindAdmin, iam.KindEscalation, iam.KindPermissionsManagement}, false},
		{"serviceAccountUser project-wide", Binding{Role: "roles/iam.serviceAccountUser", Members: []any{sa}, Scope: ScopeProject}, iam.ClassWrite, []string{"gcp:impersonate-service-account"}, nil, true},
		{"serviceAccountUser on one SA to a domain (google-03)", Binding{Role: "roles/iam.serviceAccountUser", Members: []any{"domain:example.com"}, Scope: ScopeResource, Resource: "orders-api", OnServiceAccount: true}, iam.ClassWrite, []string{"gcp:impersonate-service-account", "gcp:broad-member"}, nil, true},
		{"tokenCreator on one SA for one SA (google-03)", Binding{Role: "roles/iam.serviceAccountTokenCreator", Members: []any{"serviceAccount:ci-deployer@example-prod-123456.iam.gserviceaccount.com"}, Scope: ScopeResource, OnServiceAccount: true}, iam.ClassWrite, nil, []iam.Kind{iam.KindEscalation, iam.KindBroadMember, iam.KindAdmin}, true},
		{"tokenCreator project-wide", Binding{Role: "roles/iam.serviceAccountTokenCreator", Members: []any{sa}, Scope: ScopeProject}, iam.ClassWrite, []string{"gcp:impersonate-service-account"}, nil, true},
		// Every service account of an organization or folder: those that
		// administer it among them.
		{"tokenCreator organization-wide is admin", Binding{Role: "roles/iam.serviceAccountTokenCreator", Members: []any{sa}, Scope: ScopeOrganization}, iam.ClassAdmin, []string{"gcp:impersonate-every-service-account"}, []iam.Kind{iam.KindEscalation}, true},
		{"workloadIdentityUser folder-wide is admin", Binding{Role: "roles/iam.workloadIdentityUser", Members: []any{sa}, Scope: ScopeFolder}, iam.ClassAdmin, []string{"gcp:impersonate-every-service-account"}, nil, true},
		{"serviceAccountKeyAdmin project-wide", Binding{Role: "roles/iam.serviceAccountKeyAdmin", Members: []any{sa}, Scope: ScopeProject}, iam.ClassWrite, []string{"gcp:impersonate-service-account"}, nil, true},
		{"projectIamAdmin is admin", Binding{Role: "roles/resourcemanager.projectIamAdmin", Members: []any{sa}, Scope: ScopeProject}, iam.ClassAdmin, []string{"gcp:hierarchy-set-iam-policy"}, nil, false},
		{"folderAdmin on a folder", Binding{Role: "roles/resourcemanager.folderAdmin", Members: []any{sa}, Scope: ScopeFolder}, iam.ClassAdmin, []string{"gcp:hierarchy-set-iam-policy"}, nil, false},
		{"iam.roleAdmin", Binding{Role: "roles/iam.roleAdmin", Members: []any{sa}, Scope: ScopeOrganization}, iam.ClassWrite, []string{"gcp:update-custom-role"}, nil, false},
		{"public bucket reader", Binding{Role: "roles/storage.objectViewer", Members: []any{"allUsers"}, Scope: ScopeResource}, iam.ClassRead, []string{"gcp:public-member"}, nil, false},
		{"owner on one resource is capped", Binding{Role: "roles/owner", Members: []any{sa}, Scope: ScopeResource, OnServiceAccount: true}, iam.ClassPermissionsManagement, nil, []iam.Kind{iam.KindAdmin}, true},
		// Service-account permissions on a dataset act on no service account.
		{"editor on a dataset to the public", Binding{Role: "roles/editor", Members: []any{"allAuthenticatedUsers"}, Scope: ScopeResource, Resource: "test-dataset"}, iam.ClassPermissionsManagement, []string{"gcp:public-member"}, []iam.Kind{iam.KindEscalation}, false},
		{"custom role with setIamPolicy", Binding{Role: "projects/p/roles/deployer", Permissions: []string{"run.services.get", "run.services.setIamPolicy"}, Members: []any{sa}, Scope: ScopeProject}, iam.ClassPermissionsManagement, []string{"gcp:set-iam-policy"}, nil, false},
		{"custom role actAs + create instances", Binding{Role: "projects/p/roles/launcher", Permissions: []string{"compute.instances.create", "iam.serviceAccounts.actAs"}, Members: []any{sa}, Scope: ScopeProject}, iam.ClassWrite, []string{"gcp:actas-compute", "gcp:impersonate-service-account"}, nil, true},
		{"custom read-only role", Binding{Role: "projects/p/roles/reader", Permissions: []string{"storage.objects.get", "storage.objects.list"}, Members: []any{sa}, Scope: ScopeProject}, iam.ClassRead, nil, []iam.Kind{iam.KindEscalation}, false},
		{"unknown custom role", Binding{Role: "projects/p/roles/mystery", Members: []any{sa}, Scope: ScopeProject}, iam.ClassUnknown, nil, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.b.Source = iam.Source{Chain: []string{"binding"}}
			r := AnalyzeBinding(tc.b)
			got := ids(r.Verdict)
			if r.Class != tc.class {
				t.Fatalf("class %s, want %s (%v)", r.Class, tc.class, got)
			}
			for _, id := range tc.has {
				if !slices.Contains(got, id) {
					t.Errorf("missing %s in %v", id, got)
				}
			}
			if len(tc.absent) > 0 {
				if bad := ids(r.Verdict, tc.absent...); len(bad) > 0 {
					t.Errorf("unexpected %v", bad)
				}
			}
			if r.Impersonates != tc.impersonates {
				t.Errorf("impersonates = %v", r.Impersonates)
			}
			if len(r.Evidence) > 0 && !slices.Equal(r.Chain(), []string{"binding"}) {
				t.Errorf("chain %v", r.Chain())
			}
		})
	}
}

// A member known only after apply is named by what it reads, not by the
// placeholder text of an unknown value.
func TestUnknownMemberNamed(t *testing.T) {
	t.Parallel()
	r := AnalyzeBinding(Binding{Role: "roles/iam.serviceAccountTokenCreator", Scope: ScopeProject,
		Members: []any{value.Unknown{Ref: "google_service_account.ci.email"}}})
	var msgs []string
	for _, e := range r.Evidence {
		msgs = append(msgs, e.Message)
	}
	const want = "lets google_service_account.ci (email known after apply) act as or mint credentials"
	if !slices.ContainsFunc(msgs, func(m string) bool { return strings.Contains(m, want) }) {
		t.Errorf("evidence %q lacks %q", msgs, want)
	}
}

func TestEffective(t *testing.T) {
	t.Parallel()
	sa := value.Unknown{Ref: "module.app_sa[1].google_service_account.this.email"}
	// module.app_sa[1] (etl-runner): bigquery.dataEditor + storage.admin + editor.
	v := Effective(
		AnalyzeBinding(Binding{Role: "roles/bigquery.dataEditor", Members: []any{sa}, Scope: ScopeProject}),
		AnalyzeBinding(Binding{Role: "roles/storage.admin", Members: []any{sa}, Scope: ScopeProject}),
		AnalyzeBinding(Binding{Role: "roles/editor", Members: []any{sa}, Scope: ScopeProject, Source: iam.Source{Chain: []string{"google_project_iam_binding.editors"}}}),
	)
	if v.Class != iam.ClassAdmin || !slices.Contains(v.Chain(iam.KindAdmin), "google_project_iam_binding.editors") {
		t.Fatalf("got %s %v", v.Class, v.Chain())
	}
	if len(v.Unknowns) != 1 {
		t.Fatalf("unknowns %v", v.Unknowns)
	}
	if Effective().Class != iam.ClassNone {
		t.Fatal("no bindings")
	}
	if c := ClassifyRole("roles/owner", nil); c.Class != iam.ClassAdmin {
		t.Fatalf("ClassifyRole owner = %s", c.Class)
	}
}

func TestAnalyzeWorkloadIdentityProvider(t *testing.T) {
	t.Parallel()
	gh := "https://token.actions.githubusercontent.com"
	bb := "https://api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc"
	tests := []struct {
		name      string
		issuer    any
		condition any
		want      string
	}{
		{"GitHub, no condition", gh, nil, "gcp:wif-no-condition"},
		{"GitHub, empty condition", gh, "  ", "gcp:wif-no-condition"},
		// The organization pinned, as Google's setup for GitHub Actions does:
		// the pool's grants name the repositories.
		{"GitHub, owner only", gh, `assertion.repository_owner == 'example-org'`, ""},
		{"GitHub, owner or anything", gh, `assertion.repository_owner == 'example-org' || assertion.ref == 'refs/heads/main'`, "gcp:wif-wide-condition"},
		{"GitHub, ref only", gh, `assertion.ref == 'refs/heads/main'`, "gcp:wif-wide-condition"},
		{"GitHub, startsWith", gh, `assertion.repository.startsWith('example-org/')`, "gcp:wif-wide-condition"},
		{"GitHub, one repository", gh, `assertion.repository == 'example-org/app' && assertion.ref == 'refs/heads/main'`, ""},
		{"GitHub, repositories in a list", gh, `attribute.repository in ['o/a', 'o/b']`, ""},
		{"GitHub, unknown condition", gh, value.Unknown{Ref: "var.condition"}, ""},
		{"GitLab, project path", "https://gitlab.com", `assertion.project_path == 'g/app'`, ""},
		{"GitLab, namespace only", "https://gitlab.com", `assertion.namespace_path == 'g'`, ""},
		{"Terraform Cloud, workspace id", "https://app.terraform.io", `assertion.terraform_workspace_id == 'ws-123'`, ""},
		{"Terraform Cloud, workspace name alone", "https://app.terraform.io", `assertion.terraform_workspace_name == 'prod'`, "gcp:wif-wide-condition"},
		{"Terraform Cloud, workspace name in an organization", "https://app.terraform.io",
			`assertion.terraform_organization_name == 'acme' && assertion.terraform_workspace_name == 'prod'`, ""},
		{"GitHub, environment alone", gh, `assertion.environment == 'production'`, "gcp:wif-wide-condition"},
		{"unknown issuer, no condition", value.Unknown{Ref: "var.issuer"}, "", "gcp:wif-no-condition"},
		// Bitbucket's issuer is one workspace's: its repositories are what a condition pins.
		{"Bitbucket, workspace only", bb, `attribute.workspace == "{ws-uuid}"`, "gcp:wif-bounded-wide-condition"},
		{"Bitbucket, one repository", bb, `assertion.repositoryUuid == "{repo-uuid}"`, ""},
		{"Bitbucket, one repository through a mapped attribute", bb, `attribute.repository == "{repo-uuid}"`, ""},
		// A pin admits one repository only when every token the condition
		// admits must meet it.
		{"GitHub, pin or a branch", gh, `assertion.repository == 'o/r' || assertion.ref == 'refs/heads/main'`, "gcp:wif-wide-condition"},
		{"GitHub, pin or true", gh, `assertion.repository == 'o/r' || true`, "gcp:wif-wide-condition"},
		{"GitHub, negated pin", gh, `!(assertion.repository == 'o/r')`, "gcp:wif-wide-condition"},
		{"GitHub, pin in a conditional", gh, `assertion.repository == 'o/r' ? true : true`, "gcp:wif-wide-condition"},
		{"GitHub, pin inside a function", gh, `[assertion.repository == 'o/r'].size() > 0`, "gcp:wif-wide-condition"},
		{"GitHub, pin against the empty string", gh, `assertion.repository == ''`, "gcp:wif-wide-condition"},
		{"GitHub, two pinned alternatives", gh, `assertion.repository == 'o/a' || (assertion.sub == 'repo:o/b:ref:refs/heads/main' && assertion.ref != '')`, ""},
		{"GitHub, pin among conjuncts in parentheses", gh, `(assertion.ref == 'refs/heads/main' && (assertion.repository_id == '42')) && assertion.actor != 'x'`, ""},
		{"GitHub, index syntax", gh, `assertion['repository'] == 'o/r'`, ""},
		{"GitHub, google.subject", gh, `google.subject == 'repo:o/r:ref:refs/heads/main'`, ""},
		{"GitHub, owner on one side only", gh, `assertion.repository_owner == 'o' || assertion.ref == 'x'`, "gcp:wif-wide-condition"},
		{"Terraform Cloud, combination in an alternative", "https://app.terraform.io",
			`(assertion.terraform_organization_name == 'acme' && assertion.terraform_workspace_name == 'prod') || assertion.terraform_workspace_id == 'ws-1'`, ""},
		{"not CEL", gh, `assertion.repository == 'o/r' &&`, ""},
		// A self-managed GitLab on its own domain pins as gitlab.com does.
		{"self-managed GitLab, project path", "https://git.acme.internal", `assertion.project_path == 'acme/infra'`, ""},
		{"other issuer, startsWith", "https://git.acme.internal", `assertion.sub.startsWith('project_path:acme/')`, "gcp:wif-wide-condition"},
		{"Entra, one managed identity", "https://login.microsoftonline.com/00000000-0000-0000-0000-0000000000aa/v2.0", `assertion.oid == '11111111-1111-1111-1111-111111111111'`, ""},
		{"Entra, tenant only", "https://sts.windows.net/00000000-0000-0000-0000-0000000000aa/", "", "gcp:wif-bounded-no-condition"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := AnalyzeWorkloadIdentityProvider(WorkloadIdentityProvider{IssuerURI: tc.issuer, AttributeCondition: tc.condition})
			got := ids(v, iam.KindOpenTrust)
			if tc.want == "" && tc.name == "not CEL" && (len(v.Notes) == 0 || !strings.Contains(v.Notes[0], "not valid CEL")) {
				t.Errorf("notes %v", v.Notes)
			}
			if tc.want == "" && len(got) > 0 || tc.want != "" && !slices.Contains(got, tc.want) {
				t.Fatalf("got %v, want %q", got, tc.want)
			}
		})
	}
}

// AWS, X.509 and SAML providers admit one party's workloads: what pins
// one of them is its role ARN, certificate subject or asserted subject.
func TestNonOIDCWorkloadIdentityProviders(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		p    WorkloadIdentityProvider
		want string
	}{
		{"AWS, no condition", WorkloadIdentityProvider{AWSAccount: "999999999999"}, "gcp:wif-bounded-no-condition"},
		{"AWS, one role", WorkloadIdentityProvider{AWSAccount: "999999999999",
			AttributeCondition: `attribute.aws_role == 'arn:aws:sts::999999999999:assumed-role/ci-deployer'`}, ""},
		{"AWS, the caller ARN", WorkloadIdentityProvider{AWSAccount: "999999999999",
			AttributeCondition: `assertion.arn == 'arn:aws:sts::999999999999:assumed-role/ci/x'`}, ""},
		{"AWS, the account", WorkloadIdentityProvider{AWSAccount: "999999999999", AttributeCondition: `assertion.account == '999999999999'`}, "gcp:wif-bounded-wide-condition"},
		{"X.509, no condition", WorkloadIdentityProvider{X509: true}, "gcp:wif-bounded-no-condition"},
		{"X.509, one subject", WorkloadIdentityProvider{X509: true, AttributeCondition: `assertion.subject.dn.cn == 'batch-01'`}, ""},
		{"SAML, one subject", WorkloadIdentityProvider{SAML: true, AttributeCondition: `assertion.subject == 'svc@example.com'`}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := ids(AnalyzeWorkloadIdentityProvider(tc.p), iam.KindOpenTrust)
			if tc.want == "" && len(got) > 0 || tc.want != "" && !slices.Contains(got, tc.want) {
				t.Fatalf("got %v, want %q", got, tc.want)
			}
		})
	}
	v := AnalyzeWorkloadIdentityProvider(WorkloadIdentityProvider{AWSAccount: "999999999999"})
	if m := v.Evidence[0].Message; !strings.Contains(m, "every IAM principal of AWS account 999999999999") || strings.Contains(m, "OIDC") {
		t.Errorf("message: %s", m)
	}
}

// A wide condition's message names what the issuer's condition must pin
// (a repository for Bitbucket, not "a repository, project or workspace"),
// and who can exchange tokens meanwhile.
func TestWideConditionMessageNamesTheIssuersUnit(t *testing.T) {
	t.Parallel()
	v := AnalyzeWorkloadIdentityProvider(WorkloadIdentityProvider{
		IssuerURI:          "https://api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc",
		AttributeCondition: `attribute.workspace == "{ws-uuid}"`,
	})
	if len(v.Evidence) != 1 {
		t.Fatalf("evidence %v", v.Evidence)
	}
	const want = `Bitbucket Pipelines workload identity provider condition "attribute.workspace == \"{ws-uuid}\"" does not pin one repository for every token it admits (by repositoryUuid, repository, repository_uuid, sub, google.subject): every repository of the Bitbucket workspace can exchange tokens with the pool`
	if v.Evidence[0].Message != want {
		t.Errorf("message:\n got %s\nwant %s", v.Evidence[0].Message, want)
	}
}

func BenchmarkDecodeRoleTable(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeRoles(rolesText); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeOwnerRole(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		t, err := decodeRoles(rolesText)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := t.permissions(t.roles["roles/owner"]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAnalyzeBinding(b *testing.B) {
	LookupRole("roles/editor")
	bind := Binding{Role: "roles/editor", Members: []any{"serviceAccount:a@p.iam.gserviceaccount.com"}, Scope: ScopeProject}
	b.ReportAllocs()
	for b.Loop() {
		AnalyzeBinding(bind)
	}
}

// A predefined role's permission facts are read once and shared by every
// binding of it: each binding must still get what its own scope, resource
// and members give, as when the permissions are passed in.
func TestAnalyzeBindingSharesRoleFacts(t *testing.T) {
	roles := []string{"roles/resourcemanager.projectIamAdmin", "roles/resourcemanager.folderAdmin", "roles/iam.serviceAccountTokenCreator", "roles/editor", "roles/storage.objectViewer", "roles/iam.roleAdmin"}
	scopes := []Scope{ScopeFolder, ScopeResource, ScopeProject, ScopeUnknown, ScopeOrganization}
	for _, role := range roles {
		perms, ok := LookupRole(role)
		if !ok {
			t.Fatalf("%s is not in the role table", role)
		}
		for _, scope := range scopes {
			for _, members := range [][]any{{"serviceAccount:ci@p.iam.gserviceaccount.com"}, {"allAuthenticatedUsers"}} {
				b := Binding{Role: role, Scope: scope, Members: members, Resource: "projects/p/serviceAccounts/x"}
				got := AnalyzeBinding(b)
				b.Permissions = perms.Permissions
				want := AnalyzeBinding(b)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s at %s to %v: memoised role gives\n%+v\nwant\n%+v", role, scope, members, got, want)
				}
			}
		}
	}
	// The shared lists are not changed by a binding's evidence.
	before := AnalyzeBinding(Binding{Role: "roles/iam.serviceAccountTokenCreator", Scope: ScopeProject, Members: []any{"allUsers"}})
	for _, e := range before.Evidence {
		for i := range e.Actions {
			e.Actions[i] = "changed"
		}
	}
	after := AnalyzeBinding(Binding{Role: "roles/iam.serviceAccountTokenCreator", Scope: ScopeProject, Members: []any{"allUsers"}})
	for _, e := range after.Evidence {
		if slices.Contains(e.Actions, "changed") {
			t.Fatalf("a change to one binding's evidence reached another's: %v", e.Actions)
		}
	}
}
