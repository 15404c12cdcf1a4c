package plan

import (
	"encoding/json"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// TextFunc lists the attributes of a resource type (dot-separated paths,
// through nested blocks) whose text decides what it grants
// (Options.PrivilegeText).
type TextFunc func(resourceType string) []string

// sensitiveText keeps the text the plan marks sensitive at the attributes
// that decide what a resource grants, by the sum of the value.Secret that
// stands for each in the resource's values. Marking a policy, a policy ARN
// or a role sensitive (sensitive(jsonencode(...)), or an input that is)
// would otherwise hide what it grants, and a gate would pass it unjudged.
// Only the privilege engines read the text, through Plan.SensitiveText,
// and what they say of it is never shown.
type sensitiveText struct {
	paths TextFunc
	split map[string][][]string // paths(typ), split, by type
	texts map[uint64]any
}

func newSensitiveText(paths TextFunc) *sensitiveText {
	if paths == nil {
		return nil
	}
	return &sensitiveText{paths: paths}
}

// keep records the sensitive text of one resource's values, before they
// are merged with their markers (merge drops them).
func (s *sensitiveText) keep(typ string, v, sensitive any) {
	if s == nil || sensitive == nil || sensitive == false {
		return
	}
	if m, ok := sensitive.(map[string]any); ok && len(m) == 0 {
		return // most resources mark nothing
	}
	split, ok := s.split[typ]
	if !ok {
		for _, p := range s.paths(typ) {
			split = append(split, strings.Split(p, "."))
		}
		if s.split == nil {
			s.split = map[string][][]string{}
		}
		s.split[typ] = split
	}
	for _, path := range split {
		s.keepAt(v, sensitive, path)
	}
}

// keepChange is keep for both sides of a change.
func (s *sensitiveText) keepChange(typ string, ch *tfjson.Change) {
	s.keep(typ, ch.Before, ch.BeforeSensitive)
	s.keep(typ, ch.After, ch.AfterSensitive)
}

// keepAt follows path through v and its markers, and below its end every
// marker: a value marked sensitive there, or above, is kept whole (merge
// makes one Secret of it).
func (s *sensitiveText) keepAt(v, sensitive any, path []string) {
	if sensitive == true {
		if v != nil {
			if s.texts == nil {
				s.texts = map[uint64]any{}
			}
			s.texts[redact(v).(value.Secret).Sum] = cloneValue(v)
		}
		return
	}
	switch x := v.(type) {
	case map[string]any:
		sen, _ := sensitive.(map[string]any)
		if len(path) > 0 {
			s.keepAt(x[path[0]], sen[path[0]], path[1:])
			return
		}
		for k, m := range sen {
			s.keepAt(x[k], m, nil)
		}
	case []any: // repeated blocks, or a list: each element holds the path
		sen, _ := sensitive.([]any)
		for i, e := range x {
			if m := at(sen, i); m != nil && m != false {
				s.keepAt(e, m, path)
			}
		}
	}
}

// cloneValue copies a decoded value: the decoder's strings may be slices
// of a mapped plan, released once it is decoded.
func cloneValue(v any) any {
	switch x := v.(type) {
	case string:
		return strings.Clone(x)
	case json.Number:
		return json.Number(strings.Clone(string(x)))
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[strings.Clone(k)] = cloneValue(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = cloneValue(e)
		}
		return out
	}
	return v
}

// SensitiveText returns the value the plan marks sensitive at or under an
// attribute that decides what a resource grants (a string, or the list or
// object marked whole), which the resource's values hold as s; ok is false
// for any other secret. Callers must never show it, nor anything said of
// it that could quote it.
func (p *Plan) SensitiveText(s value.Secret) (v any, ok bool) {
	if p.sensitive == nil {
		return nil, false
	}
	v, ok = p.sensitive.texts[s.Sum]
	return v, ok
}

// HasSensitiveText reports whether any such text was kept: most plans
// have none, and the graph then looks for none.
func (p *Plan) HasSensitiveText() bool {
	return p.sensitive != nil && len(p.sensitive.texts) > 0
}
