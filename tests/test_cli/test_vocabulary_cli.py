"""`minutia vocabulary` and what `minutia transcript --replace` teaches it (issue 19)."""

import subprocess
import sys

from engine import vocabulary
from engine.session import Session
from engine.types import Segment, Transcript


def minutia(*args):
    return subprocess.run([sys.executable, "-m", "cli", *map(str, args)], capture_output=True,
                          text=True, timeout=120)


def test_a_replace_teaches_the_vocabulary_and_the_command_lists_edits_and_switches_it(tmp_path):
    session = Session.create("sync", root=tmp_path / "sessions")
    session.save_transcript(Transcript([Segment(0.0, 3.0, " Thomas will fix it.")], "en", 0.9,
                                       3.0))
    done = minutia("transcript", session.dir, "--replace", "Thomas", "Tomasz")
    assert "Added to your vocabulary: Tomasz" in done.stderr, done.stderr
    listed = minutia("vocabulary")
    assert listed.stdout.split("\n") == ["Tomasz", ""] and "1 term(s), on" in listed.stderr
    assert minutia("vocabulary", "add", "Qdrant", "PostHog").returncode == 0
    assert vocabulary.load().hotwords() == "Qdrant, PostHog, Tomasz"
    assert minutia("vocabulary", "remove", "tomasz").stdout.split() == ["Qdrant", "PostHog"]
    off = minutia("vocabulary", "off")
    assert "off: kept" in off.stderr and vocabulary.load().hotwords() is None
    missing = minutia("vocabulary", "remove", "Nobody")
    assert missing.returncode == 2 and "Not in the vocabulary: Nobody" in missing.stderr
