package gcpiam

// Refreshes data/ from the shared role table (NHI_SHARED_DATA overrides the
// directory of gcp-roles.json). Builds and tests never need it.
//go:generate go run ../internal/iamgen -gcp ../../../../../shared/data/iam/gcp-roles.json -out data
