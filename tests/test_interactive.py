"""``fix --interactive``: the prompter as a ``decide`` callback, and the real command in a
pseudo-terminal."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest

import mtclean.rules
from mtclean import fix_text
from mtclean.interactive import Prompter, display_width, excerpt, preview
from mtclean.model import Edit, Suggestion
from mtclean.rules.base import Rule
from mtclean.text import Document


class HanRun(Rule):
    """Flags each run of Han characters, with two glosses for 舆论.

    Wrong: the 舆论 grew
    Right: the public opinion grew
    """

    code = "MT901"
    name = "han-run"
    kind = "stray-cjk"
    summary = "a run of Han characters"

    def check(self, doc, ctx):
        for m in re.finditer(r"[\u4e00-\u9fff]+", doc.text):
            s, e = m.span()
            if m.group() == "舆论":
                yield self.finding(doc, s, e, "Chinese left in English", [
                    Suggestion.replace(s, e, "public opinion", safe=False, source="cedict"),
                    Suggestion.replace(s, e, "the media", safe=False, source="lexicon"),
                ])
            else:
                yield self.finding(doc, s, e, "Chinese left in English")


@pytest.fixture
def fake_rules(monkeypatch):
    monkeypatch.setattr(mtclean.rules, "_RULES", [HanRun()])


def run(text: str, answers: str, **kwargs):
    out = io.StringIO()
    prompter = Prompter("a.md", input=io.StringIO(answers), output=out, **kwargs)
    result = fix_text(text, decide=prompter)
    return result.text, out.getvalue(), prompter


TEXT = "The 舆论 grew.\nThen 环境 and 舆论 again.\n"


def test_enter_accepts_the_first_suggestion_and_numbers_pick_others(fake_rules):
    fixed, shown, prompter = run(TEXT, "\ns\n2\n")
    assert fixed == "The public opinion grew.\nThen 环境 and the media again.\n"
    assert prompter.accepted == 2 and prompter.skipped == 1
    assert "a.md:1:5: MT901 han-run Chinese left in English" in shown
    assert "1) 'public opinion'  (unsafe, cedict)" in shown
    assert "-> The public opinion grew." in shown
    assert "no suggestion; type a replacement" in shown


def test_typing_a_replacement(fake_rules):
    fixed, _, _ = run(TEXT, "s\ne\nsurroundings\ns\n")
    assert fixed == "The 舆论 grew.\nThen surroundings and 舆论 again.\n"


def test_quit_leaves_the_rest_and_carries_over(fake_rules):
    fixed, shown, prompter = run(TEXT, "1\nq\n")
    assert fixed == "The public opinion grew.\nThen 环境 and 舆论 again.\n"
    assert prompter.quit and "quitting" in shown
    # a later file is not asked about at all
    out_before = len(shown)
    assert fix_text(TEXT, decide=prompter.for_file("b.md")).text == TEXT
    assert len(prompter.output.getvalue()) == out_before


def test_end_of_input_quits(fake_rules):
    fixed, _, prompter = run(TEXT, "")
    assert fixed == TEXT and prompter.quit


def test_unknown_answers_and_help_ask_again(fake_rules):
    fixed, shown, _ = run(TEXT, "x\n?\n9\n1\nq\n")
    assert fixed.startswith("The public opinion grew.")
    assert shown.count("apply [1-2] (Enter = 1)") == 4
    assert "unknown answer 'x'" in shown and "unknown answer '9'" in shown
    assert "type a replacement" in shown


def test_ask_safe_false_applies_safe_suggestions_without_asking(fake_rules, monkeypatch):
    class Safe(HanRun):
        def check(self, doc, ctx):
            for f in super().check(doc, ctx):
                if f.suggestions:
                    f = dataclasses.replace(f, suggestions=(
                        Suggestion.replace(f.start, f.end, "opinion", safe=True),))
                yield f

    monkeypatch.setattr(mtclean.rules, "_RULES", [Safe()])
    fixed, shown, _ = run(TEXT, "s\n", ask_safe=False)
    assert fixed == "The opinion grew.\nThen 环境 and opinion again.\n"
    assert shown.count("a.md:") == 1  # only the finding without a safe fix was shown


def test_excerpt_marks_the_span_by_display_width():
    doc = Document("前面 the 舆论 grew\n")
    line, carets = excerpt(doc, 7, 9, colour=False)
    assert line == "前面 the 舆论 grew"
    assert carets == " " * 9 + "^^^^"
    coloured, _ = excerpt(doc, 7, 9, colour=True)
    assert "\x1b[7m舆论\x1b[0m" in coloured


def test_excerpt_clips_long_lines():
    text = "word " * 50 + "舆论" + " word" * 50
    start = text.index("舆论")
    line, carets = excerpt(Document(text), start, start + 2, colour=False)
    assert line.startswith("…") and line.endswith("…")
    assert display_width(line) < 100
    assert carets.index("^") == display_width(line[:line.index("舆论")])
    assert carets.endswith(" ^^^^")


def test_preview_shows_the_line_after_every_edit_of_the_suggestion():
    text = "the 舆论环境 (public opinion environment) grew\n"
    start = text.index("舆论环境")
    suggestion = Suggestion("public opinion environment", (
        Edit(start, start + 4, "public opinion environment"),
        Edit(start + 4, text.index(" grew"), "")))
    assert preview(Document(text), suggestion) == "the public opinion environment grew"
