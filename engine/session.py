"""A session folder: everything one run produced, written so that nothing is lost on failure."""

from __future__ import annotations

import enum
import json
import re
from datetime import datetime
from pathlib import Path

from engine import paths, speakers, transcript_io, voices
from engine.diarize.turns import label
from engine.errors import InputError
from engine.types import Transcript


class Status(enum.StrEnum):
    """Where a session stands (``status`` in manifest.json, written as the plain string)."""

    STARTED = "started"
    # a recording: on disk as it is made; then how it ended
    RECORDING = "recording"
    RECORDED = "recorded"
    INTERRUPTED = "interrupted"  # the job failed or was cancelled while recording
    DEVICE_FAILED = "device failed"
    DISK_FULL = "disk full"
    WRITE_FAILED = "write failed"
    RECOVERED = "recovered"  # repaired after a crash (engine.recovery)
    # the transcript and the minutes
    TRANSCRIBED = "transcribed"
    NO_SPEECH = "no speech"
    COMPLETE = "complete"
    # a job that ended early
    CANCELLED = "cancelled"
    ABANDONED = "abandoned"  # its iterator was dropped unfinished
    FAILED = "failed"


MINUTES_FILE = "minutes.md"
EDITED_MINUTES_FILE = "minutes.edited.md"


def slug(title: str) -> str:
    s = re.sub(r"[^\w]+", "-", title, flags=re.UNICODE).strip("-").lower()
    return s[:60] or "meeting"


