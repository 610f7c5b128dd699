"""What one session folder says, read for the index: title, date, duration, speakers,
status, the transcript's segments and the current minutes.

The folders (engine.session) are the source of truth; this module only reads them. A folder
that cannot be read whole raises ``Unreadable`` with the reason, so the index skips it and
says why instead of listing half a meeting.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from engine import speakers, transcript_io
from engine.errors import InputError
from engine.library.actions import ACTIONS_FILE, ParsedAction, load_done, parse_actions
from engine.recovery import _alive
from engine.session import EDITED_MINUTES_FILE, MINUTES_FILE, Status

MANIFEST = "manifest.json"
TRANSCRIPT = "transcript.json"
# The files whose change means the folder must be read again.
WATCHED = (MANIFEST, TRANSCRIPT, MINUTES_FILE, EDITED_MINUTES_FILE, speakers.NAMES_FILE,
           ACTIONS_FILE)

# What the library shows for a manifest's status (the others are shown as they are).
MINUTES_WRITTEN = "minutes written"
INTERRUPTED = "interrupted"


class Unreadable(Exception):
    """A folder the index skips: the reason is the message."""


@dataclass(frozen=True)
class Line:
    """One transcript segment as the index keeps it."""

    start: float
    speaker: str | None
    text: str


@dataclass
class FolderRecord:
    """Everything the index caches of one session folder."""

    id: str
    path: Path
    title: str
    created: str  # ISO date and time
    duration: float | None
    speakers: list[str]
    status: str
    lines: list[Line] = field(default_factory=list)
    minutes: str = ""
    minutes_file: str | None = None
    signature: str = ""
    actions: list[ParsedAction] = field(default_factory=list)  # the minutes' tasks
    done: dict[str, str] = field(default_factory=dict)  # ticked done: item id -> when


def signature(folder: Path) -> str:
    """Sizes and modification times of the files the index reads: changes when any does."""
    parts = []
    for name in WATCHED:
        try:
            st = os.stat(folder / name)
            # the inode too: every write is a new file moved into place (os.replace)
            parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}")
        except OSError:
            parts.append(f"{name}:-")
    return "|".join(parts)


def read_folder(folder: Path) -> FolderRecord:
    """The index's record of one session folder.

    Raises:
        Unreadable: no manifest.json (not a session, or one still being created), a
            manifest or transcript that is not valid, or minutes that cannot be read.
    """
    sig = signature(folder)
    manifest = _manifest(folder)
    transcript = None
    if (folder / TRANSCRIPT).exists():
        try:
            transcript = transcript_io.load_transcript(folder)  # the corrected one, if any
        except InputError as e:
            raise Unreadable(f"{TRANSCRIPT} cannot be read (half-written or damaged): {e}") from e
    minutes_file, minutes = _minutes(folder, manifest)
    lines, names, duration = [], [], _recorded_seconds(folder, manifest)
    if transcript is not None:
        lines = [Line(s.start, transcript_io.speaker_name(transcript, s), s.text.strip())
                 for s in transcript.segments if s.text.strip()]
        names = [speakers.display_name(k, transcript.speaker_names)
                 for k in speakers.speakers_in(transcript.segments)]
        duration = transcript.duration or duration
    return FolderRecord(
        id=folder.name, path=folder, title=str(manifest.get("title") or folder.name),
        created=_created(folder, manifest), duration=duration, speakers=names,
        status=shown_status(manifest, has_minutes=minutes_file is not None),
        lines=lines, minutes=minutes, minutes_file=minutes_file, signature=sig,
        actions=parse_actions(minutes), done=load_done(folder))


def _manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.is_file():
        half = " (half-written: only a temporary manifest)" if (folder / (MANIFEST + ".tmp")
                                                               ).exists() else ""
        raise Unreadable(f"no {MANIFEST}: not a session folder{half}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise Unreadable(f"{MANIFEST} is not valid JSON (damaged or half-written): {e}") from e
    if not isinstance(manifest, dict):
        raise Unreadable(f"{MANIFEST} does not hold a JSON object")
    return manifest


def _minutes(folder: Path, manifest: dict) -> tuple[str | None, str]:
    """The current minutes (the user's edit when the manifest names it) and their text."""
    named = manifest.get("minutes")
    candidates = [named] if named in (MINUTES_FILE, EDITED_MINUTES_FILE) else []
    candidates += [MINUTES_FILE]
    for name in candidates:
        path = folder / name
        if path.is_file():
            try:
                return name, path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as e:
                raise Unreadable(f"{name} cannot be read: {e}") from e
    return None, ""


def shown_status(manifest: dict, *, has_minutes: bool) -> str:
    """The status people see: "minutes written", "transcribed", "recorded", "interrupted"
    (a recording whose process is gone), or the manifest's own word."""
    status = str(manifest.get("status") or Status.STARTED)
    if status == Status.COMPLETE:
        return MINUTES_WRITTEN if has_minutes else Status.TRANSCRIBED.value
    if status == Status.RECORDING:
        pid = (manifest.get("recording") or {}).get("pid", 0)
        try:
            return Status.RECORDING.value if _alive(int(pid)) else INTERRUPTED
        except (TypeError, ValueError):
            return INTERRUPTED
    return status


def _recorded_seconds(folder: Path, manifest: dict) -> float | None:
    """A recording's length before it has a transcript: the manifest's, else the WAV's size."""
    rec = manifest.get("recording")
    if not isinstance(rec, dict):
        return None
    if isinstance(rec.get("seconds"), int | float):
        return float(rec["seconds"])
    wav = folder / str(rec.get("file", "recording.wav"))
    try:
        return max(0.0, (wav.stat().st_size - 44) / (2 * int(rec.get("rate", 16000))))
    except (OSError, TypeError, ValueError):
        return None


def _created(folder: Path, manifest: dict) -> str:
    created = manifest.get("created")
    if isinstance(created, str):
        try:
            return datetime.fromisoformat(created).isoformat(timespec="seconds")
        except ValueError:
            pass
    try:
        return datetime.strptime(folder.name[:15], "%Y%m%d-%H%M%S").isoformat(timespec="seconds")
    except ValueError:
        stamp = (folder / MANIFEST).stat().st_mtime
        return datetime.fromtimestamp(stamp).isoformat(timespec="seconds")
