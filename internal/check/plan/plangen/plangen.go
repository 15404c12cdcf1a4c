// Package plangen writes realistic `terraform show -json` plans of any size,
// for benchmarks and load tests of the checker. Their shape follows the real
// plans under internal/check/testdata/fixtures (Terraform 1.11, hashicorp/aws
// 5.x, hashicorp/google 7.x and this repository's nhi provider): compact JSON,
// planned_values, resource_changes, prior_state, configuration with
// references (each.key forms included), relevant_attributes and outputs.
//
// A plan is a monorepo of teams. Each team is one instance of a module called
// with for_each (module.team["team-003"], or module.platform[...] for teams
// that declare every identity with nhi_identity), and each team runs about 25
// services. A service is an IAM user with a static access key and an inline
// policy, an OIDC workload role with its policy and the team's customer
// managed policy attached, and depending on its index a group membership
// (the root admins and readers groups), an AWS managed policy attachment, and
// a Google service account with a key and a project role. Policy kinds,
// missing owners, open trusts and admin grants recur at fixed strides, so the
// checker finds every kind of finding (ownership, rotation, privilege through
// groups, exposure, stale governance) in proportion to the plan's size.
//
// Most services already exist (no-op, with full prior state, as in a large
// monorepo where one change touches a few resources); the rest are created
// (with after_unknown and after_sensitive as the providers report them) or
// changed (a widened policy, a replaced key, a removed attachment).
package plangen

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Options size and shape a plan.
type Options struct {
	// Instances is the number of resource instances to aim for; the plan
	// has at least this many (up to one service more).
	Instances int
	// NewShare and ChangeShare are the fractions of services this plan
	// creates and changes; the rest exist already and do not change.
	// Both zero means the defaults, 0.18 and 0.12.
	NewShare, ChangeShare float64
	// ServicesPerTeam is the size of one module instance (default 25).
	ServicesPerTeam int
	// InfraPerService adds this many infrastructure resources to each
	// service (a bucket, a function running as its role, a security group,
	// a log group, a queue, a table, in turn), as a monorepo's plan holds
	// far more infrastructure than identities. Zero: identities only.
	InfraPerService int
}

// Stats describe a written plan.
type Stats struct {
	Instances int   // resource instances (resource_changes plus data sources)
	Changes   int   // entries in resource_changes
	Services  int   // generated services
	Teams     int   // module instances
	Bytes     int64 // size of the JSON
}

// Generate returns a plan as `terraform show -json` prints it.
func Generate(o Options) ([]byte, Stats) {
	var buf bytes.Buffer
	st, err := Write(&buf, o)
	if err != nil {
		panic(err) // a bytes.Buffer does not fail
	}
	return buf.Bytes(), st
}

