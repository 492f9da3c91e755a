"""Results and explanations: the values a caller reads (``model``) and the explainer that builds indicator
and section rows lazily from an evaluation record (``explain``), with how values are shown (``display``), one
reason builder per rule form (``reasons``) and the steps to the total (``steps``)."""
