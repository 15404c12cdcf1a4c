package gcpiam

import (
	"errors"
	"slices"
	"strings"
	"sync"

	"github.com/google/cel-go/common"
	"github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/common/operators"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/parser"
)

// celParser parses attribute conditions; made on first use, as most
// plans have none.
var celParser = sync.OnceValues(func() (*parser.Parser, error) {
	return parser.NewParser(parser.Macros(parser.AllMacros...))
})

// parseCondition parses a CEL condition into its expression tree.
func parseCondition(cond string) (ast.Expr, error) {
	p, err := celParser()
	if err != nil {
		return nil, err
	}
	a, iss := p.Parse(common.NewTextSource(cond))
	if iss != nil && len(iss.GetErrors()) > 0 {
		first := iss.GetErrors()[0]
		return nil, errors.New(strings.TrimSpace(first.Message))
	}
	return a.Expr(), nil
}

// pinned reports whether every token the condition admits has one of the
// claims pins, or every claim of one of combos, equal to a literal: each
// alternative of an || must pin, and a pin under !, in a conditional or in
// a function's argument pins nothing.
func pinned(e ast.Expr, pins []string, combos [][]string) bool {
	if isCall(e, operators.LogicalOr) {
		args := e.AsCall().Args()
		return pinned(args[0], pins, combos) && pinned(args[1], pins, combos)
	}
	var claims []string
	for _, c := range conjuncts(e, nil) {
		if isCall(c, operators.LogicalOr) {
			if pinned(c, pins, combos) {
				return true
			}
			continue
		}
		if k, ok := literalClaim(c); ok {
			claims = append(claims, k)
		}
	}
	if slices.ContainsFunc(claims, func(k string) bool { return slices.Contains(pins, k) }) {
		return true
	}
	for _, combo := range combos {
		if !slices.ContainsFunc(combo, func(k string) bool { return !slices.Contains(claims, k) }) {
			return true
		}
	}
	return false
}

// conjuncts flattens a chain of &&.
func conjuncts(e ast.Expr, out []ast.Expr) []ast.Expr {
	if isCall(e, operators.LogicalAnd) {
		args := e.AsCall().Args()
		return conjuncts(args[1], conjuncts(args[0], out))
	}
	return append(out, e)
}

func isCall(e ast.Expr, fn string) bool {
	return e.Kind() == ast.CallKind && e.AsCall().FunctionName() == fn && len(e.AsCall().Args()) == 2
}

// literalClaim names the claim a comparison holds to literals:
// claim == 'x', 'x' == claim, claim in ['x', 'y'].
func literalClaim(e ast.Expr) (string, bool) {
	if e.Kind() != ast.CallKind {
		return "", false
	}
	c := e.AsCall()
	args := c.Args()
	if len(args) != 2 {
		return "", false
	}
	switch c.FunctionName() {
	case operators.Equals:
		if k, ok := claimOf(args[0]); ok && isText(args[1]) {
			return k, true
		}
		if k, ok := claimOf(args[1]); ok && isText(args[0]) {
			return k, true
		}
	case operators.In:
		if k, ok := claimOf(args[0]); ok && args[1].Kind() == ast.ListKind {
			elems := args[1].AsList().Elements()
			if len(elems) > 0 && !slices.ContainsFunc(elems, func(x ast.Expr) bool { return !isText(x) }) {
				return k, true
			}
		}
	}
	return "", false
}

// isText reports a non-empty string literal.
func isText(e ast.Expr) bool {
	if e.Kind() != ast.LiteralKind {
		return false
	}
	s, ok := e.AsLiteral().(types.String)
	return ok && s != ""
}

// claimOf names the claim an expression reads: "repository" for
// assertion.repository, attribute.repository or assertion['repository'],
// "subject.dn.cn" for assertion.subject.dn.cn, google.subject for itself.
func claimOf(e ast.Expr) (string, bool) {
	var path []string
	for {
		switch e.Kind() {
		case ast.SelectKind:
			s := e.AsSelect()
			if s.IsTestOnly() {
				return "", false
			}
			path = append(path, s.FieldName())
			e = s.Operand()
			continue
		case ast.CallKind:
			c := e.AsCall()
			if c.FunctionName() != operators.Index || len(c.Args()) != 2 || c.Args()[1].Kind() != ast.LiteralKind {
				return "", false
			}
			k, ok := c.Args()[1].AsLiteral().(types.String)
			if !ok {
				return "", false
			}
			path = append(path, string(k))
			e = c.Args()[0]
			continue
		case ast.IdentKind:
			slices.Reverse(path)
			switch root := e.AsIdent(); {
			case len(path) == 0:
				return "", false
			case root == "assertion" || root == "attribute":
				return strings.Join(path, "."), true
			case root == "google" && len(path) == 1 && path[0] == "subject":
				return googleSubject, true
			}
		}
		return "", false
	}
}
