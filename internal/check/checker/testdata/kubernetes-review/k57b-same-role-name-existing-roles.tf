# kubernetes_role_v1.app["prod"] (* * *) and ["staging"] (narrow) already exist, unchanged.
# This change adds the CI service account and binds it to Role app-deployer in prod.
