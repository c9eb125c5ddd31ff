"""MT103 net-shorthand: Chinese internet shorthand copied into English unchanged.

Social-media Chinese writes some words as digit puns or pinyin initials: 666 (slick,
awesome), 2333 (a laughing emoticon), hhhh (haha), xswl (笑死我了, I'm dying of
laughter). Machine translation has nothing to translate and copies them through, so
English output reads "the ending was 666666, xswl". (yyds, which the lexicons list, is
left to MT401.) The tokens and their meanings are data
(``data/net_shorthand.tsv``). One Aho-Corasick pass over the lower-cased text finds the
few places worth a closer look; tokens that are also English numbers or abbreviations
(666, TMD) are reported only where the text shows it came from Chinese
(:mod:`mtclean.origin`). Code and URLs are never reported. Every suggestion is unsafe:
the gloss rarely drops into the sentence as it stands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..automaton import at_sentence_start
from ..keywords import Keywords
from ..model import Edit, Finding, Suggestion
from ..origin import Origin, data_lines
from ..text import Document
from .base import CheckContext, Rule
from .untranslated import protected


@dataclass(frozen=True)
class Shorthand:
    token: re.Pattern  # the whole token, lower case
    zh: str
    glosses: tuple[str, ...]
    needs: str  # "always", "origin" or "script" (see data/net_shorthand.tsv)

    @property
    def needs_origin(self) -> bool:
        return self.needs != "always"


NEEDS = ("always", "origin", "script")


@lru_cache(maxsize=1)
def shorthands() -> list[Shorthand]:
    found = []
    for line in data_lines("net_shorthand.tsv"):
        token, zh, glosses, needs = line.split("\t")
        if needs not in NEEDS:
            raise ValueError(f"net_shorthand.tsv: {token}: unknown need {needs!r}")
        found.append(Shorthand(re.compile(token), zh, tuple(glosses.split("|")), needs))
    return found


def _literal_head(pattern: str) -> str:
    """The literal text every match of ``pattern`` starts with ("6666" of "6666+")."""
    head = re.match(r"[0-9a-z]*", pattern).group()
    return head[:-1] if pattern[len(head):len(head) + 1] in ("+", "*", "?", "{") else head


@lru_cache(maxsize=1)
def _keywords() -> Keywords[str]:
    return Keywords((head, head) for head in {_literal_head(s.token.pattern)
                                                for s in shorthands()})


# A token is a whole word: no letter, digit or mark of a handle, tag or path next to it.
_EDGE = re.compile(r"[\w@#/\\.%$&+-]")
_TOKEN = re.compile(r"[0-9a-z]+")


def find_shorthand(doc: Document):
    """Yield (start, end, shorthand) of each shorthand token in ``doc``."""
    lower = doc.lower
    last = -1
    for start, _, _ in _keywords().find(lower):
        if start <= last or (start and _EDGE.match(lower, start - 1)
                             and not _is_cjk(lower[start - 1])):
            continue
        token = _TOKEN.match(lower, start)
        end = token.end()
        last = end
        if end < len(lower) and _EDGE.match(lower, end) and not _is_cjk(lower[end]) \
                and not (lower[end] in ".-" and not _EDGE.match(lower, end + 1)):
            continue
        word = token.group()
        for shorthand in shorthands():
            if shorthand.token.fullmatch(word):
                yield start, end, shorthand
                break


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


# Where a run of h or digits stands for hex digits: after U+, &#x, \\u, \\x or 0x.
_PLACEHOLDER = re.compile(r"(?:u\+|&#x|\\[ux]|0x)(h{4,8}|x{4,8})\b")
_HEX_TALK = re.compile(r"(?i)\bhex(?:adecimal)?\b|\bcode ?points?\b")


def _placeholders(doc: Document) -> frozenset[str]:
    """Tokens the document uses as placeholders for hex digits ("U+hhhh")."""
    lower = doc.lower
    return frozenset(m.group(1) for m in _PLACEHOLDER.finditer(lower)) \
        if any(mark in lower for mark in ("u+", "&#x", "\\u", "\\x", "0x")) else frozenset()


class NetShorthand(Rule):
    """Chinese internet shorthand (digit puns, pinyin initials) left untranslated.

    Wrong: The final episode was 666666, xswl!
    Right: The final episode was awesome, LMAO!
    """

    code = "MT103"
    name = "net-shorthand"
    kind = "untranslated"
    summary = "Chinese internet shorthand (666, 2333, xswl) left untranslated"

    def check(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        origin = None
        placeholders = None
        for start, end, shorthand in find_shorthand(doc):
            token = doc.lower[start:end]
            if token.strip("hx") == "":
                if placeholders is None:
                    placeholders = _placeholders(doc)
                if token in placeholders or _HEX_TALK.search(doc.text, *doc.sentence_span(start)):
                    continue  # "U+hhhh, where hhhh is the code point": a hex placeholder
            # In capitals a token is more likely an English placeholder or acronym
            # ("the hexadecimal value HHHH"): it too needs signs of Chinese origin.
            capitals = doc.text[start:end].isupper()
            if shorthand.needs_origin or capitals:
                origin = origin or Origin.of(doc, ctx.source)
                if not origin.supports(start, shorthand.zh):
                    continue
                if shorthand.needs == "script" and origin.source is None \
                        and not origin.script_near(start):
                    continue  # a name of software too (xdm): a signal word is not enough
            if protected(doc, start, end):
                continue  # code or a URL
            text = doc.text[start:end]
            glosses = shorthand.glosses
            if at_sentence_start(doc.text, start):
                glosses = tuple(g[:1].upper() + g[1:] for g in glosses)
            yield self.finding(
                doc, start, end,
                f"'{text}' is Chinese internet shorthand for {shorthand.zh} "
                f"({shorthand.glosses[0]}), left untranslated",
                [Suggestion(g, (Edit(start, end, g),), False, "shorthand")
                 for g in glosses],
            )


RULES = [NetShorthand]
