package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/nhiguard/terraform-provider-nhi/internal/clock"
)

// clockFromProviderData returns the clock the provider handed to a resource.
// Terraform validates configuration before configuring the provider, so nil
// provider data is normal and keeps the current clock.
func clockFromProviderData(data any, current clock.Clock) (clock.Clock, diag.Diagnostics) {
	var diags diag.Diagnostics
	if data == nil {
		return current, diags
	}
	c, ok := data.(clock.Clock)
	if !ok {
		diags.AddError("Unexpected Resource Configure Type",
			fmt.Sprintf("Expected clock.Clock, got %T. Please report this issue to the provider developers.", data))
		return current, diags
	}
	return c, diags
}
