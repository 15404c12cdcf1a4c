package graph

// Privilege is what a node can do (identities) or gives (grants, policies).
type Privilege struct{}

// Label is the inventory's privilege class.
func (p *Privilege) Label() string { return "unknown" }

// Grant is a privilege grant resolved to principals.
type Grant struct{}

func (g *Graph) resolvePrivilege() {}
