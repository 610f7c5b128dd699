"""A decision or an open question a rule took, that the reading finds all but impossible, is
left out (extract_decisions.decisions, extract_questions.questions with a ``reading``), with a
reading that says what each test needs."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from fakes import FakeReading

from engine.minutes.extract import extract
from engine.minutes.extract_learned import READ_AFTER, Reading
from engine.minutes.extract_types import Said
from engine.types import Segment


def Read(kind: str, word: str) -> FakeReading:
    """A reading that adds nothing and finds the sentences saying ``word`` all but
    impossible for ``kind``."""
    return FakeReading(unlikely={kind: word})


NAMES = {0: "Ann", 1: "Bob", 2: "Cy"}
TALK = [Segment(4.0 * k, 4.0 * k + 3, text, speaker=who) for k, (who, text) in enumerate((
    (0, "Right, the summer fete."),
    (1, "The field's booked for the second Saturday."),
    (2, "Should we hire the bouncy castle again?"),
    (0, "Yes, let's go with the bouncy castle."),
    (1, "Agreed."),
    (2, "Will the council let us close the lane, though?"),
    (0, "Nobody knows yet."),
    (1, "And the second stage, let's go with the school one."),
    (2, "Fine."),
    (0, "Who pays for the portable toilets?"),
    (1, "No idea yet.")))]


@pytest.mark.parametrize("kind, word", [("decision", "castle"), ("question", "lane")])
def test_an_item_the_reading_finds_impossible_is_left_out_and_the_rest_stand(kind, word):
    def items(spotter=None):
        e = extract(TALK, NAMES, spotter=spotter)
        return [i.text for i in (e.decisions if kind == "decision" else e.questions)]
    plain = items()
    assert any(word in t for t in plain) and len(plain) >= 2
    assert items(Read(kind, word)) == [t for t in plain if word not in t]


def test_an_item_of_the_other_kind_is_not_dropped():
    plain = extract(TALK, NAMES)
    read = extract(TALK, NAMES, spotter=Read("question", "castle"))
    assert read.decisions == plain.decisions and read.questions == plain.questions


def test_the_reading_drops_nothing_at_the_start_nor_from_a_goodbye_on():
    """The language model reads nothing as likely in a meeting's first sentences, nor after
    a goodbye: there a rule's item stands whatever the chance."""
    lines = ["Right.", "The fete.", "Castle booked?", "Yes.", "We take the castle.",
             "Thanks all, see you Tuesday.", "Oh, and we take the lane too."]
    said = [Said(t, 4.0 * k, None, k) for k, t in enumerate(lines)]
    spotter = SimpleNamespace(kinds=("decision",), drops=np.array([0.05]))
    reading = Reading(spotter, said, np.full((len(said), 1), 0.01))
    assert reading.unlikely("decision", [4])
    assert not reading.unlikely("decision", [READ_AFTER - 1])
    assert not reading.unlikely("decision", [5]) and not reading.unlikely("decision", [6])
    assert not reading.unlikely("question", [4])  # a kind it has no drop for
