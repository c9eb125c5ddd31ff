"""The lexicons checked like code, and the matching that uses them.

The shipped files must pass every rule of lexicons/README.md, and every example a
context entry gives must behave as it says when run through ``check_text``. The
matching and the validator themselves are tested on the small lexicons in
tests/fixtures/lexicons/ and on broken data written here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtclean import Config, GlossaryEntry, check_text, fix_text, lexicon
from mtclean.automaton import scan
from mtclean.lexicon import fold, lexicon_for, validate
from mtclean.rules.lexical import indefinite_article
from mtclean.text import Document

FIXTURES = Path(__file__).parent / "fixtures" / "lexicons"
LEXICAL_RULES = frozenset({"MT401", "MT402", "MT501", "MT701"})


def _fixture_files():
    return sorted((p.name, p.read_text(encoding="utf-8")) for p in FIXTURES.glob("*.toml"))


def _texts(text, config=None, rules=("MT401", "MT402")):
    config = Config() if config is None else config
    return [(f.rule, f.text) for f in check_text(text, config.with_(select=frozenset(rules)))]


# -- the shipped lexicons -------------------------------------------------------------


def test_shipped_lexicons_pass_every_rule():
    problems = validate()
    assert not problems, "\n".join(map(str, problems))


def test_shipped_lexicons_are_there():
    names = [name for name, _ in lexicon.shipped_files()]
    assert names, "no lexicon files shipped in mtclean.lexicons"


def _examples():
    for entry in lexicon.load(lexicon.shipped_files()):
        for sentence in entry.positive:
            yield pytest.param(entry, sentence, True, id=f"{entry.file}:{entry.index}:+")
        for sentence in entry.negative:
            yield pytest.param(entry, sentence, False, id=f"{entry.file}:{entry.index}:-")


@pytest.mark.parametrize("entry, sentence, positive", list(_examples()))
def test_example(entry, sentence, positive):
    findings = check_text(sentence, Config(select=LEXICAL_RULES))
    if positive:
        renderings = {fold(m) for m in entry.match}
        ours = [f for f in findings if fold(f.text) in renderings and entry.zh in f.message]
        assert ours, f"{entry.where} does not fire on {sentence!r}: {findings}"
    else:
        assert not findings, f"{entry.where}: {[(f.rule, f.text) for f in findings]}"


# -- the validator --------------------------------------------------------------------

HEADER = '[lexicon]\ntier = "{tier}"\ndescription = "test"\n\n'


def _problems(body: str, tier: str = "safe", name: str = "test.toml", **kw):
    return [p.message for p in validate([(name, HEADER.format(tier=tier) + body)], **kw)]


def _entry(match='["male god"]', zh="男神", gloss='["heartthrob"]', extra=""):
    return (f"[[entry]]\nmatch = {match}\nzh = \"{zh}\"\ngloss = {gloss}\nkind = \"calque\"\n"
            f"note = \"an admired man\"\n{extra}\n")


def test_fixtures_are_valid():
    assert validate(_fixture_files()) == []


def test_a_clean_file_has_no_problem():
    assert _problems(_entry()) == []


def test_toml_syntax_error():
    assert any("not valid TOML" in p for p in _problems("[[entry]\n"))


def test_unknown_tier_and_keys():
    assert any("unknown tier" in p for p in _problems(_entry(), tier="risky"))
    assert any("unknown keys ['colour']" in p for p in _problems(_entry(extra='colour = "red"')))


def test_entries_must_be_sorted():
    body = _entry(match='["sprinkle water"]', zh="洒洒水") + _entry()
    problems = validate([("t.toml", HEADER.format(tier="safe") + body)])
    assert [(p.index, "out of order" in p.message) for p in problems] == [(1, True)]


def test_duplicates_within_and_across_files():
    one = HEADER.format(tier="safe") + _entry(match='["male god", "Male  God"]')
    two = HEADER.format(tier="review") + _entry()
    messages = [str(p) for p in validate([("a.toml", one), ("b.toml", two)])]
    assert any("twice in this entry" in m for m in messages)
    assert any(m.startswith("b.toml: entry 0") and "also in a.toml: entry 0" in m
               for m in messages)


def test_a_gloss_may_not_be_a_rendering():
    body = _entry(match='["god male"]', zh="神男", gloss='["male god"]') + _entry()
    assert any("gloss 'male god' is a rendering listed in test.toml: entry 1" in p
               for p in _problems(body))
    holding = _entry(match='["god male"]', zh="神男", gloss='["a male god indeed"]') + _entry()
    assert any("contains 'male god'" in p for p in _problems(holding))
    own = _entry(match='["god"]', zh="神", gloss='["a god of sorts"]')
    assert any("contains 'god'" in p for p in _problems(own))


def test_a_gloss_may_hold_a_rendering_that_needs_context():
    context = HEADER.format(tier="context") + _entry(
        match='["ceiling"]', zh="天花板",
        extra='context = { near = ["fans"] }\n'
              'examples = { positive = ["Fans call him the ceiling."], '
              'negative = ["Paint the ceiling."] }')
    safe = HEADER.format(tier="safe") + _entry(match='["heaven board"]', zh="天板",
                                               gloss='["put a ceiling on it"]')
    assert validate([("a.toml", context), ("b.toml", safe)]) == []


def test_scripts_in_zh_gloss_and_match():
    assert any("must be a string holding Chinese" in p for p in _problems(_entry(zh="nanshen")))
    assert any("holds Chinese" in p for p in _problems(_entry(gloss='["男神 idol"]')))
    assert any("holds Chinese" in p for p in _problems(_entry(match='["男神"]')))


def test_review_entries_are_never_safe():
    assert any("never safe" in p for p in _problems(_entry(extra="safe = true"), tier="review"))


def test_bad_types_and_values():
    assert any("kind" in p for p in _problems(_entry().replace('"calque"', '"slang"')))
    assert any("case" in p for p in _problems(_entry(extra='case = "upper"')))
    assert any("forms key" in p for p in _problems(_entry(extra='forms = { "god" = ["idol"] }')))
    assert any("gloss must be" in p for p in _problems(_entry(gloss="[]")))


def test_context_entries_need_condition_and_examples():
    problems = _problems(_entry(), tier="context")
    assert any("needs a context table" in p for p in problems)
    assert any("positive and one negative example" in p for p in problems)
    bare = _problems(_entry(extra='context = { scope = "sentence" }'), tier="context")
    assert any("no condition" in p for p in bare)


def test_context_in_another_tier_and_bad_regex():
    assert any("only context entries" in p
               for p in _problems(_entry(extra='context = { near = ["fans"] }')))
    broken = _entry(extra="context = { followed_by = '(' }\n"
                          'examples = { positive = ["x"], negative = ["y"] }')
    assert any("not a valid regex" in p for p in _problems(broken, tier="context"))


@pytest.mark.parametrize("pattern", ["^\\\\s+Group", "(?i)^\\\\s+group"])
def test_a_caret_that_turns_followed_by_off(pattern):
    entry = _entry(extra=f"context = {{ not_followed_by = '{pattern}' }}\n"
                         'examples = { positive = ["x"], negative = ["y"] }')
    assert any("starts with '^'" in p for p in _problems(entry, tier="context"))


def test_examples_must_behave():
    body = _entry(extra='context = { near = ["fans"] }\n'
                        'examples = { positive = ["He is a male god to us."], '
                        'negative = ["Her fans call him a male god."] }')
    problems = _problems(body, tier="context")
    assert any("positive example does not fire" in p for p in problems)
    assert any("negative example fires 'male god'" in p for p in problems)


def test_glossary_tier():
    body = '[[entry]]\nzh = "性能"\ngloss = ["performance"]\n'
    assert _problems(body, tier="glossary") == []
    with_match = '[[entry]]\nmatch = ["x"]\nzh = "性能"\ngloss = ["performance"]\n'
    assert any("no match" in p for p in _problems(with_match, tier="glossary"))


def test_user_entries_are_checked_too():
    problems = lexicon.validate_entries([{"match": ["Weilai"], "zh": "wei", "gloss": ["NIO"]}])
    assert [p.file for p in problems] == ["configuration"]


# -- matching -------------------------------------------------------------------------


def test_word_boundaries(fixture_lexicons):
    assert _texts("Her fans adore the female goddess.") == []
    assert _texts("Her fans adore the male god.") == [("MT401", "male god")]
    assert _texts("Her fans adore the male god's smile.") == [("MT401", "male god")]


def test_entity_case_and_sentence_start(fixture_lexicons):
    assert _texts("the big xinjiang drone") == []
    assert _texts("the BIG XINJIANG drone") == []
    assert _texts("Fans cheered. Male gods, they said.") == [("MT401", "Male gods")]


def test_case_sensitive_rendering_capitalised_at_sentence_start(fixture_lexicons):
    entry = {"match": ["spell more"], "zh": "拼多多", "gloss": ["Pinduoduo"],
             "kind": "entity", "note": "the shop"}
    config = Config(extra_entries=(entry,))
    assert _texts("Spell more sold fruit.", config) == [("MT402", "Spell more")]
    assert _texts("\u201cSpell more sold fruit.", config) == [("MT402", "Spell more")]
    assert _texts("They said Spell more sold fruit.", config) == []


def test_whitespace_runs_and_line_endings(fixture_lexicons):
    text = "The Big \t Xinjiang drone.\r\nThe Big\r\nXinjiang drone."
    found = _texts(text)
    assert found == [("MT402", "Big \t Xinjiang"), ("MT402", "Big\r\nXinjiang")]
    assert fix_text(text).text == "The DJI drone.\r\nThe DJI drone."
    assert _texts("The Big\n\nXinjiang drone.") == []


def test_positions_after_collapsed_whitespace(fixture_lexicons):
    text = "a    b      c  The   Big Xinjiang   drone, and   Weilai."
    for f in check_text(text, Config(select=frozenset({"MT402"}))):
        assert text[f.start:f.end] == f.text
    assert fix_text(text).text == "a    b      c  The   DJI   drone, and   NIO."


def test_curly_apostrophes_match_straight_ones(fixture_lexicons):
    entry = {"match": ["god's-eye view"], "zh": "上帝视角", "gloss": ["big picture"],
             "kind": "calque", "note": "an overview"}
    config = Config(extra_entries=(entry,))
    assert _texts("A god\u2019s-eye view of sales.", config) == [("MT401", "god\u2019s-eye view")]


def test_rendering_next_to_chinese(fixture_lexicons):
    assert _texts("新车Weilai ES8") == [("MT402", "Weilai")]


def test_longest_rendering_wins(fixture_lexicons):
    entry = {"match": ["Xiaopeng"], "zh": "小鹏", "gloss": ["XPeng"], "kind": "entity",
             "note": "the carmaker"}
    config = Config(extra_entries=(entry,))
    assert _texts("Xiaopeng Motors grew.", config) == [("MT402", "Xiaopeng Motors")]


def test_near_is_whole_word_and_may_be_chinese(fixture_lexicons):
    assert _texts("Xiaomiland sold rice noodles.") == []
    assert _texts("MyXiaomi sold rice noodles.") == []
    assert _texts("小米 fans are called rice noodles.") == [("MT401", "rice noodles")]


def test_not_near_and_not_followed_by(fixture_lexicons):
    assert _texts("Weibo fans saw Zeus as the male god of Olympus.") == []
    assert _texts("Amazon won the Excellence Award.") == []
    assert _texts("Amazon bought Excellence.") == [("MT402", "Excellence")]


def test_preceded_by_regexes(fixture_lexicons):
    entry = {"match": ["Ideal"], "zh": "理想", "gloss": ["Li Auto"], "kind": "entity",
             "note": "the carmaker", "context": {"preceded_by": r"(?i)carmaker\s+",
                                                 "not_preceded_by": r"\bthe\s+"}}
    config = Config(extra_entries=(entry,))
    assert _texts("Rival CARMAKER Ideal grew.", config) == [("MT402", "Ideal")]
    assert _texts("An ideal carmaker Ideal", config) == [("MT402", "Ideal")]
    assert _texts("Rival carmaker the Ideal grew.", config) == []
    assert _texts("Ideal grew.", config) == []


def test_near_words_in_a_long_scope_are_searched_once_per_document(monkeypatch):
    from mtclean import automaton

    # A document scope longer than the scopes searched where they lie: each match looks
    # in its own sentence, and the document's positions of the context word are found
    # once, not once per match. Count the characters the context searches cover.
    entry = {"match": ["rice noodles"], "zh": "米粉", "gloss": ["Mi Fans"], "kind": "calque",
             "note": "Xiaomi's fans", "context": {"scope": "document", "near": ["Xiaomi"]}}
    config = Config(extra_entries=(entry,))
    doc = Document("Xiaomi fans. " + "The rice noodles queued. " * 900)
    assert len(doc.text) > automaton._LOCAL_SCOPE
    scanned = []
    real = automaton._whole_words

    def counting(term, lowered, lo, hi):
        scanned.append(hi - lo)
        return real(term, lowered, lo, hi)

    monkeypatch.setattr(automaton, "_whole_words", counting)
    assert len(scan(lexicon_for(config), doc)) == 900
    assert scanned.count(len(doc.text)) == 1  # one pass over the whole document
    assert sum(scanned) < 3 * len(doc.text)  # and one sentence per match besides


def test_a_paragraph_scope_reaches_only_so_far(fixture_lexicons):
    from mtclean import automaton

    filler = "The queue was long and the weather was fine. " * 40  # 1,840 characters
    assert len(filler) > automaton.PARAGRAPH_REACH
    lex = lexicon_for(Config())
    near = Document("Xiaomi fans came. The rice noodles queued. " + filler)
    far = Document("Xiaomi fans came. " + filler + "The rice noodles queued.")
    assert len(scan(lex, near)) == 1
    assert scan(lex, far) == []


def test_near_words_in_a_short_scope_are_found_where_they_lie(fixture_lexicons):
    # The local search must see the same word edges as the document-wide one.
    lex = lexicon_for(Config())
    assert len(scan(lex, Document("Xiaomi fans. The rice noodles queued."))) == 1
    assert scan(lex, Document("NotXiaomi fans. The rice noodles queued.")) == []
    assert scan(lex, Document("Xiaomix fans. The rice noodles queued.")) == []
    assert scan(lex, Document("The rice noodles queued.\n\nXiaomi fans.")) == []


def test_scan_is_shared_by_rules(fixture_lexicons):
    lex = lexicon_for(Config())
    doc = Document("Weilai and the Big Xinjiang drone.")
    assert scan(lex, doc) is scan(lex, doc)


def test_lexicon_is_built_once_per_configuration(fixture_lexicons):
    entry = {"match": ["Wenjie"], "zh": "问界", "gloss": ["AITO"], "kind": "entity",
             "note": "the car brand"}
    assert lexicon_for(Config()) is lexicon_for(Config(unsafe_fixes=True))
    assert lexicon_for(Config(extra_entries=(entry,))) is \
        lexicon_for(Config(extra_entries=(dict(entry),)))
    assert lexicon_for(Config(extra_entries=(entry,))) is not lexicon_for(Config())


def test_user_entry_wins_by_zh_and_by_rendering(fixture_lexicons):
    by_zh = {"match": ["Wei Car"], "zh": "蔚来", "gloss": ["Nio"], "kind": "entity",
             "note": "house style"}
    config = Config(extra_entries=(by_zh,))
    assert _texts("Weilai and Wei Car.", config) == [("MT402", "Wei Car")]
    by_rendering = {"match": ["Weilai"], "zh": "未来", "gloss": ["future"], "note": "x"}
    f = check_text("Weilai grew.", Config(extra_entries=(by_rendering,)))
    assert [(x.text, x.best.replacement) for x in f] == [("Weilai", "Future")]


def test_user_glossary_comes_first(fixture_lexicons):
    config = Config(glossary=(GlossaryEntry("蔚来", "Nio Inc."),))
    f = check_text("Weilai grew.", config.with_(select=frozenset({"MT402"})))
    assert [s.replacement for s in f[0].suggestions] == ["Nio Inc.", "NIO"]


def test_review_entries_are_suggestions(fixture_lexicons):
    f = check_text("Jinshan released WPS.", Config(select=frozenset({"MT402"})))
    assert [(x.text, x.safe, x.best.replacement) for x in f] == [("Jinshan", False, "Kingsoft")]
    assert fix_text("Jinshan released WPS.").text == "Jinshan released WPS."


def test_message_names_the_chinese(fixture_lexicons):
    f = check_text("Xiaomi thanked the rice noodles.", Config(select=frozenset({"MT401"})))
    assert f[0].message == ("'rice noodles' is a literal rendering of 米粉: "
                            "米粉 is the nickname of Xiaomi's fans")


@pytest.mark.parametrize("phrase, article", [
    ("NIO", "a"), ("AITO", "an"), ("EV maker", "an"), ("SUV", "an"), ("DJI drone", "a"),
    ("idol", "an"), ("heartthrob", "a"), ("hour", "an"), ("unicorn", "a"), ("user", "a"),
    ("OPPO phone", "an"), ("8-core chip", "an"), ("18th", "an"), ("1.5 tonne", "a"),
])
def test_indefinite_article(phrase, article):
    assert indefinite_article(phrase) == article


def test_large_files_are_parsed_once_and_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("MTCLEAN_CACHE_DIR", str(tmp_path))
    body = "".join(_entry(match=f'["male god {i:05d}"]') for i in range(700))
    files = [("big.toml", HEADER.format(tier="review") + body)]
    assert len(files[0][1]) > lexicon._CACHE_FROM
    first = lexicon.load(files)
    [cached] = tmp_path.glob("lexicon-*.pickle")
    assert [e.match for e in lexicon.load(files)] == [e.match for e in first]
    cached.write_bytes(b"not a pickle")
    assert len(lexicon.load(files)) == 700  # a broken cache is parsed anew


@settings(max_examples=400, deadline=None, database=None)
@given(st.text(alphabet="ab _-\n中x", max_size=30),
       st.sampled_from(["a", "ab", "a b", "b a", "aa", "a a", "中", "a中", "-a", "a-"]))
def test_whole_word_search_agrees_with_the_look_around_pattern(text, term):
    from mtclean.automaton import _whole_words, term_pattern

    lowered = text.lower()
    assert list(_whole_words(term, lowered, 0, len(lowered))) == \
        [m.span() for m in term_pattern(term).finditer(lowered)]
