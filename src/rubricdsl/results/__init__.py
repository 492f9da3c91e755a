"""Results and explanations: the values a caller reads (``model``) and the explainer that builds indicator
and section rows, reasons and steps lazily from an evaluation record (``explain``)."""
