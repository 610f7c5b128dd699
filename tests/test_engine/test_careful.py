"""The careful pass (engine/transcribe/careful.py): where it cuts the recording into stretches,
what it prompts with, and how the live transcriber hands over to it at Stop; on real speech
with the real VAD and fake recognisers (fast tier)."""

import os
import threading
import time

import numpy as np
import pytest
from audio_files import read_wav, write_wav
from locations import SAMPLE

from engine.events import LanguageDetected, LiveCommitted
from engine.transcribe.careful import CarefulPass
from engine.transcribe.live import LiveTranscriber
from engine.types import Segment, Word

RATE = 16000


class ChunkRecorder:
    """Stands in for Whisper: one segment per chunk, a word every ``every`` s of it, named
    after the chunk's length; it notes each chunk, prompt and mode, and the thread it ran on."""

    def __init__(self, every: float = 0.5):
        self.chunks, self.prompts, self.modes, self.threads = [], [], [], []
        self.every = every

    def load(self):
        pass

    def transcribe(self, audio, *, language, prompt=None, mode="full"):
        self.chunks.append(len(audio))
        self.prompts.append(prompt)
        self.modes.append(mode)
        self.threads.append(threading.current_thread().name)
        seconds = len(audio) / RATE
        words = tuple(Word(t, t + self.every * 0.8, f" c{len(audio)}w{i}", 0.9)
                      for i, t in enumerate(np.arange(0.0, seconds - self.every, self.every)))
        text = "".join(w.text for w in words).strip()
        return LanguageDetected("en", 0.9, seconds), iter(
            [Segment(0.0, seconds, text, words)] if words else [])


def feed_all(target, audio, block=1600):
    for i in range(0, len(audio), block):
        target.feed(audio[i:i + block])


def sample(seconds: float | None = None) -> np.ndarray:
    speech, _ = read_wav(SAMPLE)
    return speech if seconds is None else speech[: int(RATE * seconds)]


def test_stretches_cover_the_recording_once_and_end_in_pauses():
    speech = sample()  # 63 s, turns 0.25-0.8 s apart
    asr = ChunkRecorder()
    careful = CarefulPass(asr, stretch_s=12.0, longest_s=20.0)
    careful.start()
    feed_all(careful, speech)
    segments = careful.finish(timeout=60)
    assert sum(asr.chunks) == len(speech)  # nothing dropped, nothing twice
    assert len(asr.chunks) >= 3 and set(asr.modes) == {"full"}  # as a file is transcribed
    for edge in np.cumsum(asr.chunks)[:-1]:  # every cut but Stop's lies in a pause
        assert np.abs(speech[edge - 1600:edge + 1600]).max() < 0.02
    for n in asr.chunks[:-1]:  # 12 s of speech gathered, at most 20 s (pauses come on top)
        assert 6 * RATE <= n <= 26 * RATE
    assert [s.start for s in segments] == sorted(s.start for s in segments)
    assert segments[0].start == 0.0 and segments[1].start == asr.chunks[0] / RATE
    assert segments[-1].end == pytest.approx(len(speech) / RATE)
    # Each stretch is prompted with the text kept before it, as Whisper prompts each window
    # of a file with the one before.
    assert asr.prompts[0] is None
    assert asr.prompts[2].endswith(segments[1].text) and segments[0].text in asr.prompts[2]


def test_the_prompt_is_the_last_words_kept():
    speech = sample()
    asr = ChunkRecorder(every=0.2)  # fast talk: more words than a prompt takes
    careful = CarefulPass(asr, stretch_s=12.0, longest_s=20.0)
    careful.start()
    feed_all(careful, speech)
    segments = careful.finish(timeout=60)
    from engine.transcribe.careful import PROMPT_WORDS
    for k, prompt in enumerate(asr.prompts[1:], 1):
        before = " ".join(s.text for s in segments[:k]).split()
        assert prompt == " ".join(before[-PROMPT_WORDS:])
    assert max(len(p.split()) for p in asr.prompts[1:]) == PROMPT_WORDS


