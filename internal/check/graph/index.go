package graph

import (
	"slices"
	"sync"
)

// reverse indexes rules ask for per node; scanning every node (or grant)
// per question made large plans quadratic.
type lookups struct {
	once      sync.Once
	coveredBy map[string][]string // Owner.Via address -> node addresses
	grantsOf  map[*Node][]*Grant
}

func (g *Graph) lookups() *lookups {
	l := &g.idx
	l.once.Do(func() {
		l.coveredBy = map[string][]string{}
		for _, n := range g.Nodes {
			for i, v := range n.Owner.Via {
				if !slices.Contains(n.Owner.Via[:i], v) {
					l.coveredBy[v] = append(l.coveredBy[v], n.Address())
				}
			}
		}
		l.grantsOf = map[*Node][]*Grant{}
		for _, gr := range g.Grants {
			l.grantsOf[gr.Node] = append(l.grantsOf[gr.Node], gr)
		}
	})
	return l
}

// CoveredBy lists, in node order, the nodes whose ownership comes through
// address (their Owner.Via names it). The caller owns the slice.
func (g *Graph) CoveredBy(address string) []string {
	return slices.Clone(g.lookups().coveredBy[address])
}

// GrantsOf lists, in order, the grants that node n makes (Grant.Node is n).
func (g *Graph) GrantsOf(n *Node) []*Grant {
	return g.lookups().grantsOf[n]
}
