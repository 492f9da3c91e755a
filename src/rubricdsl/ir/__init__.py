"""The scoring IR: one lowering of the checked AST that every back end consumes (see docs/architecture.md,
"Design decision: rule forms as units over one scoring IR")."""
