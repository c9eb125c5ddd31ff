"""MT501 terminology over long texts: a name that is also an English word counts as a
second rendering only when the English name stands close by."""

from __future__ import annotations

from mtclean import Config, check_text
from mtclean.rules.terminology import TERM_REACH

ENTRY = {"match": ["Excellence"], "zh": "卓越", "gloss": ["Joyo"], "kind": "entity",
         "note": "the online retailer Joyo",
         "context": {"scope": "sentence", "near": ["Amazon"]}}
CONFIG = Config(select=frozenset({"MT501"}), extra_entries=(ENTRY,))
FILLER = "A paragraph of plain English about something else entirely.\n\n"


def _found(text):
    return [f.text for f in check_text(text, CONFIG)]


def test_english_name_a_few_paragraphs_away_is_evidence():
    text = "Joyo cut its prices.\n\n" + FILLER * 3 + "The report says Excellence lost its lead."
    assert _found(text) == ["Excellence"]


def test_english_name_pages_away_is_not():
    filler = FILLER * (TERM_REACH // len(FILLER) + 1)
    text = "Joyo cut its prices.\n\n" + filler + "The report says Excellence lost its lead."
    assert _found(text) == []
    text = "The report says Excellence lost its lead.\n\n" + filler + "Joyo cut its prices."
    assert _found(text) == []
