"""scripts/generate_calques.py: its output is a valid, sorted, deterministic lexicon, and
its filter keeps unusual literal renderings while rejecting ordinary English."""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path

import pytest

pytest.importorskip("wordfreq")
pytest.importorskip("lemminflect")

from mtclean.lexicon import validate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _load_script():
    name = "generate_calques"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while defining
        spec.loader.exec_module(module)
    return sys.modules[name]


gen = _load_script()

# A few dictionary lines in CC-CEDICT's format (traditional, simplified, pinyin, senses).
FIXTURE = """\
# a tiny dictionary
果 果 [guo3] /fruit/result/
粉 粉 [fen3] /powder/(suffix) fan/
果粉 果粉 [guo3 fen3] /(slang) fan of Apple products/
踩 踩 [cai3] /to step on/to tread/
雷 雷 [lei2] /thunder/(bound form) mine/
踩雷 踩雷 [cai3 lei2] /to step on a mine/(fig.) to do sth that turns out badly/
快 快 [kuai4] /fast/quick/
手 手 [shou3] /hand/
快手 快手 [kuai4 shou3] /(coll.) quick worker/
黑 黑 [hei1] /black/dark/
馬 马 [ma3] /horse/
黑馬 黑马 [hei1 ma3] /dark horse/fig. unexpected winner/
吃 吃 [chi1] /to eat/
醋 醋 [cu4] /vinegar/
吃醋 吃醋 [chi1 cu4] /lit. to eat vinegar/fig. to be jealous/
電腦 电脑 [dian4 nao3] /computer/
"""
FREQ = {"果": 900, "粉": 800, "踩": 300, "雷": 700, "快": 5000, "手": 6000, "黑": 2000,
        "马": 3000, "吃": 9000, "醋": 200, "电": 4000, "脑": 1000}


def _generate(lines: list[str], taken=frozenset()) -> str:
    words = gen.read_cedict(lines)
    keep = gen.EnglishFilter(attested={"dark horse"})
    composer = gen.Composer(words, FREQ, keep.zipf)
    candidates = gen.candidates_of(words, composer)
    return gen.to_toml(gen.generate(candidates, keep, taken=taken))


def test_output_is_a_valid_sorted_lexicon():
    text = _generate(FIXTURE.splitlines())
    assert validate([("generated.toml", text)]) == []
    data = tomllib.loads(text)
    assert data["lexicon"]["tier"] == "generated"
    assert "CC BY-SA" in data["lexicon"]["description"]
    firsts = [e["match"][0].casefold() for e in data["entry"]]
    assert firsts == sorted(firsts)
    renderings = {m: e["zh"] for e in data["entry"] for m in e["match"]}
    assert renderings["fruit powder"] == "果粉"
    assert renderings["stepped on the thunder"] == "踩雷"
    assert renderings["eating vinegar"] == "吃醋"
    assert not {"fast hand", "black horse", "dark horse"} & set(renderings)
    assert "电脑" not in renderings.values()  # a plain word, not slang
    for entry in data["entry"]:
        assert entry["note"].startswith(f"generated from CC-CEDICT: {entry['zh']} lit. ")
        assert entry.get("safe", False) is False


def test_output_is_deterministic():
    lines = FIXTURE.splitlines()
    assert _generate(lines) == _generate(list(reversed(lines)))


def test_curated_renderings_are_left_out():
    text = _generate(FIXTURE.splitlines(), taken={"fruit powder", "ate vinegar"})
    renderings = {m for e in tomllib.loads(text)["entry"] for m in e["match"]}
    # A curated base form takes the whole rendering; a curated inflection only itself.
    assert not {"fruit powder", "fruit powders", "ate vinegar"} & renderings
    assert "eating vinegar" in renderings


@pytest.mark.parametrize("phrase", ["fast hand", "straight man", "black horse", "high speed",
                                    "friends for a day"])
def test_filter_rejects_common_english(phrase):
    assert gen.EnglishFilter().reject([phrase])


@pytest.mark.parametrize("phrase", ["fruit powder", "wool party", "step on thunder",
                                    "pull hips", "eat melon masses"])
def test_filter_keeps_unusual_literal_phrases(phrase):
    assert gen.EnglishFilter().reject([phrase]) is None


def test_filter_rejects_attested_phrases_and_non_words():
    keep = gen.EnglishFilter(attested={"dark horse"})
    assert keep.reject(["dark horse", "dark horses"]) == "occurs in native English"
    assert keep.reject(["horses"]) == "one word"
    assert keep.reject(["qiche powder"]).startswith("not an English word")


def test_inflections():
    composer = gen.Composer({}, {}, gen.EnglishFilter().zipf)
    step = gen.PartGloss("step on", True)
    thunder = gen.PartGloss("thunder", False)
    assert composer.inflect([step, thunder]) == [
        "step on thunder", "step on the thunder", "stepping on thunder",
        "stepping on the thunder", "stepped on thunder", "stepped on the thunder"]
    party = composer.inflect([gen.PartGloss("wool", False), gen.PartGloss("party", False)])
    assert party == ["wool party", "wool parties"]


def test_committed_lexicon_is_generated_tier():
    path = ROOT / "lexicons" / "generated.toml"
    if not path.exists():
        pytest.skip("no generated lexicon committed")
    # Idioms read word for word and names in pinyin make it about 3.2 MB.
    assert path.stat().st_size < 4_000_000
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["lexicon"]["tier"] == "generated"
    assert all(e["note"].startswith("generated from CC-CEDICT") for e in data["entry"])


def test_two_character_names_in_pinyin_only_for_chinese_firms_and_places():
    firm = gen.Composer._chinese_firm
    assert firm(["Vanke, large Chinese real estate company, founded in 1984"])
    assert firm(["Gree (brand)"])
    assert firm(["Macao"])
    assert not firm(["Evian, mineral water company", "Évian-les-Bains, resort in France"])
    assert not firm(["Al-Amin"])
    words = gen.read_cedict([
        "依雲 依云 [Yi1 yun2] /Evian, mineral water company/Évian-les-Bains, town in France/",
        "萬科 万科 [Wan4 ke1] /Vanke, large Chinese real estate company/",
    ])
    composer = gen.Composer(words, {}, lambda w: 0.0)
    names = {zh: composer.pinyin_name(head) for zh, head in words.items()}
    assert names["依云"] is None
    assert names["万科"] is not None and "Wanke" in names["万科"].forms
