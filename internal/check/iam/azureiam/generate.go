package azureiam

// Refreshes data/ from the shared built-in role table (NHI_SHARED_DATA
// overrides the directory of azure-built-in-roles.json).
//go:generate go run ../internal/iamgen -azure ../../../../../shared/data/iam/azure-built-in-roles.json -out data
