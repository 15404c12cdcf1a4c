package graph

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
)

// The credential index must find the cover the definition finds: the
// first, in order, whose pattern matches the address, or names it without
// its instance key.
func TestCoversFindTheFirstMatch(t *testing.T) {
	t.Parallel()
	addresses := []string{`aws_iam_access_key.k["a"]`, `aws_iam_access_key.k["b"]`, "aws_iam_access_key.single",
		`module.m["x"].aws_iam_access_key.k[0]`, `module.m["y"].google_service_account_key.sa`, `aws_iam_access_key.k["a*b"]`}
	patterns := append([]string{"aws_iam_access_key.k", "*", "aws_iam_access_key.*", `module.m[*].aws_iam_access_key.k[0]`,
		`module.m["x"].aws_iam_access_key.k`, "*.sa", `aws_iam_access_key.k["a*b"]`, "aws_iam_access_key.nothing"}, addresses...)
	rng := rand.New(rand.NewPCG(3, 4))
	for round := range 300 {
		var all []cover
		for range rng.IntN(10) {
			id := &Node{}
			if n := len(all); n > 0 && rng.IntN(3) == 0 {
				id = all[n-1].identity // an identity with several credentials
			}
			all = append(all, cover{pattern: patterns[rng.IntN(len(patterns))], identity: id})
		}
		cs := indexCovers(all)
		for _, addr := range addresses {
			a, err := plan.ParseAddress(addr)
			if err != nil {
				t.Fatal(err)
			}
			want := -1
			for i, c := range cs.all {
				if c.matches(addr, a) {
					want = i
					break
				}
			}
			got, ok := cs.first(addr, a)
			switch {
			case want < 0 && ok:
				t.Fatalf("round %d: %s covered by %q, want nothing", round, addr, got.pattern)
			case want >= 0 && (!ok || got != cs.all[want]):
				t.Fatalf("round %d: %s covered by %v, want %q (cover %d) of %v", round, addr, fmt.Sprint(got.pattern, ok), cs.all[want].pattern, want, cs.all)
			}
		}
	}
}

// A long link list is skipped only when no target could match; a short
// one is always scanned; the summary of a shared list is the list's.
func TestHoldsSummarizesSharedLists(t *testing.T) {
	t.Parallel()
	g := &Graph{}
	list := func(n int, types ...string) []plan.Link {
		out := make([]plan.Link, n)
		for i := range out {
			out[i].Target = &plan.Resource{Type: "aws_s3_bucket"}
		}
		for i, typ := range types {
			out[i*3].Target = &plan.Resource{Type: typ}
		}
		return out
	}
	buckets := list(summarizeFrom)
	if g.holds(buckets, isIdentity) {
		t.Error("a list of buckets may hold an identity")
	}
	withIdentity := list(summarizeFrom*2, "nhi_identity")
	if !g.holds(withIdentity, isIdentity) || g.holds(withIdentity, isPolicyDocument) {
		t.Error("the summary of a list with an identity is wrong")
	}
	if !g.holds(list(summarizeFrom-1), isIdentity) {
		t.Error("a short list was not left to its caller to scan")
	}
	// Rotation triggers (keepers) skip a long list with no rotator in it.
	if g.holds(buckets, mayRotate) || !g.holds(list(summarizeFrom*2, "time_rotating"), mayRotate) || !g.holds(list(summarizeFrom*2, "kubernetes_manifest"), mayRotate) {
		t.Error("mayRotate: a list of buckets may hold a rotator, or one with a time_rotating or a manifest may not")
	}
	// The same elements under another length are another list.
	if g.holds(withIdentity[summarizeFrom:], isIdentity) {
		t.Error("a sub-list took its parent's summary")
	}
}
