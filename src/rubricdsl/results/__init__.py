"""Results and explanations: the values a caller reads (``model``) and the explainer that builds indicator
and section rows lazily from an evaluation record (``explain``, over the fast path's record in ``clean``), with
how values are shown (``display``), what a rule's reason reads (``reasons``; the sentences themselves are the
rule forms', :mod:`rubricdsl.forms`), conditions stated with their values (``statements``), the steps to the
total (``steps``) and what makes a result incomplete (``completeness``)."""
