// Package kb is the knowledge base: one data entry per Terraform resource
// type saying what the type is to a machine-identity reviewer (identity,
// credential, grant, ...), which attributes carry its owner, link it to its
// parent identity, bound its lifetime, rotate it, hold secrets, and grant
// privilege, and what secretless alternative to suggest.
//
// Adding a resource type is a data change here, never a new rule: the
// graph interprets these entries generically, and each privilege Engine is
// interpreted once per policy language, not once per resource type.
package kb

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Class is the role a resource type plays.
type Class uint8

const (
	// Other types are not about machine identities (buckets, networks).
	Other Class = iota
	// Identity is a machine identity (a principal): IAM user or role,
	// service account, application, service principal, managed identity.
	Identity
	// Credential authenticates an identity: access key, service account
	// key, client secret, token, deploy key, private key, API key.
	Credential
	// Secret is secret material that is not itself an identity's
	// credential: a Secrets Manager secret, a generated password.
	Secret
	// Grant gives a principal privilege: policy attachments, inline
	// policies, IAM bindings, role assignments, group memberships.
	Grant
	// Policy is a reusable permission set: a managed policy, a role
	// definition, a Vault policy, a Kubernetes (Cluster)Role.
	Policy
	// Group is a set of principals that privilege can be granted to.
	Group
	// Trust decides who may act as an identity without a secret: OIDC
	// providers, workload identity pool providers, federated credentials.
	Trust
	// Rotator rotates other resources: time_rotating, nhi_identity,
	// aws_secretsmanager_secret_rotation.
	Rotator
	// Sink is a place other systems read secrets from: CI secrets and
	// variables. A credential's secret flowing into one is exposure.
	Sink
	// Declaration is nhiguard's own provider: nhi_owner, nhi_identity, nhi_exception.
	Declaration
)

var classNames = [...]string{"other", "identity", "credential", "secret", "grant", "policy", "group", "trust", "rotator", "sink", "declaration"}

func (c Class) String() string {
	if int(c) < len(classNames) {
		return classNames[c]
	}
	return "unknown"
}

// Forever is a lifetime with no end.
const Forever time.Duration = 1<<63 - 1

// Day is 24 hours.
const Day = 24 * time.Hour

// Unit says how an attribute expresses a duration or an end.
type Unit uint8

const (
	Seconds     Unit = iota + 1 // a number of seconds
	Minutes                     // a number of minutes
	Hours                       // a number of hours
	Days                        // a number of days
	Months                      // a number of months (30 days)
	Years                       // a number of years (365 days)
	Duration                    // a duration string: Go ("87600h", "1h30m"), Vault ("768h", "30d", or bare seconds), "730d", Google "2592000s"
	ISO8601                     // an ISO 8601 duration: "P90D", "PT1H"
	Rate                        // an AWS schedule expression: "rate(30 days)", "cron(...)"
	EndTime                     // an absolute end: RFC 3339 timestamp or YYYY-MM-DD date
	Certificate                 // an X.509 certificate (PEM, or base64 of PEM or DER): the end of its validity
)

// Zero says what an explicit 0 (or "0", or empty string) means.
type Zero uint8

const (
	ZeroUnset   Zero = iota // treat as not set: the default applies
	ZeroForever             // 0 means it never expires
)

// DurationAttr is an attribute that bounds a lifetime or sets a rotation period.
type DurationAttr struct {
	// Path is the attribute path, dot-separated, e.g. "validity_period_hours",
	// "rotation_rules.automatically_after_days" (single nested blocks may
	// omit the index).
	Path string
	Unit Unit
	Zero Zero
	// Only, when set, is when the attribute applies at all (a Bedrock API
	// key's credential_age_days, which other services' credentials
	// refuse): where it does not, the credential has no lifetime to set.
	Only *Condition
}

