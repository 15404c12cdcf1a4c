package provider

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/nhiguard/terraform-provider-nhi/internal/clock"
)

// A plan asks the provider two questions about every new nhi_identity,
// ValidateResourceConfig and PlanResourceChange, and refreshes every
// existing one first (ReadResource). The framework answers each
// by walking the schema attribute by attribute, with reflection and logging
// context for every attribute path, and that walk made a plan of 1,000
// identities take more than twice as long as 1,000 terraform_data resources
// (BenchmarkTerraformPlan1000). The fast path answers these calls
// directly from terraform-plugin-go values when the answer is quiet: it
// runs the resource's own validators, defaults and planIdentity, and
// answers a refresh that changes nothing (no rotation due). Anything
// else goes to the framework, so messages and edge cases stay the
// framework's own. That covers any diagnostic, a destroy, an unknown whole
// object, and a value that does not convert. TestFastPathMatchesFramework
// checks that both paths give the same answers.

// fastServer is the framework's protocol 6 server with the fast path in
// front of it.
type fastServer struct {
	tfprotov6.ProviderServer
	fast map[string]fastPath
}

// fastPath answers the calls for one resource type, or declines.
type fastPath interface {
	valid(ctx context.Context, config *tfprotov6.DynamicValue) bool
	plan(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, bool)
	read(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, bool)
}

// withFastPath wraps a framework server with the fast path for the
// identity resource, whose plans read the clock c.
func withFastPath(framework tfprotov6.ProviderServer, c clock.Clock) tfprotov6.ProviderServer {
	r := &identityResource{clock: c}
	// The fast path plans without private state, so without a planned rotation.
	planModel := func(ctx context.Context, plan identityModel, state *identityModel) (*identityModel, diag.Diagnostics) {
		return r.planIdentity(ctx, plan, state, nil)
	}
	// A refresh changes nothing unless it finds rotation due (Read).
	refreshQuiet := func(state identityModel) bool { return plannedRotation(state, c.Now()) == nil }
	f, err := newFastResource(identitySchemaV1(), r.ConfigValidators(context.Background()), planModel, refreshQuiet)
	if err != nil {
		// A schema feature the fast path does not implement: the
		// framework serves every call, and TestFastPathMatchesFramework fails.
		return framework
	}
	return &fastServer{ProviderServer: framework, fast: map[string]fastPath{"nhi_identity": f}}
}

func (s *fastServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	if f := s.fast[req.TypeName]; f != nil && f.valid(ctx, req.Config) {
		return &tfprotov6.ValidateResourceConfigResponse{}, nil
	}
	return s.ProviderServer.ValidateResourceConfig(ctx, req)
}

func (s *fastServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	if f := s.fast[req.TypeName]; f != nil {
		if resp, ok := f.read(ctx, req); ok {
			return resp, nil
		}
	}
	return s.ProviderServer.ReadResource(ctx, req)
}

func (s *fastServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	if f := s.fast[req.TypeName]; f != nil {
		if resp, ok := f.plan(ctx, req); ok {
			return resp, nil
		}
	}
	return s.ProviderServer.PlanResourceChange(ctx, req)
}

// fastResource is what the fast path knows about one resource type whose
// model is M, a struct of framework values tagged with attribute names.
type fastResource[M any] struct {
	schema     schema.Schema
	objectType tftypes.Object
	attrs      []fastAttr
	validators []resource.ConfigValidator
	// planModel is the resource's ModifyPlan on models: the plan before
	// modification and the prior state (nil on create).
	planModel func(context.Context, M, *M) (*M, diag.Diagnostics)
	// refreshQuiet reports whether the resource's Read leaves a state and
	// its (empty) private state as they are.
	refreshQuiet func(M) bool
}

// fastAttr is one top-level attribute and where it sits in the model.
type fastAttr struct {
	name    string
	attr    schema.Attribute
	typ     attr.Type
	field   int // index of the model's field with this tfsdk tag
	path    path.Path
	expr    path.Expression
	deflt   defaults.String
	unknown attr.Value // the attribute's unknown value
}

