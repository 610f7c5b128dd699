"""What a job looks like in the terminal: progress bars and notes on stderr, minutes on stdout.

Progress and messages go to stderr; the minutes stream to stdout, so
``minutia minutes meeting.m4a > minutes.md`` works. On a terminal, the model's text still
being checked (MinutesTentative) shows as one dim line that the next piece replaces.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from engine import (
    LanguageDetected,
    MinutesDelta,
    MinutesPlanned,
    MinutesTentative,
    Notice,
    Segment,
    SegmentAdded,
    SessionStarted,
    Stage,
    StageChanged,
    TranscriptSaved,
)
from engine import Progress as ProgressEvent
from engine.diarize.turns import label
from engine.transcript_io import mmss

_BAR_STAGES = (Stage.DECODING, Stage.TRANSCRIBING, Stage.DIARIZING)


def segment_line(segment: Segment) -> str:
    """A transcript segment as the terminal shows it: ``[mm:ss] text`` (``[mm:ss] Speaker 2:
    text`` when its speaker is known), the time dimmed.

    Args:
        segment: the segment.

    Returns:
        Rich markup for one line.
    """
    who = "" if segment.speaker is None else f"{label(segment.speaker)}: "
    return f"[dim]\\[{mmss(segment.start)}][/] {who}{segment.text}"


class Terminal:
    """Turns pipeline events into progress bars (stderr) and streamed minutes (stdout).

    ``with terminal:`` shows the bars while a job runs; ``show`` takes each event. It also
    remembers where the job's files are, for the line printed when a job is cancelled.
    """

    def __init__(self, err: Console) -> None:
        self.err = err
        self.bar = Progress(TextColumn("{task.description:<24}"), BarColumn(), TaskProgressColumn(),
                            TimeElapsedColumn(), TimeRemainingColumn(), console=err, transient=True)
        self.tasks: dict[Stage, int] = {}
        self.session_dir: Path | None = None
        self.saved_transcript: Path | None = None
        self._status = False  # a tentative line stands on the terminal
        # tentative text only where stdout and stderr are the same screen
        self._live_line = err.is_terminal and sys.stdout.isatty()

    def __enter__(self) -> Terminal:
        self.bar.start()
        return self

    def __exit__(self, *exc) -> None:
        self.bar.stop()

    def show(self, event: object) -> None:
        """Show one event; events the terminal has nothing to say about are skipped.

        Args:
            event: any event a job yields.
        """
        handler = _HANDLERS.get(type(event))
        if handler is not None:
            handler(self, event)

    def _session_started(self, event: SessionStarted) -> None:
        self.session_dir = event.session_dir

    def _stage_changed(self, event: StageChanged) -> None:
        if event.stage in _BAR_STAGES:
            self.tasks[event.stage] = self.bar.add_task(event.stage.value.capitalize(), total=None)
        elif event.stage == Stage.WRITING_MINUTES:
            self.bar.stop()  # the minutes stream to stdout from here on
        else:
            self.err.print(f"[dim]{event.stage.value.capitalize()}…[/]")

    def _progress(self, event: ProgressEvent) -> None:
        if event.stage in self.tasks:
            self.bar.update(self.tasks[event.stage], completed=event.done, total=event.total or None)

    def _language_detected(self, event: LanguageDetected) -> None:
        self.err.print(f"[dim]Language: {event.language} ({event.probability:.0%}),"
                       f" {event.duration:.0f} s of audio[/]")

    def _segment_added(self, event: SegmentAdded) -> None:
        self.err.print(segment_line(event.segment), highlight=False)

    def _transcript_saved(self, event: TranscriptSaved) -> None:
        self.saved_transcript = event.path
        self.err.print(f"[dim]Transcript saved: {event.path}[/]")

    def _notice(self, event: Notice) -> None:
        self.err.print(f"[yellow]Note:[/] {event.message}")

    def _minutes_planned(self, event: MinutesPlanned) -> None:
        self.err.print(f"[dim]Minutes: {event.message}.[/]\n")

    def _minutes_delta(self, event: MinutesDelta) -> None:
        self._clear_status()
        sys.stdout.write(event.text)
        sys.stdout.flush()

    def _minutes_tentative(self, event: MinutesTentative) -> None:
        if not self._live_line:
            return
        self._clear_status()
        if event.text:
            width = max(20, self.err.width - 12)
            text = " ".join(event.text.split())
            text = text if len(text) <= width else "…" + text[-width + 1:]
            self.err.file.write(f"\x1b[2mchecking: {text}\x1b[0m")
            self.err.file.flush()
            self._status = True

    def _clear_status(self) -> None:
        if self._status:
            self.err.file.write("\r\x1b[2K")
            self.err.file.flush()
            self._status = False


_HANDLERS: dict[type, Callable[[Terminal, object], None]] = {
    SessionStarted: Terminal._session_started,
    StageChanged: Terminal._stage_changed,
    ProgressEvent: Terminal._progress,
    LanguageDetected: Terminal._language_detected,
    SegmentAdded: Terminal._segment_added,
    TranscriptSaved: Terminal._transcript_saved,
    Notice: Terminal._notice,
    MinutesPlanned: Terminal._minutes_planned,
    MinutesDelta: Terminal._minutes_delta,
    MinutesTentative: Terminal._minutes_tentative,
}
