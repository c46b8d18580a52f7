locals {
  list = [for x in var.items: upper(x) if x!="" ]
  map = {for k,v in var.m: k=>v...}
  cond = var.a?1:-1
  neg = -var.x - -2*3
  not = !var.flag&&var.other||false
  splat = aws.a[*].id
  splat2 = var.list.*.name
  idx = var.m["k"][0].attr
  legacy = var.list.0.name
  call = format("%s-%s",var.a,var.b)
  nested = {a={b={c=1}}}
  obj = {a:1,"b":2,(var.k)=3}
  tpl = "prefix-${var.a}-${ upper(var.b) }-suffix"
  dir = "%{ if var.on }on%{ else }off%{ endif }"
  loop = "%{ for i in var.l ~}${i},%{ endfor ~}"
  paren = ( 1 + 2 ) * 3
  cmp = 1<2 && 2>=1 && 3<=4 && 5!=6 && 7==7
  mod = 10%3
  div = 10/2
  expand = concat(var.a, var.b...)
  num = 1.5e3
  in_kw = [for x in [1,2]: x]
  empty_obj = {}
  empty_list = []
  ns = provider::terraform::encode_tfvars({})
}