// Write writes a plan to w.
func Write(w io.Writer, o Options) (Stats, error) {
	g := newGen(o)
	cw := &countWriter{w: w}
	bw := bufio.NewWriterSize(cw, 1<<16)
	g.w = bw
	g.write()
	if err := bw.Flush(); err != nil {
		return Stats{}, err
	}
	if g.err != nil {
		return Stats{}, g.err
	}
	st := g.stats
	st.Bytes = cw.n
	return st, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// The action of one resource instance in this plan.
type act int

const (
	noop act = iota
	create
	update
	replace
	remove
	read // a data source read during plan: prior_state and planned_values only
)

type team struct {
	idx      int
	name     string
	call     string // "team" or "platform"
	isNew    bool
	services []*service
}

func (t *team) address() string { return fmt.Sprintf("module.%s[%q]", t.call, t.name) }

type service struct {
	idx   int // global
	key   string
	team  *team
	state act // noop, create, or update (changed)
}

func (s *service) user() string { return fmt.Sprintf("%s-%s", s.team.name, s.key) }

// The per-service flags, at fixed strides of the global index.
func (s *service) owned() bool       { return s.team.call == "platform" || s.idx%3 != 0 }
func (s *service) openTrust() bool   { return s.idx%20 == 0 }
func (s *service) hasGoogle() bool   { return s.idx%3 == 0 }
func (s *service) rotationDays() int { return 90 }

// overdue identities were last rotated long ago (NHI-008).
func (s *service) overdue() bool { return s.idx%17 == 0 }

func (s *service) groups() []any {
	switch {
	case s.idx%40 == 0:
		return []any{"admins", "readers"}
	case s.idx%2 == 0:
		return []any{"readers"}
	}
	return nil
}

func (s *service) managedPolicy() string {
	switch {
	case s.idx%100 == 0:
		return "arn:aws:iam::aws:policy/AdministratorAccess"
	case s.idx%12 == 0:
		return "arn:aws:iam::aws:policy/AmazonS3FullAccess"
	case s.idx%4 == 0:
		return "arn:aws:iam::aws:policy/ReadOnlyAccess"
	}
	return ""
}

func (s *service) gcpRole() string {
	switch {
	case s.idx%10 == 0:
		return "roles/editor"
	case s.idx%15 == 0:
		return "roles/iam.serviceAccountTokenCreator"
	}
	return "roles/storage.objectViewer"
}

// policy is the user's inline policy document (jsonencode output: sorted keys).
func (s *service) policy(widened bool) string {
	var stmt string
	switch {
	case widened || s.idx%7 == 0:
		stmt = `{"Action":["s3:*"],"Effect":"Allow","Resource":"*"}`
	case s.idx%50 == 0:
		stmt = `{"Action":["*"],"Effect":"Allow","Resource":"*"}`
	case s.idx%11 == 0:
		stmt = `{"Action":["iam:PassRole","ecs:RunTask"],"Effect":"Allow","Resource":"*"}`
	default:
		stmt = fmt.Sprintf(`{"Action":["s3:GetObject","s3:PutObject"],"Effect":"Allow","Resource":"arn:aws:s3:::example-%s/*"},{"Action":["sqs:SendMessage"],"Effect":"Allow","Resource":"arn:aws:sqs:us-east-1:111122223333:%s-events"}`, s.user(), s.user())
	}
	return `{"Statement":[` + stmt + `],"Version":"2012-10-17"}`
}

func (s *service) trust() string {
	cond := `{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com","token.actions.githubusercontent.com:sub":"repo:example-org/` + s.user() + `:ref:refs/heads/main"}}`
	if s.openTrust() {
		cond = `{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}`
	}
	return `{"Statement":[{"Action":"sts:AssumeRoleWithWebIdentity","Condition":` + cond + `,"Effect":"Allow","Principal":{"Federated":"` + oidcARN + `"}}],"Version":"2012-10-17"}`
}

func (s *service) rolePolicy() string {
	return fmt.Sprintf(`{"Statement":[{"Action":["sqs:DeleteMessage","sqs:ReceiveMessage","sqs:SendMessage"],"Effect":"Allow","Resource":"arn:aws:sqs:us-east-1:111122223333:%s-queue"},{"Action":["dynamodb:GetItem","dynamodb:PutItem","dynamodb:Query"],"Effect":"Allow","Resource":"arn:aws:dynamodb:us-east-1:111122223333:table/%s"}],"Version":"2012-10-17"}`, s.user(), s.user())
}

const (
	account   = "111122223333"
	oidcARN   = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
	project   = "example-prod-123456"
	awsName   = "registry.terraform.io/hashicorp/aws"
	googName  = "registry.terraform.io/hashicorp/google"
	nhiName   = "registry.terraform.io/nhiguard/nhi"
	adminARN  = "arn:aws:iam::aws:policy/AdministratorAccess"
	planStamp = "2026-11-23T10:00:00Z"
)

// res is one resource instance.
type res struct {
	addr   string
	module string // module instance address, "" for the root
	mode   string
	typ    string
	name   string
	key    any
	prov   string
	act    act
	reason string
	svc    *service
	team   *team
	infra  int // the service's n-th infrastructure resource
}

type gen struct {
	o        Options
	w        *bufio.Writer
	err      error
	teams    []*team
	root     []*res
	byModule map[string][]*res
	modules  []string // module instance addresses, sorted
	all      []*res   // sorted by address
	stats    Stats
}

func newGen(o Options) *gen {
	if o.NewShare == 0 && o.ChangeShare == 0 {
		o.NewShare, o.ChangeShare = 0.18, 0.12
	}
	if o.ServicesPerTeam <= 0 {
		o.ServicesPerTeam = 25
	}
	g := &gen{o: o, byModule: map[string][]*res{}}
	g.plan()
	return g
}

// mix maps an index to [0,1) with a fixed hash (splitmix64), so services
// in the same state are spread over the plan.
func mix(i int) float64 {
	z := uint64(i) + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	z ^= z >> 31
	return float64(z>>11) / (1 << 53)
}

func (g *gen) plan() {
	add := func(r *res) {
		if r.module == "" {
			g.root = append(g.root, r)
		} else {
			g.byModule[r.module] = append(g.byModule[r.module], r)
		}
		g.all = append(g.all, r)
	}
	root := func(typ, name string, key any, prov string) *res {
		r := &res{mode: "managed", typ: typ, name: name, key: key, prov: prov, act: noop}
		r.addr = typ + "." + name + keyText(key)
		add(r)
		return r
	}
	root("aws_iam_group", "admins", nil, awsName)
	root("aws_iam_group", "readers", nil, awsName)
	root("aws_iam_group_policy_attachment", "admins", nil, awsName)
	root("aws_iam_group_policy", "readers", nil, awsName)
	root("aws_iam_user", "ci", nil, awsName)
	root("aws_iam_access_key", "ci", nil, awsName)
	d := &res{mode: "data", typ: "aws_iam_policy_document", name: "readers", prov: awsName, act: read, addr: "data.aws_iam_policy_document.readers"}
	add(d)
	count := len(g.all)

	idx := 0
	for t := 0; count < g.o.Instances; t++ {
		tm := &team{idx: t, name: fmt.Sprintf("team-%03d", t), call: "team", isNew: t%10 == 9}
		if t%3 == 2 {
			tm.call = "platform"
		}
		g.teams = append(g.teams, tm)
		owner := root("nhi_owner", "team", tm.name, nhiName)
		owner.team = tm
		if tm.isNew {
			owner.act = create
		}
		count++
		mod := tm.address()
		g.modules = append(g.modules, mod)
		in := func(typ, name string, key any, prov string, s *service, a act) *res {
			r := &res{mode: "managed", typ: typ, name: name, key: key, prov: prov, act: a, module: mod, svc: s, team: tm}
			r.addr = mod + "." + typ + "." + name + keyText(key)
			add(r)
			count++
			return r
		}
		teamAct := noop
		if tm.isNew {
			teamAct = create
		}
		in("aws_iam_policy", "team", nil, awsName, nil, teamAct)
		for i := 0; i < g.o.ServicesPerTeam && count < g.o.Instances; i++ {
			s := &service{idx: idx, key: fmt.Sprintf("svc-%03d", i), team: tm, state: noop}
			idx++
			switch m := mix(s.idx); {
			case tm.isNew || m < g.o.NewShare:
				s.state = create
			case m < g.o.NewShare+g.o.ChangeShare:
				s.state = update
			}
			tm.services = append(tm.services, s)
			base := s.state
			if base == update {
				base = noop
			}
			if tm.call == "platform" {
				in("nhi_identity", "svc", s.key, nhiName, s, base)
			}
			in("aws_iam_user", "svc", s.key, awsName, s, base)
			key := in("aws_iam_access_key", "svc", s.key, awsName, s, base)
			pol := in("aws_iam_user_policy", "svc", s.key, awsName, s, base)
			in("aws_iam_role", "wl", s.key, awsName, s, base)
			in("aws_iam_role_policy", "wl", s.key, awsName, s, base)
			in("aws_iam_role_policy_attachment", "team", s.key, awsName, s, base)
			if s.groups() != nil {
				in("aws_iam_user_group_membership", "svc", s.key, awsName, s, base)
			}
			var managed *res
			if s.managedPolicy() != "" {
				managed = in("aws_iam_user_policy_attachment", "managed", s.key, awsName, s, base)
			}
			var gkey *res
			if s.hasGoogle() {
				in("google_service_account", "sa", s.key, googName, s, base)
				gkey = in("google_service_account_key", "sa", s.key, googName, s, base)
				in("google_project_iam_member", "sa", s.key, googName, s, base)
			}
			for j := 0; j < g.o.InfraPerService; j++ {
				typ, short := infraType(j)
				r := in(typ, infraName(short, j), s.key, awsName, s, base)
				r.infra = j
			}
			if s.state == update {
				// A changed service: its policy widens, its key is
				// replaced on request, and a managed attachment goes.
				pol.act = update
				key.act, key.reason = replace, "replace_by_request"
				if managed != nil && s.idx%8 == 0 {
					managed.act, managed.reason = remove, "delete_because_each_key"
				}
				if gkey != nil {
					gkey.act, gkey.reason = replace, "replace_because_cannot_update"
				}
			}
			g.stats.Services++
		}
	}
	sort.Slice(g.all, func(i, j int) bool { return g.all[i].addr < g.all[j].addr })
	sort.Strings(g.modules)
	for _, rs := range g.byModule {
		sort.Slice(rs, func(i, j int) bool { return rs[i].addr < rs[j].addr })
	}
	sort.Slice(g.root, func(i, j int) bool { return g.root[i].addr < g.root[j].addr })
	g.stats.Teams = len(g.teams)
	g.stats.Instances = len(g.all)
}

func keyText(k any) string {
	switch v := k.(type) {
	case string:
		return fmt.Sprintf("[%q]", v)
	case int:
		return fmt.Sprintf("[%d]", v)
	}
	return ""
}

// ---- values ----

type values struct {
	before, after                   map[string]any
	afterUnknown                    map[string]any
	beforeSensitive, afterSensitive map[string]any
}

// fake returns deterministic fake key material (never a real secret).
func fake(prefix string, i, n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	var b strings.Builder
	b.WriteString(prefix)
	z := uint64(i)*2654435761 + 12345
	for b.Len() < n {
		z ^= z << 13
		z ^= z >> 7
		z ^= z << 17
		b.WriteByte(alphabet[z%uint64(len(alphabet))])
	}
	return b.String()
}

func ownerTags(s *service, extra map[string]any) map[string]any {
	t := map[string]any{"managed_by": "terraform", "service": s.key}
	if s.owned() {
		t["owner"] = s.team.name
		t["nhi_owner"] = s.team.name
	}
	for k, v := range extra {
		t[k] = v
	}
	return t
}

// defaultTags are the provider's default_tags: they land in every tags_all.
var defaultTags = map[string]any{"environment": "prod", "cost_center": "platform"}

func withDefaults(tags map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range defaultTags {
		out[k] = v
	}
	for k, v := range tags {
		out[k] = v
	}
	return out
}

func identityTags(s *service) map[string]any {
	return map[string]any{
		"nhi_environment":   "prod",
		"nhi_identity":      s.user(),
		"nhi_kind":          "access_key",
		"nhi_owner":         s.team.name,
		"nhi_rotation_days": fmt.Sprint(s.rotationDays()),
	}
}

func (s *service) tags() map[string]any {
	if s.team.call == "platform" {
		return identityTags(s)
	}
	return ownerTags(s, nil)
}

func bools(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = false
	}
	return out
}

