package provider

import (
	"context"
	"fmt"
	"math/big"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/nhiguard/terraform-provider-nhi/internal/clock"
)

// rpcPair is the same provider served by the framework alone and with the
// fast path, both configured and reading one fake clock.
type rpcPair struct {
	framework, fast tfprotov6.ProviderServer
	objectType      tftypes.Object
	clock           *clock.Fake
}

func newRPCPair(t testing.TB) *rpcPair {
	t.Helper()
	ctx := context.Background()
	c := clock.NewFake(testAccStart)
	p := &rpcPair{
		framework: providerserver.NewProtocol6(NewWithClock("test", c)())(),
		fast:      Server("test", c)(),
		clock:     c,
	}
	if _, ok := p.fast.(*fastServer); !ok {
		t.Fatalf("Server serves %T, not the fast path: newFastResource refused the identity schema", p.fast)
	}
	for _, s := range []tfprotov6.ProviderServer{p.framework, p.fast} {
		schemas, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
		if err != nil {
			t.Fatal(err)
		}
		p.objectType = schemas.ResourceSchemas["nhi_identity"].ValueType().(tftypes.Object)
		config, err := tfprotov6.NewDynamicValue(tftypes.Object{}, tftypes.NewValue(tftypes.Object{}, map[string]tftypes.Value{}))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := s.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &config})
		if err != nil || len(resp.Diagnostics) > 0 {
			t.Fatalf("configure: %v %v", err, resp.Diagnostics)
		}
	}
	return p
}

// object builds an nhi_identity value: every attribute null, then vals.
func (p *rpcPair) object(vals map[string]tftypes.Value) tftypes.Value {
	attrs := map[string]tftypes.Value{}
	for name, typ := range p.objectType.AttributeTypes {
		attrs[name] = tftypes.NewValue(typ, nil)
	}
	for name, v := range vals {
		attrs[name] = v
	}
	return tftypes.NewValue(p.objectType, attrs)
}

func (p *rpcPair) dynamic(t testing.TB, v tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(p.objectType, v)
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// proposedNew is Terraform's proposed new state for flat attributes: the
// configuration, with computed attributes the configuration leaves null
// taken from the prior state.
func (p *rpcPair) proposedNew(config, prior tftypes.Value) tftypes.Value {
	if config.IsNull() {
		return config
	}
	var c, pr map[string]tftypes.Value
	_ = config.As(&c)
	if !prior.IsNull() {
		_ = prior.As(&pr)
	}
	out := map[string]tftypes.Value{}
	for name, v := range c {
		out[name] = v
		if v.IsNull() && computedIdentityAttribute(name) && pr != nil {
			out[name] = pr[name]
		}
	}
	return tftypes.NewValue(p.objectType, out)
}

func computedIdentityAttribute(name string) bool {
	return identitySchemaV1().Attributes[name].IsComputed()
}

func str(s any) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
func num(n any) tftypes.Value {
	if i, ok := n.(int); ok {
		return tftypes.NewValue(tftypes.Number, big.NewFloat(float64(i)))
	}
	return tftypes.NewValue(tftypes.Number, n)
}
func strSet(elems ...string) tftypes.Value {
	t := tftypes.Set{ElementType: tftypes.String}
	var vs []tftypes.Value
	for _, e := range elems {
		vs = append(vs, str(e))
	}
	return tftypes.NewValue(t, vs)
}

var unknown = tftypes.UnknownValue

// identityConfigs are configurations that vary one or two attributes of a
// valid identity at a time: valid values, nulls, unknowns and invalid ones.
func identityConfigs() map[string]map[string]tftypes.Value {
	base := map[string]tftypes.Value{
		"name": str("payments-deploy"), "kind": str("access_key"), "owner": str("team-payments"),
		"purpose": str("Deploys payments from CI."), "environment": str("prod"),
		"rotation_days": num(90), "max_lifetime_days": num(365),
		"review_every_days": num(180), "last_reviewed_at": str("2026-01-01T00:00:00Z"),
	}
	variants := map[string][]tftypes.Value{
		"name":              {str(""), str(unknown), str("other")},
		"kind":              {str("robot"), str(unknown), str("service_account")},
		"owner":             {str(""), str(unknown), str("TBD")},
		"purpose":           {str(""), str(unknown)},
		"environment":       {str(nil), str(""), str(unknown), str("Staging Env!")},
		"credentials":       {strSet("aws_iam_access_key.a", "aws_iam_access_key.b"), strSet(), strSet(""), tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, unknown), tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{str(unknown)})},
		"rotation_days":     {num(nil), num(0), num(400), num(36501), num(unknown), num(new(big.Float).SetFloat64(1.5))},
		"max_lifetime_days": {num(nil), num(30), num(unknown), num(-1)},
		"expires_at":        {str("2030-01-01T00:00:00Z"), str("2024-06-01T00:00:00Z"), str("next year"), str(unknown)},
		"review_every_days": {num(nil), num(1), num(unknown)},
		"last_reviewed_at":  {str(nil), str("2020-01-01T00:00:00Z"), str("yesterday"), str(unknown)},
		"enforcement":       {str("warn"), str("block"), str("ignore"), str(unknown)},
		"id":                {str("set-by-user")},
	}
	out := map[string]map[string]tftypes.Value{"base": base}
	names := make([]string, 0, len(variants))
	for name := range variants {
		names = append(names, name)
	}
	sort.Strings(names)
	with := func(edits map[string]tftypes.Value) map[string]tftypes.Value {
		c := map[string]tftypes.Value{}
		for k, v := range base {
			c[k] = v
		}
		for k, v := range edits {
			c[k] = v
		}
		return c
	}
	for _, name := range names {
		for i, v := range variants[name] {
			out[fmt.Sprintf("%s=%d", name, i)] = with(map[string]tftypes.Value{name: v})
		}
	}
	// Pairs that interact: expiry and enforcement, rotation and lifetime.
	for i, e := range variants["expires_at"] {
		for j, f := range variants["enforcement"] {
			out[fmt.Sprintf("expires_at=%d,enforcement=%d", i, j)] = with(map[string]tftypes.Value{"expires_at": e, "enforcement": f})
		}
	}
	for i, r := range variants["rotation_days"] {
		for j, m := range variants["max_lifetime_days"] {
			out[fmt.Sprintf("rotation_days=%d,max_lifetime_days=%d", i, j)] = with(map[string]tftypes.Value{"rotation_days": r, "max_lifetime_days": m})
		}
	}
	return out
}

