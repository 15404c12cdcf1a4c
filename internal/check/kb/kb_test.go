package kb

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam/scopes"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// pathRE is a dot path of attribute names (Terraform names are lower case
// with digits and underscores).
var pathRE = regexp.MustCompile(`^[a-z0-9_]+(\.[a-z0-9_]+)*$`)

// paths lists every attribute path an entry names on its own type, with
// where it was named, for the consistency and fixture tests.
func (e *Entry) paths() map[string]string {
	out := map[string]string{}
	add := func(where string, ps ...string) {
		for _, p := range ps {
			if p != "" {
				out[p] = where
			}
		}
	}
	links := func(where string, ls []Link) {
		for _, l := range ls {
			add(where, l.Path)
		}
	}
	durs := func(where string, ds []DurationAttr) {
		for _, d := range ds {
			add(where, d.Path)
		}
	}
	add("Owner.Tags", e.Owner.Tags...)
	add("Owner.TagLists", e.Owner.TagLists...)
	add("Owner.Text", e.Owner.Text...)
	add("Owner.Principals", e.Owner.Principals...)
	links("Parents", e.Parents)
	links("Holds", e.Holds)
	add("Volatile", e.Volatile...)
	for _, m := range e.MaintainedBy {
		add("MaintainedBy", m.Attr)
	}
	if e.Privilege.People != nil {
		add("Privilege.People", e.Privilege.People.Path)
	}
	durs("Lifetime.Attrs", e.Lifetime.Attrs)
	for _, c := range e.Lifetime.DefaultIf {
		add("Lifetime.DefaultIf", c.Path)
	}
	if e.When != nil {
		add("When", e.When.Path)
	}
	add("Rotation.Triggers", e.Rotation.Triggers...)
	durs("Rotation.Period", e.Rotation.Period)
	add("Rotation.Renewal", e.Rotation.Renewal...)
	if e.Rotates != nil {
		links("Rotates.Target", e.Rotates.Target)
		durs("Rotates.Period", e.Rotates.Period)
		add("Rotates.Trigger", e.Rotates.Trigger...)
	}
	p := e.Privilege
	add("Privilege", p.Document, p.PolicyRef, p.Scope, p.Rules, p.Trust, p.Scopes, p.Flag, p.Boundary, p.K8sGroups)
	add("Privilege.PolicyRefAlt", p.PolicyRefAlt...)
	add("Privilege.PolicyRefAlso", p.PolicyRefAlso...)
	add("Privilege.ScopesAlt", p.ScopesAlt...)
	add("Privilege.Members", p.Members...)
	links("Privilege.Principals", p.Principals)
	links("Privilege.Groups", p.Groups)
	links("Privilege.On", p.On)
	add("SecretAttrs", e.SecretAttrs...)
	add("SecretPaths", e.SecretPaths...)
	add("SinkAttrs", e.SinkAttrs...)
	add("Guards", e.Guards...)
	if h := e.Hosted; h != nil {
		for _, c := range append([]Condition{h.When}, h.When.Or...) {
			add("Hosted.When", c.Path)
		}
		add("Hosted.IDs", h.IDs...)
	}
	add("ValueName", e.ValueName)
	return out
}

// links returns every link of an entry.
func (e *Entry) links() []Link {
	ls := append([]Link(nil), e.Parents...)
	ls = append(ls, e.Holds...)
	ls = append(ls, e.Privilege.Principals...)
	ls = append(ls, e.Privilege.Groups...)
	ls = append(ls, e.Privilege.On...)
	if e.Rotates != nil {
		ls = append(ls, e.Rotates.Target...)
	}
	return ls
}

// knownExternal are types links may name that have no entry of their own.
var knownExternal = map[string]bool{}

func TestEntriesConsistent(t *testing.T) {
	t.Parallel()
	for _, e := range All() {
		e := e
		t.Run(e.Type, func(t *testing.T) {
			t.Parallel()
			if Lookup(e.Type) != e {
				t.Fatalf("registry key does not match entry type")
			}
			if e.Provider == "" || e.Kind == "" {
				t.Errorf("provider %q and kind %q must be set", e.Provider, e.Kind)
			}
			if e.Class.String() == "unknown" || (e.When != nil && e.Otherwise.String() == "unknown") {
				t.Errorf("bad class %d / otherwise %d", e.Class, e.Otherwise)
			}
			// terraform_data is built in: its page is Terraform's own.
			if !strings.HasPrefix(e.Doc, "https://registry.terraform.io/providers/") && !(e.Provider == "terraform" && strings.HasPrefix(e.Doc, "https://developer.hashicorp.com/terraform/")) {
				t.Errorf("Doc %q is not a registry URL", e.Doc)
			}
			for p, where := range e.paths() {
				if !pathRE.MatchString(p) {
					t.Errorf("%s: %q is not a dot path of attribute names", where, p)
				}
			}
			for _, m := range e.MaintainedBy {
				sib := Lookup(m.Type)
				if sib == nil || m.Element == "" || !slices.Contains(m.Owner.Types, e.Type) {
					t.Errorf("MaintainedBy %s: sibling %q must have an entry and an element, and its owner link must name %s", m.Attr, m.Type, e.Type)
				}
			}
			for _, l := range e.links() {
				if len(l.Types) == 0 {
					t.Errorf("link %q names no types", l.Path)
				}
				for _, typ := range l.Types {
					if Lookup(typ) == nil && !knownExternal[typ] {
						t.Errorf("link %q names %q, which has no entry", l.Path, typ)
					}
				}
				for _, b := range l.By {
					if !pathRE.MatchString(b) {
						t.Errorf("link %q: By %q is not a dot path", l.Path, b)
					}
				}
			}
			for _, typ := range append(append([]string(nil), e.Privilege.PolicyRefTypes...), e.Lifetime.BoundBy...) {
				if Lookup(typ) == nil && !knownExternal[typ] {
					t.Errorf("%q has no entry", typ)
				}
			}
			for _, s := range e.SecretAttrs {
				if strings.Contains(s, ".") {
					t.Errorf("SecretAttrs are top-level attributes, got %q", s)
				}
			}
			if e.CredentialSecret && !e.HoldsSecrets() {
				t.Errorf("CredentialSecret without SecretAttrs or SecretPaths")
			}
			for _, s := range e.SecretPaths {
				if !strings.Contains(s, ".") || slices.Contains(e.SecretAttrs, s[:strings.IndexByte(s, '.')]) {
					t.Errorf("SecretPaths are nested in an attribute that is not secret as a whole, got %q", s)
				}
			}
			if (e.Class == Credential || (e.When != nil && e.Otherwise == Credential)) && !e.Lifetime.says() {
				t.Errorf("a credential must say something about its lifetime")
			}
			if e.Class == Sink && len(e.SinkAttrs) == 0 {
				t.Errorf("a sink needs SinkAttrs")
			}
			if len(e.Guards) > 0 && len(e.SinkAttrs) == 0 {
				t.Errorf("Guards only mean something on a sink")
			}
			if e.Rotates != nil && e.Class != Rotator && e.Class != Declaration {
				t.Errorf("Rotates on a %s", e.Class)
			}
			if e.Rotates != nil && len(e.Rotates.Period) == 0 {
				t.Errorf("a rotator needs a period")
			}
			for _, c := range e.Lifetime.DefaultIf {
				if c.Contains == "" || c.Lifetime == 0 {
					t.Errorf("DefaultIf %q needs Contains and Lifetime", c.Path)
				}
			}
			if e.When != nil && e.When.Contains == "" && !e.When.Set && !e.When.Unset {
				t.Errorf("When needs Contains, Set or Unset")
			}
			if e.When != nil && e.When.Set && e.When.Unset {
				t.Errorf("When is both Set and Unset")
			}
			for _, d := range append(append(append([]DurationAttr(nil), e.Lifetime.Attrs...), e.Lifetime.FromParent...), e.Rotation.Period...) {
				if d.Unit < Seconds || d.Unit > Certificate {
					t.Errorf("%q has no unit", d.Path)
				}
			}
			if len(e.Lifetime.FromParent) > 0 && len(e.Parents) == 0 {
				t.Errorf("FromParent without Parents")
			}
			checkHosted(t, e)
			checkEngine(t, e)
		})
	}
}