// Lifetime says how long a credential lives.
type Lifetime struct {
	// Attrs bound the lifetime; when several are set the shortest wins.
	Attrs []DurationAttr
	// Default applies when no attribute is set: the provider's or the
	// service's default (Forever for an AWS access key, 730 days for a
	// Databricks service principal secret). Zero means the type has no
	// lifetime of its own to judge.
	Default time.Duration
	// DefaultIf overrides Default when an attribute holds a value, e.g. a
	// Vault token with the root policy never expires.
	DefaultIf []Condition
	// FromParent takes the lifetime attributes of the parent resource
	// (found through Parents) instead: an AppRole secret id lives as long
	// as its role's secret_id_ttl says.
	FromParent []DurationAttr
	// Static marks a secret that lives until someone replaces it: without
	// a rotation mechanism it is NHI-002.
	Static bool
	// BoundBy lists resource types that, when they use this resource,
	// judge the lifetime instead: a private key behind a certificate is
	// bounded by the certificate.
	BoundBy []string
	// Issued names what the lifetime bounds when it is not the resource's
	// own but that of what it hands out ("tokens" for a Vault login role,
	// which nothing needs to rotate).
	Issued string
	// Renewal, when set, is how a renewable credential outlives its TTL.
	Renewal *Renewal
}

// PublicRead names a resource policy and the actions that read the store.
type PublicRead struct {
	Document string
	Actions  []string
}

// Inline is a credential made in a resource's own block.
type Inline struct {
	// Block is the nested block that makes it, one credential per element.
	Block string
	// Kind is the credential's inventory kind; its policy maximum is that
	// kind's.
	Kind string
	// What names it in messages ("client secret").
	What string
	// Rotated says how to make it rotatable instead, for the fix.
	Rotated string
	// Secret is the attribute of the block that holds the secret (its
	// value; dropped at load, as the plan marks it sensitive).
	Secret string
	// Lifetime's paths start at the resource (password.end_date).
	Lifetime Lifetime
}

// Hosted is a managed identity a resource has of its own: Azure makes a
// system-assigned identity with the virtual machine, app or cluster and
// deletes it with it, and hands its tokens to whatever runs there. No one
// holds a secret of it, so it has no lifetime to judge; whoever owns the
// resource owns it, and what is granted to it is granted to every
// workload on the resource.
type Hosted struct {
	// When is when the resource has one: its identity block's type
	// includes SystemAssigned.
	When Condition
	// IDs are the attributes holding its object (principal) id, which
	// grants name it by (identity.principal_id).
	IDs []string
	// What names it in messages ("system-assigned managed identity").
	What string
}

// HostedKind is the inventory kind of a resource's own managed identity.
const HostedKind = "system_assigned_identity"

// Renewal says how long a renewable credential lives: renewed, it lasts
// until its maximum, not its TTL.
type Renewal struct {
	// Unless, when set and holding, makes the credential not renewable
	// (renewable = false).
	Unless *Condition
	// Max are the attributes that cap renewals (explicit_max_ttl).
	Max []DurationAttr
	// PeriodicMax, when set, cap the renewals of a periodic credential
	// instead of Max: a periodic Vault token ignores its max TTL, only an
	// explicit max TTL ends it.
	PeriodicMax []DurationAttr
	// Periodic is the attribute that, set, lets renewals go on forever
	// when no Max caps them (a Vault periodic token).
	Periodic string
	// MaxDefault caps renewals when nothing else does (Vault's system
	// maximum TTL, 768h unless tuned).
	MaxDefault time.Duration
}

// Condition matches an attribute value.
type Condition struct {
	Path string
	// Contains matches a string equal to it (case-insensitive), a list
	// containing such a string, or a bool spelled so ("true", "false").
	Contains string
	// Set, instead of Contains, matches any value that is not null: known,
	// known only after apply, or secret (a password Terraform sets).
	Set bool
	// Unset, instead, matches a null or absent value.
	Unset bool
	// Or are alternatives: the condition holds when it or any of them does
	// (a password given as password or as write-only password_wo).
	Or []Condition
	// Lifetime replaces the default when the condition holds.
	Lifetime time.Duration
}

