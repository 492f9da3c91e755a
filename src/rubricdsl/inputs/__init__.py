"""The facts boundary: facts files read into mappings (``files``) and mappings converted into exact, checked
values against a rubric's declarations (``facts``).  Nothing past this package sees an unconverted value."""