// checkHosted verifies a resource's own managed identity can be told
// apart from the resource and reached by the grants that name it.
func checkHosted(t *testing.T, e *Entry) {
	t.Helper()
	h := e.Hosted
	if h == nil {
		return
	}
	if e.Class == Identity || e.When != nil && e.Otherwise == Identity {
		t.Errorf("Hosted on a type that is an identity of its own")
	}
	if h.When.Path == "" || len(h.IDs) == 0 || h.What == "" {
		t.Errorf("Hosted needs When, IDs and What")
	}
	for _, id := range h.IDs {
		if !slices.Contains(azureHostedIDs, id) {
			t.Errorf("Hosted ID %q is not among those grants link by (azureHostedIDs)", id)
		}
	}
	if !slices.Contains(azurePrincipals, e.Type) {
		t.Errorf("no grant can name %s's managed identity: it is not among azurePrincipals", e.Type)
	}
}

// says reports whether a lifetime says anything at all.
func (l Lifetime) says() bool {
	return l.Static || l.Default != 0 || len(l.Attrs)+len(l.FromParent)+len(l.BoundBy) > 0
}

// checkEngine verifies each engine gets the fields its interpreter needs.
func checkEngine(t *testing.T, e *Entry) {
	t.Helper()
	p := e.Privilege
	ref := p.PolicyRef != "" || len(p.PolicyRefAlt) > 0
	grant := e.Class == Grant
	switch p.Engine {
	case NoEngine:
		if p.Document != "" || p.Rules != "" || p.Flag != "" {
			t.Errorf("privilege fields without an engine")
		}
	case AWSPolicy:
		if grant && !((p.Document != "" || ref) && len(p.Principals) > 0) && !(len(p.Groups) > 0 && len(p.Principals) > 0) {
			t.Errorf("AWS grants need a document or policy reference and principals (or a membership)")
		}
		if e.Class == Policy && p.Document == "" {
			t.Errorf("an AWS policy needs a Document")
		}
	case GCPRole:
		if grant && !((p.PolicyRef != "" && len(p.Members) > 0) || p.Document != "") {
			t.Errorf("GCP grants need a role attribute and members, or a policy document")
		}
		if e.Class == Policy && p.Scopes == "" {
			t.Errorf("a GCP custom role needs its permissions")
		}
	case AzureRole:
		if grant && (p.Scope == "" || !ref || len(p.Principals) == 0) {
			t.Errorf("Azure role assignments need a scope, a role attribute and a principal")
		}
		if e.Class == Policy && p.Document == "" {
			t.Errorf("an Azure role definition needs its permissions")
		}
	case AzureAppRole:
		if grant && (!ref || len(p.Principals) == 0) {
			t.Errorf("Entra role assignments need a role and a principal")
		}
	case K8sRBAC:
		if grant && (!strings.HasPrefix(p.PolicyRef, "role_ref.") || len(p.Principals) == 0 || !strings.HasPrefix(p.Principals[0].Path, "subject.")) {
			t.Errorf("Kubernetes bindings need role_ref and subjects")
		}
		if e.Class == Policy && p.Rules == "" {
			t.Errorf("a Kubernetes role needs Rules")
		}
		if p.ScopeLevel != "cluster" && p.ScopeLevel != "namespace" {
			t.Errorf("Kubernetes scope level %q", p.ScopeLevel)
		}
	case VaultPolicy:
		if p.Document == "" && !ref {
			t.Errorf("Vault needs a policy document or policy names")
		}
	case TokenScopes:
		if p.Scopes == "" {
			t.Errorf("TokenScopes needs Scopes")
		}
	case WriteFlag, Unrestricted, AnyName:
		if p.Flag == "" {
			t.Errorf("%d needs Flag", p.Engine)
		}
	case DefaultAccount:
		if p.PolicyRef == "" || p.Scopes == "" && !p.UnsetMeansAll || p.Scopes != "" && p.UnsetMeansAll {
			t.Errorf("DefaultAccount needs the account (PolicyRef) and either its Scopes or UnsetMeansAll (no scopes narrow it)")
		}
	case TeamToken:
		if !strings.HasPrefix(e.Type, "tfe_") {
			t.Errorf("TeamToken reads HCP Terraform teams")
		}
	case SnowflakeRole:
		roleGrant := p.PolicyRef != ""
		privilegeGrant := p.Scopes != "" && p.Flag != "" && p.Scope != ""
		if !grant || e.Provider != "snowflake" || len(p.Principals) == 0 || roleGrant == privilegeGrant {
			t.Errorf("Snowflake grants give a role (PolicyRef) or privileges (Scopes, Flag, Scope) to principals")
		}
		if privilegeGrant && (len(p.Principals) != 1 || !slices.Contains(p.Principals[0].Types, "snowflake_account_role")) {
			t.Errorf("privileges are granted to one role")
		}
	case CloudflarePolicy:
		if p.Scopes == "" || e.Provider != "cloudflare" {
			t.Errorf("CloudflarePolicy reads a Cloudflare token's policies (Scopes)")
		}
	case EKSAccess:
		modes := 0
		for _, f := range []string{p.PolicyRef, p.K8sGroups, p.Document} {
			if f != "" {
				modes++
			}
		}
		if !grant || modes != 1 || p.Document == "" && len(p.Principals) == 0 {
			t.Errorf("EKSAccess grants an access policy (PolicyRef), Kubernetes groups (K8sGroups) or aws-auth mappings (Document), to principals")
		}
	default:
		t.Errorf("unknown engine %d", p.Engine)
	}
	if p.Inverted && p.Engine != WriteFlag {
		t.Errorf("Inverted only applies to WriteFlag")
	}
	if p.UnsetMeansAll && p.Engine != TokenScopes && p.Engine != DefaultAccount {
		t.Errorf("UnsetMeansAll only applies to TokenScopes and DefaultAccount")
	}
}

