"""The lexicons: load, check and index the curated knowledge in ``mtclean.lexicons``.

Each ``*.toml`` file of the package holds entries of one risk tier (the grammar is in
``lexicons/README.md``). :func:`lexicon_for` returns the entries of every shipped file
plus the user's own entries and glossary from the :class:`~mtclean.config.Config`,
loaded once per process and per user configuration. :func:`validate` checks lexicon
data the way a linter checks code and returns every problem it finds.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from .cache import cache_dir, gc_paused, read_cache, write_cache
from .text import HAS_CJK
from .topics import TOPICS_FILE as _TOPICS_FILE
from .topics import topics

#: Tiers and whether their entries are safe unless they say otherwise.
TIERS = {"safe": True, "context": False, "review": False, "generated": False,
         "glossary": True, "user": False}
#: Tiers whose entries may never be applied without a person looking.
NEVER_SAFE = frozenset({"review", "generated"})
KINDS = ("calque", "entity")
SCOPES = ("sentence", "paragraph", "document")

_FILE_KEYS = {"lexicon", "entry"}
_HEADER_KEYS = {"tier", "description"}
_ENTRY_KEYS = {"match", "zh", "gloss", "forms", "kind", "note", "case", "safe", "context",
               "examples"}
_CONTEXT_KEYS = {"scope", "near", "not_near", "origin", "topic", "followed_by",
                 "not_followed_by", "preceded_by", "not_preceded_by"}
_EXAMPLE_KEYS = {"positive", "negative"}
_REGEX_KEYS = ("followed_by", "not_followed_by", "preceded_by", "not_preceded_by")
_LEADING_FLAGS = re.compile(r"^\(\?[aiLmsux]+\)")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Problem:
    """Something wrong in lexicon data: where (file, entry index) and what."""

    file: str
    index: int | None  # 0-based entry index in its file; None for the file itself
    message: str

    def __str__(self) -> str:
        where = self.file if self.index is None else f"{self.file}: entry {self.index}"
        return f"{where}: {self.message}"


@dataclass(frozen=True, eq=False)
class Context:
    """When a context entry applies. The regexes are kept as written and compiled on
    first use (most never are: their entry's rendering is not in the text)."""

    scope: str = "paragraph"
    near: tuple[str, ...] = ()
    not_near: tuple[str, ...] = ()
    #: Evidence that the text came from Chinese (:mod:`mtclean.origin`) counts as a
    #: ``near`` word; with no ``near`` list, that evidence is required.
    origin: bool = False
    #: Topics (:mod:`mtclean.topics`) whose cues around the rendering count as a ``near``
    #: word; with no ``near`` list, that evidence is required.
    topic: tuple[str, ...] = ()
    followed_by: str | None = None
    not_followed_by: str | None = None
    preceded_by: str | None = None
    not_preceded_by: str | None = None

    def regex(self, key: str) -> re.Pattern | None:
        """The compiled regex of ``key`` ("followed_by", ...), or None; the
        ``preceded_by`` ones are anchored at the end of the text they see."""
        pattern = getattr(self, key)
        return None if pattern is None else _compiled(pattern, key.endswith("preceded_by"))


@cache
def _compiled(pattern: str, before: bool) -> re.Pattern:
    return compile_context_regex(pattern, before=before)


@dataclass(frozen=True, eq=False)
class Entry:
    """One lexicon entry: renderings of a Chinese term and the glosses that mend them."""

    zh: str
    gloss: tuple[str, ...]
    match: tuple[str, ...] = ()
    forms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    kind: str = "calque"
    note: str = ""
    case_sensitive: bool = False
    safe: bool = False
    tier: str = "safe"
    context: Context | None = None
    positive: tuple[str, ...] = ()
    negative: tuple[str, ...] = ()
    file: str = ""
    index: int = 0
    #: The renderings in the form the automaton matches (see :func:`fold`), worked out
    #: once and kept with the parsed lexicon (folding 37,000 renderings takes 0.08 s).
    folded: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "folded", tuple(fold(m) for m in self.match))

    def glosses_for(self, rendering: str) -> tuple[str, ...]:
        """The glosses for one rendering of this entry, best first."""
        return self.forms.get(rendering, self.gloss)

    @property
    def where(self) -> str:
        return f"{self.file}: entry {self.index}"


