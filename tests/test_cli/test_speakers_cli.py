"""Speakers on the command line: the flags, `minutia speakers` and its rename, and exports of
a renamed session (no models: sessions made by hand)."""

import json
import os
import subprocess
import sys

import pytest

from cli.compose import engine_config
from cli.parser import parse_args
from engine import MinutiaError
from engine.diarize.turns import SpeakerCount
from engine.session import Session
from engine.types import Segment, Transcript


def minutia(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "cli", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture
def session(tmp_path):
    """A diarized session: Dana introduces herself and asks Priya, who answers."""
    made = Session.create("sync", root=tmp_path / "sessions")
    made.save_transcript(Transcript([
        Segment(0.0, 3.0, "Hi, I'm Dana from finance.", speaker=0),
        Segment(3.5, 6.0, "Priya, can you send the report by Friday?", speaker=0),
        Segment(6.5, 9.0, "Yes, I will send the report by Friday.", speaker=1),
        Segment(9.5, 12.0, "I'll book the room for Monday.", speaker=0)],
        "en", 0.9, 12.0, "/meetings/team sync.wav"))
    return made.dir


@pytest.mark.parametrize("command", ["minutes", "transcribe", "record", "recover"])
def test_speaker_flags_parse_with_the_engine_defaults(command):
    base = [command] + (["x.wav"] if command in ("minutes", "transcribe") else [])
    plain = engine_config(parse_args(base))
    assert (plain.speakers, plain.num_speakers, plain.min_speakers, plain.max_speakers) == (
        True, None, 1, None)
    asked = engine_config(parse_args(base + ["--speakers", "3"]))
    assert asked.speaker_count == SpeakerCount(exactly=3)
    ranged = engine_config(parse_args(base + ["--min-speakers", "2", "--max-speakers", "4"]))
    assert ranged.speaker_count == SpeakerCount(at_least=2, at_most=4)
    assert engine_config(parse_args(base + ["--no-speakers"])).speakers is False


@pytest.mark.parametrize("flags, says", [
    (["--min-speakers", "3", "--max-speakers", "2"], "--min-speakers 3 is more than --max-speakers 2"),
    (["--speakers", "5", "--max-speakers", "4"], "--speakers 5 is outside"),
])
def test_contradicting_speaker_counts_are_refused(flags, says):
    with pytest.raises(MinutiaError, match=says):
        engine_config(parse_args(["transcribe", "x.wav", *flags]))


def test_zero_speakers_is_a_usage_error():
    result = minutia("transcribe", "x.wav", "--speakers", "0")
    assert result.returncode == 2 and "0 speakers: give 1 or more" in result.stderr


def test_speakers_lists_talk_time_turns_and_suggestions(session):
    result = minutia("speakers", session)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Speaker 1   -                talk 00:08 (76%), 2 turns"
    assert lines[1] == "            may be Dana: [00:00] Hi, I'm Dana from finance."
    assert lines[2] == "Speaker 2   -                talk 00:02 (24%), 1 turn"
    assert lines[3].startswith("            may be Priya: [00:06] “Priya, can you send")


def test_rename_by_label_number_or_name_reaches_exports_and_listing(session):
    result = minutia("speakers", "rename", session, "Speaker 2", "Priya")
    assert result.returncode == 0, result.stderr
    assert "Speaker 2 is now Priya" in result.stderr
    assert json.loads((session / "speakers.json").read_text()) == {
        "1": {"name": "Priya", "suggested": True}}  # what its words suggested
    assert minutia("speakers", "rename", session, "1", "Dana").returncode == 0
    assert json.loads((session / "speakers.json").read_text())["0"] == {
        "name": "Dana", "suggested": True}
    listing = minutia("speakers", session).stdout.splitlines()
    assert listing[0].startswith("Speaker 1   Dana ") and "may be" not in listing[1]
    assert minutia("speakers", "rename", session, "priya", "Priya N.").returncode == 0  # by name
    srt = minutia("transcribe", "--transcript", session, "--format", "srt")
    assert srt.returncode == 0, srt.stderr
    assert "00:00:06,500 --> 00:00:09,000\nPriya N.: Yes, I will send" in srt.stdout
    vtt = minutia("transcribe", "--transcript", session / "transcript.json", "--format", "vtt").stdout
    assert "\n<v Dana>Hi, I'm Dana from finance.\n" in vtt and "<v Priya N.>Yes" in vtt
    txt = minutia("transcribe", "--transcript", session).stdout
    assert txt.splitlines()[2] == "[00:06] Priya N.: Yes, I will send the report by Friday."
    rttm = minutia("transcribe", "--transcript", session, "--format", "rttm").stdout
    assert rttm.splitlines() == [
        "SPEAKER team_sync 1 0.000 6.000 <NA> <NA> Dana <NA> <NA>",
        "SPEAKER team_sync 1 6.500 2.500 <NA> <NA> Priya_N. <NA> <NA>",
        "SPEAKER team_sync 1 9.500 2.500 <NA> <NA> Dana <NA> <NA>"]


@pytest.mark.parametrize("args, says", [
    (["rename", "{s}", "Speaker 7", "Bob"], "No speaker “Speaker 7” in this session: Speaker 1"),
    (["rename", "{s}", "Speaker 2"], "rename takes SESSION SPEAKER NAME"),
    (["{s}", "extra"], "Give one session folder"),
    (["/no/such/session"], "No session folder /no/such/session"),
])
def test_speakers_mistakes_are_one_clear_line(session, args, says):
    result = minutia("speakers", *[a.format(s=session) for a in args])
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith("minutia: error: ")
    assert says in result.stderr and "Traceback" not in result.stderr


def test_a_session_without_speakers_says_so(tmp_path):
    plain = Session.create("plain", root=tmp_path)
    plain.save_transcript(Transcript([Segment(0.0, 1.0, "Hello.")], "en", 0.9, 1.0))
    listed = minutia("speakers", plain.dir)
    assert listed.returncode == 2 and "has no speakers" in listed.stderr
    rttm = minutia("transcribe", "--transcript", plain.dir, "--format", "rttm")
    assert rttm.returncode == 2 and "--format rttm needs speakers" in rttm.stderr
    txt = minutia("transcribe", "--transcript", plain.dir)
    assert txt.returncode == 0 and txt.stdout == "[00:00] Hello.\n"  # as without speakers


@pytest.mark.e2e
def test_real_speakers_from_audio_to_a_renamed_export(tmp_path):
    """The real models and the real diarizer on the sample meeting: speakers in the transcript
    and RTTM, then a rename that the next export uses."""
    from locations import SAMPLE

    out = tmp_path / "meeting.rttm"
    env_home = tmp_path / "home"
    run = subprocess.run([sys.executable, "-m", "cli", "transcribe", SAMPLE, "--format", "rttm",
                          "-o", out], capture_output=True, text=True, timeout=600,
                         env={**os.environ, "MINUTIA_HOME": str(env_home)})
    assert run.returncode == 0, run.stderr
    assert " speakers found" in run.stderr or " speaker found" in run.stderr
    lines = [ln.split() for ln in out.read_text().splitlines()]
    assert lines and all(f[0] == "SPEAKER" and f[1] == "meeting" and f[7].startswith("Speaker_")
                         for f in lines)
    starts = [float(f[3]) for f in lines]
    assert starts == sorted(starts) and all(float(f[4]) > 0 for f in lines)
    [session] = (env_home / "data" / "sessions").iterdir()
    transcript = json.loads((session / "transcript.json").read_text())
    assert float(lines[-1][3]) + float(lines[-1][4]) <= transcript["duration"] + 0.5
    saved = transcript["segments"]
    assert all(isinstance(s["speaker"], int) for s in saved) and saved[0]["speaker"] == 0
    assert minutia("speakers", "rename", session, "1", "Alice").returncode == 0
    txt = minutia("transcribe", "--transcript", session).stdout
    assert txt.startswith("[00:00] Alice: Good morning everyone")
