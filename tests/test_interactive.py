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


# -- the real command in a pseudo-terminal ---------------------------------------------------


def run_in_terminal(args: list[str], cwd, dialogue: list[tuple[str, str]]) -> tuple[int, str]:
    """Run ``args`` with a pseudo-terminal as its standard streams; for each (prompt,
    answer) wait for the prompt to appear and type the answer. Returns the exit status
    and everything the terminal showed."""
    import os
    import pty
    import select
    import subprocess

    master, slave = pty.openpty()
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    proc = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env,
                            close_fds=True)
    os.close(slave)
    seen = b""
    searched_from = 0  # prompts are looked for only after the last answer

    def read_until(token: bytes | None) -> None:
        nonlocal seen
        while token is None or token not in seen[searched_from:]:
            # A generous limit: it only stops a broken prompt from hanging the suite.
            ready, _, _ = select.select([master], [], [], 120)
            if not ready:
                raise AssertionError(f"no {token!r} in {seen.decode(errors='replace')}")
            try:
                chunk = os.read(master, 4096)
            except OSError:  # Linux: the child closed the terminal
                chunk = b""
            if not chunk:
                if token is None:
                    return
                raise AssertionError(f"ended before {token!r}: {seen.decode()}")
            seen += chunk

    try:
        for prompt, answer in dialogue:
            read_until(prompt.encode())
            searched_from = len(seen)
            os.write(master, answer.encode() + b"\r")
        read_until(None)
    finally:
        os.close(master)
        proc.wait()
    return proc.returncode, seen.decode("utf-8", errors="replace").replace("\r\n", "\n")


def test_fix_interactive_in_a_terminal(tmp_path):
    import sys

    (tmp_path / ".git").mkdir()
    path = tmp_path / "a.md"
    path.write_text("The critical舆论环境 (public opinion environment) shaped it.\n"
                    "Later the 媒体 covered it.\n"
                    "And the 舆论 turned.\n", encoding="utf-8")
    status, screen = run_in_terminal(
        [sys.executable, "-m", "mtclean", "fix", "--interactive", "a.md"], tmp_path,
        [("help: ", ""), ("help: ", "e"), ("replacement for '媒体': ", "press"),
         ("help: ", "q")])
    assert path.read_text(encoding="utf-8") == (
        "The critical public opinion environment shaped it.\n"
        "Later the press covered it.\n"
        "And the 舆论 turned.\n")
    assert status == 1  # a finding remains
    assert "a.md:1:13: MT101 stray-cjk" in screen
    assert "    1 | The critical舆论环境 (public opinion environment) shaped it." in screen
    assert "      |             ^^^^^^^^" in screen
    assert "1) 'public opinion environment'  (safe, inline-gloss)" in screen
    assert "-> The critical public opinion environment shaped it." in screen
    assert "quitting" in screen
    assert "a.md:3:9: MT101 stray-cjk '舆论'" in screen  # reported as remaining


def test_fix_interactive_refuses_without_a_terminal(tmp_path):
    import subprocess
    import sys

    (tmp_path / "a.md").write_text("the 舆论\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mtclean", "fix", "-i", "a.md"], cwd=tmp_path,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert done.returncode == 2 and "needs a terminal" in done.stderr
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "the 舆论\n"