def fold(rendering: str) -> str:
    """The form renderings are matched in: case-folded, one space per whitespace run,
    straight apostrophes (a document is folded the same way, length kept)."""
    if rendering.isascii():
        # str.split() and the regex's \s agree on ASCII whitespace; no curly quotes.
        return " ".join(rendering.split()).lower()
    return _SPACES.sub(" ", rendering.strip()).lower().replace("\u2019", "'").replace("\u2018", "'")


def _strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def compile_context_regex(pattern: str, *, before: bool = False) -> re.Pattern:
    """Compile a context regex; ``before`` anchors it at the end of the text it sees.

    Inline flags like ``(?i)`` must stay at the front, so they are lifted out before
    the pattern is wrapped.
    """
    if not before:
        return re.compile(pattern)
    flags = _LEADING_FLAGS.match(pattern)
    head = flags.group(0) if flags else ""
    return re.compile(f"{head}(?:{pattern[len(head):]})\\Z")


def _parse_context(raw, problem) -> Context | None:
    if not isinstance(raw, dict):
        problem("context must be a table")
        return None
    unknown = set(raw) - _CONTEXT_KEYS
    if unknown:
        problem(f"unknown context keys {sorted(unknown)}")
    if not set(raw) & (_CONTEXT_KEYS - {"scope"}) or raw.get("origin") is False and not \
            set(raw) & (_CONTEXT_KEYS - {"scope", "origin"}):
        problem("context has no condition (near, not_near, origin, topic, followed_by, ...)")
    origin = raw.get("origin", False)
    if not isinstance(origin, bool):
        problem("context origin must be true or false")
        origin = False
    topic = raw.get("topic", [])
    if isinstance(topic, str):
        topic = [topic]
    if not _strings(topic) and topic != []:
        problem("context topic must be a topic name or a list of them")
        topic = []
    known = topics()
    for name in topic:
        if name not in known:
            problem(f"context topic {name!r} is not one of {', '.join(sorted(known))} "
                    "(mtclean/data/topics.toml)")
    scope = raw.get("scope", "paragraph")
    if scope not in SCOPES:
        problem(f"context scope {scope!r} is not one of {', '.join(SCOPES)}")
        scope = "paragraph"
    lists = {}
    for key in ("near", "not_near"):
        value = raw.get(key, [])
        if not _strings(value):
            problem(f"context {key} must be a list of non-empty strings")
            value = []
        lists[key] = tuple(value)
    regexes = {}
    for key in _REGEX_KEYS:
        if key not in raw:
            continue
        if not isinstance(raw[key], str):
            problem(f"context {key} must be a string")
            continue
        if key.endswith("followed_by") and _LEADING_FLAGS.sub("", raw[key]).startswith("^"):
            # Tried with match() where the rendering ends: "^" would never match there.
            problem(f"context {key} {raw[key]!r} starts with '^', which turns it off: "
                    "it is already anchored where the rendering ends")
            continue
        try:
            _compiled(raw[key], key.endswith("preceded_by"))
            regexes[key] = raw[key]
        except re.error as exc:
            problem(f"context {key} {raw[key]!r} is not a valid regex: {exc}")
    return Context(scope=scope, origin=origin, topic=tuple(topic), **lists, **regexes)


