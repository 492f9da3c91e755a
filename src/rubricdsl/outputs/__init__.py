"""Documents out: the official tables (评价指标表, 指标完成情况表), the facts template and the report, as
xlsx, docx, html and markdown.  :mod:`rubricdsl.outputs.tables` is the one model every format draws."""
