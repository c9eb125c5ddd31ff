"""One name, two renderings in one document.

MT402 reports every literal rendering of a name whose context holds. This rule reports
only what that leaves out: a rendering whose own ``near`` words are missing (a context
entry) in a document that elsewhere uses the English name, or has a rendering MT402 did
report. The document is then its own evidence, and the finding points at the other
rendering. Conditions that rule a rendering out where it stands (``not_near``,
``not_followed_by``...) still hold; a context entry's evidence must stand within
:data:`TERM_REACH` characters, and at a sentence start, where a capital says little, in
the same paragraph.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from ..automaton import (
    at_sentence_start,
    candidates,
    context_verdict,
    given_name,
    mentioned,
    prefetch_terms,
    scan,
    term_positions,
)
from ..lexicon import Entry, lexicon_for
from ..model import Finding, Suggestion
from ..text import Document
from .base import CheckContext, Rule
from .lexical import fit_gloss


def _glosses(entry: Entry) -> set[str]:
    return {*entry.gloss, *(g for v in entry.forms.values() for g in v)}


def _gloss_spans(doc: Document, entry: Entry) -> list[tuple[int, int]]:
    """Where the document uses one of the entry's glosses as a name of its own, in the
    gloss's own case: not as the head of a longer name ("the Honor Guard", "Central
    Park"), where an English word that is also the company's name often stands, save a
    product and its model number ("Honor Magic 6")."""
    text = doc.text
    return sorted((s, e) for gloss in _glosses(entry) for s, e in term_positions(doc, gloss)
                  if text[s:e].split() == gloss.split() and not _LONGER_NAME.match(text, e))


# A capitalised word after the gloss that is not a model name with a number ("Honor
# Magic 6", "Huawei Mate 60" are the company's).
_LONGER_NAME = re.compile(r"[ \t]+[A-Z][a-z]+\b(?![ \t]*\d)")


#: How far (in characters) the other name may stand from a rendering that is also an
#: English word, outside its paragraph: a short article, a few pages.
TERM_REACH = 6000


class Terminology(Rule):
    """A name rendered two ways in one document, once literally.

    Wrong: Joyo cut prices. Later the report says Excellence lost its lead.
    Right: Joyo cut prices. Later the report says Joyo lost its lead.
    """

    code = "MT501"
    name = "terminology"
    kind = "terminology"
    summary = "the same name rendered two ways in one document"

    def check(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        lexicon = lexicon_for(ctx.config)
        hits = candidates(lexicon, doc)
        if not hits:
            return
        reported = scan(lexicon, doc, ctx.source)
        reported_spans = {(m.start, m.end) for m in reported}
        # The reported matches do not overlap, so sorted by start their ends rise too.
        ordered = sorted(reported_spans)
        starts = [s for s, _ in ordered]
        reported_by_entry: dict[int, list[tuple[int, int]]] = {}
        for m in reported:
            reported_by_entry.setdefault(id(m.entry), []).append((m.start, m.end))
        evidence: dict[int, tuple[list, list]] = {}
        prefetch_terms(doc, (g for entry, _, _, _ in hits if entry.kind == "entity"
                             for g in _glosses(entry)))
        for entry, rendering, start, end in hits:
            if entry.kind != "entity" or (start, end) in reported_spans:
                continue
            i = bisect.bisect_left(starts, end) - 1  # the last reported span before end
            if i >= 0 and ordered[i][1] > start:
                continue  # part of a longer rendering that was reported
            if context_verdict(doc, entry, start, end, need_near=False) is None:
                continue  # ruled out by what surrounds it, not by missing evidence
            if mentioned(doc, start, end, entry.zh) or given_name(doc.text, start, end):
                continue  # "known in Chinese as Jinshan": the writer names both
            if id(entry) not in evidence:
                evidence[id(entry)] = (_gloss_spans(doc, entry),
                                       reported_by_entry.get(id(entry), []))
            other = self._evidence(doc, entry, start, *evidence[id(entry)])
            if other is None:
                continue
            glosses = [*lexicon.user_glosses(entry.zh), *entry.glosses_for(rendering)]
            yield self._finding(doc, entry, rendering, start, end, other, glosses)

    @staticmethod
    def _evidence(doc: Document, entry: Entry, start: int, glossed: list, reported: list):
        """The other rendering to point at: one in the same paragraph if any (the
        nearest), else the English name's first use, else the first reported rendering.
        At a sentence start, where a capital says little, only the paragraph counts."""
        paragraph = doc.paragraph_span(start)
        near = [span for span in glossed + reported
                if paragraph[0] <= span[0] < paragraph[1]]
        if near:
            return min(near, key=lambda span: abs(span[0] - start))
        if entry.context is None:
            return (glossed or reported or [None])[0]
        if at_sentence_start(doc.text, start):
            return None
        # A name that is also an English word ("Glory" for Honor, "Lucky" for Geely)
        # says little on its own: the other name must be close by, not somewhere in a
        # long file (a dictionary holds both "Glory" and "Honor").
        close = [span for span in glossed + reported if abs(span[0] - start) <= TERM_REACH]
        return min(close, key=lambda span: abs(span[0] - start)) if close else None

    def _finding(self, doc: Document, entry: Entry, rendering: str, start: int, end: int,
                 other: tuple[int, int], glosses: list[str]) -> Finding:
        o_start, o_end = other
        line = doc.position(o_start)[0]
        text, other_text = doc.text[start:end], doc.text[o_start:o_end]
        if other_text.split() == text.split():
            message = f"'{text}' is {entry.zh} here too, as on line {line}: {entry.note}"
        else:
            message = (f"'{text}' renders {entry.zh}, which this document also calls "
                       f"'{other_text}' (line {line}): {entry.note}")
        # Another rendering elsewhere makes a good case, not proof: a person decides.
        suggestions = []
        for gloss in dict.fromkeys(glosses):
            shown, edit = fit_gloss(doc, start, end, gloss, rendering, entry.zh)
            suggestions.append(Suggestion(shown, (edit,), safe=False, source="terminology"))
        return self.finding(doc, start, end, message, suggestions, related=((o_start, o_end),))


RULES = [Terminology]
