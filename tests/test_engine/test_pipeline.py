"""Pipeline ordering, persistence and failure handling with fake backends (fast tier)."""

import json
import threading
import time

import pytest
from audio_files import read_wav, write_wav
from fakes import FakeChat, FakeTranscriber
from locations import SAMPLE

from engine import CancelToken, EngineConfig, Pipeline
from engine.errors import Cancelled, NoSpeechError
from engine.events import (
    Event,
    Finished,
    MinutesDelta,
    SegmentAdded,
    SessionStarted,
    StageChanged,
    TranscriptSaved,
)
from engine.types import Segment, Stage

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