// TestFastPathMatchesFramework sends every configuration, as a create and as
// updates of identities created at different times, to the framework alone
// and to the server with the fast path, and requires the same validation
// and plan answers. It also requires the fast path to answer every call
// the framework answers without a diagnostic, so that the plans the
// benchmark measures do not fall back to the framework.
func TestFastPathMatchesFramework(t *testing.T) {
	ctx := context.Background()
	p := newRPCPair(t)
	fast := p.fast.(*fastServer).fast["nhi_identity"]
	configs := identityConfigs()
	names := make([]string, 0, len(configs))
	for name := range configs {
		names = append(names, name)
	}
	sort.Strings(names)

	// Prior states: identities created (applied) by the framework at
	// different times before now, so that rotation and review are due or not.
	now := testAccStart.Add(400 * 24 * time.Hour)
	// priorOf creates an identity at createdAt through the framework (plan
	// and apply) and refreshes it at now, as Terraform does before planning:
	// its state and private state.
	type prior struct {
		state   tftypes.Value
		private []byte
	}
	priorOf := func(t *testing.T, config tftypes.Value, createdAt time.Time) prior {
		t.Helper()
		p.clock.Set(createdAt)
		null := p.dynamic(t, tftypes.NewValue(p.objectType, nil))
		planned, err := p.framework.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
			TypeName: "nhi_identity", Config: p.dynamic(t, config),
			ProposedNewState: p.dynamic(t, p.proposedNew(config, tftypes.NewValue(p.objectType, nil))), PriorState: null,
		})
		if err != nil || len(planned.Diagnostics) > 0 {
			t.Fatalf("plan: %v %v", err, planned.Diagnostics)
		}
		applied, err := p.framework.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
			TypeName: "nhi_identity", Config: p.dynamic(t, config), PriorState: null,
			PlannedState: planned.PlannedState, PlannedPrivate: planned.PlannedPrivate,
		})
		if err != nil || len(applied.Diagnostics) > 0 {
			t.Fatalf("apply: %v %v", err, applied.Diagnostics)
		}
		p.clock.Set(now)
		read, err := p.framework.ReadResource(ctx, &tfprotov6.ReadResourceRequest{
			TypeName: "nhi_identity", CurrentState: applied.NewState, Private: applied.Private,
		})
		if err != nil || len(read.Diagnostics) > 0 {
			t.Fatalf("read: %v %v", err, read.Diagnostics)
		}
		v, err := read.NewState.Unmarshal(p.objectType)
		if err != nil || !v.IsFullyKnown() {
			t.Fatalf("refreshed state %v: %v", v, err)
		}
		return prior{v, read.Private}
	}
	base := p.object(configs["base"])
	priors := map[string]prior{"create": {state: tftypes.NewValue(p.objectType, nil)}}
	for _, days := range []int{10, 100, 300} {
		priors[fmt.Sprintf("base created %dd ago", days)] = priorOf(t, base, now.Add(-time.Duration(days)*24*time.Hour))
	}

	var answered, quiet int
	for _, name := range names {
		config := p.object(configs[name])
		t.Run(name, func(t *testing.T) {
			p.clock.Set(now)
			vreq := &tfprotov6.ValidateResourceConfigRequest{TypeName: "nhi_identity", Config: p.dynamic(t, config)}
			got, want := callBoth(t, vreq, p.fast.ValidateResourceConfig, p.framework.ValidateResourceConfig)
			if g, w := diagnosticsText(got.Diagnostics), diagnosticsText(want.Diagnostics); !reflect.DeepEqual(g, w) {
				t.Errorf("ValidateResourceConfig:\nfast:      %q\nframework: %q", g, w)
			}
			if len(want.Diagnostics) == 0 && !fast.valid(ctx, vreq.Config) {
				t.Errorf("the framework finds the configuration valid, the fast path leaves it to the framework")
			}
			if len(want.Diagnostics) > 0 {
				return // Terraform does not plan an invalid configuration
			}
			for pname, prior := range priors {
				preq := &tfprotov6.PlanResourceChangeRequest{
					TypeName: "nhi_identity", Config: p.dynamic(t, config),
					ProposedNewState: p.dynamic(t, p.proposedNew(config, prior.state)),
					PriorState:       p.dynamic(t, prior.state), PriorPrivate: prior.private,
				}
				got, want := callBoth(t, preq, p.fast.PlanResourceChange, p.framework.PlanResourceChange)
				comparePlans(t, pname, p.objectType, got, want)
				if len(want.Diagnostics) == 0 && len(preq.PriorPrivate) == 0 {
					quiet++
					if _, ok := fast.plan(ctx, preq); ok {
						answered++
					} else {
						t.Errorf("%s: the framework plans without a diagnostic, the fast path leaves it to the framework", pname)
					}
				}
			}
		})
	}
	// Refreshes: the fast path answers those that change nothing; one that
	// finds rotation due records it, through the framework.
	refreshed := 0
	for pname, prior := range priors {
		if prior.state.IsNull() {
			continue
		}
		rreq := &tfprotov6.ReadResourceRequest{TypeName: "nhi_identity", CurrentState: p.dynamic(t, prior.state)}
		got, want := callBoth(t, rreq, p.fast.ReadResource, p.framework.ReadResource)
		gv, err := got.NewState.Unmarshal(p.objectType)
		if err != nil {
			t.Fatal(err)
		}
		wv, err := want.NewState.Unmarshal(p.objectType)
		if err != nil {
			t.Fatal(err)
		}
		if !gv.Equal(wv) || !reflect.DeepEqual(got.Private, want.Private) || !reflect.DeepEqual(diagnosticsText(got.Diagnostics), diagnosticsText(want.Diagnostics)) {
			t.Errorf("refresh of %s:\nfast:      %s %q %v\nframework: %s %q %v", pname, gv, got.Private, got.Diagnostics, wv, want.Private, want.Diagnostics)
		}
		if _, ok := fast.read(ctx, rreq); ok != (len(want.Private) == 0) {
			t.Errorf("refresh of %s: fast path answered %v, framework recorded %q", pname, ok, want.Private)
		}
		if len(want.Private) == 0 {
			refreshed++
		}
	}
	if refreshed == 0 || refreshed == len(priors)-1 {
		t.Errorf("%d of %d refreshes changed nothing; want both kinds", refreshed, len(priors)-1)
	}
	// An update with private state: the framework answers it.
	for pname, prior := range priors {
		if prior.state.IsNull() {
			continue
		}
		preq := &tfprotov6.PlanResourceChangeRequest{TypeName: "nhi_identity", Config: p.dynamic(t, base),
			ProposedNewState: p.dynamic(t, p.proposedNew(base, prior.state)), PriorState: p.dynamic(t, prior.state),
			PriorPrivate: []byte(`{"provider_key":"eyJrIjoidiJ9"}`)}
		if _, ok := fast.plan(ctx, preq); ok {
			t.Errorf("update of %s with private state: the fast path answered", pname)
		}
		got, want := callBoth(t, preq, p.fast.PlanResourceChange, p.framework.PlanResourceChange)
		comparePlans(t, "private state of "+pname, p.objectType, got, want)
	}
	// A destroy: the framework answers it.
	for pname, prior := range priors {
		if prior.state.IsNull() {
			continue
		}
		null := tftypes.NewValue(p.objectType, nil)
		preq := &tfprotov6.PlanResourceChangeRequest{TypeName: "nhi_identity", Config: p.dynamic(t, null),
			ProposedNewState: p.dynamic(t, null), PriorState: p.dynamic(t, prior.state), PriorPrivate: prior.private}
		if _, ok := fast.plan(ctx, preq); ok {
			t.Errorf("destroy of %s: the fast path answered", pname)
		}
		got, want := callBoth(t, preq, p.fast.PlanResourceChange, p.framework.PlanResourceChange)
		comparePlans(t, "destroy of "+pname, p.objectType, got, want)
	}
	if quiet < 50 {
		t.Errorf("only %d quiet plans compared; the corpus lost its coverage", quiet)
	}
	t.Logf("%d configurations, %d plans the fast path answered of %d without diagnostics", len(names), answered, quiet)
}

