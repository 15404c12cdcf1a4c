package plangen

import (
	"encoding/json"
	"fmt"
	"io"
)

// Shape names a plan crowded along one axis that Write's plans keep
// narrow. The checker's cost must grow with n no faster than the plan on
// each: they are where a graph turns quadratic, or a live heap outgrows
// what the plan's size predicts.
type Shape string

const (
	// GroupMembers: n users, each with an inline policy of its own, all
	// members of one group that grants administrator access.
	GroupMembers Shape = "group-members"
	// RolePolicies: one role with n customer managed policies attached,
	// the last granting administrator access.
	RolePolicies Shape = "role-policies"
	// Statements: one user with an inline policy of n statements, the
	// last granting administrator access.
	Statements Shape = "statements"
	// ProjectMembers: n Google service accounts, each an editor of one
	// project.
	ProjectMembers Shape = "project-members"
	// KeyOutputs: n access keys, each secret exposed through an output of
	// its own.
	KeyOutputs Shape = "key-outputs"
	// Wildcards: one user with an inline policy of n statements, each a
	// distinct wildcard over every service ("*:Describe7*"), the last
	// granting administrator access. Hostile rather than real (AWS caps a
	// document at 10 KB), but a gate's input.
	Wildcards Shape = "wildcards"
	// DeclaredKeys: n access keys, each covered by an nhi_identity that
	// lists it in credentials (for keys that cannot reference it).
	DeclaredKeys Shape = "declared-keys"
	// BoundAccount: one Kubernetes service account bound to n cluster
	// roles, one binding each, the last role granting every verb on
	// secrets.
	BoundAccount Shape = "bound-account"
	// EveryBucket: n users, each with a policy over every bucket of an
	// n-bucket for_each (a for expression over the whole resource), known
	// after apply.
	EveryBucket Shape = "every-bucket"
	// ModuleInstances: one module called with for_each over n keys, each
	// instance a user, its access key, an inline policy over every bucket
	// of an n-bucket for_each passed in as a variable (known after apply),
	// and an nhi_identity the user's tags reference, owned through a
	// variable by one nhi_owner: every reference crosses the module call.
	// And n root policies, each over the users of the module's instances
	// it picks by each.key (of other keys: it reads them all), and a root
	// output of the whole module, whose instances echo the buckets.
	ModuleInstances Shape = "module-instances"
	// DeclaredPatterns: n module instances of one access key each, each
	// covered by an nhi_identity whose credentials name the instance by
	// a pattern (module.keys["k7"].*).
	DeclaredPatterns Shape = "declared-patterns"
	// FilteredBuckets: every-bucket, where each policy filters the buckets
	// by each.key ([for b in aws_s3_bucket.data : b.arn if b.tags.team ==
	// each.key]), which matches none of the buckets' keys.
	FilteredBuckets Shape = "filtered-buckets"
	// LocalReaders: n users, each with a policy over a local that gathers
	// every bucket of two n-bucket for_each resources (concat of two for
	// expressions), known after apply. The local is in the configuration's
	// sources only (ShapeSources): a check reads it with them.
	LocalReaders Shape = "local-readers"
)

// Shapes lists every Shape.
var Shapes = []Shape{GroupMembers, RolePolicies, Statements, ProjectMembers, KeyOutputs, Wildcards, DeclaredKeys, BoundAccount, EveryBucket, ModuleInstances, DeclaredPatterns, FilteredBuckets, LocalReaders}

const (
	awsProvider    = "registry.terraform.io/hashicorp/aws"
	googleProvider = "registry.terraform.io/hashicorp/google"
	nhiProvider    = "registry.terraform.io/nhiguard/nhi"
	k8sProvider    = "registry.terraform.io/hashicorp/kubernetes"
)

