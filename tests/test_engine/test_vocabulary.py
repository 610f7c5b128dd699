"""The user's vocabulary (issue 19): corrections teach it, transcriptions get it as hotwords."""

from __future__ import annotations

import numpy as np
import pytest

from engine import transcript_io, vocabulary
from engine.errors import InputError
from engine.models import ModelRef
from engine.session import Session
from engine.transcribe.base import Mode
from engine.transcribe.local_whisper import LocalWhisper
from engine.transcript_layer import TranscriptLayer
from engine.types import Segment, Transcript


def test_a_replace_teaches_the_new_words_and_an_edit_only_names_and_terms():
    assert vocabulary.learned("Thomas", "Tomasz", replaced=True) == ["Tomasz"]
    assert vocabulary.learned("product sink", "product sync", replaced=True) == ["sync"]
    assert vocabulary.learned("to finance my first day", "by Thursday", replaced=False) == []
    assert vocabulary.learned("we sink with Shivon", "we sync with Siobhan and QA2",
                              replaced=False) == ["Siobhan", "QA2"]
    assert vocabulary.learned("Tomasz said", "tomasz said so", replaced=True) == []


def test_the_vocabulary_keeps_the_latest_first_once_each_and_can_be_switched_off(tmp_path):
    path = tmp_path / "vocabulary.json"
    vocabulary.save(vocabulary.load(path).with_words(["Tomasz", "Priya"]))
    vocabulary.save(vocabulary.load(path).with_words(["priya", "Qdrant, PostHog"]))
    saved = vocabulary.load(path)
    assert saved.words == ("priya", "Qdrant PostHog", "Tomasz")
    assert saved.hotwords() == "priya, Qdrant PostHog, Tomasz"
    vocabulary.save(vocabulary.Vocabulary(saved.words, use=False, path=path))
    assert vocabulary.load(path).hotwords() is None
    assert vocabulary.load(path).without("tomasz").words == ("priya", "Qdrant PostHog")


def test_a_damaged_file_is_said_by_load_and_never_stops_a_transcription(tmp_path):
    path = tmp_path / "vocabulary.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="damaged"):
        vocabulary.load(path)
    assert vocabulary.hotwords(path) is None


def _session(folder) -> Session:
    session = Session.create("sync", root=folder)
    transcript = Transcript([Segment(0.0, 2.0, " Thomas will send it."),
                             Segment(2.0, 4.0, " We sink with Shivon.")], "en", 0.9, 4.0)
    session.save_transcript(transcript)
    return session


def test_a_correction_adds_its_word_to_the_users_vocabulary(tmp_path):
    layer = TranscriptLayer.open(_session(tmp_path / "s").dir)
    layer.replace("Thomas", "Tomasz")
    assert layer.taught == ["Tomasz"]
    layer.edit_text(1, "We sync with Siobhan.")
    assert layer.taught == ["Siobhan"]
    assert vocabulary.load().words == ("Siobhan", "Tomasz")  # the user's (MINUTIA_HOME) file
    assert transcript_io.load_transcript(layer.session.dir).segments[0].text.strip() \
        == "Tomasz will send it."


class _Spy:
    """faster-whisper's WhisperModel as far as a LIVE transcription calls it."""

    def __init__(self) -> None:
        self.calls: list[dict] = []

    def transcribe(self, audio, **kwargs):
        self.calls.append(kwargs)
        info = type("Info", (), {"language": "en", "language_probability": 1.0,
                                 "duration": len(audio) / 16000})
        return iter(()), info


def test_the_vocabulary_reaches_faster_whispers_call(tmp_path):
    vocabulary.save(vocabulary.Vocabulary(("Tomasz", "Qdrant"), use=True))
    asr = LocalWhisper(ModelRef("spy", tmp_path, "0"))
    asr._whisper = spy = _Spy()  # loaded: load() keeps it
    list(asr.transcribe(np.zeros(16000, np.float32), language="en", mode=Mode.LIVE)[1])
    assert spy.calls[-1]["hotwords"] == "Tomasz, Qdrant"
    assert asr.describe()["hotwords"] == "Tomasz, Qdrant"
    vocabulary.save(vocabulary.Vocabulary(("Tomasz", "Qdrant"), use=False))
    list(asr.transcribe(np.zeros(16000, np.float32), language="en", mode=Mode.LIVE)[1])
    assert "hotwords" not in spy.calls[-1]
    assert asr.options(Mode.FULL, 16000, "Tomasz")["hotwords"] == "Tomasz"
