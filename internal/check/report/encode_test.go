package report

import (
	"bytes"
	"encoding/json"
	"testing"
)

// EncodeJSON writes exactly what json.Marshal writes, for reports with
// and without findings and inventory, nil or empty lists, and text that
// JSON escapes.
func TestEncodeJSONMatchesMarshal(t *testing.T) {
	waiver := "exceptions.ci <b>&</b>"
	full := &Report{
		Version: SchemaVersion,
		Tool:    Tool{Name: "nhiguard", Version: "v1.2.3"},
		Plan:    PlanInfo{TerraformVersion: "1.11.4", FormatVersion: "1.2"},
		Summary: Summary{Findings: 2, Blocking: 1, Identities: 3},
		Findings: []*Finding{
			{Rule: "NHI-001", Severity: High, Address: `module.a["x\"y"].aws_iam_user.u`, Related: []string{}, OWASP: []string{"NHI7"}, Message: "<script>\u2028 ##[x]"},
			{Rule: "NHI-004", Severity: Critical, Address: "aws_iam_access_key.k", Related: []string{"aws_iam_user.u"}, OWASP: []string{}, WaivedBy: &waiver, Blocking: true},
		},
		Inventory: []InventoryEntry{{Address: "aws_iam_user.u", Kind: "user"}, {Address: "aws_iam_access_key.k"}},
	}
	for name, r := range map[string]*Report{
		"full":            full,
		"nil lists":       {Version: SchemaVersion},
		"empty lists":     {Findings: []*Finding{}, Inventory: []InventoryEntry{}},
		"only findings":   {Findings: full.Findings},
		"only inventory":  {Inventory: full.Inventory, Findings: []*Finding{}},
		"finalized empty": func() *Report { r := &Report{}; r.Finalize(); return r }(),
	} {
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		var pieces int
		if err := r.EncodeJSON(writerFunc(func(p []byte) (int, error) { pieces++; return got.Write(p) })); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: EncodeJSON wrote\n%s\njson.Marshal writes\n%s", name, got.Bytes(), want)
		}
		if name == "full" && pieces < len(r.Findings)+len(r.Inventory) {
			t.Errorf("%s: written in %d pieces, not one per element", name, pieces)
		}
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
