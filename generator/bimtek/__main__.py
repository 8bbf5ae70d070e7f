"""``python -m bimtek``."""

from .cli import run

run()
