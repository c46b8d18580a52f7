a  = x
bb = /* keep */ y
c  = "${z}-suffix"
d  = w
