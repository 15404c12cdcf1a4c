package gcpiam

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
)

// Scope is the level of the resource a binding is set on; the caller knows
// it from the resource type (google_organization_iam_*, google_folder_iam_*,
// google_project_iam_*, or a resource-level *_iam_*).
type Scope int

const (
	ScopeUnknown Scope = iota
	ScopeResource
	ScopeProject
	ScopeFolder
	ScopeOrganization
)

func (s Scope) String() string {
	switch s {
	case ScopeResource:
		return "resource"
	case ScopeProject:
		return "project"
	case ScopeFolder:
		return "folder"
	case ScopeOrganization:
		return "organization"
	}
	return "unknown"
}

// Binding is one role granted to members on one resource.
type Binding struct {
	// Role is "roles/..." or a custom role id ("projects/p/roles/deployer").
	Role string
	// Permissions of a custom role (from google_*_iam_custom_role in the
	// plan). When set they replace the table lookup.
	Permissions []string
	// Members are member strings or value.Unknown.
	Members []any
	Scope   Scope
	// Resource names what the binding is on, for messages ("projects/p",
	// "ci@p.iam.gserviceaccount.com"); optional.
	Resource string
	// Conditional is set when the binding has an IAM condition.
	Conditional bool
	// OnServiceAccount is set when the binding is on one service account
	// (google_service_account_iam_*). On any other single resource (a
	// dataset, a bucket) a role's service-account permissions act on
	// nothing.
	OnServiceAccount bool
	Source           iam.Source
}

// BindingResult is the analysis of one binding.
type BindingResult struct {
	iam.Verdict
	Role    string   `json:"role"`
	Members []Member `json:"members"`
	// Public / Broad: some member is public or broad (see Member).
	Public bool `json:"public,omitempty"`
	Broad  bool `json:"broad,omitempty"`
	// Impersonates: the role lets its members act as, or mint credentials
	// for, the service accounts in scope (one service account at resource
	// scope). The caller can follow these edges to build impersonation
	// chains.
	Impersonates bool `json:"impersonates,omitempty"`
}

// Permissions that turn a grant into control over other identities.
var (
	impersonationPerms = []string{
		"iam.serviceAccounts.actAs", "iam.serviceAccounts.getAccessToken", "iam.serviceAccounts.signBlob",
		"iam.serviceAccounts.signJwt", "iam.serviceAccounts.implicitDelegation", "iam.serviceAccounts.getOpenIdToken",
		"iam.serviceAccountKeys.create", "iam.serviceAccounts.setIamPolicy",
	}
	// hierarchyIAMPerms: who holds one at or below its level can grant
	// itself roles/owner there.
	hierarchyIAMPerms = map[string]Scope{
		"resourcemanager.projects.setIamPolicy":      ScopeProject,
		"resourcemanager.folders.setIamPolicy":       ScopeFolder,
		"resourcemanager.organizations.setIamPolicy": ScopeOrganization,
	}
	// computeWithIdentity create workloads that run as a service account
	// the caller names (with actAs on it).
	computeWithIdentity = []string{
		"compute.instances.create", "cloudfunctions.functions.create", "run.services.create", "run.jobs.create",
		"dataflow.jobs.create", "composer.environments.create", "dataproc.clusters.create",
		"cloudscheduler.jobs.create", "cloudbuild.builds.create", "notebooks.instances.create",
		"aiplatform.customJobs.create", "container.clusters.create",
	}
	readVerbPrefixes = []string{"get", "list", "search", "query", "read", "view", "fetch", "lookup", "export",
		"download", "aggregate", "test", "validate", "calculate", "wait", "explain", "summarize", "analyze",
		"evaluate", "check", "sample", "retrieve", "batchGet", "completeQuery", "compute", "preview", "predict", "sshRead", "useReadOnly"}
)

var (
	impersonationSet = setOf(impersonationPerms)
	computeSet       = setOf(computeWithIdentity)
)

func setOf(ss []string) map[string]bool {
	m := make(map[string]bool, len(ss))
	for _, s := range ss {
		m[s] = true
	}
	return m
}

