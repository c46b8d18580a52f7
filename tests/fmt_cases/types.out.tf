variable "a" {
  type = string
}
variable "b" {
  type = list(string)
}
variable "c" {
  type = map(string)
}
variable "d" {
  type = list(any)
}
variable "e" {
  type = map(any)
}
variable "f" {
  type = set(any)
}
variable "g" {
  type = object({ name = string, size = optional(number, 1) })
}
variable "h" {
  type = list(any) # a comment
}
locals {
  type = "string"
}