def parse_entry(raw, tier: str, file: str, index: int,
                problems: list[Problem] | None = None) -> Entry | None:
    """Check one entry table and build its :class:`Entry`.

    Problems go to ``problems``; an entry too broken to use gives None.
    """
    problems = [] if problems is None else problems
    before = len(problems)

    def problem(message: str) -> None:
        problems.append(Problem(file, index, message))

    if not isinstance(raw, dict):
        problem("an entry must be a table")
        return None
    user = tier == "user"
    if user:
        # The user's own entries: kind and note may be left out; tier from their shape.
        tier = "context" if "context" in raw else "safe"
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        problem(f"unknown keys {sorted(unknown)}")
    zh = raw.get("zh")
    if not isinstance(zh, str) or not HAS_CJK.search(zh):
        problem(f"zh {zh!r} must be a string holding Chinese")
    gloss = raw.get("gloss")
    if not _strings(gloss) or not gloss:
        problem("gloss must be a non-empty list of non-empty strings")
        gloss = []
    elif any(HAS_CJK.search(g) for g in gloss):
        problem(f"gloss {gloss!r} holds Chinese")
    glossary = tier == "glossary"
    match = raw.get("match", [])
    if glossary:
        if "match" in raw:
            problem("glossary entries have no match")
        match = []
    elif not _strings(match) or not match:
        problem("match must be a non-empty list of non-empty strings")
        match = []
    elif any(HAS_CJK.search(m) for m in match):
        problem(f"match {match!r} holds Chinese")
    forms = raw.get("forms", {})
    if not isinstance(forms, dict) or not all(_strings(v) and v for v in forms.values()):
        problem("forms must map renderings to non-empty lists of glosses")
        forms = {}
    for rendering, values in forms.items():
        if rendering not in match:
            problem(f"forms key {rendering!r} is not one of the entry's match strings")
        if any(HAS_CJK.search(v) for v in values):
            problem(f"forms {rendering!r} holds Chinese")
    kind = raw.get("kind", "calque" if glossary or user else None)
    if kind not in KINDS:
        problem(f"kind {kind!r} must be one of {', '.join(KINDS)}")
        kind = "calque"
    note = raw.get("note", "")
    if not isinstance(note, str) or (not (glossary or user) and not note.strip()) or "\n" in note:
        problem("note must be one non-empty line")
        note = ""
    case = raw.get("case", "sensitive" if kind == "entity" else "insensitive")
    if case not in ("sensitive", "insensitive"):
        problem(f"case {case!r} must be 'sensitive' or 'insensitive'")
    safe = raw.get("safe", TIERS[tier])
    if not isinstance(safe, bool):
        problem("safe must be true or false")
        safe = False
    if safe and tier in NEVER_SAFE:
        problem(f"{tier} entries are never safe")
        safe = False
    context = None
    if "context" in raw:
        if tier != "context":
            problem("only context entries have a context table")
        context = _parse_context(raw["context"], problem)
    elif tier == "context":
        problem("a context entry needs a context table")
    examples = raw.get("examples", {})
    if not isinstance(examples, dict) or set(examples) - _EXAMPLE_KEYS or not all(
            _strings(v) for v in examples.values()):
        problem("examples must be a table of 'positive' and 'negative' lists of sentences")
        examples = {}
    if tier == "context" and not user and not (examples.get("positive") and
                                               examples.get("negative")):
        problem("a context entry needs at least one positive and one negative example")
    if len(problems) > before and (not gloss or not isinstance(zh, str) or
                                   (not glossary and not match)):
        return None
    return Entry(
        zh=zh, gloss=tuple(gloss), match=tuple(match),
        forms={k: tuple(v) for k, v in forms.items()}, kind=kind, note=note,
        case_sensitive=case == "sensitive", safe=safe, tier=tier, context=context,
        positive=tuple(examples.get("positive", ())),
        negative=tuple(examples.get("negative", ())), file=file, index=index,
    )