func isReadPermission(p string) bool {
	i := strings.LastIndexByte(p, '.')
	verb := p[i+1:]
	for _, v := range readVerbPrefixes {
		if strings.HasPrefix(verb, v) {
			return true
		}
	}
	return false
}

// ClassifyRole classifies a role on its own, as if granted on a project.
// perms, when non-nil, are a custom role's permissions.
func ClassifyRole(role string, perms []string) iam.Verdict {
	return ClassifyRoleAt(role, perms, ScopeProject)
}

// ClassifyRoleAt classifies a role as if granted at a scope: an
// organization's custom role where it is defined.
func ClassifyRoleAt(role string, perms []string, scope Scope) iam.Verdict {
	return AnalyzeBinding(Binding{Role: role, Permissions: perms, Scope: scope}).Verdict
}

// AnalyzeBinding classifies one binding: the role's class at its scope,
// escalation and impersonation power, and public or broad members.
//
// Classes: roles/owner and roles/editor are admin (editor can change almost
// everything and act as every service account); roles/viewer is read;
// a role carrying resourcemanager.*.setIamPolicy at or below its scope is
// admin (it can grant itself roles/owner); any other *.setIamPolicy is
// permissions-management; otherwise write or read by the permissions'
// verbs. At resource scope admin is capped to permissions-management:
// owning one bucket is not owning the project. An unknown custom role is
// unknown.
func AnalyzeBinding(b Binding) BindingResult {
	r := BindingResult{Role: b.Role}
	g := iam.Grant{Source: b.Source, Where: b.Role, Conditional: b.Conditional}
	if b.Resource != "" {
		g.Resources = []string{b.Resource}
	}
	for _, m := range b.Members {
		pm := ParseMember(m)
		r.Members = append(r.Members, pm)
		r.Public = r.Public || pm.Public
		r.Broad = r.Broad || pm.Broad
		if pm.Kind == MemberUnknown {
			r.Unknowns = iam.AddUnknowns(r.Unknowns, pm.Ref)
		}
	}
	var facts *permFacts
	if b.Permissions != nil {
		facts = factsOf(b.Permissions)
	} else {
		var ok bool
		if facts, ok = predefinedFacts(b.Role); !ok {
			r.Class = iam.ClassUnknown
			r.Notes = append(r.Notes, fmt.Sprintf("role %s is not a predefined role and no permissions were given", b.Role))
			return r
		}
	}
	scope := b.Scope
	scopeName := scope.String()
	if b.Resource != "" {
		scopeName += " " + b.Resource
	}
	add := func(e iam.Evidence) {
		e.Grants = []iam.Grant{g}
		if e.Scope == "" {
			e.Scope = scopeName
		}
		r.Evidence = append(r.Evidence, e)
	}
	hierarchyWide := scope >= ScopeProject || scope == ScopeUnknown
	broadMembers := r.Public || r.Broad

	switch b.Role {
	case "roles/owner", "roles/editor":
		r.Class = iam.ClassAdmin
		if hierarchyWide {
			add(iam.Evidence{Kind: iam.KindAdmin, ID: "gcp:basic-role", Class: iam.ClassAdmin,
				Message: fmt.Sprintf("basic role %s on the %s: control of nearly every resource and every service account in it", b.Role, scope)})
		}
	case "roles/viewer":
		r.Class = iam.ClassRead
	default:
		r.Class = facts.class
	}

	// Evidence owns its lists: the facts are shared by every binding of the role.
	setIAM, impersonate, compute := slices.Clone(facts.setIAM), slices.Clone(facts.impersonate), slices.Clone(facts.compute)
	if scope == ScopeResource && !b.OnServiceAccount {
		impersonate = nil
	}
	var hierarchy []string
	if hierarchyWide {
		for _, p := range facts.hierarchy {
			if scope == ScopeUnknown || hierarchyIAMPerms[p] <= scope {
				hierarchy = append(hierarchy, p)
			}
		}
	}
	if len(setIAM) > 0 && r.Class < iam.ClassPermissionsManagement {
		r.Class = iam.ClassPermissionsManagement
	}
	if len(hierarchy) > 0 && r.Class != iam.ClassAdmin {
		r.Class = iam.ClassAdmin
		add(iam.Evidence{Kind: iam.KindAdmin, ID: "gcp:hierarchy-set-iam-policy", Class: iam.ClassAdmin, Actions: hierarchy,
			Message: fmt.Sprintf("%s can rewrite the IAM policy of the %s (%s) and so grant itself roles/owner", b.Role, scope, strings.Join(hierarchy, ", "))})
	}
	if scope == ScopeResource && r.Class == iam.ClassAdmin {
		r.Class = iam.ClassPermissionsManagement
	}
	admin := r.Class == iam.ClassAdmin
	if len(setIAM) > 0 && !admin {
		id := "gcp:set-iam-policy"
		if scope == ScopeResource && !b.OnServiceAccount {
			// One bucket's or secret's own policy: it can open that
			// resource up, not raise its holder anywhere else.
			id = "gcp:set-iam-policy-resource"
		}
		add(iam.Evidence{Kind: iam.KindPermissionsManagement, ID: id, Class: iam.ClassPermissionsManagement, Actions: sample(setIAM, 6),
			Message: fmt.Sprintf("%s can change IAM policies (%s) on the %s", b.Role, strings.Join(sample(setIAM, 4), ", "), scopeName)})
	}
	if len(impersonate) > 0 {
		r.Impersonates = true
		switch {
		case !admin && hierarchyWide && scope >= ScopeFolder:
			// Every service account of a folder or the organization: the
			// ones that administer it (Terraform's own) among them.
			r.Class, admin = iam.ClassAdmin, true
			add(iam.Evidence{Kind: iam.KindAdmin, ID: "gcp:impersonate-every-service-account", Class: iam.ClassAdmin, Actions: impersonate,
				Message: fmt.Sprintf("%s lets %s act as or mint credentials for every service account in the %s, those that administer it included (%s)", b.Role, membersPhrase(r), scope, strings.Join(impersonate, ", "))})
		case !admin && (hierarchyWide || broadMembers):
			what := "every service account in the " + scope.String()
			if !hierarchyWide {
				what = "the service account " + orSome(b.Resource)
			}
			add(iam.Evidence{Kind: iam.KindEscalation, ID: "gcp:impersonate-service-account", Class: iam.ClassAdmin, Actions: impersonate,
				Message: fmt.Sprintf("%s lets %s act as or mint credentials for %s (%s)", b.Role, membersPhrase(r), what, strings.Join(impersonate, ", "))})
		}
	}
	if !admin && hierarchyWide && facts.actAs && len(compute) > 0 {
		add(iam.Evidence{Kind: iam.KindEscalation, ID: "gcp:actas-compute", Class: iam.ClassAdmin, Actions: append([]string{"iam.serviceAccounts.actAs"}, sample(compute, 4)...),
			Message: fmt.Sprintf("%s can run workloads (%s) as any service account of the %s", b.Role, strings.Join(sample(compute, 3), ", "), scope)})
	}
	if !admin && hierarchyWide {
		for i, esc := range escalationPerms {
			if facts.escalations&(1<<i) != 0 {
				add(iam.Evidence{Kind: iam.KindEscalation, ID: esc.id, Class: iam.ClassAdmin, Actions: []string{esc.perm},
					Message: fmt.Sprintf("%s %s", b.Role, esc.msg)})
			}
		}
	}
	if broadMembers && r.Class.AtLeast(iam.ClassRead) {
		id, who := "gcp:broad-member", "a broad member"
		if r.Public {
			id, who = "gcp:public-member", "the public"
		}
		var names []string
		for _, m := range r.Members {
			if m.Public || m.Broad {
				names = append(names, m.Raw)
			}
		}
		add(iam.Evidence{Kind: iam.KindBroadMember, ID: id, Class: r.Class, Actions: names,
			Message: fmt.Sprintf("%s is granted to %s (%s)", b.Role, who, strings.Join(names, ", "))})
	}
	for _, m := range r.Members {
		if m.Deleted {
			r.Notes = append(r.Notes, fmt.Sprintf("member %s was deleted; the binding is stale", m.Raw))
		}
	}
	return r
}

