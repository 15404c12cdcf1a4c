package graph

import (
	"errors"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam/awsiam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/kb"
)

// Problem is a known value the privilege engines cannot read: a policy
// document that is not JSON, or JSON of the wrong shape. What it grants
// is unknown, and an unknown grant would not block: the checker refuses
// the plan instead (a gate fails closed).
type Problem struct {
	Address   string
	Attribute string
	// Reason says what is wrong without quoting the document.
	Reason string
}

// Problems lists the unreadable documents found while building.
func (g *Graph) Problems() []Problem { return g.problems }

// problem records one unreadable document, once per attribute.
func (g *Graph) problem(n *Node, attr, reason string) {
	for _, p := range g.problems {
		if p.Address == n.Address() && p.Attribute == attr {
			return
		}
	}
	if n.sensitive {
		reason = sensitiveReason
	}
	g.problems = append(g.problems, Problem{Address: n.Address(), Attribute: attr, Reason: reason})
}

// awsDocumentProblems parses every known AWS policy and trust document.
// Parses are memoised in the cache, so the engines do not parse again.
func (g *Graph) awsDocumentProblems() {
	for _, n := range g.Nodes {
		p := n.Entry.Privilege
		if p.Engine != kb.AWSPolicy {
			continue
		}
		for _, attr := range [...]string{p.Document, p.Trust} {
			if attr == "" {
				continue
			}
			for _, v := range valuesAt(n.Values, kb.SplitPath(attr)) {
				s, ok := v.(string)
				if !ok || strings.TrimSpace(s) == "" {
					continue // unknown, sensitive or unset: nothing to read yet
				}
				if _, err := g.cache.parse(s); err != nil && !grantsNothing(err) {
					g.problem(n, attr, awsSyntaxReason(err))
				}
			}
		}
	}
}

// grantsNothing reports a document with no Statement at all, which
// aws_iam_policy_document renders when it is given no statement block:
// AWS refuses it at apply, and it grants nothing meanwhile, so there is
// nothing to fail closed on.
func grantsNothing(err error) bool {
	var se *awsiam.SyntaxError
	return errors.As(err, &se) && se.Path == "" && se.Msg == "missing Statement"
}

// awsSyntaxReason is a parse error's message up to the first quoted value
// (messages may quote the document).
func awsSyntaxReason(err error) string {
	var se *awsiam.SyntaxError
	if !errors.As(err, &se) {
		return "not an IAM policy document"
	}
	msg := se.Msg
	if strings.HasPrefix(msg, "not JSON") {
		return "not JSON"
	}
	if i := strings.IndexAny(msg, "\"'`"); i >= 0 {
		msg = strings.TrimRight(msg[:i], " :")
	}
	if se.Path != "" {
		msg = se.Path + ": " + msg
	}
	return msg
}
