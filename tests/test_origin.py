"""Evidence that a text came from Chinese (mtclean.origin), and the context entries that
take it in place of their ``near`` words (``origin = true``)."""

from __future__ import annotations

import weakref

import pytest

from mtclean import Config, check_text, origin
from mtclean.cache import gc_paused
from mtclean.lexicon import validate
from mtclean.text import Document

MT401 = Config(select=frozenset({"MT401"}))


@pytest.mark.parametrize("text, expected", [
    ("Plain English about fishing.", False),
    ("Revenue rose to 3 billion yuan.", True),
    ("He said，fine", True),  # full-width punctuation
    ("They met at Zhongguancun.", True),  # pinyin name
])
def test_origin_is_possible(text, expected):
    doc = Document(text)
    assert origin.Origin(doc, None).possible is expected


def test_a_document_is_freed_with_its_origins_and_the_gc_paused():
    # The document keeps its origins; they must not keep it (a cycle outlives a
    # paused or frozen collector, and a long text with it).
    doc = Document("Sales in Shenzhen rose，fast.")
    gone = weakref.ref(doc)
    with gc_paused():
        assert origin.Origin.of(doc, None).possible
        del doc
        assert gone() is None


def test_origin_needs_the_same_paragraph_or_two_names():
    doc = Document("Sales in Shenzhen rose.\n\nThey were touching fish.")
    assert not origin.Origin(doc, None).supports(doc.text.index("touching"), "摸鱼")
    doc = Document("Sales in Shenzhen and Wuhan rose.\n\nThey were touching fish.")
    assert origin.Origin(doc, None).supports(doc.text.index("touching"), "摸鱼")


def test_pinyin_helpers():
    assert origin.pinyin_split("zhongguancun") == ["zhong", "guan", "cun"]
    assert origin.pinyin_split("london") is None
    assert origin.looks_pinyin("Zhongguancun")
    assert not origin.looks_pinyin("Human")
    assert origin.pinyin_words()["qiche"][0] == "汽车"
    assert "wang" in origin.pinyin_surnames()


# -- context entries with `origin = true` --------------------------------------------


def _found(text, source=None):
    return [(f.text, f.suggestions[0].safe) for f in check_text(text, MT401, source=source)]


def test_near_word_in_the_sentence_is_still_safe(fixture_lexicons):
    assert _found("He posted it in the circle of friends on WeChat.") == [
        ("circle of friends", True)]


def test_no_evidence_no_finding(fixture_lexicons):
    assert _found("She has a wide circle of friends.") == []
    assert _found("The circle of friends was buzzing last night.") == []


def test_chinese_names_nearby_stand_in_for_near_words(fixture_lexicons):
    text = "After Lei Jun's speech, the circle of friends was buzzing all night."
    assert _found(text) == [("circle of friends", False)]


def test_chinese_script_nearby_stands_in(fixture_lexicons):
    text = "The circle of friends was buzzing.\n\nSee 发布会 for the rest."
    assert _found(text) == [("circle of friends", False)]


def test_chinese_script_pages_away_does_not(fixture_lexicons):
    # A long English manual that shows one 〈 as an example of a character.
    filler = "Plain English prose about something else entirely.\n\n" * 400
    text = "Typographers call 〈 an angle bracket.\n\n" + filler + \
        "The circle of friends was buzzing."
    assert _found(text) == []
    doc = Document(text)
    evidence = origin.Origin(doc, None)
    assert evidence.chinese_script and evidence.possible
    assert not evidence.supports(doc.text.index("circle"), "朋友圈")
    assert evidence.supports(doc.text.index("angle"), "朋友圈")


def test_a_source_segment_decides(fixture_lexicons):
    text = "The circle of friends was buzzing last night."
    assert _found(text, source="昨晚朋友圈沸腾了。") == [("circle of friends", False)]
    # A source without the Chinese word rules the rendering out, names or not.
    named = "After Lei Jun's speech, the circle of friends was buzzing."
    assert _found(named, source="雷军演讲后，他的朋友们都很兴奋。") == []


def test_not_near_still_rules_out(fixture_lexicons):
    text = "After Lei Jun's speech, the circle of friends on Facebook was buzzing."
    assert _found(text) == []


def _problems(context: str) -> list[str]:
    body = ('[lexicon]\ntier = "context"\n\n[[entry]]\nmatch = ["male god"]\nzh = "男神"\n'
            'gloss = ["heartthrob"]\nkind = "calque"\nnote = "an admired man"\n'
            f'context = {context}\nexamples = {{ positive = ["x"], negative = ["y"] }}\n')
    return [p.message for p in validate([("test.toml", body)])]


def test_origin_must_be_a_boolean():
    assert any("origin must be true or false" in p for p in _problems('{ origin = "yes" }'))
    assert any("no condition" in p for p in _problems("{ origin = false }"))
    assert not any("origin" in p or "no condition" in p for p in _problems("{ origin = true }"))