class Session:
    """One folder under the sessions dir with transcript, minutes and manifest.json."""

    def __init__(self, folder: Path, manifest: dict) -> None:
        self.dir = folder
        self.manifest = manifest

    @classmethod
    def create(cls, title: str, *, root: Path | None = None, **manifest) -> Session:
        root = paths.ensure_dir(root or paths.sessions_dir())
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        base = f"{stamp}-{slug(title)}"
        for n in range(1000):
            folder = root / (base if n == 0 else f"{base}-{n}")
            try:
                folder.mkdir()
                break
            except FileExistsError:
                continue
        session = cls(folder, {"title": title, "created": datetime.now().isoformat(timespec="seconds"),
                               "status": Status.STARTED, **manifest})
        session.save_manifest()
        return session

    @classmethod
    def open(cls, folder: Path) -> Session:
        """An existing session folder (to recover it, or add results to it)."""
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            manifest = {"title": folder.name}
        return cls(folder, manifest)

    def save_manifest(self, **updates) -> None:
        self.manifest.update(updates)
        self.manifest["updated"] = datetime.now().isoformat(timespec="seconds")
        paths.write_atomic(self.dir / "manifest.json", json.dumps(self.manifest, indent=1,
                                                                  ensure_ascii=False, default=str))

    def record_sent(self, record: dict) -> None:
        """What a remote backend sent where (``sent`` in the manifest, one entry a request)."""
        self.save_manifest(sent=[*self.manifest.get("sent", []), record])

    def save_transcript(self, transcript: Transcript) -> Path:
        """transcript.json and transcript.txt; the speakers' names the transcript carries
        (from another session's speakers.json, say) go to this session's speakers.json."""
        if transcript.speaker_names:
            names = speakers.load_names(self.dir)
            for speaker, name in transcript.speaker_names.items():
                if speaker not in names or names[speaker].name != name:
                    names[speaker] = speakers.Named(name)
            paths.write_atomic(self.dir / speakers.NAMES_FILE, speakers.names_json(names))
        paths.write_atomic(self.dir / "transcript.txt", transcript_io.to_txt(transcript))
        path = self.dir / "transcript.json"
        paths.write_atomic(path, transcript_io.to_json(transcript))
        self.save_manifest(status=Status.TRANSCRIBED, segments=len(transcript.segments),
                           language=transcript.language)
        return path

    def forget_speaker_names(self) -> None:
        """Drop speakers.json: the transcript's speakers were found again, so its numbers
        may now mean other people."""
        (self.dir / speakers.NAMES_FILE).unlink(missing_ok=True)

    def name_speakers(self, names: dict[int, speakers.Named]) -> None:
        """Set these speakers' names in speakers.json, keeping the others' (the pipeline
        names the speakers a remembered voice recognised; transcript.txt is written with
        the transcript that follows)."""
        if names:
            paths.write_atomic(self.dir / speakers.NAMES_FILE,
                               speakers.names_json(speakers.load_names(self.dir) | names))

    def save_speaker_voices(self, found: dict, windows: dict[int, int]) -> None:
        """Each speaker's voice (speaker -> 192-float embedding, numbered as the saved
        transcript's speakers) in speaker_voices.json, so that a voice can be remembered
        from this session later (engine.voices.remember_speaker); no voices: the file goes.
        """
        path = self.dir / voices.SESSION_FILE
        if not found:
            path.unlink(missing_ok=True)
            return
        paths.write_atomic(path, voices.session_voices_json(found, windows))

    def rename_speaker(self, speaker: int, name: str | None, *, suggested: bool = False
                       ) -> Transcript:
        """Give ``speaker`` a name (None or "": back to "Speaker N"), in speakers.json.

        transcript.json is not touched: every export, prompt and view reads the names when
        it is made. transcript.txt, the session's plain-text copy of its current transcript
        (the corrected one, if any), is written again with the new name.

        Args:
            speaker: the speaker's number (0 is "Speaker 1").
            name: the new name.
            suggested: the name was taken from a name suggestion.

        Returns:
            The transcript with its speakers' names.

        Raises:
            InputError: the session has no transcript, or no such speaker.
        """
        transcript = transcript_io.load_transcript(self.dir)  # the corrected one, if any
        present = speakers.speakers_in(transcript.segments)
        if speaker not in present:
            raise InputError(f"No {label(speaker)} in {self.dir.name}: its transcript"
                             f" has {len(present)} speaker(s)")
        names = speakers.load_names(self.dir)
        name = (name or "").strip()
        if name:
            names[speaker] = speakers.Named(name, suggested)
        else:
            names.pop(speaker, None)
        paths.write_atomic(self.dir / speakers.NAMES_FILE, speakers.names_json(names))
        transcript.speaker_names = {k: v.name for k, v in names.items()}
        paths.write_atomic(self.dir / "transcript.txt", transcript_io.to_txt(transcript))
        return transcript

    def save_corrections(self, layer: str, *, current: bool, txt: str) -> Path:
        """The user's corrections of the transcript (engine.transcript_layer) in
        transcript.edited.json, beside transcript.json (kept as the machine wrote it).

        Args:
            layer: the file's text.
            current: the corrected transcript is the session's current one (the manifest's
                ``transcript`` names it); False: transcript.json is, the edits are kept.
            txt: transcript.txt's new text (the current transcript as plain text).
        """
        path = self.dir / transcript_io.EDITED_FILE
        paths.write_atomic(path, layer)
        paths.write_atomic(self.dir / "transcript.txt", txt)
        self.save_manifest(transcript=transcript_io.EDITED_FILE if current
                           else transcript_io.ORIGINAL_FILE,
                           corrected=datetime.now().isoformat(timespec="seconds"))
        return path

    def save_insights(self, found: dict) -> Path:
        path = self.dir / "insights.json"
        paths.write_atomic(path, json.dumps(found, indent=1, ensure_ascii=False))
        return path

    def save_minutes(self, markdown: str, *, complete: bool) -> Path:
        """Complete minutes go to minutes.md (then the current minutes: ``minutes`` in the
        manifest); what arrived before a failure to minutes.partial.md."""
        path = self.dir / (MINUTES_FILE if complete else "minutes.partial.md")
        paths.write_atomic(path, markdown)
        if complete:
            self.save_manifest(minutes=MINUTES_FILE)
        return path

    def save_edited_minutes(self, markdown: str) -> Path:
        """The user's edit of the minutes, beside the model's minutes.md (kept as written);
        the manifest's ``minutes`` names it as the current version from now on."""
        path = self.dir / EDITED_MINUTES_FILE
        paths.write_atomic(path, markdown)
        self.save_manifest(minutes=EDITED_MINUTES_FILE,
                           edited=datetime.now().isoformat(timespec="seconds"))
        return path
