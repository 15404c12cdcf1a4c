package plan

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"
)

// encodingPlan holds text that needs every UTF-8 length once decoded from
// UTF-16: ASCII, 2 bytes (é), 3 bytes (U+2028, €) and a surrogate pair (😀).
const encodingPlan = `{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{"root_module":{}},
 "resource_changes":[{"address":"aws_iam_access_key.ci[\"café😀\"]","mode":"managed","type":"aws_iam_access_key","name":"ci","index":"café😀","provider_name":"registry.terraform.io/hashicorp/aws",
  "change":{"actions":["create"],"before":null,"after":{"user":"ci","status":"Active","tags":{"owner":"équipe € ` + "\u2028" + ` 😀"}},"after_unknown":{"id":true,"secret":true},"before_sensitive":false,"after_sensitive":{"secret":true}}}],
 "configuration":{"root_module":{}}}`

// withUTF16 encodes s as UTF-16 with its byte order mark, as Windows
// PowerShell 5.1 writes `terraform show -json tfplan > plan.json`.
func withUTF16(s string, order binary.ByteOrder) []byte {
	var b bytes.Buffer
	if order == binary.BigEndian {
		b.Write(utf16BEBOM)
	} else {
		b.Write(utf16LEBOM)
	}
	_ = binary.Write(&b, order, utf16.Encode([]rune(s)))
	return b.Bytes()
}

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
			{"utf16 le", withUTF16(string(doc.text), binary.LittleEndian)},
			{"utf16 be", withUTF16(string(doc.text), binary.BigEndian)},
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

// TestUTF16PlanIsRead: UTF-16 LE and BE with a byte order mark (Windows
// PowerShell 5.1 `>`) are decoded and read as the UTF-8 plan.
func TestUTF16PlanIsRead(t *testing.T) {
	t.Parallel()
	want := mustParse(t, []byte(encodingPlan))
	sameIndex(t, "UTF-16 LE", mustParse(t, withUTF16(encodingPlan, binary.LittleEndian)), want)
	sameIndex(t, "UTF-16 BE", mustParse(t, withUTF16(encodingPlan, binary.BigEndian)), want)
	// Without the byte order mark (Out-File -Encoding unicode does write
	// one; other tools and conversions may not).
	sameIndex(t, "UTF-16 LE without a mark", mustParse(t, withUTF16(encodingPlan, binary.LittleEndian)[2:]), want)
	sameIndex(t, "UTF-16 BE without a mark", mustParse(t, withUTF16(encodingPlan, binary.BigEndian)[2:]), want)
	sameIndex(t, "UTF-16 LE, leading newline", mustParse(t, withUTF16("\n"+encodingPlan, binary.LittleEndian)[2:]), want)
}

// TestDecodeUTF16 compares decodeUTF16 with unicode/utf16 on random text
// and checks that the output is allocated at its exact size: half the
// input for ASCII, never the 1.5 times a worst-case estimate would take.
func TestDecodeUTF16(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewSource(1))
	pick := []rune{'a', '{', '"', 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0x2028, 0xd7ff, 0xe000, 0xfeff, 0xffff, 0x10000, 0x1f600, 0x10ffff}
	for i := 0; i < 200; i++ {
		rs := make([]rune, rng.Intn(40))
		for j := range rs {
			rs[j] = pick[rng.Intn(len(pick))]
		}
		for _, order := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
			got, err := decodeUTF16(withUTF16(string(rs), order))
			if err != nil {
				t.Fatalf("%q (%v): %v", string(rs), order, err)
			}
			if string(got) != string(rs) {
				t.Fatalf("%v: decoded %q, want %q", order, got, string(rs))
			}
			if cap(got) != len(got) {
				t.Fatalf("%q: output has capacity %d for %d bytes", string(rs), cap(got), len(got))
			}
		}
	}
	ascii := withUTF16(strings.Repeat(`{"a":1}`, 1000), binary.LittleEndian)
	got, err := decodeUTF16(ascii)
	if err != nil {
		t.Fatal(err)
	}
	if cap(got) != (len(ascii)-2)/2 {
		t.Errorf("ASCII: %d bytes of UTF-16 decoded into a buffer of %d, want %d", len(ascii), cap(got), (len(ascii)-2)/2)
	}
}

// TestBadUTF16Input: UTF-16 that cannot be decoded is refused with one
// line naming UTF-16 (and the file's byte offset); UTF-16 that decodes
// but is no plan is refused for what is wrong with the text.
func TestBadUTF16Input(t *testing.T) {
	t.Parallel()
	le := func(units ...uint16) []byte {
		b := append([]byte(nil), utf16LEBOM...)
		for _, u := range units {
			b = binary.LittleEndian.AppendUint16(b, u)
		}
		return b
	}
	be := func(units ...uint16) []byte {
		b := append([]byte(nil), utf16BEBOM...)
		for _, u := range units {
			b = binary.BigEndian.AppendUint16(b, u)
		}
		return b
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"odd length", withUTF16(encodingPlan, binary.LittleEndian)[:101], "plan input looks like UTF-16 (a byte order mark, or zero bytes between its first characters) but has an odd number of bytes"},
		{"odd length, BE", withUTF16(encodingPlan, binary.BigEndian)[:3], "odd number of bytes"},
		{"lone high surrogate at the end", le('{', 0xd83d), "plan input is UTF-16 but not valid: an unpaired surrogate at byte 4"},
		{"high surrogate before a letter", be('{', '"', 0xd83d, 'x'), "an unpaired surrogate at byte 6"},
		{"lone low surrogate", le('{', 0xde00, 0xd83d), "an unpaired surrogate at byte 4"},
		{"two high surrogates", le(0xd83d, 0xd83d, 0xde00), "an unpaired surrogate at byte 2"},
		{"truncated document", []byte("\xff\xfe{\x00\"\x00"), "plan input is truncated"},
		{"only the mark", []byte("\xff\xfe"), "plan input is empty"},
		{"text, not JSON", withUTF16("Terraform will perform the following actions:", binary.LittleEndian), "plan input is not JSON"},
		{"duplicate key", withUTF16(`{"format_version":"1.2","resource_changes":[],"resource_changes":[]}`, binary.BigEndian),
			"duplicate object key at byte 65 (in the plan decoded from UTF-16 to UTF-8)"},
		{"odd length without a mark", withUTF16(encodingPlan, binary.LittleEndian)[2:101], "odd number of bytes"},
		{"UTF-16 twice", withUTF16(string(withUTF16(encodingPlan, binary.LittleEndian)), binary.LittleEndian), "plan input is not JSON"},
	} {
		_, err := Parse(tc.data, Options{})
		wantInputError(t, tc.name, err, tc.want)
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
