# Import an identity by its name (its id); its rotation period starts now.
terraform import nhi_identity.ci_deploy payments-ci-deploy

# Or keep the rotation record: "<name>,<rotated_at>" with an RFC 3339 timestamp.
# If rotation is already due, the next plan rotates.
terraform import nhi_identity.ci_deploy payments-ci-deploy,2025-06-01T00:00:00Z
