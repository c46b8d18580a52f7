
lifecycle {   
ñ =  [ for i, x in -2 : module.count	]

	long_name_here =  (	(# hash
  "${	{   for v in true :	each.ñ.if_x   => true	}}")  )
k   = upper( 
    provider::p::f(  "%{ for k, v in [	(   
# hash
          var.x ),  "a\u00e9"   ] }${v}%{ endfor }${[ 
	-each[   1 ]  ,  # after item
	aws_x.*.in[   var.x  ] ,   /* i */ 
        {	for k, v in "s"/* c */ :module .x1=>  var.x  } ,/* i */   
      
	true// item
] ~}"  ) ,  
    "esc\n\t\"q"	,	
	local  .ñ ,  /**/	
) >=   { for k, v in module  . tags.name.* :   count.b.0.ñ =>   {   for k, v in {   
    a =var.x   ,  
long_key   = var.x
      
      
(var.k)	:	"s" , # c  /* c */
    
  } : module.12.type =>"${  ""}"} }// trailing  
in =   {	long_key=	module.count, dd   =   [  for i, x in (  
	
      [ for i, x in 1 : "s"  ]  ):{for v in 1	?	null  :  var.x   :	module[	count.* ].if_x =>   /*x*/var[	1	]} ], (var.k)   = "%{ if ! var }yes%{  else }no%{ endif }", e = "${   format( true	) /* multi
  line */  }" ==   "${   "abc"  }" } #
  # comment
}
b	=  ! local.in	/* tr */ 
type	=	"${module	}"
resource "x\"y"  ident   { 
# comment
  }
