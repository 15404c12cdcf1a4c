package nhi

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
)

// ExceptionIDPrefix starts every nhi_exception id.
const ExceptionIDPrefix = "exc-"

// ExceptionID derives an exception's id from what it waives: "exc-" and the
// first 16 hex digits of the SHA-256 of its sorted rule ids and sorted address
// patterns. The order of either list does not matter.
func ExceptionID(rules, resources []string) string {
	r := slices.Clone(rules)
	slices.Sort(r)
	a := slices.Clone(resources)
	slices.Sort(a)
	// NUL cannot occur in rule ids or addresses, so it separates unambiguously.
	sum := sha256.Sum256([]byte(strings.Join(r, "\x00") + "\x00\x00" + strings.Join(a, "\x00")))
	return ExceptionIDPrefix + hex.EncodeToString(sum[:8])
}
