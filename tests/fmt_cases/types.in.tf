variable "a" {
  type = "string"
}
variable "b" {
  type = "list"
}
variable "c" {
  type = "map"
}
variable "d" {
  type = list
}
variable "e" {
  type = map
}
variable "f" {
  type = set
}
variable "g" {
  type = object({ name = string, size = optional(number, 1) })
}
variable "h" {
  type = list # a comment
}
locals {
  type = "string"
}
