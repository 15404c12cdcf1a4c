this is not HCL and must be ignored