// WriteShape writes a plan of shape s, of size n, to w: every resource is
// created, and the configuration holds the references between them, as
// `terraform show -json` prints it.
func WriteShape(w io.Writer, s Shape, n int) (Stats, error) {
	sp := &shapePlan{}
	switch s {
	case GroupMembers:
		sp.groupMembers(n)
	case RolePolicies:
		sp.rolePolicies(n)
	case Statements:
		sp.statements(n)
	case ProjectMembers:
		sp.projectMembers(n)
	case KeyOutputs:
		sp.keyOutputs(n)
	case Wildcards:
		sp.wildcards(n)
	case DeclaredKeys:
		sp.declaredKeys(n)
	case BoundAccount:
		sp.boundAccount(n)
	case EveryBucket:
		sp.everyBucket(n, false)
	case FilteredBuckets:
		sp.everyBucket(n, true)
	case LocalReaders:
		sp.localReaders(n)
	case ModuleInstances:
		sp.moduleInstances(n)
	case DeclaredPatterns:
		sp.declaredPatterns(n)
	default:
		return Stats{}, fmt.Errorf("unknown plan shape %q (one of %v)", s, Shapes)
	}
	cw := &countWriter{w: w}
	if err := json.NewEncoder(cw).Encode(sp.plan()); err != nil {
		return Stats{}, err
	}
	return Stats{Instances: len(sp.changes), Changes: len(sp.changes), Bytes: cw.n}, nil
}

// shapePlan collects a plan's created resources and their configuration.
type shapePlan struct {
	changes, planned, config []any
	outputs, outputChanges   map[string]any
	children                 []any          // planned_values child modules
	calls                    map[string]any // configuration module calls
}

// add plans the creation of one instance (key "" for a single one) with
// the given values; the attributes in unknown are known after apply.
func (sp *shapePlan) add(provider, typ, name, key string, after map[string]any, unknown ...string) {
	sp.addIn("", provider, typ, name, key, after, unknown...)
}

// addIn is add in a module instance (module is its address, "" for the
// root module); its planned values go to the caller.
func (sp *shapePlan) addIn(module, provider, typ, name, key string, after map[string]any, unknown ...string) map[string]any {
	addr := typ + "." + name
	if key != "" {
		addr += fmt.Sprintf("[%q]", key)
	}
	if module != "" {
		addr = module + "." + addr
	}
	afterUnknown := map[string]any{"id": true, "arn": true}
	for _, u := range unknown {
		afterUnknown[u] = true
	}
	head := func() map[string]any {
		m := map[string]any{"address": addr, "mode": "managed", "type": typ, "name": name, "provider_name": provider}
		if key != "" {
			m["index"] = key
		}
		if module != "" {
			m["module_address"] = module
		}
		return m
	}
	rc := head()
	rc["change"] = map[string]any{"actions": []string{"create"}, "before": nil, "after": after,
		"after_unknown": afterUnknown, "before_sensitive": false, "after_sensitive": map[string]any{}}
	sp.changes = append(sp.changes, rc)
	pv := head()
	pv["schema_version"], pv["values"], pv["sensitive_values"] = 0, after, map[string]any{}
	delete(pv, "module_address")
	if module != "" {
		return pv
	}
	sp.planned = append(sp.planned, pv)
	return nil
}

// configure declares a resource block; forEach makes it one instance per
// key of local.keys. Each expression is a list of references.
func (sp *shapePlan) configure(provider, typ, name string, forEach bool, refs map[string][]string) {
	sp.config = append(sp.config, configResource(provider, typ, name, forEach, refs))
}

func configResource(provider, typ, name string, forEach bool, refs map[string][]string) map[string]any {
	r := map[string]any{"address": typ + "." + name, "mode": "managed", "type": typ, "name": name,
		"provider_config_key": provider, "expressions": expressions(refs), "schema_version": 0}
	if forEach {
		r["for_each_expression"] = map[string]any{"references": []string{"local.keys"}}
	}
	return r
}

func expressions(refs map[string][]string) map[string]any {
	exprs := map[string]any{}
	for attr, rs := range refs {
		exprs[attr] = map[string]any{"references": rs}
	}
	return exprs
}

