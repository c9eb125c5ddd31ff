"""The discovery rules' evidence of Chinese origin and their pinyin helpers (the rules'
behaviour on text is in tests/cases/discovery.toml)."""

from __future__ import annotations

import pytest

from mtclean import Config, check_text
from mtclean.rules import discovery
from mtclean.text import Document

MT701 = Config(select=frozenset({"MT701"}))
SENTENCE = "Half the team was stroking fish all afternoon."


def test_source_holding_the_chinese_is_evidence():
    found = check_text(SENTENCE, MT701, source="整个下午一半的人都在摸鱼。")
    assert [(f.rule, f.text) for f in found] == [("MT701", "stroking fish")]


def test_source_without_the_chinese_rules_it_out():
    # The text names a Chinese city, but the source says this is not 摸鱼.
    text = "In Hangzhou, half the team was stroking fish all afternoon."
    assert check_text(text, MT701)
    assert check_text(text, MT701, source="在杭州，一半的人整个下午都在水族馆里喂鱼。") == []


def test_no_evidence_no_finding():
    assert check_text(SENTENCE, MT701) == []
    assert check_text(SENTENCE, MT701, source="an English source") == []


@pytest.mark.parametrize("text, expected", [
    ("Plain English about fishing.", False),
    ("Revenue rose to 3 billion yuan.", True),
    ("He said，fine", True),  # full-width punctuation
    ("They met at Zhongguancun.", True),  # pinyin name
])
def test_origin_is_possible(text, expected):
    assert discovery.Origin(Document(text), None).possible is expected


def test_origin_needs_the_same_paragraph_or_two_names():
    doc = Document("Sales in Shenzhen rose.\n\nThey were touching fish.")
    origin = discovery.Origin(doc, None)
    assert not origin.supports(doc.text.index("touching"), "摸鱼")
    doc = Document("Sales in Shenzhen and Wuhan rose.\n\nThey were touching fish.")
    assert discovery.Origin(doc, None).supports(doc.text.index("touching"), "摸鱼")


def test_pinyin_helpers():
    assert discovery.pinyin_split("zhongguancun") == ["zhong", "guan", "cun"]
    assert discovery.pinyin_split("london") is None
    assert discovery.looks_pinyin("Zhongguancun")
    assert not discovery.looks_pinyin("Human")
    assert discovery.pinyin_words()["qiche"][0] == "汽车"
    assert "wang" in discovery.pinyin_surnames()
