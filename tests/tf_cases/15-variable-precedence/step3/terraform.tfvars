env = "from-tfvars"
