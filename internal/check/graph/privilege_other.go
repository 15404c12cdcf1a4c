package graph

import (
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam/azureiam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam/gcpiam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam/k8srbac"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam/scopes"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam/vaultiam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// --- Google Cloud ---

var gcpScopes = map[string]gcpiam.Scope{
	"organization": gcpiam.ScopeOrganization,
	"folder":       gcpiam.ScopeFolder,
	"project":      gcpiam.ScopeProject,
	"resource":     gcpiam.ScopeResource,
}

// gcpMembers links IAM member strings to service accounts in the plan.
func (g *Graph) gcpMembers(n *Node) []*Node {
	var out []*Node
	for _, attr := range n.Entry.Privilege.Members {
		ts, _ := g.follow(n, kb.Link{Path: attr, Types: []string{"google_service_account"}, By: []string{"email", "member"}})
		out = append(out, ts...)
	}
	return out
}

// gcpBindings reads the bindings a GCP grant resource makes.
func (g *Graph) gcpBindings(n *Node) []gcpiam.Binding {
	p := n.Entry.Privilege
	base := gcpiam.Binding{Scope: gcpScopes[p.ScopeLevel], Source: src(n.Address()), OnServiceAccount: len(p.On) > 0}
	if s, ok := plan.Get(n.Values, kb.SplitPath(p.Scope)...).(string); ok {
		base.Resource = s
	}
	if expr, ok := conditionBlock(n.Values["condition"]); ok {
		base.Conditional = true
		if expiredCondition(expr, g.Opts.Now) {
			return nil
		}
	}
	if p.Document != "" {
		// policy_data: the whole authoritative policy.
		var doc struct {
			Bindings []struct {
				Role      string          `json:"role"`
				Members   []string        `json:"members"`
				Condition json.RawMessage `json:"condition"`
			} `json:"bindings"`
		}
		s, ok := n.Values[p.Document].(string)
		if ok {
			if err := json.Unmarshal([]byte(s), &doc); err != nil {
				ok = false
				var se *json.SyntaxError
				if errors.As(err, &se) {
					g.problem(n, p.Document, "not JSON")
				} else {
					g.problem(n, p.Document, "not a Google IAM policy: want bindings of a role and members")
				}
			}
		}
		if !ok {
			if bs, found := g.gcpPolicyData(n, p, base); found {
				return bs
			}
			b := base
			b.Role = "(unknown policy_data)"
			return []gcpiam.Binding{b}
		}
		var out []gcpiam.Binding
		for _, pb := range doc.Bindings {
			members := make([]any, len(pb.Members))
			for i, m := range pb.Members {
				members[i] = m
			}
			var c struct {
				Expression string `json:"expression"`
			}
			conditional := len(pb.Condition) > 0 && string(pb.Condition) != "null"
			if conditional {
				_ = json.Unmarshal(pb.Condition, &c) // an expression that does not parse has not expired
			}
			if b, ok := g.policyBinding(n, base, pb.Role, members, conditional, c.Expression); ok {
				out = append(out, b)
			}
		}
		return out
	}
	b := base
	switch r := plan.Get(n.Values, p.PolicyRef).(type) {
	case string:
		b.Role = r
		b.Permissions = g.gcpCustomPermissions(n, r)
	case value.Unknown:
		for _, t := range g.refTargets(n, p.PolicyRef, p.PolicyRefTypes) {
			b.Role = t.Address()
			b.Permissions, _ = plan.Strings(t.Values["permissions"])
		}
		if b.Role == "" {
			b.Role = r.String()
		}
	}
	for _, attr := range p.Members {
		path := kb.SplitPath(attr)
		for _, m := range valuesAt(n.Values, path) {
			if u, ok := m.(value.Unknown); ok && u.Ref == "" {
				// Members are mostly references to service accounts
				// created in the same plan: name the one it will be.
				m = value.Unknown{Ref: g.configRef(n, path)}
			}
			b.Members = append(b.Members, m)
		}
	}
	return []gcpiam.Binding{b}
}

// unverifiedImpersonation records a grant that lets a member known only
// after apply, built from a workload identity pool the plan makes, act as
// a service account: principalSet://.../attribute.repository/o/r names one
// repository, principalSet://.../* every identity of the pool, and which
// one it is the plan cannot tell.
func (g *Graph) unverifiedImpersonation(gr *Grant, b gcpiam.Binding) {
	for _, m := range b.Members {
		if u, ok := m.(value.Unknown); ok && strings.Contains(u.Ref, "workload_identity_pool") {
			g.UnverifiedTrust = append(g.UnverifiedTrust, &UnverifiedTrust{Grant: gr, Ref: u.Ref})
			return
		}
	}
}

// gcpPolicyData reads the bindings of a policy_data known only after
// apply from the data.google_iam_policy the configuration sets it from:
// its binding blocks are planned, members known or not.
func (g *Graph) gcpPolicyData(n *Node, p kb.Privilege, base gcpiam.Binding) ([]gcpiam.Binding, bool) {
	var d *plan.Resource
	for _, e := range plan.ExprsAt(n.R.Config, []string{p.Document}) {
		for _, l := range g.Plan.LinksExpr(plan.ContextOf(n.R), e) {
			if l.Target.Type == "google_iam_policy" && l.Target.Mode == "data" {
				d = l.Target
			}
		}
	}
	if d == nil {
		return nil, false
	}
	blocks, ok := d.Values()["binding"].([]any)
	if !ok {
		return nil, false
	}
	base.Source = src(n.Address(), d.Address)
	out := []gcpiam.Binding{}
	for _, blk := range blocks {
		m, ok := blk.(map[string]any)
		if !ok {
			continue
		}
		members, _ := m["members"].([]any)
		expr, conditional := conditionBlock(m["condition"])
		if b, ok := g.policyBinding(n, base, m["role"], members, conditional || base.Conditional, expr); ok {
			out = append(out, b)
		}
	}
	return out, true
}

// policyBinding makes one binding of an authoritative policy, from
// policy_data or from a data.google_iam_policy binding block: none when
// only people hold it (a project owner who is a person is no machine
// identity's privilege) or its condition has expired. A role known only
// after apply is named as such.
func (g *Graph) policyBinding(n *Node, base gcpiam.Binding, role any, members []any, conditional bool, expr string) (gcpiam.Binding, bool) {
	people := n.Entry.Privilege.People
	if people != nil && len(members) > 0 && !slices.ContainsFunc(members, func(m any) bool {
		s, known := m.(string)
		return !known || !people.Matches(s)
	}) {
		return gcpiam.Binding{}, false
	}
	if conditional && expiredCondition(expr, g.Opts.Now) {
		return gcpiam.Binding{}, false
	}
	b := base
	b.Role = "(unknown role)"
	if r, ok := role.(string); ok {
		b.Role = r
		b.Permissions = g.gcpCustomPermissions(n, r)
	}
	b.Members = members
	b.Conditional = conditional
	return b, true
}

// conditionBlock reads an IAM condition block (a list of one object) as
// its expression, and whether there is one.
func conditionBlock(v any) (string, bool) {
	c, ok := v.([]any)
	if !ok || len(c) == 0 {
		return "", false
	}
	m, _ := c[0].(map[string]any)
	expr, _ := m["expression"].(string)
	return expr, true
}

// requestTimeBefore is an IAM condition's upper bound on the request time,
// the form Google documents for temporary access.
var requestTimeBefore = regexp.MustCompile(`request\.time\s*<=?\s*timestamp\(\s*["']([^"']+)["']\s*\)`)

// expiredCondition reports whether an IAM condition admits no request
// after now: a conjunction bounding request.time by a time already past.
// A grant that has expired grants nothing. Any disjunction, or a bound
// that does not parse, is not read.
func expiredCondition(expr string, now time.Time) bool {
	if strings.Contains(expr, "||") {
		return false
	}
	for _, m := range requestTimeBefore.FindAllStringSubmatch(expr, -1) {
		if t, err := time.Parse(time.RFC3339, m[1]); err == nil && !t.After(now) {
			return true
		}
	}
	return false
}

// gcpCustomPermissions returns the permissions of a custom role defined in the plan.
func (g *Graph) gcpCustomPermissions(n *Node, role string) []string {
	if !strings.Contains(role, "/roles/") || strings.HasPrefix(role, "roles/") {
		return nil
	}
	for _, typ := range []string{"google_project_iam_custom_role", "google_organization_iam_custom_role"} {
		// The first of the type named so, by name or by id (found by
		// value: a scan per binding was quadratic in custom roles).
		var first *Node
		for _, attr := range []string{"name", "id"} {
			if rs := g.index(typ, attr)[role]; len(rs) > 0 && (first == nil || rs[0].ord < first.ord) {
				first = rs[0]
			}
		}
		if first != nil {
			perms, _ := plan.Strings(first.Values["permissions"])
			return perms
		}
	}
	return nil
}

func (g *Graph) gcpPrivilege() {
	results := map[*Node][]gcpiam.BindingResult{}
	grantsOf := map[*Node][]*Node{}
	for _, gr := range g.Grants {
		n := gr.Node
		if n.Entry.Privilege.Engine != kb.GCPRole {
			continue
		}
		var rs []gcpiam.BindingResult
		for _, b := range g.gcpBindings(n) {
			r := gcpiam.AnalyzeBinding(b)
			rs = append(rs, r)
			if r.Impersonates && len(gr.On) > 0 {
				g.unverifiedImpersonation(gr, b)
			}
		}
		record(n, gcpiam.Effective(rs...))
		for _, p := range gr.Principals {
			results[p] = append(results[p], rs...)
			grantsOf[p] = append(grantsOf[p], n)
		}
	}
	for p, rs := range results {
		record(p, gcpiam.Effective(rs...), grantsOf[p]...)
	}
	for _, n := range g.Nodes {
		switch {
		case n.Class == kb.Policy && n.Entry.Privilege.Engine == kb.GCPRole:
			perms, _ := plan.Strings(plan.Get(n.Values, kb.SplitPath(n.Entry.Privilege.Scopes)...))
			name, _ := n.Values["role_id"].(string)
			scope := gcpiam.ScopeProject
			if n.Type() == "google_organization_iam_custom_role" {
				scope = gcpiam.ScopeOrganization // defined there, and granted there or below
			}
			record(n, gcpiam.ClassifyRoleAt(name, perms, scope))
		case n.Type() == "google_iam_workload_identity_pool_provider":
			g.recordTrust(n, gcpiam.AnalyzeWorkloadIdentityProvider(gcpiam.WorkloadIdentityProvider{
				IssuerURI:          plan.Get(n.Values, "oidc", "issuer_uri"),
				AWSAccount:         blockAttr(n.Values, "aws", "account_id"),
				X509:               blockAttr(n.Values, "x509", "") != nil,
				SAML:               blockAttr(n.Values, "saml", "") != nil,
				AttributeCondition: n.Values["attribute_condition"],
				Source:             src(n.Address()),
			}))
		}
	}
}

// blockAttr is an attribute of a single nested block, or the block itself
// (attr ""), when the block is present; nil when it is not. A block known
// only after apply is value.Unknown.
func blockAttr(vals map[string]any, block, attr string) any {
	switch b := vals[block].(type) {
	case []any:
		if len(b) == 0 || b[0] == nil {
			return nil
		}
		if attr == "" {
			return b[0]
		}
		if m, ok := b[0].(map[string]any); ok {
			if v, ok := m[attr]; ok && v != nil {
				return v
			}
		}
		return value.Unknown{Ref: block + "." + attr}
	case value.Unknown:
		return b
	}
	return nil
}

// --- Azure ---

func (g *Graph) azurePrivilege() {
	for _, gr := range g.Grants {
		n := gr.Node
		p := n.Entry.Privilege
		switch p.Engine {
		case kb.AzureRole:
			a := azureiam.Assignment{Scope: n.Values[p.Scope], Condition: n.Values["condition"], Source: src(n.Address())}
			a.Role = n.Values[p.PolicyRef]
			for _, alt := range p.PolicyRefAlt {
				if s, ok := a.Role.(string); (!ok || s == "") && n.Values[alt] != nil {
					a.Role = n.Values[alt]
				}
			}
			for _, t := range g.refTargets(n, p.PolicyRef, p.PolicyRefTypes) {
				a.Definition = azureDefinition(t)
			}
			if a.Definition == nil {
				for _, alt := range p.PolicyRefAlt {
					for _, t := range g.refTargets(n, alt, p.PolicyRefTypes) {
						a.Definition = azureDefinition(t)
					}
				}
			}
			if u, ok := a.Scope.(value.Unknown); ok {
				// The scope is a resource created in this plan: its type tells the level.
				for _, l := range g.Plan.Links(n.R, p.Scope) {
					ref := u.Ref
					if ref == "" {
						ref = l.Ref // the reference as written names it
					}
					a.ScopeOverride = scopeFromType(l.Target.Type, ref)
				}
			}
			res := azureiam.AnalyzeAssignment(a)
			record(n, res.Verdict)
			for _, pr := range gr.Principals {
				record(pr, res.Verdict, n)
			}
		case kb.AzureAppRole:
			var v iam.Verdict
			if p.ScopeLevel == "directory" {
				gr := azureiam.DirectoryRoleGrant{Role: n.Values[p.PolicyRef], Scope: n.Values[p.Scope], Source: src(n.Address())}
				g.directoryRole(n, p, &gr)
				v = azureiam.AnalyzeDirectoryRole(gr)
			} else {
				role, api := g.assignedAppRole(n)
				v = azureiam.AnalyzeAppRoles(azureiam.AppRoleGrant{AppRoleID: role, ResourceAppID: api, Source: src(n.Address())})
			}
			record(n, v)
			for _, pr := range gr.Principals {
				record(pr, v, n)
			}
		}
	}
	for _, n := range g.Nodes {
		p := n.Entry.Privilege
		switch {
		case n.Class == kb.Policy && p.Engine == kb.AzureRole:
			if d := azureDefinition(n); d != nil {
				record(n, azureiam.ClassifyRole(*d))
			}
		case n.Class == kb.Trust && (p.Trust == "subject" || p.Trust == "claims_matching_expression") && strings.HasPrefix(n.Type(), "azure"):
			g.recordTrust(n, azureiam.AnalyzeFederatedCredential(azureiam.FederatedCredential{
				Issuer: n.Values["issuer"], Subject: n.Values["subject"], Expression: n.Values["claims_matching_expression"], Source: src(n.Address()),
			}))
		}
	}
}

// directoryRole names the directory role a grant gives when it points at
// one in the plan: the display name or template id of the
// azuread_directory_role (whose object id names nothing until the role is
// activated), or the actions of the azuread_custom_directory_role.
func (g *Graph) directoryRole(n *Node, p kb.Privilege, gr *azureiam.DirectoryRoleGrant) {
	if _, unknown := gr.Scope.(value.Unknown); unknown {
		if obj, ok := scopedObject(n, p.Scope); ok {
			gr.Scope = "/${" + obj + "}"
		}
	}
	ts, _ := g.follow(n, kb.Link{Path: p.PolicyRef, Types: p.PolicyRefTypes, By: []string{"template_id", "object_id", "id"}})
	if len(ts) == 0 {
		return
	}
	t := ts[0]
	if t.Type() == "azuread_custom_directory_role" {
		c := &azureiam.CustomDirectoryRole{}
		c.Name, _ = t.Values["display_name"].(string)
		perms, _ := t.Values["permissions"].([]any)
		for _, pm := range perms {
			if m, ok := pm.(map[string]any); ok {
				acts, _ := plan.Strings(m["allowed_resource_actions"])
				c.Actions = append(c.Actions, acts...)
			}
		}
		gr.Custom = c
		return
	}
	gr.Role = t.Values["display_name"]
	if s, ok := gr.Role.(string); !ok || s == "" {
		gr.Role = t.Values["template_id"]
	}
}

// scopedObjectRef matches a reference to a directory object a role
// assignment can be scoped to, or to its id.
var scopedObjectRef = regexp.MustCompile(`^(azuread_application|azuread_application_registration|azuread_service_principal|azuread_administrative_unit)\.[^.\[]+(\[[^\]]*\])?(\.(object_id|id))?$`)

// scopedObject names the one directory object whose id a directory scope
// known only after apply is made from ("/${azuread_application.app.object_id}",
// as Graph documents scoping a role to one application): the expression
// reads that object and nothing else, so it cannot be the tenant's "/".
func scopedObject(n *Node, attr string) (string, bool) {
	obj, base := "", ""
	for _, e := range plan.ExprsAt(n.R.Config, kb.SplitPath(attr)) {
		for _, r := range e.References {
			m := scopedObjectRef.FindStringSubmatch(r)
			if m == nil {
				return "", false
			}
			b := strings.TrimSuffix(r, m[3])
			if base != "" && b != base {
				return "", false
			}
			base = b
			if m[3] != "" {
				obj = r
			}
		}
	}
	return obj, obj != ""
}

// azureResourceAppID finds the application id of the API a permission is
// on: Microsoft Graph's service principal is usually read with a data
// source whose client_id is known.
func (g *Graph) azureResourceAppID(n *Node, attr string) any {
	for _, l := range g.Plan.Links(n.R, attr) {
		if id, ok := g.clientID(l.Target); ok {
			return id
		}
	}
	return n.Values[attr]
}

// clientID is the application (client) id of a service principal in the
// plan: client_id, or application_id before azuread 3.0.
func (g *Graph) clientID(r *plan.Resource) (string, bool) {
	if t := g.nodeOf(r); t != nil {
		for _, k := range []string{"client_id", "application_id"} {
			if s, ok := t.Values[k].(string); ok && s != "" {
				return s, true
			}
		}
	}
	return "", false
}

func azureDefinition(n *Node) *azureiam.RoleDefinition {
	perms, _ := n.Values["permissions"].([]any)
	d := &azureiam.RoleDefinition{}
	d.Name, _ = n.Values["name"].(string)
	for _, p := range perms {
		m, ok := p.(map[string]any)
		if !ok {
			continue
		}
		add := func(dst *[]string, k string) {
			s, _ := plan.Strings(m[k])
			*dst = append(*dst, s...)
		}
		add(&d.Actions, "actions")
		add(&d.NotActions, "not_actions")
		add(&d.DataActions, "data_actions")
		add(&d.NotDataActions, "not_data_actions")
	}
	return d
}

func scopeFromType(typ, ref string) *azureiam.Scope {
	var level azureiam.ScopeLevel
	switch typ {
	case "azurerm_resource_group":
		level = azureiam.ScopeResourceGroup
	case "azurerm_management_group":
		level = azureiam.ScopeManagementGroup
	case "azurerm_subscription":
		level = azureiam.ScopeSubscription
	default:
		level = azureiam.ScopeResource
	}
	s := azureiam.ScopeFromLevel(level, ref)
	return &s
}

// --- Kubernetes ---

func k8sRules(vals map[string]any, attr string) []k8srbac.Rule {
	var out []k8srbac.Rule
	blocks, _ := vals[attr].([]any)
	for _, b := range blocks {
		m, ok := b.(map[string]any)
		if !ok {
			continue
		}
		var r k8srbac.Rule
		r.APIGroups, _ = plan.Strings(m["api_groups"])
		r.Resources, _ = plan.Strings(m["resources"])
		r.Verbs, _ = plan.Strings(m["verbs"])
		r.ResourceNames, _ = plan.Strings(m["resource_names"])
		r.NonResourceURLs, _ = plan.Strings(m["non_resource_urls"])
		out = append(out, r)
	}
	return out
}

func (g *Graph) k8sPrivilege() {
	for _, n := range g.Nodes {
		p := n.Entry.Privilege
		if p.Engine != kb.K8sRBAC || n.Class != kb.Policy {
			continue
		}
		ns, _ := plan.Get(n.Values, kb.SplitPath(p.Scope)...).(string)
		record(n, k8srbac.AnalyzeRules(k8sRules(n.Values, p.Rules), p.ScopeLevel == "cluster", ns, src(n.Address())))
	}
	for _, gr := range g.Grants {
		n := gr.Node
		p := n.Entry.Privilege
		if p.Engine != kb.K8sRBAC {
			continue
		}
		b := g.k8sBinding(n)
		record(n, k8srbac.AnalyzeBinding(b))
		// Each service account subject holds the role, and no more: what
		// another subject is (the system:masters group) is not its.
		held := k8srbac.AnalyzeBoundRole(b)
		for _, pr := range gr.Principals {
			record(pr, held, n)
		}
	}
}

// k8sBinding reads a RoleBinding or ClusterRoleBinding of the plan, with
// the rules of its role when the plan defines it.
func (g *Graph) k8sBinding(n *Node) k8srbac.Binding {
	p := n.Entry.Privilege
	b := k8srbac.Binding{ClusterWide: p.ScopeLevel == "cluster", Source: src(n.Address())}
	b.Namespace, _ = plan.Get(n.Values, kb.SplitPath(p.Scope)...).(string)
	b.RoleKind, _ = plan.Get(n.Values, "role_ref", "kind").(string)
	b.RoleName, _ = plan.Get(n.Values, "role_ref", "name").(string)
	b.Subjects = k8sSubjects(n)
	return g.k8sBoundRole(n, b)
}

// k8sSubjects reads a binding's subjects.
func k8sSubjects(n *Node) []k8srbac.Subject {
	var out []k8srbac.Subject
	subjects, _ := n.Values["subject"].([]any)
	for _, s := range subjects {
		m, ok := s.(map[string]any)
		if !ok {
			continue
		}
		sub := k8srbac.Subject{}
		sub.Kind, _ = m["kind"].(string)
		sub.Name, _ = m["name"].(string)
		sub.Namespace, _ = m["namespace"].(string)
		out = append(out, sub)
	}
	return out
}

// boundToGroup reports whether a binding names a Kubernetes group.
func boundToGroup(subjects []k8srbac.Subject, group string) bool {
	return slices.ContainsFunc(subjects, func(s k8srbac.Subject) bool { return strings.EqualFold(s.Kind, "Group") && s.Name == group })
}

// k8sBoundRole fills in the rules of the role a binding's role_ref names
// when the plan defines it: a Role of the binding's namespace (kind Role)
// or a ClusterRole (kind ClusterRole), referenced or named. A role of
// that name elsewhere (another namespace's Role, a Role where a
// ClusterRole is named) is another role. When several may be the one (the
// binding's namespace is known only after apply), the broadest is judged.
func (g *Graph) k8sBoundRole(n *Node, b k8srbac.Binding) k8srbac.Binding {
	p := n.Entry.Privilege
	l := kb.Link{Path: p.PolicyRef, By: []string{"metadata.name"}}
	for _, typ := range p.PolicyRefTypes {
		namespaced := kb.Lookup(typ).Privilege.ScopeLevel == "namespace"
		if b.RoleKind == "" || namespaced == (b.RoleKind == "Role") {
			l.Types = append(l.Types, typ)
		}
	}
	if p.Scope != "" && b.RoleKind != "ClusterRole" {
		// A Role and its binding share the attribute naming the namespace.
		l.Match = []kb.Match{{Default: p.Scope, Target: p.Scope}}
	}
	roles, _ := g.follow(n, l)
	best, bestClass := b, iam.ClassUnknown
	for i, t := range roles {
		c := b
		c.Rules = k8sRules(t.Values, t.Entry.Privilege.Rules)
		c.Aggregated = len(valuesAt(t.Values, []string{"aggregation_rule"})) > 0
		c.Source = src(n.Address(), t.Address())
		if c.RoleName == "" {
			c.RoleName = t.Address()
		}
		if class := k8srbac.AnalyzeBoundRole(c).Class; i == 0 || class > bestClass {
			best, bestClass = c, class
		}
	}
	return best
}

// defaultComputeAccount reports whether a Compute Engine workload (an
// instance, a template, GKE nodes, a Cloud Run service) runs as the
// project's default compute service account with the cloud-platform
// scope, and names the account. The account is the default when unset,
// "default", or PROJECT_NUMBER-compute@developer.gserviceaccount.com; one
// the configuration names that is known only after apply (a service
// account this plan makes) is not, and one the provider fills in because
// nothing names it is.
func defaultComputeAccount(n *Node) (string, bool) {
	p := n.Entry.Privilege
	if !fullScope(n) {
		return "", false
	}
	path := kb.SplitPath(p.PolicyRef)
	accounts := valuesAt(n.Values, path)
	if len(accounts) == 0 {
		return "the default compute service account", true
	}
	for _, a := range accounts {
		switch s, _ := a.(string); {
		case value.IsUnknown(a):
			if !n.R.Configures(path...) {
				return "the default compute service account", true
			}
		case a == nil, s == "", s == "default":
			return "the default compute service account", true
		case defaultComputeEmail.MatchString(s):
			return "the default compute service account " + s, true
		}
	}
	return "", false
}

// fullScope reports whether a workload's tokens carry the cloud-platform
// scope, which lets them call every API its account may: its scope list
// names it, or it has none to narrow them (kb.Privilege.UnsetMeansAll,
// Cloud Run). A scope list that is unset or unknown is not judged (GKE's
// default is narrow).
func fullScope(n *Node) bool {
	p := n.Entry.Privilege
	if p.Scopes == "" {
		return p.UnsetMeansAll
	}
	for _, s := range stringsAt(n.Values, p.Scopes) {
		if s, ok := s.(string); ok && (s == "cloud-platform" || s == "https://www.googleapis.com/auth/cloud-platform") {
			return true
		}
	}
	return false
}

// defaultComputeEmail is a project's default compute service account.
var defaultComputeEmail = regexp.MustCompile(`^[0-9]+-compute@developer\.gserviceaccount\.com$`)

// writeSetting is the write-class verdict of one setting of a resource
// itself (an unrestricted API key, a PKI role for any name).
func writeSetting(n *Node, kind iam.Kind, id, message string) iam.Verdict {
	return setting(n, kind, iam.ClassWrite, id, message)
}

// tfeManage are a team's organization_access settings that manage who may
// do what: a token of the team can grant itself the rest.
var tfeManage = []string{"manage_membership", "manage_teams", "manage_organization_access", "manage_policies", "manage_policy_overrides"}

// teamTokenPrivilege judges an HCP Terraform token: the organization
// token acts as the organization's service account (teams, membership,
// workspaces); a team token has its team's access, and the owners team
// administers the whole organization.
func teamTokenPrivilege(n *Node) (iam.Verdict, bool) {
	if n.Type() == "tfe_organization_token" {
		return setting(n, iam.KindPermissionsManagement, iam.ClassPermissionsManagement, "tfe:organization-token",
			"the organization token acts as the organization's service account: it manages teams, their membership and workspaces"), true
	}
	for _, team := range n.Parents {
		if name, _ := team.Values["name"].(string); name == "owners" {
			return setting(n, iam.KindAdmin, iam.ClassAdmin, "tfe:owners-team",
				"a token of the owners team administers the whole organization: every workspace, its state and variables, and who may access them"), true
		}
		access, _ := plan.Get(team.Values, "organization_access").([]any)
		for _, a := range access {
			m, _ := a.(map[string]any)
			for _, flag := range tfeManage {
				if m[flag] == true {
					return setting(n, iam.KindPermissionsManagement, iam.ClassPermissionsManagement, "tfe:team-manages-access",
						"its team has organization_access."+flag+": the token can change who may do what in the organization"), true
				}
			}
		}
	}
	return iam.Verdict{}, false
}

// setting is the verdict of one setting of a resource itself.
func setting(n *Node, kind iam.Kind, class iam.Class, id, message string) iam.Verdict {
	return iam.Verdict{Class: class, Evidence: []iam.Evidence{{
		Kind: kind, ID: id, Class: class, Message: message,
		Grants: []iam.Grant{{Source: src(n.Address())}},
	}}}
}

// --- Vault ---

func (g *Graph) vaultPrivilege() {
	docs := map[string]*vaultiam.Policy{}
	for _, n := range g.Nodes {
		p := n.Entry.Privilege
		if p.Engine != kb.VaultPolicy || n.Class != kb.Policy || p.Document == "" {
			continue
		}
		pol, err := vaultiam.ParsePolicy(n.Values[p.Document], n.Address())
		if _, known := n.Values[p.Document].(string); err != nil && known {
			g.problem(n, p.Document, "not a Vault policy in HCL or JSON")
		}
		if err != nil {
			record(n, iam.Verdict{Class: iam.ClassUnknown, Notes: []string{err.Error()}})
			continue
		}
		if name, ok := n.Values["name"].(string); ok {
			docs[name] = pol
		}
		record(n, vaultiam.AnalyzePolicy(pol, src(n.Address())))
	}
	for _, n := range g.Nodes {
		p := n.Entry.Privilege
		if p.Engine != kb.VaultPolicy || n.Class == kb.Policy || p.PolicyRef == "" {
			continue
		}
		names := stringsAt(n.Values, p.PolicyRef)
		for _, alt := range p.PolicyRefAlt {
			if len(names) == 0 {
				names = stringsAt(n.Values, alt)
			}
		}
		for _, also := range p.PolicyRefAlso {
			names = append(names, stringsAt(n.Values, also)...)
		}
		if len(names) == 0 {
			continue
		}
		var grants []*Node
		chain := []string{n.Address()}
		for _, t := range g.refTargets(n, p.PolicyRef, p.PolicyRefTypes) {
			grants = append(grants, t)
			chain = append(chain, t.Address())
		}
		record(n, vaultiam.AnalyzePolicyNames(names, docs, src(chain...)), grants...)
	}
	for _, n := range g.Nodes {
		if n.Class == kb.Identity {
			g.vaultIssuedPrivilege(n)
		}
	}
	// Who may log in through an auth role: CI jobs presenting a JWT, pods
	// presenting a service account token, cloud principals.
	for _, n := range g.Nodes {
		switch {
		case n.Type() == "vault_jwt_auth_backend_role" && n.Class == kb.Identity:
			g.recordTrust(n, vaultiam.AnalyzeJWTRole(vaultiam.JWTRole{BoundSubject: n.Values["bound_subject"],
				BoundClaims: n.Values["bound_claims"], BoundClaimsType: n.Values["bound_claims_type"], Issuer: g.vaultJWTIssuer(n), Source: src(n.Address())}))
		case n.Type() == "vault_kubernetes_auth_backend_role":
			g.recordTrust(n, vaultiam.AnalyzeKubernetesRole(vaultiam.KubernetesRole{ServiceAccountNames: n.Values["bound_service_account_names"],
				ServiceAccountNamespaces: n.Values["bound_service_account_namespaces"], NamespaceSelector: n.Values["bound_service_account_namespace_selector"],
				Source: src(n.Address())}))
		case n.Type() == "vault_aws_auth_backend_role":
			g.recordTrust(n, vaultiam.AnalyzeAWSRole(vaultiam.AWSRole{AuthType: n.Values["auth_type"],
				PrincipalARNs: n.Values["bound_iam_principal_arns"], Source: src(n.Address())}))
		case n.Type() == "vault_approle_auth_backend_role":
			g.recordTrust(n, vaultiam.AnalyzeAppRole(vaultiam.AppRole{BindSecretID: n.Values["bind_secret_id"],
				CIDRs: []any{n.Values["token_bound_cidrs"], n.Values["secret_id_bound_cidrs"]}, Source: src(n.Address())}))
		case n.Type() == "vault_gcp_auth_backend_role":
			g.recordTrust(n, vaultiam.AnalyzeGCPRole(vaultiam.GCPRole{ServiceAccounts: n.Values["bound_service_accounts"],
				Projects: n.Values["bound_projects"], Source: src(n.Address())}))
		}
	}
}

// vaultIssuedPrivilege judges what the identities a Vault secrets
// engine's role makes on every read hold: a Google service account bound
// to the roles of its binding blocks (a roleset's, or a static account's),
// an Entra service principal assigned its azure_roles.
func (g *Graph) vaultIssuedPrivilege(n *Node) {
	var blocks []any
	var key string
	switch n.Type() {
	case "vault_gcp_secret_roleset", "vault_gcp_secret_static_account":
		key = "binding"
	case "vault_azure_secret_backend_role":
		key = "azure_roles"
	default:
		return
	}
	switch x := n.Values[key].(type) {
	case value.Unknown:
		record(n, iam.Verdict{Class: iam.ClassUnknown, Unknowns: []string{n.Address() + "." + key}})
		return
	case []any:
		blocks = x
	}
	var gcp []gcpiam.BindingResult
	for _, b := range blocks {
		m, _ := b.(map[string]any)
		if key == "azure_roles" {
			role := m["role_name"]
			if s, _ := role.(string); s == "" {
				role = m["role_id"]
			}
			record(n, azureiam.AnalyzeAssignment(azureiam.Assignment{Role: role, Scope: m["scope"], Source: src(n.Address())}).Verdict)
			continue
		}
		resource, _ := m["resource"].(string)
		scope, onSA := gcpResourceScope(resource)
		roles, _ := m["roles"].([]any)
		for _, r := range roles {
			role, _ := r.(string)
			gcp = append(gcp, gcpiam.AnalyzeBinding(gcpiam.Binding{Role: role, Permissions: g.gcpCustomPermissions(n, role), Scope: scope,
				Resource: resource, OnServiceAccount: onSA, Source: src(n.Address())}))
		}
	}
	if len(gcp) > 0 {
		record(n, gcpiam.Effective(gcp...))
	}
}

// gcpResourceScope is the level of a full resource name a Vault GCP
// binding is on (//cloudresourcemanager.googleapis.com/projects/p), and
// whether it is a service account.
func gcpResourceScope(resource string) (gcpiam.Scope, bool) {
	_, path, _ := strings.Cut(strings.TrimPrefix(resource, "//"), "/")
	switch {
	case strings.HasPrefix(resource, "//cloudresourcemanager.googleapis.com/"):
		switch {
		case strings.HasPrefix(path, "projects/"):
			return gcpiam.ScopeProject, false
		case strings.HasPrefix(path, "folders/"):
			return gcpiam.ScopeFolder, false
		case strings.HasPrefix(path, "organizations/"):
			return gcpiam.ScopeOrganization, false
		}
	case strings.HasPrefix(resource, "//iam.googleapis.com/") && strings.Contains(path, "/serviceAccounts/"):
		return gcpiam.ScopeResource, true
	case resource == "":
		return gcpiam.ScopeUnknown, false
	}
	return gcpiam.ScopeResource, false
}

// vaultJWTMount is a JWT role's auth mount, by its path (backend).
var vaultJWTMount = kb.Link{Path: "backend", Types: []string{"vault_jwt_auth_backend"}, By: []string{"path"}}

// vaultJWTIssuer is the issuer of a JWT role's mount when the plan has the
// mount: bound_issuer, which Vault compares iss with, else the URL its
// keys come from. nil when the mount is outside the plan or says nothing.
func (g *Graph) vaultJWTIssuer(role *Node) any {
	mounts, _ := g.follow(role, vaultJWTMount)
	if len(mounts) != 1 {
		return nil
	}
	for _, attr := range []string{"bound_issuer", "oidc_discovery_url", "jwks_url"} {
		switch x := mounts[0].Values[attr].(type) {
		case string:
			if strings.TrimSpace(x) != "" {
				return x
			}
		case value.Unknown:
			return x
		}
	}
	return nil
}

// --- Token scopes, write flags, unrestricted keys ---

func (g *Graph) scopePrivilege() {
	for _, n := range g.Nodes {
		p := n.Entry.Privilege
		switch p.Engine {
		case kb.TokenScopes:
			var list []any
			for _, path := range append([]string{p.Scopes}, p.ScopesAlt...) {
				list = append(list, stringsAt(n.Values, path)...)
			}
			if len(list) == 0 && p.UnsetMeansAll {
				list = []any{"*"}
			}
			v := scopes.Classify(n.Entry.Provider, list, src(n.Address()))
			// A token does what both its scopes and its bot's role allow:
			// the role counts only with a scope that writes (a maintainer
			// token scoped read_repository can only clone).
			if p.PolicyRef != "" && n.Values[p.PolicyRef] != nil && n.Entry.Provider == "gitlab" && (v.Class >= iam.ClassWrite || v.Class == iam.ClassUnknown) {
				lv := scopes.GitLabAccessLevel(n.Values[p.PolicyRef], src(n.Address()))
				v.Class = iam.Max(v.Class, lv.Class)
				v.Evidence = append(v.Evidence, lv.Evidence...)
			}
			record(n, v)
		case kb.WriteFlag:
			flag := n.Values[p.Flag]
			if !p.Inverted {
				// can_push = true grants write: present it as read_only = !flag.
				if b, ok := flag.(bool); ok {
					flag = !b
				}
			}
			record(n, scopes.GitHubDeployKey(flag, src(n.Address())))
		case kb.AnyName:
			if n.Values[p.Flag] == true {
				record(n, writeSetting(n, iam.KindEscalation, "scope:any-name",
					p.Flag+" = true: it issues certificates for any name, so whoever may use it can pass for any service that trusts this CA"))
			}
		case kb.Unrestricted:
			restr := n.Values[p.Flag]
			if l, ok := restr.([]any); ok && len(l) == 0 || restr == nil {
				record(n, writeSetting(n, iam.KindWildcard, "scope:unrestricted-key",
					"no "+p.Flag+" block: the key works for every enabled API, from any caller"))
			}
		case kb.TeamToken:
			if v, ok := teamTokenPrivilege(n); ok {
				record(n, v)
			}
		case kb.CloudflarePolicy:
			record(n, g.cloudflarePrivilege(n))
		case kb.DefaultAccount:
			if account, ok := defaultComputeAccount(n); ok && n.Class == kb.Grant {
				record(n, setting(n, iam.KindWildcard, iam.ClassAdmin, "gcp:default-account-full-scope",
					"it runs as "+account+" with the cloud-platform scope: whatever runs on it may call every API that account may, "+
						"and the default account holds Editor on the project unless the organization policy iam.automaticIamGrantsForDefaultServiceAccounts is enforced"))
			}
		}
	}
	for _, gr := range g.Grants {
		n := gr.Node
		switch {
		case n.Entry.Privilege.Engine == kb.TokenScopes && n.Privilege != nil:
			// A scope list granted to a principal (a Key Vault access
			// policy for an application's object_id) is that principal's
			// privilege too.
			for _, pr := range gr.Principals {
				record(pr, n.Privilege.Verdict, n)
			}
		case n.Entry.Privilege.Engine == kb.DefaultAccount && n.Class == kb.Grant && n.Privilege == nil && fullScope(n):
			// A workload that runs as a service account of the plan with
			// the cloud-platform scope hands whatever runs on it what
			// the account may do: its administrator or escalation-capable
			// privilege is the workload's to report.
			for _, sa := range gr.Principals {
				if p := sa.Privilege; p != nil && (p.Class == iam.ClassAdmin || p.Has(iam.KindAdmin, iam.KindWildcard, iam.KindEscalation)) {
					record(n, p.Verdict, sa)
				}
			}
		}
	}
}

// assignedAppRole is the application permission an app role assignment
// grants, and the API it is of. A service principal created with this
// plan has no app_role_ids yet: an app_role_ids["Name"] reference names
// the permission.
func (g *Graph) assignedAppRole(n *Node) (role, api any) {
	p := n.Entry.Privilege
	role, api = n.Values[p.PolicyRef], g.azureResourceAppID(n, p.Scope)
	if _, unknown := role.(value.Unknown); unknown {
		if refs := g.appRoleRefs(n, p.PolicyRef); len(refs) == 1 {
			role = refs[0].name
			if _, known := api.(string); !known {
				api = refs[0].api
			}
		}
	}
	return role, api
}

// appRoleRef is an application permission named in the configuration by
// a service principal's app_role_ids["Name"] (the map of its API's app
// roles by value, as the azuread provider documents for granting them).
type appRoleRef struct {
	name string // "RoleManagement.ReadWrite.Directory"
	api  any    // the API's client id, as the service principal has it
}

// appRoleRefs lists the app_role_ids["..."] references at a path of the
// configuration (an attribute, or one in nested blocks).
func (g *Graph) appRoleRefs(n *Node, path ...string) []appRoleRef {
	var links []plan.Link
	for _, e := range plan.ExprsAt(n.R.Config, path) {
		links = append(links, g.Plan.LinksExpr(plan.ContextOf(n.R), e)...)
	}
	var out []appRoleRef
	for _, l := range links {
		if len(l.Attr) != 2 || l.Attr[0] != "app_role_ids" || l.Target.Type != "azuread_service_principal" {
			continue
		}
		var api any = value.Unknown{Ref: l.Target.Address + ".client_id"}
		if id, ok := g.clientID(l.Target); ok {
			api = id
		}
		out = append(out, appRoleRef{name: l.Attr[1], api: api})
	}
	return out
}
