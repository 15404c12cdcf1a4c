package checker_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/checker"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/config"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/graph"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/rules"
)

// unchanged turns every managed resource and output of p into a no-op
// that keeps the values it has after apply (or had, if removed): the plan
// of the same world with nothing to do.
func unchanged(p *plan.Plan) {
	for _, r := range p.Resources {
		if r.Mode == "data" {
			continue
		}
		v, s := r.After, r.SensitiveAfter
		if v == nil {
			v, s = r.Before, r.SensitiveBefore
		}
		r.Before, r.After = v, v
		r.SensitiveBefore, r.SensitiveAfter = s, s
		r.Action = plan.NoOp
	}
	for _, o := range p.Outputs {
		o.Action = plan.NoOp
	}
}

// A plan that changes nothing is judged from one graph. Its findings,
// and which of them count as introduced, must be those that building
// both worlds gives.
func TestPlanThatChangesNothingIsJudgedAsBothWorlds(t *testing.T) {
	paths, err := filepath.Glob("../testdata/fixtures/*/plan.json")
	if err != nil || len(paths) == 0 {
		t.Fatalf("fixtures: %v", err)
	}
	preexisting := 0
	for _, path := range paths {
		p, err := plan.Load(context.Background(), path, nil, plan.Options{IsSecret: kb.IsSecret, Reads: kb.Known})
		if err != nil {
			t.Fatal(err)
		}
		if p.ChangesNothing() {
			t.Errorf("%s: the fixture plans changes, but ChangesNothing says none", path)
		}
		unchanged(p)
		if !p.ChangesNothing() {
			t.Fatalf("%s: ChangesNothing is false for a plan of no-ops", path)
		}

		opts := graph.Options{Now: fixtureNow, OwnerKeys: config.Default().OwnerKeys, World: graph.Before}
		pol := rules.DefaultPolicy()
		prior := map[string]report.Severity{}
		for _, f := range rules.Run(graph.Build(p, opts), pol) {
			if s, ok := prior[f.Key()]; !ok || f.Severity > s {
				prior[f.Key()] = f.Severity
			}
		}
		opts.World = graph.After
		want := map[string]bool{} // key -> introduced
		for _, f := range rules.Run(graph.Build(p, opts), pol) {
			s, existed := prior[f.Key()]
			want[f.Key()] = want[f.Key()] || f.TimeDriven || !existed || f.Severity > s
		}

		res, err := checker.CheckPlan(p, checker.Input{Now: fixtureNow})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, f := range res.Report.Findings {
			got[f.Key()] = got[f.Key()] || f.Introduced
			if !f.Introduced {
				preexisting++
			}
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d findings, both worlds give %d", path, len(got), len(want))
		}
		for k, intro := range want {
			if g, ok := got[k]; !ok || g != intro {
				t.Errorf("%s: finding %s: introduced %v (present %v), both worlds give %v", path, k, g, ok, intro)
			}
		}
	}
	if preexisting == 0 {
		t.Error("no finding was pre-existing: the test judged nothing")
	}
}

// A change of sensitivity alone is a change: the worlds differ in what
// they mark.
func TestChangesNothingSeesSensitivity(t *testing.T) {
	p, err := plan.Load(context.Background(), "../testdata/fixtures/aws-02-unowned-ci-user-admin/plan.json", nil, plan.Options{IsSecret: kb.IsSecret})
	if err != nil {
		t.Fatal(err)
	}
	unchanged(p)
	for _, r := range p.Resources {
		if r.Mode == "managed" {
			r.SensitiveAfter = append([]string{"zzz"}, r.SensitiveAfter...)
			break
		}
	}
	if p.ChangesNothing() {
		t.Error("a resource whose sensitive attributes change is not a change")
	}
}

// An output the plan creates did not exist before: exposing a secret
// through it is introduced, so the plan has two worlds.
func TestChangesNothingSeesOutputs(t *testing.T) {
	p, err := plan.Load(context.Background(), "../testdata/fixtures/vault-01-root-token-approle/plan.json", nil, plan.Options{IsSecret: kb.IsSecret})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Outputs) == 0 {
		t.Fatal("the fixture has no outputs")
	}
	unchanged(p)
	p.Outputs[0].Action = plan.Create
	if p.ChangesNothing() {
		t.Error("a plan that creates an output changes something")
	}
}
