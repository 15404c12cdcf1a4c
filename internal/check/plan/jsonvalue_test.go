package plan

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// TestDecodeJSONMatchesEncodingJSON: what DecodeJSON accepts, it decodes
// as encoding/json with UseNumber does; what it declines is either
// invalid, or a duplicate key or trailing text.
func TestDecodeJSONMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, text := range []string{
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:Put*"],"Resource":"arn:aws:s3:::b/*","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":3600}}}]}`,
		`{"a":"\u00e9\ud83d\ude00\"\\\/\n","b":-1.5e-3,"c":[],"d":{},"e":null,"f":true,"g":[1,"x",{"h":false}]}`,
		`  {"padded": 1}  `,
		`[1,2]`, `"text"`, `12`, `null`,
	} {
		got, ok := DecodeJSON(text)
		if !ok {
			t.Errorf("declined %s", text)
			continue
		}
		dec := json.NewDecoder(bytes.NewReader([]byte(text)))
		dec.UseNumber()
		var want any
		if err := dec.Decode(&want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %#v, want %#v", text, got, want)
		}
	}
	for _, text := range []string{``, ` `, `{`, `{"a":1,"a":2}`, `{"a":1} x`, `{"a":1}{}`, `{'a':1}`, "{\"a\":\"\x01\"}", `{"a":01}`, "{\"a\":\"\xff\"}"} {
		if v, ok := DecodeJSON(text); ok {
			t.Errorf("accepted %q as %#v", text, v)
		}
	}
}
