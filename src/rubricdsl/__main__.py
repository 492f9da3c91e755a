"""``python -m rubricdsl`` runs the ``rubric`` command."""

from rubricdsl.cli import main

main()