// Rotation says how a resource is rotated from inside the configuration.
type Rotation struct {
	// Triggers are attributes (keepers, rotate_when_changed, triggers)
	// whose change replaces the resource: a reference from one to a
	// Rotator makes the resource rotate with it.
	Triggers []string
	// Period attributes configure rotation inside the resource itself
	// (Google Secret Manager's rotation.rotation_period, GitLab's
	// rotation_configuration.expiration_days).
	Period []DurationAttr
	// Renewal attributes make Terraform replace the resource ahead of its
	// end (tls early_renewal_hours); a renewal window bounds nothing by
	// itself but shows the lifetime is managed.
	Renewal []string
}

// Rotates is the rotator side: which resources this one rotates, how often.
type Rotates struct {
	// Target links to the resources rotated (aws_secretsmanager_secret_rotation.secret_id).
	Target []Link
	// Period gives the rotation period (shortest set wins).
	Period []DurationAttr
	// Trigger names the attribute other resources reference to rotate
	// with this one (nhi_identity.rotation_trigger); empty means any
	// attribute of the rotator does (time_rotating).
	Trigger []string
}

// Link connects a resource to another through an attribute.
type Link struct {
	// Path of the attribute on this resource (dot-separated; for a list of
	// nested blocks, the path reads every element, e.g. "subject.name").
	Path string
	// Types the attribute may point at.
	Types []string
	// By lists the target's attributes whose values may equal ours, for
	// linking by value when the configuration has no reference (a name
	// given as a literal, a resource outside this module). A value matches
	// when equal, or when ours ends with "/"+theirs or ":"+theirs
	// (projects/p/serviceAccounts/EMAIL, serviceAccount:EMAIL).
	By []string
	// Material marks a link through which key material flows (a deploy
	// key's public key from a tls_private_key): rotating the target
	// rotates this resource. A reference to a secret attribute of the
	// target through a Material link is use, not exposure (NHI-007): a
	// certificate signed with a CA key, a CSR made with a private key.
	Material bool
	// Key, when set, makes Path name a map attribute and the link read
	// the value stored under this map key (dots and slashes in the key
	// are literal): a kubernetes_secret_v1 names its service account in
	// metadata.annotations["kubernetes.io/service-account.name"].
	Key string
	// Match lists further conditions a target must meet, besides the
	// value of Path naming it: a binding's subject names a service
	// account only when its kind is ServiceAccount, and then the one in
	// its namespace. They are read in the element holding Path's last
	// step (the subject block a name is in, the metadata block of an
	// annotation).
	Match []Match
}

// Match is a condition of a Link on a field of the element holding the
// link's value. A value unset, or known only after apply, rules no target
// out.
type Match struct {
	// Field names the field of the element; empty, Default is read.
	Field string
	// Default is an attribute of the linking resource read when Field is
	// unset: a RoleBinding's subject without a namespace is in the
	// binding's namespace, and the Role it binds is there too.
	Default string
	// Target is the target's attribute the value must equal.
	Target string
	// Value, instead of Target, is the value it must equal (in any case).
	Value string
}

// Maintained is an attribute (a list) that resources of another type
// fill in: each sibling of Type whose Owner link names this resource adds
// the value of its Element attribute.
type Maintained struct {
	Attr string
	// Key names the field that identifies an element when the list holds
	// objects (an inline policy by its "name"); empty for strings.
	Key     string
	Type    string
	Owner   Link
	Element string
}

// MaintainedFor returns the entry's MaintainedBy specs of an attribute.
func (e *Entry) MaintainedFor(attr string) []Maintained {
	var out []Maintained
	for _, m := range e.MaintainedBy {
		if m.Attr == attr {
			out = append(out, m)
		}
	}
	return out
}

