import json

import pytest

from engine import transcript_io
from engine.session import Session
from engine.types import Segment, Transcript, Word

T = Transcript([Segment(0.0, 2.5, "Hello there.", (Word(0.0, 1.0, " Hello", 0.9),)),
                Segment(3661.25, 3663.0, "Über Straße, 東京.")], "de", 0.87, 3663.0, "x.wav")


def test_json_round_trip_keeps_everything():
    assert transcript_io.from_json(transcript_io.to_json(T)) == T


def test_txt_has_mmss_stamps_with_hours_folded_into_minutes():
    assert transcript_io.to_txt(T) == "[00:00] Hello there.\n[61:01] Über Straße, 東京.\n"


def test_srt_and_vtt_timestamps():
    srt = transcript_io.to_srt(T)
    assert "1\n00:00:00,000 --> 00:00:02,500\nHello there.\n" in srt
    assert "2\n01:01:01,250 --> 01:01:03,000\n" in srt
    vtt = transcript_io.to_vtt(T)
    assert vtt.startswith("WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nHello there.\n")


def test_loading_a_file_that_is_not_a_transcript_says_so(tmp_path):
    bad = tmp_path / "notes.json"
    bad.write_text('{"hello": 1}')
    with pytest.raises(transcript_io.InputError, match="not a Minutia transcript"):
        transcript_io.load_transcript(bad)
    with pytest.raises(transcript_io.InputError, match="No such transcript"):
        transcript_io.load_transcript(tmp_path / "missing.json")


# ---- speakers -----------------------------------------------------------------------------

SPOKEN = Transcript([Segment(0.0, 2.5, "Hello there.", (Word(0.0, 1.0, " Hello", 0.9),), 0),
                     Segment(3.0, 4.0, "Hi.", (), 1),
                     Segment(4.0, 5.5, "How are you?", (), 1),
                     Segment(6.0, 7.25, "Fine.", (), 0)], "en", 0.9, 7.25, "/m/team sync.wav")


def test_json_keeps_the_speaker_of_every_segment_but_not_the_names():
    named = Transcript(SPOKEN.segments, "en", 0.9, 7.25, "/m/team sync.wav", {1: "Priya"})
    text = transcript_io.to_json(named)
    assert [s["speaker"] for s in json.loads(text)["segments"]] == [0, 1, 1, 0]
    assert "Priya" not in text  # names live in speakers.json
    assert transcript_io.from_json(text) == SPOKEN


def test_an_old_transcript_without_speakers_loads(tmp_path):
    old = {"segments": [{"start": 0.0, "end": 2.5, "text": "Hello there.", "words": []}],
           "language": "en", "language_probability": 0.9, "duration": 2.5, "source": "x.wav"}
    (tmp_path / "transcript.json").write_text(json.dumps(old))
    loaded = transcript_io.load_transcript(tmp_path / "transcript.json")
    assert loaded.segments == [Segment(0.0, 2.5, "Hello there.")]
    assert loaded.segments[0].speaker is None and loaded.speaker_names == {}
    assert "speaker" not in transcript_io.to_json(loaded)  # and it is written as it was


def test_txt_srt_vtt_say_who_spoke():
    assert transcript_io.to_txt(SPOKEN) == ("[00:00] Speaker 1: Hello there.\n[00:03] Speaker 2: Hi.\n"
                                            "[00:04] Speaker 2: How are you?\n[00:06] Speaker 1: Fine.\n")
    assert transcript_io.to_srt(SPOKEN) == (
        "1\n00:00:00,000 --> 00:00:02,500\nSpeaker 1: Hello there.\n\n"
        "2\n00:00:03,000 --> 00:00:04,000\nSpeaker 2: Hi.\n\n"
        "3\n00:00:04,000 --> 00:00:05,500\nSpeaker 2: How are you?\n\n"
        "4\n00:00:06,000 --> 00:00:07,250\nSpeaker 1: Fine.\n")
    assert transcript_io.to_vtt(SPOKEN) == (
        "WEBVTT\n\n00:00:00.000 --> 00:00:02.500\n<v Speaker 1>Hello there.\n\n"
        "00:00:03.000 --> 00:00:04.000\n<v Speaker 2>Hi.\n\n"
        "00:00:04.000 --> 00:00:05.500\n<v Speaker 2>How are you?\n\n"
        "00:00:06.000 --> 00:00:07.250\n<v Speaker 1>Fine.\n")


def test_rttm_has_one_line_per_turn():
    assert transcript_io.render(SPOKEN, "rttm") == (
        "SPEAKER team_sync 1 0.000 2.500 <NA> <NA> Speaker_1 <NA> <NA>\n"
        "SPEAKER team_sync 1 3.000 2.500 <NA> <NA> Speaker_2 <NA> <NA>\n"
        "SPEAKER team_sync 1 6.000 1.250 <NA> <NA> Speaker_1 <NA> <NA>\n")
    assert transcript_io.to_rttm(T) == ""  # no speakers, no turns


def test_a_rename_reaches_every_export_of_the_session(tmp_path):
    session = Session.create("sync", root=tmp_path)
    session.save_transcript(SPOKEN)
    session.rename_speaker(1, "Priya Nair")
    again = transcript_io.load_transcript(session.dir)  # the folder, or its transcript.json
    assert again.speaker_names == {1: "Priya Nair"}
    assert transcript_io.render(again, "txt").splitlines()[1] == "[00:03] Priya Nair: Hi."
    assert "\nPriya Nair: How are you?\n" in transcript_io.render(again, "srt")
    assert "\n<v Priya Nair>How are you?\n" in transcript_io.render(again, "vtt")
    assert " Priya_Nair <NA> <NA>\n" in transcript_io.render(again, "rttm")
    assert "\n<v Speaker 1>Fine.\n" in transcript_io.render(again, "vtt")
    assert (session.dir / "transcript.txt").read_text().splitlines()[1] == "[00:03] Priya Nair: Hi."
