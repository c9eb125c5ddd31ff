"""What a passage is about, told by the words it uses (``data/topics.toml``).

A rendering such as "trams" (电车) is wrong in a passage on electric cars and right in
one on city transport; its own sentence often says neither ("the two key technologies
of trams are batteries and autonomous driving"). A context entry that names a topic is
reported, never as a safe fix, where its ``near`` words are missing but several
different cues of the topic stand within a few pages of it. Counting different cues,
not occurrences, keeps one common word from deciding.
"""

from __future__ import annotations

import bisect
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .keywords import Keywords
from .text import Document

TOPICS_FILE = resources.files("mtclean") / "data" / "topics.toml"
#: How far a cue counts, in characters either side of the rendering: about four pages.
TOPIC_NEAR = 10_000


@dataclass(frozen=True)
class Topic:
    name: str
    description: str
    cues: tuple[str, ...]
    min_cues: int


class TopicError(ValueError):
    """The topics file is malformed; the message says where."""


def parse(text: str) -> dict[str, Topic]:
    """The topics of a topics file, by name."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TopicError(f"topics: {exc}") from None
    topics: dict[str, Topic] = {}
    for n, item in enumerate(raw.get("topic", []), 1):
        name = item.get("name")
        cues = item.get("cues")
        min_cues = item.get("min_cues", 3)
        if not isinstance(name, str) or not name:
            raise TopicError(f"topics: topic {n} has no name")
        if name in topics:
            raise TopicError(f"topics: topic {name!r} is defined twice")
        if not isinstance(cues, list) or not all(isinstance(c, str) and c.strip() for c in cues):
            raise TopicError(f"topics: {name}: cues must be a list of non-empty strings")
        if not isinstance(min_cues, int) or not 2 <= min_cues <= len(cues):
            raise TopicError(f"topics: {name}: min_cues must be a number from 2 to the "
                             "number of cues")
        if len({c.casefold() for c in cues}) != len(cues):
            raise TopicError(f"topics: {name}: a cue is listed twice")
        topics[name] = Topic(name, item.get("description", ""), tuple(cues), min_cues)
    return topics


@lru_cache(maxsize=1)
def topics() -> dict[str, Topic]:
    """The shipped topics, by name."""
    return parse(TOPICS_FILE.read_text("utf-8"))


@lru_cache(maxsize=1)
def cue_keywords() -> Keywords:
    """The cues of every topic, folded as the lexicon scans fold text, each with its
    (topic, cue number) pairs: one scan finds them all."""
    from .lexicon import fold

    table: dict[str, list[tuple[str, int]]] = {}
    for topic in topics().values():
        for n, cue in enumerate(topic.cues):
            table.setdefault(fold(cue), []).append((topic.name, n))
    return Keywords((key, tuple(found)) for key, found in table.items())


def _cues(doc: Document) -> dict[str, tuple[list[int], list[int]]]:
    """Per topic, where its cues stand in ``doc`` (as whole words) and which cue each is,
    in order; found once a document."""
    from .automaton import find_folded_words

    found = doc.__dict__.get("_topic_cues")
    if found is None:
        places: dict[str, list[tuple[int, int]]] = {}
        for start, _, members in find_folded_words(cue_keywords(), doc):
            for name, n in members:
                places.setdefault(name, []).append((start, n))
        found = doc.__dict__["_topic_cues"] = {
            name: ([s for s, _ in spots], [n for _, n in spots])
            for name, spots in ((name, sorted(spots)) for name, spots in places.items())}
    return found


def about(doc: Document, name: str, offset: int) -> bool:
    """Whether the text around ``offset`` in ``doc`` is about the topic ``name``: at
    least its ``min_cues`` different cues within :data:`TOPIC_NEAR` characters."""
    topic = topics().get(name)
    if topic is None:
        return False
    starts, cues = _cues(doc).get(name, ((), ()))
    lo = bisect.bisect_left(starts, offset - TOPIC_NEAR)
    hi = bisect.bisect_left(starts, offset + TOPIC_NEAR)
    return len(set(cues[lo:hi])) >= topic.min_cues
