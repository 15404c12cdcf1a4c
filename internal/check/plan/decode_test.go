package plan

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan/plangen"
)

// reflectiveDecode is the reference: terraform-json with encoding/json.
func reflectiveDecode(data []byte) (*tfjson.Plan, error) {
	var p tfjson.Plan
	p.UseJSONNumber(true)
	err := p.UnmarshalJSON(data)
	return &p, err
}

// fastDecodeAll decodes with the fast decoder and fills in the state
// values it left undecoded, for comparison with the reference.
func fastDecodeAll(t *testing.T, data []byte) (*tfjson.Plan, *decodeFailure) {
	t.Helper()
	p, lazy, strs, fail := decodePlan(data, nil, false, nil, nil)
	if fail != nil {
		return nil, fail
	}
	for sr, sp := range lazy {
		m, f := stateValuesOf(data, sp, strs)
		if f != nil {
			t.Fatalf("%s: values decode after a successful pass: %+v", sr.Address, f)
		}
		sr.AttributeValues = m
	}
	return p, nil
}

// diff names the first place two values differ (reflect.DeepEqual
// semantics, cycles followed once).
func diff(path string, a, b reflect.Value) string {
	return differ(path, a, b, map[[2]uintptr]bool{})
}

func differ(path string, a, b reflect.Value, seen map[[2]uintptr]bool) string {
	diff := func(path string, a, b reflect.Value) string { return differ(path, a, b, seen) }
	if a.IsValid() && b.IsValid() && a.Kind() == b.Kind() && (a.Kind() == reflect.Pointer || a.Kind() == reflect.Map) && !a.IsNil() && !b.IsNil() {
		k := [2]uintptr{a.Pointer(), b.Pointer()}
		if seen[k] {
			return ""
		}
		seen[k] = true
	}
	if a.IsValid() != b.IsValid() {
		return path + ": one side invalid"
	}
	if !a.IsValid() {
		return ""
	}
	if a.Type() != b.Type() {
		return fmt.Sprintf("%s: type %s vs %s", path, a.Type(), b.Type())
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() != b.IsNil() {
			return fmt.Sprintf("%s: nil %v vs %v", path, a.IsNil(), b.IsNil())
		}
		if a.IsNil() {
			return ""
		}
		return diff(path, a.Elem(), b.Elem())
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if d := diff(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Slice:
		if a.IsNil() != b.IsNil() {
			return fmt.Sprintf("%s: nil slice %v vs %v", path, a.IsNil(), b.IsNil())
		}
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: len %d vs %d", path, a.Len(), b.Len())
		}
		for i := 0; i < a.Len(); i++ {
			if d := diff(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Map:
		if a.IsNil() != b.IsNil() {
			return fmt.Sprintf("%s: nil map %v vs %v", path, a.IsNil(), b.IsNil())
		}
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: len %d vs %d", path, a.Len(), b.Len())
		}
		for _, k := range a.MapKeys() {
			if d := diff(fmt.Sprintf("%s[%v]", path, k), a.MapIndex(k), b.MapIndex(k)); d != "" {
				return d
			}
		}
		return ""
	}
	if a.CanInterface() && b.CanInterface() && !reflect.DeepEqual(a.Interface(), b.Interface()) {
		return fmt.Sprintf("%s: %#v vs %#v", path, a.Interface(), b.Interface())
	}
	return ""
}

func samePlan(t *testing.T, name string, fast, ref *tfjson.Plan) {
	t.Helper()
	if !reflect.DeepEqual(fast, ref) {
		t.Errorf("%s: fast decode differs from terraform-json: %s", name, diff("plan", reflect.ValueOf(fast), reflect.ValueOf(ref)))
	}
}

// TestFastDecoderMatchesTerraformJSON decodes every fixture and generated
// plans both ways and wants identical models.
func TestFastDecoderMatchesTerraformJSON(t *testing.T) {
	t.Parallel()
	paths, _ := filepath.Glob(filepath.Join(fixtures, "*", "plan.json"))
	inputs := map[string][]byte{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		inputs[filepath.Base(filepath.Dir(p))] = data
	}
	gen, _ := plangen.Generate(plangen.Options{Instances: 600})
	inputs["plangen-600"] = gen
	for name, data := range inputs {
		ref, err := reflectiveDecode(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		fast, fail := fastDecodeAll(t, data)
		if fail != nil {
			t.Errorf("%s: the fast decoder declined: %s at byte %d", name, fail.msg, fail.off)
			continue
		}
		samePlan(t, name, fast, ref)
	}
}

// TestFastIndexMatchesReflective compares what index builds from either
// decoder (the fast one leaves most state values undecoded).
func TestFastIndexMatchesReflective(t *testing.T) {
	t.Parallel()
	paths, _ := filepath.Glob(filepath.Join(fixtures, "*", "plan.json"))
	secret := func(typ, attr string) bool { return attr == "secret" || attr == "private_key" }
	gen, _ := plangen.Generate(plangen.Options{Instances: 400})
	inputs := map[string][]byte{"plangen-400": gen}
	for _, p := range paths {
		data, _ := os.ReadFile(p)
		inputs[filepath.Base(filepath.Dir(p))] = data
	}
	for name, doc := range edgeCases {
		inputs["edge: "+name] = []byte(doc)
	}
	// Values merged in place while decoding: a no-op whose two sides are
	// the same text but whose markers differ must not share one merge.
	inputs["shared trees, different markers"] = []byte(edgePlan(`{"address":"x_key.a","mode":"managed","type":"x_key","name":"a","change":{"actions":["no-op"],
		"before":{"secret":"s","tags":{"owner":"o"},"list":[1,2],"n":null},"after":{"secret":"s","tags":{"owner":"o"},"list":[1,2],"n":null},
		"after_unknown":{"n":true,"list":[false,true]},"before_sensitive":{"secret":true},"after_sensitive":{"tags":{"owner":true}}}},
		{"address":"x_key.b","mode":"managed","type":"x_key","name":"b","change":{"actions":["update"],
		"before":{"secret":"s","m":{"k":"v"}},"after":{"secret":"s","m":{"k":"v"}},"after_unknown":{},"before_sensitive":{"m":{"k":true}},"after_sensitive":{"m":{"k":true}}}},
		{"address":"x_key.c","mode":"managed","type":"x_key","name":"c","change":{"actions":["delete","create"],
		"before":{"secret":"s"},"after":{"secret":"s"},"after_unknown":{"id":true},"before_sensitive":{},"after_sensitive":{}}}`, `{}`, ""))
	for name, data := range inputs {
		fast, err := Parse(data, Options{IsSecret: secret})
		ref, rerr := parseReflective(data, Options{IsSecret: secret})
		if strings.HasPrefix(name, "edge: ") && (err != nil || rerr != nil) {
			if (err == nil) != (rerr == nil) {
				t.Errorf("%s: fast %v, reflective %v", name, err, rerr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if rerr != nil {
			t.Fatalf("%s: %v", name, rerr)
		}
		if d := indexDiff(fast, ref); d != "" {
			t.Errorf("%s: %s", name, d)
		}
	}
}

// indexDiff says how two indexed plans differ in what the checker reads,
// "" when they do not.
func indexDiff(fast, ref *Plan) string {
	for _, c := range []struct {
		what string
		a, b any
	}{
		{"Resources", fast.Resources, ref.Resources},
		{"Outputs", fast.Outputs, ref.Outputs},
		{"Drift", fast.Drift, ref.Drift},
		{"RootInst", fast.RootInst, ref.RootInst},
		{"versions", []string{fast.FormatVersion, fast.TerraformVersion, fast.Timestamp}, []string{ref.FormatVersion, ref.TerraformVersion, ref.Timestamp}},
	} {
		if !reflect.DeepEqual(c.a, c.b) {
			return c.what + " differ: " + diff(c.what, reflect.ValueOf(c.a), reflect.ValueOf(c.b))
		}
	}
	return ""
}

// edgePlan wraps fragments into a plan with every section.
func edgePlan(changes, config, extra string) string {
	return `{"format_version":"1.2","terraform_version":"1.11.4"` + extra +
		`,"resource_changes":[` + changes + `],"configuration":` + config + `}`
}

var edgeCases = map[string]string{
	"escapes": edgePlan(`{"address":"x_a.b[\"k\\\"q\"]","mode":"managed","type":"x_a","name":"b","index":"k\"q","change":{"actions":["create"],"before":null,
		"after":{"s":"caf\u00e9 \ud83d\ude00 \ud800 \udc00x \u0041\/\b\f\n\r\t\\","e":"","n":-0,"f":1.5E-3,"g":12e+2,"big":123456789012345678901234567890,"u":"\u2028"},
		"after_unknown":{"id":true},"before_sensitive":false,"after_sensitive":{}}}`, `{"root_module":{}}`, ""),
	"nulls everywhere": edgePlan(`null,{"address":null,"mode":null,"type":"t","name":"n","index":null,"provider_name":null,"deposed":null,"change":null,"action_reason":null},
		{"address":"t.m","change":{"actions":null,"before":null,"after":null,"after_unknown":null,"before_sensitive":null,"after_sensitive":null,"importing":null,"generated_config":null,"replace_paths":null}}`,
		`{"provider_config":null,"root_module":{"outputs":null,"resources":null,"module_calls":null,"variables":null}}`,
		`,"variables":null,"planned_values":null,"resource_drift":null,"output_changes":null,"prior_state":null,"relevant_attributes":null,"checks":null,"complete":null,"deferred_changes":null`),
	"empty containers": edgePlan(`{"address":"t.e","change":{"actions":[],"before":{},"after":{},"after_unknown":{},"before_sensitive":{},"after_sensitive":{},"replace_paths":[]}}`,
		`{"provider_config":{},"root_module":{"outputs":{},"resources":[],"module_calls":{},"variables":{}}}`,
		`,"variables":{},"planned_values":{"outputs":{},"root_module":{"resources":[],"child_modules":[]}},"resource_drift":[],"output_changes":{},"relevant_attributes":[],"checks":[],"deferred_changes":[]`),
	"expressions": edgePlan(``, `{"provider_config":{"aws":{"name":"aws","full_name":"registry.terraform.io/hashicorp/aws","alias":"x","module_address":"module.m","version_constraint":"~> 5.0",
		"expressions":{"default_tags":[{"tags":{"constant_value":{"owner":"t","n":7,"f":0.5,"l":[1,2.5e3,null,true]}}}],"empty":[],"nullblock":[null],"e":null,"r":{"references":["var.x","each.key"],"constant_value":3}}}},
		"root_module":{"resources":[{"address":"a.b","mode":"managed","type":"a","name":"b","provider_config_key":"aws","schema_version":3,
		"provisioners":[{"type":"local-exec","expressions":{"command":{"constant_value":"echo"}}}],
		"expressions":{"blk":[{"inner":[{"deep":{"references":["a.c.id","a.c"]}}],"x":{"constant_value":1}},{}],"c":{"constant_value":{"k":[1,{"z":2}]}},"rs":{"references":[]}},
		"count_expression":{"references":["var.n"]},"for_each_expression":null,"depends_on":["a.c"]}],
		"module_calls":{"m":{"source":"./m","version_constraint":"","depends_on":[],"expressions":{"v":{"references":["each.key"]}},"count_expression":{"constant_value":2},"for_each_expression":null,
		"module":{"outputs":{"o":{"sensitive":true,"description":"d","depends_on":["x"],"expression":{"references":["a.b.id","a.b"]}}},"variables":{"v":{"default":{"n":1.25},"description":"v","sensitive":true},"w":{}}}}}}}`, ""),
	"state sections": `{"format_version":"1.2","terraform_version":"1.11.4",
		"planned_values":{"outputs":{"o":{"sensitive":false,"value":{"n":1},"type":["object",{"n":"number"}]},"s":{"sensitive":true,"type":"string"}},
		"root_module":{"resources":[{"address":"a.b[0]","mode":"managed","type":"a","name":"b","index":0,"provider_name":"p","schema_version":2,"values":{"n":10,"x":[1.5,{"y":null}]},"sensitive_values":{"x":[false,{}]},
		"depends_on":["a.c"],"tainted":true,"deposed_key":"","identity_schema_version":1,"identity":{"id":"i","n":3}},{"address":"data.a.c","mode":"data","values":null,"sensitive_values":null}],
		"child_modules":[{"address":"module.m","resources":[{"address":"module.m.data.a.d","mode":"data","type":"a","name":"d","values":{"k":"v"}}]}]}},
		"prior_state":{"format_version":"1.0","terraform_version":"1.11.4","values":{"outputs":{"o":{"sensitive":false,"value":7,"type":"number"}},
		"root_module":{"resources":[{"address":"data.a.d","mode":"data","type":"a","name":"d","values":{"n":42,"f":0.25},"sensitive_values":{}}]}},
		"checks":[{"address":{"kind":"resource","to_display":"a.b","mode":"managed","type":"a","name":"b"},"status":"pass","instances":[{"address":{"to_display":"a.b[0]","instance_key":0},"status":"pass"}]}]},
		"checks":[{"address":{"kind":"check","to_display":"check.c","name":"c"},"status":"fail","instances":[{"address":{"to_display":"check.c","instance_key":"k"},"status":"fail","problems":[{"message":"m"}]}]}],
		"relevant_attributes":[{"resource":"a.b[0]","attribute":["x",0,"y"]},{"resource":"a.c","attribute":null}],
		"output_changes":{"o":{"actions":["update"],"before":1,"after":{"n":1},"after_unknown":false,"before_sensitive":false,"after_sensitive":false}},
		"variables":{"v":{"value":[1,"a"]},"w":null},
		"resource_drift":[{"address":"a.b[0]","mode":"managed","type":"a","name":"b","index":0,"change":{"actions":["update"],"before":{"n":1},"after":{"n":2},"after_unknown":{},"before_sensitive":{},"after_sensitive":{}}}],
		"deferred_changes":[{"reason":"provider_config_unknown","resource_change":{"address":"a.z","change":{"actions":["create"],"after":{"q":1}}}},null],
		"resource_changes":[{"address":"a.b[0]","previous_address":"a.old","module_address":"","mode":"managed","type":"a","name":"b","index":0,"provider_name":"p","action_reason":"replace_by_request",
		"change":{"actions":["delete","create"],"before":{"n":1},"after":{"n":1},"after_unknown":{"id":true},"before_sensitive":{"n":true},"after_sensitive":{"n":true},
		"importing":{"id":"x","unknown":true,"identity":{"a":1}},"generated_config":"resource \"a\" \"b\" {}","replace_paths":[["n"],[0]],"before_identity":{"id":1},"after_identity":null}}],
		"action_invocations":[{"address":"action.a.b","type":"a","name":"b","config_values":{"n":1},"provider_name":"p"}],
		"complete":false,"timestamp":"2026-11-23T10:00:00Z","applyable":true,"errored":false,"unknown_future_key":{"a":[1,2,{"b":null}]}}`,
	// The decoder drops prior_state's managed resources by address, as index
	// reads them: a data source whose mode is missing is kept, and an
	// address that does not parse is refused (found by fuzzing).
	"prior data source without mode":    edgePlan(``, `{}`, `,"prior_state":{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"data.a.d","values":{"k":"v"}}]}}}`),
	"prior address that does not parse": edgePlan(``, `{}`, `,"prior_state":{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"a b c","mode":"managed","type":"a","name":"b","values":{}}]}}}`),
	"no-op shares before and after": edgePlan(`{"address":"t.s","mode":"managed","type":"t","name":"s","change":{"actions":["no-op"],"before":{"a":[1,2],"m":{"k":"v"}},"after":{"a":[1,2],"m":{"k":"v"}},"after_unknown":{},"before_sensitive":{"m":{}},"after_sensitive":{"m":{}}}},
		{"address":"t.n","mode":"managed","type":"t","name":"n","change":{"actions":["update"],"before":12,"after":123}}`, `{}`, ""),
}

func TestFastDecoderEdgeCases(t *testing.T) {
	t.Parallel()
	for name, doc := range edgeCases {
		data := []byte(doc)
		ref, err := reflectiveDecode(data)
		if err != nil {
			t.Fatalf("%s: reference decoder: %v", name, err)
		}
		fast, fail := fastDecodeAll(t, data)
		if fail != nil {
			t.Errorf("%s: the fast decoder declined: %s at byte %d", name, fail.msg, fail.off)
			continue
		}
		samePlan(t, name, fast, ref)
	}
}

// TestFastDecoderDeclines covers input that only the reflective decoder
// reads the reference way: the fast decoder must give up, not guess.
func TestFastDecoderDeclines(t *testing.T) {
	t.Parallel()
	for name, doc := range map[string]string{
		"key differs in case":   `{"format_version":"1.2","Resource_Changes":[]}`,
		"field of a wrong type": `{"format_version":"1.2","resource_changes":{}}`,
		"number for a string":   `{"format_version":"1.2","timestamp":5}`,
		"fractional schema":     `{"format_version":"1.2","configuration":{"root_module":{"resources":[{"schema_version":1.5}]}}}`,
		"bad expression":        `{"format_version":"1.2","configuration":{"root_module":{"resources":[{"expressions":{"a":"x"}}]}}}`,
		"block of numbers":      `{"format_version":"1.2","configuration":{"root_module":{"resources":[{"expressions":{"a":[1]}}]}}}`,
		"huge float in config":  `{"format_version":"1.2","configuration":{"root_module":{"variables":{"v":{"default":1e999}}}}}`,
		"invalid escape":        `{"format_version":"1.2","timestamp":"\x"}`,
		"control character":     "{\"format_version\":\"1.2\",\"timestamp\":\"a\tb\"}",
		"truncated":             `{"format_version":"1.2","resource_changes":[{"address":"a`,
		"trailing comma":        `{"format_version":"1.2","resource_changes":[],}`,
		"bad prior_state":       `{"format_version":"1.2","prior_state":{"format_version":"9.0"}}`,
		"non-ASCII key":         `{"format_version":"1.2","ſtuff":1}`,
	} {
		if _, _, _, fail := decodePlan([]byte(doc), nil, false, nil, nil); fail == nil || fail.policy {
			t.Errorf("%s: fast decoder result %+v, want it to decline", name, fail)
		}
	}
}

func TestDuplicateKeysAndTrailingData(t *testing.T) {
	t.Parallel()
	for name, doc := range map[string]string{
		"top-level key":      `{"format_version":"1.2","resource_changes":[],"resource_changes":[]}`,
		"format_version":     `{"format_version":"1.2","format_version":"1.2","resource_changes":[]}`,
		"value key":          `{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"actions":["create"],"after":{"owner":"a","owner":"b"}}}]}`,
		"sensitivity key":    `{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"actions":["create"],"after":{"s":"x"},"after_sensitive":{"s":true,"s":false}}}]}`,
		"resource field":     `{"format_version":"1.2","resource_changes":[{"address":"a.b","address":"a.c","change":{"actions":["create"],"after":{}}}]}`,
		"expression":         `{"format_version":"1.2","configuration":{"root_module":{"resources":[{"address":"a.b","expressions":{"tags":{"constant_value":1},"tags":{"references":["x"]}}}]}}}`,
		"state values":       `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"data.a.b","mode":"data","type":"a","name":"b","values":{"k":1,"k":2}}]}}}`,
		"data after the end": `{"format_version":"1.2","resource_changes":[]} "more"`,
		"a second document":  `{"format_version":"1.2","resource_changes":[]} {"format_version":"1.2"}`,
		// Values that resource_changes also holds are skipped, not decoded.
		"skipped planned value": `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"a.b","mode":"managed","type":"a","name":"b","values":{"k":1,"k":2}}]}},"resource_changes":[{"address":"a.b","mode":"managed","type":"a","name":"b","change":{"actions":["create"],"after":{"k":1}}}]}`,
		"skipped prior state":   `{"format_version":"1.2","prior_state":{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"a.b","mode":"managed","type":"a","name":"b","values":{"k":{"x":1,"x":1}}}]}}},"resource_changes":[{"address":"a.b","mode":"managed","type":"a","name":"b","change":{"actions":["create"],"after":{"k":1}}}]}`,
		"skipped escaped key":   `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"a.b","mode":"managed","type":"a","name":"b","values":{"k":1,"\u006b":2}}]}},"resource_changes":[{"address":"a.b","mode":"managed","type":"a","name":"b","change":{"actions":["create"],"after":{"k":1}}}]}`,
		"skipped large object":  `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"a.b","mode":"managed","type":"a","name":"b","values":{` + manyKeys(100) + `,"k7":0}}]}},"resource_changes":[{"address":"a.b","mode":"managed","type":"a","name":"b","change":{"actions":["create"],"after":{"k":1}}}]}`,
	} {
		_, err := Parse([]byte(doc), Options{})
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if !strings.Contains(err.Error(), "duplicate object key") && !strings.Contains(err.Error(), "data after the JSON document") && !strings.Contains(err.Error(), "a second JSON document") {
			t.Errorf("%s: %v", name, err)
		}
		if _, ok := err.(*InputError); !ok || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %T %q is not a one-line InputError", name, err, err)
		}
	}
}

// manyKeys is the members of an object with n distinct keys.
func manyKeys(n int) string {
	ms := make([]string, n)
	for i := range ms {
		ms[i] = `"k` + strconv.Itoa(i) + `":{"a":1,"b":[{"a":1}]}`
	}
	return strings.Join(ms, ",")
}

// TestSkippedObjectsWithDistinctKeys: the duplicate check of skipped
// values does not refuse keys that only look alike: nested objects with
// the same keys, prefixes, escapes of different keys, many keys.
func TestSkippedObjectsWithDistinctKeys(t *testing.T) {
	t.Parallel()
	values := `{"k":{"k":{"k":1}},"kk":[{"k":1},{"k":2}],"\u006bz":1,"k\n":2,` + manyKeys(70) + `}`
	doc := `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"a.b","mode":"managed","type":"a","name":"b","values":` + values + `}]}},"resource_changes":[{"address":"a.b","mode":"managed","type":"a","name":"b","change":{"actions":["create"],"after":{"k":1}}}]}`
	if _, err := Parse([]byte(doc), Options{}); err != nil {
		t.Fatal(err)
	}
}

// FuzzFastDecoder checks that whatever the fast decoder accepts, the
// reference decoder accepts too, with the same result.
func FuzzFastDecoder(f *testing.F) {
	for _, doc := range edgeCases {
		f.Add([]byte(doc))
	}
	for _, name := range []string{"aws-02-unowned-ci-user-admin", "aws-10-update-policy-widened", "aws-06-module-service-users"} {
		if data, err := os.ReadFile(filepath.Join(fixtures, name, "plan.json")); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fast, lazy, strs, fail := decodePlan(data, nil, false, nil, nil)
		if fail != nil {
			return
		}
		for sr, sp := range lazy {
			m, f := stateValuesOf(data, sp, strs)
			if f != nil {
				if f.policy {
					return // a duplicate inside values that were skipped
				}
				t.Fatalf("values of %s: %+v", sr.Address, f)
			}
			sr.AttributeValues = m
		}
		ref, err := reflectiveDecode(data)
		if err != nil {
			if strings.Contains(err.Error(), "format version") || strings.Contains(err.Error(), "version constraint") {
				return // Validate: checked after decoding, on both paths
			}
			t.Fatalf("fast decoder accepted what terraform-json rejects: %v", err)
		}
		if !reflect.DeepEqual(fast, ref) {
			t.Fatalf("differ: %s", diff("plan", reflect.ValueOf(fast), reflect.ValueOf(ref)))
		}
	})
}

// TestPlanDoesNotKeepInput: the decoder copies what it keeps, so the
// input can be freed (or reused) once loading returns.
func TestPlanDoesNotKeepInput(t *testing.T) {
	t.Parallel()
	gen, _ := plangen.Generate(plangen.Options{Instances: 300})
	fixture, err := os.ReadFile(filepath.Join(fixtures, "aws-10-update-policy-widened", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"plangen": gen, "aws-10": fixture, "edge": []byte(edgeCases["state sections"])} {
		want, err := Parse(data, Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		input := append([]byte(nil), data...)
		got, err := Parse(input, Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i := range input {
			input[i] = 'X'
		}
		if !reflect.DeepEqual(got.Resources, want.Resources) || !reflect.DeepEqual(got.Raw, want.Raw) {
			t.Errorf("%s: the plan changed with its input: %s", name, diff("plan", reflect.ValueOf(got.Raw), reflect.ValueOf(want.Raw)))
		}
	}
}

// TestInvalidUTF8InStrings: the fast decoder checks UTF-8 where it can
// occur (in strings, decoded or skipped); the message is the reflective
// path's, naming the first bad byte.
func TestInvalidUTF8InStrings(t *testing.T) {
	t.Parallel()
	for name, doc := range map[string]string{
		"key":              `{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"actions":["create"],"after":{"k\xff":1}}}]}`,
		"value":            `{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"actions":["create"],"after":{"k":"v\xc3"}}}]}`,
		"escaped value":    `{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"actions":["create"],"after":{"k":"\n\xed\xa0\x80"}}}]}`,
		"skipped value":    `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"a.b","values":{"k":"\xf8\x88\x80\x80"}}]}},"resource_changes":[]}`,
		"unknown key":      `{"format_version":"1.2","x":"\xff\xfe","resource_changes":[]}`,
		"field":            `{"format_version":"1.2","timestamp":"2026\xc0\xaf","resource_changes":[]}`,
		"after a good one": `{"format_version":"1.2","timestamp":"é€😀","resource_changes":[{"address":"a.b","change":{"actions":["create"],"after":{"k":"ok \xe2\x82"}}}]}`,
	} {
		// \xHH in the cases stands for the raw byte (JSON escapes stay).
		data := regexp.MustCompile(`\\x[0-9a-f]{2}`).ReplaceAllFunc([]byte(doc), func(m []byte) []byte {
			b, _ := strconv.ParseUint(string(m[2:]), 16, 8)
			return []byte{byte(b)}
		})
		_, err := Parse(data, Options{})
		want := fmt.Sprintf("plan input is not valid UTF-8 (at byte %d)", invalidUTF8At(data))
		if err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %q", name, err, want)
		}
	}
}

// The chunked list of merged values gives back each entry at its position,
// across chunk boundaries, and nothing past its end.
func TestMergedListPositions(t *testing.T) {
	t.Parallel()
	var l mergedList
	const n = 3*mergedChunk + 7
	for i := 0; i < n; i++ {
		l.next().addr = Address{Name: strconv.Itoa(i)}
	}
	for _, i := range []int{0, 1, mergedChunk - 1, mergedChunk, 2*mergedChunk + 1, n - 1} {
		if m := l.at(i); m == nil || m.addr.Name != strconv.Itoa(i) {
			t.Errorf("at(%d) = %+v", i, m)
		}
	}
	if l.at(n) != nil || l.at(-1) != nil {
		t.Error("an entry past the end")
	}
}
