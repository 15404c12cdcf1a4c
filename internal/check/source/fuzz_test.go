package source

import (
	"errors"
	"testing"
	"testing/fstest"
)

// FuzzLoad feeds arbitrary bytes to Load as main.tf (or main.tf.json) and, when
// they load, references and evaluates everything in them. Properties: nothing
// panics; a failed load returns a *ParseError whose every problem names the file
// and a line; a successful one never yields unresolvable ranges.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(`resource "a" "b" { x = 1 }`), false)
	f.Fuzz(func(t *testing.T, src []byte, asJSON bool) {
		name := "main.tf"
		if asJSON {
			name = "main.tf.json"
		}
		// An in-memory file system keeps each run fast; Load itself only adds
		// os.OpenRoot in front of the same loader.
		tree, err := loadFS("/fuzz", fstest.MapFS{name: {Data: src}}, "")
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || tree != nil {
				t.Fatalf("error %T %v with tree %v", err, err, tree)
			}
			for _, d := range pe.Diagnostics {
				if d.Subject == nil || d.Subject.Filename != name || d.Subject.Start.Line < 1 {
					t.Fatalf("problem without a location: %v", d)
				}
			}
			return
		}
		exercise(t, tree)
	})
}

// exercise touches every public view of a loaded tree.
func exercise(t *testing.T, tree *Tree) {
	ev := tree.Evaluator(nil)
	for _, m := range tree.Modules() {
		mev := ev
		if len(m.Path) > 0 {
			mev = NewEvaluator(tree, m, nil)
		}
		var attrs []*Attribute
		for _, r := range m.Resources {
			if r.Range.Start.Line < 1 || r.Range.End.Byte < r.Range.Start.Byte || r.DefRange.Filename != r.Range.Filename {
				t.Fatalf("%s: bad range %s / %s", r.Address, r.Range, r.DefRange)
			}
			for _, a := range r.Attributes {
				attrs = append(attrs, a)
			}
			for _, trig := range r.Lifecycle.ReplaceTriggeredBy {
				_ = trig.Reference.String()
			}
			if insts, err := mev.Instances(r.Count, r.ForEach); err == nil && len(insts) <= 4 {
				for _, inst := range insts {
					_, _ = mev.EvalBody(&r.Body, inst)
				}
			}
		}
		for _, a := range m.Locals {
			attrs = append(attrs, a)
		}
		for _, o := range m.Outputs {
			if o.Value != nil {
				attrs = append(attrs, o.Value)
			}
		}
		for _, c := range m.ModuleCalls {
			for _, a := range c.Args {
				attrs = append(attrs, a)
			}
			if c.Module != nil {
				_, _ = ev.ForModule("module." + c.Name)
			}
		}
		for _, a := range attrs {
			for _, r := range a.References() {
				_ = r.String()
			}
			_, _ = mev.Document(a, Instance{})
		}
	}
}