// Owner says where a resource can carry its owner.
type Owner struct {
	// Tags are key/value maps: tags, tags_all, labels, metadata.labels,
	// a Vault token's metadata.
	Tags []string
	// TagLists are lists of "key=value" / "key:value" strings (Azure AD tags).
	TagLists []string
	// Text attributes may hold "owner=team" or "owner: team" in free text
	// (description, display_name, title, notes), a common workaround on
	// types that cannot carry tags.
	Text []string
	// Principals are attributes listing accountable principals (Azure AD
	// owners): non-empty means owned.
	Principals []string
}

// OwnerAssignment is a resource that names an owner of another: To finds
// the owned resource, Owner is the attribute naming the owner.
type OwnerAssignment struct {
	To    Link
	Owner string
}

// Carries reports whether the type can carry an owner itself.
func (o Owner) Carries() bool {
	return len(o.Tags)+len(o.TagLists)+len(o.Text)+len(o.Principals) > 0
}

// Engine names the policy language a privilege attribute is written in;
// the graph has one interpreter per engine.
type Engine uint8

const (
	NoEngine       Engine = iota
	AWSPolicy             // IAM JSON policy documents and managed policy ARNs
	GCPRole               // Google IAM roles with members
	AzureRole             // Azure RBAC role definitions with scope
	AzureAppRole          // Entra ID application permissions (app role assignments)
	K8sRBAC               // Kubernetes (Cluster)Roles and bindings
	VaultPolicy           // Vault policies (HCL) and token policies
	TokenScopes           // token scope lists (GitLab, GitHub, Datadog)
	WriteFlag             // a boolean that grants write (deploy key read_only = false)
	Unrestricted          // a missing restriction block means any API (google_apikeys_key)
	AnyName               // a boolean that lets an issuer name any subject (a PKI role's allow_any_name)
	DefaultAccount        // a workload run as the Compute Engine default service account with full API scope
	TeamToken             // an HCP Terraform token: its team's organization access (the owners team administers everything)
	// SnowflakeRole: Snowflake roles granted to users and to other roles
	// (PolicyRef the role, Principals the users and parent roles that
	// receive it), and privileges granted to roles (Scopes the privilege
	// list, Flag all_privileges, Scope on_account, Principals the role).
	SnowflakeRole
	// CloudflarePolicy: a Cloudflare token's policies (Scopes, ScopesAlt:
	// v5 policies, v4 policy), each an effect, permission groups named by
	// id, and the accounts, zones or users it covers.
	CloudflarePolicy
	// EKSAccess: Kubernetes privilege an EKS cluster gives AWS IAM
	// principals: an access policy association (PolicyRef the access
	// policy, Scope its namespaces, Principals the IAM role or user), an
	// access entry's Kubernetes groups (K8sGroups), or the aws-auth
	// ConfigMap's role and user mappings (Document, in kube-system only).
	EKSAccess
)

