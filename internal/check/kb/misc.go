package kb

// Utility providers (hashicorp/random, hashicorp/time) and nhiguard's own
// provider (nhiguard/nhi).

const (
	randomDoc = "https://registry.terraform.io/providers/hashicorp/random/latest/docs/resources/"
	timeDoc   = "https://registry.terraform.io/providers/hashicorp/time/latest/docs/resources/"
	nhiDoc    = "https://registry.terraform.io/providers/nhiguard/nhi/latest/docs/resources/"
	localDoc  = "https://registry.terraform.io/providers/hashicorp/local/latest/docs/resources/"
)

func init() {
	register(
		// Files written on the machine that runs Terraform: a secret in
		// their content is a copy out of its owner's custody (FileContent).
		Entry{Type: "local_file", Class: Other, Kind: "file", Provider: "local", Doc: localDoc + "file"},
		Entry{Type: "local_sensitive_file", Class: Other, Kind: "file", Provider: "local", Doc: localDoc + "sensitive_file"},
		// Relays of a rotation: replace_triggered_by takes only resources,
		// so a rotation_trigger (a module input, say) reaches a key through
		// a terraform_data whose triggers_replace holds it, as Terraform
		// documents; the key rotates as the relay is replaced.
		Entry{Type: "terraform_data", Class: Other, Kind: "relay", Provider: "terraform",
			Doc:      "https://developer.hashicorp.com/terraform/language/resources/terraform-data",
			Rotation: Rotation{Triggers: []string{"triggers_replace", "input"}}},
		Entry{Type: "null_resource", Class: Other, Kind: "relay", Provider: "null",
			Doc:      "https://registry.terraform.io/providers/hashicorp/null/latest/docs/resources/resource",
			Rotation: Rotation{Triggers: []string{"triggers"}}},
		Entry{
			// Generated once and kept until keepers change. It cannot carry
			// tags: ownership is not assessable on it, only through what
			// uses it. Its exposure is judged through outputs and
			// plain-text places (not a credential itself).
			Type: "random_password", Class: Secret, Kind: "password", Provider: "random", Doc: randomDoc + "password",
			Lifetime:    Lifetime{Static: true, Default: Forever},
			Rotation:    Rotation{Triggers: []string{"keepers"}},
			SecretAttrs: []string{"result", "bcrypt_hash"},
		},
		Entry{
			// "intended to be used as secret or keys"; base64 and hex are sensitive.
			Type: "random_bytes", Class: Secret, Kind: "secret", Provider: "random", Doc: randomDoc + "bytes",
			Lifetime:    Lifetime{Static: true, Default: Forever},
			Rotation:    Rotation{Triggers: []string{"keepers"}},
			SecretAttrs: []string{"base64", "hex"},
		},
		// result is not sensitive: naming material, not secrets.
		Entry{Type: "random_string", Class: Other, Kind: "random", Provider: "random", Doc: randomDoc + "string"},
		Entry{Type: "random_id", Class: Other, Kind: "random", Provider: "random", Doc: randomDoc + "id"},
		Entry{Type: "random_pet", Class: Other, Kind: "random", Provider: "random", Doc: randomDoc + "pet"},
		Entry{Type: "random_uuid", Class: Other, Kind: "random", Provider: "random", Doc: randomDoc + "uuid"},
		Entry{
			// Any reference to it (id, rfc3339, rotation_rfc3339 in keepers,
			// rotate_when_changed or replace_triggered_by) rotates with it.
			// rotation_rfc3339 set by hand is a fixed end, not a period.
			Type: "time_rotating", Class: Rotator, Kind: "rotation", Provider: "time", Doc: timeDoc + "rotating",
			Rotates: &Rotates{Period: []DurationAttr{
				{Path: "rotation_minutes", Unit: Minutes},
				{Path: "rotation_hours", Unit: Hours},
				{Path: "rotation_days", Unit: Days},
				{Path: "rotation_months", Unit: Months},
				{Path: "rotation_years", Unit: Years},
				{Path: "rotation_rfc3339", Unit: EndTime},
			}},
		},
		Entry{Type: "time_static", Class: Other, Kind: "time", Provider: "time", Doc: timeDoc + "static"},
		Entry{Type: "time_offset", Class: Other, Kind: "time", Provider: "time", Doc: timeDoc + "offset"},

		// nhiguard's declarations. The graph reads them specially
		// (ownership, exceptions); the entries say what they are.
		Entry{
			Type: "nhi_owner", Class: Declaration, Kind: "owner", Provider: "nhi", Doc: nhiDoc + "owner",
		},
		Entry{
			// Also a rotator: a credential whose keepers, rotate_when_changed
			// or replace_triggered_by reference rotation_trigger is replaced
			// every rotation_days. Class stays Declaration (one class per
			// type); Rotates carries the rotator side. credentials lists
			// covered resources by address (strings, not references).
			Type: "nhi_identity", Class: Declaration, Kind: "identity", Provider: "nhi", Doc: nhiDoc + "identity",
			Rotates: &Rotates{
				Trigger: []string{"rotation_trigger"},
				// rotation_days, or max_lifetime_days when it is unset (the
				// provider refuses a rotation_days above it).
				Period: []DurationAttr{{Path: "rotation_days", Unit: Days}, {Path: "max_lifetime_days", Unit: Days}},
			},
		},
		Entry{
			Type: "nhi_exception", Class: Declaration, Kind: "exception", Provider: "nhi", Doc: nhiDoc + "exception",
		},
	)
}
