package plan

import (
	"encoding/binary"
	"strings"
	"testing"
)

const erroredMsg = "the plan errored: Terraform could not finish it, so it does not show everything the apply would do; fix the errors and plan again"

// completePlan decodes with the fast decoder and has a finding-worthy
// resource: an errored plan built from it would be checked if the flag
// were ignored.
const completePlan = `{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{"root_module":{}},
 "resource_changes":[{"address":"aws_iam_access_key.ci","mode":"managed","type":"aws_iam_access_key","name":"ci","provider_name":"registry.terraform.io/hashicorp/aws",
  "change":{"actions":["create"],"before":null,"after":{"user":"ci","status":"Active"},"after_unknown":{"id":true,"secret":true},"before_sensitive":false,"after_sensitive":{"secret":true}}}],
 "configuration":{"root_module":{}},"timestamp":"2026-11-23T10:00:00Z","applyable":false,"complete":false%s}`

func withTop(extra string) string { return strings.Replace(completePlan, "%s", extra, 1) }

// TestErroredPlanIsRefused: a plan with "errored": true is refused with
// one line saying so, whichever decoder reads it and whatever else is
// wrong with it (Terraform's errored plans have an empty prior_state,
// which terraform-json rejects as a state without format version).
func TestErroredPlanIsRefused(t *testing.T) {
	t.Parallel()
	// Terraform 1.5+ `terraform show -json` of an errored plan.
	terraformErrored := `{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{"root_module":{}},"prior_state":{},
	 "configuration":{"root_module":{"resources":[{"address":"aws_iam_user.u","mode":"managed","type":"aws_iam_user","name":"u","provider_config_key":"aws","expressions":{"name":{"references":["local.n"]}}}]}},
	 "timestamp":"2026-11-23T10:00:00Z","applyable":false,"complete":false,"errored":true}`
	for name, doc := range map[string]string{
		"as Terraform writes it (empty prior_state)": terraformErrored,
		"otherwise complete":                         withTop(`,"errored":true`),
		"errored first":                              `{"errored":true,` + withTop("")[1:],
		"escaped key":                                withTop(`,"errore\u0064":true`),
		"false, then true":                           withTop(`,"errored":false,"errored":true`),
		"no format_version":                          `{"planned_values":{"root_module":{}},"errored":true}`,
		"no plan sections":                           `{"format_version":"1.2","errored":true}`,
		"case-mismatched field too":                  withTop(`,"Resource_Changes":[],"errored":true`),
		"with a UTF-8 byte order mark":               "\xef\xbb\xbf" + terraformErrored,
		"UTF-16":                                     string(withUTF16(terraformErrored, binary.LittleEndian)),
	} {
		p, err := Parse([]byte(doc), Options{})
		if err == nil {
			t.Errorf("%s: an errored plan was read (%d resources)", name, len(p.Resources))
			continue
		}
		wantInputError(t, name, err, erroredMsg)
		if err.Error() != erroredMsg {
			t.Errorf("%s: %q, want exactly %q", name, err, erroredMsg)
		}
	}
}

// TestBothDecodersRefuseErroredPlans: the fast decoder refuses an errored
// plan itself (it must not fall back, nor index it), and the reflective
// decoder, which Parse uses for what the fast one declines, refuses it on
// its own.
func TestBothDecodersRefuseErroredPlans(t *testing.T) {
	t.Parallel()
	doc := []byte(withTop(`,"errored":true`))
	_, _, _, fail := decodePlan(doc, nil, true, nil, nil)
	if fail == nil || fail.refusal == nil || fail.refusal.Error() != erroredMsg {
		t.Errorf("fast decoder: %+v, want the errored refusal", fail)
	}
	if _, err := parseReflective(doc, Options{}); err == nil || err.Error() != erroredMsg {
		t.Errorf("reflective decoder: %v, want %q", err, erroredMsg)
	}
	// Without the flag, both read it.
	for _, extra := range []string{"", `,"errored":false`, `,"errored":null`} {
		doc := []byte(withTop(extra))
		if _, _, _, fail := decodePlan(doc, nil, true, nil, nil); fail != nil {
			t.Errorf("%q: fast decoder declined: %s", extra, fail.msg)
		}
		if _, err := parseReflective(doc, Options{}); err != nil {
			t.Errorf("%q: reflective decoder: %v", extra, err)
		}
	}
}

// TestNotErroredPlansAreRead: "errored": false (every plan Terraform 1.5+
// writes) and null are read; a flag that is not a boolean is refused.
func TestNotErroredPlansAreRead(t *testing.T) {
	t.Parallel()
	for _, extra := range []string{"", `,"errored":false`, `,"errored":null`} {
		p, err := Parse([]byte(withTop(extra)), Options{})
		if err != nil {
			t.Errorf("%q: %v", extra, err)
			continue
		}
		if p.Resource("aws_iam_access_key.ci") == nil {
			t.Errorf("%q: the access key is not indexed", extra)
		}
	}
	for _, extra := range []string{`,"errored":"true"`, `,"errored":1`, `,"errored":{}`} {
		_, err := Parse([]byte(withTop(extra)), Options{})
		wantInputError(t, extra, err, `plan field "errored" has the wrong type: want a boolean`)
	}
}
