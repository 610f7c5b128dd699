"""Items quoted from the transcript: owners only from what was said, never invented."""

from engine.minutes.extract import NOT_STATED, extract
from engine.types import Segment


def seg(start, text):
    return Segment(start, start + 3, text)


def test_request_accepted_by_the_next_speaker_gets_the_addressee_as_owner():
    e = extract([seg(10, "Carmen, can you write the announcement for the newsletter?"),
                 seg(14, "Yes, I will write the announcement and send it to Alice by Thursday.")])
    [item] = e.actions
    assert (item.owner, item.due, item.start) == ("Carmen", "by Thursday", 14)
    assert item.text == "write the announcement and send it to Alice by Thursday"
    assert e.questions == []  # a request is not an open question


def test_a_bare_commitment_has_no_owner_until_a_recap_names_one():
    alone = extract([seg(1, "I will update the photos on the gallery page this week.")])
    assert alone.actions[0].owner == NOT_STATED and alone.actions[0].due == "this week"
    recap = extract([seg(1, "I will update the photos on the gallery page this week."),
                     seg(30, "So Brian tests the form, and David updates the photos.")])
    owners = {a.owner: a for a in recap.actions}
    assert owners["David"].text == "update the photos on the gallery page this week"
    assert owners["David"].start == 1
    assert owners["Brian"].text == "test the form"
    assert len(recap.actions) == 2


def test_decisions_and_open_questions():
    e = extract([seg(0, "We decided to move the launch to June."),
                 seg(5, "One open question is whether we need a Spanish version."),
                 seg(9, "Who will pay for the venue?"),
                 seg(12, "The weather was nice on Monday.")])
    assert [d.text for d in e.decisions] == ["We decided to move the launch to June."]
    assert [q.text for q in e.questions] == [
        "One open question is whether we need a Spanish version.", "Who will pay for the venue?"]
    assert e.actions == []


def test_weekdays_months_and_sentence_starts_are_not_owners():
    e = extract([seg(0, "Monday works for everyone."), seg(3, "So March tests the patience.")])
    assert e.actions == []


def test_due_phrases():
    e = extract([seg(0, "I'll send the slides before the end of the week."),
                 seg(4, "I will book the room by next Friday."),
                 seg(8, "I will call them tomorrow.")])
    assert [a.due for a in e.actions] == ["before the end of the week", "by next Friday", "tomorrow"]


def test_a_name_opening_a_sentence_with_will_is_an_owner_but_everyone_is_not():
    e = extract([seg(0, "Mary will send the report by Friday."),
                 seg(4, "Everyone will read it before Monday.")])
    assert [(a.owner, a.text, a.due) for a in e.actions] == [
        ("Mary", "send the report by Friday", "by Friday")]
