    long_name_here = [   
	"${	"%%{lit}"  }"	,	
  
  each.long_name_here[/**/"$${lit}"   ][  each[	aws_x.long_name_here.tags.a   ] ]   ,  /* multi
  line */   
	( null	) ,  /* i */
] 
x  "b_c" { # open
	ñ=   true   
  module	"b_c"/**/ {	
k = "${{ for k, v in "abc"   :  aws_x.a . type.count /**/=>  each[ * ].*...  }  ~}%{ for k, v in {	for k, v in "s"	: var[*]	=>	var.x   }   /* multi
  line */ ?	1e3	:	[  
    true	,  

      
    1/* i */
  ]	}${v}%{ endfor }${ 1?	var.x :   var.x ?	( /**/null
	
      )  :   [  for x in 1 :true if var.x	/* c */]  /* c */~}" 
lifecycle {   
    } 

  }  
  b  =   !data	
}	
	
name=  each.ñ.k 
variable 	 "x\"y" 	 "b_c"   {  
  resource { }



// comment
    if_x   = "" #   
  k =	!module  
}	
	for_each /* c */  =	{ /* c */for k, v in var.type	:   var  => {(var.k)  =format(   1   ?  1   :	null ), bb=	aws_x	? (	true	/*x*/ ) :   var.if_x.tags, ccc=   "%{ for v in {   (var.k) =[  for x in true   : 1],	e   : "s" ? null :  null}   }${v}%{ endfor }%{ for k, v in [	
      
]}${v}%{~ endfor }${~ "$${lit}" ~}", dd   :(  - count	
    )	} } // trailing
