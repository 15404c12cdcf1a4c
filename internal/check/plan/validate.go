package plan

import (
	"strconv"

	tfjson "github.com/hashicorp/terraform-json"
)

// checkChange refuses a resource change that is not what Terraform writes,
// instead of reading it as something harmless (a no-op, an empty resource,
// another type): a gate must not pass input it cannot read. It returns
// the change's parsed address, or skip for an ephemeral resource's entry,
// which holds nothing after apply.
func checkChange(i int, rc *tfjson.ResourceChange) (addr Address, skip bool, err error) {
	if rc == nil {
		return Address{}, false, inputErr("plan resource_changes[%d] is null", i)
	}
	if rc.Mode == ephemeralMode {
		return Address{}, true, ephemeralChange(i, rc)
	}
	at := func(field string) string {
		return "plan resource_changes[" + strconv.Itoa(i) + "]" + field + " (" + clip(rc.Address, 120) + ")"
	}
	if rc.Change == nil {
		return Address{}, false, inputErr("%s has no change", at(""))
	}
	if !terraformActions(rc.Change.Actions) {
		return Address{}, false, inputErr("%s is not a Terraform action list", at(".change.actions"))
	}
	for _, v := range []struct {
		name string
		val  any
		bool bool // true/false allowed (markers)
	}{
		{"before", rc.Change.Before, false}, {"after", rc.Change.After, false},
		{"after_unknown", rc.Change.AfterUnknown, true}, {"before_sensitive", rc.Change.BeforeSensitive, true}, {"after_sensitive", rc.Change.AfterSensitive, true},
	} {
		switch v.val.(type) {
		case nil, map[string]any:
		case bool:
			if !v.bool {
				return Address{}, false, inputErr("%s is a boolean, want an object or null", at(".change."+v.name))
			}
		default:
			return Address{}, false, inputErr("%s has the wrong type: want an object%s", at(".change."+v.name), map[bool]string{true: " or a boolean", false: " or null"}[v.bool])
		}
	}
	if addr, err = ParseAddress(rc.Address); err != nil {
		return Address{}, false, badAddress(rc.Address)
	}
	if rc.Type != "" && rc.Type != addr.Type || rc.Name != "" && rc.Name != addr.Name || rc.Mode != "" && string(rc.Mode) != addr.Mode {
		return Address{}, false, inputErr("%s: its mode, type or name contradicts its address", at(""))
	}
	return addr, false, nil
}

// terraformActions reports whether acts is one of the action lists
// Terraform writes.
func terraformActions(acts tfjson.Actions) bool {
	return acts.NoOp() || acts.Create() || acts.Read() || acts.Update() || acts.Delete() || acts.Replace() || acts.Forget() || keepsReplaced(acts)
}

// ephemeralMode is the mode of an ephemeral resource: OpenTofu lists
// those in resource_changes (without values: they are never stored), as
// its apply needs them to open them again.
const ephemeralMode = "ephemeral"

// ephemeralChange checks an ephemeral resource's entry: its action is one
// of those an ephemeral resource takes (open, renew, close); any other is
// refused.
func ephemeralChange(i int, rc *tfjson.ResourceChange) error {
	if rc.Change != nil && len(rc.Change.Actions) == 1 {
		switch rc.Change.Actions[0] {
		case "open", "renew", "close":
			return nil
		}
	}
	return inputErr("plan resource_changes[%d].change.actions (%s) is not an ephemeral resource's action (open, renew or close)", i, clip(rc.Address, 120))
}
