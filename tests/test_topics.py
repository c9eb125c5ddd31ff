"""Topics: what a passage is about, told by the different cues it uses, and the
context entries that take a topic as evidence where their own sentence says nothing."""

from __future__ import annotations

import pytest

from mtclean import Config, check_text
from mtclean.lexicon import validate
from mtclean.text import Document
from mtclean.topics import TOPIC_NEAR, TopicError, about, parse, topics

CARS = ("NIO and XPeng both cut prices this spring, and range anxiety is fading as "
        "charging piles spread along the highways. ")
TRANSIT = ("The city council approved a new light rail route this spring; commuters "
           "will ride it from the harbour to the stadium. ")

TRAM = {"match": ["tram", "trams"], "zh": "电车", "gloss": ["EV"], "kind": "calque",
        "note": "an electric car", "safe": True,
        "context": {"scope": "sentence", "near": ["fuel car", "fuel cars"],
                    "not_near": ["track", "tracks", "rail", "route", "passengers"],
                    "topic": "cars"}}
SENTENCE = "There are two key technologies for trams: batteries and software."


def _calques(text: str) -> list[tuple[str, bool]]:
    config = Config(extra_entries=(TRAM,), select=frozenset({"MT401"}))
    return [(f.text, any(s.safe for s in f.suggestions)) for f in check_text(text, config)
            if "电车" in f.message]


# -- the topics file -----------------------------------------------------------------


def test_shipped_topics_parse_with_sorted_distinct_cues():
    shipped = topics()
    assert {"cars", "phones", "markets"} <= set(shipped)
    for topic in shipped.values():
        assert list(topic.cues) == sorted(topic.cues), topic.name
        assert 2 <= topic.min_cues <= len(topic.cues)


@pytest.mark.parametrize(("text", "message"), [
    ("[[topic]\n", "topics:"),
    ('[[topic]]\ncues = ["a", "b"]\n', "has no name"),
    ('[[topic]]\nname = "x"\ncues = "a"\n', "cues must be a list"),
    ('[[topic]]\nname = "x"\ncues = ["a", "b"]\nmin_cues = 3\n', "min_cues"),
    ('[[topic]]\nname = "x"\ncues = ["a", "A", "b"]\n', "listed twice"),
    ('[[topic]]\nname = "x"\ncues = ["a", "b", "c"]\n[[topic]]\nname = "x"\ncues = ["a", "b", "c"]\n',
     "defined twice"),
])
def test_a_malformed_topics_file_is_an_error(text, message):
    with pytest.raises(TopicError, match=message):
        parse(text)


# -- telling the topic ---------------------------------------------------------------


def test_three_different_cues_make_the_topic():
    doc = Document(CARS + SENTENCE)
    assert about(doc, "cars", len(CARS) + 10)
    assert not about(doc, "phones", len(CARS) + 10)
    assert not about(doc, "no such topic", 0)


def test_one_cue_said_often_is_not_enough():
    doc = Document("NIO, NIO, NIO and again NIO. " + SENTENCE)
    assert not about(doc, "cars", 40)


def test_cues_far_away_do_not_count():
    filler = "Nothing on the subject here at all. " * (TOPIC_NEAR // 30)
    doc = Document(CARS + filler + SENTENCE)
    assert not about(doc, "cars", len(doc.text) - 10)
    assert about(doc, "cars", len(CARS) - 1)


def test_cues_are_whole_words():
    doc = Document("The Nioba, Teslar and Evsham EVents. " + SENTENCE)
    assert not about(doc, "cars", 40)


# -- context entries with a topic ----------------------------------------------------


def test_topic_stands_in_for_a_near_word_and_is_never_safe():
    assert _calques(CARS + SENTENCE) == [("trams", False)]


def test_near_word_in_the_sentence_is_still_safe():
    assert _calques("Trams cost less to run than fuel cars.") == [("Trams", True)]


def test_no_topic_no_finding():
    assert _calques(TRANSIT + SENTENCE) == []
    assert _calques(SENTENCE) == []


def test_not_near_rules_the_topic_out():
    assert _calques(CARS + "The trams on this route carry many passengers.") == []


def test_unknown_topic_is_a_lexicon_problem():
    body = ('[lexicon]\ntier = "context"\ndescription = "t"\n\n[[entry]]\n'
            'match = ["tram"]\nzh = "电车"\ngloss = ["EV"]\nkind = "calque"\nnote = "n"\n'
            'context = { topic = "boats" }\n'
            'examples = { positive = ["x"], negative = ["y"] }\n')
    messages = [p.message for p in validate([("t.toml", body)])]
    assert any("topic 'boats' is not one of" in m for m in messages)
