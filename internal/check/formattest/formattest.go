// Package formattest holds what the tests of the output formats share: the
// SARIF 2.1.0 schema to validate against, and a reader of Markdown code
// spans. Only tests import it.
package formattest

import (
	"bytes"
	_ "embed"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// sarifSchemaJSON is the SARIF 2.1.0 (errata 01) schema; see
// SARIF-SCHEMA-NOTICE.md for where it came from and its license.
//
//go:embed sarif-schema-2.1.0.json
var sarifSchemaJSON []byte

// sarifSchemaID is the schema's $id.
const sarifSchemaID = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

var sarifSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(sarifSchemaJSON))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(sarifSchemaID, doc); err != nil {
		return nil, err
	}
	return c.Compile(sarifSchemaID)
})

// ValidateSARIF fails the test unless out is a SARIF 2.1.0 log the schema
// accepts.
func ValidateSARIF(t testing.TB, out string) {
	t.Helper()
	if err := ValidSARIF(out); err != nil {
		t.Fatal(err)
	}
}

// ValidSARIF returns why out is not a SARIF 2.1.0 log the schema accepts,
// or nil.
func ValidSARIF(out string) error {
	sch, err := sarifSchema()
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		return &invalid{"SARIF output is not JSON", err}
	}
	if err := sch.Validate(inst); err != nil {
		return &invalid{"SARIF output does not validate against the 2.1.0 schema", err}
	}
	return nil
}

type invalid struct {
	what string
	err  error
}

func (e *invalid) Error() string { return e.what + ": " + e.err.Error() }
func (e *invalid) Unwrap() error { return e.err }

// StripCodeSpans removes CommonMark code spans from a line (their content
// is literal): a run of n backticks up to the next run of exactly n. An
// escaped character stays as written.
func StripCodeSpans(line string) string {
	var b strings.Builder
	for i := 0; i < len(line); {
		if line[i] == '\\' && i+1 < len(line) {
			b.WriteString(line[i : i+2])
			i += 2
			continue
		}
		if line[i] != '`' {
			b.WriteByte(line[i])
			i++
			continue
		}
		n := run(line[i:])
		end := -1
		for j := i + n; j < len(line); {
			if line[j] != '`' {
				j++
				continue
			}
			m := run(line[j:])
			if m == n {
				end = j + m
				break
			}
			j += m
		}
		if end < 0 { // no closing run: the backticks are literal
			b.WriteString(line[i : i+n])
			i += n
			continue
		}
		i = end
	}
	return b.String()
}

// run is the number of backticks s starts with.
func run(s string) int {
	n := 0
	for n < len(s) && s[n] == '`' {
		n++
	}
	return n
}
