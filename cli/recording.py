"""The recording commands of ``minutia``: devices, record, recover.

``record`` shows a level meter and the live transcript while it records; the first Ctrl-C
stops the recording, and the minutes follow as for ``minutia minutes``.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn

from cli import speakers
from cli.compose import build_pipeline
from cli.invocation import Invocation, in_terminal
from cli.terminal import Terminal, segment_line
from engine import (
    DeviceError,
    Finished,
    LevelMeasured,
    LiveCommitted,
    LiveTentative,
    MinutiaError,
    OutputError,
    RecordingStarted,
    RecordingStopped,
)
from engine.audio.devices import list_input_devices, resolve_input_device
from engine.audio.recorder import RecordControl
from engine.audio.sources import MicSource, ReplaySource
from engine.recording_job import record_meeting
from engine.recovery import find_interrupted, recovered_meeting
from engine.transcript_io import mmss


@in_terminal
def devices(args: argparse.Namespace, invocation: Invocation) -> int:
    """``minutia devices``: the input devices Minutia can record from, one a line."""
    found = list_input_devices()
    if not found:
        raise DeviceError("No microphone or other input device found. Connect one, or import a"
                          " recording file instead.")
    out = Console()
    for d in found:
        out.print(f"{d.index:>3}  {d.label}  ({d.channels} ch, {d.default_rate:.0f} Hz)")
    return 0


@in_terminal
def record(args: argparse.Namespace, invocation: Invocation) -> int:
    """``minutia record``: record until Ctrl-C (or ``--duration``), then write the minutes."""
    control = invocation.recording = RecordControl()  # from here the first Ctrl-C stops it
    pipeline = build_pipeline(args)
    if args.duration is not None and not args.duration > 0:
        raise MinutiaError(f"--duration {args.duration:g}: give a length in seconds above 0")
    if args.from_file is not None:
        source = ReplaySource(args.from_file)
    else:
        source = MicSource(resolve_input_device(args.input_device))
    if args.output is not None:
        pipeline.sessions_root = _output_folder(args.output)
    title = args.title or f"Recording {datetime.now():%Y-%m-%d %H.%M}"
    events = record_meeting(pipeline, source, control, cancel=invocation.cancel, title=title,
                            live=not args.no_live, max_seconds=args.duration)
    _show_recording(events, invocation.terminal)
    return _show_minutes(events, invocation.terminal)


def _show_recording(events: Iterable[object], term: Terminal) -> None:
    """The recording part of ``events``: a level meter and the live transcript, until it stops."""
    err = term.err
    meter = Progress(TextColumn("{task.description}"), BarColumn(bar_width=30),
                     TextColumn("[dim]{task.fields[tentative]}"), console=err, transient=True)
    task = meter.add_task("● REC 00:00", total=1.0, tentative="")
    with meter:
        for event in events:
            if isinstance(event, RecordingStarted):
                err.print(f"Recording from {event.device} into {event.path.parent}."
                          " Press Ctrl-C to stop.")
            elif isinstance(event, LevelMeasured):
                label = "❚❚ paused" if event.paused else "● REC"
                meter.update(task, completed=min(1.0, event.peak),
                             description=f"{label} {mmss(event.seconds)}")
            elif isinstance(event, LiveCommitted):
                for s in event.segments:
                    meter.console.print(segment_line(s), highlight=False)
                meter.update(task, tentative="")
            elif isinstance(event, LiveTentative):
                meter.update(task, tentative=event.text[-60:])
            elif isinstance(event, RecordingStopped):
                err.print(f"Recorded {mmss(event.seconds)} to {event.path}")
                return
            else:
                term.show(event)


def _output_folder(folder: Path) -> Path:
    """``-o DIR``, created (with its parents) if it is not there yet, before recording starts."""
    folder = folder.expanduser()
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"Cannot record into {folder}: it is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"Cannot record into {folder}: cannot create it ({e.strerror})") from e
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"Cannot record into {folder}: permission denied")
    return folder


def _show_minutes(events: Iterable[object], term: Terminal) -> int:
    with term:
        for event in events:
            if isinstance(event, LiveCommitted):  # the tail, transcribed after Stop
                for s in event.segments:
                    term.err.print(segment_line(s), highlight=False)
            term.show(event)
            if isinstance(event, Finished):
                term.err.print(f"\n[green]Minutes saved:[/] {event.session_dir / 'minutes.md'}")
                speakers.hint(term, event)
    return 0


@in_terminal
def recover(args: argparse.Namespace, invocation: Invocation) -> int:
    """``minutia recover``: list interrupted recordings, or recover and summarise them."""
    pipeline = build_pipeline(args)
    term = invocation.terminal
    interrupted = find_interrupted()
    if args.folders:
        wanted = {f.resolve() for f in args.folders}
        chosen = [i for i in interrupted if i.session_dir.resolve() in wanted]
        missing = wanted - {i.session_dir.resolve() for i in chosen}
        if missing:
            raise MinutiaError(f"Not an interrupted recording: {', '.join(map(str, missing))}")
    elif args.all:
        chosen = interrupted
    else:
        if not interrupted:
            term.err.print("No interrupted recordings.")
            return 0
        for item in interrupted:
            term.err.print(f"{item.session_dir}  ({item.title}, {mmss(item.seconds)})")
        term.err.print("Recover them with `minutia recover --all`, or name the folders.")
        return 0
    for item in chosen:
        _show_minutes(recovered_meeting(pipeline, item, cancel=invocation.cancel), term)
    return 0
