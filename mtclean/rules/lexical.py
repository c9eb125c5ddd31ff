"""Literal renderings of Chinese slang, idioms and names, found through the lexicons.

Both rules read the same scan (:func:`mtclean.automaton.scan`); MT401 reports the
``calque`` entries and MT402 the ``entity`` ones. Each suggestion is a gloss fitted into
the sentence: capitalised at a sentence start, with ``a``/``an`` agreeing with it, and
without doubling a word the text already has next to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..automaton import Match, at_sentence_start, scan
from ..lexicon import lexicon_for
from ..model import Edit, Finding, Suggestion
from ..text import Document
from ..topics import cue_keywords
from .base import CheckContext, Rule

# Words too common to count as a doubled word when a gloss starts or ends with them.
_FUNCTION_WORDS = frozenset("a an the of and or to in on for with by at".split())
# All-capital names said as words, not letter by letter ("a NIO", "an OPPO").
_SAID_AS_WORDS = frozenset({"NIO", "NASA", "NATO", "IKEA", "OPPO", "UNESCO", "UNICEF"})
_CONSONANT_SOUND = re.compile(r"(?i)^(?:uni|use|usu|uti|ura|uro|eu|ewe|one\b|once\b|u\b)")
_VOWEL_SOUND = re.compile(r"(?i)^(?:hour|honest|honou?r|heir)")
_WORD_BEFORE = re.compile(r"([\w'\u2019-]+)([ \t]+)\Z")
_WORD_AFTER = re.compile(r"([ \t]+)([\w'\u2019-]+)")


def indefinite_article(phrase: str) -> str:
    """'a' or 'an' for the English ``phrase`` it would stand before."""
    word = phrase.split()[0] if phrase.split() else phrase
    if word[:1].isdigit():
        return "an" if re.match(r"(?:8|11|18)(?!\d)|8\d(?!\d)|8\d\d(?!\d)", word) else "a"
    letters = re.sub(r"[^A-Za-z]", "", word)
    if letters and letters.isupper() and len(letters) <= 5 and letters not in _SAID_AS_WORDS:
        return "an" if letters[0] in "AEFHILMNORSX" else "a"
    if _VOWEL_SOUND.match(word):
        return "an"
    if _CONSONANT_SOUND.match(word):
        return "a"
    return "an" if word[:1].lower() in "aeiou" else "a"


def _match_case(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _title(phrase: str) -> str:
    words = phrase.split(" ")
    return " ".join(w if (i and w in _FUNCTION_WORDS) or w[:1].isupper()
                    else w[:1].upper() + w[1:] for i, w in enumerate(words))


def fit_gloss(doc: Document, start: int, end: int, gloss: str,
              rendering: str = "", zh: str = "") -> tuple[str, Edit]:
    """Fit ``gloss`` in place of ``doc.text[start:end]``.

    Returns the gloss as it will read (for display) and the edit that puts it there,
    which may reach over a doubled neighbouring word, an ``a``/``an`` to change, or
    the Chinese source ``zh`` left right after the rendering ("Weilai (蔚来)").
    """
    text = doc.text
    matched = text[start:end]
    e_start, e_end = start, end
    if zh:
        source = re.compile(rf"[ \t]*(?:[(\uff08][ \t]*{re.escape(zh)}[ \t]*[)\uff09]|{re.escape(zh)})")
        left = source.match(text, end)
        if left:
            e_end = left.end()
    words = gloss.split()
    before = _WORD_BEFORE.search(text, max(0, start - 60), start)
    if before and words and before.group(1).casefold() == words[0].casefold() \
            and words[0].casefold() not in _FUNCTION_WORDS:
        e_start = before.start(1)
    after = _WORD_AFTER.match(text, e_end)
    if after and words and after.group(2).casefold() == words[-1].casefold() \
            and words[-1].casefold() not in _FUNCTION_WORDS:
        e_end = after.end(2)
    shown = gloss
    first = words[0] if words else ""
    if at_sentence_start(text, e_start) and text[e_start:e_start + 1].isupper() \
            and first[1:] == first[1:].lower():  # not "iPhone" -> "IPhone"
        shown = shown[:1].upper() + shown[1:]
    elif rendering and matched != rendering and len(matched.split()) > 1 and \
            all(w[:1].isupper() for w in matched.split()) and e_start == start:
        shown = _title(shown)  # a headline in Title Case
    replacement = shown
    article = _WORD_BEFORE.search(text, max(0, e_start - 60), e_start)
    if article and article.group(1).lower() in ("a", "an"):
        wanted = indefinite_article(shown)
        if wanted != article.group(1).lower():
            replacement = _match_case(wanted, article.group(1)) + article.group(2) + shown
            e_start = article.start(1)
    return shown, Edit(e_start, e_end, replacement)


def lexicon_suggestions(doc: Document, match: Match, glosses: Iterable[str],
                        *, source: str = "lexicon") -> list[Suggestion]:
    """Suggestions for a match, best first; only the first may be safe."""
    out: list[Suggestion] = []
    seen: set[str] = set()
    for gloss in glosses:
        if gloss in seen:
            continue
        seen.add(gloss)
        shown, edit = fit_gloss(doc, match.start, match.end, gloss, match.rendering,
                                match.entry.zh)
        out.append(Suggestion(shown, (edit,), safe=match.safe and not out, source=source))
    return out


def glosses_for(match: Match, config) -> list[str]:
    """The user's glossary target for the entry's Chinese first, then the entry's."""
    lexicon = lexicon_for(config)
    return [*lexicon.user_glosses(match.entry.zh), *match.entry.glosses_for(match.rendering)]


class _LexicalRule(Rule):
    def folded_keywords(self, doc: Document, ctx: CheckContext):
        # The topics' cues too: the context of a few entries asks for them.
        return [(lexicon_for(ctx.config).automaton.keywords, True), (cue_keywords(), True)]

    def check(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        lexicon = lexicon_for(ctx.config)
        for match in scan(lexicon, doc, ctx.source):
            entry = match.entry
            if entry.kind != self.kind:
                continue
            message = f"'{match.text}' is a literal rendering of {entry.zh}: {entry.note}"
            if not match.safe and entry.tier in ("review", "generated"):
                message += " (check the meaning here)"
            suggestions = lexicon_suggestions(doc, match, glosses_for(match, ctx.config))
            yield self.finding(doc, match.start, match.end, message, suggestions)


class Calque(_LexicalRule):
    """A Chinese word or idiom translated word for word.

    Wrong: Millions of rice noodles queued for the new Xiaomi phone.
    Right: Millions of Mi Fans queued for the new Xiaomi phone.
    """

    code = "MT401"
    name = "calque"
    kind = "calque"
    summary = "literal rendering of Chinese slang or an idiom"


class Entity(_LexicalRule):
    """A Chinese name (company, brand, product, person, place) rendered literally or in
    pinyin where English uses another name.

    Wrong: Weilai delivered 20,000 cars in May.
    Right: NIO delivered 20,000 cars in May.
    """

    code = "MT402"
    name = "entity"
    kind = "entity"
    summary = "name rendered literally instead of its English name"


RULES = [Calque, Entity]
