"""Engine settings as one dataclass: what the CLI flags and the desktop settings both fill."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engine.diarize.turns import SpeakerCount
from engine.minutes.lens import Sampling
from engine.remote import remote_chat, remote_whisper
from engine.remote.endpoint import OPENAI_URL

BACKENDS = ("local", "openai", "auto")


@dataclass(frozen=True)
class EngineConfig:
    """Everything that picks models, devices and how minutes are written.

    ``None`` for a model means the embedded default; ``threads=None`` means every core.
    These defaults are the CLI's flag defaults and the desktop's initial settings.
    """

    whisper_model: Path | None = None
    llm_model: Path | None = None
    device: str = "auto"
    threads: int | None = None
    context: int = 8192
    language: str | None = None
    template: str = "general"
    # How tokens are sampled: Sampling's own defaults (engine/minutes/lens.py), written there once.
    temperature: float = Sampling.temperature
    top_k: int = Sampling.top_k  # 0: no top-k cut
    top_p: float = Sampling.top_p
    min_p: float = Sampling.min_p
    seed: int = Sampling.seed
    strict: bool = False  # minutes: drop items the evidence check cannot verify
    minutes_language: str | None = None  # write minutes in this language; None: as spoken
    insights: bool = False  # add an Insights section (chapters, terms, names, tone) to the minutes
    # Who spoke when: find the speakers of every transcript (after transcription; a live
    # recording's after Stop), unless off. How many there are, when the user knows:
    # ``num_speakers`` exactly, else between ``min_speakers`` and ``max_speakers`` (None: any).
    speakers: bool = True
    num_speakers: int | None = None
    min_speakers: int = 1
    max_speakers: int | None = None
    lens_top: int = 0  # Token Lens: alternatives recorded per generated token (0: off)
    fork: tuple[int, int] | None = None  # (token position, token id) forced there
    # Where each stage runs: "local", "openai" (any OpenAI-compatible endpoint) or "auto"
    # (local, and the endpoint only when the local model cannot run). The API key is never
    # part of the config: engine/remote/keys.py.
    asr_backend: str = "local"
    minutes_backend: str = "local"
    base_url: str = OPENAI_URL
    remote_asr_model: str = remote_whisper.DEFAULT_MODEL
    remote_minutes_model: str = remote_chat.DEFAULT_MODEL
    remote_timeout: float = 120.0
    remote_context: int = remote_chat.DEFAULT_CONTEXT

    @property
    def sampling(self) -> Sampling:
        return Sampling(temperature=self.temperature, top_k=self.top_k, top_p=self.top_p,
                        min_p=self.min_p, seed=self.seed)

    @property
    def speaker_count(self) -> SpeakerCount:
        """What the diarizer is told about the number of speakers."""
        return SpeakerCount(exactly=self.num_speakers, at_least=self.min_speakers,
                            at_most=self.max_speakers)

    def models_key(self) -> tuple:
        """The settings that decide which models are loaded, and how: a change to any other
        setting (language, template, sampling, Lens) needs no reload."""
        return (self.whisper_model, self.llm_model, self.device, self.threads, self.context,
                self.asr_backend, self.minutes_backend, self.base_url, self.remote_asr_model,
                self.remote_minutes_model, self.remote_timeout, self.remote_context)

