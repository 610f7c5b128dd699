"""Typed settings over QSettings, converted to and from the engine's EngineConfig."""

from __future__ import annotations

import base64
import enum
from dataclasses import fields
from pathlib import Path

from PySide6.QtCore import QSettings

from engine import EngineConfig, paths


class Key(enum.StrEnum):
    WHISPER_MODEL = "engine/whisper_model"
    LLM_MODEL = "engine/llm_model"
    DEVICE = "engine/device"
    THREADS = "engine/threads"
    CONTEXT = "engine/context"
    LANGUAGE = "engine/language"
    TEMPLATE = "engine/template"
    TEMPERATURE = "engine/temperature"
    SEED = "engine/seed"
    TOP_K = "engine/top_k"
    TOP_P = "engine/top_p"
    MIN_P = "engine/min_p"
    STRICT = "engine/strict"
    MINUTES_LANGUAGE = "engine/minutes_language"
    INSIGHTS = "engine/insights"
    SPEAKERS = "speakers/find"
    NUM_SPEAKERS = "speakers/exactly"
    MIN_SPEAKERS = "speakers/at_least"
    MAX_SPEAKERS = "speakers/at_most"
    ASR_BACKEND = "remote/asr_backend"
    MINUTES_BACKEND = "remote/minutes_backend"
    BASE_URL = "remote/base_url"
    REMOTE_ASR_MODEL = "remote/asr_model"
    REMOTE_MINUTES_MODEL = "remote/minutes_model"
    REMOTE_TIMEOUT = "remote/timeout"
    REMOTE_CONTEXT = "remote/context"
    WINDOW_GEOMETRY = "window/geometry"
    LAST_FOLDER = "window/last_folder"
    OUTPUT_DEVICE = "playback/output_device"  # by name ("": the system's default)


_ENGINE_KEYS = {Key.WHISPER_MODEL: "whisper_model", Key.LLM_MODEL: "llm_model",
                Key.DEVICE: "device", Key.THREADS: "threads", Key.CONTEXT: "context",
                Key.LANGUAGE: "language", Key.TEMPLATE: "template",
                Key.TEMPERATURE: "temperature", Key.SEED: "seed", Key.TOP_K: "top_k",
                Key.TOP_P: "top_p", Key.MIN_P: "min_p", Key.STRICT: "strict",
                Key.MINUTES_LANGUAGE: "minutes_language", Key.INSIGHTS: "insights",
                Key.SPEAKERS: "speakers", Key.NUM_SPEAKERS: "num_speakers",
                Key.MIN_SPEAKERS: "min_speakers", Key.MAX_SPEAKERS: "max_speakers",
                Key.ASR_BACKEND: "asr_backend", Key.MINUTES_BACKEND: "minutes_backend",
                Key.BASE_URL: "base_url", Key.REMOTE_ASR_MODEL: "remote_asr_model",
                Key.REMOTE_MINUTES_MODEL: "remote_minutes_model",
                Key.REMOTE_TIMEOUT: "remote_timeout", Key.REMOTE_CONTEXT: "remote_context"}
_CONSENT_GROUP = "remote_consent"


def _consent_key(endpoint: str) -> str:
    """An INI key for a URL (slashes and colons would nest or break it)."""
    return base64.urlsafe_b64encode(endpoint.rstrip("/").encode()).decode().rstrip("=")


class Settings:
    """Read and write Minutia's settings. Tests pass a throwaway ``application`` name."""

    def __init__(self, application: str = "Minutia") -> None:
        path = paths.ensure_dir(paths.config_dir()) / f"{application}.ini"
        self._q = QSettings(str(path), QSettings.Format.IniFormat)

    @property
    def file_name(self) -> str:
        return self._q.fileName()

    def value(self, key: Key, default=None):
        return self._q.value(str(key), default)

    def set_value(self, key: Key, value) -> None:
        if value is None or value == "":
            self._q.remove(str(key))
        else:
            self._q.setValue(str(key), value)

    def engine_config(self) -> EngineConfig:
        """The engine options stored so far; defaults for the rest."""
        defaults = EngineConfig()
        types = {f.name: f.type for f in fields(EngineConfig)}
        values = {}
        for key, name in _ENGINE_KEYS.items():
            raw = self._q.value(str(key))
            if raw is None or raw == "":
                continue
            kind = types[name]
            if "Path" in kind:
                values[name] = Path(raw)
            elif "bool" in kind:
                values[name] = str(raw).lower() == "true"
            elif "float" in kind:
                values[name] = float(raw)
            elif "int" in kind:
                values[name] = int(raw)
            else:
                values[name] = str(raw)
        return EngineConfig(**{**vars(defaults), **values})

    def save_engine_config(self, config: EngineConfig) -> None:
        for key, name in _ENGINE_KEYS.items():
            value = getattr(config, name)
            self.set_value(key, str(value) if isinstance(value, Path) else value)
        self._q.sync()

    def consent(self, endpoint: str) -> bool | None:
        """The user's remembered answer to sending data to ``endpoint``; None: not asked yet."""
        raw = self._q.value(f"{_CONSENT_GROUP}/{_consent_key(endpoint)}")
        return None if raw is None else str(raw).lower() == "true"

    def set_consent(self, endpoint: str, allowed: bool | None) -> None:
        key = f"{_CONSENT_GROUP}/{_consent_key(endpoint)}"
        if allowed is None:
            self._q.remove(key)
        else:
            self._q.setValue(key, allowed)
        self._q.sync()

    def forget_consents(self) -> None:
        self._q.remove(_CONSENT_GROUP)
        self._q.sync()

    def clear(self) -> None:
        self._q.clear()
        self._q.sync()
