env = "from-auto-tfvars"
