# Calling a module wrongly: step 1 is a valid call; step 2 omits a required
# input ("Missing required argument"), step 3 passes an argument the module
# does not declare ("Unsupported argument"), step 4 reads an output the
# module does not have ("Unsupported attribute"), step 5 passes a value of the
# wrong type ("Invalid value for input variable").
module "m" {
  source = "./modules/m"
  name   = "ok"
}

output "value" {
  value = module.m.value
}
