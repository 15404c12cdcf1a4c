package plan

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// encodingPlan holds text of every UTF-8 length: ASCII, 2 bytes (é),
// 3 bytes (U+2028, €) and 4 (😀).
const encodingPlan = `{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{"root_module":{}},
 "resource_changes":[{"address":"aws_iam_access_key.ci[\"café😀\"]","mode":"managed","type":"aws_iam_access_key","name":"ci","index":"café😀","provider_name":"registry.terraform.io/hashicorp/aws",
  "change":{"actions":["create"],"before":null,"after":{"user":"ci","status":"Active","tags":{"owner":"équipe € ` + "\u2028" + ` 😀"}},"after_unknown":{"id":true,"secret":true},"before_sensitive":false,"after_sensitive":{"secret":true}}}],
 "configuration":{"root_module":{}}}`

// sameIndex fails unless got indexes the same resources as want.
func sameIndex(t *testing.T, name string, got, want *Plan) {
	t.Helper()
	if len(got.Resources) == 0 || len(got.Resources) != len(want.Resources) {
		t.Fatalf("%s: %d resources, want %d", name, len(got.Resources), len(want.Resources))
	}
	if !reflect.DeepEqual(got.Resources, want.Resources) {
		t.Errorf("%s: resources differ: %s", name, diff("Resources", reflect.ValueOf(got.Resources), reflect.ValueOf(want.Resources)))
	}
}

func mustParse(t *testing.T, data []byte) *Plan {
	t.Helper()
	p, err := Parse(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// wantInputError fails unless err is an *InputError containing want.
func wantInputError(t *testing.T, name string, err error, want string) {
	t.Helper()
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Errorf("%s: error %v (%T), want an *InputError containing %q", name, err, err, want)
		return
	}
	if !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
		t.Errorf("%s: error %q, want one line containing %q", name, err, want)
	}
}

// TestUTF8BOMPlanIsRead: a leading UTF-8 byte order mark (PowerShell 5.1
// Out-File -Encoding utf8) is skipped and the plan read as without it.
func TestUTF8BOMPlanIsRead(t *testing.T) {
	t.Parallel()
	want := mustParse(t, []byte(encodingPlan))
	if r := want.Resource(`aws_iam_access_key.ci["café😀"]`); r == nil || r.After["status"] != "Active" {
		t.Fatalf("the reference plan is not read as expected: %+v", want.Resources)
	}
	sameIndex(t, "BOM", mustParse(t, append([]byte("\xef\xbb\xbf"), encodingPlan...)), want)
	sameIndex(t, "BOM and whitespace", mustParse(t, append([]byte("\xef\xbb\xbf\r\n "), encodingPlan...)), want)
}

// TestLoadWindowsEncodedPlans reads Windows-encoded plan files by path (a
// small one read into memory, a large one mapped) and from stdin.
func TestLoadWindowsEncodedPlans(t *testing.T) {
	t.Parallel()
	large, err := os.ReadFile(filepath.Join(fixtures, "aws-12-large-generated", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(large) < mapThreshold {
		t.Fatalf("the large fixture is %d bytes: it would not be mapped", len(large))
	}
	dir := t.TempDir()
	for _, doc := range []struct {
		name string
		text []byte
	}{{"small", []byte(encodingPlan)}, {"large", large}} {
		want := mustParse(t, doc.text)
		for _, enc := range []struct {
			name string
			data []byte
		}{
			{"utf8 bom", append([]byte("\xef\xbb\xbf"), doc.text...)},
		} {
			name := doc.name + " " + enc.name
			path := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".json")
			if err := os.WriteFile(path, enc.data, 0o600); err != nil {
				t.Fatal(err)
			}
			p, err := Load(context.Background(), path, nil, Options{})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			sameIndex(t, name, p, want)
			p, err = Load(context.Background(), "-", bytes.NewReader(enc.data), Options{})
			if err != nil {
				t.Fatalf("%s on stdin: %v", name, err)
			}
			sameIndex(t, name+" on stdin", p, want)
		}
	}
}

// TestUTF8OffsetsCountTheBOM: the byte offset of invalid UTF-8 is the
// file's, byte order mark included.
func TestUTF8OffsetsCountTheBOM(t *testing.T) {
	t.Parallel()
	doc := "{\"format_version\":\"1.2\",\"x\":\"\xff\"}"
	for _, tc := range []struct{ name, data, want string }{
		{"no mark", doc, "plan input is not valid UTF-8 (at byte 29)"},
		{"mark", "\xef\xbb\xbf" + doc, "plan input is not valid UTF-8 (at byte 32)"},
		{"only a mark", "\xef\xbb\xbf", "plan input is empty"},
		{"mark and whitespace", "\xef\xbb\xbf \n", "plan input is empty"},
		{"mark before a non-object", "\xef\xbb\xbf[1]", "not a Terraform plan"},
	} {
		_, err := Parse([]byte(tc.data), Options{})
		wantInputError(t, tc.name, err, tc.want)
	}
}
