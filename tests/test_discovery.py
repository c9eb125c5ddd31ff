"""MT701 and the source segment as evidence of Chinese origin (the rules'
behaviour on text is in tests/cases/discovery.toml)."""

from __future__ import annotations

from mtclean import Config, check_text

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
