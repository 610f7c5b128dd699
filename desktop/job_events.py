"""The controller's job signals, applied to the meeting the job is on and to the window's
views: a job starts (a new meeting, or a regenerate of the one shown), reports its stages,
transcript, insights and plan, and ends (done, failed or cancelled; a regenerate that fails
or is cancelled leaves the meeting as it was). Also the recording's start and stop."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from desktop.meeting import Meeting, MeetingStatus, with_saved_names
from desktop.session_controller import ControllerState, Job
from engine import Finished, MinutesPlanned, Transcript, speakers
from engine.insights import Insights
from engine.transcript_io import mmss

if TYPE_CHECKING:
    from desktop.main_window import MainWindow


class JobEvents(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.running: Meeting | None = None  # the meeting the worker is on
        self._before_rewrite: Meeting | None = None  # the running meeting before its regenerate
        self._fork_at: int | None = None  # the running job's fork position

    # ---- a job starts ------------------------------------------------------------------------
    @Slot(object)
    def on_job_started(self, job: Job) -> None:
        w = self.window
        w.store_current_edits()
        self._fork_at = job.fork[0] if job.fork else None
        w.edits.flush()
        self._before_rewrite = None
        if job.transcript is None or w.current is None:  # a new file or recording
            meeting = Meeting(job.title, status=MeetingStatus.RUNNING)
            w.meetings.append(meeting)
            w.refresh_list()
            self.running = meeting
            w.show_meeting(meeting)
        else:  # regenerate: same meeting, new minutes
            self.running = w.current
            self._before_rewrite = self.running.begin_rewrite(w.minutes.markdown(),
                                                              fork=job.fork is not None)
            w.menu.changes.setChecked(False)
            w.minutes.clear()
            w.lens_page.set_pieces([], self.running.lens_original)
        self.running.sampling = w.controller.config.sampling  # this job's
        w.lens_page.set_sampling(self.running.sampling)
        w.refresh_list()
        w.message_bar.hide()
        w.lens_page.panel.stop_stepping()
        w.minutes.set_streaming(True)
        w.status_line.job_started()
        w.speakers.show(w.current)  # its names cannot change while the job runs

    @Slot(object)
    def on_session_started(self, folder: Path) -> None:
        if self.running is not None:
            self.running.session_dir = folder

    # ---- while it runs -----------------------------------------------------------------------
    @Slot(object, object)
    def on_transcript_saved(self, transcript: Transcript, path: Path) -> None:
        """Saved once transcribed, and again with its speakers when they are found."""
        meeting = self.running
        if meeting is None:
            return
        meeting.transcript = with_saved_names(transcript, path.parent)
        if meeting is self.window.current and speakers.speakers_in(transcript.segments):
            self.window.transcript.set_segments(transcript.segments,
                                                meeting.transcript.speaker_names)
            self.window.speakers.show(meeting)

    @Slot(object)
    def on_insights_found(self, found: Insights) -> None:
        if self.running is not None:
            self.running.insights = found
            if self.running is self.window.current:
                self.window.speakers.show(self.running)

    @Slot(object)
    def on_minutes_planned(self, planned: MinutesPlanned) -> None:
        self.window.status_line.say(f"Writing minutes: {planned.message}")
        self.window.context_meter.set_plan(planned)

    @Slot(str)
    def on_recording_started(self, source: str) -> None:
        self.window.status_line.say(f"Recording from {source}")
        self.window.status_line.hide_progress()  # the level meter and elapsed time say it all

    @Slot(float)
    def on_recording_stopped(self, seconds: float) -> None:
        self.window.record_bar.set_recording(False, busy=True)
        self.window.status_line.say(f"Recorded {mmss(seconds)}; finishing the transcript…")
        self.window.speakers.show(self.window.current)

    # ---- it ends -----------------------------------------------------------------------------
    @Slot(object)
    def on_job_finished(self, done: Finished) -> None:
        w, meeting = self.window, self.running
        if meeting is None:
            return
        meeting.finish(done)
        meeting.transcript = with_saved_names(meeting.transcript, done.session_dir)
        if meeting is w.current:
            w.minutes.set_markdown(meeting.minutes)
            if self._fork_at is not None:  # show where the fork begins
                for view in (w.lens_page.view, w.lens_page.original):
                    view.scroll_to(self._fork_at)
            if len(w.transcript.texts()) != len(done.transcript.segments):
                w.transcript.set_segments(done.transcript.segments,
                                          meeting.transcript.speaker_names)
            w.lens_page.panel.stop_stepping()
            w.lens.offer_changes(meeting)
        w.status_line.say(meeting.stage_text)

    @Slot(str, str)
    def on_job_failed(self, message: str, details: str) -> None:
        meeting = self.running
        if meeting is not None and self._keep_previous_minutes(meeting):
            message = f"Writing the minutes again failed: {message} The minutes shown are kept."
        elif meeting is not None:
            meeting.fail(message)
        self.window.message_bar.show_message(message, kind="error", details=details)
        self.window.status_line.say("Failed: see the message above")

    @Slot()
    def on_job_cancelled(self) -> None:
        w, meeting = self.window, self.running
        if meeting is None:
            return
        if self._keep_previous_minutes(meeting):
            w.status_line.say("Cancelled: the minutes shown before are kept")
            return
        meeting.cancel()
        if meeting is w.current and meeting.transcript is not None:
            w.transcript.set_segments(meeting.transcript.segments)
            w.speakers.show(meeting)
            w.lens.request_plan()  # the context meter: what the minutes of it would need
        w.status_line.say(meeting.stage_text)

    def _keep_previous_minutes(self, meeting: Meeting) -> bool:
        """A regenerate that failed or was cancelled never replaces minutes that were there:
        the meeting goes back to what it was (its minutes, session folder and status)."""
        before, self._before_rewrite = self._before_rewrite, None
        if before is None or not before.minutes.strip():
            return False
        meeting.restore(before)
        if meeting is self.window.current:
            self.window.minutes.set_markdown(meeting.minutes)
            self.window.lens_page.set_pieces(meeting.lens, meeting.lens_original)
        return True

    @Slot(str)
    def on_state_changed(self, state: str) -> None:
        w = self.window
        if state == ControllerState.IDLE:
            w.status_line.idle()
            w.minutes.set_streaming(False)
            if self.running is not None and self.running is w.current:
                self.running.minutes = w.minutes.markdown()
            self.running = None
            w.refresh_list()
            w.speakers.show(w.current)  # names can be changed again
        elif state == ControllerState.CANCELLING:
            w.status_line.say("Cancelling…")
        w.update_actions()