// TestFacts pins the documented defaults and shapes the rules rely on.
func TestFacts(t *testing.T) {
	t.Parallel()
	year := 365 * Day
	for _, c := range []struct {
		typ   string
		check func(*Entry) bool
		why   string
	}{
		{"aws_iam_access_key", func(e *Entry) bool { return e.Lifetime.Static && e.Lifetime.Default == Forever }, "access keys never expire"},
		{"azuread_application_password", func(e *Entry) bool { return e.Lifetime.Default == 2*year }, "Graph addPassword: default endDateTime is start + 2 years"},
		{"azuread_service_principal_password", func(e *Entry) bool { return e.Rotation.Triggers[0] == "rotate_when_changed" }, "rotate_when_changed replaces the password"},
		{"tfe_team_token", func(e *Entry) bool { return e.Lifetime.Default == 2*year }, "tfe team token default expiry is 2 years"},
		{"databricks_token", func(e *Entry) bool { return e.Lifetime.Default == Forever }, "no lifetime_seconds: valid indefinitely"},
		{"databricks_service_principal_secret", func(e *Entry) bool { return e.Lifetime.Default == 730*Day }, "default lifetime 730 days"},
		{"gitlab_project_access_token", func(e *Entry) bool { return e.Lifetime.Default == year }, "GitLab applies the 365-day maximum"},
		{"gitlab_deploy_token", func(e *Entry) bool { return e.Lifetime.Default == Forever }, "deploy tokens do not expire by default"},
		{"github_repository_deploy_key", func(e *Entry) bool {
			return e.Privilege.Engine == WriteFlag && e.Privilege.Flag == "read_only" && e.Privilege.Inverted
		}, "read_only = false grants push"},
		{"gitlab_deploy_key", func(e *Entry) bool { return e.Privilege.Flag == "can_push" && !e.Privilege.Inverted }, "can_push grants push"},
		{"kubernetes_secret_v1", func(e *Entry) bool {
			return e.When.Contains == "kubernetes.io/service-account-token" && e.Otherwise == Secret && e.Parents[0].Key == "kubernetes.io/service-account.name"
		}, "a token only for service-account-token Secrets, parent via annotation"},
		{"kubernetes_token_request_v1", func(e *Entry) bool { return e.Lifetime.Default == time.Hour }, "expiration_seconds defaults to 3600"},
		{"vault_token", func(e *Entry) bool {
			return e.Lifetime.Default == 768*time.Hour && e.Lifetime.DefaultIf[0].Contains == "root" && e.Lifetime.DefaultIf[0].Lifetime == Forever
		}, "768h system default; root tokens never expire"},
		{"vault_approle_auth_backend_role", func(e *Entry) bool { return e.Lifetime.Attrs[0].Zero == ZeroForever }, "secret_id_ttl 0 never expires"},
		{"vault_approle_auth_backend_role_secret_id", func(e *Entry) bool { return e.Lifetime.FromParent[0].Path == "secret_id_ttl" }, "a secret id lives as its role says"},
		{"tls_private_key", func(e *Entry) bool { return len(e.Lifetime.BoundBy) > 0 && e.Lifetime.Static }, "a key is bounded by its certificate"},
		{"google_apikeys_key", func(e *Entry) bool { return e.Privilege.Engine == Unrestricted && e.Privilege.Flag == "restrictions" }, "no restrictions means any API"},
		{"google_service_account_iam_member", func(e *Entry) bool { return len(e.Privilege.On) == 1 }, "a grant on a service account is a grant over it"},
		{"datadog_application_key", func(e *Entry) bool { return e.Privilege.UnsetMeansAll }, "no scopes means full access"},
		{"azurerm_role_assignment", func(e *Entry) bool { return e.Privilege.PolicyRefAlt[0] == "role_definition_id" }, "role by name or id"},
		{"random_password", func(e *Entry) bool { return !e.CredentialSecret && !e.Owner.Carries() }, "generated secret, cannot carry an owner"},
		{"time_rotating", func(e *Entry) bool { return e.Rotates != nil && len(e.Rotates.Trigger) == 0 }, "any attribute of time_rotating rotates"},
		{"nhi_identity", func(e *Entry) bool { return e.Class == Declaration && e.Rotates.Trigger[0] == "rotation_trigger" }, "declaration and rotator"},
		{"aws_iam_policy_document", func(e *Entry) bool { return e.DataSource && e.Privilege.Document == "json" }, "data source rendering json"},
		{"vault_jwt_auth_backend_role", func(e *Entry) bool {
			return e.Class == Identity && e.When.Path == "role_type" && e.When.Contains == "jwt" && e.Otherwise == Other
		}, "a machine login only with role_type jwt; oidc (the default) signs people in"},
		{"vault_jwt_auth_backend_role", func(e *Entry) bool {
			return e.Privilege.Engine == VaultPolicy && e.Privilege.PolicyRef == "token_policies" && e.Privilege.Trust == "bound_claims"
		}, "token_policies grant, bound_claims say who may log in"},
		{"vault_kubernetes_auth_backend_role", func(e *Entry) bool {
			return e.Class == Identity && e.When == nil && e.Privilege.Trust == "bound_service_account_names"
		}, "always a machine login; service account names say who"},
		{"vault_kubernetes_auth_backend_role", func(e *Entry) bool {
			return e.Lifetime.Default == 768*time.Hour && !e.Lifetime.Static && e.Lifetime.Attrs[0] == DurationAttr{Path: "token_ttl", Unit: Seconds}
		}, "token_ttl in seconds, 0 the mount's 768h default; no static secret"},
		{"snowflake_service_user", func(e *Entry) bool {
			_, reads := e.paths()["default_role"]
			return e.Privilege.Engine == NoEngine && !reads
		}, "default_role grants nothing: a default role must be granted as well"},
		{"snowflake_grant_account_role", func(e *Entry) bool {
			p := e.Privilege
			return p.Engine == SnowflakeRole && p.PolicyRef == "role_name" && p.Principals[0].Path == "user_name" && p.Principals[1].Path == "parent_role_name"
		}, "role_name to a user or to a parent role"},
		{"snowflake_grant_privileges_to_account_role", func(e *Entry) bool {
			p := e.Privilege
			return p.Scopes == "privileges" && p.Flag == "all_privileges" && p.Scope == "on_account" && p.Principals[0].Path == "account_role_name"
		}, "privileges, all_privileges or on_account to account_role_name"},
		{"snowflake_user", func(e *Entry) bool { return e.Class == Other }, "TYPE = PERSON: a person, not a machine identity"},
		{"cloudflare_api_token", func(e *Entry) bool {
			return e.Privilege.Engine == CloudflarePolicy && e.Privilege.Scopes == "policies" && e.Privilege.ScopesAlt[0] == "policy"
		}, "v5 policies, v4 policy blocks"},
		{"cloudflare_api_token_permission_groups", func(e *Entry) bool { return e.DataSource }, "names permission group ids"},
		{"azurerm_key_vault_access_policy", func(e *Entry) bool {
			p := e.Privilege
			return e.Class == Grant && p.Engine == TokenScopes && p.Scopes == "secret_permissions" && len(p.ScopesAlt) == 3 && p.Principals[0].Path == "object_id"
		}, "a grant of permission lists to object_id"},
	} {
		c := c
		t.Run(c.typ, func(t *testing.T) {
			t.Parallel()
			e := Lookup(c.typ)
			if e == nil {
				t.Fatalf("no entry")
			}
			if !c.check(e) {
				t.Errorf("%s", c.why)
			}
		})
	}
}

