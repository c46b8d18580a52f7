# Variable validation blocks, several per variable: all pass (step 1); a
# name that is too long fails the first (step 2), one starting with a digit
# fails the second (step 3), a port outside the allowed list fails (step 4);
# each is "Invalid value for variable". A condition may refer to another
# variable (Terraform 1.9+): step 5 sets max below min.
variable "name" {
  type    = string
  default = "web"

  validation {
    condition     = length(var.name) <= 8
    error_message = "The name must be at most 8 characters."
  }

  validation {
    condition     = can(regex("^[a-z]", var.name))
    error_message = "The name must start with a lowercase letter."
  }
}

variable "port" {
  type    = number
  default = 443

  validation {
    condition     = contains([80, 443], var.port)
    error_message = "The port must be 80 or 443."
  }
}

variable "min" {
  type    = number
  default = 1
}

variable "max" {
  type    = number
  default = 3

  validation {
    condition     = var.max >= var.min
    error_message = "max must not be below min."
  }
}

resource "terraform_data" "r" {
  input = "${var.name}:${var.port}:${var.min}-${var.max}"
}

output "r" {
  value = terraform_data.r.output
}