def parse_file(name: str, text: str, problems: list[Problem]) -> tuple[str | None, list]:
    """Parse one lexicon file: its tier and its raw entry tables."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(name, None, f"not valid TOML: {exc}"))
        return None, []
    unknown = set(data) - _FILE_KEYS
    if unknown:
        problems.append(Problem(name, None, f"unknown top-level keys {sorted(unknown)}"))
    header = data.get("lexicon")
    if not isinstance(header, dict):
        problems.append(Problem(name, None, "no [lexicon] table"))
        return None, []
    if set(header) - _HEADER_KEYS:
        problems.append(Problem(name, None, f"unknown [lexicon] keys {sorted(set(header) - _HEADER_KEYS)}"))
    tier = header.get("tier")
    if tier not in TIERS or tier == "user":
        problems.append(Problem(name, None, f"unknown tier {tier!r}"))
        return None, []
    entries = data.get("entry", [])
    if not isinstance(entries, list):
        problems.append(Problem(name, None, "entry must be an array of tables"))
        return tier, []
    return tier, entries


def shipped_files() -> list[tuple[str, str]]:
    """(name, text) of every lexicon file shipped in ``mtclean.lexicons``, by name."""
    return [(p.name, p.read_text(encoding="utf-8")) for p in _shipped_paths()]


@cache
def read_shipped(path) -> str:
    """The text of the shipped lexicon at ``path``, read once a process (the generated
    one is 3 MB, and both glossing and MT701 want it)."""
    return path.read_text(encoding="utf-8")


def _shipped_paths() -> list:
    folder = resources.files("mtclean.lexicons")
    return sorted((p for p in folder.iterdir() if p.name.endswith(".toml")),
                  key=lambda p: p.name)


def _check_order(name: str, tier: str, raws: list, problems: list[Problem]) -> None:
    def key(raw):
        if not isinstance(raw, dict):
            return ""
        if tier == "glossary":
            return str(raw.get("zh", ""))
        match = raw.get("match") or [""]
        return str(match[0]).casefold()

    keys = [key(r) for r in raws]
    for i in range(1, len(keys)):
        if keys[i] < keys[i - 1]:
            problems.append(Problem(name, i, f"out of order: {keys[i]!r} sorts before "
                                             f"{keys[i - 1]!r} (entry {i - 1})"))


def load(files: Iterable[tuple[str, str]], extra: Iterable = (),
         problems: list[Problem] | None = None) -> list[Entry]:
    """Entries of the lexicon ``files`` and the user's ``extra`` tables.

    A user entry replaces every built-in entry with its ``zh`` and takes its renderings
    away from any other built-in entry. Unusable entries are skipped; what was wrong
    with them goes to ``problems``.
    """
    problems = [] if problems is None else problems
    parsed_entries, parsed_problems = _parse_cached(list(files))
    entries = list(parsed_entries)
    problems.extend(parsed_problems)
    user = [e for i, raw in enumerate(extra)
            if (e := parse_entry(raw, "user", "configuration", i, problems)) is not None]
    if not user:
        return entries
    user_zh = {e.zh for e in user}
    user_renderings = {fold(m) for e in user for m in e.match}
    kept = []
    for entry in entries:
        if entry.zh in user_zh:
            continue
        match = tuple(m for m in entry.match if fold(m) not in user_renderings)
        if entry.match and not match:
            continue
        if match != entry.match:
            entry = _replace_match(entry, match)
        kept.append(entry)
    return kept + user


def _parse(files: list[tuple[str, str]]) -> tuple[list[Entry], list[Problem]]:
    problems: list[Problem] = []
    entries: list[Entry] = []
    for name, text in files:
        tier, raws = parse_file(name, text, problems)
        entries.extend(e for i, raw in enumerate(raws)
                       if (e := parse_entry(raw, tier, name, i, problems)) is not None)
    return entries, problems


#: Lexicons this large are parsed once and kept as a pickle, which loads some ten times
#: faster than TOML parses (0.03 s against 0.3 s for the 1 MB generated lexicon).
_CACHE_FROM = 16 * 1024


#: Parsed lexicons by their files' names and texts, for the process's life: the curated
#: matching and MT701 ask for the generated lexicon apart.
_PARSED: dict[tuple[tuple[str, str], ...], tuple[list[Entry], list[Problem]]] = {}


def _parse_cached(files: list[tuple[str, str]]) -> tuple[list[Entry], list[Problem]]:
    if sum(len(text) for _, text in files) < _CACHE_FROM:
        return _parse(files)
    key = tuple(files)
    parsed = _PARSED.get(key)
    if parsed is None:
        if len(_PARSED) > 8:
            _PARSED.clear()
        parsed = _PARSED[key] = _parse_stored(files)
    return parsed


def _parse_stored(files: list[tuple[str, str]]) -> tuple[list[Entry], list[Problem]]:
    digest = hashlib.sha256()
    digest.update(Path(__file__).read_bytes())  # the parser is part of the key
    digest.update(_TOPICS_FILE.read_bytes())  # and the topics it checks names against
    for name, text in files:
        digest.update(name.encode("utf-8") + b"\0" + text.encode("utf-8") + b"\0")
    path = cache_dir() / f"lexicon-{digest.hexdigest()[:24]}.pickle"
    cached = read_cache(path)
    if isinstance(cached, tuple) and len(cached) == 2:
        return cached
    with gc_paused(freeze=True):
        parsed = _parse(files)
    write_cache(path, parsed)
    return parsed


def _replace_match(entry: Entry, match: tuple[str, ...]) -> Entry:
    from dataclasses import replace
    forms = {k: v for k, v in entry.forms.items() if k in match}
    return replace(entry, match=match, forms=forms)


def validate(files: Iterable[tuple[str, str]] | None = None, extra: Iterable = (),
             *, run_examples: bool = True) -> list[Problem]:
    """Every problem in lexicon data (default: the shipped files), as the README's
    "Rules the test suite enforces" lists them."""
    files = shipped_files() if files is None else list(files)
    problems: list[Problem] = []
    for name, text in files:
        tier, raws = parse_file(name, text, [])
        if tier is not None:
            _check_order(name, tier, raws, problems)
    entries = load(files, extra, problems)
    _check_duplicates(entries, problems)
    _check_glosses(entries, problems)
    if run_examples:
        # Generated renderings are reported only with evidence of Chinese origin (MT701),
        # never by the curated matching the examples exercise.
        _check_examples(Lexicon([e for e in entries if e.tier != "generated"]), problems)
    return problems


def validate_entries(extra: Iterable) -> list[Problem]:
    """Problems in a user's extra entries alone (as given in a configuration file)."""
    problems: list[Problem] = []
    entries = load((), extra, problems)
    _check_duplicates(entries, problems)
    return problems


