region = "eu-north-1"