// each is the references of an attribute read from the for_each instance
// of the same key: typ.name[each.key].attr.
func each(typ, name, attr string) []string {
	return []string{typ + "." + name + "[each.key]." + attr, typ + "." + name + "[each.key]", typ + "." + name, "each.key"}
}

func one(typ, name, attr string) []string {
	return []string{typ + "." + name + "." + attr, typ + "." + name}
}

func (sp *shapePlan) plan() map[string]any {
	return map[string]any{
		"format_version": "1.2", "terraform_version": "1.11.4",
		"planned_values":   map[string]any{"root_module": map[string]any{"resources": sp.planned, "child_modules": sp.children}},
		"resource_changes": sp.changes,
		"configuration": map[string]any{
			"provider_config": map[string]any{
				"aws":        map[string]any{"name": "aws", "full_name": awsProvider},
				"google":     map[string]any{"name": "google", "full_name": googleProvider},
				"nhi":        map[string]any{"name": "nhi", "full_name": nhiProvider},
				"kubernetes": map[string]any{"name": "kubernetes", "full_name": k8sProvider},
			},
			"root_module": map[string]any{"resources": sp.config, "outputs": sp.outputs, "module_calls": sp.calls},
		},
		"output_changes": sp.outputChanges,
		"timestamp":      "2026-03-02T10:11:12Z", "applyable": true, "complete": true, "errored": false,
	}
}

// statement is one statement of an IAM policy document.
type statement struct {
	Effect   string
	Action   any
	Resource string
}

// document is an IAM policy document of statements granting object access
// to buckets of its own (distinct documents, as real ones are), and
// administrator access when admin is set.
func document(id, statements int, admin bool) string {
	ss := make([]statement, 0, statements+1)
	for j := range statements {
		ss = append(ss, statement{"Allow", []string{"s3:GetObject", "s3:PutObject"}, fmt.Sprintf("arn:aws:s3:::bucket-%d-%d/*", id, j)})
	}
	return policy(ss, admin)
}

func policy(ss []statement, admin bool) string {
	if admin {
		ss = append(ss, statement{"Allow", "*", "*"})
	}
	b, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": ss}) // cannot fail
	return string(b)
}

func (sp *shapePlan) groupMembers(n int) {
	sp.add(awsProvider, "aws_iam_group", "admins", "", map[string]any{"name": "admins", "path": "/"})
	sp.configure("aws", "aws_iam_group", "admins", false, nil)
	sp.add(awsProvider, "aws_iam_group_policy", "admins", "", map[string]any{"name": "admins", "group": "admins", "policy": document(0, 0, true)})
	sp.configure("aws", "aws_iam_group_policy", "admins", false, map[string][]string{"group": one("aws_iam_group", "admins", "name")})
	for i := range n {
		k, user := fmt.Sprintf("u%d", i), fmt.Sprintf("user-%d", i)
		sp.add(awsProvider, "aws_iam_user", "member", k, map[string]any{"name": user, "path": "/", "tags": map[string]any{}}, "unique_id")
		sp.add(awsProvider, "aws_iam_user_policy", "member", k, map[string]any{"name": user, "user": user, "policy": document(i+1, 1, false)})
		sp.add(awsProvider, "aws_iam_user_group_membership", "member", k, map[string]any{"user": user, "groups": []string{"admins"}})
	}
	sp.configure("aws", "aws_iam_user", "member", true, nil)
	sp.configure("aws", "aws_iam_user_policy", "member", true, map[string][]string{"user": each("aws_iam_user", "member", "name")})
	sp.configure("aws", "aws_iam_user_group_membership", "member", true, map[string][]string{
		"user": each("aws_iam_user", "member", "name"), "groups": one("aws_iam_group", "admins", "name")})
}