// callBoth sends one request to the server with the fast path and to the
// framework alone.
func callBoth[Req, Resp any](t *testing.T, req Req, fast, framework func(context.Context, Req) (Resp, error)) (got, want Resp) {
	t.Helper()
	got, err := fast(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	want, err = framework(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return got, want
}

func comparePlans(t *testing.T, prior string, typ tftypes.Type, got, want *tfprotov6.PlanResourceChangeResponse) {
	t.Helper()
	gv, err := got.PlannedState.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	wv, err := want.PlannedState.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	if !gv.Equal(wv) {
		t.Errorf("%s: planned state:\nfast:      %s\nframework: %s", prior, gv, wv)
	}
	if g, w := diagnosticsText(got.Diagnostics), diagnosticsText(want.Diagnostics); !reflect.DeepEqual(g, w) {
		t.Errorf("%s: plan diagnostics:\nfast:      %q\nframework: %q", prior, g, w)
	}
	g, w := *got, *want
	g.PlannedState, w.PlannedState = nil, nil
	g.Diagnostics, w.Diagnostics = nil, nil
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s: plan response:\nfast:      %+v\nframework: %+v", prior, g, w)
	}
}

// diagnosticsText lists diagnostics as sorted text: the framework validates
// attributes in map order.
func diagnosticsText(ds []*tfprotov6.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%d %s: %s: %s", d.Severity, d.Attribute, d.Summary, d.Detail))
	}
	sort.Strings(out)
	return out
}