def _check_duplicates(entries: list[Entry], problems: list[Problem]) -> None:
    seen: dict[str, Entry] = {}
    for entry in entries:
        for rendering in entry.match:
            key = fold(rendering)
            other = seen.get(key)
            if other is not None:
                where = "twice in this entry" if other is entry else f"also in {other.where}"
                problems.append(Problem(entry.file, entry.index,
                                        f"rendering {rendering!r} appears {where}"))
            else:
                seen[key] = entry


def _check_glosses(entries: list[Entry], problems: list[Problem]) -> None:
    """A fix must not raise another finding: no gloss may be a listed rendering, nor
    hold one that fires wherever it stands (an entry without context conditions, not
    generated) or one of its own entry's renderings (the fix would fire again)."""
    from .automaton import Automaton, raw_matches

    automaton = Automaton(entries)
    for entry in entries:
        glosses = dict.fromkeys([*entry.gloss, *(g for v in entry.forms.values() for g in v)])
        for gloss in glosses:
            for hit in raw_matches(automaton, gloss):
                other = hit.entry
                whole = fold(hit.text) == fold(gloss)
                unconditional = other.context is None and other.tier != "generated"
                if not (whole or unconditional or other is entry):
                    continue
                what = "is" if whole else f"contains {hit.text!r},"
                problems.append(Problem(
                    entry.file, entry.index,
                    f"gloss {gloss!r} {what} a rendering listed in {other.where}; "
                    f"the fix would raise another finding"))


def _check_examples(lexicon: Lexicon, problems: list[Problem]) -> None:
    from .automaton import scan
    from .text import Document

    for entry in lexicon.entries:
        for sentence in entry.positive:
            if not any(m.entry is entry for m in scan(lexicon, Document(sentence))):
                problems.append(Problem(entry.file, entry.index,
                                        f"positive example does not fire: {sentence!r}"))
        for sentence in entry.negative:
            hits = scan(lexicon, Document(sentence))
            if hits:
                names = ", ".join(f"{m.text!r} ({m.entry.where})" for m in hits)
                problems.append(Problem(entry.file, entry.index,
                                        f"negative example fires {names}: {sentence!r}"))


