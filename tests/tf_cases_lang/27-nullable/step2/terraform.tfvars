required = null
