"""Remembered voices on the command line: `minutia speakers remember`, `minutia voices` and
`minutia voices forget` (no models: sessions and their speaker voices made by hand; each
test has its own MINUTIA_HOME, so its voice book is its own)."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from engine.session import Session
from engine.speakers import Named
from engine.types import Segment, Transcript


@pytest.fixture
def minutia(tmp_path):
    env = {**os.environ, "MINUTIA_HOME": str(tmp_path / "home")}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "cli", *map(str, args)], capture_output=True,
                              text=True, timeout=120, env=env)
    return run


def _session(root, *, voices: bool = True) -> Session:
    made = Session.create("sync", root=root)
    made.save_transcript(Transcript([
        Segment(0.0, 3.0, "Hi, I'm Dana from finance.", speaker=0),
        Segment(3.5, 6.0, "Priya, can you send the report by Friday?", speaker=0),
        Segment(6.5, 9.0, "Yes, I will send the report by Friday.", speaker=1)],
        "en", 0.9, 9.0))
    if voices:
        rng = np.random.default_rng(0)
        made.save_speaker_voices({0: rng.normal(size=192), 1: rng.normal(size=192)},
                                 {0: 9, 1: 4})
    return made


def test_remember_names_the_speaker_and_voices_lists_and_forgets(tmp_path, minutia):
    folder = _session(tmp_path / "sessions").dir
    result = minutia("speakers", "remember", folder, "Speaker 2", "Priya")
    assert result.returncode == 0, result.stderr
    assert "Remembered the voice of Speaker 2 as Priya (learnt from 1 meeting;" in result.stderr
    assert "Speaker 2 is now Priya" in result.stderr
    assert json.loads((folder / "speakers.json").read_text()) == {
        "1": {"name": "Priya", "suggested": True}}
    assert minutia("speakers", "remember", folder, "priya", "Priya").returncode == 0  # by name
    assert minutia("speakers", "remember", folder, "1", "Dana").returncode == 0
    listed = minutia("voices")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["Dana", "Priya"]
    assert "learnt from 2 meetings, remembered 20" in lines[1]
    assert "learnt from 1 meeting, remembered" in lines[0]
    book = tmp_path / "home" / "data" / "voices" / "voices.json"
    assert [v["name"] for v in json.loads(book.read_text())["voices"]] == ["Dana", "Priya"]
    forgot = minutia("voices", "forget", "priya")
    assert forgot.returncode == 0 and "Forgot the voice of priya" in forgot.stderr
    assert [line.split()[0] for line in minutia("voices").stdout.splitlines()] == ["Dana"]
    again = minutia("voices", "forget", "Priya")
    assert again.returncode == 2
    assert again.stderr.strip() == "minutia: error: No remembered voice “Priya” (remembered: Dana)"


def test_no_voices_and_mistakes_are_one_clear_line(tmp_path, minutia):
    empty = minutia("voices")
    assert empty.returncode == 0 and empty.stdout == ""
    assert "No remembered voices: `minutia speakers remember" in empty.stderr
    old = _session(tmp_path / "sessions", voices=False).dir
    result = minutia("speakers", "remember", old, "Speaker 1", "Dana")
    assert result.returncode == 2 and "has no speaker voices to remember" in result.stderr
    assert not (old / "speakers.json").exists()  # nothing renamed either
    for args, says in [(["forget"], "Say `minutia voices` or `minutia voices forget NAME`"),
                       (["list", "x"], "Say `minutia voices`")]:
        bad = minutia("voices", *args)
        assert bad.returncode == 2 and says in bad.stderr and "Traceback" not in bad.stderr
    short = minutia("speakers", "remember", old, "Speaker 1")
    assert short.returncode == 2 and "remember takes SESSION SPEAKER NAME" in short.stderr


def test_the_listing_shows_names_a_voice_gave_and_probable_voices(tmp_path, minutia):
    made = _session(tmp_path / "sessions")
    made.name_speakers({0: Named("Dana", voice=0.83)})
    made.save_manifest(speakers={"count": 2, "voices": [
        {"speaker": 0, "name": "Dana", "similarity": 0.83, "sure": True},
        {"speaker": 1, "name": "Tom", "similarity": 0.61, "sure": False}]})
    result = minutia("speakers", made.dir)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Speaker 1   Dana ") and lines[0].endswith(
        ", by remembered voice 0.83")
    assert lines[1] == "Speaker 2   -                talk 00:02 (31%), 1 turn"
    assert lines[2] == "            probably Tom: remembered voice 0.61"
    assert lines[3].startswith("            may be Priya:")
    assert lines[-1] == (f"Remember a voice for later meetings: minutia speakers remember"
                         f" {made.dir} \"Speaker 1\" NAME")
