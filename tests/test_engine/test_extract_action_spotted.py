"""Action items the language model's reading adds and drops (extract_action_spotted.py), and
the owners of the tasks it adds (extract_owners.Owners.of_task), with a reading that says
what each test needs."""

from __future__ import annotations

import pytest
from fakes import FakeReading

from engine.minutes.extract import extract
from engine.minutes.extract_owners import Owners
from engine.minutes.extract_types import NOT_STATED, Said
from engine.types import Segment


def talk(*lines: tuple[int | None, str]) -> list[Segment]:
    return [Segment(4.0 * k, 4.0 * k + 3, text, speaker=who) for k, (who, text) in enumerate(lines)]


def Read(likely: str | None = None, unlikely: str | None = None) -> FakeReading:
    """A reading that finds the sentences saying ``likely`` likely tasks, and those saying
    ``unlikely`` all but impossible ones."""
    return FakeReading(likely={"action": likely}, unlikely={"action": unlikely})


NAMES = {0: "Ann", 1: "Bob", 2: "Cy"}
RUNS = talk((0, "The hall heating is off again."),
            (1, "The boiler man came on Monday."),
            (0, "Then ring him back, and get it in writing by Friday."),
            (1, "Fine."),
            (2, "I'll send the agenda tonight."))


def test_a_task_the_rules_miss_is_added_with_its_owner_and_due_date():
    plain = extract(RUNS, NAMES).actions
    assert not any("ring him" in a.text for a in plain)
    added = [a for a in extract(RUNS, NAMES, spotter=Read("ring him")).actions
             if "ring him" in a.text]
    assert [(a.start, a.owner, a.due) for a in added] == [(8.0, "Bob", "by Friday")]


def test_the_actions_stay_in_the_order_said():
    starts = [a.start for a in extract(RUNS, NAMES, spotter=Read("ring him")).actions]
    assert starts == sorted(starts) and len(starts) == 2


def test_a_task_taken_on_unasked_the_reading_finds_all_but_impossible_is_dropped():
    assert [a.owner for a in extract(RUNS, NAMES, spotter=Read(unlikely="agenda")).actions] == []
    assert [a.owner for a in extract(RUNS, NAMES, spotter=Read(unlikely="boiler")).actions] \
        == ["Cy"]


def test_a_task_asked_of_someone_stands_whatever_the_reading_says():
    lines = talk((0, "Bob, send the agenda tonight."), (1, "Sure."))
    assert [a.owner for a in extract(lines, NAMES, spotter=Read(unlikely="agenda")).actions] \
        == ["Bob"]


def test_nothing_is_added_next_to_an_action_the_rules_found():
    lines = talk((0, "I'll send the agenda tonight. And the minutes of March."))
    found = extract(lines, NAMES, spotter=Read("minutes")).actions
    assert len(found) == 1 and "agenda" in found[0].text


def said(*lines: tuple[int | None, str]) -> list[Said]:
    return [Said(text, 4.0 * k, who, k) for k, (who, text) in enumerate(lines)]


@pytest.mark.parametrize(("line", "owner"), [
    ("Des, give them a ring, would you?", "Des"),
    ("Then chase them, Rafael, and copy me in.", "Rafael"),
    ("Mick can get the Atlas engineer in.", "Mick"),
    ("I could do them a little tasting on Tuesday.", "Ann"),
    ("Let me check with the landlord.", "Ann"),
    ("My team will build it.", "Ann"),
])
def test_a_task_says_its_owner(line, owner):
    lines = said((1, "The hall is booked."), (0, line))
    assert Owners(lines, {"Des", "Rafael"}, NAMES).of_task(1) == owner


def test_an_instruction_is_for_the_one_it_answers_or_last_addressed():
    answers = said((1, "The quote came in at four hundred."), (0, "Book it for Monday."))
    assert Owners(answers, set(), NAMES).of_task(1) == "Bob"
    addressed = said((0, "Cy, the van."), (0, "It's booked till Thursday."),
                     (0, "Hire one for the day."))
    assert Owners(addressed, {"Cy"}, NAMES).of_task(2) == "Cy"
    answered = said((0, "The van's booked."), (0, "Hire one for the day."), (2, "Will do."))
    assert Owners(answered, set(), NAMES).of_task(1) == "Cy"


def test_without_speakers_or_a_name_no_owner_is_made_up():
    lines = said((None, "The quote came in."), (None, "Book it for Monday."))
    assert Owners(lines, set(), {}).of_task(1) == NOT_STATED
    for line in ("Monday can be the day.", "Someone should call the landlord.",
                 "It'll need a second coat.", "Nobody will miss it."):
        assert Owners(said((None, line)), set(), {}).of_task(0) == NOT_STATED
