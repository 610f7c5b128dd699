"""One meeting of this app session, as the meetings list and the window show it: its status,
what it has (transcript, minutes, Token Lens pieces, insights), and the bookkeeping of a job
on it (a first run, a regenerate that may fail and must then leave it as it was)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date
from enum import StrEnum
from pathlib import Path

from engine import Finished, Transcript, speakers
from engine.insights import Insights
from engine.minutes.lens import Sampling

READY = "Ready: drop a meeting recording here, or Import…"  # no meeting shown yet


class MeetingStatus(StrEnum):
    """Shown after the title in the meetings list ("title  ·  done")."""

    QUEUED = "queued"  # waiting for the meetings before it
    RUNNING = "running"  # the worker is on it
    DONE = "done"  # transcript and minutes
    TRANSCRIBED = "transcribed"  # a transcript and no minutes
    FAILED = "failed"
    CANCELLED = "cancelled"  # what was done before the cancel is kept


@dataclass
class Meeting:
    title: str
    status: MeetingStatus = MeetingStatus.QUEUED
    session_dir: Path | None = None
    transcript: Transcript | None = None
    minutes: str = ""
    day: date = field(default_factory=date.today)
    lens: list = field(default_factory=list)  # (text, TokenStep | None) per minutes piece
    lens_original: list | None = None  # the minutes before a fork, when this is one
    previous_minutes: str | None = None  # the version before the last regenerate
    sampling: Sampling | None = None  # what the current minutes were written with
    previous_sampling: Sampling | None = None  # ... and the version before them
    insights: Insights | None = None
    edited: bool = False  # the minutes shown are the user's edit (minutes.edited.md)
    error: str = ""  # why the last job on it failed
    stage_text: str = ""  # the status bar's line about its last job

    @property
    def can_rewrite(self) -> bool:
        """Minutes can be written from what it has: a transcript with at least one segment."""
        return self.transcript is not None and bool(self.transcript.segments)

    def snapshot(self) -> Meeting:
        """Its state before a new attempt at its minutes, to come back to if that fails."""
        return replace(self, lens=list(self.lens))

    def restore(self, before: Meeting) -> None:
        """A new attempt failed or was cancelled: show what was there before, as it was."""
        for f in fields(self):
            if f.name not in ("error", "stage_text"):
                setattr(self, f.name, getattr(before, f.name))

    def begin_rewrite(self, shown_minutes: str, *, fork: bool) -> Meeting:
        """A regenerate starts: the minutes so far become the previous version (``shown_minutes``
        where the record has none yet), a fork keeps the Lens pieces it branches from.

        Returns:
            The meeting as it was, for restore() if the attempt fails or is cancelled.
        """
        before = self.snapshot()
        self.edited = False
        self.status = MeetingStatus.RUNNING
        self.previous_minutes = self.minutes or shown_minutes
        self.previous_sampling = self.sampling
        self.minutes = ""
        self.lens_original = self.lens if fork else None
        self.lens = []
        return before

    def finish(self, done: Finished) -> None:
        """The job ended well: with minutes, or with a transcript only."""
        self.status = MeetingStatus.DONE if done.minutes is not None else MeetingStatus.TRANSCRIBED
        self.transcript = done.transcript
        self.minutes = done.minutes or ""
        self.stage_text = (f"Done: {self.title}, {len(done.transcript.segments)} segments,"
                           f" minutes saved in {done.session_dir}")

    def fail(self, message: str) -> None:
        self.status = MeetingStatus.FAILED
        self.error = message.splitlines()[0] if message else ""

    def cancel(self) -> None:
        self.status = MeetingStatus.CANCELLED
        self.stage_text = "Cancelled: the transcript so far is kept"


def stage_words(meeting: Meeting | None) -> str:
    """The status bar's line for a meeting that is shown and not running."""
    if meeting is None:
        return READY
    if meeting.status == MeetingStatus.FAILED:
        return f"Failed: {meeting.error}" if meeting.error else f"Failed: {meeting.title}"
    if meeting.status == MeetingStatus.QUEUED:
        return f"Queued: {meeting.title} starts when the meetings before it are done"
    return meeting.stage_text or f"{meeting.title}: {meeting.status}"


def with_saved_names(transcript: Transcript, folder: Path | None) -> Transcript:
    """``transcript`` with the speakers' names saved in its session ``folder``
    (speakers.json: a remembered voice, a rename) when they differ from the ones it carries."""
    if folder is None or not speakers.speakers_in(transcript.segments):
        return transcript
    names = {k: v.name for k, v in speakers.load_names(folder).items()}
    if not names or names == transcript.speaker_names:
        return transcript
    return replace(transcript, speaker_names=names)
