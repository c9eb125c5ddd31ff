"""Batch jobs over translation dumps: millions of segments, locally or on a Dask cluster.

A job reads a dump (:mod:`.formats`) as a stream of units, checks them in chunks on an
engine (:mod:`.engines`, running :mod:`.worker`), writes the output by splicing fixed
targets into the original bytes (:mod:`.splice`), keeps a tally and writes reports
(:mod:`.report`), and checkpoints as it goes (:mod:`.checkpoint`). The click command is
in :mod:`.command`.
"""

from .formats import FormatOptions
from .job import BatchJob, BatchSummary, run_job
from .units import BatchError, DumpError

__all__ = ["BatchError", "BatchJob", "BatchSummary", "DumpError", "FormatOptions", "run_job"]
