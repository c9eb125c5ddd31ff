"""mtclean's cache of derived data: parsed lexicons, CC-CEDICT, jieba's dictionary.

Each file is a pickle named ``<kind>-<version or key>.pickle``, written atomically and
read back when its key (a digest of what it was derived from) matches. A cache is a
convenience, never a requirement: one that cannot be read is rebuilt, and one that
cannot be written is skipped (a read-only home must not stop a check). When a new file
of a kind is written, all but the most recently used few of that kind are removed, so
that editing a lexicon or upgrading mtclean does not leave the folder growing.
"""

from __future__ import annotations

import gc
import os
import pickle
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: How many files of one kind are kept: the lexicons of a few configurations in use
#: (a project's own entries make a lexicon of their own) outlive an edit.
KEEP = 8


def cache_dir() -> Path:
    """Where mtclean keeps derived data: $MTCLEAN_CACHE_DIR, else the user cache dir."""
    explicit = os.environ.get("MTCLEAN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mtclean"


@contextmanager
def gc_paused(*, freeze: bool = False) -> Iterator[None]:
    """No cyclic garbage collection inside: every 700 allocations the collector walks
    the young objects, and every so often the whole heap, which costs a tenth of a
    second when a lexicon is unpickled and a fifth of a check's time on a large file,
    where nearly nothing allocated is cyclic garbage (reference counts free the rest).

    With ``freeze``, the objects alive at the end (a table just loaded, to be kept for
    the process's life) are moved out of the collector's sight (:func:`gc.freeze`),
    which would otherwise walk them all, at the next allocation and ever after.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


_UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError,
               TypeError, ImportError, IndexError)


def read_cache(path: Path):
    """The value pickled at ``path``, or None when it is missing or unreadable. A file
    read is marked as used, so that pruning keeps it."""
    try:
        with open(path, "rb") as f, gc_paused(freeze=True):
            value = pickle.load(f)
    except _UNREADABLE:
        return None
    try:
        os.utime(path)
    except OSError:
        pass
    return value


def write_cache(path: Path, value, keep: int = KEEP) -> None:
    """Pickle ``value`` to ``path`` atomically, then remove all but the ``keep`` most
    recently used files of its kind; a cache that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=".", delete=False) as f:
            try:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:
                f.close()
                os.unlink(f.name)
                raise
        os.replace(f.name, path)
    except OSError:
        return
    prune(path, keep)


def prune(path: Path, keep: int = KEEP) -> list[Path]:
    """Remove the files of ``path``'s kind but the ``keep`` most recently used (``path``
    always stays); the removed ones are returned."""
    kind = path.name.split("-", 1)[0] + "-"
    try:
        siblings = [p for p in path.parent.iterdir()
                    if p.name.startswith(kind) and p.suffix == ".pickle" and p != path]
        dated = sorted(((p.stat().st_mtime, p) for p in siblings), reverse=True)
    except OSError:
        return []
    removed = []
    for _, old in dated[max(keep - 1, 0):]:
        try:
            old.unlink()
            removed.append(old)
        except OSError:
            pass
    return removed
