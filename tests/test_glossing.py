"""Glosses for Chinese fragments: the user's glossary, the lexicons, CC-CEDICT, pinyin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mtclean import Config, GlossaryEntry
from mtclean.glossing import cedict_senses, gloss_fragment

FIXTURES = Path(__file__).parent / "fixtures" / "lexicons"


def _texts(zh, config=None):
    return [g.text for g in gloss_fragment(zh, config)]


def test_no_chinese_no_gloss():
    assert gloss_fragment("hello", None) == []
    assert gloss_fragment("  ", None) == []


def test_public_opinion():
    assert any("public opinion" in t for t in _texts("舆论环境"))


def test_earnest_request():
    assert any(w in _texts("恳请大家")[0] for w in ("earnestly", "implore", "urge", "ask"))


def test_peak_performance():
    best = _texts("极限性能")[0]
    assert any(w in best for w in ("limit", "extreme", "peak", "maximum")), best


@pytest.mark.parametrize(("zh", "head"), [
    ("微博服务", "service"),  # "to serve; service"
    ("平台管理", "management"),  # "to supervise; to manage; ...; management"
    ("数据保护", "protection"),
])
def test_the_last_word_of_a_compound_reads_as_a_noun(zh, head):
    assert _texts(zh)[0].endswith(" " + head), _texts(zh)


@pytest.mark.parametrize("zh", ["舆情分析", "微博服务", "平台管理"])
def test_a_compound_whose_last_word_has_a_noun_sense_offers_no_verb_for_it(zh):
    # 分析 "to analyze; analysis": "public sentiment analyze" does not read.
    assert all(not text.endswith((" analyze", " serve", " manage", " supervise"))
               for text in _texts(zh)), _texts(zh)


@pytest.mark.parametrize(("zh", "first"), [
    ("用户体验", "user experience"),  # the glossary gives 用户 as "users"
    ("用户数据", "user data"),
])
def test_a_noun_before_the_last_modifies_it_in_the_singular(zh, first):
    assert _texts(zh)[0] == first, _texts(zh)


def test_a_sense_that_defines_rather_than_translates_is_not_a_compound_s_gloss():
    # 管制: "to control; to restrict; non-custodial sentence with specified
    # restrictions on one's activities for up to 3 years"; 出口: "an exit; ...".
    first = _texts("出口管制")[0]
    assert first.endswith(" control") and not first.startswith("an "), _texts("出口管制")


def test_a_last_word_with_only_verb_senses_offers_one_english_uses_as_a_noun_first():
    # 升级 "to go up by one grade; to escalate; to upgrade": "upgrade" is also a sense
    # on its own elsewhere in CC-CEDICT, "escalate" never.
    assert _texts("系统升级")[0] == "system upgrade", _texts("系统升级")


@pytest.mark.parametrize(("zh", "first"), [
    ("用户增长", "user growth"),  # 增长 "to grow; to increase"
    ("性能优化", "performance optimization"),  # 优化 "to optimize"
    ("价格下降", "price decline"),  # 下降 "to decline; to drop; ..."
    ("服务改善", "service improvement"),  # 改善 "to make better"
])
def test_a_last_word_with_only_verb_senses_offers_the_noun_english_makes_of_them(zh, first):
    assert _texts(zh)[0] == first, _texts(zh)


def test_an_adjective_sense_does_not_head_a_compound():
    # 投入 "to throw into; ...; to invest in; absorbed; engrossed".
    texts = _texts("研发投入")
    assert not any(t.endswith((" absorbed", " engrossed")) for t in texts), texts
    assert "research and development investment" in texts, texts


def test_a_context_entry_s_gloss_is_not_a_compound_part_s():
    # 优化 is "laid off" only for "was optimized" near layoffs.
    assert not any("laid off" in t for t in _texts("性能优化")), _texts("性能优化")


@pytest.mark.parametrize(("zh", "first"), [
    ("管理系统", "management system"),  # 管理 "to supervise; ...; management"
    ("保护措施", "protection measure"),  # 保护 "to protect; ...; protection"
])
def test_a_word_before_the_last_reads_as_a_noun_when_it_has_a_noun_sense(zh, first):
    assert _texts(zh)[0] == first, _texts(zh)


def test_a_verb_not_last_with_no_noun_sense_keeps_its_verb_sense():
    # 降低 "to reduce; to lower": a verb and its object. (One with a noun sense reads
    # as a noun: 保护数据 is "protection data", the compounds being the commoner case.)
    assert _texts("降低成本")[0] == "reduce costs", _texts("降低成本")


def test_experience_for_oneself_is_experience():
    assert _texts("用户体验")[0].endswith(" experience")


def test_glossary_and_lexicon_come_before_the_dictionary(fixture_lexicons):
    glosses = gloss_fragment("极限性能", Config())
    assert glosses[0].text == "limit performance"  # 性能 from the glossary tier
    assert glosses[0].source == "cedict" and not glosses[0].safe
    exact = gloss_fragment("性能", Config())
    assert (exact[0].text, exact[0].source, exact[0].safe) == ("performance", "lexicon", True)
    assert exact[1].source == "cedict"


def test_user_glossary_wins_and_is_safe(fixture_lexicons):
    config = Config(glossary=(GlossaryEntry("舆论环境", "climate of opinion"),))
    glosses = gloss_fragment("舆论环境", config)
    assert (glosses[0].text, glosses[0].source, glosses[0].safe) == \
        ("climate of opinion", "glossary", True)
    assert ("public opinion climate", False) in [(g.text, g.safe) for g in glosses]


def test_context_entries_gloss_only_as_suggestions(fixture_lexicons):
    glosses = gloss_fragment("米粉", Config())
    assert glosses[0].text == "Mi Fan" and not glosses[0].safe
    names = gloss_fragment("大疆", Config())
    assert (names[0].text, names[0].safe) == ("DJI", True)


def test_traditional_characters_are_normalised():
    assert _texts("懇請大家") == _texts("恳请大家")


def test_dictionary_glosses_are_never_safe():
    # 舆情分析 is in no lexicon: every gloss comes from CC-CEDICT, and none is safe.
    glosses = gloss_fragment("舆情分析", None)
    assert glosses and all(not g.safe and g.source == "cedict" for g in glosses)


def test_glossary_tier_terms_are_glossed_safely():
    first = gloss_fragment("极限性能", None)[0]
    assert (first.text, first.source, first.safe) == ("peak performance", "lexicon", True)
    # A term of several meanings is suggested, not applied.
    assert not gloss_fragment("续航", None)[0].safe


def test_senses_skip_surnames_classifiers_and_cross_references():
    assert cedict_senses("雷")[0] == "thunder"
    assert "CL:" not in " ".join(cedict_senses("环境"))
    assert all("variant of" not in s for s in cedict_senses("了"))
    assert all("(" not in s for s in cedict_senses("米粉"))


def test_names_in_pinyin(fixture_lexicons):
    glosses = gloss_fragment("雷军", Config())
    assert (glosses[0].text, glosses[0].source, glosses[0].safe) == ("Lei Jun", "pinyin", False)
    assert _texts("欧阳明", Config())[0] == "Ouyang Ming"


def test_no_pinyin_for_what_is_not_a_name():
    # Single characters that make no word and no name: better no gloss than a guess.
    assert _texts("嘤嘤嘤") == []


def test_results_are_cached():
    assert gloss_fragment("舆论环境", None) == gloss_fragment("舆论环境", None)


def _run(code: str, env_extra: dict | None = None) -> dict:
    env = {**os.environ, **(env_extra or {})}
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                         text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_english_text_loads_no_heavy_resource():
    result = _run("""
        import json, sys
        from mtclean import check_text
        from mtclean import glossing
        check_text("Plain English, with curly quotes \\u201clike these\\u201d and 5 month.")
        print(json.dumps({"loaded": sorted(glossing.loaded_resources()),
                          "modules": [m for m in ("jieba", "opencc", "pypinyin")
                                      if m in sys.modules]}))
    """)
    assert result == {"loaded": [], "modules": []}


def test_chinese_text_loads_them_quietly(tmp_path):
    code = """
        import json
        from mtclean import glossing
        glosses = glossing.gloss_fragment("恳请大家", None)
        print(json.dumps({"loaded": sorted(glossing.loaded_resources()),
                          "gloss": glosses[0].text}))
    """
    env = {"MTCLEAN_CACHE_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, env={**os.environ, **env}, check=True)
    assert proc.stderr == ""  # jieba's loading messages are silenced
    first = json.loads(proc.stdout)
    assert {"cedict", "jieba", "opencc"} <= set(first["loaded"])
    assert list(tmp_path.glob("cedict-*.pickle")), "CC-CEDICT was not cached"
    again = _run(code, env)  # now from the cache
    assert again["gloss"] == first["gloss"]


def test_words_jieba_cuts_into_characters_are_joined_again():
    from mtclean.glossing import _segment

    # jieba's dictionary predates 微博 and cuts it 微 + 博; CC-CEDICT has the word.
    assert _segment("微博服务")[:1] == ["微博"]
    assert gloss_fragment("微博服务")[0].text.split()[0] in ("Weibo", "microblogging")
    assert _segment("舆论环境") == ["舆论", "环境"]


def test_verb_nouns_data_is_two_columns_sorted_and_unique():
    from mtclean.origin import data_lines

    lines = data_lines("verb_nouns.tsv")
    rows = [line.split("\t") for line in lines]
    assert all(len(row) == 2 and all(cell and cell == cell.strip().lower() for cell in row)
               for row in rows), [row for row in rows if len(row) != 2]
    verbs = [verb for verb, _ in rows]
    assert verbs == sorted(verbs) and len(set(verbs)) == len(verbs)


@pytest.mark.parametrize(("zh", "first"), [
    ("加油吧", "go for it"),   # was "add oil bar"
    ("真的吗", "really"),      # was "really what?"
    ("红色的", "red"),         # was "red of"
])
def test_a_particle_that_ends_the_fragment_adds_nothing_to_its_gloss(zh, first):
    assert _texts(zh)[0] == first


def test_a_particle_inside_a_word_is_kept():
    # 目的 ends in 的 but is one word ("purpose"); 实现目的 keeps it.
    assert all("purpose" in t for t in _texts("实现目的")[:2])


def test_a_dictionary_sense_the_lexicons_list_as_the_calque_is_not_offered():
    # CC-CEDICT's first sense of 加油 is "to add oil", the calque the lexicons list;
    # what they give as its meaning comes first instead, in a compound too.
    assert not any("add oil" in t for t in _texts("加油"))
    assert _texts("加油")[0] == "go for it"
    assert not any("add oil" in t for t in _texts("中国加油"))


def test_a_preposition_sense_does_not_head_a_compound():
    # 走 "to walk; to go; ...; from; through; away": not "at once from".
    texts = _texts("马上走")
    assert texts and not any(t.split()[-1] in ("from", "through", "away") for t in texts)


def test_a_fragment_that_starts_with_a_pronoun_keeps_its_verb():
    assert _texts("我喜欢")[0] == "I like"
    assert _texts("我们走")[0] in ("we walk", "we go")


def test_final_particles_data_is_one_character_a_line_and_unique():
    from mtclean.origin import data_lines

    lines = data_lines("final_particles.txt")
    assert all(len(line) == 1 for line in lines) and len(set(lines)) == len(lines)


@pytest.mark.parametrize(("zh", "first"), [
    ("我的", "my"),           # was "I"
    ("他们的", "their"),
    ("小米的", "Xiaomi's"),   # was "Xiaomi"
    ("雷军的", "Lei Jun's"),
    ("红色的", "red"),        # an adjective: no possessive
])
def test_de_after_a_pronoun_or_a_name_makes_a_possessive(zh, first):
    assert _texts(zh)[0] == first


def test_a_possessive_is_not_made_of_a_term_the_glossary_knows():
    # 好的 is "OK" in the glossary, not "OK's".
    assert _texts("好的")[0] == "OK" and "OK's" not in _texts("好的")
