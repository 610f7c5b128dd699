"""`minutia transcript SESSION` (find and replace, undo, export the corrected text) and `minutia
play`'s arguments and errors (issue 19); playback itself: tests/test_e2e/test_playback.py."""

import json
import subprocess
import sys

import pytest

from cli.play import clock
from engine.session import Session
from engine.types import Segment, Transcript


def minutia(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "cli", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture
def session(tmp_path):
    made = Session.create("sync", root=tmp_path / "sessions")
    made.save_transcript(Transcript([
        Segment(0.0, 3.0, " Thomas will fix the product sink.", speaker=0),
        Segment(3.5, 6.0, " Thanks Thomas, by Thursday then.", speaker=1)],
        "en", 0.9, 6.0, str(tmp_path / "gone.wav")))
    return made.dir


def test_replace_prints_the_hits_and_the_export_has_the_correction(session, tmp_path):
    original = (session / "transcript.json").read_bytes()
    done = minutia("transcript", session, "--replace", "Thomas", "Tomasz")
    assert done.returncode == 0, done.stderr
    assert "[00:00] [Thomas → Tomasz] will fix" in done.stderr
    assert "[00:03] Thanks [Thomas → Tomasz], by" in done.stderr
    assert "Replaced 2 hit(s) in 2 segment(s)" in done.stderr
    assert (session / "transcript.json").read_bytes() == original
    srt = minutia("transcript", session, "--export", "srt")
    assert "Speaker 1:  Tomasz will fix" in srt.stdout and "Thomas" not in srt.stdout
    assert "corrected: 1 correction(s)" in srt.stderr
    out = tmp_path / "t.vtt"
    assert minutia("transcript", session, "--export", "vtt", "-o", out).returncode == 0
    assert out.read_text().startswith("WEBVTT") and "Tomasz" in out.read_text()
    # the other readers of a session folder get the corrected text too
    txt = minutia("transcribe", "--transcript", session).stdout
    assert "Tomasz will fix" in txt and "Thomas" not in txt


def test_dry_run_undo_redo_and_back_to_the_original(session):
    dry = minutia("transcript", session, "--replace", "sink", "sync", "--dry-run")
    assert "1 hit(s); nothing changed" in dry.stderr
    assert not (session / "transcript.edited.json").exists()
    minutia("transcript", session, "--replace", "sink", "sync")
    assert "product sync" in minutia("transcript", session).stdout
    assert "Took the last correction back" in minutia("transcript", session, "--undo").stderr
    assert "product sink" in minutia("transcript", session).stdout
    minutia("transcript", session, "--redo")
    minutia("transcript", session, "--original")
    assert "product sink" in minutia("transcript", session, "--export", "txt").stdout
    manifest = json.loads((session / "manifest.json").read_text())
    assert manifest["transcript"] == "transcript.json"
    minutia("transcript", session, "--corrected")
    assert "product sync" in minutia("transcript", session).stdout


def test_nothing_found_changes_nothing_and_bad_input_says_why(session, tmp_path):
    none = minutia("transcript", session, "--replace", "Priya", "Pria")
    assert none.returncode == 0 and "not in the transcript: nothing changed" in none.stderr
    assert not (session / "transcript.edited.json").exists()
    missing = minutia("transcript", tmp_path / "nope", "--export", "txt")
    assert missing.returncode == 2 and "No session folder" in missing.stderr
    alone = minutia("transcript", session, "-o", tmp_path / "x.txt")
    assert alone.returncode == 2 and "-o FILE goes with --export" in alone.stderr


def test_play_says_when_the_audio_is_gone_and_reads_clock_times(session):
    gone = minutia("play", session, "--at", "0:01")
    assert gone.returncode == 2
    assert "not there any more" in gone.stderr and "gone.wav" in gone.stderr
    assert clock("01:30") == 90.0 and clock("1:02:03") == 3723.0 and clock("12.5") == 12.5
    bad = minutia("play", session, "--at", "soon")
    assert bad.returncode == 2 and "is not a time" in bad.stderr


def test_segments_are_corrected_by_number(session):
    numbered = minutia("transcript", session, "--numbered").stdout
    assert numbered.splitlines()[1] == "#2 [00:03] Speaker 2:  Thanks Thomas, by Thursday then."
    done = minutia("transcript", session, "--set", "1", "Tomasz will fix the product sync.",
                   "--speaker", "2", "Speaker 1")
    assert done.returncode == 0, done.stderr
    assert "Segment 1 corrected." in done.stderr and "said by Speaker 1" in done.stderr
    assert minutia("transcript", session, "--merge", "1").returncode == 0
    text = minutia("transcript", session).stdout
    assert text == ("[00:00] Speaker 1:  Tomasz will fix the product sync. Thanks Thomas,"
                    " by Thursday then.\n")
    bad = minutia("transcript", session, "--set", "9", "x")
    assert bad.returncode == 2 and "No segment 9: the transcript has 1" in bad.stderr
    new = minutia("transcript", session, "--speaker", "1", "new")
    assert "said by Speaker 2" in new.stderr
