"""``python -m autoui`` runs the command line."""

from autoui.cli import main

main()
