// Command floorprovider is the least a terraform-plugin-framework provider
// can be: nhi_owner and nhi_identity with the input attributes of the real
// ones and nothing else (no validation, plan modification, computed
// values or state), served with the real provider's process settings
// (quiet SDK logs, GC pacing). BenchmarkTerraformPlan1000 plans the same
// configuration with it to measure the framework's own cost per resource,
// the floor under the real provider's. It sits under testdata so that
// ./... neither builds nor vets it; the benchmark builds it by path.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"

	nhi "github.com/nhiguard/terraform-provider-nhi/internal/provider"
)

type floorProvider struct{}

func (floorProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "nhi"
}
func (floorProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (floorProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}
func (floorProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }
func (floorProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		func() resource.Resource { return &floorResource{name: "owner", strings: []string{"name", "email"}} },
		func() resource.Resource {
			return &floorResource{name: "identity",
				strings: []string{"name", "kind", "owner", "purpose", "environment", "last_reviewed_at"},
				ints:    []string{"rotation_days", "max_lifetime_days", "review_every_days"}}
		},
	}
}

// floorResource has an id and optional attributes, and does nothing.
type floorResource struct {
	name          string
	strings, ints []string
}

func (r *floorResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.name
}

func (r *floorResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := map[string]schema.Attribute{"id": schema.StringAttribute{Computed: true}}
	for _, n := range r.strings {
		attrs[n] = schema.StringAttribute{Optional: true}
	}
	for _, n := range r.ints {
		attrs[n] = schema.Int64Attribute{Optional: true}
	}
	resp.Schema = schema.Schema{Attributes: attrs}
}

func (r *floorResource) Create(context.Context, resource.CreateRequest, *resource.CreateResponse) {}
func (r *floorResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse)       {}
func (r *floorResource) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {}
func (r *floorResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

func main() {
	nhi.QuietLogs()
	nhi.TuneGC()
	opts := providerserver.ServeOpts{Address: "registry.terraform.io/nhiguard/nhi", ProtocolVersion: 6}
	if err := providerserver.Serve(context.Background(), func() provider.Provider { return floorProvider{} }, opts); err != nil {
		log.Fatal(err)
	}
}
