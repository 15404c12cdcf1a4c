// Package validators holds the provider's custom attribute and configuration
// validators. Each reports a Title Case summary and a detail that shows the
// offending value and the expected form.
package validators