// state is the object as it exists in state (every computed value known),
// with its sensitive markers.
func (g *gen) state(r *res) (map[string]any, map[string]any) {
	s := r.svc
	switch r.typ {
	case "aws_iam_group":
		return map[string]any{"arn": "arn:aws:iam::" + account + ":group/" + r.name, "id": r.name, "name": r.name, "path": "/", "unique_id": fake("AGPA", len(r.name), 21)}, map[string]any{}
	case "aws_iam_group_policy_attachment":
		return map[string]any{"group": "admins", "id": "admins-20240101000000000000000001", "policy_arn": adminARN}, map[string]any{}
	case "aws_iam_group_policy":
		return map[string]any{"group": "readers", "id": "readers:read", "name": "read", "name_prefix": "", "policy": readersPolicy}, map[string]any{}
	case "aws_iam_policy_document":
		return map[string]any{"id": "2045112113", "json": readersPolicyPretty, "minified_json": readersPolicy, "override_policy_documents": nil, "policy_id": nil, "source_policy_documents": nil,
				"statement": []any{map[string]any{"actions": []any{"s3:GetObject", "s3:ListBucket"}, "condition": []any{}, "effect": "Allow", "not_actions": []any{}, "not_principals": []any{}, "not_resources": []any{}, "principals": []any{}, "resources": []any{"arn:aws:s3:::example-artifacts", "arn:aws:s3:::example-artifacts/*"}, "sid": ""}},
				"version":   "2012-10-17"},
			map[string]any{"statement": []any{map[string]any{"actions": bools(2), "condition": []any{}, "not_actions": []any{}, "not_principals": []any{}, "not_resources": []any{}, "principals": []any{}, "resources": bools(2)}}}
	case "nhi_owner":
		return map[string]any{"description": nil, "email": r.team.name + "-oncall@example.com", "escalation": "https://pager.example.com/" + r.team.name, "id": r.team.name, "name": r.team.name}, map[string]any{}
	case "aws_iam_policy":
		t := map[string]any{"owner": r.team.name, "nhi_owner": r.team.name}
		arn := "arn:aws:iam::" + account + ":policy/" + r.team.name + "-shared"
		return map[string]any{"arn": arn, "attachment_count": len(r.team.services), "description": nil, "id": arn, "name": r.team.name + "-shared", "name_prefix": "", "path": "/", "policy": teamPolicy(r.team), "policy_id": fake("ANPA", r.team.idx, 21), "tags": t, "tags_all": withDefaults(t)},
			map[string]any{"tags": map[string]any{}, "tags_all": map[string]any{}}
	}
	if r.svc == nil { // root CI user and key
		switch r.typ {
		case "aws_iam_user":
			t := map[string]any{"owner": "team-release", "purpose": "ci"}
			return map[string]any{"arn": "arn:aws:iam::" + account + ":user/ci/release-ci", "force_destroy": false, "id": "release-ci", "name": "release-ci", "path": "/ci/", "permissions_boundary": nil, "tags": t, "tags_all": withDefaults(t), "unique_id": "AIDAEXAMPLERELEASECI"},
				map[string]any{"tags": map[string]any{}, "tags_all": map[string]any{}}
		case "aws_iam_access_key":
			return g.keyState(-1, "release-ci")
		}
	}
	switch r.typ {
	case "nhi_identity":
		rotated := "2026-10-01T08:00:00Z"
		due := "2026-12-30T08:00:00Z"
		if s.overdue() {
			rotated, due = "2026-01-05T08:00:00Z", "2026-04-05T08:00:00Z"
		}
		return map[string]any{"credentials": nil, "enforcement": "block", "environment": "prod", "expires_at": nil, "id": s.user(), "kind": "access_key",
				"labels": identityTags(s), "last_reviewed_at": nil, "max_lifetime_days": 365, "name": s.user(), "owner": s.team.name,
				"purpose": "Deploys " + s.user() + " from CI.", "review_due_at": nil, "review_every_days": nil, "rotated_at": rotated,
				"rotation_days": s.rotationDays(), "rotation_due_at": due, "rotation_trigger": rotated, "tags": identityTags(s)},
			map[string]any{"labels": map[string]any{}, "tags": map[string]any{}}
	case "aws_iam_user":
		t := s.tags()
		return map[string]any{"arn": "arn:aws:iam::" + account + ":user/svc/" + s.user(), "force_destroy": false, "id": s.user(), "name": s.user(), "path": "/svc/", "permissions_boundary": nil, "tags": t, "tags_all": withDefaults(t), "unique_id": fake("AIDA", s.idx, 21)},
			map[string]any{"tags": map[string]any{}, "tags_all": map[string]any{}}
	case "aws_iam_access_key":
		return g.keyState(s.idx, s.user())
	case "aws_iam_user_policy":
		return map[string]any{"id": s.user() + ":" + s.user() + "-policy", "name": s.user() + "-policy", "name_prefix": "", "policy": s.policy(false), "user": s.user()}, map[string]any{}
	case "aws_iam_role":
		t := s.tags()
		name := s.user() + "-wl"
		return map[string]any{"arn": "arn:aws:iam::" + account + ":role/workload/" + name, "assume_role_policy": s.trust(), "create_date": "2025-03-02T10:11:12Z", "description": nil,
				"force_detach_policies": false, "id": name, "inline_policy": []any{}, "managed_policy_arns": []any{"arn:aws:iam::" + account + ":policy/" + s.team.name + "-shared"}, "max_session_duration": 3600,
				"name": name, "name_prefix": "", "path": "/workload/", "permissions_boundary": nil, "tags": t, "tags_all": withDefaults(t), "unique_id": fake("AROA", s.idx, 21)},
			map[string]any{"inline_policy": []any{}, "managed_policy_arns": bools(1), "tags": map[string]any{}, "tags_all": map[string]any{}}
	case "aws_iam_role_policy":
		name := s.user() + "-wl"
		return map[string]any{"id": name + ":" + name + "-policy", "name": name + "-policy", "name_prefix": "", "policy": s.rolePolicy(), "role": name}, map[string]any{}
	case "aws_iam_role_policy_attachment":
		return map[string]any{"id": s.user() + "-wl-" + fake("2025", s.idx, 26), "policy_arn": "arn:aws:iam::" + account + ":policy/" + s.team.name + "-shared", "role": s.user() + "-wl"}, map[string]any{}
	case "aws_iam_user_group_membership":
		return map[string]any{"groups": s.groups(), "id": "terraform-" + fake("2025", s.idx, 26), "user": s.user()}, map[string]any{"groups": bools(len(s.groups()))}
	case "aws_iam_user_policy_attachment":
		return map[string]any{"id": s.user() + "-" + fake("2025", s.idx+7, 26), "policy_arn": s.managedPolicy(), "user": s.user()}, map[string]any{}
	case "google_service_account":
		email := s.user() + "@" + project + ".iam.gserviceaccount.com"
		return map[string]any{"account_id": s.user(), "create_ignore_already_exists": nil, "deletion_policy": "DELETE", "description": "", "disabled": false, "display_name": s.user(), "email": email,
			"id": "projects/" + project + "/serviceAccounts/" + email, "member": "serviceAccount:" + email, "name": "projects/" + project + "/serviceAccounts/" + email, "project": project, "timeouts": nil,
			"unique_id": fmt.Sprintf("1%020d", s.idx)}, map[string]any{}
	case "google_service_account_key":
		email := s.user() + "@" + project + ".iam.gserviceaccount.com"
		var keepers any
		if s.team.call == "platform" {
			keepers = map[string]any{"rotation": "2026-10-01T08:00:00Z"}
		}
		return map[string]any{"deletion_policy": "DELETE", "id": "projects/" + project + "/serviceAccounts/" + email + "/keys/" + fake("", s.idx, 40), "keepers": keepers,
				"key_algorithm": "KEY_ALG_RSA_2048", "name": "projects/" + project + "/serviceAccounts/" + email + "/keys/" + fake("", s.idx, 40), "private_key": fake("ewogICJ0eXBlIjog", s.idx, 160),
				"private_key_type": "TYPE_GOOGLE_CREDENTIALS_FILE", "public_key": fake("LS0tLS1CRUdJTi", s.idx+1, 120), "public_key_data": nil, "public_key_type": "TYPE_X509_PEM_FILE",
				"service_account_id": "projects/" + project + "/serviceAccounts/" + email, "valid_after": "2025-03-02T10:11:12Z", "valid_before": "9999-12-31T23:59:59Z"},
			map[string]any{"private_key": true}
	case "aws_s3_bucket", "aws_lambda_function", "aws_security_group", "aws_cloudwatch_log_group", "aws_sqs_queue", "aws_dynamodb_table":
		return g.infraState(r)
	case "google_project_iam_member":
		return map[string]any{"condition": []any{}, "etag": fake("BwY", s.idx, 16), "id": project + "/" + s.gcpRole() + "/serviceAccount:" + s.user() + "@" + project + ".iam.gserviceaccount.com",
			"member": "serviceAccount:" + s.user() + "@" + project + ".iam.gserviceaccount.com", "project": project, "role": s.gcpRole()}, map[string]any{"condition": []any{}}
	}
	panic("plangen: no state for " + r.typ)
}

