package graph

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// Lifetime is how long a credential (or what it issues) lives, as declared.
type Lifetime struct {
	// Judged is false for types with no lifetime of their own.
	Judged bool
	// Duration is the declared lifetime; kb.Forever when it never ends.
	Duration time.Duration
	// Source names the attribute it came from, "default", or "parent:<attr>".
	Source string
	// Unknown is set when a lifetime attribute is only known after apply
	// and nothing known bounds the lifetime; UnknownRef says which.
	Unknown    bool
	UnknownRef string
	// Static marks a secret that lives until replaced.
	Static bool
	// Settable: a lifetime attribute applies to this resource (see
	// kb.DurationAttr.Only). A static secret with none can only be
	// rotated, not given an end.
	Settable bool
}

// Rotation is how a credential is rotated from inside the configuration.
type Rotation struct {
	// Mechanism: replace_triggered_by, keepers (or the trigger attribute's
	// name), rotation_resource, in_resource, key_material, parent, consumer.
	// Empty when nothing rotates it.
	Mechanism string
	// By is the rotator (time_rotating, nhi_identity, rotation resource).
	By *Node
	// Period is the rotation period; zero when unknown.
	Period time.Duration
	// PeriodUnknown names what makes the period known only after apply
	// (a rotation_days read from another resource); "" when it is known
	// or not set at all.
	PeriodUnknown string
	// Unverified is set when no rotation was found but the .tf sources,
	// where replace_triggered_by lives, were not available.
	Unverified bool
}

// Rotated reports whether a rotation mechanism was found.
func (r Rotation) Rotated() bool { return r.Mechanism != "" }

func (g *Graph) resolveLifetimes() {
	for _, n := range g.Nodes {
		n.Lifetime = g.lifetimeOf(n)
		if t := n.Entry.Tokens; t != nil {
			n.TokenLifetime = g.lifetimeFrom(n, *t)
		}
		if in := n.Entry.Inline; in != nil && n.HasInline() {
			n.InlineLifetime = g.lifetimeFrom(n, in.Lifetime)
		}
	}
	g.resolveBounds()
	done := make([]bool, len(g.nodes)) // by node ordinal
	for _, n := range g.Nodes {
		g.rotationOf(n, done, 0)
	}
}

// HasInline reports whether the resource makes the credential of its
// kb.Entry.Inline block: the block has an element, or is known only after
// apply where the configuration writes it (a dynamic block).
func (n *Node) HasInline() bool {
	in := n.Entry.Inline
	if in == nil {
		return false
	}
	switch x := n.Values[in.Block].(type) {
	case []any:
		return len(x) > 0
	case value.Unknown:
		return n.R.Configures(in.Block)
	}
	return false
}

// PlanTimeSource reads, from the .tf sources, an end time written as an
// offset from the run (timeadd(timestamp(), "17520h")), which the plan
// holds as known after apply.
type PlanTimeSource interface {
	OffsetFromPlanTime(r *plan.Resource, attribute string) (time.Duration, bool)
}

// offsetFromPlanTime is the offset an end time attribute is written as,
// when the sources say.
func (g *Graph) offsetFromPlanTime(n *Node, attr string) (time.Duration, bool) {
	ps, ok := g.Opts.Sources.(PlanTimeSource)
	if !ok || n.R.Config == nil {
		return 0, false
	}
	return ps.OffsetFromPlanTime(n.R, attr)
}

// periodSet reports whether a period attribute is set: not null, empty
// or zero.
func periodSet(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case string:
		return x != "" && x != "0"
	case json.Number:
		return x != "0"
	case float64:
		return x != 0
	}
	return true
}

// lifetimeOf reads a node's lifetime attributes.
func (g *Graph) lifetimeOf(n *Node) Lifetime { return g.lifetimeFrom(n, n.Entry.Lifetime) }