func TestFamilies(t *testing.T) {
	t.Parallel()
	want := []string{"acme", "auth0", "aws", "azuread", "azurerm", "cloudflare", "confluent", "databricks", "datadog", "github", "gitlab", "google", "kubernetes", "local", "mongodbatlas", "nhi", "null", "okta", "pagerduty", "random", "snowflake", "terraform", "tfe", "time", "tls", "vault"}
	got := Families()
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("families = %v, want %v", got, want)
	}
}

// A secret nested in blocks is a secret at its path, not at the block's
// nor at a sibling's: the loader drops the literals IsSecret names.
func TestIsSecretNested(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		typ, path string
		want      bool
	}{
		{"aws_db_instance", "password", true},
		{"aws_mq_broker", "user.password", true},
		{"aws_mq_broker", "user", false},
		{"aws_mq_broker", "user.username", false},
		{"aws_opensearch_domain", "advanced_security_options.master_user_options.master_user_password", true},
		{"aws_opensearch_domain", "advanced_security_options.master_user_options.master_user_name", false},
		{"azurerm_kubernetes_cluster", "windows_profile.admin_password", true},
		{"azurerm_kubernetes_cluster", "service_principal.client_secret", true},
		{"azurerm_kubernetes_cluster", "service_principal.client_id", false},
		{"azurerm_container_group", "image_registry_credential.password", true},
		{"google_container_cluster", "master_auth.password", true},
		{"helm_release", "set_sensitive.value", true},
		{"helm_release", "set.value", false},
		{"no_such_type", "user.password", false},
	} {
		if got := IsSecret(c.typ, c.path); got != c.want {
			t.Errorf("IsSecret(%s, %s) = %v, want %v", c.typ, c.path, got, c.want)
		}
	}
}

func TestPlainText(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		typ, attr string
		want      bool
	}{
		{"aws_instance", "user_data", true},
		{"aws_lambda_function", "environment", true},
		{"aws_iam_user", "tags", true},
		{"aws_ssm_parameter", "insecure_value", true},
		{"aws_ssm_parameter", "value", false},
		{"github_actions_variable", "value", true},
		{"github_actions_secret", "plaintext_value", false},
		{"google_compute_instance", "metadata_startup_script", true},
		{"azurerm_linux_virtual_machine", "custom_data", true},
		{"kubernetes_secret_v1", "metadata", true},
		{"kubernetes_service_account", "metadata", true},
		{"kubernetes_secret_v1", "data", false},
	} {
		if got := IsPlainText(c.typ, c.attr); got != c.want {
			t.Errorf("IsPlainText(%s, %s) = %v, want %v", c.typ, c.attr, got, c.want)
		}
	}
	if len(DefaultOwnerKeys) == 0 {
		t.Errorf("no default owner keys")
	}
}