func (g *gen) keyState(i int, user string) (map[string]any, map[string]any) {
	return map[string]any{"create_date": "2025-03-02T10:11:12Z", "encrypted_secret": nil, "encrypted_ses_smtp_password_v4": nil, "id": fake("AKIA", i+2, 20), "key_fingerprint": nil,
			"pgp_key": nil, "secret": fake("wJalr", i+3, 40), "ses_smtp_password_v4": fake("BEXAMPLE", i+4, 44), "status": "Active", "user": user},
		map[string]any{"secret": true, "ses_smtp_password_v4": true}
}

// planned is the object a create plans: configured values known, computed
// ones unknown, as the providers report them.
func (g *gen) planned(r *res) (after, unknown, sensitive map[string]any) {
	st, sens := g.state(r)
	keep := func(keys ...string) map[string]any {
		out := map[string]any{}
		for _, k := range keys {
			out[k] = st[k]
		}
		return out
	}
	unk := func(keys ...string) map[string]any {
		out := map[string]any{}
		for _, k := range keys {
			out[k] = true
		}
		return out
	}
	switch r.typ {
	case "nhi_owner":
		return st, map[string]any{}, sens
	case "nhi_identity":
		// The provider computes every attribute at plan time but the
		// rotation record, the time of the apply that creates it.
		return keep("credentials", "enforcement", "environment", "expires_at", "id", "kind", "labels", "last_reviewed_at",
				"max_lifetime_days", "name", "owner", "purpose", "review_due_at", "review_every_days", "rotation_days", "tags"),
			unk("rotated_at", "rotation_trigger", "rotation_due_at"), sens
	case "aws_iam_policy":
		u := unk("arn", "attachment_count", "id", "policy_id")
		u["tags"], u["tags_all"] = map[string]any{}, map[string]any{}
		return keep("description", "name", "path", "policy", "tags", "tags_all"), u, sens
	case "aws_iam_user":
		u := unk("arn", "id", "unique_id")
		u["tags"], u["tags_all"] = map[string]any{}, map[string]any{}
		return keep("force_destroy", "name", "path", "permissions_boundary", "tags", "tags_all"), u, sens
	case "aws_iam_access_key":
		return keep("pgp_key", "status", "user"), unk("create_date", "encrypted_secret", "encrypted_ses_smtp_password_v4", "id", "key_fingerprint", "secret", "ses_smtp_password_v4"), sens
	case "aws_iam_user_policy":
		return keep("name", "policy", "user"), unk("id", "name_prefix"), map[string]any{}
	case "aws_iam_role":
		u := unk("arn", "create_date", "id", "inline_policy", "managed_policy_arns", "name_prefix", "unique_id")
		u["tags"], u["tags_all"] = map[string]any{}, map[string]any{}
		return keep("assume_role_policy", "description", "force_detach_policies", "max_session_duration", "name", "path", "permissions_boundary", "tags", "tags_all"), u,
			map[string]any{"inline_policy": []any{}, "managed_policy_arns": []any{}, "tags": map[string]any{}, "tags_all": map[string]any{}}
	case "aws_iam_role_policy":
		return keep("name", "policy", "role"), unk("id", "name_prefix"), map[string]any{}
	case "aws_iam_role_policy_attachment":
		if r.team.isNew {
			return keep("role"), unk("id", "policy_arn"), map[string]any{}
		}
		return keep("policy_arn", "role"), unk("id"), map[string]any{}
	case "aws_iam_user_group_membership":
		u := unk("id")
		u["groups"] = bools(len(r.svc.groups()))
		return keep("groups", "user"), u, sens
	case "aws_iam_user_policy_attachment":
		return keep("policy_arn", "user"), unk("id"), map[string]any{}
	case "google_service_account":
		return keep("account_id", "create_ignore_already_exists", "deletion_policy", "description", "disabled", "display_name", "email", "member", "project", "timeouts"), unk("id", "name", "unique_id"), map[string]any{}
	case "google_service_account_key":
		after := keep("deletion_policy", "keepers", "key_algorithm", "private_key_type", "public_key_data", "public_key_type")
		u := unk("id", "name", "private_key", "public_key", "service_account_id", "valid_after", "valid_before")
		if r.svc.team.call == "platform" {
			after["keepers"] = map[string]any{"rotation": planStamp}
			if r.act == create {
				// Created with its identity, whose rotation_trigger is
				// known after apply.
				after["keepers"] = map[string]any{}
				u["keepers"] = map[string]any{"rotation": true}
			}
		}
		return after, u, map[string]any{"private_key": true}
	case "google_project_iam_member":
		return keep("condition", "member", "project", "role"), map[string]any{"condition": []any{}, "etag": true, "id": true}, map[string]any{"condition": []any{}}
	case "aws_s3_bucket", "aws_lambda_function", "aws_security_group", "aws_cloudwatch_log_group", "aws_sqs_queue", "aws_dynamodb_table":
		// Identifiers the provider assigns are unknown; the rest as configured.
		after := map[string]any{}
		u := map[string]any{}
		for k, v := range st {
			switch k {
			case "arn", "id", "hosted_zone_id", "bucket_domain_name", "bucket_regional_domain_name", "qualified_arn", "invoke_arn", "version", "last_modified",
				"source_code_size", "owner_id", "url", "stream_arn", "stream_label", "signing_job_arn", "signing_profile_version_arn", "qualified_invoke_arn":
				u[k] = true
			default:
				after[k] = v
			}
		}
		return after, u, sens
	}
	panic("plangen: no plan for " + r.typ)
}