// lifetimeFrom reads the lifetime spec describes from a node's values.
func (g *Graph) lifetimeFrom(n *Node, spec kb.Lifetime) Lifetime {
	lt := Lifetime{Static: spec.Static}
	if len(spec.Attrs) == 0 && spec.Default == 0 && len(spec.FromParent) == 0 && !spec.Static {
		return lt
	}
	lt.Judged = true
	found := false
	read := func(vals map[string]any, attrs []kb.DurationAttr, prefix string) {
		for _, a := range attrs {
			if a.Only != nil && !matches(n.Values, *a.Only) {
				continue
			}
			lt.Settable = true
			d, set, unknown, ref := g.durationAt(vals, a)
			if unknown && a.Unit == kb.EndTime && prefix == "" {
				if off, ok := g.offsetFromPlanTime(n, a.Path); ok {
					d, set, unknown = off, true, false
				}
			}
			if unknown {
				if !found {
					lt.Unknown, lt.UnknownRef = true, prefix+a.Path
					if ref != "" {
						lt.UnknownRef = ref
					}
				}
				continue
			}
			if !set {
				continue
			}
			if !found || d < lt.Duration {
				lt.Duration, lt.Source = d, prefix+a.Path
			}
			found = true
			lt.Unknown = false
		}
	}
	read(n.Values, spec.Attrs, "")
	if r := spec.Renewal; r != nil && found && (r.Unless == nil || !matches(n.Values, *r.Unless)) {
		// Renewed, it outlives its TTL: its maximum bounds it.
		periodic := r.Periodic != "" && periodSet(plan.Get(n.Values, kb.SplitPath(r.Periodic)...))
		caps := r.Max
		if periodic && r.PeriodicMax != nil {
			caps = r.PeriodicMax
		}
		ttl := lt
		found, lt.Unknown = false, false
		read(n.Values, caps, "")
		switch {
		case found:
			lt.Source += " (renewable)"
		case lt.Unknown:
		case periodic:
			lt.Duration, lt.Source, found = kb.Forever, r.Periodic+" (renewable, with no "+caps[0].Path+")", true
		default:
			lt.Duration, lt.Source, found = r.MaxDefault, "renewable up to the default maximum TTL", true
		}
		// A TTL past the maximum is what the configuration asks for: a
		// mount tuned for it grants it.
		if found && ttl.Duration > lt.Duration {
			lt = ttl
		}
	}
	if len(spec.FromParent) > 0 {
		for _, p := range n.Parents {
			read(p.Values, spec.FromParent, "parent:")
		}
		// Or the resource it takes its key material from: the
		// certificate an IAM server certificate uploads.
		for _, m := range n.Material {
			read(m.Values, spec.FromParent, m.Address()+": ")
		}
		if len(n.Parents) == 0 && !found && namesParent(n) {
			// The parent is outside the plan: its settings cannot be seen.
			// A value of the resource's own still bounds the lifetime,
			// which the parent's can only shorten.
			lt.Unknown, lt.UnknownRef = true, "parent resource outside this plan"
		}
	}
	if found || lt.Unknown {
		return lt
	}
	lt.Duration, lt.Source = spec.Default, "default"
	for _, c := range spec.DefaultIf {
		if matches(n.Values, c) {
			lt.Duration = c.Lifetime
			lt.Source = "default (" + c.Path + " = " + c.Contains + ")"
		}
	}
	if lt.Duration == 0 {
		lt.Duration = kb.Forever
	}
	return lt
}

// namesParent reports whether a resource's parent link attributes name a
// parent at all (a vault_token without role_name has none, and its own
// settings or the default apply).
func namesParent(n *Node) bool {
	for _, l := range n.Entry.Parents {
		if l.Material {
			continue
		}
		for _, v := range valuesAt(n.Values, kb.SplitPath(l.Path)) {
			if s, ok := v.(string); v != nil && (!ok || s != "") {
				return true
			}
		}
	}
	return false
}