// Fixture plans: real `terraform show -json` output from real provider
// builds. Every resource type in them needs an entry, and every attribute
// path an entry names must exist in the plan's after, after_unknown,
// before or configuration for that type. Attribute names are thereby
// proven against the provider schemas the fixtures were planned with.

// otherVersions are names that exist only in another major version of the
// provider than the fixture's, kept so plans from that version still link.
var otherVersions = map[string]map[string]string{
	"azuread_application_password":    {"application_object_id": "azuread v2 (fixture is v3)"},
	"azuread_service_principal":       {"application_id": "azuread v2 (fixture is v3)"},
	"azuread_application":             {"application_id": "azuread v2 name of client_id (fixture is v3)"},
	"vault_approle_auth_backend_role": {"policies": "vault provider before 3.0 (fixture is 5.x)"},
	"aws_iam_access_key":              {"ses_smtp_password": "aws provider 2.x (fixture is 5.x)"},
	"aws_secretsmanager_secret_version": {
		"secret_string_wo":         "aws provider 5.9x+ write-only attribute (fixture is 5.45)",
		"secret_string_wo_version": "aws provider 5.9x+ write-only attribute's version (fixture is 5.45)",
	},
}

type fixtureType struct {
	objects []any // after, after_unknown, before of every instance
	configs []any // configuration expressions of every block
}

func loadFixtures(t *testing.T) map[string]*fixtureType {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "testdata", "fixtures", "*", "plan.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixture plans found: %v", err)
	}
	types := map[string]*fixtureType{}
	get := func(typ string) *fixtureType {
		if types[typ] == nil {
			types[typ] = &fixtureType{}
		}
		return types[typ]
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var plan struct {
			ResourceChanges []struct {
				Type   string `json:"type"`
				Change struct {
					Before       any `json:"before"`
					After        any `json:"after"`
					AfterUnknown any `json:"after_unknown"`
				} `json:"change"`
			} `json:"resource_changes"`
			Configuration struct {
				RootModule json.RawMessage `json:"root_module"`
			} `json:"configuration"`
		}
		if err := json.Unmarshal(raw, &plan); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, rc := range plan.ResourceChanges {
			ft := get(rc.Type)
			ft.objects = append(ft.objects, rc.Change.Before, rc.Change.After, rc.Change.AfterUnknown)
		}
		var walk func(json.RawMessage)
		walk = func(m json.RawMessage) {
			var mod struct {
				Resources []struct {
					Type        string `json:"type"`
					Expressions any    `json:"expressions"`
				} `json:"resources"`
				ModuleCalls map[string]struct {
					Module json.RawMessage `json:"module"`
				} `json:"module_calls"`
			}
			if len(m) == 0 || json.Unmarshal(m, &mod) != nil {
				return
			}
			for _, r := range mod.Resources {
				get(r.Type).configs = append(get(r.Type).configs, r.Expressions)
			}
			for _, c := range mod.ModuleCalls {
				walk(c.Module)
			}
		}
		walk(plan.Configuration.RootModule)
	}
	return types
}

// found says how far a path got in a value.
type found int

const (
	missing found = iota // a map lacked the key: the attribute does not exist
	blocked              // an empty block, null or unknown stopped the walk: unprovable here
	present
)

func best(a, b found) found {
	if b > a {
		return b
	}
	return a
}

// walk follows segs through plan values (maps, lists of blocks). In
// configuration expressions an attribute is {"constant_value": ...} or
// {"references": [...]}; a constant is followed into, a reference blocks.
func walk(v any, segs []string, config bool) found {
	if len(segs) == 0 {
		return present
	}
	switch v := v.(type) {
	case map[string]any:
		if child, ok := v[segs[0]]; ok {
			if child == nil && len(segs) > 1 {
				return blocked
			}
			return walk(child, segs[1:], config)
		}
		if config {
			if c, ok := v["constant_value"]; ok {
				return walk(c, segs, config)
			}
			if _, ok := v["references"]; ok {
				return blocked
			}
		}
		return missing
	case []any:
		if len(v) == 0 {
			return blocked
		}
		r := missing
		for _, el := range v {
			r = best(r, walk(el, segs, config))
		}
		return r
	case nil, bool:
		return blocked // null, or true in after_unknown
	}
	return missing
}

func (ft *fixtureType) find(path string) found {
	segs := SplitPath(path)
	r := missing
	for _, o := range ft.objects {
		if o != nil {
			r = best(r, walk(o, segs, false))
		}
	}
	for _, c := range ft.configs {
		// A configuration only names what was set: absence proves nothing.
		if f := walk(c, segs, true); f == present {
			r = present
		}
	}
	return r
}

func TestFixtureTypes(t *testing.T) {
	t.Parallel()
	types := loadFixtures(t)
	names := make([]string, 0, len(types))
	for typ := range types {
		names = append(names, typ)
	}
	sort.Strings(names)
	for _, typ := range names {
		typ, ft := typ, types[typ]
		t.Run(typ, func(t *testing.T) {
			t.Parallel()
			e := Lookup(typ)
			if e == nil {
				t.Fatalf("no knowledge-base entry for %s, which a fixture plan uses", typ)
			}
			check := func(where, path string, on *fixtureType) {
				if otherVersions[typ][path] != "" {
					return
				}
				switch on.find(path) {
				case missing:
					t.Errorf("%s: %q does not exist in the fixture plans", where, path)
				case blocked:
					t.Logf("%s: %q could not be proven (empty or unknown block in every fixture)", where, path)
				}
			}
			for p, where := range e.paths() {
				check(where, p, ft)
			}
			// Link.By and FromParent name attributes of the target types.
			for _, l := range e.links() {
				for _, target := range l.Types {
					if tft := types[target]; tft != nil {
						for _, b := range l.By {
							if otherVersions[target][b] == "" && tft.find(b) == missing {
								// The value may live under a sibling target type.
								if !anyTargetHas(types, l.Types, b) {
									t.Errorf("link %q: By %q exists on none of %v in the fixtures", l.Path, b, l.Types)
								}
							}
						}
					}
				}
			}
			for _, d := range e.Lifetime.FromParent {
				proven := false
				for _, l := range e.Parents {
					proven = proven || anyTargetHas(types, l.Types, d.Path)
				}
				if !proven {
					t.Logf("FromParent %q not proven on any parent type in the fixtures", d.Path)
				}
			}
		})
	}
}

