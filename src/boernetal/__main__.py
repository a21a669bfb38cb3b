"""``python -m boernetal`` runs the command line."""

from boernetal.cli import main

main()