// Effective merges the bindings that apply to one principal into one
// verdict: the highest class, and every binding's evidence.
func Effective(results ...BindingResult) iam.Verdict {
	v := iam.Verdict{Class: iam.ClassNone}
	classes := []iam.Class{}
	for _, r := range results {
		classes = append(classes, r.Class)
		v.Evidence = append(v.Evidence, r.Evidence...)
		v.Unknowns = iam.AddUnknowns(v.Unknowns, r.Unknowns...)
		v.Notes = append(v.Notes, r.Notes...)
	}
	if len(classes) > 0 {
		v.Class = iam.Max(classes...)
	}
	return v
}

// escalationPerms are single permissions that, held on a project or
// above, lead to more power than their role's class says.
var escalationPerms = []struct{ perm, id, msg string }{
	{"iam.roles.update", "gcp:update-custom-role", "can add any permission to the custom roles it holds"},
	{"deploymentmanager.deployments.create", "gcp:deployment-manager", "can create deployments that run as the Deployment Manager service account (project editor)"},
	{"storage.hmacKeys.create", "gcp:hmac-keys", "can create HMAC keys for any service account"},
	{"orgpolicy.policy.set", "gcp:org-policy", "can lift organization policy constraints"},
}

// permFacts is what AnalyzeBinding reads from a role's permissions, apart
// from the scope and members of the binding. Reading them scans every
// permission (roles/editor has thousands), so a predefined role's facts
// are computed once per process.
type permFacts struct {
	class       iam.Class
	setIAM      []string
	hierarchy   []string // setIamPolicy of a resource-hierarchy level
	impersonate []string
	compute     []string
	actAs       bool
	escalations uint // bit i: escalationPerms[i] is held
}

