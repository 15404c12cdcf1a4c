package nhi

import "strings"

// placeholders are owner values that name no one: what a template or a
// hurried author writes where an owner belongs.
var placeholders = map[string]bool{
	"none": true, "null": true, "nil": true, "nobody": true, "noone": true, "no-one": true,
	"unknown": true, "unassigned": true, "undefined": true, "unset": true, "default": true,
	"tbd": true, "tba": true, "tbc": true, "todo": true, "fixme": true, "xxx": true,
	"n/a": true, "na": true, "-": true, "--": true, "?": true,
	"changeme": true, "change-me": true, "change_me": true, "placeholder": true, "owner": true,
	"": true, // blank, or only spaces and quotes
}

// IsPlaceholderOwner tells whether an owner value names no one ("TBD",
// "none", "n/a", "<owner>"): the provider warns of it, and the checker
// does not count it as an owner.
func IsPlaceholderOwner(s string) bool {
	if len(s) > 16 { // longer than any placeholder, even padded
		return false
	}
	return placeholders[strings.ToLower(strings.Trim(strings.TrimSpace(s), `"'<>()[]{}.`))]
}
