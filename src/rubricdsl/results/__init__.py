"""Results and explanations: the values a caller reads (``model``) and the explainer that builds indicator
and section rows lazily from an evaluation record (``explain``, over the fast path's record in ``clean``), with
how values are shown (``display``), one reason builder per rule form (``reasons``), conditions stated with
their values (``statements``), the steps to the total (``steps``) and what makes a result incomplete
(``completeness``)."""