func factsOf(perms []string) *permFacts {
	f := &permFacts{class: classByVerbs(perms)}
	for _, p := range perms {
		if strings.HasSuffix(p, ".setIamPolicy") {
			f.setIAM = append(f.setIAM, p)
			if _, ok := hierarchyIAMPerms[p]; ok {
				f.hierarchy = append(f.hierarchy, p)
			}
		}
		if impersonationSet[p] {
			f.impersonate = append(f.impersonate, p)
		}
		if computeSet[p] {
			f.compute = append(f.compute, p)
		}
		f.actAs = f.actAs || p == "iam.serviceAccounts.actAs"
		for i, esc := range escalationPerms {
			if p == esc.perm {
				f.escalations |= 1 << i
			}
		}
	}
	return f
}

// predefinedRoleFacts memoises predefinedFacts: role name as written ->
// *permFacts, nil for a name that is not a predefined role.
var predefinedRoleFacts sync.Map

// predefinedFacts returns the facts of a predefined role; ok is false when
// the name is not one.
func predefinedFacts(name string) (*permFacts, bool) {
	if f, ok := predefinedRoleFacts.Load(name); ok {
		return f.(*permFacts), f.(*permFacts) != nil
	}
	var f *permFacts
	if role, ok := LookupRole(name); ok {
		f = factsOf(role.Permissions)
	}
	predefinedRoleFacts.Store(name, f)
	return f, f != nil
}

func classByVerbs(perms []string) iam.Class {
	if len(perms) == 0 {
		return iam.ClassNone
	}
	for _, p := range perms {
		if !isReadPermission(p) {
			return iam.ClassWrite
		}
	}
	return iam.ClassRead
}

func sample(ps []string, k int) []string {
	if len(ps) <= k {
		return ps
	}
	return append(slices.Clone(ps[:k]), fmt.Sprintf("and %d more", len(ps)-k))
}

func orSome(s string) string {
	if s == "" {
		return "it is set on"
	}
	return s
}

func membersPhrase(r BindingResult) string {
	switch {
	case r.Public:
		return "the public"
	case r.Broad:
		return "a broad member"
	case len(r.Members) == 1 && r.Members[0].Ref != "":
		// google_service_account.ci.email: the account (its email known after apply).
		ref := r.Members[0].Ref
		if i := strings.LastIndexByte(ref, '.'); i > 0 && strings.Contains(ref[:i], ".") && !strings.ContainsAny(ref[i:], "[]") {
			return ref[:i] + " (" + ref[i+1:] + " known after apply)"
		}
		return ref + " (known after apply)"
	case len(r.Members) == 1:
		return r.Members[0].Raw
	}
	return "its members"
}
