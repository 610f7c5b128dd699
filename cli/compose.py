"""From a parsed command line to the engine's objects: its settings and the pipeline.

The CLI's composition root, as ``desktop/app.py`` is the desktop's: the commands get their
``EngineConfig`` and ``Pipeline`` (models, devices, local or remote backends) from here.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys

from cli.models import fit_warnings
from engine import EngineConfig, MinutiaError, Pipeline, backends
from engine.remote.consent import cli_consent

_CONFIG_FIELDS = frozenset(f.name for f in dataclasses.fields(EngineConfig))


def engine_config(args: argparse.Namespace) -> EngineConfig:
    """The engine settings a parsed command line asks for.

    Every flag named after an ``EngineConfig`` field fills that field; a command without
    the flag keeps the field's default. The Token Lens records alternatives only when
    ``--lens`` asks for its file.

    Args:
        args: a command line parsed by ``cli.parser.parse_args``.

    Returns:
        The settings.

    Raises:
        MinutiaError: ``--fork-at`` and ``--fork-token`` do not go together, or the speaker
            counts contradict each other.
    """
    values = {name: value for name, value in vars(args).items() if name in _CONFIG_FIELDS}
    values["lens_top"] = args.lens_top if getattr(args, "lens", None) else 0
    values["fork"] = _fork(args)
    config = EngineConfig(**values)
    _check_speaker_count(config)
    return config


def build_pipeline(args: argparse.Namespace, *, minutes: bool = True) -> Pipeline:
    """The pipeline a command line asks for: its models, devices and backends.

    Args:
        args: a command line with the engine options.
        minutes: whether the job writes minutes (else no chat model is made).

    Returns:
        The pipeline, its models not loaded yet.

    Raises:
        MinutiaError: the settings do not go together, or a model is missing.
    """
    config = engine_config(args)
    plan = backends.make_device_plan(config)
    for warning in fit_warnings(config, minutes=minutes):  # issue 21: before the model loads
        print(f"minutia: warning: {warning}", file=sys.stderr)
    consent = cli_consent(args.allow_remote)
    return Pipeline(config=config, device=plan,
                    transcriber=backends.make_transcriber(config, plan, consent),
                    chat_model=backends.make_chat_model(config, plan, consent) if minutes else None,
                    diarizer=backends.make_diarizer())


def _check_speaker_count(config: EngineConfig) -> None:
    low, high, exactly = config.min_speakers, config.max_speakers, config.num_speakers
    if high is not None and low > high:
        raise MinutiaError(f"--min-speakers {low} is more than --max-speakers {high}")
    if exactly is not None and (exactly < low or (high is not None and exactly > high)):
        raise MinutiaError(f"--speakers {exactly} is outside --min-speakers {low}"
                           + (f" and --max-speakers {high}" if high is not None else ""))


def _fork(args: argparse.Namespace) -> tuple[int, int] | None:
    at, token = getattr(args, "fork_at", None), getattr(args, "fork_token", None)
    if (at is None) != (token is None):
        raise MinutiaError("--fork-at and --fork-token go together: the position and the token id")
    if at is not None and at < 0:
        raise MinutiaError(f"--fork-at {at}: positions count from 0")
    return None if at is None else (at, token)