func (g *gen) values(r *res) values {
	var v values
	switch r.act {
	case noop, read:
		v.before, v.beforeSensitive = g.state(r)
		v.after, v.afterSensitive = g.state(r)
		v.afterUnknown = map[string]any{}
	case create:
		v.after, v.afterUnknown, v.afterSensitive = g.planned(r)
	case update:
		v.before, v.beforeSensitive = g.state(r)
		v.after, v.afterSensitive = g.state(r)
		v.after["policy"] = r.svc.policy(true)
		v.afterUnknown = map[string]any{}
	case replace:
		v.before, v.beforeSensitive = g.state(r)
		v.after, v.afterUnknown, v.afterSensitive = g.planned(r)
	case remove:
		v.before, v.beforeSensitive = g.state(r)
	}
	return v
}

// ---- infrastructure ----

var infraTypes = [...]struct{ typ, short string }{
	{"aws_s3_bucket", "data"}, {"aws_lambda_function", "fn"}, {"aws_security_group", "sg"},
	{"aws_cloudwatch_log_group", "logs"}, {"aws_sqs_queue", "jobs"}, {"aws_dynamodb_table", "store"},
}

func infraType(j int) (typ, short string) {
	t := infraTypes[j%len(infraTypes)]
	return t.typ, t.short
}

func infraName(short string, j int) string {
	if n := j / len(infraTypes); n > 0 {
		return fmt.Sprintf("%s%d", short, n+1)
	}
	return short
}

// infraState is an infrastructure resource as its provider stores it, at
// about the size real ones have.
func (g *gen) infraState(r *res) (map[string]any, map[string]any) {
	s := r.svc
	name := fmt.Sprintf("%s-%s-%d", s.user(), r.name, r.infra)
	tags := map[string]any{"service": s.user(), "team": s.team.name, "managed_by": "terraform"}
	base := func(arn string) map[string]any {
		return map[string]any{"arn": arn, "id": name, "tags": tags, "tags_all": withDefaults(tags)}
	}
	sens := map[string]any{"tags": map[string]any{}, "tags_all": map[string]any{}}
	switch r.typ {
	case "aws_s3_bucket":
		v := base("arn:aws:s3:::" + name)
		for k, x := range map[string]any{"acceleration_status": "", "acl": nil, "bucket": name, "bucket_domain_name": name + ".s3.amazonaws.com", "bucket_prefix": "",
			"bucket_regional_domain_name": name + ".s3.us-east-1.amazonaws.com", "force_destroy": false, "hosted_zone_id": "Z3AQBSTGFYJSTF", "object_lock_enabled": false,
			"policy": "", "region": "us-east-1", "request_payer": "BucketOwner", "cors_rule": []any{}, "grant": []any{map[string]any{"id": fake("", s.idx, 64), "permissions": []any{"FULL_CONTROL"}, "type": "CanonicalUser", "uri": ""}},
			"lifecycle_rule": []any{}, "logging": []any{}, "object_lock_configuration": []any{}, "replication_configuration": []any{},
			"server_side_encryption_configuration": []any{map[string]any{"rule": []any{map[string]any{"apply_server_side_encryption_by_default": []any{map[string]any{"kms_master_key_id": "", "sse_algorithm": "AES256"}}, "bucket_key_enabled": false}}}},
			"versioning":                           []any{map[string]any{"enabled": false, "mfa_delete": false}}, "website": []any{}, "timeouts": nil} {
			v[k] = x
		}
		return v, sens
	case "aws_lambda_function":
		v := base("arn:aws:lambda:us-east-1:" + account + ":function:" + name)
		for k, x := range map[string]any{"function_name": name, "role": "arn:aws:iam::" + account + ":role/workload/" + s.user() + "-wl", "handler": "main.handler", "runtime": "python3.12",
			"memory_size": 256, "timeout": 30, "publish": false, "filename": "build/" + s.key + ".zip", "source_code_hash": fake("", s.idx+r.infra, 44), "source_code_size": 1024 + s.idx,
			"architectures": []any{"arm64"}, "description": "Handles " + s.key + " jobs for " + s.team.name, "environment": []any{map[string]any{"variables": map[string]any{"LOG_LEVEL": "info", "TEAM": s.team.name, "QUEUE": name}}},
			"ephemeral_storage": []any{map[string]any{"size": 512}}, "tracing_config": []any{map[string]any{"mode": "PassThrough"}}, "vpc_config": []any{}, "dead_letter_config": []any{},
			"invoke_arn":    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:" + account + ":function:" + name + "/invocations",
			"qualified_arn": "arn:aws:lambda:us-east-1:" + account + ":function:" + name + ":$LATEST", "version": "$LATEST", "last_modified": "2025-03-02T10:11:12.000+0000",
			"layers": []any{}, "kms_key_arn": "", "package_type": "Zip", "reserved_concurrent_executions": -1, "skip_destroy": false, "timeouts": nil} {
			v[k] = x
		}
		return v, sens
	case "aws_security_group":
		v := base("arn:aws:ec2:us-east-1:" + account + ":security-group/sg-" + fake("", s.idx+r.infra, 17))
		rule := func(port int, cidr string) map[string]any {
			return map[string]any{"cidr_blocks": []any{cidr}, "description": "", "from_port": port, "to_port": port, "protocol": "tcp", "ipv6_cidr_blocks": []any{}, "prefix_list_ids": []any{}, "security_groups": []any{}, "self": false}
		}
		for k, x := range map[string]any{"name": name, "name_prefix": "", "description": "Managed by Terraform", "vpc_id": "vpc-0a1b2c3d4e5f67890", "owner_id": account, "revoke_rules_on_delete": false,
			"ingress": []any{rule(443, "10.0.0.0/8"), rule(8443, "10.20.0.0/16")}, "egress": []any{rule(0, "0.0.0.0/0")}, "timeouts": nil} {
			v[k] = x
		}
		return v, sens
	case "aws_cloudwatch_log_group":
		v := base("arn:aws:logs:us-east-1:" + account + ":log-group:/" + s.team.name + "/" + name)
		for k, x := range map[string]any{"name": "/" + s.team.name + "/" + name, "name_prefix": "", "retention_in_days": 30, "kms_key_id": "", "log_group_class": "STANDARD", "skip_destroy": false} {
			v[k] = x
		}
		return v, sens
	case "aws_sqs_queue":
		v := base("arn:aws:sqs:us-east-1:" + account + ":" + name)
		for k, x := range map[string]any{"name": name, "name_prefix": "", "url": "https://sqs.us-east-1.amazonaws.com/" + account + "/" + name, "delay_seconds": 0, "max_message_size": 262144,
			"message_retention_seconds": 345600, "receive_wait_time_seconds": 0, "visibility_timeout_seconds": 30, "fifo_queue": false, "content_based_deduplication": false,
			"sqs_managed_sse_enabled": true, "kms_master_key_id": "", "kms_data_key_reuse_period_seconds": 300, "policy": "", "redrive_policy": "", "redrive_allow_policy": "",
			"deduplication_scope": "", "fifo_throughput_limit": ""} {
			v[k] = x
		}
		return v, sens
	case "aws_dynamodb_table":
		v := base("arn:aws:dynamodb:us-east-1:" + account + ":table/" + name)
		for k, x := range map[string]any{"name": name, "billing_mode": "PAY_PER_REQUEST", "hash_key": "pk", "range_key": "sk", "read_capacity": 0, "write_capacity": 0,
			"attribute": []any{map[string]any{"name": "pk", "type": "S"}, map[string]any{"name": "sk", "type": "S"}}, "global_secondary_index": []any{}, "local_secondary_index": []any{},
			"point_in_time_recovery": []any{map[string]any{"enabled": true}}, "server_side_encryption": []any{}, "stream_enabled": false, "stream_arn": "", "stream_label": "",
			"stream_view_type": "", "table_class": "STANDARD", "ttl": []any{map[string]any{"attribute_name": "expires", "enabled": true}}, "deletion_protection_enabled": false,
			"replica": []any{}, "restore_date_time": nil, "restore_source_name": nil, "restore_to_latest_time": nil, "import_table": []any{}, "timeouts": nil} {
			v[k] = x
		}
		return v, sens
	}
	panic("plangen: no state for " + r.typ)
}