// newFastResource prepares the fast path for a resource and checks that
// its schema uses only what the fast path implements: top-level string,
// int64, set and map attributes, no plan modifiers, no deprecation, no
// write-only attributes, and defaults only on strings.
func newFastResource[M any](s schema.Schema, validators []resource.ConfigValidator,
	planModel func(context.Context, M, *M) (*M, diag.Diagnostics), refreshQuiet func(M) bool) (*fastResource[M], error) {
	ctx := context.Background()
	if len(s.Blocks) > 0 {
		return nil, fmt.Errorf("blocks are not supported")
	}
	mt := reflect.TypeFor[M]()
	fields := map[string]int{}
	for i := range mt.NumField() {
		fields[mt.Field(i).Tag.Get("tfsdk")] = i
	}
	f := &fastResource[M]{
		schema:       s,
		objectType:   s.Type().TerraformType(ctx).(tftypes.Object),
		validators:   validators,
		planModel:    planModel,
		refreshQuiet: refreshQuiet,
	}
	typeName := mt.Name()
	for name, a := range s.Attributes {
		field, ok := fields[name]
		if !ok {
			return nil, fmt.Errorf("%s.%s: no model field", typeName, name)
		}
		if a.GetDeprecationMessage() != "" || a.IsWriteOnly() {
			return nil, fmt.Errorf("%s.%s: deprecated and write-only attributes are not supported", typeName, name)
		}
		fa := fastAttr{name: name, attr: a, typ: a.GetType(), field: field,
			path: path.Root(name), expr: path.MatchRoot(name)}
		switch x := a.(type) {
		case schema.StringAttribute:
			if len(x.PlanModifiers) > 0 {
				return nil, fmt.Errorf("%s.%s: plan modifiers are not supported", typeName, name)
			}
			fa.deflt = x.Default
		case schema.Int64Attribute:
			if len(x.PlanModifiers) > 0 || x.Default != nil {
				return nil, fmt.Errorf("%s.%s: plan modifiers and defaults are not supported", typeName, name)
			}
		case schema.SetAttribute:
			if len(x.PlanModifiers) > 0 || x.Default != nil || x.CustomType != nil {
				return nil, fmt.Errorf("%s.%s: plan modifiers, defaults and custom types are not supported", typeName, name)
			}
		case schema.MapAttribute:
			if len(x.PlanModifiers) > 0 || x.Default != nil || x.CustomType != nil {
				return nil, fmt.Errorf("%s.%s: plan modifiers, defaults and custom types are not supported", typeName, name)
			}
		default:
			return nil, fmt.Errorf("%s.%s: attribute type %T is not supported", typeName, name, a)
		}
		unknown, err := fa.typ.ValueFromTerraform(ctx, tftypes.NewValue(fa.typ.TerraformType(ctx), tftypes.UnknownValue))
		if err != nil {
			return nil, err
		}
		fa.unknown = unknown
		if reflect.TypeOf(unknown) != mt.Field(field).Type {
			return nil, fmt.Errorf("%s.%s: model field is %s, values are %T", typeName, name, mt.Field(field).Type, unknown)
		}
		f.attrs = append(f.attrs, fa)
	}
	sort.Slice(f.attrs, func(i, j int) bool { return f.attrs[i].name < f.attrs[j].name })
	return f, nil
}

// errNotFast marks a value the fast path leaves to the framework.
var errNotFast = errors.New("not for the fast path")

// decode reads an object into attribute values, in f.attrs order: nil for
// a null object, errNotFast for an unknown one or a value that does not
// convert.
func (f *fastResource[M]) decode(ctx context.Context, dv *tfprotov6.DynamicValue) (tftypes.Value, []attr.Value, error) {
	if dv == nil {
		return tftypes.NewValue(f.objectType, nil), nil, nil
	}
	raw, err := dv.Unmarshal(f.objectType)
	if err != nil || !raw.IsKnown() {
		return raw, nil, errNotFast
	}
	if raw.IsNull() {
		return raw, nil, nil
	}
	var m map[string]tftypes.Value
	if err := raw.As(&m); err != nil {
		return raw, nil, errNotFast
	}
	vals := make([]attr.Value, len(f.attrs))
	for i, a := range f.attrs {
		v, err := a.typ.ValueFromTerraform(ctx, m[a.name])
		if err != nil {
			return raw, nil, errNotFast
		}
		vals[i] = v
	}
	return raw, vals, nil
}

