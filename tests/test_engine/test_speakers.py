"""Speakers in the engine's data (fast tier, hand-made turns): who said each word, names and
their suggestions, owners of action items, and the evidence check of those owners."""

import json

import pytest

from engine import transcript_io
from engine.diarize.turns import Turn
from engine.errors import InputError
from engine.minutes.extract import NOT_STATED, extract
from engine.minutes.grounding import Evidence
from engine.minutes.prompts import transcript_lines
from engine.session import Session
from engine.speakers import (
    Named,
    assign,
    load_names,
    renumbered,
    suggest,
    talk_time,
    turns_of,
)
from engine.types import Segment, Transcript, Word


def words(*spec):
    """Word objects from (start, end, text) triples; the text as faster-whisper gives it."""
    return tuple(Word(start, end, text, 0.9) for start, end, text in spec)


# ---- assign -----------------------------------------------------------------------------


def test_a_segment_is_split_where_the_speaker_changes_by_word_times():
    said = words((0.0, 0.4, " Can"), (0.4, 0.6, " you"), (0.6, 1.1, " do"), (1.1, 1.6, " it?"),
                 (1.9, 2.2, " Yes,"), (2.2, 2.5, " I"), (2.5, 3.0, " will."))
    segment = Segment(0.0, 3.0, "Can you do it? Yes, I will.", said)
    # the turn boundary falls inside " it?" (1.1-1.6): most of that word is the first speaker's
    first, second = assign([segment], [Turn(0.0, 1.45, 7), Turn(1.45, 3.2, 3)])
    assert first == Segment(0.0, 1.6, "Can you do it?", said[:4], 0)
    assert second == Segment(1.9, 3.0, "Yes, I will.", said[4:], 1)


def test_a_short_reply_the_diarizer_leaves_with_the_last_speaker_opens_the_next_turn():
    said = words((0.0, 0.4, " Do"), (0.4, 0.7, " we"), (0.7, 1.2, " wait?"),
                 (1.7, 2.0, " Wait,"), (2.5, 2.8, " no"), (2.8, 3.3, " point."))
    segments = [Segment(0.0, 1.2, "Do we wait?", said[:3]), Segment(1.7, 3.3, "Wait, no point.", said[3:])]
    # the diarizer's 1.5 s windows start the second turn late, after " Wait,"
    got = assign(segments, [Turn(0.0, 2.2, 0), Turn(2.2, 3.5, 1)])
    assert [(s.text, s.speaker) for s in got] == [("Do we wait?", 0), ("Wait, no point.", 1)]
    # not a question ("Okay?" ends its own speaker's turn), nor words of a sentence under way
    asked = words((0.0, 0.5, " Fine."), (0.9, 1.3, " Okay?"), (1.8, 2.3, " Sure."))
    got = assign([Segment(0.0, 2.3, "Fine. Okay? Sure.", asked)], [Turn(0.0, 1.5, 0), Turn(1.5, 2.5, 1)])
    assert [(s.text, s.speaker) for s in got] == [("Fine. Okay?", 0), ("Sure.", 1)]
    going = words((0.0, 0.5, " We"), (0.5, 0.9, " wait"), (0.9, 1.3, " here,"), (1.8, 2.3, " yes."))
    got = assign([Segment(0.0, 2.3, "We wait here, yes.", going)], [Turn(0.0, 1.5, 0), Turn(1.5, 2.5, 1)])
    assert [(s.text, s.speaker) for s in got] == [("We wait here,", 0), ("yes.", 1)]


def test_one_speaker_keeps_the_segment_exactly_as_transcribed():
    said = words((0.5, 1.0, " Hello"), (1.0, 1.7, " there."))
    segment = Segment(0.4, 1.8, "Hello there.", said)
    assert assign([segment], [Turn(0.0, 5.0, 4)]) == [Segment(0.4, 1.8, "Hello there.", said, 0)]


def test_segments_without_words_take_the_turn_overlapping_most_and_ids_follow_first_speech():
    segments = [Segment(0.0, 2.0, "a"), Segment(3.0, 4.0, "b"), Segment(4.5, 6.0, "c"),
                Segment(9.0, 9.5, "d")]
    turns = [Turn(3.2, 5.0, 2), Turn(0.0, 1.5, 5), Turn(2.5, 3.2, 9), Turn(5.0, 8.0, 5)]
    got = assign(segments, turns)
    # b: 0.8 s with 2, 0.2 s with 9; c: 0.5 s with 2, 1.0 s with 5; d: no overlap, nearest 5
    assert [(s.text, s.speaker) for s in got] == [("a", 0), ("b", 1), ("c", 0), ("d", 0)]


def test_a_word_between_turns_goes_to_the_nearest():
    said = words((0.0, 0.5, " One"), (1.2, 1.4, " two"), (2.8, 3.0, " three"))
    got = assign([Segment(0.0, 3.0, "One two three", said)], [Turn(0.0, 1.0, 0), Turn(2.5, 3.0, 1)])
    assert [(s.text, s.speaker) for s in got] == [("One two", 0), ("three", 1)]


