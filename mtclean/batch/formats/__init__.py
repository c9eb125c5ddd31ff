"""Dump formats: which one a file is, and opening it.

Each format reads its units as a stream and says how to write a fixed target back; the
job writes output by splicing (:mod:`mtclean.batch.splice`), so whatever a format does
not rewrite stays byte for byte.
"""

from __future__ import annotations

from pathlib import Path

from ..units import DumpError
from .base import Dump, FormatOptions

#: Format names, as ``--format`` takes them.
FORMATS = ("text", "parallel", "jsonl", "csv", "tsv", "tmx", "xliff", "po")

_EXTENSIONS = {
    ".txt": "text", ".text": "text", ".en": "text",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl",
    ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
    ".tmx": "tmx",
    ".xlf": "xliff", ".xliff": "xliff", ".xlf2": "xliff",
    ".po": "po", ".pot": "po",
}


def format_for(path: Path, options: FormatOptions) -> str:
    """The format ``--format`` names, or the one the file name says."""
    if options.format:
        if options.format not in FORMATS:
            raise DumpError(path, "", f"unknown format {options.format!r} "
                                      f"(choose from {', '.join(FORMATS)})")
        return options.format
    if options.source_path is not None:
        return "parallel"
    name = path.name.lower()
    for suffix in (".gz", ".bz2", ".xz"):
        if name.endswith(suffix):
            raise DumpError(path, "", "compressed dumps are not read directly; decompress it first")
    fmt = _EXTENSIONS.get(Path(name).suffix)
    if fmt is None:
        raise DumpError(path, "", "cannot tell the format from the file name; "
                                  f"give --format ({', '.join(FORMATS)})")
    return fmt


def open_dump(path: Path, options: FormatOptions) -> Dump:
    """The dump at ``path``, ready to read; raises :class:`DumpError`."""
    path = Path(path)
    if not path.is_file():
        raise DumpError(path, "", "no such file")
    fmt = format_for(path, options)
    if fmt == "text":
        from .text import TextDump
        return TextDump(path, options)
    if fmt == "parallel":
        from .text import ParallelDump
        if options.source_path is not None and not Path(options.source_path).is_file():
            raise DumpError(options.source_path, "", "no such file")
        return ParallelDump(path, options)
    if fmt == "jsonl":
        from .jsonl import JsonlDump
        return JsonlDump(path, options)
    if fmt in ("csv", "tsv"):
        from .delimited import DelimitedDump
        return DelimitedDump(path, options, tsv=fmt == "tsv")
    if fmt == "tmx":
        from .tmx import TmxDump
        return TmxDump(path, options)
    if fmt == "xliff":
        from .xliff import XliffDump
        return XliffDump(path, options)
    from .po import PoDump
    return PoDump(path, options)


__all__ = ["FORMATS", "Dump", "FormatOptions", "format_for", "open_dump"]