// BenchmarkIdentityRPC is the provider's share of planning one new
// identity (ValidateResourceConfig and PlanResourceChange) and of
// refreshing one (ReadResource), in process, through the framework alone
// and through the fast path.
func BenchmarkIdentityRPC(b *testing.B) {
	ctx := context.Background()
	p := newRPCPair(b)
	config := p.object(identityConfigs()["base"])
	null := tftypes.NewValue(p.objectType, nil)
	vreq := &tfprotov6.ValidateResourceConfigRequest{TypeName: "nhi_identity", Config: p.dynamic(b, config)}
	preq := &tfprotov6.PlanResourceChangeRequest{
		TypeName: "nhi_identity", Config: p.dynamic(b, config),
		ProposedNewState: p.dynamic(b, p.proposedNew(config, null)), PriorState: p.dynamic(b, null),
	}
	applied, err := p.framework.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{TypeName: "nhi_identity",
		Config: preq.Config, PriorState: preq.PriorState, PlannedState: p.dynamic(b, p.proposedNew(config, null))})
	if err != nil || len(applied.Diagnostics) > 0 {
		b.Fatal(err, applied.Diagnostics)
	}
	rreq := &tfprotov6.ReadResourceRequest{TypeName: "nhi_identity", CurrentState: applied.NewState}
	for name, s := range map[string]tfprotov6.ProviderServer{"framework": p.framework, "fast": p.fast} {
		b.Run(name+"/refresh", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if resp, err := s.ReadResource(ctx, rreq); err != nil || len(resp.Diagnostics) > 0 {
					b.Fatal(err, resp.Diagnostics)
				}
			}
		})
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if resp, err := s.ValidateResourceConfig(ctx, vreq); err != nil || len(resp.Diagnostics) > 0 {
					b.Fatal(err, resp.Diagnostics)
				}
				if resp, err := s.PlanResourceChange(ctx, preq); err != nil || len(resp.Diagnostics) > 0 {
					b.Fatal(err, resp.Diagnostics)
				}
			}
		})
	}
}
