package kb

import "testing"

func TestCredentialCommands(t *testing.T) {
	t.Parallel()
	for _, c := range credentialCommands {
		if Lookup(c.Declare) == nil {
			t.Errorf("%s: no entry for %s, the resource to declare instead", c.What, c.Declare)
		}
	}
	makes := map[string]string{
		"aws iam create-access-key --user-name ci > key.json":                                              "an AWS access key",
		"set -e\nAWS_PROFILE=x aws  iam \\\n  create-access-key --user-name ${…}":                          "an AWS access key",
		"aws iam create-service-specific-credential --user-name u --service-name codecommit.amazonaws.com": "an AWS service-specific credential",
		"gcloud iam service-accounts keys create key.json --iam-account ${…}":                              "a Google service account key",
		"gcloud beta iam service-accounts keys create k.json --iam-account a@p.iam.gserviceaccount.com":    "a Google service account key",
		"gcloud services api-keys create --display-name=ci":                                                "a Google API key",
		"gsutil hmac create sa@p.iam.gserviceaccount.com":                                                  "a Cloud Storage HMAC key",
		"az ad sp create-for-rbac --name ci --role Contributor":                                            "an Azure service principal with a client secret",
		"az ad app credential reset --id ${…} --years 2":                                                   "an Azure client secret",
		"vault token create -policy=admin -period=768h":                                                    "a Vault token",
		"vault write -f auth/approle/role/ci/secret-id":                                                    "a Vault AppRole secret ID",
		"gh repo deploy-key add key.pub --allow-write":                                                     "a GitHub deploy key",
	}
	for text, what := range makes {
		c, _, ok := MatchCredentialCommand(text)
		if !ok || c.What != what {
			t.Errorf("%q: %v %q, want %q", text, ok, c.What, what)
		}
	}
	for _, text := range []string{
		"aws iam list-access-keys --user-name ci",
		"aws iam delete-access-key --access-key-id AKIA",
		"aws iam update-access-key --status Inactive",
		"gcloud iam service-accounts keys list --iam-account x",
		"gcloud iam service-accounts create ci",
		"kubectl create token ci --duration 1h",
		"vault token lookup",
		"echo 'run aws-iam-create-access-keys.sh'",
	} {
		if c, _, ok := MatchCredentialCommand(text); ok {
			t.Errorf("%q read as making %s", text, c.What)
		}
	}
}