func (sp *shapePlan) rolePolicies(n int) {
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	sp.add(awsProvider, "aws_iam_role", "crowded", "", map[string]any{"name": "crowded", "path": "/", "assume_role_policy": trust, "tags": map[string]any{}}, "unique_id")
	sp.configure("aws", "aws_iam_role", "crowded", false, nil)
	for i := range n {
		k := fmt.Sprintf("p%d", i)
		sp.add(awsProvider, "aws_iam_policy", "attached", k, map[string]any{"name": fmt.Sprintf("policy-%d", i), "path": "/", "policy": document(i, 1, i == n-1)})
		sp.add(awsProvider, "aws_iam_role_policy_attachment", "attached", k, map[string]any{"role": "crowded"}, "policy_arn")
	}
	sp.configure("aws", "aws_iam_policy", "attached", true, nil)
	sp.configure("aws", "aws_iam_role_policy_attachment", "attached", true, map[string][]string{
		"role": one("aws_iam_role", "crowded", "name"), "policy_arn": each("aws_iam_policy", "attached", "arn")})
}

func (sp *shapePlan) statements(n int) {
	sp.add(awsProvider, "aws_iam_user", "crowded", "", map[string]any{"name": "crowded", "path": "/", "tags": map[string]any{}}, "unique_id")
	sp.configure("aws", "aws_iam_user", "crowded", false, nil)
	sp.add(awsProvider, "aws_iam_user_policy", "crowded", "", map[string]any{"name": "crowded", "user": "crowded", "policy": document(0, n-1, true)})
	sp.configure("aws", "aws_iam_user_policy", "crowded", false, map[string][]string{"user": one("aws_iam_user", "crowded", "name")})
}

func (sp *shapePlan) projectMembers(n int) {
	for i := range n {
		k, id := fmt.Sprintf("s%d", i), fmt.Sprintf("robot-%d", i)
		sp.add(googleProvider, "google_service_account", "robot", k, map[string]any{"account_id": id, "project": "crowded"}, "email", "member", "unique_id")
		sp.add(googleProvider, "google_project_iam_member", "robot", k, map[string]any{"project": "crowded", "role": "roles/editor"}, "member", "etag")
	}
	sp.configure("google", "google_service_account", "robot", true, nil)
	sp.configure("google", "google_project_iam_member", "robot", true, map[string][]string{"member": each("google_service_account", "robot", "member")})
}

func (sp *shapePlan) keyOutputs(n int) {
	sp.outputs, sp.outputChanges = map[string]any{}, map[string]any{}
	for i := range n {
		k := fmt.Sprintf("k%d", i)
		sp.add(awsProvider, "aws_iam_access_key", "exposed", k, map[string]any{"user": fmt.Sprintf("user-%d", i), "status": "Active", "pgp_key": nil}, "secret", "create_date", "ses_smtp_password_v4")
		key := fmt.Sprintf("aws_iam_access_key.exposed[%q]", k)
		name := "secret_" + k
		sp.outputs[name] = map[string]any{"sensitive": true, "expression": map[string]any{"references": []string{key + ".secret", key, "aws_iam_access_key.exposed"}}}
		sp.outputChanges[name] = map[string]any{"actions": []string{"create"}, "before": nil, "after": nil, "after_unknown": true, "before_sensitive": false, "after_sensitive": true}
	}
	sp.configure("aws", "aws_iam_access_key", "exposed", true, nil)
}

func (sp *shapePlan) wildcards(n int) {
	ss := make([]statement, 0, n)
	for i := range n - 1 {
		ss = append(ss, statement{"Allow", fmt.Sprintf("*:Describe%d*", i), "*"})
	}
	sp.add(awsProvider, "aws_iam_user", "crowded", "", map[string]any{"name": "crowded", "path": "/", "tags": map[string]any{}}, "unique_id")
	sp.configure("aws", "aws_iam_user", "crowded", false, nil)
	sp.add(awsProvider, "aws_iam_user_policy", "crowded", "", map[string]any{"name": "crowded", "user": "crowded", "policy": policy(ss, true)})
	sp.configure("aws", "aws_iam_user_policy", "crowded", false, map[string][]string{"user": one("aws_iam_user", "crowded", "name")})
}