def test_a_slow_speaker_is_cut_after_wait_s_even_with_little_speech():
    speech = sample(20.0)
    quiet = np.random.default_rng(0).normal(0, 0.001, RATE * 8).astype(np.float32)
    # 2.5 s phrases with 8 s of room noise between them: under 10 s of speech in 60 s.
    audio = np.concatenate([np.concatenate([speech[i * RATE * 5:i * RATE * 5 + RATE * 5 // 2],
                                            quiet]) for i in range(4)] * 2)
    asr = ChunkRecorder()
    careful = CarefulPass(asr, stretch_s=20.0, longest_s=30.0, wait_s=30.0)
    careful.start()
    feed_all(careful, audio)
    careful.finish(timeout=60)
    assert sum(asr.chunks) == len(audio) and len(asr.chunks) >= 3
    assert max(asr.chunks[:-1]) <= (30.0 + 2.0) * RATE  # wait_s, and one more look


def test_talk_without_a_pause_is_cut_before_longest_s_at_its_quietest():
    speech = sample()
    from faster_whisper.vad import VadOptions, get_speech_timestamps
    spans = get_speech_timestamps(speech, VadOptions(min_silence_duration_ms=100,
                                                     speech_pad_ms=0))
    talk = np.concatenate([speech[s["start"]:s["end"]] for s in spans])  # no pauses left
    asr = ChunkRecorder()
    careful = CarefulPass(asr, stretch_s=10.0, longest_s=15.0)
    careful.start()
    feed_all(careful, talk)
    careful.finish(timeout=60)
    assert sum(asr.chunks) == len(talk)
    assert max(asr.chunks[:-1]) <= 15.0 * RATE + RATE  # the speech before it, and its lead


def test_backlog_is_what_stop_would_leave():
    careful = CarefulPass(ChunkRecorder(), stretch_s=10.0)
    careful.start()
    feed_all(careful, sample(4.0))
    assert careful.backlog_seconds == pytest.approx(4.0)  # under 10 s of speech: gathering
    careful.finish(timeout=30)
    assert careful.backlog_seconds == 0


def test_live_text_for_the_view_and_the_careful_transcript_kept():
    speech = sample(30.0)
    live_asr, careful_asr = ChunkRecorder(), ChunkRecorder()
    careful = CarefulPass(careful_asr, stretch_s=10.0, longest_s=20.0)
    live = LiveTranscriber(live_asr, tentative_every_s=1e9, careful=careful)
    live.start()
    for i in range(0, len(speech), 1600):
        live.feed(speech[i:i + 1600])
        time.sleep(0.002)
    deadline = time.monotonic() + 30
    while live.backlog_seconds and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.5)  # the live thread is done with what it had
    before = live.poll()
    kept = live.finish(timeout=60)
    assert kept == careful.segments and kept[0].text.startswith("c")
    assert set(careful_asr.modes) == {"full"} and set(careful_asr.threads) == {"minutia-careful"}
    assert set(live_asr.modes) <= {"live", "draft"}  # utterances, for the view; no Stop
    assert sum(live_asr.chunks) < len(speech)  # tail: the careful pass transcribes it
    live_end = max(s.end for s in live.committed)
    tail = [e for e in live.poll() if isinstance(e, LiveCommitted)]
    assert len(tail) == 1  # the view ends with the careful words said after the live ones
    assert all(w.start >= live_end - 0.25 for s in tail[0].segments for w in s.words)
    assert tail[0].segments[-1].end == kept[-1].words[-1].end
    assert any(isinstance(e, LiveCommitted) for e in before)


class Broken(ChunkRecorder):
    def transcribe(self, audio, **kwargs):
        raise RuntimeError("the careful model broke")


def test_a_careful_pass_that_failed_is_raised_at_finish():
    live = LiveTranscriber(ChunkRecorder(), tentative_every_s=1e9,
                           careful=CarefulPass(Broken(), stretch_s=5.0))
    live.start()
    feed_all(live, sample(12.0))
    with pytest.raises(RuntimeError, match="careful model broke"):
        live.finish(timeout=30)


class Twinned(ChunkRecorder):
    """A recogniser that can load a second copy of itself for the background (LocalWhisper.twin)."""

    def __init__(self):
        super().__init__()
        self.twins = []

    def twin(self, *, background=False):
        self.twins.append((ChunkRecorder(), background))
        return self.twins[-1][0]


def test_a_recording_job_keeps_the_careful_transcript(tmp_path):
    from fakes import FakeChat

    from engine import CancelToken, EngineConfig, Pipeline
    from engine.audio.recorder import RecordControl
    from engine.audio.sources import ReplaySource
    from engine.events import TranscriptSaved
    from engine.recording_job import record_meeting
    from engine.transcript_io import load_transcript

    asr = Twinned()
    pipeline = Pipeline(config=EngineConfig(speakers=False), transcriber=asr,
                        chat_model=FakeChat(), sessions_root=tmp_path / "sessions")
    clip = write_wav(tmp_path / "clip.wav", sample(25.0))
    events = list(record_meeting(pipeline, ReplaySource(clip, paced=False), RecordControl(),
                                 cancel=CancelToken(), title="job"))
    [(careful, background)] = asr.twins
    assert background is True and set(careful.modes) == {"full"}
    assert set(asr.modes) <= {"live", "draft"}
    first = next(e for e in events if isinstance(e, TranscriptSaved))
    saved = first.transcript
    assert saved.segments and all(s.text.startswith(f"c{n}w") for s, n in
                                  zip(saved.segments, careful.chunks, strict=True))
    kept = load_transcript(first.path)
    assert [s.text for s in kept.segments] == [s.text for s in saved.segments]


@pytest.mark.skipif(not hasattr(os, "SCHED_IDLE"), reason="per-thread scheduling is Linux's")
def test_the_careful_pass_and_the_threads_it_starts_run_in_the_background():
    from engine.transcribe.local_whisper import to_background
    seen = {}

    def started_later():
        seen["child"] = os.sched_getscheduler(threading.get_native_id())

    def background_work():
        seen["moved"] = to_background()
        seen["self"] = os.sched_getscheduler(threading.get_native_id())
        child = threading.Thread(target=started_later)
        child.start()
        child.join()

    worker = threading.Thread(target=background_work)
    worker.start()
    worker.join()
    assert seen == {"moved": True, "self": os.SCHED_IDLE, "child": os.SCHED_IDLE}
    assert os.sched_getscheduler(threading.get_native_id()) != os.SCHED_IDLE  # only that thread
