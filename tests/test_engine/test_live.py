"""Live transcription's cutting and committing, on real speech with the real VAD and a fake
recogniser that reports the chunks it was given (fast tier)."""

import time

import numpy as np
import pytest
from audio_files import read_wav
from locations import SAMPLE

from engine.events import LanguageDetected, LiveCommitted
from engine.transcribe.live import LiveTranscriber
from engine.types import Segment


class ChunkRecorder:
    """Stands in for Whisper: one segment per chunk, named after the chunk's length."""

    def __init__(self):
        self.chunks = []
        self.prompts = []

    def load(self):
        pass

    def transcribe(self, audio, *, language, prompt=None, mode="full"):
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


class ScriptedRecogniser:
    """Stands in for Whisper with word timings: a word every 0.4 s of the recording. It finds
    where a chunk lies in the recording, returns the words whose middle is inside it; in a
    draft, a word still being spoken at the chunk's end comes out cut ("w12-") and the
    timings run 0.15 s late."""

    def __init__(self, recording):
        self.recording = recording
        self.words = [(i * 0.4, i * 0.4 + 0.3, f"w{i}") for i in range(int(len(recording) / 6400))]
        self.modes = []

    def load(self):
        pass

    def transcribe(self, audio, *, language, prompt=None, mode="full"):
        from engine.types import Word
        self.modes.append(mode)
        start = _position(self.recording, audio) / 16000
        end = start + len(audio) / 16000
        words = []
        for a, b, text in self.words:
            if start <= (a + b) / 2 < end:
                cut = mode == "draft" and b > end
                late = 0.15 if mode == "draft" else 0.0  # timings differ between passes
                words.append(Word(a - start + late, min(b, end) - start + late,
                                  f" {text}-" if cut else f" {text}", 0.9))
        segments = [Segment(words[0].start, words[-1].end, "".join(w.text for w in words).strip(),
                            tuple(words))] if words else []
        return LanguageDetected("en", 0.9, len(audio) / 16000), iter(segments)


def _position(recording, audio):
    probe = audio[:800]
    hits = np.flatnonzero(np.lib.stride_tricks.sliding_window_view(recording, 800)[:, 0] == probe[0])
    return next(int(i) for i in hits if np.array_equal(recording[i:i + 800], probe))


def test_settled_words_are_committed_before_the_pause_and_each_word_once():
    speech, _ = read_wav(SAMPLE)
    speech = speech[: 16000 * 20]
    asr = ScriptedRecogniser(speech)
    live = LiveTranscriber(asr, tentative_every_s=1.0, hold_s=1.0)
    live.start()
    commits = []
    for i in range(0, len(speech), 1600):
        live.feed(speech[i:i + 1600])
        deadline = time.monotonic() + 5
        while live.backlog_seconds and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(0.01)  # the live thread keeps up, as on a fast machine
        commits += [(i / 16000, e) for e in live.poll() if isinstance(e, LiveCommitted)]
    segments = live.finish(timeout=30)
    said = [w.text.strip() for s in segments for w in s.words]
    assert said == [t for _, _, t in asr.words]  # every word once, in order; no cut-off drafts
    drafts_committed = len(commits) - asr.modes.count("live")
    assert asr.modes.count("draft") > 5 and drafts_committed > 0
    for fed, event in commits:  # a committed word had been heard whole, with room after it
        assert all(w.end <= fed + 0.35 for s in event.segments for w in s.words)


def test_whisper_reciting_its_prompt_is_not_committed_twice():
    from engine.transcribe.live import _repeated_head
    said = "the design is finished but the contact form still needs testing".split()
    recited = "the design is finished but the design is finished but the contact form still" \
              " needs testing and we decide to launch".split()
    assert recited[_repeated_head(recited, said):] == "and we decide to launch".split()
    assert _repeated_head("testing and we".split(), said) == 1  # the last word again
    assert _repeated_head("we decide the contact".split(), said) == 0  # new speech stays
    assert _repeated_head("contact form".split(), said) == 0  # 2 words mid-prompt: too few


def test_a_short_utterance_waits_for_the_next_unless_the_speaker_stops():
    speech, _ = read_wav(SAMPLE)
    word = speech[16000 * 1: int(16000 * 2.2)]  # ~1.2 s of speech
    quiet = np.zeros(int(16000 * 0.5), np.float32)
    live = LiveTranscriber(ChunkRecorder(), tentative_every_s=1e9)
    buf = np.concatenate([word, quiet])
    assert live._utterance_end(buf) is None  # 1.2 s then a short pause: wait
    longer = np.concatenate([word, quiet, speech[16000 * 3:16000 * 6], quiet])
    assert live._utterance_end(longer) > len(word) + len(quiet)  # cut after the second
    stopped = np.concatenate([word, np.zeros(int(16000 * 1.2), np.float32)])
    assert live._utterance_end(stopped) is not None  # the speaker stopped: cut


def test_the_final_pass_hurries_only_when_audio_is_waiting_behind_it():
    speech, _ = read_wav(SAMPLE)
    speech = speech[: 16000 * 20]
    behind = ScriptedRecogniser(speech)
    live = LiveTranscriber(behind, tentative_every_s=1e9)  # no drafts: every pass is a final
    feed_all(live, speech)  # all of it before the thread starts: far behind
    live.start()
    live.finish(timeout=60)
    assert behind.modes[0] == "draft" and behind.modes[-1] == "live"
    paced = ScriptedRecogniser(speech)
    live = LiveTranscriber(paced, tentative_every_s=1e9)
    live.start()
    for i in range(0, len(speech), 16000):  # one second at a time, waiting for each pass
        live.feed(speech[i:i + 16000])
        deadline = time.monotonic() + 5
        while live.backlog_seconds > 0 and time.monotonic() < deadline:
            time.sleep(0.01)
    live.finish(timeout=60)
    assert set(paced.modes) == {"live"}


def test_a_symbol_token_does_not_stop_two_passes_agreeing():
    """Whisper writes "100% sure" as "100", "%", " sure": "%" normalised to nothing used to
    stop the agreement, so the whole utterance waited for its pause (5.8 s lag, measured)."""
    from engine.types import Word
    words = (Word(0.0, 0.3, "%", 0.9), Word(0.3, 0.6, " sure", 0.9), Word(0.6, 0.9, " but", 0.9))

    class SameDraft:
        def load(self):
            pass

        def transcribe(self, audio, *, language, prompt=None, mode="full"):
            return LanguageDetected("en", 0.9, 2.0), iter([Segment(0.0, 0.9, "% sure but", words)])

    live = LiveTranscriber(SameDraft(), hold_s=5.0)  # a long hold: only agreement commits
    audio = np.full(16000 * 2, 0.01, np.float32)
    live._agree(audio, 0.0)
    assert live.committed == []
    live._agree(audio, 0.0)
    assert [w.text for s in live.committed for w in s.words] == ["%", " sure", " but"]