// Privilege says how a type grants or holds privilege. Fields are read by
// the engine named; unused fields stay empty.
type Privilege struct {
	Engine Engine
	// Document is an attribute holding a policy document (JSON, or HCL for Vault).
	Document string
	// PolicyRef is an attribute naming a policy: an ARN, a role name or id, a Vault policy name list.
	PolicyRef string
	// PolicyRefAlt are further attributes naming the same policy, read
	// when PolicyRef is unset or unknown: azurerm_role_assignment names
	// its role by role_definition_name or by role_definition_id.
	PolicyRefAlt []string
	// PolicyRefAlso are further attributes naming policies granted beside
	// PolicyRef's, read whether or not it is set: a Vault token role's
	// allowed_policies_glob, patterns matched against policy names.
	PolicyRefAlso []string
	// PolicyRefTypes are the resource types PolicyRef may point at in the plan.
	PolicyRefTypes []string
	// Principals are attributes naming who receives the grant (links to identities or groups).
	Principals []Link
	// Members are attributes listing IAM member strings (Google "serviceAccount:x").
	Members []string
	// Scope is an attribute holding the scope of the grant (Azure scope,
	// Google project/folder/org id); ScopeLevel fixes it by type when the
	// type implies it ("organization", "folder", "project", "resource",
	// "cluster", "namespace").
	Scope      string
	ScopeLevel string
	// Rules is an attribute holding Kubernetes RBAC rule blocks.
	Rules string
	// Trust is an attribute holding a trust policy (aws_iam_role.assume_role_policy)
	// or a federation condition (workload identity attribute_condition, federated credential subject).
	Trust string
	// Scopes is an attribute listing token scopes or permissions.
	Scopes string
	// ScopesAlt are further Scopes paths, for provider major versions that
	// renamed the block (Cloudflare v5 policies, v4 policy); every path
	// that is set is read.
	ScopesAlt []string
	// UnsetMeansAll, for TokenScopes, says an unset or empty Scopes list
	// grants every scope (a Datadog application key without scopes has
	// full access), instead of none; for DefaultAccount, with no Scopes,
	// that the workload's tokens are not narrowed by OAuth scopes (Cloud
	// Run).
	UnsetMeansAll bool
	// Flag is a boolean attribute for WriteFlag ("read_only", inverted) or
	// the restriction block for Unrestricted ("restrictions").
	Flag string
	// Inverted, for WriteFlag, says Flag grants write when false
	// (GitHub read_only = false); otherwise true grants it (GitLab can_push).
	Inverted bool
	// Boundary is an attribute holding a permissions boundary ARN.
	Boundary string
	// K8sGroups is an attribute listing the Kubernetes groups a grant puts
	// its principals in (an EKS access entry's kubernetes_groups): they
	// hold what the plan's bindings to those groups give.
	K8sGroups string
	// Groups marks memberships: Principals are the members, Groups the groups joined.
	Groups []Link
	// On links to the identity the grant is made on, when the grant's
	// target is itself a principal (google_service_account_iam_member on a
	// service account): members holding an impersonation role can act as
	// that identity, so the grant is privilege over it and its owner
	// should hear about it.
	On []Link
	// People tells a grant that reaches only people: Google members
	// "user:..." and "group:...", an Azure principal_type of User or Group.
	// nhiguard judges machine identities, so such a grant is not reported
	// unless it reaches a machine identity in the plan or gives power over
	// one (On).
	People *People
}

// People names the attribute that says who a grant reaches, and the
// values that mean a person (or a group of people).
type People struct {
	// Path is a dot path; a list (members) is read element by element.
	// Empty for a policy document (Privilege.Document): each binding's
	// members are read, and a binding that reaches only people is left out.
	Path string
	// Prefixes match member strings ("user:"); Values match whole values
	// ("User"); Contains match anywhere (an AWS SSO role's ARN). All
	// compare without case.
	Prefixes []string
	Values   []string
	Contains []string
}

// Matches reports whether one value names people.
func (p *People) Matches(s string) bool {
	ls := strings.ToLower(s)
	for _, pre := range p.Prefixes {
		if strings.HasPrefix(ls, strings.ToLower(pre)) {
			return true
		}
	}
	for _, v := range p.Values {
		if strings.EqualFold(s, v) {
			return true
		}
	}
	for _, c := range p.Contains {
		if strings.Contains(ls, strings.ToLower(c)) {
			return true
		}
	}
	return false
}

// Requests say where a resource lists the Entra ID application
// permissions (app roles of an API, such as Microsoft Graph) it asks for.
// Either Blocks is a list of blocks, each naming its API in API and its
// permissions in Access as {id, type} objects, of which type "Role" is an
// application permission ("Scope", delegated, acts only for a signed-in
// user); or API and RoleIDs are attributes of the resource itself.
type Requests struct {
	Blocks  string
	API     string
	Access  string
	RoleIDs string
}

