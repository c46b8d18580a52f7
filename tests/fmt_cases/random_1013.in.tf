tags	=  "日本" /* multi
  line */#   
variable  { 
    b=  [
    !var.12.count  , // item 
	#

	var.count[  {for v in [
      null,	
]   :   data.b.12   =>{	
   e=   var.x
   bb = "s" 

      
ccc   /**/   =  null # c   
  }... }   ]  , 
  ]



module	""{   
  /* block */
  // comment

}
  # comment


  dynamic  "x\"y"  "x\"y"   { 	k	=  { bb   /**/   = [ "é${ local[ * ].type[ 1.5]~}",  provider::p::f("${ "s"   }",  [	
      ],  {  for k, v in "s"  :  aws_x.12.long_name_here.0=>true },),  format(   /**/ "日本"),  "x"	],   ccc =  provider::p::f(	aws_x[  "${~ var.x	&& null  < null ||	var.x ~}%{ for v in {   	} }${v}%{ endfor }${~ data[	"s"][   /**/ "s"  ] ? format( var.x, true )   :"${module[  "${ (# hash
	#
	[  
1	, /* multi
  line *//* i */  
      true  ,   /* i */  
"s" # hash

      
    ] ) }"	][*].12 ~}${~ /*x*/	"$${lit}" ~}" ~}" /* multi
  line */	].0.count,	1,	! aws_x ),   dd	=   [
"esc\n\t\"q"  ,
module[	module] .   count	,  
      
	{ for v in var.x :	var.x1   =>true}<=aws_x  ,   
    false // slash
# trailing  
      
]   }   }
  }   