def test_no_turns_leaves_the_transcript_without_speakers():
    segments = [Segment(0.0, 1.0, "hi")]
    assert assign(segments, []) == segments and segments[0].speaker is None


def test_renumbering_is_by_first_appearance_and_keeps_none():
    segs = [Segment(0, 1, "x", speaker=3), Segment(1, 2, "y"), Segment(2, 3, "z", speaker=1),
            Segment(3, 4, "w", speaker=3)]
    assert [s.speaker for s in renumbered(segs)] == [0, None, 1, 0]


def test_turns_talk_time_and_turn_counts():
    segs = [Segment(0.0, 2.0, "a", speaker=0), Segment(2.5, 4.0, "b", speaker=0),
            Segment(4.0, 5.0, "c", speaker=1), Segment(5.5, 6.0, "d"), Segment(6.0, 7.0, "e", speaker=1),
            Segment(7.0, 9.0, "f", speaker=0)]
    assert turns_of(segs) == [Turn(0.0, 4.0, 0), Turn(4.0, 5.0, 1), Turn(6.0, 7.0, 1),
                              Turn(7.0, 9.0, 0)]
    assert [(t.speaker, t.seconds, t.turns, t.segments) for t in talk_time(segs)] == [
        (0, 5.5, 2, 3), (1, 2.0, 2, 2)]


# ---- name suggestions -------------------------------------------------------------------


@pytest.mark.parametrize("said, name", [
    ("Hi everyone, I'm Dana from finance.", "Dana"),
    ("Priya here.", "Priya"),
    ("Okay, Priya here, from sales.", "Priya"),
    ("Hello all, this is Tomasz speaking.", "Tomasz"),
    ("This is Tomasz.", "Tomasz"),
    ("And my name is Olu.", "Olu"),
])
def test_introductions_suggest_the_speakers_name_with_evidence(said, name):
    [found] = suggest([Segment(1.0, 2.0, "Good morning.", speaker=0),
                       Segment(12.0, 15.0, said, speaker=1)])
    assert (found.speaker, found.name, found.at, found.evidence, found.how) == (
        1, name, 12.0, said, "introduced")


@pytest.mark.parametrize("said", [
    "I'm sure that works.", "I'm on it.", "I'm going to check.", "Everything here is fine.",
    "This is Monday's plan.", "This is Tomasz, he joins us from Berlin.", "I'm Dana's manager.",
    "Nobody here.", "So, can you check it?",
])
def test_no_suggestion_from_ordinary_sentences(said):
    assert suggest([Segment(0.0, 3.0, said, speaker=0),
                    Segment(3.5, 5.0, "Yes, I will.", speaker=1)]) == []


def test_addressed_and_answering_speaker_is_probably_the_addressee():
    segs = [Segment(0.0, 3.0, "Priya, can you send the report by Friday?", speaker=0),
            Segment(3.5, 6.0, "Yes, I will send it tomorrow.", speaker=1),
            Segment(7.0, 9.0, "Could you book the room, Bob?", speaker=1),
            Segment(9.5, 10.0, "Sure.", speaker=0)]
    found = suggest(segs)
    assert [(s.speaker, s.name, s.at, s.how) for s in found] == [
        (1, "Priya", 3.5, "answered"), (0, "Bob", 9.5, "answered")]
    assert found[0].evidence == ("“Priya, can you send the report by Friday?”"
                                 " – “Yes, I will send it tomorrow.”")


def test_no_answer_no_suggestion():
    asked = Segment(0.0, 3.0, "Priya, can you send the report?", speaker=0)
    assert suggest([asked, Segment(3.5, 5.0, "Yes, I will.", speaker=0)]) == []  # the asker
    assert suggest([asked, Segment(3.5, 5.0, "The weather is nice.", speaker=1)]) == []
    assert suggest([asked, Segment(30.0, 31.0, "Yes, I will.", speaker=1)]) == []  # too late
    assert suggest([Segment(0.0, 3.0, "Priya, can you send the report?"),
                    Segment(3.5, 5.0, "Yes, I will.")]) == []  # no speakers at all


# ---- names on disk ----------------------------------------------------------------------


def diarized_session(tmp_path) -> Session:
    session = Session.create("named", root=tmp_path / "sessions")
    session.save_transcript(Transcript(
        [Segment(0.0, 3.0, "We decide to launch on Monday.", speaker=0),
         Segment(3.5, 6.0, "I will send the invitations by Friday.", speaker=1)],
        "en", 0.9, 6.0, "/meetings/launch.wav"))
    return session


