import pytest

from engine import transcript_io
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
