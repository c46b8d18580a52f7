locals { # locals open
  a = 1  # after value
  b = /* before value */ 2 /* after value */
  c = [/* first */ 1, /* second */ 2 /* last */]
  d = func( # open call
    1,      # arg one
    /* arg two */ 2
    # before close
  )
  e = /* in interp */ var.x
  f = [for x in var.l : # for comment
    x                   # value
  ]
  g = (var.c ? # if
    1 :        # then
    2          # else
  )
  h = { # obj
    # leading
    k = "v" # trailing
    // slash
  } # after obj
}
resource "a" "b" /* label to brace */ {
}