// anyTargetHas reports whether any of the given types in the fixtures has
// the path (or none of them is in the fixtures, so nothing is disproven).
func anyTargetHas(types map[string]*fixtureType, targets []string, path string) bool {
	seen := false
	for _, typ := range targets {
		if ft := types[typ]; ft != nil {
			seen = true
			if ft.find(path) != missing {
				return true
			}
		} else if slices.Contains(documented[typ], SplitPath(path)[0]) {
			return true // a type no fixture uses, documented to have it
		}
	}
	return !seen
}

// documented lists the top-level attributes of types that no fixture plan
// uses yet, from the provider documentation (registry schema of
// hashicorp/vault 5.5 and 4.3, hashicorp/azurerm 3.x and 4.x, hashicorp/aws 5.x): their
// entries' paths are checked against these instead of a plan.
var documented = map[string][]string{
	"vault_jwt_auth_backend_role": {
		"role_name", "role_type", "backend", "namespace", "user_claim", "user_claim_json_pointer",
		"bound_audiences", "bound_subject", "bound_claims", "bound_claims_type", "disable_bound_claims_parsing",
		"claim_mappings", "alias_metadata", "groups_claim", "oidc_scopes", "allowed_redirect_uris", "max_age",
		"clock_skew_leeway", "expiration_leeway", "not_before_leeway", "verbose_oidc_logging",
		"token_policies", "token_ttl", "token_max_ttl", "token_explicit_max_ttl", "token_period",
		"token_num_uses", "token_bound_cidrs", "token_type", "token_no_default_policy",
		// vault provider before 3.0
		"policies", "ttl", "max_ttl", "period", "num_uses", "bound_cidrs",
	},
	"vault_kubernetes_auth_backend_role": {
		"role_name", "backend", "namespace", "bound_service_account_names", "bound_service_account_namespaces",
		"bound_service_account_namespace_selector",
		"audience", "alias_name_source",
		"token_policies", "token_ttl", "token_max_ttl", "token_explicit_max_ttl", "token_period",
		"token_num_uses", "token_bound_cidrs", "token_type", "token_no_default_policy",
		"policies", "ttl", "max_ttl", "period", "num_uses", "bound_cidrs",
	},
	"vault_aws_auth_backend_role": {
		"role", "backend", "namespace", "auth_type", "bound_ami_ids", "bound_account_ids", "bound_regions", "bound_vpc_ids",
		"bound_subnet_ids", "bound_iam_role_arns", "bound_iam_instance_profile_arns", "bound_ec2_instance_ids", "role_tag",
		"bound_iam_principal_arns", "inferred_entity_type", "inferred_aws_region", "resolve_aws_unique_ids",
		"allow_instance_migration", "disallow_reauthentication", "role_id",
		"token_policies", "token_ttl", "token_max_ttl", "token_explicit_max_ttl", "token_period",
		"token_num_uses", "token_bound_cidrs", "token_type", "token_no_default_policy",
		"policies", "ttl", "max_ttl", "period",
	},
	"vault_gcp_auth_backend_role": {
		"role", "type", "backend", "namespace", "project_id", "bound_projects", "bound_service_accounts", "bound_zones",
		"bound_regions", "bound_instance_groups", "bound_labels", "add_group_aliases", "max_jwt_exp", "allow_gce_inference",
		"token_policies", "token_ttl", "token_max_ttl", "token_explicit_max_ttl", "token_period",
		"token_num_uses", "token_bound_cidrs", "token_type", "token_no_default_policy",
		"policies", "ttl", "max_ttl", "period",
	},
	"vault_azure_auth_backend_role": {
		"role", "backend", "namespace", "bound_service_principal_ids", "bound_group_ids", "bound_locations",
		"bound_subscription_ids", "bound_resource_groups", "bound_scale_sets",
		"token_policies", "token_ttl", "token_max_ttl", "token_explicit_max_ttl", "token_period",
		"token_num_uses", "token_bound_cidrs", "token_type", "token_no_default_policy",
		"policies", "ttl", "max_ttl", "period",
	},
	"vault_token_auth_backend_role": {
		"role_name", "namespace", "allowed_policies", "allowed_policies_glob", "disallowed_policies", "disallowed_policies_glob",
		"orphan", "renewable", "path_suffix", "allowed_entity_aliases",
		"token_policies", "token_ttl", "token_max_ttl", "token_explicit_max_ttl", "token_period",
		"token_num_uses", "token_bound_cidrs", "token_type", "token_no_default_policy",
	},
	"vault_aws_secret_backend_role": {
		"backend", "name", "namespace", "credential_type", "role_arns", "policy_arns", "policy_document", "iam_groups",
		"iam_tags", "session_tags", "default_sts_ttl", "max_sts_ttl", "permissions_boundary_arn", "user_path",
		"external_id", "mfa_serial_number",
	},
	"aws_api_gateway_api_key": {
		"name", "description", "enabled", "value", "customer_id", "tags", "tags_all", "arn", "id", "created_date", "last_updated_date",
	},
	"aws_cognito_user_pool_client": {
		"name", "user_pool_id", "generate_secret", "client_secret", "id", "access_token_validity", "id_token_validity",
		"refresh_token_validity", "token_validity_units", "allowed_oauth_flows", "allowed_oauth_flows_user_pool_client",
		"allowed_oauth_scopes", "callback_urls", "default_redirect_uri", "explicit_auth_flows", "logout_urls",
		"prevent_user_existence_errors", "read_attributes", "write_attributes", "supported_identity_providers",
		"enable_token_revocation", "enable_propagate_additional_user_context_data", "auth_session_validity",
		"analytics_configuration", "refresh_token_rotation",
	},
	"aws_appsync_api_key": {"api_id", "description", "expires", "key", "id", "api_key_id"},
	// hashicorp/awscc 1.x (Cloud Control).
	"awscc_iam_role": {
		"assume_role_policy_document", "description", "managed_policy_arns", "max_session_duration", "path",
		"permissions_boundary", "policies", "role_name", "tags", "arn", "id", "role_id",
	},
	"awscc_iam_user": {
		"groups", "login_profile", "managed_policy_arns", "path", "permissions_boundary", "policies", "tags", "user_name", "arn", "id",
	},
	"awscc_iam_group":          {"group_name", "managed_policy_arns", "path", "policies", "arn", "id"},
	"awscc_iam_managed_policy": {"policy_document", "description", "groups", "managed_policy_name", "path", "roles", "users", "attachment_count", "create_date", "default_version_id", "id", "is_attachable", "permissions_boundary_usage_count", "policy_arn", "policy_id", "update_date"},
	"awscc_iam_role_policy":    {"policy_document", "policy_name", "role_name", "id"},
	"awscc_iam_user_policy":    {"policy_document", "policy_name", "user_name", "id"},
	"awscc_iam_group_policy":   {"policy_document", "policy_name", "group_name", "id"},
	// Types whose secrets are nested in blocks (SecretPaths).
	"aws_opensearch_domain": {
		"domain_name", "engine_version", "access_policies", "advanced_options", "advanced_security_options", "auto_tune_options",
		"cluster_config", "cognito_options", "domain_endpoint_options", "ebs_options", "encrypt_at_rest", "log_publishing_options",
		"node_to_node_encryption", "snapshot_options", "vpc_options", "tags", "tags_all", "arn", "domain_id", "endpoint", "id",
	},
	"aws_elasticsearch_domain": {
		"domain_name", "elasticsearch_version", "access_policies", "advanced_options", "advanced_security_options", "auto_tune_options",
		"cluster_config", "cognito_options", "domain_endpoint_options", "ebs_options", "encrypt_at_rest", "log_publishing_options",
		"node_to_node_encryption", "snapshot_options", "vpc_options", "tags", "tags_all", "arn", "domain_id", "endpoint", "id",
	},
	"aws_mq_broker": {
		"broker_name", "engine_type", "engine_version", "host_instance_type", "user", "authentication_strategy", "auto_minor_version_upgrade",
		"configuration", "deployment_mode", "encryption_options", "ldap_server_metadata", "logs", "maintenance_window_start_time",
		"publicly_accessible", "security_groups", "storage_type", "subnet_ids", "tags", "tags_all", "arn", "id", "instances",
	},
	"azurerm_container_group": {
		"name", "location", "resource_group_name", "os_type", "container", "image_registry_credential", "identity", "ip_address_type",
		"dns_name_label", "exposed_port", "restart_policy", "subnet_ids", "tags", "id", "ip_address", "fqdn",
	},
	"azurerm_virtual_machine": {
		"name", "location", "resource_group_name", "network_interface_ids", "vm_size", "os_profile", "os_profile_linux_config",
		"os_profile_windows_config", "os_profile_secrets", "storage_image_reference", "storage_os_disk", "identity", "tags", "id",
	},
	"azurerm_linux_virtual_machine_scale_set": {
		"name", "location", "resource_group_name", "sku", "instances", "admin_username", "admin_password", "admin_ssh_key",
		"disable_password_authentication", "custom_data", "user_data", "network_interface", "os_disk", "source_image_id",
		"source_image_reference", "identity", "tags", "id", "unique_id",
	},
	"azurerm_windows_virtual_machine_scale_set": {
		"name", "location", "resource_group_name", "sku", "instances", "admin_username", "admin_password", "computer_name_prefix",
		"custom_data", "user_data", "network_interface", "os_disk", "source_image_id", "source_image_reference", "identity", "tags", "id", "unique_id",
	},
	"helm_release": {
		"name", "chart", "repository", "version", "namespace", "create_namespace", "values", "set", "set_list", "set_sensitive",
		"atomic", "wait", "timeout", "manifest", "metadata", "status", "id",
	},
	// snowflakedb/snowflake 2.x, and Snowflake-Labs/snowflake 0.87 for
	// the resources removed in 1.0.
	"snowflake_account_role":       {"name", "comment", "fully_qualified_name", "id", "show_output"},
	"snowflake_role":               {"name", "comment", "tag", "id"},
	"snowflake_grant_account_role": {"role_name", "user_name", "parent_role_name", "id"},
	"snowflake_role_grants":        {"role_name", "roles", "users", "enable_multiple_grants", "id"},
	"snowflake_grant_privileges_to_account_role": {
		"account_role_name", "all_privileges", "always_apply", "always_apply_trigger", "on_account", "on_account_object",
		"on_schema", "on_schema_object", "privileges", "strict_privilege_management", "with_grant_option", "id",
	},
	"snowflake_grant_privileges_to_role": {
		"role_name", "all_privileges", "on_account", "on_account_object", "on_schema", "on_schema_object", "privileges", "with_grant_option", "id",
	},
	// cloudflare/cloudflare 4.x and 5.x.
	"cloudflare_api_token": {
		"name", "policies", "policy", "condition", "expires_on", "not_before", "status", "id", "issued_on", "last_used_on", "modified_on", "value",
	},
	"cloudflare_account_token": {
		"account_id", "name", "policies", "condition", "expires_on", "not_before", "status", "id", "issued_on", "last_used_on", "modified_on", "value",
	},
	"cloudflare_api_token_permission_groups":              {"account", "zone", "user", "r2", "permissions", "id"},
	"cloudflare_api_token_permission_groups_list":         {"max_items", "name", "scope", "result"},
	"cloudflare_account_api_token_permission_groups_list": {"account_id", "max_items", "name", "scope", "result"},
	// hashicorp/aws internal/service/eks/access_*.go (region: provider 6).
	"aws_eks_access_policy_association": {"access_scope", "cluster_name", "policy_arn", "principal_arn", "associated_at", "modified_at", "id", "region"},
	"aws_eks_access_entry": {
		"cluster_name", "principal_arn", "kubernetes_groups", "type", "user_name", "tags", "tags_all",
		"access_entry_arn", "created_at", "modified_at", "id", "region",
	},
	// hashicorp/kubernetes docs/resources/config_map_v1(_data).
	"kubernetes_config_map_v1":      {"metadata", "data", "binary_data", "immutable", "id"},
	"kubernetes_config_map":         {"metadata", "data", "binary_data", "immutable", "id"},
	"kubernetes_config_map_v1_data": {"metadata", "data", "force", "field_manager", "id"},
	"azurerm_key_vault_access_policy": {
		"key_vault_id", "tenant_id", "object_id", "application_id",
		"certificate_permissions", "key_permissions", "secret_permissions", "storage_permissions",
	},
}