// Entry describes one resource type.
type Entry struct {
	Type     string
	Class    Class
	Kind     string // inventory kind: access_key, service_account, token, certificate, ...
	Provider string // family: aws, google, azuread, azurerm, kubernetes, vault, tls, github, gitlab, ...
	Doc      string // provider documentation page

	// When restricts the class to instances whose attribute matches (a
	// kubernetes_secret_v1 is a credential only when its type is a service
	// account token); other instances get Otherwise.
	When      *Condition
	Otherwise Class
	// OtherwiseKind, when set, is the inventory kind of those other
	// instances (a Kubernetes Secret that holds data, not a token).
	OtherwiseKind string

	Owner    Owner
	Parents  []Link // credential -> identity, identity -> owning identity
	Lifetime Lifetime
	// Tokens, when set, bound the tokens a login to the identity yields,
	// where its Lifetime is that of another credential it holds (an
	// AppRole's secret ids): judged apart, as issued tokens.
	Tokens *Lifetime
	// PublicRead, when set, is a resource policy that may let anyone read
	// a secret store: a Secrets Manager secret's (its own, or an
	// aws_secretsmanager_secret_policy on it, whose store is its parent).
	PublicRead *PublicRead
	// Rotate, when set, is how to rotate the credential from the plan, for
	// the fix of a static one (a database's password, which
	// replace_triggered_by would replace with the database).
	Rotate string
	// Inline, when set, is a credential the resource makes in a block of
	// its own (azuread_application's password block): judged as a facet
	// of the resource, and listed in the inventory beside it.
	Inline *Inline
	// Hosted, when set, is a managed identity the platform makes for the
	// resource (an Azure system-assigned identity): where the resource has
	// one, it is that identity to the graph and the rules.
	Hosted    *Hosted
	Rotation  Rotation
	Rotates   *Rotates
	Privilege Privilege
	// Foreign are instances that stand for a principal another
	// organisation owns (the service principal of a Microsoft API, which
	// a configuration adopts to grant its permissions): no owner is asked
	// of them.
	Foreign []Condition
	// Template is the attribute holding a CloudFormation template whose
	// IAM resources are judged ("" for none).
	Template string
	// Requests are application permissions the resource asks for, which
	// take effect only once an administrator consents (nil: none).
	Requests *Requests

	// SecretAttrs hold secret values (top-level attribute names). Their
	// values, and their literals in the configuration, are dropped at load;
	// references to them are what NHI-007 follows.
	SecretAttrs []string
	// Sealed are SecretAttrs that hold ciphertext only a key holder can
	// open (a PGP-encrypted key secret, a GitHub secret sealed with the
	// repository's public key): dropped at load like the others, but
	// neither their literal in the configuration nor a copy of them
	// exposes the secret.
	Sealed []string
	// SecretPaths are secrets nested in an attribute that is not secret as
	// a whole (kube_config.client_key beside kube_config.host, an MQ
	// broker's user.password): dot paths, list indexes left out. Reading
	// one is reading a secret, and so is reading what holds one where the
	// plan's references tell the two apart (graph.nestedSecretRead). Their
	// literals in the configuration, in nested blocks or in a constant
	// written for a nested attribute, are dropped at load and are secrets
	// written into the code, as those of SecretAttrs are; their values are
	// dropped where the plan marks them sensitive, as providers do.
	SecretPaths []string
	// SecretWhen, when set, is when SecretAttrs hold a secret rather than a
	// setting (an SSM parameter of type SecureString): a literal for them
	// in the configuration is a hard-coded secret only then. Their values
	// are dropped at load all the same.
	SecretWhen *Condition
	// CredentialSecret marks secrets that authenticate a machine identity:
	// any copy of them elsewhere is exposure. Generated secrets
	// (random_password) are exposed only by outputs and plain-text places.
	CredentialSecret bool
	// SinkAttrs, for a Sink, are the attributes that receive a secret.
	SinkAttrs []string
	// ValueName, for a CI variable, is the attribute that names it
	// (variable_name, key): what its value is called, which tells an AWS
	// secret access key ("AWS_SECRET_ACCESS_KEY") from any other
	// 40-character word (CredentialIn).
	ValueName string
	// Guards, for a Sink, are boolean attributes that protect the value
	// when true (GitLab masked and protected, tfe_variable sensitive). A
	// secret in a sink is still exposure; with every guard false or unset
	// the value is also shown in clear, as in a PlainText place.
	Guards []string
	// AssignsOwner, when set, makes the resource name an accountable
	// owner of another (azuread_application_owner: owner_object_id owns
	// the application at application_id).
	AssignsOwner *OwnerAssignment
	// Holds lists attributes of an identity that embed (the public half
	// of) one of its credentials, pointing at the resource that holds the
	// key (snowflake_service_user.rsa_public_key from a tls_private_key):
	// the target is a credential of this identity and inherits its owner.
	Holds []Link
	// DataSource marks an entry that describes a data source (mode
	// "data"), not a managed resource: it is read for the documents it
	// renders (aws_iam_policy_document.json) and is never inventoried.
	DataSource bool
	// Human marks types that make an identity usable by a person (a login
	// profile on an IAM user): NHI-010.
	Human bool
	// ComputedUnset are top-level attributes the provider reads back after
	// apply when the configuration leaves them unset (Cloud Control reads
	// back every optional attribute): in a new resource's plan they are
	// unknown, yet nothing sets them, so the graph reads them as unset.
	ComputedUnset []string
	// Volatile are attributes (dot paths, prefixes of nested paths) that
	// change with other resources or with every write, not by anyone
	// changing this one: a Google IAM grant's etag (the whole policy's), a
	// Kubernetes object's metadata.resource_version. Drift confined to
	// them is not a change outside Terraform (NHI-009).
	Volatile []string
	// MaintainedBy lists attributes that other resources keep up to
	// date: a role's managed_policy_arns lists what its
	// aws_iam_role_policy_attachment resources attach. The provider stores
	// such an attribute as it was when the resource was created, so the
	// refresh after the attachments shows drift that Terraform itself
	// made: an element an existing sibling accounts for is not a change
	// outside Terraform (NHI-009).
	MaintainedBy []Maintained

	// Alternative is the secretless option to suggest.
	Alternative string

	// Manifest marks a type whose values carry a whole Kubernetes object in
	// the API's own field names (kubernetes_manifest): FromManifest maps
	// each instance onto the typed entry of its kind, or drops it.
	Manifest bool

	// Disabled matches instances that cannot authenticate (an AWS access
	// key with status Inactive): lifetime and ownership rules skip them.
	Disabled []Condition
}

