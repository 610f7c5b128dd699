"""The commands of ``minutia`` that work on files and settings: minutes, transcribe, tokens,
info, key, and gui (the desktop app). The recording commands are in ``cli.recording``.

Each takes the parsed command line and the ``Invocation`` and returns the exit code.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from rich.console import Console

from cli import speakers
from cli.compose import build_pipeline, engine_config
from cli.invocation import Invocation, in_terminal
from engine import (
    CancelToken,
    Event,
    Finished,
    MinutesDelta,
    MinutiaError,
    OutputError,
    Pipeline,
    Transcript,
    __version__,
    backends,
    paths,
    transcript_io,
)
from engine.minutes.vocabulary import Vocabulary
from engine.remote import keys
from engine.remote.endpoint import Endpoint


def open_desktop(args: argparse.Namespace, invocation: Invocation) -> int:
    """``minutia gui``: the desktop app, which sets up its own logging and Ctrl-C.

    Args:
        args: the command line; ``files`` are recordings to process at once.
        invocation: unused; the desktop app has its own window for everything.

    Returns:
        The desktop app's exit code.
    """
    # The desktop app is another face on the engine; import it (and Qt) only when asked for.
    from desktop.app import main as desktop_main

    return desktop_main([str(f) for f in args.files])


@in_terminal
def minutes(args: argparse.Namespace, invocation: Invocation) -> int:
    """``minutia minutes``: transcribe a file (or read a transcript) and stream its minutes."""
    pipeline = build_pipeline(args)
    with invocation.terminal as term:
        if (args.file is None) == (args.transcript is None):
            raise MinutiaError("Give either an audio FILE or --transcript transcript.json")
        _check_output(args.output)
        _check_output(args.lens)
        lens_lines: list[str] = []
        for event in _minutes_events(args, pipeline, invocation.cancel):
            term.show(event)
            if isinstance(event, MinutesDelta) and event.step is not None:
                lens_lines.append(json.dumps(event.step.to_json(), ensure_ascii=False))
            if isinstance(event, Finished):
                if args.lens:
                    _write_output(args.lens, "".join(line + "\n" for line in lens_lines))
                if args.output:
                    _write_output(args.output, event.minutes)
                term.err.print(f"\n[green]Minutes saved:[/] {event.session_dir / 'minutes.md'}"
                               + (f" and {args.output}" if args.output else ""))
                speakers.hint(term, event)
    return 0


def _minutes_events(args: argparse.Namespace, pipeline: Pipeline, cancel: CancelToken) -> Iterator[Event]:
    """The job ``minutia minutes`` runs: from the audio FILE, or from ``--transcript``."""
    if args.transcript is None:
        return pipeline.process_file(args.file, cancel=cancel)
    transcript = transcript_io.load_transcript(args.transcript)
    title = Path(transcript.source).stem if transcript.source else args.transcript.stem
    return pipeline.minutes_from_transcript(transcript, cancel=cancel, title=title,
                                            source=str(args.transcript))


@in_terminal
def transcribe(args: argparse.Namespace, invocation: Invocation) -> int:
    """``minutia transcribe``: the transcript only, to stdout or ``--output``; with
    ``--transcript``, a saved one (with its session's speaker names) in ``--format``.
    """
    if (args.file is None) == (args.transcript is None):
        raise MinutiaError("Give either an audio FILE or --transcript transcript.json")
    if args.transcript is not None:  # no model, no new session: the saved one, rendered
        _check_output(args.output)
        _write_transcript(args, transcript_io.load_transcript(args.transcript), invocation.err)
        return 0
    pipeline = build_pipeline(args, minutes=False)
    if args.format == "rttm" and (not args.speakers or pipeline.diarizer is None):
        raise MinutiaError("--format rttm needs speakers: "
                           + ("drop --no-speakers" if not args.speakers
                              else "this build of Minutia cannot find speakers yet"))
    with invocation.terminal as term:
        _check_output(args.output)
        for event in pipeline.process_file(args.file, cancel=invocation.cancel, minutes=False):
            term.show(event)
            if isinstance(event, Finished):
                term.bar.stop()
                _write_transcript(args, event.transcript, term.err)
                speakers.hint(term, event)
    return 0


def _write_transcript(args: argparse.Namespace, transcript: Transcript, err: Console) -> None:
    """The transcript in ``--format``, to ``--output`` or stdout."""
    if args.format == "rttm" and not any(s.speaker is not None for s in transcript.segments):
        raise MinutiaError("--format rttm needs speakers, and this transcript has none"
                           " (made with --no-speakers, or before Minutia found speakers)")
    text = transcript_io.render(transcript, args.format)
    if args.output:
        _write_output(args.output, text)
        err.print(f"[green]Transcript written:[/] {args.output}")
    else:
        sys.stdout.write(text)


@in_terminal
def tokens(args: argparse.Namespace, invocation: Invocation) -> int:
    """``minutia tokens``: TEXT (or a file) as the language model's tokens, then the count."""
    config = engine_config(args)
    plan = backends.make_device_plan(config)
    vocabulary = Vocabulary(backends.local_chat_model(config, plan).model)
    if (args.text is None) == (args.file is None):
        raise MinutiaError("Give either TEXT or --file FILE")
    if args.file is not None:
        try:
            text = args.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise MinutiaError(f"Cannot read {args.file}: {e}") from e
    else:
        text = args.text
    pieces = vocabulary.tokens(text)
    out = Console(highlight=False)
    out.print(f"{'#':>5}  {'id':>6}  token")
    for i, (token_id, piece) in enumerate(pieces):
        out.print(f"{i:>5}  {token_id:>6}  {piece!r}", markup=False)
    out.print(f"{len(pieces)} tokens, {len(text)} characters ({vocabulary.model.name})")
    return 0


@in_terminal
def info(args: argparse.Namespace, invocation: Invocation) -> int:
    """``minutia info``: the version, devices, models, backends and folders Minutia would use."""
    config = engine_config(args)
    plan = backends.make_device_plan(config)
    out = Console()
    out.print(f"[bold]minutia {__version__}[/]")
    out.print(f"Devices: {plan.label}, {plan.threads} threads")
    for reason in plan.reasons:
        out.print(f"  - {reason}")
    for label, make, backend in (
            ("Speech model", backends.local_transcriber, config.asr_backend),
            ("Language model", backends.local_chat_model, config.minutes_backend)):
        try:
            ref = make(config, plan).model
            out.print(f"{label}: {ref.name} ({ref.path}) sha256 {ref.sha256[:12]}…")
        except MinutiaError as e:
            out.print(f"{label}: [red]{e}[/]")
        if backend != "local":
            model = config.remote_asr_model if make is backends.local_transcriber \
                else config.remote_minutes_model
            out.print(f"  backend {backend}: {model} at {config.base_url}")
    if (config.asr_backend, config.minutes_backend) != ("local", "local"):
        out.print(f"API key: {keys.describe(config.base_url)}")
    from cli.models import hardware_lines  # issue 21: the machine and the presets that fit it
    from engine.hardware import probe_hardware
    for line in hardware_lines(probe_hardware()):
        out.print(line, markup=False)
    for name, folder in (("Sessions", paths.sessions_dir()), ("Cache", paths.cache_dir()),
                         ("Logs", paths.log_dir())):
        out.print(f"{name}: {folder}")
    return 0


@in_terminal
def key(args: argparse.Namespace, invocation: Invocation) -> int:
    """``minutia key set|show|delete``: the API key of an endpoint, in the OS keyring."""
    err = invocation.err
    endpoint = Endpoint(args.base_url).label
    if args.action == "set":
        prompt = f"API key for {endpoint} (input hidden): "
        secret = getpass.getpass(prompt) if sys.stdin.isatty() else sys.stdin.readline()
        keys.store(endpoint, secret)
        err.print(f"Stored the key {keys.masked(secret.strip())} for {endpoint} in the OS keyring.")
    elif args.action == "delete":
        gone = keys.delete(endpoint)
        err.print(f"Forgot the key for {endpoint}." if gone else f"No key stored for {endpoint}.")
    else:
        print(f"{endpoint}: {keys.describe(endpoint)}")
    return 0


def _check_output(path: Path | None) -> None:
    """Fail before any slow work if the result could not be written."""
    if path is None:
        return
    parent = path.expanduser().resolve().parent
    if path.is_dir():
        raise OutputError(f"Cannot write to {path}: it is a folder")
    if not parent.is_dir():
        raise OutputError(f"Cannot write to {path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise OutputError(f"Cannot write to {path}: permission denied")


def _write_output(path: Path, text: str) -> None:
    try:
        path.expanduser().write_text(text, encoding="utf-8")
    except OSError as e:
        raise OutputError(f"Cannot write to {path}: {e.strerror}") from e
