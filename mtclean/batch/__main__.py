"""``python -m mtclean.batch``: the batch command on its own."""

from .command import batch

batch(prog_name="mtclean batch")
