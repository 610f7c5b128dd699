"""The recording commands of ``minutia``: devices, record, recover."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn

from engine import Finished
from engine.audio.devices import list_input_devices, resolve_input_device
from engine.audio.recorder import RecordControl
from engine.audio.sources import MicSource, ReplaySource
from engine.errors import DeviceError, MinutiaError, OutputError
from engine.events import (
    LevelMeasured,
    LiveCommitted,
    LiveTentative,
    RecordingStarted,
    RecordingStopped,
)
from engine.recording_job import record_meeting
from engine.recovery import find_interrupted, recovered_meeting
from engine.transcript_io import mmss


def add_parsers(sub, add_engine_options, add_minutes_options) -> None:
    sub.add_parser("devices", help="list the input devices Minutia can record from")
    r = sub.add_parser("record", help="record a meeting, then write its minutes",
                       description="Record until Ctrl-C (or --duration), then transcribe and write"
                                   " the minutes. The recording is saved continuously: a crash"
                                   " loses at most the last 2 s (see `minutia recover`).")
    r.add_argument("--duration", type=float, metavar="SECONDS", help="stop after this long")
    r.add_argument("--from-file", type=Path, metavar="FILE",
                   help="replay FILE in real time as if it were the microphone (demos, tests)")
    r.add_argument("--title", help="meeting title (default: Recording <date> <time>)")
    r.add_argument("--no-live", action="store_true",
                   help="do not transcribe while recording (transcribe after Stop instead)")
    r.add_argument("-o", "--output", type=Path, metavar="DIR",
                   help="put the session folder in DIR instead of the user data dir")
    add_engine_options(r)
    r.add_argument("--input", dest="input_device", metavar="NAME|INDEX",
                   help="input device (default: the system's default input; see `minutia devices`)")
    add_minutes_options(r)
    v = sub.add_parser("recover", help="recover recordings interrupted by a crash or kill",
                       description="List recordings whose process died; recover and summarise"
                                   " them with --all or by folder.")
    v.add_argument("folders", nargs="*", type=Path, help="session folders to recover")
    v.add_argument("--all", action="store_true", help="recover every interrupted recording")
    add_engine_options(v)
    add_minutes_options(v)


def run_devices(out: Console) -> int:
    devices = list_input_devices()
    if not devices:
        raise DeviceError("No microphone or other input device found. Connect one, or import a"
                          " recording file instead.")
    for d in devices:
        out.print(f"{d.index:>3}  {d.label}  ({d.channels} ch, {d.default_rate:.0f} Hz)")
    return 0


def run_record(args, pipeline, cancel, term, control: RecordControl) -> int:
    if args.duration is not None and not args.duration > 0:
        raise MinutiaError(f"--duration {args.duration:g}: give a length in seconds above 0")
    if args.from_file is not None:
        source = ReplaySource(args.from_file)
    else:
        source = MicSource(resolve_input_device(args.input_device))
    if args.output is not None:
        pipeline.sessions_root = _output_folder(args.output)
    title = args.title or f"Recording {datetime.now():%Y-%m-%d %H.%M}"
    events = record_meeting(pipeline, source, control, cancel=cancel, title=title,
                            live=not args.no_live, max_seconds=args.duration)
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
                    meter.console.print(f"[dim]\\[{mmss(s.start)}][/] {s.text}", highlight=False)
                meter.update(task, tentative="")
            elif isinstance(event, LiveTentative):
                meter.update(task, tentative=event.text[-60:])
            elif isinstance(event, RecordingStopped):
                err.print(f"Recorded {mmss(event.seconds)} to {event.path}")
                break
            else:
                term.show(event)
    return _show_minutes(events, term)


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


def _show_minutes(events, term) -> int:
    with term:
        for event in events:
            if isinstance(event, LiveCommitted):  # the tail, transcribed after Stop
                for s in event.segments:
                    term.err.print(f"[dim]\\[{mmss(s.start)}][/] {s.text}", highlight=False)
            term.show(event)
            if isinstance(event, Finished):
                term.err.print(f"\n[green]Minutes saved:[/] {event.session_dir / 'minutes.md'}")
    return 0


def run_recover(args, pipeline, cancel, term) -> int:
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
        _show_minutes(recovered_meeting(pipeline, item, cancel=cancel), term)
    return 0



