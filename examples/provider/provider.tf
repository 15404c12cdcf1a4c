terraform {
  required_providers {
    nhi = {
      source = "nhiguard/nhi"
    }
  }
}

# The provider takes no arguments and calls no API: its resources live in state.
provider "nhi" {}
