"""Large read-only tables keyed by Chinese words, opened one first character at a time.

CC-CEDICT and jieba's prefix dictionary hold some 120,000 and 580,000 keys; building
either as a dict takes a fifth of a second or more, while a document needs the keys of
a few dozen characters. A :class:`ShardedTable` keeps each first character's keys as
one marshalled dict and decodes it when a key starting with that character is first
looked up. Pickled, the shards load as bytes, some thirty times faster than the
whole table does.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterator, Mapping
from typing import TypeVar

V = TypeVar("V")


class ShardedTable(Mapping[str, V]):
    """A read-only mapping of str keys, decoded one first character at a time.

    Values must be what :mod:`marshal` writes: str, numbers, tuples, lists, dicts.
    """

    __slots__ = ("_packed", "_open")

    def __init__(self, table: Mapping[str, V]) -> None:
        shards: dict[str, dict[str, V]] = {}
        for key, value in table.items():
            shards.setdefault(key[:1], {})[key] = value
        self._packed = {first: marshal.dumps(shard) for first, shard in shards.items()}
        self._open: dict[str, dict[str, V]] = {}

    def _shard(self, first: str) -> dict[str, V]:
        shard = self._open.get(first)
        if shard is None:
            packed = self._packed.get(first)
            shard = self._open[first] = marshal.loads(packed) if packed else {}
        return shard

    def __getitem__(self, key: str) -> V:
        return self._shard(key[:1])[key]

    def get(self, key: str, default=None):
        return self._shard(key[:1]).get(key, default)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._shard(key[:1])

    def __iter__(self) -> Iterator[str]:
        for first in self._packed:
            yield from self._shard(first)

    def __len__(self) -> int:
        return sum(len(self._shard(first)) for first in self._packed)

    def __getstate__(self):
        return self._packed  # decoded shards are not written back

    def __setstate__(self, packed) -> None:
        self._packed = packed
        self._open = {}
