// Package repocheck holds tests of repository files that are not Go: the
// GitHub Action (action.yml), the CI examples in examples/ci and the
// pre-commit hooks. They parse as YAML, keep their contract with the
// checker (the comment marker, the formats and flags they use), and their
// shell scripts parse.
package repocheck
