package awsiam

import (
	"reflect"
	"strings"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
)

// TestJSONDecoderGivesTheSameDocuments parses every managed policy and a
// few malformed texts with and without the checker's JSON decoder: the
// results and errors must not differ. Not parallel: it sets the hook,
// which the parallel tests (run after it) do not see changing.
func TestJSONDecoderGivesTheSameDocuments(t *testing.T) {
	texts := []string{
		`{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`,
		`{"Statement":{"Effect":"Allow","Action":["s3:*"],"Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":10}}}}`,
		`{"Statement":[]} trailing`, `{"Statement":[{"Effect":"Allow",}]}`, `[1,2]`, `"text"`, ``, `{"a":1,"a":2}`,
		"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:Get\\ud800\",\"Resource\":\"*\"}]}",
	}
	for _, line := range managedTable().lines {
		name, _, _ := strings.Cut(line, "\t")
		p, ok := LookupManagedPolicy(name)
		if !ok {
			t.Fatalf("%s not found", name)
		}
		texts = append(texts, p.Document)
	}
	parseAll := func() (docs []*Document, errs []string) {
		for _, s := range texts {
			d, err := ParseDocument(s)
			docs = append(docs, d)
			msg := ""
			if err != nil {
				msg = err.Error()
			}
			errs = append(errs, msg)
		}
		return docs, errs
	}
	prev := decodeJSON
	defer func() { decodeJSON = prev }()
	decodeJSON = nil
	wantDocs, wantErrs := parseAll()
	calls := 0
	UseJSONDecoder(func(s string) (any, bool) { calls++; return plan.DecodeJSON(s) })
	gotDocs, gotErrs := parseAll()
	if calls != len(texts) {
		t.Fatalf("the decoder was called %d times for %d texts", calls, len(texts))
	}
	for i := range texts {
		if !reflect.DeepEqual(gotDocs[i], wantDocs[i]) || gotErrs[i] != wantErrs[i] {
			t.Errorf("%.80s: with the decoder %v %q, without %v %q", texts[i], gotDocs[i] != nil, gotErrs[i], wantDocs[i] != nil, wantErrs[i])
		}
	}
}
