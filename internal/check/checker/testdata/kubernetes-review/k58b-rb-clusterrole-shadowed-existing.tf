# ClusterRole deployer (* * *) and Role apps/deployer (narrow) already exist, unchanged.
# This change binds the CI service account to ClusterRole "deployer" in namespace apps.
