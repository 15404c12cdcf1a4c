//go:build generate

// Package tools holds the go:generate steps that format the examples and
// render docs/ from templates/ and examples/ with tfplugindocs. Run them with
// `make generate`. tfplugindocs is a tool dependency in go.mod; it compiles the
// provider and reads its schema through the terraform binary on PATH, offline.
package tools

// Format Terraform code for use in documentation.
//go:generate terraform fmt -recursive ../examples/

// Generate documentation.
//go:generate go tool tfplugindocs generate --provider-dir .. --provider-name nhi

// Generate the rule pages docs/rules/nhi-*.md from the rule registry.
//go:generate go run ./rulesdoc -out ../docs/rules
