"""Remembered voices (engine/voices.py): the real diarizer's speaker voices on espeak-ng
recordings made at test time, remembered and recognised; the voice book's file; the
pipeline naming a recognised speaker.

Voices: "cat" (en-gb-scotland+m3) and "dan" (en-029+f5) of scripts/make_diarization_set.py,
whose voices are 0.31 apart for CAM++ (bench/voices.py); one voice's two recordings say
different sentences and measured 0.98.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys

import numpy as np
import pytest
from audio_files import write_wav
from fakes import FakeChat, FakeTranscriber
from locations import ROOT

from engine import CancelToken, EngineConfig, Notice, Pipeline
from engine.diarize.diarizer import Diarizer
from engine.diarize.turns import Diarization
from engine.errors import InputError
from engine.session import Session
from engine.speakers import Named, load_names, names_json
from engine.types import Segment, Transcript
from engine.voices import (
    MODEL,
    PROBABLY,
    SURE,
    Voice,
    VoiceBook,
    VoiceMatch,
    remember_speaker,
    session_voices,
)

RATE = 16000


def run(diarizer: Diarizer, audio: np.ndarray) -> Diarization:
    events = diarizer.diarize(audio, cancel=CancelToken())
    while True:
        try:
            next(events)
        except StopIteration as done:
            return done.value


def _generator():
    spec = importlib.util.spec_from_file_location(
        "make_diarization_set", ROOT / "scripts" / "make_diarization_set.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def diarizer() -> Diarizer:
    return Diarizer()


@pytest.fixture(scope="module")
def espeak():
    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is missing: ./setup.sh --test installs it")
    module = _generator()
    voices = {v.name: v for v in module.VOICES}

    def say(who: str, first: int, count: int = 3) -> np.ndarray:
        """``who`` saying SENTENCES[first:first + count], 0.4 s apart."""
        parts = []
        for sentence in module.SENTENCES[first : first + count]:
            parts += [np.zeros(int(0.4 * RATE), np.float32), module.speak(voices[who], sentence)]
        return np.concatenate([*parts, np.zeros(RATE // 2, np.float32)])

    return say


@pytest.fixture(scope="module")
def recordings(espeak, diarizer) -> dict[str, Diarization]:
    """cat's first recording, cat's second (other sentences), dan (the second's sentences)."""
    found = {}
    for name, audio in {"cat 1": espeak("cat", 0), "cat 2": espeak("cat", 3),
                        "dan": espeak("dan", 3)}.items():
        found[name] = run(diarizer, audio)
    return found


def test_a_remembered_voice_is_recognised_in_another_recording_and_no_other_voice(
        tmp_path, recordings):
    assert all(len(d.voices) == 1 and d.windows[0] >= 10 for d in recordings.values())
    book = VoiceBook(tmp_path)
    voice = book.remember("Cat", recordings["cat 1"].voices[0])
    assert (voice.name, voice.meetings) == ("Cat", 1)
    [match] = book.match(recordings["cat 2"].voices)
    assert (match.speaker, match.name, match.sure) == (0, "Cat", True)
    assert match.similarity >= SURE
    assert book.match(recordings["dan"].voices) == []  # not even "probably"
    assert float(recordings["dan"].voices[0] @ recordings["cat 1"].voices[0]) < PROBABLY


def test_voices_are_numbered_as_the_turns(espeak, diarizer, recordings):
    audio = np.concatenate([espeak("dan", 6, 2), espeak("cat", 8, 2)])  # dan first
    turns = run(diarizer, audio)
    assert [t.speaker for t in turns][0] == 0 and sorted(turns.voices) == [0, 1]
    dan, cat = recordings["dan"].voices[0], recordings["cat 1"].voices[0]
    assert turns.voices[0] @ dan > turns.voices[0] @ cat
    assert turns.voices[1] @ cat > turns.voices[1] @ dan
    assert all(turns.windows[k] > 0 for k in (0, 1))


def test_the_pipeline_names_a_recognised_speaker_and_keeps_the_voices(
        tmp_path, espeak, diarizer, recordings):
    audio = np.concatenate([espeak("dan", 10, 2), espeak("cat", 12, 2)])
    wav = write_wav(tmp_path / "meeting.wav", audio)
    turns = run(diarizer, audio)
    middle = turns[1].start
    segments = [Segment(0.4, middle - 0.2, "Dan talks first."),
                Segment(middle, len(audio) / RATE - 0.5, "Then the other one talks.")]
    book = VoiceBook(tmp_path / "voices")
    book.remember("Cat", recordings["cat 1"].voices[0])
    events = list(_pipeline(tmp_path, segments, diarizer, book).process_file(
        wav, cancel=CancelToken(), minutes=False))
    folder = events[0].session_dir
    done = events[-1]
    assert done.transcript.speaker_names == {1: "Cat"}
    names = json.loads((folder / "speakers.json").read_text())
    assert names["1"]["name"] == "Cat" and names["1"]["voice"] >= SURE and "0" not in names
    notice = next(e.message for e in events if isinstance(e, Notice))
    assert notice.startswith("2 speakers found: Speaker 2 is Cat (remembered voice, 0.")
    assert "[00:" in (folder / "transcript.txt").read_text() and "Cat: Then" in (
        folder / "transcript.txt").read_text()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert [(m["speaker"], m["name"], m["sure"]) for m in manifest["speakers"]["voices"]] == [
        (1, "Cat", True)]
    # the session keeps both speakers' voices: dan can be remembered from it
    assert sorted(session_voices(folder)) == [0, 1]
    assert remember_speaker(folder, 0, "Dan", book) == Voice("Dan", book.voices()[1].created, 1)
    assert [v.name for v in book.voices()] == ["Cat", "Dan"]


def test_a_probable_voice_is_a_suggestion_not_a_name(tmp_path, espeak, diarizer, recordings):
    audio = espeak("cat", 14, 2)
    wav = write_wav(tmp_path / "cat.wav", audio)
    segments = [Segment(0.4, len(audio) / RATE - 0.5, "Hello.")]
    book = VoiceBook(tmp_path / "voices", sure=0.9999)  # every match only "probably"
    book.remember("Cat", recordings["cat 1"].voices[0])
    events = list(_pipeline(tmp_path, segments, diarizer, book).process_file(
        wav, cancel=CancelToken(), minutes=False))
    notice = next(e.message for e in events if isinstance(e, Notice))
    assert notice.startswith("1 speaker found: Speaker 1 is probably Cat (voice 0.9")
    assert not (events[0].session_dir / "speakers.json").exists()
    assert events[-1].transcript.speaker_names == {}


def _pipeline(tmp_path, segments, diarizer, book) -> Pipeline:
    return Pipeline(config=EngineConfig(), transcriber=FakeTranscriber(segments),
                    chat_model=FakeChat("- ok"), sessions_root=tmp_path / "sessions",
                    diarizer=diarizer, voices=book)


# ---- the voice book (no model) --------------------------------------------------------------


def _voice(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=192).astype(np.float32)


def test_remember_again_learns_forget_removes_and_names_ignore_case(tmp_path):
    book = VoiceBook(tmp_path / "voices")
    assert book.voices() == [] and not book.folder.exists()  # nothing written until asked
    book.remember("priya", _voice(1))
    book.remember("Tom", _voice(2))
    again = book.remember("Priya", _voice(1) + 0.3 * _voice(3))
    assert again.meetings == 2 and again.name == "Priya"
    assert [v.name for v in book.voices()] == ["Priya", "Tom"]
    stored = json.loads(book.path.read_text())["voices"]
    assert stored[0]["model"] == MODEL and len(stored[0]["embedding"]) == 192
    mean = _voice(1) / np.linalg.norm(_voice(1))
    other = _voice(1) + 0.3 * _voice(3)
    mean = mean + other / np.linalg.norm(other)
    assert np.dot(stored[0]["embedding"], mean / np.linalg.norm(mean)) == pytest.approx(1, abs=1e-5)
    assert book.forget("PRIYA") is True and book.forget("Priya") is False
    assert [v.name for v in VoiceBook(tmp_path / "voices").voices()] == ["Tom"]


def test_match_pairs_each_voice_and_speaker_once_best_first(tmp_path):
    book = VoiceBook(tmp_path, sure=0.9, probably=0.5)
    a, b = _voice(1), _voice(2)
    book.remember("A", a)
    book.remember("B", b)
    unit_a = a / np.linalg.norm(a)
    near_a = unit_a + 0.2 * _voice(5) / np.linalg.norm(_voice(5))  # ~0.98 to A
    mid_a = unit_a + 0.9 * _voice(6) / np.linalg.norm(_voice(6))  # ~0.74 to A
    found = book.match({0: mid_a, 1: near_a, 2: _voice(7), 3: np.zeros(192)})
    assert [(m.speaker, m.name, m.sure) for m in found] == [(1, "A", True)]  # A once: its best
    found = book.match({0: mid_a, 2: _voice(7)})
    assert [(m.speaker, m.name, m.sure) for m in found] == [(0, "A", False)]
    assert 0.5 <= found[0].similarity < 0.9
    assert isinstance(found[0], VoiceMatch)
    assert VoiceBook(tmp_path / "empty").match({0: a}) == []


def test_a_damaged_book_is_ignored_then_moved_aside_and_a_damaged_voice_kept(tmp_path, caplog):
    book = VoiceBook(tmp_path)
    tmp_path.mkdir(exist_ok=True)
    book.path.write_text("{not json")
    assert book.voices() == [] and book.match({0: _voice(1)}) == []
    assert "ignoring damaged" in caplog.text
    book.remember("Tom", _voice(2))
    assert (tmp_path / "voices.json.damaged").read_text() == "{not json"
    assert [v.name for v in book.voices()] == ["Tom"]
    data = json.loads(book.path.read_text())
    data["voices"].append({"name": "Broken", "created": "x", "embedding": [1.0, "a"]})
    book.path.write_text(json.dumps(data))
    assert [v.name for v in book.voices()] == ["Tom"]
    book.remember("Ann", _voice(3))
    assert [v["name"] for v in json.loads(book.path.read_text())["voices"]] == [
        "Ann", "Tom", "Broken"]  # kept as it was: nothing of the user's is dropped


def test_a_voice_of_another_model_is_listed_but_never_matched(tmp_path):
    book = VoiceBook(tmp_path)
    book.remember("Tom", _voice(2))
    data = json.loads(book.path.read_text())
    data["voices"][0]["model"] = "another-embedder"
    book.path.write_text(json.dumps(data))
    assert [v.name for v in book.voices()] == ["Tom"] and book.match({0: _voice(2)}) == []
    assert book.remember("Tom", _voice(2)).meetings == 1  # learnt afresh by this model


def test_remember_speaker_says_what_is_missing(tmp_path):
    session = Session.create("old", root=tmp_path)
    session.save_transcript(Transcript([Segment(0.0, 1.0, "Hi.", speaker=0)], "en", 0.9, 1.0))
    book = VoiceBook(tmp_path / "voices")
    with pytest.raises(InputError, match="has no speaker voices to remember"):
        remember_speaker(session.dir, 0, "Tom", book)
    session.save_speaker_voices({0: _voice(1), 1: _voice(2)}, {0: 12, 1: 3})
    with pytest.raises(InputError, match="No voice of Speaker 3 in .*: it has Speaker 1, Speaker 2"):
        remember_speaker(session.dir, 2, "Tom", book)
    with pytest.raises(InputError, match="needs a name"):
        remember_speaker(session.dir, 1, "  ", book)
    assert remember_speaker(session.dir, 1, " Tom ", book).name == "Tom"
    (session.dir / "speaker_voices.json").write_text("{damaged")
    assert session_voices(session.dir) == {}
    session.save_speaker_voices({}, {})
    assert not (session.dir / "speaker_voices.json").exists()


def test_names_from_a_voice_are_marked_and_old_names_files_still_load(tmp_path):
    names = {0: Named("Dana", True), 1: Named("Priya", voice=0.8312)}
    (tmp_path / "speakers.json").write_text(names_json(names))
    assert json.loads((tmp_path / "speakers.json").read_text()) == {
        "0": {"name": "Dana", "suggested": True},
        "1": {"name": "Priya", "suggested": False, "voice": 0.831}}
    assert load_names(tmp_path) == {0: Named("Dana", True), 1: Named("Priya", False, 0.831)}
