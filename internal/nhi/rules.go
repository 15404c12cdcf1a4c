package nhi

// RuleIDPrefix starts every checker rule id, as in "NHI-002".
const RuleIDPrefix = "NHI-"

// ValidRuleID reports whether id has the form of a checker rule id: "NHI-"
// followed by exactly three ASCII digits. It does not check that the rule exists.
func ValidRuleID(id string) bool {
	if len(id) != len(RuleIDPrefix)+3 || id[:len(RuleIDPrefix)] != RuleIDPrefix {
		return false
	}
	for _, c := range id[len(RuleIDPrefix):] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
