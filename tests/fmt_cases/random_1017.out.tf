dynamic {

  output "ident" "a" {
  }
  x1 = var.if_x.*.long_name_here == [for x in "${"${var.x}"}" : provider::p::f(/**/
    null / /**/ "s",
    (null),                                                                  // item   
    { a : null, dd = var.x, e = true, "q" : /**/ var.x /* multi
  line */ }, // item  
    { bb : var.x }
  )] # trailing  
  for_each = data.long_name_here
  variable "a" { # open



  }
  variable "b_c" { k = "" * 0 }
}
# comment
resource "x\"y" {
  dynamic "b_c" {
  }
  if_x = -count.count  # 
  name = [for i, x in( #

  module.12.long_name_here) : -each.k["esc\n\t\"q"] if[for i, x in false : { for v in "s" ? null : 1 : /**/ each[-local.in[*]].0 => - module[1]... } if var]]
  dynamic "a" { k /**/ = [for i, x in null : merge(("s"), true == var.x, provider::p::f(/*x*/), false)] || [for i, x in "${each.12.name}" : "%{for k, v in - data}${v}%{~endfor}" ? false : format(/* c */
    var.x,
    null, # after item  
    1,
    true,

  )] }
  count = null
  k     = false /**/ /* tr */
}
