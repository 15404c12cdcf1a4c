# Import an exception by its id.
terraform import nhi_exception.legacy_ci_keys exc-0123456789abcdef

# Or keep the renewal count: "<id>,<renewals>".
terraform import nhi_exception.legacy_ci_keys exc-0123456789abcdef,2