class Lexicon:
    """The entries in force for one configuration, indexed for matching and glossing.

    ``entries`` are matched in text. ``gloss_only`` files are parsed on the first gloss
    lookup: :func:`lexicon_for` puts the generated lexicon there, which is large, matters
    to matching only in text that came from Chinese (MT701 loads it for that), and is
    never needed by text without Chinese.
    """

    def __init__(self, entries: list[Entry], glossary: Iterable = (),
                 gloss_only: Iterable[tuple[str, str | Callable[[], str]]] = ()) -> None:
        self.entries = entries
        self.matchable = [e for e in entries if e.match]
        self._user = [(g.zh, g.en) for g in glossary]
        self._gloss_only = list(gloss_only)
        self._glosses: dict[str, list[tuple[str, bool, str]]] | None = None
        self._renderings: dict[str, set[str]] = {}
        self._automaton = None

    def _index(self, entries: Iterable[Entry], renderings: bool = True) -> None:
        for entry in entries:
            safe = entry.safe and entry.tier in ("glossary", "safe") and entry.context is None
            source = "glossary" if entry.file == "configuration" else "lexicon"
            for gloss in entry.gloss:
                self._glosses.setdefault(entry.zh, []).append((gloss, safe, source))
            if renderings and entry.match:
                self._renderings.setdefault(entry.zh, set()).update(map(fold, entry.match))

    def glosses(self, zh: str) -> list[tuple[str, bool, str]]:
        """(gloss, safe, source) for ``zh``, best first: the user's glossary, the user's
        entries, then the shipped entries."""
        if self._glosses is None:
            self._glosses = {}
            for source_zh, en in self._user:
                self._glosses.setdefault(source_zh, []).append((en, True, "glossary"))
            self._index(e for e in self.entries if e.file == "configuration")
            # The glossary tier says what a Chinese term means; safe entries come next.
            # A context entry for the same Chinese may give the same gloss, unsafe, and
            # the first of equal glosses is the one a stray fragment gets.
            self._index(sorted((e for e in self.entries if e.file != "configuration"),
                               key=lambda e: _GLOSS_ORDER.get(e.tier, len(_GLOSS_ORDER))))
        if self._gloss_only:
            files, self._gloss_only = self._gloss_only, []
            entries = load([(n, t() if callable(t) else t) for n, t in files])
            with gc_paused(freeze=True):
                # The generated renderings are CC-CEDICT's own senses composed; only a
                # curated one says that a dictionary sense is the calque.
                self._index(entries, renderings=False)
        return self._glosses.get(zh, [])

    def renderings(self, zh: str) -> set[str]:
        """The renderings the curated lexicons list as mistranslations of ``zh``, folded
        ("add oil" for 加油): a dictionary sense among them is the calque, not a gloss."""
        self.glosses(zh)
        return self._renderings.get(zh, set())

    def user_glosses(self, zh: str) -> list[str]:
        """The user's glossary targets for ``zh``, which come before an entry's own."""
        return [en for source_zh, en in self._user if source_zh == zh]

    @property
    def automaton(self):
        if self._automaton is None:
            from .automaton import Automaton
            self._automaton = Automaton(self.matchable)
        return self._automaton


#: The order in which the tiers' glosses are offered for a stray Chinese fragment.
_GLOSS_ORDER = {"glossary": 0, "safe": 1, "context": 2, "review": 3, "generated": 4}

_HEADER_TIER = re.compile(r'^\s*tier\s*=\s*"([a-z]+)"', re.MULTILINE)
_CACHE: dict[str, Lexicon] = {}
#: The shipped lexicons as (name, text, tier); tests put their own in its place. The
#: text of a generated lexicon is a function that reads it, for it is read only when a
#: gloss is looked up.
_SHIPPED: list[tuple[str, str | Callable[[], str]]] | None = None


def _shipped_cached() -> list[tuple[str, str | Callable[[], str]]]:
    global _SHIPPED
    if _SHIPPED is None:
        files = []
        for path in _shipped_paths():
            with path.open("r", encoding="utf-8") as f:
                head = f.read(4096)
            if _tier_of(head) == "generated":
                files.append((path.name, lambda path=path: read_shipped(path)))
            else:
                files.append((path.name, path.read_text(encoding="utf-8")))
        _SHIPPED = files
    return _SHIPPED


def _tier_of(text: str) -> str | None:
    m = _HEADER_TIER.search(text)
    return m.group(1) if m else None


def _config_key(config) -> str:
    extra = getattr(config, "extra_entries", ()) or ()
    glossary = getattr(config, "glossary", ()) or ()
    if not extra and not glossary:
        return ""
    return json.dumps([list(extra), [(g.zh, g.en) for g in glossary]],
                      sort_keys=True, default=str, ensure_ascii=False)


def lexicon_for(config=None) -> Lexicon:
    """The lexicon in force under ``config``: shipped files, user entries, glossary.

    Built once per process for each distinct set of user entries and glossary.
    """
    key = _config_key(config)
    lexicon = _CACHE.get(key)
    if lexicon is None:
        files = _shipped_cached()
        eager, lazy = [], []
        for name, text in files:
            generated = callable(text) or _tier_of(text) == "generated"
            (lazy if generated else eager).append((name, text))
        entries = load(eager, getattr(config, "extra_entries", ()) or ())
        lexicon = Lexicon(entries, getattr(config, "glossary", ()) or (), gloss_only=lazy)
        if len(_CACHE) > 16:  # a long-lived process seeing many configurations
            _CACHE.clear()
        _CACHE[key] = lexicon
    return lexicon
