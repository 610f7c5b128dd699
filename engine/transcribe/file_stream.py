"""A recording transcribed while it grows, the way faster-whisper transcribes the finished file.

``minutia transcribe recording.wav`` (LocalWhisper.transcribe, Mode.FULL) runs faster-whisper's
``WhisperModel.transcribe``: the Silero VAD over the whole file (speech chunks 2 s of silence
apart, padded by 0.4 s), the chunks joined, log-Mel features of the joined audio, then
``generate_segments``: 30 s windows, each decoded with the text of the windows before it as
the prompt, the next window starting where the last complete segment ended. Every step but
the features' loudness floor depends only on the audio before it, so ``FileStream`` does the
same steps as the audio arrives:

- the VAD frame by frame with its state carried over (the same speech probabilities, bit for
  bit), and the chunks with the same rules (a chunk closes after 2 s of silence);
- the joined audio as far as it is final (a chunk's audio up to its last speech, plus the
  0.4 s pad it gets whatever comes next);
- a window once 30 s of joined audio (and 0.5 s more for the edges of its features) lie
  after the window's start: ``generate_segments`` on that stretch's features with the
  prompt the file's pass would have, stopped as it asks for its second window, which says
  where the next one starts;
- at Stop, the rest as one ``generate_segments`` call, as the file's pass ends.

The features of a stretch differ from the file's only where faster-whisper floors quiet bins
at 80 dB under the loudest one (the file's loudest bin may come later) and in the first two
frames (the STFT's padding): on the sample meeting, the slow speaker and AMI trn09 the text
came out the same as the file's, word for word.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np

from engine.transcribe import artefacts
from engine.types import Segment, Word

RATE = 16_000
FRAME = 512  # samples per Silero VAD frame
CONTEXT = 64  # samples of the frame before that the VAD sees with each frame
HOP = 160  # samples per Whisper feature frame
WINDOW = 3000  # feature frames per Whisper window (30 s)
MARGIN = RATE // 2  # audio after a window that the features of its last frames need


def quantized(block: np.ndarray) -> np.ndarray:
    """``block`` as the recording file holds it (16-bit, engine/audio/wav_writer.py) and
    as decoding the file gives it back."""
    pcm = (np.clip(block, -1.0, 1.0) * 32767).astype("<i2")
    return pcm.astype(np.float32) / 32768


class SpeechFinder:
    """faster-whisper's ``get_speech_timestamps`` (default VadOptions) on audio as it comes."""

    def __init__(self) -> None:
        from faster_whisper.vad import VadOptions, get_vad_model
        options = VadOptions()
        assert options.max_speech_duration_s == float("inf")  # the rules below assume it
        self._model = get_vad_model()
        self._on = options.threshold
        self._off = options.neg_threshold or max(options.threshold - 0.15, 0.01)
        self._min_silence = RATE * options.min_silence_duration_ms / 1000
        self._min_speech = RATE * options.min_speech_duration_ms / 1000
        self._pad = RATE * options.speech_pad_ms / 1000
        self._h = np.zeros((1, 1, 128), np.float32)
        self._c = np.zeros((1, 1, 128), np.float32)
        self._context = np.zeros(CONTEXT, np.float32)
        self._rest = np.zeros(0, np.float32)  # samples short of a whole frame
        self._frames = 0
        self._closed: list[tuple[int, int]] = []  # speech (start, end), before padding
        self._start: int | None = None  # where the speech going on started
        self._quiet_from = 0  # where the silence in it started (0: none)
        self.samples = 0
        self.ended = False

    def add(self, audio: np.ndarray) -> None:
        self.samples += len(audio)
        audio = np.concatenate([self._rest, audio])
        whole = len(audio) // FRAME * FRAME
        self._rest = audio[whole:]
        if whole:
            self._run(audio[:whole].reshape(-1, FRAME))

    def end(self) -> None:
        """No more audio: the last frame padded with zeros (a whole frame of them when the
        audio ends on a frame's edge, as faster-whisper pads), the speech going on closed."""
        self._run(np.pad(self._rest, (0, FRAME - len(self._rest) % FRAME)).reshape(-1, FRAME))
        if self._start is not None and self.samples - self._start > self._min_speech:
            self._closed.append((self._start, self.samples))
        self._start = None
        self.ended = True

    def _run(self, frames: np.ndarray) -> None:
        contexts = np.concatenate([self._context[None], frames[:-1, -CONTEXT:]])
        probabilities, self._h, self._c = self._model.session.run(
            None, {"input": np.concatenate([contexts, frames], 1), "h": self._h, "c": self._c})
        self._context = frames[-1, -CONTEXT:].copy()
        for p in probabilities.reshape(-1):
            self._step(float(p))
            self._frames += 1

    def _step(self, p: float) -> None:
        """One frame of get_speech_timestamps' loop (with no limit on a chunk's length)."""
        at = FRAME * self._frames
        if p >= self._on and self._quiet_from:
            self._quiet_from = 0
        if p >= self._on and self._start is None:
            self._start = at
            return
        if p < self._off and self._start is not None:
            if not self._quiet_from:
                self._quiet_from = at
            if at - self._quiet_from < self._min_silence:
                return
            if self._quiet_from - self._start > self._min_speech:
                self._closed.append((self._start, self._quiet_from))
            self._start, self._quiet_from = None, 0

    @property
    def heard(self) -> int:
        """Samples the VAD has judged (whole frames)."""
        return FRAME * self._frames

    @property
    def pad(self) -> float:
        return self._pad

    def chunks(self) -> list[tuple[int, int, bool]]:
        """The speech chunks as faster-whisper pads them: (start, end, final), the last one
        (the speech going on) ending where its audio is final so far. Chunks are 2 s of
        silence or more apart, so each is padded by 0.4 s on both sides."""
        out = [(int(max(0, a - self._pad)), int(min(self.samples, b + self._pad)), True)
               for a, b in self._closed]
        if self._start is not None:
            heard = self._quiet_from or FRAME * self._frames
            out.append((int(max(0, self._start - self._pad)),
                        int(min(self.samples, heard + self._pad)), False))
        return out


