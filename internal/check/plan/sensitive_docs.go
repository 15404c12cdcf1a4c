package plan

import (
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// DocumentsFunc lists the attributes of a resource type (dot-separated
// paths, through nested blocks) that hold policy documents (Options.Documents).
type DocumentsFunc func(resourceType string) []string

// sensitiveDocs keeps the text of policy documents the plan marks
// sensitive, by the sum of the value.Secret that stands for each in the
// resource's values. Marking a policy sensitive (sensitive(jsonencode(...)),
// or an input that is) would otherwise hide what it grants, and a gate
// would pass it unjudged. Only the privilege engines read the text, through
// Plan.SensitiveDocument, and what they say of it is never shown.
type sensitiveDocs struct {
	paths DocumentsFunc
	texts map[uint64]string
}

func newSensitiveDocs(paths DocumentsFunc) *sensitiveDocs {
	if paths == nil {
		return nil
	}
	return &sensitiveDocs{paths: paths}
}

// keep records the sensitive documents of one resource's values, before
// they are merged with their markers (merge drops them).
func (s *sensitiveDocs) keep(typ string, v, sensitive any) {
	if s == nil || sensitive == nil || sensitive == false {
		return
	}
	if m, ok := sensitive.(map[string]any); ok && len(m) == 0 {
		return // most resources mark nothing
	}
	for _, p := range s.paths(typ) {
		s.keepAt(v, sensitive, splitDots(p), false)
	}
}

func (s *sensitiveDocs) keepAt(v, sensitive any, path []string, marked bool) {
	marked = marked || sensitive == true
	switch x := v.(type) {
	case string:
		if len(path) == 0 && marked {
			if s.texts == nil {
				s.texts = map[uint64]string{}
			}
			// A copy: the decoder's strings may be slices of a mapped plan.
			s.texts[redact(x).(value.Secret).Sum] = strings.Clone(x)
		}
	case map[string]any:
		if len(path) == 0 {
			return
		}
		sen, _ := sensitive.(map[string]any)
		if marked {
			sen = nil
		}
		s.keepAt(x[path[0]], sen[path[0]], path[1:], marked)
	case []any: // repeated blocks: each holds the path
		sen, _ := sensitive.([]any)
		for i, e := range x {
			s.keepAt(e, at(sen, i), path, marked)
		}
	}
}

func splitDots(p string) []string {
	var out []string
	for start, i := 0, 0; i <= len(p); i++ {
		if i == len(p) || p[i] == '.' {
			out = append(out, p[start:i])
			start = i + 1
		}
	}
	return out
}

// SensitiveDocument returns the text of a policy document the plan marks
// sensitive, which the resource's values hold as s; ok is false for any
// other secret. Callers must never show the text, nor anything quoted
// from it.
func (p *Plan) SensitiveDocument(s value.Secret) (text string, ok bool) {
	if p.sensitive == nil {
		return "", false
	}
	text, ok = p.sensitive.texts[s.Sum]
	return text, ok
}
