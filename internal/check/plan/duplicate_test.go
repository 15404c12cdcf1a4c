package plan

import (
	"strings"
	"testing"
)

// Terraform lists each resource instance once in resource_changes, beside
// the deposed objects of an interrupted create_before_destroy replace. Two
// entries for one address are refused on both decoding paths (either could
// hide the other: an admin policy behind a harmless one); a deposed object
// beside its current instance is not a duplicate, and the current
// instance is the one read.
func TestDuplicateResourceChanges(t *testing.T) {
	t.Parallel()
	change := func(user, extra string) string {
		return `{"address":"aws_iam_access_key.k","mode":"managed","type":"aws_iam_access_key","name":"k"` + extra +
			`,"change":{"actions":["create"],"before":null,"after":{"user":"` + user + `"},"after_unknown":{}}}`
	}
	deposed := `{"address":"aws_iam_access_key.k","mode":"managed","type":"aws_iam_access_key","name":"k","deposed":"00000001",` +
		`"change":{"actions":["delete"],"before":{"user":"old"},"after":null,"after_unknown":{}}}`
	plan := func(changes ...string) []byte {
		return []byte(`{"format_version":"1.2","terraform_version":"1.11.4","resource_changes":[` + strings.Join(changes, ",") + `]}`)
	}

	for name, data := range map[string][]byte{
		"twice":                plan(change("u", ""), change("admin", "")),
		"twice, with deposed":  plan(change("u", ""), deposed, change("admin", "")),
		"twice, index omitted": plan(change("u", `,"index":null`), change("admin", "")),
	} {
		for path, parse := range map[string]func([]byte, Options) (*Plan, error){"fast": Parse, "reflective": parseReflective} {
			_, err := parse(data, Options{})
			if err == nil || !strings.Contains(err.Error(), `plan resource_changes lists "aws_iam_access_key.k" twice`) {
				t.Errorf("%s (%s): %v, want the duplicate refused", name, path, err)
			}
		}
	}

	for _, data := range [][]byte{plan(change("u", ""), deposed), plan(deposed, change("u", ""))} {
		for path, parse := range map[string]func([]byte, Options) (*Plan, error){"fast": Parse, "reflective": parseReflective} {
			p, err := parse(data, Options{})
			if err != nil {
				t.Fatalf("%s: a deposed object beside its instance: %v", path, err)
			}
			if len(p.Resources) != 1 || p.Resources[0].After["user"] != "u" {
				t.Errorf("%s: resources %+v, want the current instance alone", path, p.Resources)
			}
		}
	}
}
