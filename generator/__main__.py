"""``python -m generator`` runs the ``coursegen`` command."""

from .cli import run

run()
