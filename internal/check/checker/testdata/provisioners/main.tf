variable "user" {
  default = "ci-deployer"
}

# A constant command: the plan keeps its text.
resource "terraform_data" "make_key" {
  provisioner "local-exec" {
    command = "aws iam create-access-key --user-name ci-deployer > key.json"
  }
}

# An interpolated command: the plan keeps only its references.
resource "terraform_data" "make_sa_key" {
  input = var.user
  provisioner "local-exec" {
    command = <<-EOT
      gcloud iam service-accounts keys create key.json \
        --iam-account ${var.user}@example.iam.gserviceaccount.com
    EOT
  }
}

# Reads keys, makes none.
resource "terraform_data" "list_keys" {
  provisioner "local-exec" {
    command = "aws iam list-access-keys --user-name ${var.user}"
  }
}

# Runs at destroy only.
resource "terraform_data" "cleanup" {
  provisioner "local-exec" {
    when    = destroy
    command = "aws iam delete-access-key --access-key-id AKIAEXAMPLE"
  }
}

# Makes a key, but only when destroyed: not at this apply.
resource "terraform_data" "on_destroy" {
  provisioner "local-exec" {
    when    = destroy
    command = "aws iam create-access-key --user-name ci-deployer"
  }
}
