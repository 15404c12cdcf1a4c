// Package value holds the few value types shared by the plan index and the
// policy engines, so neither has to import the other.
package value

// Unknown stands where Terraform will only know a value after apply.
// Ref is the configuration reference that produces it (for example
// "aws_s3_bucket.artifacts.arn") when the plan says so, and empty otherwise.
// Engines must treat an Unknown as "some specific value", never as a wildcard,
// and must say when a verdict depended on one.
type Unknown struct {
	Ref string
}

// String renders the placeholder the way findings show it; it never carries a value.
func (u Unknown) String() string {
	if u.Ref == "" {
		return "(known after apply)"
	}
	return "(known after apply: " + u.Ref + ")"
}

// IsUnknown reports whether v is an Unknown.
func IsUnknown(v any) bool {
	_, ok := v.(Unknown)
	return ok
}

// Secret stands where the plan held a sensitive value, or a value the
// knowledge base marks secret. The value itself is dropped while loading so
// that no later stage can print it; Sum is a keyed in-process hash
// (hash/maphash with a random seed) that lets the checker tell whether two
// secrets are the same without keeping either. Sum is never written out.
type Secret struct {
	Sum uint64
}

// String never reveals anything.
func (Secret) String() string { return "(sensitive value)" }

// IsSecret reports whether v is a Secret.
func IsSecret(v any) bool {
	_, ok := v.(Secret)
	return ok
}

// Contains reports whether leaf holds for v or for a value anywhere inside
// its objects (map[string]any) and lists ([]any).
func Contains(v any, leaf func(any) bool) bool {
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			if Contains(e, leaf) {
				return true
			}
		}
		return false
	case []any:
		for _, e := range x {
			if Contains(e, leaf) {
				return true
			}
		}
		return false
	}
	return leaf(v)
}