// durationAt reads one duration attribute: its value, whether it is set,
// whether it is unknown, and the reference that makes it unknown.
func (g *Graph) durationAt(vals map[string]any, a kb.DurationAttr) (d time.Duration, set, unknown bool, ref string) {
	v := plan.Get(vals, kb.SplitPath(a.Path)...)
	switch x := v.(type) {
	case nil:
		return 0, false, false, ""
	case value.Unknown:
		return 0, false, true, x.Ref
	case string:
		if strings.TrimSpace(x) == "" {
			return 0, false, false, ""
		}
	case []any:
		if len(x) == 0 {
			return 0, false, false, ""
		}
	}
	d, err := parseDuration(v, a.Unit, g.Opts.Now)
	if err != nil {
		return 0, false, false, ""
	}
	if d == 0 {
		if a.Zero == kb.ZeroForever {
			return kb.Forever, true, false, ""
		}
		return 0, false, false, ""
	}
	return d, true, false, ""
}

// ParseDuration converts an attribute value in a unit to a duration.
// An EndTime yields the time left until it (negative when past).
func parseDuration(v any, unit kb.Unit, now time.Time) (time.Duration, error) {
	switch unit {
	case kb.Seconds, kb.Minutes, kb.Hours, kb.Days, kb.Months, kb.Years:
		f, ok := plan.Number(v)
		if !ok {
			return 0, fmt.Errorf("not a number")
		}
		per := map[kb.Unit]time.Duration{kb.Seconds: time.Second, kb.Minutes: time.Minute, kb.Hours: time.Hour, kb.Days: kb.Day, kb.Months: 30 * kb.Day, kb.Years: 365 * kb.Day}[unit]
		return scale(f, per), nil
	case kb.Duration:
		if f, ok := plan.Number(v); ok {
			return scale(f, time.Second), nil
		}
		s, ok := v.(string)
		if !ok {
			return 0, fmt.Errorf("not a duration")
		}
		return parseDurationString(s)
	case kb.ISO8601:
		s, _ := v.(string)
		return parseISO8601(s)
	case kb.Rate:
		s, _ := v.(string)
		return parseRate(s)
	case kb.EndTime:
		s, ok := v.(string)
		if !ok {
			return 0, fmt.Errorf("not a time")
		}
		t := ts(s)
		if t.IsZero() {
			return 0, fmt.Errorf("not a time")
		}
		return t.Sub(now), nil
	case kb.Certificate:
		s, ok := v.(string)
		if !ok {
			return 0, fmt.Errorf("not a certificate")
		}
		end, err := certificateEnd(s)
		if err != nil {
			return 0, err
		}
		return end.Sub(now), nil
	}
	return 0, fmt.Errorf("unknown unit")
}

// certificateEnd is the end of the validity of the first X.509
// certificate in s: PEM (a chain's leaf comes first), or base64 of PEM or
// of DER (Google's public_key_data).
func certificateEnd(s string) (time.Time, error) {
	data := []byte(s)
	if !strings.Contains(s, "-----BEGIN") {
		raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
		if err != nil {
			return time.Time{}, fmt.Errorf("not a certificate")
		}
		data = raw
	}
	if b, _ := pem.Decode(data); b != nil {
		if b.Type != "CERTIFICATE" {
			return time.Time{}, fmt.Errorf("not a certificate")
		}
		data = b.Bytes
	}
	c, err := x509.ParseCertificate(data)
	if err != nil {
		return time.Time{}, fmt.Errorf("not a certificate")
	}
	return c.NotAfter, nil
}

func scale(f float64, per time.Duration) time.Duration {
	if f <= 0 {
		return 0
	}
	if f*float64(per) >= float64(kb.Forever) {
		return kb.Forever
	}
	return time.Duration(f * float64(per))
}

var durationPart = regexp.MustCompile(`(?i)^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|m|h|d|w|y)`)

