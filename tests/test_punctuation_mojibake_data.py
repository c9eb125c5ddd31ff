"""The data behind the punctuation and mojibake rules, their fast paths and properties."""

from __future__ import annotations

import subprocess
import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from mtclean import Config, check_text, fix_text
from mtclean.rules.mojibake import claimed_spans, common_hanzi
from mtclean.rules.punctuation import ROLES, punctuation_table
from mtclean.text import CJK_PUNCT, HAS_CJK, Document


def test_punctuation_table_rows_are_well_formed():
    table = punctuation_table()
    assert table
    for ch, mark in table.items():
        assert len(ch) == 1 and ch == mark.char
        assert mark.role in ROLES, ch
        assert mark.english, ch
        assert mark.english.isascii() or mark.role == "space", ch
        if mark.curly:
            assert mark.role in ("open", "close") and mark.english in "\"'", ch
        # A mark MT201 replaces must be one the rest of mtclean calls CJK punctuation.
        assert CJK_PUNCT.fullmatch(ch), f"{ch!r} ({unicodedata.name(ch)}) is not CJK punctuation"


def test_punctuation_table_is_in_code_point_order():
    keys = list(punctuation_table())
    assert keys == sorted(keys)


def test_brackets_pair_up():
    table = punctuation_table()
    opens = sum(m.role == "open" for m in table.values())
    closes = sum(m.role == "close" for m in table.values())
    # 〟 closes what 〝 opens, as 〞 does.
    assert closes == opens + 1


def test_common_hanzi_holds_han_only_without_mojibake():
    common = common_hanzi()
    assert len(common) >= 3500
    assert all(HAS_CJK.fullmatch(ch) for ch in common)
    assert {"的", "是", "中", "國", "为", "為"} <= common
    # The characters GBK makes of UTF-8 (手机 -> 鎵嬫満, 中文 -> 涓枃, 的 -> 鐨) must stay out,
    # as they do not in frequency lists counted on text that held mojibake.
    assert not {"鎵", "嬫", "満", "涓", "枃", "鐨", "犲"} & common


def test_claimed_spans_cover_chinese_mojibake_and_lost_text():
    doc = Document("the 鎵嬫満 and Ð¡Ã× and 锟斤拷 and café")
    spans = [doc.text[s:e] for s, e in claimed_spans(doc)]
    assert spans == ["鎵嬫満", "Ð¡Ã×", "锟斤拷"]


def test_clean_text_does_not_load_ftfy_or_the_character_list():
    code = (
        "import sys\n"
        "from mtclean import check_text\n"
        "from mtclean.rules import mojibake\n"
        "check_text('Plain English, with “curly quotes”, a café and 5 €.', "
        "__import__('mtclean').Config(select=frozenset({'mojibake', 'punctuation'})))\n"
        "assert 'ftfy' not in sys.modules, 'ftfy loaded'\n"
        "assert mojibake.common_hanzi.cache_info().currsize == 0, 'hanzi loaded'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- properties -------------------------------------------------------------------------

# European prose as tokens: words (accented letters inside them, an ASCII letter or a
# one-letter word like "à" first), numbers with their signs, and typography between.
_WORD = st.tuples(
    st.sampled_from(list("abcdefghijklmnopqrstuvwxyzCPZ") + ["à", "é", "Ç"]),
    st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyz") + list("éèüöñçøå")),
            max_size=8),
).map("".join)
# Names joined by a middle dot or a hyphen ("Ke·Jie", "Jean-Paul").
_WORD = st.one_of(_WORD, st.tuples(_WORD, st.sampled_from("·-"), _WORD).map("".join))
_NUMBER = st.sampled_from(["5", "2024", "€5", "£4", "¥30", "25°C", "±2", "3 × 4", "½", "10–12",
                           "1.5", "99%"])
_TYPOGRAPHY = st.sampled_from([" ", " ", " ", ", ", ". ", "; ", ": ", "! ", "? ", " — ", "—",
                               "… ", " “", "” ", " ‘", "’ ", "’s ", " (", ") ", "\n"])
_ENGLISH_TYPOGRAPHY = st.lists(st.tuples(st.one_of(_WORD, _WORD, _NUMBER), _TYPOGRAPHY),
                               max_size=20).map(lambda pairs: "".join(t + s for t, s in pairs))
_MIXED = st.text(
    alphabet=st.sampled_from(
        list("abc XYZ 12 .,!?()")
        + list("，。、；：！？（）《》「」【】～…—\u3000ＡＢ１２")
        + list("中文手机小米鎵嬫満Ð¡Ã×锟斤拷\ufffd")
    ),
    max_size=60,
)
_NOT_SPACING = Config(select=frozenset({"MT201", "MT202", "mojibake"}))
_PUNCTUATION_AND_MOJIBAKE = Config(select=frozenset({"punctuation", "mojibake"}))


@settings(max_examples=300, deadline=None)
@given(_ENGLISH_TYPOGRAPHY)
def test_english_typography_is_never_cjk_punctuation_or_mojibake(text):
    assert check_text(text, _NOT_SPACING) == []


@settings(max_examples=300, deadline=None)
@given(_MIXED)
def test_fixing_is_idempotent(text):
    once = fix_text(text, _PUNCTUATION_AND_MOJIBAKE, unsafe=True).text
    assert fix_text(once, _PUNCTUATION_AND_MOJIBAKE, unsafe=True).text == once


def test_a_long_line_without_spaces_is_repaired_in_pieces_cut_before_ascii():
    # Chinese punctuated in ASCII but with no space: one piece of it all went to
    # difflib, which is quadratic in what it is given (a 250 KB line took minutes).
    from mtclean.rules.mojibake import PIECE, _pieces

    text = "价格上涨,销量下降,cafÃ©" * 2000
    pieces = list(_pieces(text, 0, len(text)))
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a == b for (_, a), (b, _) in zip(pieces, pieces[1:], strict=False))
    assert max(e - s for s, e in pieces) <= 2 * PIECE
    found = check_text(text, Config(select=frozenset({"MT301"})))
    assert len(found) == 2000
    assert all(f.suggestions[0].replacement.startswith("café") for f in found)