def test_rename_writes_speakers_json_and_nothing_of_the_transcript(tmp_path):
    session = diarized_session(tmp_path)
    before = (session.dir / "transcript.json").read_bytes()
    renamed = session.rename_speaker(1, "Priya")
    assert json.loads((session.dir / "speakers.json").read_text()) == {
        "1": {"name": "Priya", "suggested": False}}
    assert (session.dir / "transcript.json").read_bytes() == before
    assert renamed.speaker_names == {1: "Priya"}
    assert (session.dir / "transcript.txt").read_text() == (
        "[00:00] Speaker 1: We decide to launch on Monday.\n"
        "[00:03] Priya: I will send the invitations by Friday.\n")
    session.rename_speaker(1, "", suggested=False)  # back to "Speaker 2"
    assert load_names(session.dir) == {}
    with pytest.raises(InputError, match="No Speaker 3 in"):
        session.rename_speaker(2, "Bob")


def test_a_damaged_speakers_json_does_not_stop_the_transcript_from_opening(tmp_path):
    session = diarized_session(tmp_path)
    (session.dir / "speakers.json").write_text("{not json")
    assert load_names(session.dir) == {}
    assert transcript_io.load_transcript(session.dir).speaker_names == {}
    (session.dir / "speakers.json").write_text('{"1": {"name": "Priya", "suggested": true}}')
    assert load_names(session.dir) == {1: Named("Priya", True)}


# ---- the minutes: prompt lines, owners, evidence ----------------------------------------


def test_the_model_reads_who_said_each_line():
    segs = [Segment(0.0, 2.0, "Hello.", speaker=0), Segment(65.0, 66.0, "Hi.", speaker=1),
            Segment(70.0, 71.0, "No speaker here.")]
    assert transcript_lines(segs, {1: "Priya"}) == [
        "[00:00] Speaker 1: Hello.", "[01:05] Priya: Hi.", "[01:10] No speaker here."]
    assert transcript_lines([Segment(0.0, 2.0, "Hello.")]) == ["[00:00] Hello."]


def test_a_first_person_commitment_takes_its_speakers_name_as_owner():
    segs = [Segment(0.0, 3.0, "We decide to launch on Monday.", speaker=0),
            Segment(3.5, 6.0, "I will send the invitations by Friday.", speaker=1)]
    [item] = extract(segs).actions
    assert (item.owner, item.text, item.due) == ("Speaker 2", "send the invitations by Friday",
                                                 "by Friday")
    assert extract(segs, {1: "Priya"}).actions[0].owner == "Priya"
    unlabelled = [Segment(s.start, s.end, s.text) for s in segs]
    assert extract(unlabelled).actions[0].owner == NOT_STATED  # as without speakers


def test_addressed_and_accepted_uses_the_addressee_until_the_speaker_has_a_name():
    segs = [Segment(0.0, 3.0, "Carmen, can you write the announcement?", speaker=0),
            Segment(3.5, 7.0, "Yes, I will write the announcement by Thursday.", speaker=1)]
    assert [a.owner for a in extract(segs).actions] == ["Carmen"]
    assert [a.owner for a in extract(segs, {1: "Dana"}).actions] == ["Carmen"]
    # the one who asked commits herself: that is not the addressee's commitment
    own = [segs[0], Segment(3.5, 7.0, "I'll book the room by Thursday.", speaker=0)]
    assert [a.owner for a in extract(own).actions] == ["Carmen", "Speaker 1"]
    # ... but a "Yes, I will" in the asker's voice answers her: two similar voices the
    # diarizer took for one (the sample meeting's Alice and Peter)
    merged = [segs[0], Segment(3.5, 7.0, "Yes, I will write it by Thursday.", speaker=0)]
    assert [a.owner for a in extract(merged, {0: "Alice"}).actions] == ["Carmen"]


def test_a_recap_names_an_unnamed_speakers_commitment():
    segs = [Segment(1.0, 4.0, "I will update the photos on the gallery page this week.", speaker=1),
            Segment(30.0, 33.0, "So Brian tests the form, and David updates the photos.", speaker=0)]
    owners = {a.owner: a for a in extract(segs).actions}
    assert set(owners) == {"Brian", "David"} and owners["David"].start == 1.0


def test_the_evidence_check_accepts_an_owner_who_is_the_speaker_and_no_one_else():
    segs = [Segment(0.0, 3.0, "We decide to launch on Monday.", speaker=0),
            Segment(3.5, 6.0, "I will send the invitations by Friday.", speaker=1)]
    line = "- **{}**: send the invitations by Friday (due: by Friday) [00:03]"
    assert Evidence(segs).ground(line.format("Speaker 2")).verified
    assert Evidence(segs, {1: "Priya"}).ground(line.format("Priya")).verified
    assert not Evidence(segs, {1: "Priya"}).ground(line.format("Marek")).verified
    plain = [Segment(s.start, s.end, s.text) for s in segs]
    assert not Evidence(plain).ground(line.format("Priya")).verified  # as without speakers