// parseDurationString reads Go, Vault and "730d"-style durations.
func parseDurationString(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("empty")
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return scale(f, time.Second), nil
	}
	var total time.Duration
	rest := s
	for rest != "" {
		m := durationPart.FindStringSubmatch(rest)
		if m == nil {
			return 0, fmt.Errorf("malformed duration %q", s)
		}
		f, _ := strconv.ParseFloat(m[1], 64)
		var per time.Duration
		switch strings.ToLower(m[2]) {
		case "ns":
			per = time.Nanosecond
		case "us", "µs":
			per = time.Microsecond
		case "ms":
			per = time.Millisecond
		case "s":
			per = time.Second
		case "m":
			per = time.Minute
		case "h":
			per = time.Hour
		case "d":
			per = kb.Day
		case "w":
			per = 7 * kb.Day
		case "y":
			per = 365 * kb.Day
		}
		d := scale(f, per)
		if d == kb.Forever || total > kb.Forever-d {
			return kb.Forever, nil
		}
		total += d
		rest = rest[len(m[0]):]
	}
	return total, nil
}

var iso8601 = regexp.MustCompile(`^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$`)

func parseISO8601(s string) (time.Duration, error) {
	m := iso8601.FindStringSubmatch(strings.ToUpper(strings.TrimSpace(s)))
	if m == nil || s == "P" {
		return 0, fmt.Errorf("malformed ISO 8601 duration %q", s)
	}
	units := []time.Duration{365 * kb.Day, 30 * kb.Day, 7 * kb.Day, kb.Day, time.Hour, time.Minute, time.Second}
	var total time.Duration
	for i, u := range units {
		if m[i+1] == "" {
			continue
		}
		f, _ := strconv.ParseFloat(m[i+1], 64)
		total += scale(f, u)
	}
	return total, nil
}

var rateExpr = regexp.MustCompile(`(?i)^\s*rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)\s*$`)

// parseRate reads an AWS schedule expression: rate(...), or cron(...),
// whose longest gap between runs is its period (cronPeriod). A cron
// expression whose gap cannot be told (one bound to a year) is not read.
func parseRate(s string) (time.Duration, error) {
	if d, ok := cronPeriod(s); ok {
		return d, nil
	}
	m := rateExpr.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("not a rate expression")
	}
	n, _ := strconv.Atoi(m[1])
	switch strings.TrimSuffix(strings.ToLower(m[2]), "s") {
	case "minute":
		return time.Duration(n) * time.Minute, nil
	case "hour":
		return time.Duration(n) * time.Hour, nil
	}
	return time.Duration(n) * kb.Day, nil
}

var cronExpr = regexp.MustCompile(`(?i)^\s*cron\(\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*\)\s*$`)

var monthNames = strings.NewReplacer("JAN", "1", "FEB", "2", "MAR", "3", "APR", "4", "MAY", "5", "JUN", "6",
	"JUL", "7", "AUG", "8", "SEP", "9", "OCT", "10", "NOV", "11", "DEC", "12")

// cronPeriod bounds the longest gap between runs of an AWS cron
// expression (minutes hours day-of-month month day-of-week year): the
// months it runs in decide it when they are not all (cron(0 8 1 */6 ? *)
// runs every six months), else the days (every N days, weekly, monthly).
func cronPeriod(s string) (time.Duration, bool) {
	m := cronExpr.FindStringSubmatch(s)
	if m == nil || m[6] != "*" {
		return 0, false
	}
	dom, month, dow := m[3], strings.ToUpper(m[4]), m[5]
	months, ok := cronMonths(monthNames.Replace(month))
	if !ok {
		return 0, false
	}
	if gap := maxCyclicGap(months, 12); gap > 1 {
		return time.Duration(gap) * 30 * kb.Day, true
	}
	switch {
	case strings.HasPrefix(dom, "*/"):
		n, err := strconv.Atoi(dom[2:])
		if err != nil || n < 1 {
			return 0, false
		}
		return time.Duration(n) * kb.Day, true
	case (dom == "*" || dom == "?") && (dow == "*" || dow == "?"):
		return kb.Day, true
	case dom == "?" || dom == "*":
		return 7 * kb.Day, true
	}
	return 31 * kb.Day, true
}

