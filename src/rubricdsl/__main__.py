"""``python -m rubricdsl`` runs the ``rubric`` command."""

from rubricdsl.launch import main

main()