// Machine reports whether the entry is an identity or credential: the
// things the inventory lists and ownership rules judge.
func (e *Entry) Machine() bool { return e.Class == Identity || e.Class == Credential }

var registry = map[string]*Entry{}

// Register adds entries; a duplicate type is a programming error.
func register(entries ...Entry) {
	for i := range entries {
		e := entries[i]
		if _, dup := registry[e.Type]; dup {
			panic("kb: duplicate entry for " + e.Type)
		}
		registry[e.Type] = &e
	}
}

// Lookup returns the entry for a resource type. Provider aliases that
// share a schema (google-beta's types are google_*) need no entry of their own.
func Lookup(typ string) *Entry {
	return registry[typ]
}

// Known reports whether a type has an entry: the graph and the rules read
// the values of these types only.
func Known(typ string) bool { return registry[typ] != nil }

// All returns every entry, sorted by type.
func All() []*Entry {
	out := make([]*Entry, 0, len(registry))
	for _, e := range registry {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Type < out[j].Type })
	return out
}

// HoldsSecrets reports whether the type's resources hold a secret: in an
// attribute or nested in one.
func (e *Entry) HoldsSecrets() bool {
	return len(e.SecretAttrs) > 0 || len(e.SecretPaths) > 0 || e.Inline != nil && e.Inline.Secret != ""
}