// cronMonths lists the months (1-12) a cron month field runs in.
func cronMonths(f string) ([]int, bool) {
	var out []int
	for _, part := range strings.Split(f, ",") {
		rng, step := part, 1
		if a, b, ok := strings.Cut(part, "/"); ok {
			n, err := strconv.Atoi(b)
			if err != nil || n < 1 {
				return nil, false
			}
			rng, step = a, n
		}
		lo, hi := 1, 12
		switch {
		case rng == "*":
		case strings.Contains(rng, "-"):
			a, b, _ := strings.Cut(rng, "-")
			var err1, err2 error
			lo, err1 = strconv.Atoi(a)
			hi, err2 = strconv.Atoi(b)
			if err1 != nil || err2 != nil {
				return nil, false
			}
		default:
			n, err := strconv.Atoi(rng)
			if err != nil {
				return nil, false
			}
			lo = n
			if !strings.Contains(part, "/") {
				hi = n
			}
		}
		if lo < 1 || hi > 12 || lo > hi {
			return nil, false
		}
		for v := lo; v <= hi; v += step {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), len(out) > 0
}

// maxCyclicGap is the longest gap between sorted values on a cycle of n.
func maxCyclicGap(vs []int, n int) int {
	gap := vs[0] + n - vs[len(vs)-1]
	for i := 1; i < len(vs); i++ {
		gap = max(gap, vs[i]-vs[i-1])
	}
	return gap
}

// resolveBounds finds, for types whose lifetime is judged by a consumer
// (a private key behind a certificate), the consumers that use them.
func (g *Graph) resolveBounds() {
	for _, n := range g.Nodes {
		if len(n.Entry.Lifetime.BoundBy) == 0 {
			continue
		}
		for _, e := range g.ReferencesTo(n) {
			if e.FromNode != nil && containsStr(n.Entry.Lifetime.BoundBy, e.FromNode.Type()) {
				n.BoundBy = append(n.BoundBy, e.FromNode)
			}
		}
		n.BoundBy = dedupe(n.BoundBy)
		sortNodes(n.BoundBy)
	}
}

func containsStr(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// rotatorPeriod is how often a rotator rotates; zero when unknown, with
// what makes it unknown when a period attribute is known only after apply.
func (g *Graph) rotatorPeriod(r *Node) (time.Duration, string) {
	if r.Entry.Rotates == nil {
		return 0, ""
	}
	var best time.Duration
	unknown := ""
	for _, a := range r.Entry.Rotates.Period {
		d, set, isUnknown, ref := g.durationAt(r.Values, a)
		if isUnknown && unknown == "" {
			unknown = r.Address() + "." + a.Path
			if ref != "" {
				unknown = ref
			} else if ls := g.Plan.Links(r.R, a.Path); len(ls) > 0 && ls[0].Ref != "" {
				unknown = ls[0].Ref // what the configuration reads it from
			}
		}
		if set && d > 0 && (best == 0 || d < best) {
			best = d
		}
	}
	if best > 0 {
		unknown = ""
	}
	return best, unknown
}

// isRotatorLink reports whether a link reaches a rotator through an
// attribute that rotates (any attribute of time_rotating, only
// rotation_trigger of nhi_identity).
func (g *Graph) rotatorOf(l plan.Link) *Node {
	t := g.nodeOf(l.Target)
	if t == nil || t.Entry.Rotates == nil {
		return nil
	}
	trig := t.Entry.Rotates.Trigger
	if len(trig) == 0 {
		return t
	}
	// The whole object changes with its rotation_trigger: a reference
	// to it (nhi_identity.x, or nhi_identity.x[each.key].rotation_trigger,
	// which Terraform records without the attribute) rotates as well.
	if len(l.Attr) == 0 || containsStr(trig, l.Attr[0]) {
		return t
	}
	return nil
}

// fastestRotator is, of the rotators links reach, the one whose known
// period is shortest (several may drive one credential: a known one
// bounds it whatever another's unknown period), else the first; with its
// period, or what makes that unknown.
func (g *Graph) fastestRotator(links []plan.Link) (r *Node, period time.Duration, unknown string) {
	for _, l := range links {
		rn := g.rotatorOf(l)
		if rn == nil {
			continue
		}
		p, u := g.rotatorPeriod(rn)
		if p == 0 && u == "" {
			// No period at all (an nhi_identity with neither
			// rotation_days nor max_lifetime_days): its trigger never
			// changes, and nothing it drives is rotated.
			continue
		}
		if r == nil || p > 0 && (period == 0 || p < period) {
			r, period, unknown = rn, p, u
		}
	}
	return r, period, unknown
}

// mayRotate reports whether a resource of a type may be a rotator.
func mayRotate(typ string) bool {
	return typeMay(typ, func(e *kb.Entry) bool { return e.Rotates != nil })
}

// rotationOf resolves a node's rotation (memoised, recursion bounded).
func (g *Graph) rotationOf(n *Node, done []bool, depth int) Rotation {
	if done[n.ord] || depth > 8 {
		return n.Rotation
	}
	done[n.ord] = true
	set := func(mech string, by *Node, period time.Duration, unknown string) Rotation {
		n.Rotation = Rotation{Mechanism: mech, By: by, Period: period, PeriodUnknown: unknown}
		return n.Rotation
	}
	// 1. lifecycle.replace_triggered_by on a rotator, or on a relay
	// (terraform_data) that a rotator replaces.
	links := g.lifecycleLinks(n)
	if r, period, unknown := g.fastestRotator(links); r != nil {
		return set("replace_triggered_by", r, period, unknown)
	}
	for _, l := range links {
		if t := g.nodeOf(l.Target); t != nil && t != n && t.Entry.Kind == "relay" {
			if r := g.rotationOf(t, done, depth+1); r.Rotated() && r.By != nil {
				return set("replace_triggered_by", r.By, r.Period, r.PeriodUnknown)
			}
		}
	}
	// 1b. Replaced by its replace_triggered_by in this very plan, whose
	// triggers only the .tf sources name: a rotation, how often unknown.
	if g.Opts.Sources == nil && n.R.ActionReason == "replace_by_triggers" {
		return set("replace_triggered_by", nil, 0, "the trigger this plan replaces it for (lifecycle.replace_triggered_by, in the .tf sources, which were not read)")
	}
	// 2. keepers / rotate_when_changed / triggers tied to a rotator.
	if len(n.Entry.Rotation.Triggers) > 0 {
		byAttr := g.edgesFrom(n.R)
		for _, attr := range n.Entry.Rotation.Triggers {
			if !g.holds(byAttr.Get(attr), mayRotate) {
				continue
			}
			if r, period, unknown := g.fastestRotator(byAttr.Get(attr)); r != nil {
				return set(attr, r, period, unknown)
			}
		}
	}
	// 3. A rotation resource that targets this one.
	for _, e := range g.ReferencesTo(n) {
		rn := e.FromNode
		if rn == nil || rn.Entry.Rotates == nil {
			continue
		}
		for _, tl := range rn.Entry.Rotates.Target {
			if kb.SplitPath(tl.Path)[0] == e.Attr && containsStr(tl.Types, n.Type()) {
				period, unknown := g.rotatorPeriod(rn)
				return set("rotation_resource", rn, period, unknown)
			}
		}
	}
	// 4. Rotation configured inside the resource.
	for _, a := range n.Entry.Rotation.Period {
		d, ok, _, _ := g.durationAt(n.Values, a)
		if ok && d > 0 {
			return set("in_resource", nil, d, "")
		}
	}
	// 5. Key material or a parent (a secret version's secret) that rotates.
	for _, m := range n.Material {
		if r := g.rotationOf(m, done, depth+1); r.Rotated() {
			return set("key_material", m, r.Period, r.PeriodUnknown)
		}
	}
	// 5b. A secret the configuration sets from a generated one that
	// rotates (a database password from a random_password whose keepers
	// a time_rotating renews): each rotation sets the new value.
	if n.Class == kb.Credential && n.R.Config != nil {
		byAttr := g.edgesFrom(n.R)
		for _, attr := range n.Entry.SecretAttrs {
			for _, l := range byAttr.Get(attr) {
				t := g.nodeOf(l.Target)
				if t == nil || t == n || t.Class != kb.Secret || !t.Entry.Reveals(attrRead(t, l)) {
					continue
				}
				if r := g.rotationOf(t, done, depth+1); r.Rotated() {
					return set("generated", t, r.Period, r.PeriodUnknown)
				}
			}
		}
	}
	if n.Class == kb.Secret {
		for _, p := range n.Parents {
			if r := g.rotationOf(p, done, depth+1); r.Rotated() {
				return set("parent", p, r.Period, r.PeriodUnknown)
			}
		}
		// 6. A secret store whose every version rotates (a version's
		// secret_string_wo_version from a time_rotating) rotates with the
		// slowest of them.
		if r, by := g.versionsRotation(n, done, depth); r.Rotated() {
			return set("versions", by, r.Period, r.PeriodUnknown)
		}
		// 7. A generated secret whose only home is a rotated store takes its rotation.
		if len(n.Parents) == 0 {
			if r, by := g.consumerRotation(n, done, depth); r.Rotated() {
				return set("consumer", by, r.Period, r.PeriodUnknown)
			}
		}
	}
	n.Rotation = Rotation{Unverified: g.Opts.Sources == nil}
	return n.Rotation
}

// versionsRotation: when a secret store has versions in the plan and each
// rotates, the slowest of their rotations.
func (g *Graph) versionsRotation(n *Node, done []bool, depth int) (Rotation, *Node) {
	var versions []*Node
	for _, c := range n.Children {
		if c.Class == kb.Secret && slices.Contains(c.Parents, n) {
			versions = append(versions, c)
		}
	}
	return g.slowestRotation(versions, done, depth)
}

// consumerRotation: when every secret store that receives n's value rotates,
// n is only an initial value. It returns the slowest consumer rotation.
func (g *Graph) consumerRotation(n *Node, done []bool, depth int) (Rotation, *Node) {
	var stores []*Node
	for _, e := range g.ReferencesTo(n) {
		c := e.FromNode
		if c == nil || !containsStr(c.Entry.SinkAttrs, e.Attr) || c.Class != kb.Secret {
			continue
		}
		if containsStr(n.Entry.SecretAttrs, attrRead(n, e.Link)) {
			stores = append(stores, c)
		}
	}
	return g.slowestRotation(stores, done, depth)
}

// slowestRotation is the slowest rotation of nodes, and the node it is
// of, when there are some and every one rotates; none otherwise.
func (g *Graph) slowestRotation(nodes []*Node, done []bool, depth int) (Rotation, *Node) {
	var worst Rotation
	var by *Node
	for _, c := range nodes {
		r := g.rotationOf(c, done, depth+1)
		if !r.Rotated() {
			return Rotation{}, nil
		}
		if by == nil || r.Period > worst.Period {
			worst, by = r, c
		}
	}
	return worst, by
}

func firstAttr(l plan.Link) string {
	if len(l.Attr) == 0 {
		return ""
	}
	return l.Attr[0]
}

// attrRead is the attribute of n a link reads: its first step, or for an
// object declared in a manifest (kubernetes_manifest) the object's field
// under manifest or object, as the typed resource names it.
func attrRead(n *Node, l plan.Link) string {
	attr := firstAttr(l)
	if (attr == "manifest" || attr == "object") && len(l.Attr) > 1 && n.Type() != n.R.Type {
		return kb.ManifestAttr(l.Attr[1])
	}
	return attr
}

// FormatDuration renders a duration for people: "never", "90 days", "30 hours".
func FormatDuration(d time.Duration) string {
	switch {
	case d >= kb.Forever:
		return "never expires"
	case d < 0:
		return "already past"
	case d >= 2*365*kb.Day && d%(365*kb.Day) == 0:
		return fmt.Sprintf("%d years", d/(365*kb.Day))
	case d >= 2*kb.Day:
		days := float64(d) / float64(kb.Day)
		if days == float64(int64(days)) {
			return fmt.Sprintf("%d days", int64(days))
		}
		return fmt.Sprintf("%.1f days", days)
	case d >= 2*time.Hour:
		return fmt.Sprintf("%d hours", d/time.Hour)
	}
	return d.String()
}
