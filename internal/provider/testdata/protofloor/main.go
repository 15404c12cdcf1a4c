// Command protofloor is the least any plugin provider can be: nhi_owner and
// nhi_identity with the input attributes of the real ones, written directly
// against terraform-plugin-go's protocol 6 server with no framework, and
// doing nothing (no validation, no plan modification beyond an unknown id
// on create). It is served with the real provider's process settings
// (quiet SDK logs, GC pacing), like testdata/floorprovider.
// BenchmarkTerraformPlan1000 plans the same configuration with it to
// measure what the plugin protocol itself costs per resource (a separate
// process, the go-plugin handshake, gRPC, msgpack), the floor under the
// framework's floor. It sits under testdata so that ./... neither builds
// nor vets it; the benchmark builds it by path.
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	nhi "github.com/nhiguard/terraform-provider-nhi/internal/provider"
)

// schemas holds each resource's schema: a computed id and optional inputs.
var schemas = map[string]*tfprotov6.Schema{
	"nhi_owner": schema([]string{"name", "email"}, nil),
	"nhi_identity": schema([]string{"name", "kind", "owner", "purpose", "environment", "last_reviewed_at"},
		[]string{"rotation_days", "max_lifetime_days", "review_every_days"}),
}

func schema(strings, numbers []string) *tfprotov6.Schema {
	attrs := []*tfprotov6.SchemaAttribute{{Name: "id", Type: tftypes.String, Computed: true}}
	for _, n := range strings {
		attrs = append(attrs, &tfprotov6.SchemaAttribute{Name: n, Type: tftypes.String, Optional: true})
	}
	for _, n := range numbers {
		attrs = append(attrs, &tfprotov6.SchemaAttribute{Name: n, Type: tftypes.Number, Optional: true})
	}
	return &tfprotov6.Schema{Block: &tfprotov6.SchemaBlock{Attributes: attrs}}
}

// server implements the calls Terraform makes to a provider with only
// managed resources. The embedded interface is nil: data sources,
// functions, ephemeral resources and the rest are never declared, so
// Terraform never calls them.
type server struct{ tfprotov6.ProviderServer }

func (server) GetMetadata(context.Context, *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	resp := &tfprotov6.GetMetadataResponse{ServerCapabilities: &tfprotov6.ServerCapabilities{}}
	for name := range schemas {
		resp.Resources = append(resp.Resources, tfprotov6.ResourceMetadata{TypeName: name})
	}
	return resp, nil
}

func (server) GetProviderSchema(context.Context, *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	return &tfprotov6.GetProviderSchemaResponse{
		ServerCapabilities: &tfprotov6.ServerCapabilities{},
		Provider:           &tfprotov6.Schema{Block: &tfprotov6.SchemaBlock{}},
		ResourceSchemas:    schemas,
	}, nil
}

func (server) GetResourceIdentitySchemas(context.Context, *tfprotov6.GetResourceIdentitySchemasRequest) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return &tfprotov6.GetResourceIdentitySchemasResponse{}, nil
}

func (server) ValidateProviderConfig(_ context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return &tfprotov6.ValidateProviderConfigResponse{PreparedConfig: req.Config}, nil
}

func (server) ConfigureProvider(context.Context, *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return &tfprotov6.ConfigureProviderResponse{}, nil
}

func (server) StopProvider(context.Context, *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	return &tfprotov6.StopProviderResponse{}, nil
}

func (server) ValidateResourceConfig(context.Context, *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return &tfprotov6.ValidateResourceConfigResponse{}, nil
}

func (server) UpgradeResourceState(_ context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	typ := schemas[req.TypeName].ValueType()
	v, err := req.RawState.UnmarshalWithOpts(typ, tfprotov6.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
	if err != nil {
		return &tfprotov6.UpgradeResourceStateResponse{Diagnostics: errorDiags(err)}, nil
	}
	state, err := tfprotov6.NewDynamicValue(typ, v)
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &state, Diagnostics: errorDiags(err)}, nil
}

func (server) ReadResource(_ context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private}, nil
}

// PlanResourceChange plans the proposed new state, with id unknown when
// creating and the prior id otherwise.
func (server) PlanResourceChange(_ context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	typ := schemas[req.TypeName].ValueType()
	proposed, err := req.ProposedNewState.Unmarshal(typ)
	if err != nil || proposed.IsNull() { // destroy: nothing to plan
		return &tfprotov6.PlanResourceChangeResponse{PlannedState: req.ProposedNewState, Diagnostics: errorDiags(err)}, nil
	}
	prior, err := req.PriorState.Unmarshal(typ)
	if err != nil {
		return &tfprotov6.PlanResourceChangeResponse{Diagnostics: errorDiags(err)}, nil
	}
	id := tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	if !prior.IsNull() {
		var attrs map[string]tftypes.Value
		if err := prior.As(&attrs); err != nil {
			return &tfprotov6.PlanResourceChangeResponse{Diagnostics: errorDiags(err)}, nil
		}
		id = attrs["id"]
	}
	planned, err := withID(typ, proposed, id)
	return &tfprotov6.PlanResourceChangeResponse{PlannedState: planned, Diagnostics: errorDiags(err)}, nil
}

// ApplyResourceChange stores the planned state, giving a new resource an id.
func (server) ApplyResourceChange(_ context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	typ := schemas[req.TypeName].ValueType()
	planned, err := req.PlannedState.Unmarshal(typ)
	if err != nil || planned.IsNull() || planned.IsFullyKnown() { // destroy, or nothing to fill in
		return &tfprotov6.ApplyResourceChangeResponse{NewState: req.PlannedState, Diagnostics: errorDiags(err)}, nil
	}
	state, err := withID(typ, planned, tftypes.NewValue(tftypes.String, "protofloor"))
	return &tfprotov6.ApplyResourceChangeResponse{NewState: state, Diagnostics: errorDiags(err)}, nil
}

// ImportResourceState imports a resource with only its id set.
func (server) ImportResourceState(_ context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	typ := schemas[req.TypeName].ValueType().(tftypes.Object)
	attrs := map[string]tftypes.Value{}
	for name, t := range typ.AttributeTypes {
		attrs[name] = tftypes.NewValue(t, nil)
	}
	attrs["id"] = tftypes.NewValue(tftypes.String, req.ID)
	state, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
	if err != nil {
		return &tfprotov6.ImportResourceStateResponse{Diagnostics: errorDiags(err)}, nil
	}
	return &tfprotov6.ImportResourceStateResponse{ImportedResources: []*tfprotov6.ImportedResource{{TypeName: req.TypeName, State: &state}}}, nil
}

func (server) MoveResourceState(context.Context, *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return &tfprotov6.MoveResourceStateResponse{Diagnostics: errorDiags(fmt.Errorf("moving resource state is not supported"))}, nil
}

// withID returns obj, an object of type typ, with its id replaced.
func withID(typ tftypes.Type, obj, id tftypes.Value) (*tfprotov6.DynamicValue, error) {
	var attrs map[string]tftypes.Value
	if err := obj.As(&attrs); err != nil {
		return nil, err
	}
	attrs["id"] = id
	v, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
	return &v, err
}

func errorDiags(err error) []*tfprotov6.Diagnostic {
	if err == nil {
		return nil
	}
	return []*tfprotov6.Diagnostic{{Severity: tfprotov6.DiagnosticSeverityError, Summary: err.Error()}}
}

func main() {
	nhi.QuietLogs()
	nhi.TuneGC()
	if err := tf6server.Serve("registry.terraform.io/nhiguard/nhi", func() tfprotov6.ProviderServer { return server{} }); err != nil {
		log.Fatal(err)
	}
}