func (sp *shapePlan) declaredKeys(n int) {
	for i := range n {
		k := fmt.Sprintf("k%d", i)
		sp.add(awsProvider, "aws_iam_access_key", "declared", k, map[string]any{"user": fmt.Sprintf("user-%d", i), "status": "Active", "pgp_key": nil}, "secret", "create_date", "ses_smtp_password_v4")
		sp.add(nhiProvider, "nhi_identity", "declared", k, map[string]any{
			"name": fmt.Sprintf("key-%d", i), "kind": "access_key", "owner": "team-payments", "purpose": "deploys",
			"credentials": []string{fmt.Sprintf("aws_iam_access_key.declared[%q]", k)}, "rotation_days": 90, "max_lifetime_days": 90,
			"enforcement": "block", "environment": nil, "expires_at": nil, "last_reviewed_at": nil, "review_every_days": nil,
		}, "rotated_at", "rotation_due_at", "rotation_trigger", "review_due_at", "tags", "labels")
	}
	sp.configure("aws", "aws_iam_access_key", "declared", true, nil)
	sp.configure("nhi", "nhi_identity", "declared", true, nil)
}

func (sp *shapePlan) boundAccount(n int) {
	meta := func(m map[string]any) []any { return []any{m} }
	sp.add(k8sProvider, "kubernetes_service_account_v1", "bound", "", map[string]any{"metadata": meta(map[string]any{"name": "bound", "namespace": "ci"}), "automount_service_account_token": true})
	sp.configure("kubernetes", "kubernetes_service_account_v1", "bound", false, nil)
	for i := range n {
		k, name := fmt.Sprintf("r%d", i), fmt.Sprintf("role-%d", i)
		resource, verbs := fmt.Sprintf("widgets%d", i), []any{"get", "list"}
		if i == n-1 {
			resource, verbs = "secrets", []any{"*"}
		}
		sp.add(k8sProvider, "kubernetes_cluster_role_v1", "bound", k, map[string]any{"metadata": meta(map[string]any{"name": name}),
			"rule": []any{map[string]any{"api_groups": []any{""}, "resources": []any{resource}, "verbs": verbs}}})
		sp.add(k8sProvider, "kubernetes_cluster_role_binding_v1", "bound", k, map[string]any{"metadata": meta(map[string]any{"name": name}),
			"role_ref": meta(map[string]any{"api_group": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": name}),
			"subject":  meta(map[string]any{"kind": "ServiceAccount", "name": "bound", "namespace": "ci"})})
	}
	sp.configure("kubernetes", "kubernetes_cluster_role_v1", "bound", true, nil)
	sp.configure("kubernetes", "kubernetes_cluster_role_binding_v1", "bound", true, nil)
}

func (sp *shapePlan) everyBucket(n int, filtered bool) {
	for i := range n {
		k, user := fmt.Sprintf("u%d", i), fmt.Sprintf("user-%d", i)
		sp.add(awsProvider, "aws_s3_bucket", "data", fmt.Sprintf("b%d", i), map[string]any{"bucket": fmt.Sprintf("data-%d", i), "tags": map[string]any{}})
		sp.add(awsProvider, "aws_iam_user", "reader", k, map[string]any{"name": user, "path": "/", "tags": map[string]any{}}, "unique_id")
		// The bucket ARNs are known after apply: so is the document.
		sp.add(awsProvider, "aws_iam_user_policy", "reader", k, map[string]any{"name": user, "user": user}, "policy")
	}
	sp.configure("aws", "aws_s3_bucket", "data", true, nil)
	sp.configure("aws", "aws_iam_user", "reader", true, nil)
	policy := []string{"aws_s3_bucket.data"}
	if filtered {
		policy = append(policy, "each.key")
	}
	sp.configure("aws", "aws_iam_user_policy", "reader", true, map[string][]string{
		"user": each("aws_iam_user", "reader", "name"), "policy": policy})
}

func (sp *shapePlan) moduleInstances(n int) {
	sp.add(nhiProvider, "nhi_owner", "team", "", map[string]any{"name": "team-payments", "email": "payments-oncall@example.com", "description": nil, "escalation": nil})
	sp.configure("nhi", "nhi_owner", "team", false, nil)
	for i := range n {
		k, user := fmt.Sprintf("s%d", i), fmt.Sprintf("svc-%d", i)
		sp.add(awsProvider, "aws_s3_bucket", "shared", k, map[string]any{"bucket": fmt.Sprintf("shared-%d", i), "tags": map[string]any{}})
		mod := fmt.Sprintf("module.svc[%q]", k)
		sp.children = append(sp.children, map[string]any{"address": mod, "resources": []any{
			sp.addIn(mod, nhiProvider, "nhi_identity", "this", "", map[string]any{
				"name": user, "kind": "service_account", "purpose": "deploys", "rotation_days": 90, "max_lifetime_days": 90,
				"enforcement": "block", "environment": nil, "expires_at": nil, "last_reviewed_at": nil, "review_every_days": nil, "credentials": nil,
			}, "owner", "rotated_at", "rotation_due_at", "rotation_trigger", "review_due_at", "tags", "labels"),
			sp.addIn(mod, awsProvider, "aws_iam_user", "this", "", map[string]any{"name": user, "path": "/"}, "unique_id", "tags"),
			sp.addIn(mod, awsProvider, "aws_iam_access_key", "this", "", map[string]any{"user": user, "status": "Active", "pgp_key": nil}, "secret", "create_date", "ses_smtp_password_v4"),
			// The bucket ARNs are known after apply: so is the document.
			sp.addIn(mod, awsProvider, "aws_iam_user_policy", "this", "", map[string]any{"name": user, "user": user}, "policy"),
		}})
		sp.add(awsProvider, "aws_iam_policy", "reader", fmt.Sprintf("r%d", i), map[string]any{"name": fmt.Sprintf("reader-%d", i), "path": "/"}, "policy")
	}
	sp.configure("aws", "aws_s3_bucket", "shared", true, nil)
	sp.configure("aws", "aws_iam_policy", "reader", true, map[string][]string{"policy": {"module.svc", "each.key"}})
	sp.outputs = map[string]any{"services": map[string]any{"expression": map[string]any{"references": []string{"module.svc"}}}}
	sp.outputChanges = map[string]any{"services": map[string]any{"actions": []string{"create"}, "before": nil, "after": nil, "after_unknown": true, "before_sensitive": false, "after_sensitive": false}}
	sp.calls = map[string]any{"svc": map[string]any{
		"source":              "./modules/svc",
		"for_each_expression": map[string]any{"references": []string{"local.keys"}},
		"expressions":         expressions(map[string][]string{"name": {"each.key"}, "owner_id": one("nhi_owner", "team", "id"), "bucket_arns": {"aws_s3_bucket.shared"}}),
		"module": map[string]any{
			"resources": []any{
				configResource("nhi", "nhi_identity", "this", false, map[string][]string{"name": {"var.name"}, "owner": {"var.owner_id"}}),
				configResource("aws", "aws_iam_user", "this", false, map[string][]string{"name": {"var.name"}, "tags": one("nhi_identity", "this", "id")}),
				configResource("aws", "aws_iam_access_key", "this", false, map[string][]string{"user": one("aws_iam_user", "this", "name")}),
				configResource("aws", "aws_iam_user_policy", "this", false, map[string][]string{"user": one("aws_iam_user", "this", "name"), "policy": {"var.bucket_arns"}}),
			},
			"variables": map[string]any{"name": map[string]any{}, "owner_id": map[string]any{}, "bucket_arns": map[string]any{}},
			"outputs": map[string]any{
				"user_arn": map[string]any{"expression": map[string]any{"references": one("aws_iam_user", "this", "arn")}},
				"buckets":  map[string]any{"expression": map[string]any{"references": []string{"var.bucket_arns"}}},
			},
		},
	}}
}

func (sp *shapePlan) declaredPatterns(n int) {
	for i := range n {
		k := fmt.Sprintf("k%d", i)
		mod := fmt.Sprintf("module.keys[%q]", k)
		sp.children = append(sp.children, map[string]any{"address": mod, "resources": []any{
			sp.addIn(mod, awsProvider, "aws_iam_access_key", "this", "", map[string]any{"user": fmt.Sprintf("user-%d", i), "status": "Active", "pgp_key": nil}, "secret", "create_date", "ses_smtp_password_v4"),
		}})
		sp.add(nhiProvider, "nhi_identity", "declared", k, map[string]any{
			"name": fmt.Sprintf("key-%d", i), "kind": "access_key", "owner": "team-payments", "purpose": "deploys",
			"credentials": []string{mod + ".*"}, "rotation_days": 90, "max_lifetime_days": 90,
			"enforcement": "block", "environment": nil, "expires_at": nil, "last_reviewed_at": nil, "review_every_days": nil,
		}, "rotated_at", "rotation_due_at", "rotation_trigger", "review_due_at", "tags", "labels")
	}
	sp.configure("nhi", "nhi_identity", "declared", true, nil)
	sp.calls = map[string]any{"keys": map[string]any{
		"source":              "./modules/keys",
		"for_each_expression": map[string]any{"references": []string{"local.keys"}},
		"module": map[string]any{"resources": []any{
			configResource("aws", "aws_iam_access_key", "this", false, map[string][]string{"user": {"each.key"}}),
		}},
	}}
}

func (sp *shapePlan) localReaders(n int) {
	for i := range n {
		k, user := fmt.Sprintf("u%d", i), fmt.Sprintf("user-%d", i)
		sp.add(awsProvider, "aws_s3_bucket", "data", fmt.Sprintf("d%d", i), map[string]any{"bucket": fmt.Sprintf("data-%d", i), "tags": map[string]any{}})
		sp.add(awsProvider, "aws_s3_bucket", "logs", fmt.Sprintf("l%d", i), map[string]any{"bucket": fmt.Sprintf("logs-%d", i), "tags": map[string]any{}})
		sp.add(awsProvider, "aws_iam_user", "reader", k, map[string]any{"name": user, "path": "/", "tags": map[string]any{"owner": "team-payments"}}, "unique_id")
		sp.add(awsProvider, "aws_iam_user_policy", "reader", k, map[string]any{"name": user, "user": user}, "policy")
	}
	sp.configure("aws", "aws_s3_bucket", "data", true, nil)
	sp.configure("aws", "aws_s3_bucket", "logs", true, nil)
	sp.configure("aws", "aws_iam_user", "reader", true, nil)
	sp.configure("aws", "aws_iam_user_policy", "reader", true, map[string][]string{
		"user": each("aws_iam_user", "reader", "name"), "policy": {"local.bucket_arns"}})
}

// ShapeSources returns the .tf files, by name, of the configuration a
// shape's plan was made from, for the shapes whose checks read sources;
// nil for the others. They do not depend on the plan's size.
func ShapeSources(s Shape) map[string]string {
	if s != LocalReaders {
		return nil
	}
	return map[string]string{"main.tf": `locals {
  keys        = toset([])
  bucket_arns = concat([for b in aws_s3_bucket.data : b.arn], [for b in aws_s3_bucket.logs : b.arn])
}

resource "aws_s3_bucket" "data" {
  for_each = local.keys
  bucket   = each.key
}

resource "aws_s3_bucket" "logs" {
  for_each = local.keys
  bucket   = each.key
}

resource "aws_iam_user" "reader" {
  for_each = local.keys
  name     = each.key
  tags     = { owner = "team-payments" }
}

resource "aws_iam_user_policy" "reader" {
  for_each = local.keys
  user     = aws_iam_user.reader[each.key].name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = local.bucket_arns }]
  })
}
`}
}
