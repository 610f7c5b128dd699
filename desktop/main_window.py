"""The main window: the meetings list, the live transcript and insights, the streaming minutes
(or the Token Lens, or the changes after a regenerate). It lays them out, composes the parts
that act on them and wires the signals; itself it decides which meeting is shown and takes
files in (import, drop), recording, recovery, settings and closing.

The parts: desktop/window_menu.py (actions, toolbars, menus), desktop/job_events.py (the
controller's job signals), desktop/lens_controller.py (regenerate, fork, step mode,
sampling, tokenizer, context plan), desktop/speaker_controller.py (the speaker list, names,
remembered voices), desktop/exports.py (Markdown, PDF, transcript) and
desktop/widgets/status_line.py (the status bar).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl, Slot
from PySide6.QtGui import QCloseEvent, QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.dialogs.settings_dialog import SettingsDialog
from desktop.edits import EditSaver
from desktop.exports import Exports
from desktop.job_events import JobEvents
from desktop.lens_controller import LensController
from desktop.library_controller import LibraryController
from desktop.meeting import Meeting, stage_words
from desktop.quit_guard import QuitGuard
from desktop.session_controller import AUDIO_SUFFIXES, SessionController
from desktop.settings import Key, Settings
from desktop.speaker_controller import SpeakerController
from desktop.transcript_controller import TranscriptController
from desktop.widgets.actions_view import ActionsView
from desktop.widgets.context_meter import ContextMeter
from desktop.widgets.diff_view import DiffView
from desktop.widgets.insights_view import InsightsView
from desktop.widgets.lens_page import LensPage
from desktop.widgets.library_pane import LibraryPane
from desktop.widgets.meeting_list import MeetingList
from desktop.widgets.message_bar import MessageBar
from desktop.widgets.minutes_view import MinutesView
from desktop.widgets.record_bar import RecordBar
from desktop.widgets.sampling_bar import SamplingBar
from desktop.widgets.speaker_list import SpeakerList
from desktop.widgets.status_line import StatusLine
from desktop.widgets.transcript_view import TranscriptView
from desktop.window_menu import WindowMenu
from desktop.workers.library_jobs import LibraryJobs
from desktop.workers.tokenizer_jobs import TokenizerJobs
from engine import paths
from engine.audio.devices import resolve_input_device
from engine.audio.sources import MicSource
from engine.recovery import find_interrupted
from engine.transcript_io import mmss

log = logging.getLogger("minutia.window")


def _mic_source(device_index: int) -> Callable[[], object]:
    # Built on the worker thread: opening PortAudio can take a moment.
    return lambda: MicSource(resolve_input_device(device_index))


def _pane(title: str, widget: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(4, 4, 4, 4)
    label = QLabel(f"<b>{title}</b>")
    layout.addWidget(label)
    layout.addWidget(widget, 1)
    return box


class MainWindow(QMainWindow):
    def __init__(self, controller: SessionController, settings: Settings, *,
                 confirm: Callable[[str], bool] | None = None,
                 make_source: Callable[[int], Callable[[], object]] | None = None,
                 record_bar: RecordBar | None = None,
                 tokenizer: TokenizerJobs | None = None,
                 library: LibraryJobs | None = None) -> None:
        super().__init__()
        self.controller = controller
        self.settings = settings
        self.confirm = confirm or self._ask
        # What a Record click records from: a PortAudio device by index (tests pass others).
        self.make_source = make_source or _mic_source
        self.record_bar = record_bar or RecordBar()
        self.tokenizer = tokenizer or TokenizerJobs(parent=self)
        self.meetings: list[Meeting] = []
        self.current: Meeting | None = None  # the one shown
        self.setAcceptDrops(True)
        self.resize(QSize(1280, 780))
        self._build_ui()
        self.menu = WindowMenu(self, self.record_bar)
        self.status_line = StatusLine(self.statusBar(), stage_words(None))
        self.quit_guard = QuitGuard(self, controller)
        self.edits = EditSaver(self.minutes.markdown,
                               lambda msg: self.message_bar.show_message(msg, kind="error"), self)
        self.exports = Exports(self, settings, self.message_bar, meeting=lambda: self.current,
                               markdown=self.minutes.markdown)
        self.jobs = JobEvents(self)
        self.lens = LensController(self)
        self.speakers = SpeakerController(self)
        self.transcript_review = TranscriptController(self)  # play bar, corrections (issue 19)
        self._connect_controller()
        self._connect_widgets()
        # the meeting library (issue 18): every kept meeting, search, action items
        self.library = LibraryController(self, library or LibraryJobs(parent=self))
        self.library.refresh()
        self._update_title()
        self.update_actions()

    # ---- layout and wiring -----------------------------------------------------------------
    def _build_ui(self) -> None:
        self.meeting_list = MeetingList()
        self.transcript = TranscriptView()
        self.minutes = MinutesView()
        self.lens_page = LensPage()
        self.diff_view = DiffView()
        self.minutes_stack = QStackedWidget()
        self.minutes_stack.addWidget(self.minutes)
        self.minutes_stack.addWidget(self.lens_page)
        self.minutes_stack.addWidget(self.diff_view)
        self.sampling_bar = SamplingBar()
        self.sampling_bar.set_config(self.controller.config)
        self.context_meter = ContextMeter()
        minutes_box = QWidget()
        minutes_layout = QVBoxLayout(minutes_box)
        minutes_layout.setContentsMargins(0, 0, 0, 0)
        minutes_layout.addWidget(self.sampling_bar)
        minutes_layout.addWidget(self.context_meter)
        minutes_layout.addWidget(self.minutes_stack, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.library_pane = LibraryPane(self.meeting_list)
        self.actions_view = ActionsView()
        self.side_tabs = QTabWidget()  # the library: its meetings, its action items
        self.side_tabs.addTab(self.library_pane, "Meetings")
        self.side_tabs.addTab(self.actions_view, "Actions")
        splitter.addWidget(self.side_tabs)
        self.insights_view = InsightsView()
        self.speaker_list = SpeakerList()
        self.transcript_page = transcript_box = QWidget()  # the speakers over the transcript
        transcript_layout = QVBoxLayout(transcript_box)
        transcript_layout.setContentsMargins(0, 0, 0, 0)
        transcript_layout.addWidget(self.speaker_list)
        transcript_layout.addWidget(self.transcript, 1)
        self.transcript_tabs = QTabWidget()
        self.transcript_tabs.addTab(transcript_box, "Transcript")
        self.transcript_tabs.addTab(self.insights_view, "Insights")
        splitter.addWidget(self.transcript_tabs)
        splitter.addWidget(_pane("Minutes", minutes_box))
        splitter.setSizes([330, 400, 550])  # a library row's date, length and status fit
        self.message_bar = MessageBar()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.message_bar)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

    def _connect_controller(self) -> None:
        """The controller's signals (emitted on the GUI thread) to the views and the parts."""
        c, jobs = self.controller, self.jobs
        c.job_started.connect(jobs.on_job_started)
        c.queue_changed.connect(self.on_queue_changed)
        c.session_started.connect(jobs.on_session_started)
        c.device_chosen.connect(self.status_line.show_device)
        c.stage_changed.connect(self.status_line.show_stage)
        c.progress_changed.connect(self.status_line.show_progress)
        c.segment_added.connect(self.transcript.add_segment)
        c.transcript_saved.connect(jobs.on_transcript_saved)
        c.minutes_planned.connect(jobs.on_minutes_planned)
        c.minutes_delta.connect(self.minutes.append_delta)
        c.minutes_delta.connect(self.lens.on_minutes_delta)
        c.minutes_tentative.connect(self.minutes.set_tentative)
        c.insights_found.connect(jobs.on_insights_found)
        c.token_offered.connect(self.lens_page.panel.show_offer)
        c.notice.connect(lambda msg: self.message_bar.show_message(msg, kind="info"))
        c.job_finished.connect(jobs.on_job_finished)
        c.job_failed.connect(jobs.on_job_failed)
        c.job_cancelled.connect(jobs.on_job_cancelled)
        c.state_changed.connect(jobs.on_state_changed)
        c.level_changed.connect(self.record_bar.show_level)
        c.tentative_changed.connect(self.transcript.set_tentative)
        c.recording_started.connect(jobs.on_recording_started)
        c.recording_stopped.connect(jobs.on_recording_stopped)

    def _connect_widgets(self) -> None:
        """The actions, widgets and tokenizer jobs (all on the GUI thread) to what they do."""
        menu, lens = self.menu, self.lens
        menu.import_files.triggered.connect(self.import_files)
        menu.cancel.triggered.connect(self.controller.cancel)
        menu.regenerate.triggered.connect(lens.regenerate)
        menu.edit_markdown.toggled.connect(self.minutes.show_source)
        menu.edit_markdown.toggled.connect(self.edits.flush)
        menu.lens.toggled.connect(lens.show_lens)
        menu.changes.toggled.connect(lens.show_page)
        menu.tokenizer.triggered.connect(lens.open_tokenizer)
        menu.export_md.triggered.connect(lambda: self.exports.markdown())
        menu.export_pdf.triggered.connect(lambda: self.exports.pdf())
        menu.export_txt.triggered.connect(lambda: self.exports.transcript("txt"))
        menu.export_srt.triggered.connect(lambda: self.exports.transcript("srt"))
        menu.settings.triggered.connect(self.open_settings)
        menu.quit.triggered.connect(self.close)
        menu.log_folder.triggered.connect(self.open_log_folder)
        self.minutes.edited.connect(self.on_minutes_edited)
        self.minutes.time_clicked.connect(self.show_time)
        self.insights_view.time_clicked.connect(self.show_time)
        self.message_bar.closed.connect(self.on_message_closed)
        self.meeting_list.currentRowChanged.connect(self.on_meeting_selected)
        self.lens_page.fork_requested.connect(lens.fork)
        self.lens_page.step_requested.connect(lens.step_through)
        self.lens_page.tokenizer_requested.connect(lens.open_tokenizer)
        self.lens_page.panel.choose_requested.connect(self.controller.choose_token)
        self.lens_page.panel.run_requested.connect(self.controller.run_to_end)
        self.sampling_bar.changed.connect(lens.apply_sampling)
        self.sampling_bar.regenerate_requested.connect(lens.regenerate)
        self.tokenizer.plan_ready.connect(self.context_meter.set_plan)
        self.tokenizer.failed.connect(lens.on_tokenizer_failed)
        self.record_bar.record_clicked.connect(self.start_recording)
        self.record_bar.pause_toggled.connect(self.controller.pause_recording)
        self.record_bar.stop_clicked.connect(self.controller.stop_recording)

    # ---- commands --------------------------------------------------------------------------
    def open_files(self, files: list[Path]) -> None:
        refused = self.controller.enqueue_files(files)
        if refused:
            self.message_bar.show_message("; ".join(refused) + ".", kind="error")

    @Slot()
    def import_files(self) -> None:
        pattern = " ".join(f"*{s}" for s in sorted(AUDIO_SUFFIXES))
        files, _ = QFileDialog.getOpenFileNames(
            self, "Import meeting recordings", str(self.settings.value(Key.LAST_FOLDER, "")),
            f"Audio and video ({pattern});;All files (*)")
        if files:
            self.settings.set_value(Key.LAST_FOLDER, str(Path(files[0]).parent))
            self.open_files([Path(f) for f in files])

    @Slot(int)
    def start_recording(self, device_index: int) -> None:
        if self.controller.busy:
            return
        self.record_bar.set_recording(True)
        self.controller.start_recording(self.make_source(device_index),
                                        f"Recording {date.today():%Y-%m-%d} {time.strftime('%H.%M')}")

    def offer_recovery(self) -> None:
        """At start: offer to recover recordings a crash or kill interrupted (the audio up to
        the last fsync is on disk). Dismissed, they stay for the next start and `minutia
        recover`."""
        items = find_interrupted()
        if not items:
            return
        names = ", ".join(f"\u201c{i.title}\u201d ({mmss(i.seconds)})" for i in items)
        self.message_bar.show_message(
            f"{len(items)} recording{'s were' if len(items) > 1 else ' was'} interrupted before"
            f" it ended: {names}. The audio is kept; recover it to get the transcript and"
            f" minutes.", kind="info",
            details="\n".join(str(i.session_dir) for i in items),
            action=("Recover", lambda: self.controller.recover(items)))

    def regenerate(self) -> None:
        """Write the shown meeting's minutes again (LensController.regenerate)."""
        self.lens.regenerate()

    def export_markdown(self, path: Path | None = None) -> Path | None:
        return self.exports.markdown(path)

    def export_pdf(self, path: Path | None = None, page_size: str | None = None) -> Path | None:
        return self.exports.pdf(path, page_size)

    def export_transcript(self, fmt: str, path: Path | None = None) -> Path | None:
        return self.exports.transcript(fmt, path)

    @Slot()
    def open_settings(self) -> None:
        dialog = SettingsDialog(self.controller.config, self,
                                output_device=self.transcript_review.play_bar.remembered_output)
        if dialog.exec():
            self.transcript_review.on_output_chosen(dialog.playback.output())
            config = dialog.config()
            self.settings.save_engine_config(config)
            if dialog.forget_consents.isChecked():
                self.settings.forget_consents()
            self.controller.apply_config(replace(config, lens_top=self.controller.config.lens_top))
            self.sampling_bar.set_config(config)
            self.lens.request_plan()
            self.message_bar.show_message("Settings saved: they apply to the next job.", kind="info")

    @Slot()
    def open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.ensure_dir(paths.log_dir()))))

    @Slot(float)
    def show_time(self, seconds: float) -> None:
        """A citation was clicked: the transcript at that moment."""
        self.transcript_tabs.setCurrentWidget(self.transcript_page)
        self.transcript.show_time(seconds)
        self.transcript_review.cited(seconds)

    # ---- the meeting shown ---------------------------------------------------------------
    @Slot(int)
    def on_meeting_selected(self, row: int) -> None:
        if not 0 <= row < len(self.meetings):  # a queued file: nothing to show yet
            self.refresh_list()
            return
        if self.meetings[row] is not self.current:
            self.store_current_edits()
            self.show_meeting(self.meetings[row])
            if not self.controller.busy:
                self.status_line.say(stage_words(self.current))

    @Slot()
    def on_message_closed(self) -> None:
        if not self.controller.busy:  # "see the message above" would point at nothing
            self.status_line.say(stage_words(self.current))

    @Slot()
    def on_minutes_edited(self) -> None:
        if self.current is not None and self.current is not self.jobs.running:
            self.edits.edited(self.current)

    @Slot(int)
    def on_queue_changed(self, _waiting: int) -> None:
        self.refresh_list()  # files queued while a job runs are listed as "queued"

    def store_current_edits(self) -> None:
        """Before another meeting or job takes the minutes view: keep what it shows."""
        self.edits.flush()
        if self.current is not None and self.current is not self.jobs.running:
            self.current.minutes = self.minutes.markdown()

    def show_meeting(self, meeting: Meeting) -> None:
        self.current = meeting
        self.transcript_review.show(meeting)  # its corrected transcript, if any; its audio
        self.transcript.set_segments(meeting.transcript.segments if meeting.transcript else [])
        self.speakers.show(meeting)
        self.minutes.set_markdown(meeting.minutes)
        self.lens_page.set_pieces(meeting.lens, meeting.lens_original)
        self.lens_page.set_sampling(meeting.sampling or self.controller.config.sampling)
        self.menu.changes.setChecked(False)
        self.lens.request_plan()
        self._update_title()
        self.update_actions()

    def refresh_list(self) -> None:
        self.meeting_list.show_rows(self.meetings, self.controller.queued_titles(), self.current)

    def _update_title(self) -> None:
        self.setWindowTitle(f"Minutia — {self.current.title}" if self.current else "Minutia")

    def update_actions(self) -> None:
        """Enable what may be done now: with the meeting shown, while a job runs or not."""
        busy, meeting = self.controller.busy, self.current
        rewritable = not busy and meeting is not None and meeting.can_rewrite
        self.record_bar.set_recording(self.controller.recording, busy=busy)
        self.menu.enable_for(meeting, busy=busy, rewritable=rewritable)
        self.sampling_bar.regenerate.setEnabled(rewritable)
        self.lens_page.step_button.setEnabled(rewritable)

    # ---- drag and drop, closing ------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        self.open_files(files)

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, "Minutia", question)
        return answer == QMessageBox.StandardButton.Yes

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.quit_guard.may_close():  # it closes the window again when it may
            event.ignore()
            return
        self.edits.flush()
        self.settings.set_value(Key.WINDOW_GEOMETRY, self.saveGeometry())
        self.library.shutdown()  # first: a job ending below must not start a library refresh
        self.controller.shutdown(timeout_s=10, helpers_s=0)  # the guard waited for them
        self.tokenizer.shutdown()
        event.accept()
