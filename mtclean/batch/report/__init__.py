"""What a batch job found: the tally kept while it runs, and the reports written after."""

from .tally import Tally

__all__ = ["Tally"]
