"""Stage 1: source text → typed AST.  ``parse.parse_rubric`` is the only entry point; lark stays inside this
package, and ``nodes`` is the AST every later stage reads.  Importing this package imports nothing, so the
AST can be used without loading the parser."""
