// Package plan loads `terraform show -json` output into terraform-json's
// model and indexes it for the checker: resource instances by address, with
// unknown and sensitive leaves replaced by markers, the configuration module
// tree, module instances, and references between resources resolved per
// module and per instance (ids are unknown at plan time, so links come from
// configuration expressions).
package plan

import (
	"encoding/json"
	"reflect"
	"slices"
	"sort"
	"sync"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// Action is what the plan does to a resource instance, in the report's words.
type Action string

const (
	NoOp    Action = "no-op"
	Create  Action = "create"
	Read    Action = "read"
	Update  Action = "update"
	Delete  Action = "delete"
	Replace Action = "replace"
	Forget  Action = "forget"
)

// Changes reports whether the action creates or alters the object that will
// exist after apply (the cases that can introduce a finding).
func (a Action) Changes() bool {
	return a == Create || a == Update || a == Replace
}

// Removes reports whether the resource leaves Terraform after apply.
func (a Action) Removes() bool { return a == Delete || a == Forget }

func actionOf(acts tfjson.Actions) Action {
	switch {
	case acts.Replace(), keepsReplaced(acts):
		return Replace
	case acts.Create():
		return Create
	case acts.Update():
		return Update
	case acts.Delete():
		return Delete
	case acts.Read():
		return Read
	case len(acts) == 1 && acts[0] == tfjson.ActionForget:
		return Forget
	}
	for _, a := range acts {
		if a == tfjson.ActionForget {
			return Forget
		}
	}
	return NoOp
}

// ActionLabel is the action as reports name it: an import that changes
// nothing else is "import", not "no-op", so a reader sees that the plan
// brings an existing object under Terraform.
func (r *Resource) ActionLabel() string {
	if r.Importing && r.Action == NoOp {
		return "import"
	}
	return string(r.Action)
}

// Configures reports whether the resource's configuration sets the
// attribute at path (nested blocks' attributes included): what the
// configuration leaves unset, the provider computes or defaults.
func (r *Resource) Configures(path ...string) bool {
	return len(ExprsAt(r.Config, path)) > 0
}

// keepsReplaced reports a replace whose old object is not destroyed but
// leaves Terraform's state (Terraform's CreateThenForget, written
// ["create", "forget"], for a replace where the configuration says
// destroy = false; the reverse order likewise).
func keepsReplaced(acts tfjson.Actions) bool {
	return len(acts) == 2 && (acts[0] == tfjson.ActionCreate && acts[1] == tfjson.ActionForget ||
		acts[0] == tfjson.ActionForget && acts[1] == tfjson.ActionCreate)
}

// Resource is one resource instance (managed or data) known to the plan.
type Resource struct {
	Address string
	Addr    Address
	Mode    string // managed or data
	Type    string
	Name    string
	Key     any // instance key: nil, int or string

	Action Action
	// KeepsReplaced: the object this replace replaces is not destroyed
	// but leaves Terraform's state, and keeps existing unmanaged.
	KeepsReplaced bool
	// Importing: the plan imports the object (an import block), which
	// existed before outside Terraform.
	Importing    bool
	ActionReason string
	ProviderName string

	// Before and After are the object values with value.Unknown and
	// value.Secret markers in place of unknown and sensitive leaves. After
	// is nil for delete and forget; Before is nil for create.
	Before map[string]any
	After  map[string]any
	// SensitiveBefore and SensitiveAfter list the top-level attributes
	// whose value is, or holds, something the plan marks sensitive
	// (before_sensitive, after_sensitive), sorted; nil when none. They are
	// kept for every type, also those whose values were not read.
	SensitiveBefore, SensitiveAfter []string

	// Config is the configuration block that declares this resource, nil
	// when the plan has no configuration for it (for example an orphan
	// being deleted).
	Config   *tfjson.ConfigResource
	Instance *ModuleInstance

	ord int // position in Plan.Resources
}

// Ordinal is the resource's position in its plan's Resources, so that
// callers can keep per-resource data in a slice instead of a map.
func (r *Resource) Ordinal() int { return r.ord }

// Values is the object that will exist after apply, or for a resource
// being removed, the object as it was.
func (r *Resource) Values() map[string]any {
	if r.After != nil {
		return r.After
	}
	return r.Before
}

// ChangesNothing reports whether the worlds before and after apply are the
// same: every managed resource is a no-op whose values and sensitivity
// are the same before and after (data sources read the same in both), and
// every root output is a no-op (one created did not exist before).
func (p *Plan) ChangesNothing() bool {
	for _, o := range p.Outputs {
		if o.Action != NoOp {
			return false
		}
	}
	for _, r := range p.Resources {
		if r.Mode == "data" {
			continue
		}
		if r.Action != NoOp || !slices.Equal(r.SensitiveBefore, r.SensitiveAfter) || !reflect.DeepEqual(r.Before, r.After) {
			return false
		}
	}
	return true
}

// Expr returns the configuration expression of a top-level attribute.
func (r *Resource) Expr(attr string) *tfjson.Expression {
	if r.Config == nil {
		return nil
	}
	return r.Config.Expressions[attr]
}

// Output is a root module output.
type Output struct {
	Name      string
	Address   string // output.NAME
	Sensitive bool   // declared sensitive, or marked so in the plan
	Config    *tfjson.ConfigOutput
	Action    Action
}

// Drift is a change Terraform found between state and the real object
// (resource_drift): the negligence gap.
type Drift struct {
	Address string
	Type    string
	Actions Action
	Before  map[string]any
	After   map[string]any
}

// Module is one node of the configuration's module tree (without instance keys).
type Module struct {
	Path      []string
	Parent    *Module
	Call      *tfjson.ModuleCall // nil for the root module
	Config    *tfjson.ConfigModule
	Resources map[string]*tfjson.ConfigResource // by TYPE.NAME or data.TYPE.NAME
	Children  map[string]*Module
}

// ModuleInstance is one instance of a module: the root, or module.a["x"].
type ModuleInstance struct {
	Address  string // "" for the root
	Key      any    // this module call's instance key
	Module   *Module
	Parent   *ModuleInstance
	Children map[string][]*ModuleInstance // by call name
	// Resources by configuration address (TYPE.NAME or data.TYPE.NAME).
	Resources map[string][]*Resource

	// byKey and childByKey find an instance by its key without a scan
	// (a for_each over thousands of keys made each lookup linear).
	byKey      map[string]map[any]*Resource
	childByKey map[string]map[any]*ModuleInstance
}

// Plan is a loaded, indexed plan.
type Plan struct {
	// Raw is the decoded plan: its header, configuration, outputs and
	// drift. To keep memory near the plan's size, the resource values are
	// kept once, merged with their markers, in Resources: ResourceChanges
	// is nil once indexed, and planned_values and prior_state list only
	// the resources the index read from them (the others repeat
	// resource_changes and were never decoded).
	Raw              *tfjson.Plan
	FormatVersion    string
	TerraformVersion string
	Timestamp        string

	// Resources lists every instance, sorted by address.
	Resources []*Resource
	Outputs   []*Output
	Drift     []*Drift
	// NoOpChanged lists the changes marked no-op whose values differ
	// before and after; they are loaded as updates (see addChange).
	NoOpChanged []string
	// ProviderCredentials are the provider arguments written in the
	// configuration as a literal credential (Options.CredentialShape),
	// sorted by address; the literals themselves were dropped.
	ProviderCredentials []ProviderCredential
	// literalShapes name, by their redacted form, the secret literals of
	// resources that hold a live credential's form (Options.CredentialIn).
	literalShapes map[value.Secret]string
	Root          *Module
	RootInst      *ModuleInstance

	// Locals, when set, lets reference resolution follow local values.
	Locals LocalResolver

	byAddress map[string]*Resource
	instances map[string]*ModuleInstance
	byType    map[string][]*Resource

	// sensitive holds the text marked sensitive that decides privilege.
	sensitive *sensitiveText

	linksMu     sync.Mutex
	links       *links
	linksLocals LocalResolver

	// The module instance of the last placed resource (see instance).
	lastSteps []Step
	lastInst  *ModuleInstance
}

// Resource returns the instance at an absolute address.
func (p *Plan) Resource(address string) *Resource { return p.byAddress[address] }

// OfType returns every instance of a resource type, sorted by address.
func (p *Plan) OfType(typ string) []*Resource { return p.byType[typ] }

// Types lists the resource types present, sorted.
func (p *Plan) Types() []string {
	out := make([]string, 0, len(p.byType))
	for t := range p.byType {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// ModuleInstance returns the module instance with the given address ("" = root).
func (p *Plan) ModuleInstance(address string) *ModuleInstance {
	return p.instances[address]
}

// SecretFunc tells whether an attribute of a resource type holds a secret:
// path is an attribute, or dot-separated inside nested blocks and nested
// attributes (list indexes left out). Its literals in the configuration
// are dropped at load, and so is a top-level one's value even where the
// provider did not mark it sensitive.
type SecretFunc func(resourceType, path string) bool

// stateValues returns the values of a resource in planned_values or
// prior_state (decoding them if the decoder left them undecoded).
type stateValues func(*tfjson.StateResource) (map[string]any, error)

// prunedAddrs are the addresses of the managed resources the fast decoder
// dropped from planned_values and prior_state, whose values index never
// reads: each planned one must be one resource_changes lists, and each
// address must parse, as index checks of those it reads.
type prunedAddrs struct{ planned, prior []string }

// index builds the indexes from the decoded plan, and checks the
// addresses of the resources the decoder pruned.
func index(raw *tfjson.Plan, isSecret SecretFunc, sensitive *sensitiveText, values stateValues, merged *mergedList, pruned prunedAddrs) (*Plan, error) {
	p := &Plan{
		sensitive:        sensitive,
		Raw:              raw,
		FormatVersion:    raw.FormatVersion,
		TerraformVersion: raw.TerraformVersion,
		Timestamp:        raw.Timestamp,
		byAddress:        make(map[string]*Resource, len(raw.ResourceChanges)),
		instances:        map[string]*ModuleInstance{},
		byType:           map[string][]*Resource{},
	}
	p.Root = buildModule(nil, nil, nil)
	if raw.Config != nil && raw.Config.RootModule != nil {
		p.Root = buildModule(nil, nil, raw.Config.RootModule)
	}
	p.RootInst = &ModuleInstance{Module: p.Root, Children: map[string][]*ModuleInstance{}, Resources: map[string][]*Resource{}}
	p.instances[""] = p.RootInst

	for i, rc := range raw.ResourceChanges {
		var mv *mergedValues
		var addr Address
		if m := merged.at(i); m != nil && m.done {
			if m.ephemeral {
				continue
			}
			mv, addr = m, m.addr // checked as it was decoded
		} else {
			var skip bool
			var err error
			if addr, skip, err = checkChange(i, rc); err != nil {
				return nil, err
			}
			if skip {
				continue
			}
		}
		if rc.DeposedKey != "" {
			// Deposed objects are leftovers of an interrupted replace; the
			// current object of the same address speaks for the resource.
			continue
		}
		if _, dup := p.byAddress[rc.Address]; dup {
			// Terraform lists each instance once: which of two entries is
			// the plan is unknowable, and either could hide the other.
			return nil, inputErr("plan resource_changes lists %q twice (not as a deposed object), which Terraform never writes: the file was merged or edited", clip(rc.Address, 200))
		}
		p.addChange(rc, addr, isSecret, mv)
	}
	// Data sources may be listed only in planned_values or prior_state.
	if raw.PlannedValues != nil {
		if err := p.addStateModule(raw.PlannedValues.RootModule, isSecret, false, values); err != nil {
			return nil, err
		}
	}
	for _, a := range pruned.planned {
		if _, seen := p.byAddress[a]; !seen {
			if _, err := ParseAddress(a); err != nil {
				return nil, badAddress(a)
			}
			return nil, plannedNotChanged(a)
		}
	}
	if raw.PriorState != nil && raw.PriorState.Values != nil {
		if err := p.addStateModule(raw.PriorState.Values.RootModule, isSecret, true, values); err != nil {
			return nil, err
		}
	}
	for _, a := range pruned.prior {
		if _, seen := p.byAddress[a]; !seen {
			if _, err := ParseAddress(a); err != nil {
				return nil, badAddress(a)
			}
		}
	}
	for _, rc := range raw.ResourceDrift {
		if rc == nil || rc.Change == nil {
			continue
		}
		secret := secretFor(rc.Type, isSecret)
		d := &Drift{Address: rc.Address, Type: rc.Type, Actions: actionOf(rc.Change.Actions)}
		d.Before, _ = merge(rc.Change.Before, nil, rc.Change.BeforeSensitive, secret).(map[string]any)
		d.After, _ = merge(rc.Change.After, rc.Change.AfterUnknown, rc.Change.AfterSensitive, secret).(map[string]any)
		p.Drift = append(p.Drift, d)
	}
	p.addOutputs(raw)
	// Resources hold what the changes said; the decoded changes (a fifth
	// of a large plan's memory, all of it on the reflective path, which
	// keeps their raw values) would only be kept alive for nothing.
	raw.ResourceChanges = nil

	sort.Slice(p.Resources, func(i, j int) bool { return p.Resources[i].Address < p.Resources[j].Address })
	for i, r := range p.Resources {
		r.ord = i
		p.byType[r.Type] = append(p.byType[r.Type], r)
	}
	return p, nil
}

// plannedNotChanged refuses a managed resource of planned_values that
// resource_changes does not list.
func plannedNotChanged(address string) error {
	return inputErr("plan input lists %q in planned_values but not in resource_changes, where Terraform lists every planned resource: the file was filtered or edited, and whether the plan creates it is unknown", clip(address, 200))
}

func secretFor(typ string, isSecret SecretFunc) func(string) bool {
	if isSecret == nil {
		return nil
	}
	return func(attr string) bool { return isSecret(typ, attr) }
}

func buildModule(parent *Module, call *tfjson.ModuleCall, cfg *tfjson.ConfigModule) *Module {
	m := &Module{Parent: parent, Call: call, Config: cfg, Resources: map[string]*tfjson.ConfigResource{}, Children: map[string]*Module{}}
	if cfg == nil {
		return m
	}
	for _, r := range cfg.Resources {
		if r == nil {
			continue
		}
		key := r.Type + "." + r.Name
		if r.Mode == tfjson.DataResourceMode {
			key = "data." + key
		}
		m.Resources[key] = r
	}
	for name, c := range cfg.ModuleCalls {
		if c == nil {
			continue
		}
		child := buildModule(m, c, c.Module)
		child.Path = append(append([]string(nil), m.Path...), name)
		m.Children[name] = child
	}
	return m
}

func (p *Plan) addChange(rc *tfjson.ResourceChange, addr Address, isSecret SecretFunc, mv *mergedValues) {
	r := &Resource{
		Address:       rc.Address,
		Addr:          addr,
		Mode:          addr.Mode,
		Type:          rc.Type,
		Name:          rc.Name,
		Key:           normalizeKey(rc.Index),
		Action:        actionOf(rc.Change.Actions),
		KeepsReplaced: keepsReplaced(rc.Change.Actions),
		Importing:     rc.Change.Importing != nil,
		ActionReason:  string(rc.ActionReason),
		ProviderName:  rc.ProviderName,
	}
	if r.Type == "" {
		r.Type, r.Name = addr.Type, addr.Name
	}
	if r.Key == nil {
		r.Key = addr.Key
	}
	if mv != nil {
		r.Before, r.After = mv.before, mv.after
		r.SensitiveBefore, r.SensitiveAfter = mv.sensitiveBefore, mv.sensitiveAfter
	} else {
		p.sensitive.keepChange(r.Type, rc.Change)
		r.Before, r.After = changeValues(rc.Change, r.Action, secretFor(r.Type, isSecret), false)
		r.SensitiveBefore, r.SensitiveAfter = sensitiveAttrs(rc.Change)
	}
	// Terraform plans no-op only when nothing changes. A document that
	// says no-op and changes values anyway is judged as an update, so
	// that what it changes cannot pass as existing.
	// The decoder shares identical text as one tree, which DeepEqual
	// recognises by its pointer without walking it.
	if r.Action == NoOp && r.Mode != "data" && !reflect.DeepEqual(r.Before, r.After) {
		r.Action = Update
		p.NoOpChanged = append(p.NoOpChanged, r.Address)
	}
	p.place(r)
}

// mergedList holds the mergedValues of a plan's changes in chunks: a
// slice grown one change at a time copied itself over and over, several
// times its final size of garbage on a large plan.
type mergedList struct {
	chunks [][]mergedValues
	n      int
}

const mergedChunk = 1024

// next adds an entry and returns it.
func (l *mergedList) next() *mergedValues {
	if l.n%mergedChunk == 0 {
		l.chunks = append(l.chunks, make([]mergedValues, mergedChunk))
	}
	l.n++
	return &l.chunks[(l.n-1)/mergedChunk][(l.n-1)%mergedChunk]
}

// at returns entry i, nil past the end.
func (l *mergedList) at(i int) *mergedValues {
	if i < 0 || i >= l.n {
		return nil
	}
	return &l.chunks[i/mergedChunk][i%mergedChunk]
}

// mergedValues are a resource change's values, merged while decoding.
type mergedValues struct {
	addr                            Address
	before, after                   map[string]any
	sensitiveBefore, sensitiveAfter []string
	done                            bool
	ephemeral                       bool // an ephemeral resource's entry, skipped
}

// sensitiveAttrs lists the top-level attributes a change's sensitivity
// markers mark, wholly or in part, before and after.
func sensitiveAttrs(ch *tfjson.Change) (before, after []string) {
	before = markedAttrs(ch.BeforeSensitive)
	if sameSensitivity(ch.BeforeSensitive, ch.AfterSensitive) {
		return before, before
	}
	return before, markedAttrs(ch.AfterSensitive)
}

func markedAttrs(sensitive any) []string {
	m, _ := sensitive.(map[string]any)
	var out []string
	for k, v := range m {
		if marksAny(v) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// marksAny reports whether a sensitivity marker tree marks anything.
func marksAny(v any) bool { return value.Contains(v, isTrue) }

func isTrue(v any) bool { return v == true }

// changeValues merges a change's values with their unknown and sensitive
// markers. owned allows it to reuse the decoded trees (nothing else will
// read them): it saves copying every top-level object.
func changeValues(ch *tfjson.Change, action Action, secret func(string) bool, owned bool) (before, after map[string]any) {
	// A no-op lists one object twice; when both sides are the same tree
	// with the same sensitivity and nothing unknown, one merge serves both.
	shared := sameObject(ch.Before, ch.After) && sameSensitivity(ch.BeforeSensitive, ch.AfterSensitive) && noUnknowns(ch.AfterUnknown)
	needAfter := !action.Removes()
	needBefore := action != Create && action != Read
	if shared && needAfter && needBefore {
		after, _ = mergeOwned(ch.After, ch.AfterUnknown, ch.AfterSensitive, secret, owned).(map[string]any)
		return after, after
	}
	if needBefore {
		// Before first: when the trees are shared, after may then take
		// the tree over.
		before, _ = merge(ch.Before, nil, ch.BeforeSensitive, secret).(map[string]any)
	}
	if needAfter {
		after, _ = mergeOwned(ch.After, ch.AfterUnknown, ch.AfterSensitive, secret, owned).(map[string]any)
		if after == nil && action != NoOp {
			after = map[string]any{}
		}
	}
	if action == NoOp && after == nil {
		after = before
	}
	return before, after
}

func mergeOwned(v, unknown, sensitive any, secret func(string) bool, owned bool) any {
	if top, ok := v.(map[string]any); ok && owned {
		return mergeInPlace(top, unknown, sensitive, secret)
	}
	return merge(v, unknown, sensitive, secret)
}

// sameObject reports whether a and b are the same decoded object.
func sameObject(a, b any) bool {
	ma, ok1 := a.(map[string]any)
	mb, ok2 := b.(map[string]any)
	if !ok1 || !ok2 || len(ma) != len(mb) {
		return false
	}
	return len(ma) == 0 || reflect.ValueOf(ma).UnsafePointer() == reflect.ValueOf(mb).UnsafePointer()
}

func sameSensitivity(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case map[string]any:
		return sameObject(a, b)
	}
	return false
}

// noUnknowns: merging with these markers equals merging with none.
func noUnknowns(u any) bool {
	switch x := u.(type) {
	case nil:
		return true
	case map[string]any:
		return len(x) == 0
	}
	return false
}

// addStateModule adds instances found only in a state representation
// (planned_values or prior_state). Values there carry sensitive_values but
// no unknown markers.
func (p *Plan) addStateModule(m *tfjson.StateModule, isSecret SecretFunc, prior bool, values stateValues) error {
	if m == nil {
		return nil
	}
	for _, sr := range m.Resources {
		if sr == nil || sr.DeposedKey != "" || sr.Mode == ephemeralMode {
			continue
		}
		if _, seen := p.byAddress[sr.Address]; seen {
			continue
		}
		addr, err := ParseAddress(sr.Address)
		if err != nil {
			return badAddress(sr.Address)
		}
		if addr.Mode != "data" {
			if !prior {
				// Terraform derives planned_values from the changes (0.12
				// on), so a managed instance there has an entry in
				// resource_changes, no-op included. Without one it is not
				// known whether this plan creates it: a gate does not pass
				// what it cannot judge.
				return plannedNotChanged(sr.Address)
			}
			// Only in prior state: a refresh-only plan (no changes), or
			// state this plan does not act on.
			continue
		}
		var sens any
		if len(sr.SensitiveValues) > 0 {
			_ = json.Unmarshal(sr.SensitiveValues, &sens)
		}
		attrs, err := values(sr)
		if err != nil {
			return err
		}
		vals := map[string]any{}
		for k, v := range attrs {
			vals[k] = v
		}
		r := &Resource{
			Address:      sr.Address,
			Addr:         addr,
			Mode:         addr.Mode,
			Type:         sr.Type,
			Name:         sr.Name,
			Key:          normalizeKey(sr.Index),
			Action:       NoOp,
			ProviderName: sr.ProviderName,
		}
		if r.Type == "" {
			r.Type, r.Name = addr.Type, addr.Name
		}
		p.sensitive.keep(r.Type, vals, sens)
		r.After, _ = merge(vals, nil, sens, secretFor(r.Type, isSecret)).(map[string]any)
		r.Before = r.After
		p.place(r)
	}
	for _, c := range m.ChildModules {
		if err := p.addStateModule(c, isSecret, prior, values); err != nil {
			return err
		}
	}
	return nil
}

// badAddress is the input error for a resource address that does not
// parse: quoted (control characters escaped) and clipped.
func badAddress(addr string) error {
	if addr == "" {
		return inputErr("plan input has a resource with no address, which Terraform gives every resource: the file was written or edited by hand")
	}
	if r := []rune(addr); len(r) > 80 {
		addr = string(r[:80]) + "..."
	}
	return inputErr("plan input has a malformed resource address %q", addr)
}

// place records r in the address index and its module instance.
func (p *Plan) place(r *Resource) {
	p.byAddress[r.Address] = r
	p.Resources = append(p.Resources, r)
	inst := p.instance(r.Addr.Module)
	r.Instance = inst
	ca := r.Addr.ConfigAddress()
	inst.Resources[ca] = append(inst.Resources[ca], r)
	if r.Key != nil {
		m := inst.byKey[ca]
		if m == nil {
			if inst.byKey == nil {
				inst.byKey = map[string]map[any]*Resource{}
			}
			m = map[any]*Resource{}
			inst.byKey[ca] = m
		}
		if _, dup := m[r.Key]; !dup {
			m[r.Key] = r // the first, as a scan would find
		}
	}
	if inst.Module != nil {
		r.Config = inst.Module.Resources[ca]
	}
}

// instance returns (creating as needed) the module instance for a module path.
func (p *Plan) instance(steps []Step) *ModuleInstance {
	// Resources come sorted by address, so most share the previous one's
	// module instance: skip building its address.
	if p.lastInst != nil && sameSteps(steps, p.lastSteps) {
		return p.lastInst
	}
	mi := p.instanceOf(steps)
	p.lastSteps, p.lastInst = steps, mi
	return mi
}

func sameSteps(a, b []Step) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name || !sameKey(a[i].Key, b[i].Key) {
			return false
		}
	}
	return true
}

// sameKey compares instance keys (nil, int or string).
func sameKey(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case int:
		y, ok := b.(int)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	}
	return false
}

func (p *Plan) instanceOf(steps []Step) *ModuleInstance {
	cur := p.RootInst
	for i, st := range steps {
		a := Address{Module: steps[:i+1]}
		key := a.ModuleAddress()
		if mi, ok := p.instances[key]; ok {
			cur = mi
			continue
		}
		var mod *Module
		if cur.Module != nil {
			mod = cur.Module.Children[st.Name]
		}
		if mod == nil {
			mod = &Module{Path: a.ModulePath(), Parent: cur.Module, Resources: map[string]*tfjson.ConfigResource{}, Children: map[string]*Module{}}
			if cur.Module != nil {
				cur.Module.Children[st.Name] = mod
			}
		}
		mi := &ModuleInstance{Address: key, Key: st.Key, Module: mod, Parent: cur, Children: map[string][]*ModuleInstance{}, Resources: map[string][]*Resource{}}
		cur.Children[st.Name] = append(cur.Children[st.Name], mi)
		if st.Key != nil {
			m := cur.childByKey[st.Name]
			if m == nil {
				if cur.childByKey == nil {
					cur.childByKey = map[string]map[any]*ModuleInstance{}
				}
				m = map[any]*ModuleInstance{}
				cur.childByKey[st.Name] = m
			}
			if _, dup := m[st.Key]; !dup {
				m[st.Key] = mi
			}
		}
		p.instances[key] = mi
		cur = mi
	}
	return cur
}

func (p *Plan) addOutputs(raw *tfjson.Plan) {
	names := map[string]bool{}
	var cfg map[string]*tfjson.ConfigOutput
	if raw.Config != nil && raw.Config.RootModule != nil {
		cfg = raw.Config.RootModule.Outputs
		for n := range cfg {
			names[n] = true
		}
	}
	for n := range raw.OutputChanges {
		names[n] = true
	}
	for n := range names {
		o := &Output{Name: n, Address: "output." + n, Config: cfg[n], Action: NoOp}
		if o.Config != nil && o.Config.Sensitive {
			o.Sensitive = true
		}
		if ch := raw.OutputChanges[n]; ch != nil {
			o.Action = actionOf(ch.Actions)
			if ch.AfterSensitive == true || ch.BeforeSensitive == true {
				o.Sensitive = true
			}
		}
		p.Outputs = append(p.Outputs, o)
	}
	sort.Slice(p.Outputs, func(i, j int) bool { return p.Outputs[i].Name < p.Outputs[j].Name })
}

// Output returns the root output with that name.
func (p *Plan) Output(name string) *Output {
	i := sort.Search(len(p.Outputs), func(i int) bool { return p.Outputs[i].Name >= name })
	if i < len(p.Outputs) && p.Outputs[i].Name == name {
		return p.Outputs[i]
	}
	return nil
}