// valid runs the schema's attribute validators and the resource's config
// validators on a configuration; true only when none reports anything.
func (f *fastResource[M]) valid(ctx context.Context, dv *tfprotov6.DynamicValue) bool {
	raw, vals, err := f.decode(ctx, dv)
	if err != nil || vals == nil {
		return false
	}
	config := tfsdk.Config{Raw: raw, Schema: f.schema}
	for i, a := range f.attrs {
		if a.attr.IsComputed() && !a.attr.IsOptional() && !vals[i].IsNull() {
			return false // the framework reports a read-only attribute set in configuration
		}
		ok := true
		switch x := a.attr.(type) {
		case schema.StringAttribute:
			req := validator.StringRequest{Path: a.path, PathExpression: a.expr, Config: config, ConfigValue: vals[i].(types.String)}
			ok = quiet(x.Validators, func(v validator.String) diag.Diagnostics {
				var resp validator.StringResponse
				v.ValidateString(ctx, req, &resp)
				return resp.Diagnostics
			})
		case schema.Int64Attribute:
			req := validator.Int64Request{Path: a.path, PathExpression: a.expr, Config: config, ConfigValue: vals[i].(types.Int64)}
			ok = quiet(x.Validators, func(v validator.Int64) diag.Diagnostics {
				var resp validator.Int64Response
				v.ValidateInt64(ctx, req, &resp)
				return resp.Diagnostics
			})
		case schema.SetAttribute:
			req := validator.SetRequest{Path: a.path, PathExpression: a.expr, Config: config, ConfigValue: vals[i].(types.Set)}
			ok = quiet(x.Validators, func(v validator.Set) diag.Diagnostics {
				var resp validator.SetResponse
				v.ValidateSet(ctx, req, &resp)
				return resp.Diagnostics
			})
		case schema.MapAttribute:
			req := validator.MapRequest{Path: a.path, PathExpression: a.expr, Config: config, ConfigValue: vals[i].(types.Map)}
			ok = quiet(x.Validators, func(v validator.Map) diag.Diagnostics {
				var resp validator.MapResponse
				v.ValidateMap(ctx, req, &resp)
				return resp.Diagnostics
			})
		}
		if !ok {
			return false
		}
	}
	return quiet(f.validators, func(v resource.ConfigValidator) diag.Diagnostics {
		var resp resource.ValidateConfigResponse
		v.ValidateResource(ctx, resource.ValidateConfigRequest{Config: config}, &resp)
		return resp.Diagnostics
	})
}

// quiet runs validators until one reports anything; true when none does.
func quiet[V any](validators []V, validate func(V) diag.Diagnostics) bool {
	for _, v := range validators {
		if len(validate(v)) > 0 {
			return false
		}
	}
	return true
}

// plan does what the framework does before and in ModifyPlan: string
// defaults where the configuration is null, computed attributes that are
// null in configuration unknown when the plan changes anything, then the
// resource's plan. ok is false for anything the framework should answer:
// a destroy, private state, a value that does not convert, or any
// diagnostic.
func (f *fastResource[M]) plan(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, bool) {
	if len(req.PriorPrivate) > 0 {
		return nil, false // the framework reads and rewrites its private state
	}
	_, planned, err := f.decode(ctx, req.ProposedNewState)
	if err != nil || planned == nil {
		return nil, false
	}
	_, config, err := f.decode(ctx, req.Config)
	if err != nil || config == nil {
		return nil, false
	}
	_, prior, err := f.decode(ctx, req.PriorState)
	if err != nil {
		return nil, false
	}
	for i, a := range f.attrs {
		if a.deflt == nil || !config[i].IsNull() {
			continue
		}
		resp := defaults.StringResponse{}
		a.deflt.DefaultString(ctx, defaults.StringRequest{Path: a.path}, &resp)
		if len(resp.Diagnostics) > 0 {
			return nil, false
		}
		planned[i] = resp.PlanValue
	}
	if prior == nil || !slices.EqualFunc(planned, prior, attr.Value.Equal) {
		for i, a := range f.attrs {
			if a.attr.IsComputed() && a.deflt == nil && config[i].IsNull() {
				planned[i] = a.unknown
			}
		}
	}

	var plan M
	f.setModel(&plan, planned)
	var state *M
	if prior != nil {
		state = new(M)
		f.setModel(state, prior)
	}
	result, diags := f.planModel(ctx, plan, state)
	if result == nil || len(diags) > 0 {
		return nil, false
	}
	rv := reflect.ValueOf(result).Elem()
	attrs := make(map[string]tftypes.Value, len(f.attrs))
	for _, a := range f.attrs {
		v, err := rv.Field(a.field).Interface().(attr.Value).ToTerraformValue(ctx)
		if err != nil {
			return nil, false
		}
		attrs[a.name] = v
	}
	dv, err := tfprotov6.NewDynamicValue(f.objectType, tftypes.NewValue(f.objectType, attrs))
	if err != nil {
		return nil, false
	}
	return &tfprotov6.PlanResourceChangeResponse{PlannedState: &dv}, true
}

// read answers a refresh that changes nothing: the state as it is, no
// private state. ok is false for anything else: private state to read, a
// state the resource's Read would record something for, or one that does
// not decode.
func (f *fastResource[M]) read(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, bool) {
	if len(req.Private) > 0 {
		return nil, false
	}
	_, vals, err := f.decode(ctx, req.CurrentState)
	if err != nil || vals == nil {
		return nil, false
	}
	var state M
	f.setModel(&state, vals)
	if !f.refreshQuiet(state) {
		return nil, false
	}
	return &tfprotov6.ReadResourceResponse{NewState: req.CurrentState}, true
}

// setModel stores attribute values into a model.
func (f *fastResource[M]) setModel(m *M, vals []attr.Value) {
	rv := reflect.ValueOf(m).Elem()
	for i, a := range f.attrs {
		rv.Field(a.field).Set(reflect.ValueOf(vals[i]))
	}
}
