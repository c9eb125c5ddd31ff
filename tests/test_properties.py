"""Properties of the core on any text at all: checking never raises, fixing is idempotent,
touches only what its edits say, and a round's edits do not depend on their order.

The texts come from tests/hostile_text.py: English, Chinese, full-width punctuation,
mojibake, brackets, every line ending and odd code points, glued together and mixed
with the case files' texts. ``pytest --hypothesis-show-statistics`` shows how many
examples each property ran.
"""

from __future__ import annotations

import random

from hostile_text import any_text, source_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtclean import Config, Edit, apply_edits, apply_plan, check_text, fix_text
from mtclean.fixer import AppliedFix, _clashes, _conflicts

# deadline=None: the first example loads the lexicons, and timing is not what is tested.
PROPERTY = settings(max_examples=300, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.filter_too_much])


def _round_inputs(text: str, plan: list[list[Edit]]) -> list[str]:
    """The text each round of ``plan`` was applied to."""
    texts = [text]
    for edits in plan[:-1]:
        texts.append(apply_edits(texts[-1], edits))
    return texts


def _apply_in_order(text: str, edits: list[Edit], order: list[int]) -> str:
    """Apply ``edits`` (positions in ``text``) one at a time in ``order``, moving each
    later edit by what the edits before it in the text did to the length."""
    done: list[Edit] = []
    for i in order:
        e = edits[i]
        shift = sum(len(d.replacement) - (d.end - d.start) for d in done
                    if (d.start, d.end) < (e.start, e.end))
        text = text[:e.start + shift] + e.replacement + text[e.end + shift:]
        done.append(e)
    return text


def _untouched(text: str, edits: list[Edit]) -> list[str]:
    """The pieces of ``text`` no edit covers, in order (inserts split pieces too)."""
    pieces, pos = [], 0
    for e in sorted(edits):
        pieces.append(text[pos:e.start])
        pos = e.end
    pieces.append(text[pos:])
    return pieces


def _connected(fix: AppliedFix) -> bool:
    """Whether every edit of the applied suggestion overlaps or abuts the finding's span
    or a span it points at, directly or through another of its edits."""
    f = fix.finding
    reach = [(f.start, f.end), *f.related]
    left = list(fix.suggestion.edits)
    while left:
        joined = [e for e in left if any(e.start <= b and a <= e.end for a, b in reach)]
        if not joined:
            return False
        reach.extend((e.start, e.end) for e in joined)
        left = [e for e in left if e not in joined]
    return True


@PROPERTY
@given(any_text, source_text)
def test_check_never_raises_and_findings_point_at_their_text(text, source):
    findings = check_text(text, source=source)
    for f in findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert f.text == text[f.start:f.end], f
        for s in f.suggestions:
            assert all(e.end <= len(text) for e in s.edits), (f, s)
    assert findings == sorted(findings, key=lambda f: f.sort_key())


@PROPERTY
@given(any_text)
def test_check_without_language_id_never_raises(text):
    check_text(text, Config(langid=False))


@PROPERTY
@given(any_text, st.booleans())
def test_fix_is_idempotent(text, unsafe):
    once = fix_text(text, unsafe=unsafe)
    twice = fix_text(once.text, unsafe=unsafe)
    assert twice.text == once.text, [(a.finding.rule, a.suggestion.edits) for a in twice.applied]
    assert not twice.applied


@PROPERTY
@given(any_text, st.booleans())
def test_fix_changes_only_what_its_edits_cover(text, unsafe):
    result = fix_text(text, unsafe=unsafe)
    plan = result.plan
    assert apply_plan(text, plan) == result.text
    assert result.changed == bool(plan)
    rounds = zip(_round_inputs(text, plan), plan, strict=False)
    for round_no, (before, edits) in enumerate(rounds, 1):
        after = apply_edits(before, edits)
        # Outside the edits, the text is the same characters in the same order.
        kept = _untouched(before, edits)
        pos = 0
        for piece, e in zip(kept, sorted(edits) + [None], strict=True):
            assert after.startswith(piece, pos), (round_no, piece)
            pos += len(piece) + (len(e.replacement) if e else 0)
        assert pos == len(after)
        for fix in result.applied:
            if fix.round == round_no:
                assert fix.finding.text == before[fix.finding.start:fix.finding.end]
                assert _connected(fix), fix


@PROPERTY
@given(any_text, st.booleans(), st.randoms(use_true_random=False))
def test_edits_of_a_round_apply_in_any_order(text, unsafe, rng: random.Random):
    result = fix_text(text, unsafe=unsafe)
    for before, edits in zip(_round_inputs(text, result.plan), result.plan, strict=False):
        ordered = sorted(edits)
        for a, b in zip(ordered, ordered[1:], strict=False):
            assert a.end <= b.start, (a, b)  # no overlap
            assert not (a.start == a.end == b.start == b.end), (a, b)  # no shared insertion
        order = list(range(len(edits)))
        rng.shuffle(order)
        assert _apply_in_order(before, edits, order) == apply_edits(before, edits)


@settings(PROPERTY, max_examples=200)
@given(any_text, source_text)
def test_fix_with_a_source_is_idempotent(text, source):
    once = fix_text(text, source=source, unsafe=True)
    assert fix_text(once.text, source=source, unsafe=True).text == once.text


def test_lone_surrogates_do_not_reach_the_language_models():
    # fastText and OpenCC take only text that encodes as UTF-8; a str from
    # surrogateescape decoding holds lone surrogates. Both used to raise here.
    check_text("\udfffmonth发布 }\n")
    fix_text("Ð¡Ã×Ð¡Ã×\udc80x\rÐ¡Ã×opinion", unsafe=True)


@st.composite
def _spans_and_edit(draw):
    """Edits that do not conflict with each other (as the fixer takes them), and one more."""
    taken: list[Edit] = []
    for _ in range(draw(st.integers(0, 12))):
        start = draw(st.integers(0, 40))
        e = Edit(start, start + draw(st.integers(0, 4)), "")
        if not any(_conflicts(e, t) for t in taken):
            taken.append(e)
    start = draw(st.integers(0, 44))
    return taken, Edit(start, start + draw(st.integers(0, 5)), "")


@settings(PROPERTY, max_examples=500)
@given(_spans_and_edit())
def test_fixer_conflict_search_agrees_with_pairwise_comparison(case):
    taken, edit = case
    spans = sorted((t.start, t.end) for t in taken)
    assert _clashes(edit, spans) == any(_conflicts(edit, t) for t in taken)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab .!?。\n”)\t", max_size=80))
def test_sentence_spans_of_a_long_line_agree_with_the_plain_scan(text):
    import mtclean.text as text_module

    plain = text_module.Document(text)
    long_line = text_module.Document(text)
    saved = text_module._LONG_LINE
    try:
        text_module._LONG_LINE = 10 ** 9
        expected = [plain.sentence_span(i) for i in range(len(text) + 1)]
        text_module._LONG_LINE = -1
        assert [long_line.sentence_span(i) for i in range(len(text) + 1)] == expected
    finally:
        text_module._LONG_LINE = saved


def test_protected_spans_on_a_long_line_are_the_code_and_urls_on_it():
    import re

    from mtclean.rules.untranslated import protected
    from mtclean.text import Document

    line = "See `代码` and https://例子.com/路径 then 中文 and more 中文 " * 50
    doc = Document(line)
    marked = [m.span() for m in re.finditer(r"`[^`]+`|https://\S+", line)]
    for start in range(0, len(line) - 2, 3):
        end = start + 2
        expected = any(s < end and start < e for s, e in marked)
        assert protected(doc, start, end) == expected, line[start:end]
