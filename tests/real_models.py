"""Real embedded models for the end-to-end tier, loaded once per test run."""

from __future__ import annotations

import re
from functools import cache

import jiwer

from engine import EngineConfig, backends


@cache
def real_backends(context: int = 8192):
    config = EngineConfig(temperature=0.0, context=context)
    plan = backends.make_device_plan(config)
    return config, plan, backends.make_transcriber(config, plan), backends.make_chat_model(config, plan)


def normalise(text: str) -> str:
    text = re.sub(r"[^\w\s']", " ", text.lower())
    return " ".join(text.split())


def heard(phrase: str, text: str) -> bool:
    """``phrase`` is in ``text``, both normalised and spaces ignored: the same Whisper wrote
    "the new garden website" on one CPU and "the New Garden Web site" on another."""
    return normalise(phrase).replace(" ", "") in normalise(text).replace(" ", "")


def script_words(script: str) -> str:
    """The spoken words of a ``Speaker: words`` script."""
    return normalise(" ".join(line.split(":", 1)[1] for line in script.splitlines() if ":" in line))


def wer(reference: str, hypothesis: str) -> float:
    return jiwer.wer(normalise(reference), normalise(hypothesis))
