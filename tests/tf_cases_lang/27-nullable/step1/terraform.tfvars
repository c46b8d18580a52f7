strict = null
loose  = null
tags   = null
