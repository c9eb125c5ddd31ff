"""MT101 and MT102 with a fixed gloss source, so suggestions do not depend on the
dictionaries, and the properties behind the case files."""

from __future__ import annotations

import pytest

from mtclean import Config, check_text, fix_text
from mtclean.glossing import Gloss
from mtclean.rules import stray_cjk, untranslated
from mtclean.rules.untranslated import fit_replacement

MINE = Config(select=frozenset({"MT101", "MT102"}))


@pytest.fixture
def glosses(monkeypatch):
    """Replace gloss_fragment by a table; record what it was asked."""
    table: dict[str, list[Gloss]] = {}
    asked: list[str] = []

    def gloss_fragment(zh, config):
        asked.append(zh)
        return table.get(zh, [])

    monkeypatch.setattr(stray_cjk, "gloss_fragment", gloss_fragment)
    monkeypatch.setattr(untranslated, "gloss_fragment", gloss_fragment)
    return table, asked


def test_safe_gloss_is_applied_with_spacing(glosses):
    table, _ = glosses
    table["极限性能"] = [Gloss("peak performance", "lexicon", safe=True)]
    text = "Racing taught them the car's极限性能, not the brochure."
    [finding] = check_text(text, MINE)
    assert finding.best.replacement == "peak performance" and finding.safe
    fixed = fix_text(text, MINE).text
    assert fixed == "Racing taught them the car's peak performance, not the brochure."


def test_unsafe_gloss_waits_for_a_person(glosses):
    table, _ = glosses
    table["极限性能"] = [Gloss("limit performance", "cedict"), Gloss("peak", "cedict")]
    text = "They pushed the极限性能 on track."
    [finding] = check_text(text, MINE)
    assert [s.replacement for s in finding.suggestions] == ["limit performance", "peak"]
    assert not finding.safe
    assert fix_text(text, MINE).text == text
    assert fix_text(text, MINE, unsafe=True).text == "They pushed the limit performance on track."


def test_no_gloss_means_no_suggestion(glosses):
    [finding] = check_text("They pushed the极限性能 on track.", MINE)
    assert finding.suggestions == ()


def test_traditional_characters_are_looked_up_simplified(glosses):
    _, asked = glosses
    check_text("They measured the輿論環境 again.", MINE)
    assert asked == ["舆论环境"]


def test_inline_gloss_needs_no_lookup(glosses):
    _, asked = glosses
    check_text("the critical舆论环境 (public opinion environment) grew", MINE)
    assert asked == []


def test_fragment_with_code_is_glossed_in_parts(glosses):
    table, _ = glosses
    table["城市"] = [Gloss("urban", "lexicon", safe=True)]
    [finding] = check_text("Owners can now use城市NOA in twelve cities.", MINE)
    assert finding.best.replacement == "urban NOA"
    assert not finding.safe  # composed from parts


def test_short_untranslated_segment_gets_curated_gloss_only(glosses):
    table, _ = glosses
    table["好的"] = [Gloss("okay", "cedict"), Gloss("all right", "lexicon")]
    text = "The driver nodded. 好的。 Then he drove off."
    [finding] = check_text(text, MINE)
    assert finding.rule == "MT102"
    assert [s.replacement for s in finding.suggestions] == ["all right"]
    assert not finding.safe
    fixed = fix_text(text, MINE, unsafe=True).text
    assert fixed == "The driver nodded. All right。 Then he drove off."


def test_english_text_never_asks_for_glosses(glosses):
    _, asked = glosses
    assert check_text("Plain English — with “quotes” and café prices of €5…", MINE) == []
    assert asked == []


def test_no_double_report():
    text = "Revenue grew. 我们会继续努力，不辜负大家的期待。 The stock rose."
    assert [f.rule for f in check_text(text, MINE)] == ["MT102"]


@pytest.mark.parametrize(("text", "rules"), [
    # One short fragment with English on either side: an English sentence, though more
    # than half its weight is Chinese and a language model calls it Chinese.
    ("The 用户增长 slowed.", [("MT101", "用户增长")]),
    ("Our 系统升级 failed.", [("MT101", "系统升级")]),
    # Chinese around English, in more than one run: a Chinese sentence.
    ("这款 iPhone Pro Max 的价格太高了。", [("MT102", "这款 iPhone Pro Max 的价格太高了。")]),
])
def test_a_short_fragment_between_english_words_is_stray_not_untranslated(text, rules):
    english = "Sales of the new model held up well in the spring, the company said.\n"
    found = check_text(english + text, MINE)
    assert [(f.rule, f.text) for f in found] == rules


@pytest.mark.parametrize("text, start, end, replacement, expected", [
    ("critical舆论环境 grew", 8, 12, "public opinion", " public opinion"),
    ("critical 舆论环境 grew", 9, 13, "public opinion", "public opinion"),
    ("the 舆论环境, grew", 4, 8, "public opinion", "public opinion"),
    ("the 舆论环境and", 4, 8, "public opinion", "public opinion "),
    ("舆论环境 grew", 0, 4, "public opinion", "Public opinion"),
    ("Done. 舆论环境 grew", 6, 10, "public opinion", "Public opinion"),
    ("said “舆论环境” grew", 6, 10, "public opinion", "public opinion"),
    ("“舆论环境” grew", 1, 5, "public opinion", "Public opinion"),
    ("word (舆论) word", 4, 9, "", ""),
    ("word(舆论)word", 4, 8, "", " "),
    ("up 3.舆论", 5, 7, "x", "x"),
])
def test_fit_replacement(text, start, end, replacement, expected):
    assert fit_replacement(text, start, end, replacement) == expected


def test_fixing_never_leaves_double_spaces():
    texts = [
        "the critical 舆论环境 (public opinion environment) grew",
        "the user experience (用户体验) matters",
        "the user experience （用户体验） matters",
        "So I once again恳请大家 (earnestly ask everyone) , please",
    ]
    for text in texts:
        fixed = fix_text(text, MINE).text
        assert "  " not in fixed and not fixed.startswith(" "), fixed


@pytest.mark.parametrize("distance, reported", [(5, True), (400, False)])
def test_a_lone_exclamation_mark_is_reported_only_near_chinese(distance, reported):
    # One Chinese name in a long changelog says nothing about its other pages.
    filler = "\n".join(["Release notes follow for the next version."] * distance)
    text = f"Thanks to Yao Wei (魏銘廷) for the patch.\n{filler}\nDeleted the old build tree !\n"
    found = [f.text for f in check_text(text, Config(select=("MT203",)))]
    assert found == ([" !"] if reported else [])
