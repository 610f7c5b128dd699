"""One meeting of this app session, as the meetings list and the window show it."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path

from engine import Transcript
from engine.insights import Insights
from engine.minutes.lens import Sampling


@dataclass
class Meeting:
    title: str
    status: str = "queued"
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


def stage_words(meeting: Meeting | None) -> str:
    """The status bar's line for a meeting that is shown and not running."""
    if meeting is None:
        return "Ready: drop a meeting recording here, or Import…"
    if meeting.status == "failed":
        return f"Failed: {meeting.error}" if meeting.error else f"Failed: {meeting.title}"
    if meeting.status == "queued":
        return f"Queued: {meeting.title} starts when the meetings before it are done"
    return meeting.stage_text or f"{meeting.title}: {meeting.status}"