// infraConfig is an infrastructure resource's configuration expressions.
func infraConfig(typ string) map[string]any {
	named := refs("var.team", "each.key")
	switch typ {
	case "aws_lambda_function":
		return map[string]any{"function_name": named, "role": refs("aws_iam_role.wl.arn", "aws_iam_role.wl", "each.key"), "handler": constant("main.handler"),
			"runtime": constant("python3.12"), "filename": refs("each.key"), "environment": []any{map[string]any{"variables": refs("var.team", "each.key")}}}
	case "aws_s3_bucket":
		return map[string]any{"bucket": named, "tags": refs("var.team", "each.key")}
	case "aws_security_group":
		return map[string]any{"name": named, "vpc_id": constant("vpc-0a1b2c3d4e5f67890")}
	case "aws_cloudwatch_log_group":
		return map[string]any{"name": named, "retention_in_days": constant(30)}
	case "aws_sqs_queue":
		return map[string]any{"name": named}
	}
	return map[string]any{"name": named, "hash_key": constant("pk"), "range_key": constant("sk")}
}

func teamPolicy(t *team) string {
	return `{"Statement":[{"Action":["logs:CreateLogStream","logs:PutLogEvents"],"Effect":"Allow","Resource":"arn:aws:logs:us-east-1:111122223333:log-group:/` + t.name + `/*"},{"Action":["kms:Decrypt"],"Effect":"Allow","Resource":"arn:aws:kms:us-east-1:111122223333:key/` + t.name + `"}],"Version":"2012-10-17"}`
}

const readersPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::example-artifacts","arn:aws:s3:::example-artifacts/*"]}]}`

const readersPolicyPretty = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": [\n        \"s3:GetObject\",\n        \"s3:ListBucket\"\n      ],\n      \"Resource\": [\n        \"arn:aws:s3:::example-artifacts\",\n        \"arn:aws:s3:::example-artifacts/*\"\n      ]\n    }\n  ]\n}"

// ---- writing ----

// obj is a JSON object whose keys keep their order (Terraform's structs).
type obj []kv

type kv struct {
	k string
	v any
}

func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(e.k)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(e.v)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func (g *gen) raw(s string) {
	if g.err == nil {
		_, g.err = g.w.WriteString(s)
	}
}

func (g *gen) val(v any) {
	if g.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		g.err = err
		return
	}
	_, g.err = g.w.Write(b)
}

// list writes the elements as a JSON array, skipping nil ones.
func (g *gen) list(n int, each func(i int) any) {
	g.raw("[")
	first := true
	for i := 0; i < n; i++ {
		v := each(i)
		if v == nil {
			continue
		}
		if !first {
			g.raw(",")
		}
		first = false
		g.val(v)
	}
	g.raw("]")
}

func actions(a act) []any {
	switch a {
	case create:
		return []any{"create"}
	case update:
		return []any{"update"}
	case replace:
		return []any{"delete", "create"}
	case remove:
		return []any{"delete"}
	case read:
		return []any{"read"}
	}
	return []any{"no-op"}
}

func (r *res) head() obj {
	o := obj{{"address", r.addr}}
	if r.module != "" {
		o = append(o, kv{"module_address", r.module})
	}
	o = append(o, kv{"mode", r.mode}, kv{"type", r.typ}, kv{"name", r.name})
	if r.key != nil {
		o = append(o, kv{"index", r.key})
	}
	return append(o, kv{"provider_name", r.prov})
}

func orFalse(m map[string]any) any {
	if m == nil {
		return false
	}
	return m
}

func (g *gen) change(r *res) any {
	if r.act == read {
		return nil // read during plan: not a change
	}
	v := g.values(r)
	ch := obj{{"actions", actions(r.act)}, {"before", nilIfEmpty(v.before)}, {"after", nilIfEmpty(v.after)}}
	if v.after != nil {
		ch = append(ch, kv{"after_unknown", v.afterUnknown})
	} else {
		ch = append(ch, kv{"after_unknown", map[string]any{}})
	}
	ch = append(ch, kv{"before_sensitive", orFalse(v.beforeSensitive)}, kv{"after_sensitive", orFalse(v.afterSensitive)})
	o := r.head()
	o = append(o, kv{"change", ch})
	if r.reason != "" {
		o = append(o, kv{"action_reason", r.reason})
	}
	return o
}

func nilIfEmpty(m map[string]any) any {
	if m == nil {
		return nil
	}
	return m
}

// stateResource is the resource as planned_values (after) or prior_state
// (before) lists it; nil when it does not exist in that state.
func (g *gen) stateResource(r *res, prior bool) any {
	var vals, sens map[string]any
	if prior {
		if r.act == create {
			return nil
		}
		vals, sens = g.state(r)
	} else {
		if r.act == remove {
			return nil
		}
		v := g.values(r)
		vals, sens = v.after, v.afterSensitive
		// planned_values leaves unknown values out.
		for k, u := range v.afterUnknown {
			if u == true {
				delete(vals, k)
			}
		}
	}
	o := obj{{"address", r.addr}, {"mode", r.mode}, {"type", r.typ}, {"name", r.name}}
	if r.key != nil {
		o = append(o, kv{"index", r.key})
	}
	o = append(o, kv{"provider_name", r.prov}, kv{"schema_version", schemaVersion(r.typ)}, kv{"values", vals}, kv{"sensitive_values", sens})
	if prior && r.typ == "aws_iam_access_key" {
		o = append(o, kv{"depends_on", []any{strings.Replace(r.addr, "aws_iam_access_key", "aws_iam_user", 1)}})
	}
	return o
}

func schemaVersion(typ string) int {
	if typ == "nhi_identity" {
		return 1
	}
	return 0
}

// stateModule writes {"root_module":{"resources":[...],"child_modules":[...]}}.
func (g *gen) stateModule(prior bool) {
	g.raw(`{"root_module":{"resources":`)
	g.list(len(g.root), func(i int) any { return g.stateResource(g.root[i], prior) })
	g.raw(`,"child_modules":[`)
	first := true
	for _, m := range g.modules {
		rs := g.byModule[m]
		if !first {
			g.raw(",")
		}
		first = false
		g.raw(`{"resources":`)
		g.list(len(rs), func(i int) any { return g.stateResource(rs[i], prior) })
		g.raw(`,"address":`)
		g.val(m)
		g.raw("}")
	}
	g.raw("]}}")
}

func (g *gen) write() {
	g.raw(`{"format_version":"1.2","terraform_version":"1.11.4","planned_values":{"outputs":{"ci_secret_access_key":{"sensitive":true},"team_access_key_ids":{"sensitive":false}},"root_module":`)
	// planned_values has the same module layout as prior_state, minus the
	// wrapper; write it through stateModule and drop the wrapper by hand.
	var inner bytes.Buffer
	saved := g.w
	g.w = bufio.NewWriter(&inner)
	g.stateModule(false)
	g.w.Flush()
	g.w = saved
	b := inner.Bytes()
	b = b[len(`{"root_module":`) : len(b)-1]
	if g.err == nil {
		_, g.err = g.w.Write(b)
	}
	g.raw(`},"resource_drift":`)
	g.list(len(g.all), func(i int) any { return g.drift(g.all[i]) })
	g.raw(`,"resource_changes":`)
	changes := 0
	g.list(len(g.all), func(i int) any {
		c := g.change(g.all[i])
		if c != nil {
			changes++
		}
		return c
	})
	g.stats.Changes = changes
	g.raw(`,"output_changes":`)
	g.val(g.outputChanges())
	g.raw(`,"prior_state":{"format_version":"1.0","terraform_version":"1.11.4","values":`)
	g.stateModule(true)
	g.raw(`},"configuration":`)
	g.val(g.configuration())
	g.raw(`,"relevant_attributes":`)
	g.list(len(g.all), func(i int) any {
		r := g.all[i]
		if r.svc == nil || r.svc.state != update || r.typ != "aws_iam_user" {
			return nil
		}
		return obj{{"resource", r.addr}, {"attribute", []any{"name"}}}
	})
	g.raw(`,"timestamp":"` + planStamp + `","applyable":true,"complete":true,"errored":false}` + "\n")
}

// drift: a few existing roles had their tags edited outside Terraform.
func (g *gen) drift(r *res) any {
	if r.svc == nil || r.typ != "aws_iam_role" || r.act != noop || r.svc.idx%97 != 5 {
		return nil
	}
	before, sens := g.state(r)
	after, _ := g.state(r)
	t := map[string]any{"owner": "someone-else"}
	after["tags"], after["tags_all"] = t, withDefaults(t)
	o := r.head()
	return append(o, kv{"change", obj{{"actions", []any{"update"}}, {"before", before}, {"after", after}, {"after_unknown", map[string]any{}}, {"before_sensitive", sens}, {"after_sensitive", sens}}})
}

func (g *gen) outputChanges() any {
	ids := map[string]any{}
	for _, t := range g.teams {
		if t.call != "team" {
			continue
		}
		m := map[string]any{}
		for _, s := range t.services {
			if s.state == noop {
				m[s.key] = fake("AKIA", s.idx+2, 20)
			}
		}
		ids[t.name] = m
	}
	return obj{
		{"ci_secret_access_key", obj{{"actions", []any{"no-op"}}, {"before", fake("wJalr", 2, 40)}, {"after", fake("wJalr", 2, 40)}, {"after_unknown", false}, {"before_sensitive", true}, {"after_sensitive", true}}},
		{"team_access_key_ids", obj{{"actions", []any{"update"}}, {"before", ids}, {"after", nil}, {"after_unknown", true}, {"before_sensitive", false}, {"after_sensitive", false}}},
	}
}

// ---- configuration ----

func refs(rs ...string) obj { return obj{{"references", rs}} }

func constant(v any) obj { return obj{{"constant_value", v}} }

func cfgRes(typ, name, provider string, exprs map[string]any, schema int, extra ...kv) obj {
	o := obj{{"address", typ + "." + name}, {"mode", "managed"}, {"type", typ}, {"name", name}, {"provider_config_key", provider}, {"expressions", exprs}, {"schema_version", schema}}
	return append(o, extra...)
}

func forEach(r ...string) kv { return kv{"for_each_expression", refs(r...)} }

func (g *gen) configuration() any {
	root := []any{
		cfgRes("aws_iam_access_key", "ci", "aws", map[string]any{"user": refs("aws_iam_user.ci.name", "aws_iam_user.ci")}, 0),
		cfgRes("aws_iam_group", "admins", "aws", map[string]any{"name": constant("admins"), "path": constant("/")}, 0),
		cfgRes("aws_iam_group", "readers", "aws", map[string]any{"name": constant("readers"), "path": constant("/")}, 0),
		cfgRes("aws_iam_group_policy", "readers", "aws", map[string]any{"group": refs("aws_iam_group.readers.name", "aws_iam_group.readers"), "name": constant("read"),
			"policy": refs("data.aws_iam_policy_document.readers.json", "data.aws_iam_policy_document.readers")}, 0),
		cfgRes("aws_iam_group_policy_attachment", "admins", "aws", map[string]any{"group": refs("aws_iam_group.admins.name", "aws_iam_group.admins"), "policy_arn": constant(adminARN)}, 0),
		cfgRes("aws_iam_user", "ci", "aws", map[string]any{"name": constant("release-ci"), "path": constant("/ci/"), "tags": constant(map[string]any{"owner": "team-release", "purpose": "ci"})}, 0),
		cfgRes("nhi_owner", "team", "nhi", map[string]any{"email": refs("each.key"), "escalation": refs("each.key"), "name": refs("each.key")}, 0, forEach("local.teams")),
		obj{{"address", "data.aws_iam_policy_document.readers"}, {"mode", "data"}, {"type", "aws_iam_policy_document"}, {"name", "readers"}, {"provider_config_key", "aws"},
			{"expressions", map[string]any{"statement": []any{map[string]any{"actions": constant([]any{"s3:GetObject", "s3:ListBucket"}), "resources": constant([]any{"arn:aws:s3:::example-artifacts", "arn:aws:s3:::example-artifacts/*"})}}}}, {"schema_version", 0}},
	}
	call := func(source string, mod any) obj {
		return obj{{"source", source}, {"expressions", map[string]any{
			"team":     refs("each.key"),
			"services": refs("each.value.services", "each.value"),
			"owner_id": refs("nhi_owner.team", "each.key"),
			"project":  constant(project),
			"oidc_arn": refs("local.github_oidc_arn"),
		}}, {"for_each_expression", refs("local.teams")}, {"module", mod}}
	}
	return obj{
		{"provider_config", map[string]any{
			"aws": obj{{"name", "aws"}, {"full_name", awsName}, {"expressions", map[string]any{
				"region":       constant("us-east-1"),
				"default_tags": []any{map[string]any{"tags": constant(defaultTags)}},
			}}},
			"google": obj{{"name", "google"}, {"full_name", googName}, {"expressions", map[string]any{"project": constant(project), "region": constant("us-central1")}}},
			"nhi":    obj{{"name", "nhi"}, {"full_name", nhiName}},
		}},
		{"root_module", obj{
			{"outputs", map[string]any{
				"ci_secret_access_key": obj{{"sensitive", true}, {"expression", refs("aws_iam_access_key.ci.secret", "aws_iam_access_key.ci")}},
				"team_access_key_ids":  obj{{"expression", refs("module.team")}},
			}},
			{"resources", root},
			{"module_calls", map[string]any{
				"team":     call("./modules/team", g.moduleConfig(false)),
				"platform": call("./modules/platform", g.moduleConfig(true)),
			}},
		}},
	}
}

func (g *gen) moduleConfig(platform bool) any {
	userTags := refs("each.value.owner", "each.value", "each.key")
	keyUser := refs("aws_iam_user.svc", "each.key")
	var rs []any
	if platform {
		rs = append(rs, cfgRes("nhi_identity", "svc", "nhi", map[string]any{
			"name":              refs("var.team", "each.key"),
			"kind":              constant("access_key"),
			"owner":             refs("var.owner_id"),
			"purpose":           refs("var.team", "each.key"),
			"environment":       constant("prod"),
			"rotation_days":     constant(90),
			"max_lifetime_days": constant(365),
		}, 1, forEach("var.services")))
		userTags = refs("nhi_identity.svc", "each.key")
	}
	keyExprs := map[string]any{"user": keyUser}
	rs = append(rs,
		cfgRes("aws_iam_user", "svc", "aws", map[string]any{"name": refs("var.team", "each.key"), "path": constant("/svc/"), "tags": userTags}, 0, forEach("var.services")),
		cfgRes("aws_iam_access_key", "svc", "aws", keyExprs, 0, forEach("var.services")),
		cfgRes("aws_iam_user_policy", "svc", "aws", map[string]any{"name": refs("var.team", "each.key"), "user": keyUser,
			"policy": refs("each.value.policy_kind", "each.value", "var.team", "each.key")}, 0, forEach("var.services")),
		cfgRes("aws_iam_role", "wl", "aws", map[string]any{"name": refs("var.team", "each.key"), "path": constant("/workload/"),
			"assume_role_policy": refs("each.value.open_trust", "each.value", "var.oidc_arn", "var.team", "each.key"), "tags": userTags}, 0, forEach("var.services")),
		cfgRes("aws_iam_role_policy", "wl", "aws", map[string]any{"name": refs("var.team", "each.key"), "role": refs("aws_iam_role.wl", "each.key"),
			"policy": refs("var.team", "each.key")}, 0, forEach("var.services")),
		cfgRes("aws_iam_policy", "team", "aws", map[string]any{"name": refs("var.team"), "policy": refs("var.team"), "tags": refs("var.team")}, 0),
		cfgRes("aws_iam_role_policy_attachment", "team", "aws", map[string]any{"role": refs("aws_iam_role.wl", "each.key"),
			"policy_arn": refs("aws_iam_policy.team.arn", "aws_iam_policy.team")}, 0, forEach("var.services")),
		cfgRes("aws_iam_user_group_membership", "svc", "aws", map[string]any{"user": keyUser, "groups": refs("each.value.groups", "each.value")}, 0, forEach("var.services")),
		cfgRes("aws_iam_user_policy_attachment", "managed", "aws", map[string]any{"user": keyUser, "policy_arn": refs("each.value.managed_policy", "each.value")}, 0, forEach("var.services")),
		cfgRes("google_service_account", "sa", "google", map[string]any{"account_id": refs("var.team", "each.key"), "display_name": refs("var.team", "each.key"), "project": refs("var.project")}, 0, forEach("var.services")),
		cfgRes("google_project_iam_member", "sa", "google", map[string]any{"project": refs("var.project"), "role": refs("each.value.gcp_role", "each.value"),
			"member": refs("google_service_account.sa", "each.key")}, 0, forEach("var.services")),
	)
	saKey := map[string]any{"service_account_id": refs("google_service_account.sa", "each.key")}
	if platform {
		saKey["keepers"] = refs("nhi_identity.svc", "each.key")
	}
	rs = append(rs, cfgRes("google_service_account_key", "sa", "google", saKey, 0, forEach("var.services")))
	for j := 0; j < g.o.InfraPerService; j++ {
		typ, short := infraType(j)
		rs = append(rs, cfgRes(typ, infraName(short, j), "aws", infraConfig(typ), 0, forEach("var.services")))
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].(obj)[0].v.(string) < rs[j].(obj)[0].v.(string) })
	return obj{
		{"outputs", map[string]any{
			"access_key_ids":   obj{{"expression", refs("aws_iam_access_key.svc")}},
			"service_accounts": obj{{"expression", refs("google_service_account.sa")}},
		}},
		{"resources", rs},
		{"variables", map[string]any{"team": obj{}, "services": obj{}, "owner_id": obj{{"default", nil}}, "project": obj{}, "oidc_arn": obj{}}},
	}
}
