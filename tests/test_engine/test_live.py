"""Live transcription's cutting and committing, on real speech with the real VAD and a fake
recogniser that reports the chunks it was given (fast tier)."""

import time

import numpy as np
import pytest
from audio_files import read_wav
from locations import SAMPLE

from engine.transcribe.live import LiveCommitted, LiveTranscriber
from engine.types import LanguageDetected, Segment


class ChunkRecorder:
    """Stands in for Whisper: one segment per chunk, named after the chunk's length."""

    def __init__(self):
        self.chunks = []
        self.prompts = []

    def load(self):
        pass

    def transcribe(self, audio, *, language, prompt=None, beam_size=None):
        self.chunks.append(len(audio))
        self.prompts.append(prompt)
        return LanguageDetected("en", 0.9, len(audio) / 16000), iter(
            [Segment(0.0, len(audio) / 16000, f"chunk of {len(audio)} samples")])


def feed_all(live, audio, block=1600):
    for i in range(0, len(audio), block):
        live.feed(audio[i:i + block])


def test_chunks_end_in_pauses_and_cover_everything():
    speech, _ = read_wav(SAMPLE)
    speech = speech[: 16000 * 30]
    asr = ChunkRecorder()
    live = LiveTranscriber(asr, tentative_every_s=1e9)
    live.start()
    feed_all(live, speech)
    segments = live.finish(timeout=60)
    committed = [c for c in asr.chunks]
    assert sum(committed) == len(speech)  # nothing dropped, nothing doubled
    assert len(committed) >= 4  # the sample's turns are separated by 0.6 s pauses
    edges = np.cumsum(committed)[:-1]
    for edge in edges:  # every cut but the last lies in silence between turns
        assert np.abs(speech[edge - 800:edge + 800]).max() < 0.02
    assert [s.start for s in segments] == sorted(s.start for s in segments)
    assert segments[-1].end == pytest.approx(len(speech) / 16000)
    assert asr.prompts[0] is None and asr.prompts[1] == segments[0].text


def test_commits_are_reported_as_they_happen_and_the_tail_on_finish():
    speech, _ = read_wav(SAMPLE)
    live = LiveTranscriber(ChunkRecorder(), tentative_every_s=1e9)
    live.start()
    feed_all(live, speech[: 16000 * 12])
    deadline = time.monotonic() + 30
    events = []
    while not events and time.monotonic() < deadline:
        events = [e for e in live.poll() if isinstance(e, LiveCommitted)]
    assert events, "an utterance followed by a pause is committed before the recording ends"
    before = len(live.committed)
    live.feed(speech[16000 * 12: 16000 * 13])  # one more second, then Stop mid-utterance
    final = live.finish(timeout=30)
    assert len(final) > before and final[-1].end == pytest.approx(13.0)
