// Package provider implements the nhi Terraform provider on
// terraform-plugin-framework. Its resources keep state only: they declare
// owners, machine identities and exceptions, and report at plan time when a
// declaration has gone stale.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/nhiguard/terraform-provider-nhi/internal/clock"
)

var _ provider.Provider = (*nhiProvider)(nil)

// Address is where Terraform finds the provider.
const Address = "registry.terraform.io/nhiguard/nhi"

type nhiProvider struct {
	version string
	clock   clock.Clock
}

// Server returns the provider's protocol 6 server, reading the clock c: the
// framework's server with the fast path in front of it (fastpath.go).
// main serves it and the acceptance tests run it.
func Server(version string, c clock.Clock) func() tfprotov6.ProviderServer {
	framework := providerserver.NewProtocol6(NewWithClock(version, c)())
	return func() tfprotov6.ProviderServer { return withFastPath(framework(), c) }
}

// New returns a provider factory that uses the wall clock.
func New(version string) func() provider.Provider {
	return NewWithClock(version, clock.New())
}

// NewWithClock returns a provider factory whose resources read the time from c,
// so tests can move time forward.
func NewWithClock(version string, c clock.Clock) func() provider.Provider {
	return func() provider.Provider {
		return &nhiProvider{version: version, clock: c}
	}
}

func (p *nhiProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "nhi"
	resp.Version = p.version
}

func (p *nhiProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The nhi provider declares who owns each machine credential, how often it " +
			"rotates and which waivers are in force, in the same Terraform that creates the credential. " +
			"It keeps state only and talks to no API. The provider block takes no arguments.",
	}
}

func (p *nhiProvider) Configure(_ context.Context, _ provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	// Resources need nothing but the clock.
	resp.ResourceData = p.clock
}

func (p *nhiProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewOwnerResource,
		NewIdentityResource,
		NewExceptionResource,
	}
}

func (p *nhiProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return nil
}