func TestDocumentedAttributes(t *testing.T) {
	t.Parallel()
	for typ, attrs := range documented {
		e := Lookup(typ)
		if e == nil {
			t.Errorf("%s: no entry", typ)
			continue
		}
		for p, where := range e.paths() {
			if top := SplitPath(p)[0]; !slices.Contains(attrs, top) {
				t.Errorf("%s %s: %q is not a documented attribute", typ, where, p)
			}
		}
	}
}

// Every type whose privilege is a scope list needs a classifier for its
// provider family, or each of its grants would be unknown.
func TestScopeClassifiers(t *testing.T) {
	t.Parallel()
	have := scopes.Providers()
	for _, e := range All() {
		if e.Privilege.Engine == TokenScopes && !slices.Contains(have, e.Provider) {
			t.Errorf("%s: no scope classifier for provider %q (have %v)", e.Type, e.Provider, have)
		}
	}
}

func TestFromManifest(t *testing.T) {
	t.Parallel()
	secret := map[string]any{
		"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/service-account-token",
		"metadata":   map[string]any{"name": "t", "namespace": "ci", "annotations": map[string]any{"kubernetes.io/service-account.name": "bot"}, "uid": "x"},
		"data":       map[string]any{"token": "c2VjcmV0"},
		"stringData": map[string]any{"token": "secret"},
	}
	e, vals := FromManifest(map[string]any{"manifest": secret})
	if e == nil || e.Type != "kubernetes_secret_v1" {
		t.Fatalf("Secret: entry %v", e)
	}
	want := map[string]any{"type": "kubernetes.io/service-account-token", "metadata": []any{map[string]any{
		"name": "t", "namespace": "ci", "annotations": map[string]any{"kubernetes.io/service-account.name": "bot"}}}}
	if !reflect.DeepEqual(vals, want) {
		t.Errorf("Secret values = %v, want %v (no data)", vals, want)
	}

	binding := map[string]any{
		"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": map[string]any{"name": "b", "namespace": "ci"},
		"roleRef":  map[string]any{"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "r"},
		"subjects": []any{map[string]any{"kind": "ServiceAccount", "name": "bot", "namespace": "ci"}, value.Unknown{}},
	}
	// The declared manifest is unknown: the object the provider reports is read.
	e, vals = FromManifest(map[string]any{"manifest": value.Unknown{}, "object": binding})
	if e == nil || e.Type != "kubernetes_role_binding_v1" {
		t.Fatalf("RoleBinding: entry %v", e)
	}
	if got := plan.Get(vals, "role_ref", "name"); got != "r" {
		t.Errorf("role_ref.name = %v", got)
	}
	if subs, _ := vals["subject"].([]any); len(subs) != 2 || plan.Get(subs[0], "name") != "bot" || !value.IsUnknown(subs[1]) {
		t.Errorf("subject = %v", vals["subject"])
	}

	role := map[string]any{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": map[string]any{"name": "c"},
		"rules": []any{map[string]any{"apiGroups": []any{""}, "resources": []any{"secrets"}, "verbs": []any{"get"}, "resourceNames": []any{"one"}}}}
	e, vals = FromManifest(map[string]any{"manifest": role})
	if e == nil || e.Type != "kubernetes_cluster_role_v1" {
		t.Fatalf("ClusterRole: entry %v", e)
	}
	wantRule := []any{map[string]any{"api_groups": []any{""}, "resources": []any{"secrets"}, "verbs": []any{"get"}, "resource_names": []any{"one"}}}
	if !reflect.DeepEqual(vals["rule"], wantRule) {
		t.Errorf("rule = %v, want %v", vals["rule"], wantRule)
	}

	aggregated := map[string]any{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": map[string]any{"name": "a"},
		"aggregationRule": map[string]any{"clusterRoleSelectors": []any{map[string]any{"matchLabels": map[string]any{"x": "true"}}}}}
	if _, vals = FromManifest(map[string]any{"manifest": aggregated}); len(plan.Get(vals, "aggregation_rule").([]any)) != 1 {
		t.Errorf("aggregated ClusterRole: aggregation_rule = %v", vals["aggregation_rule"])
	}

	for name, obj := range map[string]any{
		"ConfigMap":              map[string]any{"apiVersion": "v1", "kind": "ConfigMap"},
		"another group's kind":   map[string]any{"apiVersion": "example.com/v1", "kind": "ClusterRoleBinding"},
		"RBAC kind in core":      map[string]any{"apiVersion": "v1", "kind": "ClusterRole"},
		"core kind in RBAC":      map[string]any{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Secret"},
		"no manifest, no object": nil,
	} {
		if e, _ := FromManifest(map[string]any{"manifest": obj}); e != nil {
			t.Errorf("%s: mapped to %s", name, e.Type)
		}
	}
}

func TestProviderSecrets(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		provider, path string
		want           bool
	}{
		{"aws", "secret_key", true},
		{"aws", "token", true},
		{"aws", "access_key", false}, // an identifier, not a secret on its own
		{"aws", "region", false},
		{"github", "app_auth.pem_file", true},
		{"github", "owner", false},
		{"google", "credentials", true},
		{"someprovider", "api_token", true}, // names any provider uses for credentials
		{"someprovider", "endpoint", false},
	} {
		if got := IsProviderSecret(c.provider, c.path); got != c.want {
			t.Errorf("IsProviderSecret(%q, %q) = %v, want %v", c.provider, c.path, got, c.want)
		}
	}
}