class _NextWindow(Exception):  # noqa: N818 - a signal, not an error
    """generate_segments asked for its second window, starting at ``args[0]`` frames."""


class _Features(np.ndarray):
    """Features that let generate_segments take one window: its second slice raises
    _NextWindow with where that window would start."""

    def __getitem__(self, key):
        if isinstance(key, tuple) and len(key) == 2 and isinstance(key[1], slice) \
                and key[0] == slice(None) and getattr(self, "one_window", False):
            self.slices = getattr(self, "slices", 0) + 1
            if self.slices > 1:
                raise _NextWindow(key[1].start)
        return np.asarray(self)[key]


class FileStream:
    """Feed it the recording with ``add``; ``step`` transcribes the next 30 s window once
    ``ready``; ``finish`` the rest. Segments in recording time, artefacts checked as
    LocalWhisper.transcribe checks them.

    Args:
        model: a loaded faster_whisper.WhisperModel.
        language: the language spoken, or None: found in the first window, as the file's.
        options: faster-whisper's transcribe() keyword options for ``samples`` of audio
            (LocalWhisper.options for Mode.FULL).
        prompt: text said before the recording, as faster-whisper's ``initial_prompt``.
        quantize: the blocks come from the device: round them as the recording file will
            (False for audio decoded from a file: a second rounding would change it).
    """

    def __init__(self, model, *, language: str | None, options: Callable[[int], dict],
                 prompt: str | None = None, quantize: bool = True) -> None:
        self.model = model
        self.language = language
        self.language_probability = 1.0
        self._options = options
        self._prompt = prompt
        self._quantize = quantize
        self.vad = SpeechFinder()
        self._raw = np.zeros(0, np.float32)  # the recording from _raw_at on
        self._raw_at = 0
        self._joined = np.zeros(0, np.float32)  # the joined speech from _joined_at on
        self._joined_at = 0
        self._taken = 0  # the recording's samples up to here are joined (or silence)
        self._chunk = 0  # the chunk being joined
        self._map: list[dict] = []  # joined chunks, for restoring recording times
        self.seek = 0  # the next window's start in joined-audio feature frames
        self._tokens: list[int] = []  # every segment's tokens so far (the file's all_tokens)
        self._prompt_from = 0
        self._check = artefacts.Checker()
        self._tokenizer = None
        self._made_options: dict = {}

    # ---- audio in ------------------------------------------------------------------------
    def add(self, block: np.ndarray) -> None:
        block = quantized(block) if self._quantize else block.astype(np.float32, copy=False)
        self._raw = np.concatenate([self._raw, block])
        self.vad.add(block)
        self._join()
        self._forget()

    def _join(self) -> None:
        """Append the recording's final speech audio to the joined audio."""
        chunks = self.vad.chunks()
        while self._chunk < len(chunks):
            start, end, final = chunks[self._chunk]
            begin = max(self._taken, start)
            if end > begin:
                self._joined = np.concatenate(
                    [self._joined, self._raw[begin - self._raw_at:end - self._raw_at]])
                self._taken = end
            if not final:
                break
            self._chunk += 1
        self._map = [{"start": a, "end": b} for a, b, _ in chunks[:self._chunk + 1]
                     if b > a] if chunks else []

    @property
    def joined_samples(self) -> int:
        return self._joined_at + len(self._joined)

    def ready(self) -> bool:
        """A whole window of final joined audio lies after ``seek``."""
        return self.joined_samples - self.seek * HOP >= WINDOW * HOP + MARGIN

    @property
    def waiting_seconds(self) -> float:
        """Speech heard but not transcribed yet (joined audio after the next window's start)."""
        return max(0, self.joined_samples - self.seek * HOP) / RATE

    @property
    def done_seconds(self) -> float:
        """Where the recording is transcribed up to (the next window's start)."""
        if self.vad.ended and self.joined_samples <= self.seek * HOP:
            return self.vad.samples / RATE
        return self._recording_sample(self.seek * HOP) / RATE

    @property
    def behind_seconds(self) -> float:
        """Recording not transcribed yet (what finish() would still have to do)."""
        return self.vad.samples / RATE - self.done_seconds

    # ---- windows -------------------------------------------------------------------------
    def end(self) -> None:
        """No more audio is coming (``finish`` says so itself)."""
        if not self.vad.ended:
            self.vad.end()
            self._join()

    def detect_language(self) -> tuple[str, float]:
        """The language and its probability, found as the file's pass finds them: in the
        first window (call once it is ``ready()`` or the audio has ended)."""
        if self.language is None:
            first = self._joined[:WINDOW * HOP + MARGIN] if self.seek == 0 else self._joined
            self._detect(self.model.feature_extractor(first))
        return self.language, self.language_probability

    def _detect(self, features: np.ndarray) -> None:
        self.language, self.language_probability, _ = self.model.detect_language(
            features=features)

    def step(self) -> list[Segment]:
        """Transcribe the next window (call when ``ready()``)."""
        return self._decode(last=False)

    def finish(self) -> list[Segment]:
        """No more audio: transcribe the rest, as the file's pass ends."""
        self.end()
        out = []
        while self.ready():  # (only when the pass fell behind)
            out += self._decode(last=False)
        if self.joined_samples > self.seek * HOP:
            out += self._decode(last=True)
        return out

    def _decode(self, *, last: bool) -> list[Segment]:
        from faster_whisper.tokenizer import Tokenizer
        from faster_whisper.transcribe import restore_speech_timestamps
        at = self.seek * HOP - self._joined_at
        piece = self._joined[at:] if last else self._joined[at:at + WINDOW * HOP + MARGIN]
        features = self.model.feature_extractor(piece)
        if self.language is None:
            self._detect(features)
        if self._tokenizer is None or self._tokenizer.language_code != self.language:
            self._tokenizer = Tokenizer(self.model.hf_tokenizer, self.model.model.is_multilingual,
                                        task="transcribe", language=self.language)
        if self._prompt is not None:  # as faster-whisper starts its all_tokens
            self._tokens = self._tokenizer.encode(" " + self._prompt.strip())
            self._prompt = None
        options = dataclasses.replace(self._transcription_options(last),
                                      initial_prompt=self._tokens[self._prompt_from:])
        window = features.view(_Features)
        window.one_window = not last
        found, advance = [], None
        try:
            for s in self.model.generate_segments(window, self._tokenizer, options, False):
                found.append(s)
        except _NextWindow as e:
            advance = e.args[0]
        offset = self.seek * HOP / RATE
        for s in found:
            self._tokens.extend(s.tokens)
            if s.temperature > options.prompt_reset_on_temperature:
                self._prompt_from = len(self._tokens)  # as the file's pass, after the window
            s.start, s.end = s.start + offset, s.end + offset
            for w in s.words or ():
                w.start, w.end = w.start + offset, w.end + offset
        restored = list(restore_speech_timestamps(found, self._map, RATE)) if self._map else []
        kept = [k for k in (self._check.take(self._heard(s)) for s in restored) if k is not None]
        self.seek += advance if advance is not None else len(features[0]) - 1
        self._forget()
        return kept

    def _transcription_options(self, last: bool):
        """faster-whisper's TranscriptionOptions for the file (its transcribe() makes them:
        asked once over a moment of silence, its generator never run)."""
        samples = self.vad.samples if last else 10 ** 9  # a cap only for a short file
        kwargs = {k: v for k, v in self._options(samples).items() if k != "vad_filter"}
        key = (self.language, tuple(sorted(kwargs.items())))
        if key not in self._made_options:
            _, info = self.model.transcribe(np.zeros(HOP * 10, np.float32),
                                            language=self.language, word_timestamps=True,
                                            vad_filter=False, **kwargs)
            self._made_options[key] = dataclasses.replace(info.transcription_options,
                                                          clip_timestamps=[])
        return self._made_options[key]

    def _heard(self, s) -> artefacts.Heard:
        words = tuple(Word(float(w.start), float(w.end), w.word, float(w.probability))
                      for w in (s.words or ()))
        segment = Segment(float(s.start), float(s.end), s.text.strip(), words)
        level = artefacts.rms(self._raw, segment.start - self._raw_at / RATE,
                              segment.end - self._raw_at / RATE)
        return artefacts.Heard(segment, no_speech_prob=float(s.no_speech_prob),
                               avg_logprob=float(s.avg_logprob),
                               compression_ratio=float(s.compression_ratio), level=level)

    def _recording_sample(self, joined: int) -> int:
        """Where joined-audio sample ``joined`` lies in the recording."""
        before = 0
        for chunk in self._map:
            length = chunk["end"] - chunk["start"]
            if joined < before + length:
                return chunk["start"] + joined - before
            before += length
        return self._taken

    def _forget(self) -> None:
        """Drop the audio no window needs any more (a long meeting stays small)."""
        drop = self.seek * HOP - self._joined_at
        if drop > 0:
            self._joined = self._joined[drop:]
            self._joined_at += drop
        # Audio is still needed from where the next window starts (the artefact check
        # measures each segment's loudness), and from where joining goes on: the speech
        # going on, or the padded start of speech the VAD may find from here on.
        chunks = self.vad.chunks()
        joining = self._taken if chunks and not chunks[-1][2] else max(
            self._taken, self.vad.heard - int(self.vad.pad) - FRAME)
        keep_from = min(joining, self._recording_sample(self.seek * HOP)) - RATE
        drop = keep_from - self._raw_at
        if drop > 0:
            self._raw = self._raw[drop:]
            self._raw_at += drop
