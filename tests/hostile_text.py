"""Hypothesis strategies for text mtclean meets in the wild, and worse.

Texts are built from fragments: English words, Chinese words, full-width punctuation,
mojibake of several kinds, brackets, every line ending, odd code points (NUL, controls,
lone surrogates, noncharacters, private use, bidi controls, combining marks, emoji
sequences) and the case-file texts themselves, so that the rules' real triggers meet
each other and the debris around them. Used by tests/test_properties.py.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from hypothesis import strategies as st

CASES = Path(__file__).parent / "cases"


def case_texts() -> list[str]:
    """The ``text`` of every behaviour case: real triggers for every rule family."""
    texts = []
    for path in sorted(CASES.glob("*.toml")):
        with open(path, "rb") as f:
            texts.extend(case["text"] for case in tomllib.load(f).get("case", []))
    return texts


ENGLISH = (
    "the", "of", "and", "said", "market", "brand", "model", "price", "phone", "car",
    "rice", "noodles", "month", "Japan", "public", "opinion", "environment", "Weilai",
    "single", "dog", "up", "12%", "May", "20", "Mr.", "e.g.", "don't", "U.S.",
)
CHINESE = (
    "舆论环境", "米粉", "蔚来", "手机", "小米", "你好", "的", "了", "中国", "北京", "单身狗",
    "點心", "發布會", "呼吁大家", "〇", "々", "𠀀",  # traditional, CJK ext. B
)
FULL_WIDTH = tuple("，。！？：；「」『』、（）《》〈〉【】“”‘’—…·～\u3000．％１２Ａ")
MOJIBAKE = (
    "鎵嬫満", "鍙戝竷", "锟斤拷", "烫烫烫", "屯屯屯", "Ð¡Ã×", "â€™", "â€œ", "Ã©", "Ã¤Â¸Â­",
    "\ufffd", "\ufffd\ufffd", "ï¿½", "Â ", "�",
)
ODD = (
    "\x00", "\x01", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u200b", "\u200d", "\ufeff",
    "\u2028", "\u2029", "\U0010ffff", "\ue000", "\uffff", "\ufffe", "\ud800", "\udfff",
    "\udc80", "\\u4e2d", "\\x", "&#20013;", "%E4%B8%AD", "\u0301", "e\u0301", "\u0300\u0300",
    "\u202e", "\u202d", "\u200f", "مرحبا", "שלום", "😀", "👨\u200d👩\u200d👧", "🇨🇳", "\u2764\ufe0f",
    "İ", "ß", "ﬁ", "Σ", "ǅ", "\u1e9e", "Ⅻ", "①", "٣", "\u00ad",
)
BRACKETS = tuple("()[]{}<>\"'") + ("((", "))", " (", ") ")
SPACING = ("\n", "\r\n", "\r", " ", "  ", "\t", "\n\n", "\r\n\r\n", "\u00a0")

_CASES = case_texts()

fragment = st.one_of(
    st.sampled_from(ENGLISH),
    st.sampled_from(CHINESE),
    st.sampled_from(FULL_WIDTH),
    st.sampled_from(MOJIBAKE),
    st.sampled_from(ODD),
    st.sampled_from(BRACKETS),
    st.sampled_from(SPACING),
    st.sampled_from(_CASES),
    st.integers(0, 99_999).map(str),
    # Any code point at all, lone surrogates included: a str may hold them.
    st.text(st.characters(exclude_categories=()), max_size=4),
)

#: Fragments glued together, sometimes with a separator between them.
mixed_text = st.one_of(
    st.lists(fragment, max_size=30).map("".join),
    st.lists(st.tuples(fragment, st.sampled_from(("", " ", "", "\n"))), max_size=30)
    .map(lambda pairs: "".join(a + b for a, b in pairs)),
)

#: A Chinese source segment, as batch jobs pass to the source-aware rules.
source_text = st.one_of(
    st.none(),
    st.lists(st.one_of(st.sampled_from(CHINESE), st.sampled_from(FULL_WIDTH),
                       st.sampled_from(ODD), st.integers(0, 999).map(str)), max_size=12)
    .map("".join),
)


@st.composite
def mutated_cases(draw) -> str:
    """One to four case texts run together, then cut, spliced and sprinkled with debris."""
    separator = st.sampled_from(("", " ", "\n", "\r\n", "\r", "，", "。", "(", ")", "（", "）"))
    parts = draw(st.lists(st.tuples(st.sampled_from(_CASES), separator),
                          min_size=1, max_size=4))
    text = "".join(a + b for a, b in parts)
    for _ in range(draw(st.integers(0, 4))):
        i = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(("delete", "insert", "cut")))
        if op == "delete":
            text = text[:i] + text[i + 1:]
        elif op == "insert":
            text = text[:i] + draw(fragment) + text[i:]
        else:
            text = text[:i] + text[draw(st.integers(i, min(len(text), i + 20))):]
    return text


#: What the properties run on.
any_text = st.one_of(mixed_text, mutated_cases())
