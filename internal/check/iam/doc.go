// Package iam holds the vocabulary shared by the policy engines under it
// (awsiam, gcpiam, azureiam, k8srbac, vaultiam, scopes): the privilege Class
// of a grant, the Evidence that justifies it and the Verdict an engine returns.
//
// The engines are pure libraries: they know nothing about Terraform plans.
// The caller (the identity graph) hands each engine the documents, roles or
// rules that apply to one principal, each tagged with a Source: the chain of
// resource addresses (or other names) it reached the principal through. Every
// Evidence carries back the Sources that produced it, so the caller can build
// the `related` chain of a finding from Verdict.Chain without re-deriving
// anything.
//
// # Classes
//
// Class orders privilege: ClassNone < ClassRead < ClassWrite <
// ClassPermissionsManagement < ClassAdmin. ClassUnknown is outside that
// order: it means the engine could not tell (for example, the only grant
// names a role that is not in its tables). Its zero value is ClassUnknown so
// that a forgotten assignment never claims "none". Class.String gives exactly
// "none", "read", "write", "permissions-management", "admin" and "unknown",
// the strings the JSON report uses.
//
// # Unknown values
//
// Documents may hold value.Unknown leaves (values Terraform knows only after
// apply). Engines treat an Unknown as one specific value, never as a wildcard:
// an Unknown resource is one resource, an Unknown subject is "a subject is
// pinned, but it cannot be verified". Whenever a verdict depended on one, its
// reference is listed in Evidence.Unknowns and Verdict.Unknowns.
package iam
