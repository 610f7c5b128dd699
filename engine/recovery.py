"""Find recordings whose process died (crash, kill, power cut) and make them whole again."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from engine import paths
from engine.audio.wav_writer import repair_wav
from engine.events import Notice
from engine.session import Session, Status
from engine.transcript_io import mmss


@dataclass(frozen=True)
class Interrupted:
    session_dir: Path
    title: str
    recording: Path
    bytes_on_disk: int

    @property
    def seconds(self) -> float:
        """About how much audio the file holds (16 kHz 16-bit mono, header not counted)."""
        return max(0.0, (self.bytes_on_disk - 44) / 32000)


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def find_interrupted(root: Path | None = None) -> list[Interrupted]:
    """Sessions still marked "recording" whose recording process is gone."""
    root = root or paths.sessions_dir()
    found = []
    for manifest_path in sorted(root.glob("*/manifest.json")) if root.is_dir() else []:
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        rec = manifest.get("recording") or {}
        wav = manifest_path.parent / rec.get("file", "recording.wav")
        if manifest.get("status") == Status.RECORDING and wav.is_file() \
                and not _alive(int(rec.get("pid", 0))):
            found.append(Interrupted(manifest_path.parent, manifest.get("title", ""), wav,
                                     wav.stat().st_size))
    return found


def recover(item: Interrupted) -> tuple[Session, float]:
    """Repair the recording's header and mark the session recovered; returns its seconds."""
    seconds = repair_wav(item.recording)
    session = Session.open(item.session_dir)
    session.save_manifest(status=Status.RECOVERED, recording={
        **session.manifest.get("recording", {}), "seconds": round(seconds, 3), "recovered": True})
    return session, seconds


def recovered_meeting(pipeline, item: Interrupted, *, cancel):
    """Recover ``item``, then transcribe it and write its minutes into its own session folder:
    the pipeline's events, after a Notice saying how much audio was saved."""
    session, seconds = recover(item)
    yield Notice(f"Recovered {mmss(seconds)} of audio from the interrupted recording"
                 f" \"{item.title}\" ({item.recording}).")
    return (yield from pipeline.process_file(item.recording, cancel=cancel, session=session,
                                             title=item.title or None))
