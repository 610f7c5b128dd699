"""``minutia play SESSION [--at mm:ss]``: hear a meeting in the terminal, its transcript's
lines printed as they are said. Ctrl-C stops."""

from __future__ import annotations

import argparse
import bisect
import re
import time
from pathlib import Path

from rich.markup import escape

from cli.invocation import Invocation, in_terminal
from engine import InputError, MinutiaError, paths, transcript_io
from engine.audio.playback_source import session_audio
from engine.audio.player import MAX_SPEED, MIN_SPEED, Player, PlayerState
from engine.errors import DeviceError
from engine.transcript_io import mmss
from engine.types import Transcript


def add_command(sub) -> None:
    """Register ``minutia play`` on ``minutia``'s subparsers."""
    p = sub.add_parser("play", help="play a meeting's audio, its transcript shown as it goes",
                       description="Play a session's recording (or the file it was made from)"
                                   " through the default output, printing each transcript line"
                                   " as it is heard. Ctrl-C stops.")
    p.add_argument("session", metavar="SESSION",
                   help="a session folder (or its name under the sessions folder), or an audio file")
    p.add_argument("--at", type=clock, default=0.0, metavar="MM:SS",
                   help="start here (mm:ss, h:mm:ss or seconds; default: the start)")
    p.add_argument("--speed", type=float, default=1.0, metavar="X",
                   help=f"play faster or slower, the pitch kept ({MIN_SPEED:g}-{MAX_SPEED:g};"
                        " default: 1)")
    p.add_argument("--output-device", metavar="NAME|INDEX",
                   help="output device (default: the system's default output)")
    p.set_defaults(run=play_command)


def clock(text: str) -> float:
    """Seconds from ``mm:ss``, ``h:mm:ss`` or a number of seconds."""
    m = re.fullmatch(r"\s*(?:(\d+):)?(\d+):(\d{1,2}(?:\.\d+)?)\s*", text)
    if m:
        return int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    try:
        return max(0.0, float(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time (mm:ss)") from None


def _audio_and_transcript(text: str) -> tuple[Path, Transcript | None]:
    path = Path(text).expanduser()
    if not path.exists() and (paths.sessions_dir() / text).is_dir():
        path = paths.sessions_dir() / text
    if path.is_file():
        return path, None
    if not path.is_dir():
        raise InputError(f"No session folder or audio file {text}")
    audio = session_audio(path)
    try:
        return audio, transcript_io.load_transcript(path)  # the corrected one, if any
    except InputError:
        return audio, None  # a recording not transcribed yet: play it all the same


@in_terminal
def play_command(args: argparse.Namespace, invocation: Invocation) -> int:
    """``minutia play``: play until the end or Ctrl-C; the lines printed as they are heard."""
    audio, transcript = _audio_and_transcript(args.session)
    device = int(args.output_device) if (args.output_device or "").isdigit() \
        else args.output_device
    player = Player(device=device)
    err = invocation.err
    duration = player.open(audio)
    if args.at > duration:
        raise MinutiaError(f"--at {mmss(args.at)} is after the end ({mmss(duration)})")
    player.set_speed(args.speed)
    err.print(f"Playing {escape(str(audio))} from {mmss(args.at)} of {mmss(duration)}"
              + (f" at {args.speed:g}x" if args.speed != 1 else "") + " (Ctrl-C stops)")
    segments = transcript.segments if transcript else []
    starts = [s.start for s in segments]
    shown = -1
    try:
        player.play(args.at)
        while player.state == PlayerState.PLAYING and not invocation.cancel.cancelled:
            i = bisect.bisect_right(starts, player.position) - 1
            if i > shown and i >= 0:
                for j in range(max(shown + 1, i), i + 1):
                    name = transcript_io.speaker_name(transcript, segments[j])
                    said = segments[j].text.strip()
                    print(f"[{mmss(segments[j].start)}] " + (f"{name}: {said}" if name else said),
                          flush=True)
                shown = i
            time.sleep(0.05)
        where = player.position
    finally:
        player.close()
    if player.state == PlayerState.FAILED:
        raise DeviceError(player.error)
    err.print("Stopped at " + mmss(where) if invocation.cancel.cancelled else "The end.")
    return 0