// Reveals reports whether an attribute holds a secret in a form that
// reveals it: a secret attribute that is not Sealed.
func (e *Entry) Reveals(attr string) bool {
	return slices.Contains(e.SecretAttrs, attr) && !slices.Contains(e.Sealed, attr)
}

// ValueName is the attribute naming a type's values (Entry.ValueName), ""
// for none. It is a plan.Options.ValueName.
func ValueName(typ string) string {
	if e := registry[typ]; e != nil {
		return e.ValueName
	}
	return ""
}

// IsSecret tells whether an attribute of a type holds a secret: a
// top-level one (SecretAttrs), or one nested in blocks (SecretPaths; path
// dot-separated, list indexes left out). It is a plan.SecretFunc.
func IsSecret(typ, path string) bool {
	e := registry[typ]
	if e == nil {
		return false
	}
	return slices.Contains(e.SecretAttrs, path) || len(e.SecretPaths) > 0 && slices.Contains(e.SecretPaths, path)
}

// PrivilegeText lists the attributes of a type (dot-separated paths) whose
// text decides what it grants: policy documents and trust policies, the
// policies, roles, members, scopes and principals it names. The loader
// keeps their text even when the plan marks it sensitive, so that marking
// them sensitive does not hide what a resource grants (the findings then
// do not quote it). It is a plan.TextFunc.
func PrivilegeText(typ string) []string {
	privilegeTextOnce.Do(func() {
		privilegeText = map[string][]string{}
		for t, e := range registry {
			if e.Privilege.Engine != NoEngine {
				privilegeText[t] = privilegeTextOf(e)
			}
		}
	})
	return privilegeText[typ]
}

// privilegeText holds PrivilegeText for every type, made once: the loader
// asks for each resource it reads.
var (
	privilegeTextOnce sync.Once
	privilegeText     map[string][]string
)

func privilegeTextOf(e *Entry) []string {
	p := e.Privilege
	out := append([]string{p.Document, p.Trust, p.PolicyRef, p.Boundary, p.Scope, p.Scopes, p.Rules, p.Flag}, p.PolicyRefAlt...)
	out = append(out, p.PolicyRefAlso...)
	out = append(append(out, p.Members...), p.ScopesAlt...)
	for _, ls := range [][]Link{p.Principals, p.Groups, p.On} {
		for _, l := range ls {
			out = append(out, l.Path)
		}
	}
	return slices.DeleteFunc(out, func(a string) bool { return a == "" })
}

// Families lists the provider families covered, sorted.
func Families() []string {
	seen := map[string]bool{}
	for _, e := range registry {
		seen[e.Provider] = true
	}
	out := make([]string, 0, len(seen))
	for f := range seen {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// SplitPath splits a dot-separated attribute path. The graph splits the
// same few knowledge-base paths for every resource, so each split is kept
// (up to maxSplitPaths) and shared: callers must not modify the result.
func SplitPath(p string) []string {
	if p == "" {
		return nil
	}
	if v, ok := splitPaths.Load(p); ok {
		return v.([]string)
	}
	parts := slices.Clip(strings.Split(p, ".")) // an append copies rather than writes into the shared array
	if splitCount.Add(1) <= maxSplitPaths {
		splitPaths.Store(p, parts)
	}
	return parts
}

var (
	splitPaths sync.Map // path -> []string
	splitCount atomic.Int32
)

// maxSplitPaths bounds the kept splits: the knowledge base has a few
// hundred paths, and no input should grow the cache without limit.
const maxSplitPaths = 4096
