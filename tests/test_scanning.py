"""The fast paths under the rules: keyword automata over UTF-8 bytes, the folded text
with its offsets, and the excerpt of non-ASCII lines. Each is checked against the
obvious slow way on random text."""

from __future__ import annotations

import random
import re

import pytest

from mtclean import automaton, keywords
from mtclean.keywords import Keywords
from mtclean.text import Document, Excerpt

ALPHABET = "ab é中\n\t’"


def _random_text(rng: random.Random, size: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(size))


@pytest.mark.parametrize("large", [False, True], ids=["default", "dfa"])
@pytest.mark.parametrize("chunk", [1, 7, 2048])
def test_keywords_find_every_occurrence(monkeypatch, large, chunk):
    monkeypatch.setattr(keywords, "LARGE", 0 if large else 1 << 40)
    monkeypatch.setattr(keywords, "DFA_BYTES_PER_KEY", 0)
    monkeypatch.setattr(keywords, "_CHUNK", chunk)
    rng = random.Random(chunk * 2 + large)
    keys = {"".join(rng.choice("ab é中’") for _ in range(rng.randint(1, 4))) for _ in range(40)}
    found = Keywords((k, k) for k in keys)
    for _ in range(60):
        text = _random_text(rng, rng.randint(0, 600))
        keywords._LAST.clear()
        got = sorted(found.find(text))
        want = sorted((i, i + len(k), k) for k in keys for i in range(len(text))
                      if text.startswith(k, i))
        assert got == want


@pytest.mark.parametrize("seed", range(4))
def test_keywords_in_words_drops_only_keys_inside_ascii_words(seed):
    rng = random.Random(seed)
    keys = {"".join(rng.choice("ab_1 é中") for _ in range(rng.randint(1, 4))) for _ in range(40)}
    found = Keywords((k, k) for k in keys)

    def inside(ch: str, edge: str) -> bool:
        return ch.isascii() and (ch.isalnum() or ch == "_") and \
            edge.isascii() and (edge.isalnum() or edge == "_")

    for _ in range(40):
        text = "".join(rng.choice("ab_1 é中\n.") for _ in range(rng.randint(0, 300)))
        keywords._LAST.clear()
        want = sorted((s, e, v) for s, e, v in found.find(text)
                      if not (s and inside(text[s - 1], v[0]))
                      and not (e < len(text) and inside(text[e], v[-1])))
        assert sorted(found.find(text, words=True)) == want


def test_keywords_in_words_keep_a_key_beside_chinese():
    found = Keywords([("ov", 1)])
    assert found.find("love ov中ov ov.", words=True) == [(5, 7, 1), (8, 10, 1), (11, 13, 1)]


def test_keywords_offsets_past_astral_and_escaped_characters():
    text = "\U0001f600 rice\udcff noodle 中 rice noodle"
    found = Keywords([("rice noodle", 1), ("noodle", 2)])
    assert sorted(found.find(text)) == [(8, 14, 2), (17, 28, 1), (22, 28, 2)]
    assert text[17:28] == "rice noodle"


def test_keywords_empty():
    assert Keywords([]).find("anything") == []
    assert Keywords([("a", 1)]).find("") == []


@pytest.mark.parametrize("chunk", [1, 3, 1024])
def test_folded_offsets_map_back(monkeypatch, chunk):
    monkeypatch.setattr(automaton._Folded, "CHUNK", chunk)
    rng = random.Random(chunk)
    for _ in range(200):
        text = "".join(rng.choice("ab  \n\t.’") for _ in range(rng.randint(0, 400)))
        folded = automaton._Folded(text)
        spaced = text.replace("\t", " ").replace("\n", " ").replace("’", "'")
        # Brute force: every character kept, and the first space of each run.
        kept = [i for i, ch in enumerate(spaced) if ch != " " or i == 0 or spaced[i - 1] != " "]
        assert folded.text == "".join(spaced[i] for i in kept)
        assert [folded.original(f) for f in range(len(kept))] == kept


def test_excerpt_finds_what_the_whole_text_holds():
    rng = random.Random(5)
    pattern = re.compile("[é中]+")
    for brk in ("\n", "\r"):
        for _ in range(100):
            text = "".join(rng.choice("ab é中" + brk) for _ in range(rng.randint(0, 300)))
            excerpt = Excerpt(text, brk)
            got = [(h.span(), h.group()) for h in excerpt.finditer(pattern)]
            assert got == [(m.span(), m.group()) for m in pattern.finditer(text)]


def test_excerpt_of_ascii_text_is_empty():
    doc = Document("plain English\nonly\n")
    assert doc.non_ascii.text == ""
    assert list(doc.non_ascii.finditer(re.compile("[中]"))) == []


def test_line_starts_are_the_same_found_by_the_excerpt_or_alone():
    rng = random.Random(9)
    for _ in range(300):
        text = "".join(rng.choice("ab\n\ré") for _ in range(rng.randint(0, 40)))
        alone, with_excerpt = Document(text), Document(text)
        with_excerpt.non_ascii  # noqa: B018 (builds the excerpt first)
        assert with_excerpt.line_starts == alone.line_starts
        assert alone.line_starts[0] == 0


@pytest.mark.parametrize("seed", range(4))
def test_keyword_union_finds_what_each_set_finds_alone(seed):
    rng = random.Random(seed)

    def some_keys():
        return {"".join(rng.choice("ab_1 é中") for _ in range(rng.randint(1, 4)))
                for _ in range(30)}

    sets = [(Keywords((k, (n, k)) for k in some_keys()), rng.random() < 0.5) for n in range(3)]
    union = keywords.KeywordUnion(sets)
    for _ in range(40):
        text = "".join(rng.choice("ab_1 é中\n.") for _ in range(rng.randint(0, 300)))
        keywords._LAST.clear()
        # In the same order, not only the same hits.
        assert union.find(text) == [found.find(text, words=words) for found, words in sets]


def test_fenced_blocks_pair_like_fences_at_line_starts():
    from mtclean.text import fenced_blocks

    text = "a\n```py\nx = 1\n```\nb ``` c\n  ~~~~~~\n```\n~~~\n```\nopen"
    assert [text[s:e] for s, e in fenced_blocks(text)] == [
        "```py\nx = 1\n```", "  ~~~~~~\n```\n~~~"]
    assert [text[s:e] for s, e in fenced_blocks(text, unclosed=True)][-1] == "```\nopen"
    assert fenced_blocks("no fences here") == []


def test_a_long_document_scanned_once_finds_the_same(monkeypatch):
    """The rules' keyword sets found in one pass over a long document
    (automaton.prescan_folded) give the findings a pass a set gives."""
    from mtclean import check_text, engine

    line = ("Millions of rice noodles queued in Beijing for the new Xiaomi phone on "
            "5 month 20 Japan, and the Weilai brand  sold 6 ten thousand cars.\n")
    text = line * 40 + "The  vehicle limit performance was tested.\n" * 40
    monkeypatch.setattr(engine, "PRESCAN_FROM", 1 << 40)
    alone = check_text(text)
    monkeypatch.setattr(engine, "PRESCAN_FROM", 0)
    monkeypatch.setattr(automaton, "PRESCAN_FROM", 0)
    monkeypatch.setattr(automaton, "_UNIONS", {})
    together = check_text(text)
    assert automaton._UNIONS, "the document was not scanned once for all the sets"
    assert len({f.rule for f in alone}) >= 3
    assert together == alone
