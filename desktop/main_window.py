"""The main window: meetings, live transcript, streaming minutes; import, cancel, export."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QLocale, QSize, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.dialogs.settings_dialog import SettingsDialog
from desktop.dialogs.tokenizer_dialog import TokenizerDialog
from desktop.edits import EditSaver
from desktop.export_pdf import export_pdf
from desktop.meeting import Meeting, stage_words
from desktop.quit_guard import QuitGuard
from desktop.session_controller import AUDIO_SUFFIXES, Job, SessionController
from desktop.settings import Key, Settings
from desktop.widgets.context_meter import ContextMeter
from desktop.widgets.diff_view import DiffView
from desktop.widgets.insights_view import InsightsView
from desktop.widgets.lens_page import LensPage
from desktop.widgets.meeting_list import MeetingList
from desktop.widgets.message_bar import MessageBar
from desktop.widgets.minutes_view import MinutesView
from desktop.widgets.record_bar import RecordBar
from desktop.widgets.sampling_bar import SamplingBar
from desktop.widgets.transcript_view import TranscriptView
from desktop.workers.tokenizer_jobs import TokenizerJobs
from engine import Finished, OutputError, Stage, Transcript, paths, transcript_io
from engine.audio.devices import resolve_input_device
from engine.audio.sources import MicSource
from engine.export import default_file_name
from engine.minutes.lens import MAX_TOP, Sampling
from engine.minutes.word_diff import count_words, word_diff
from engine.recovery import find_interrupted
from engine.transcript_io import mmss

log = logging.getLogger("minutia.window")


def _mic_source(device_index: int) -> Callable[[], object]:
    # Built on the worker thread: opening PortAudio can take a moment.
    return lambda: MicSource(resolve_input_device(device_index))


def _sampling_words(s: Sampling | None) -> str:
    if s is None:
        return "settings not recorded"
    return (f"temperature {s.temperature:g}, top-k {s.top_k}, top-p {s.top_p:g},"
            f" min-p {s.min_p:g}, seed {s.seed}")


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
                 tokenizer: TokenizerJobs | None = None) -> None:
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
        self.running: Meeting | None = None  # the one the worker is on
        self._before_rewrite: Meeting | None = None  # the running meeting before its regenerate
        self._fork_at: int | None = None  # the running job's fork position
        self.setAcceptDrops(True)
        self.resize(QSize(1280, 780))
        self._build_ui()
        self.quit_guard = QuitGuard(self, controller)
        self.edits = EditSaver(self.minutes.markdown,
                               lambda msg: self.message_bar.show_message(msg, kind="error"), self)
        self._connect()
        self._update_title()
        self._update_actions()

    # ---- layout ----------------------------------------------------------------------------
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
        splitter.addWidget(_pane("Meetings", self.meeting_list))
        self.insights_view = InsightsView()
        self.transcript_tabs = QTabWidget()
        self.transcript_tabs.addTab(self.transcript, "Transcript")
        self.transcript_tabs.addTab(self.insights_view, "Insights")
        splitter.addWidget(self.transcript_tabs)
        splitter.addWidget(_pane("Minutes", minutes_box))
        splitter.setSizes([260, 420, 600])  # "title  ·  cancelled" fits
        self.message_bar = MessageBar()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.message_bar)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

        tb = QToolBar("Main")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(tb)
        self.import_action = QAction("Import…", self, shortcut="Ctrl+O")
        self.cancel_action = QAction("Cancel", self, shortcut="Esc")
        self.regenerate_action = QAction("Regenerate minutes", self, shortcut="Ctrl+R")
        self.source_action = QAction("Edit Markdown", self, checkable=True, shortcut="Ctrl+E")
        self.lens_action = QAction("Token Lens", self, checkable=True, shortcut="Ctrl+L")
        self.lens_action.setToolTip("See how the minutes were written, one token at a time:"
                                    " how likely each token was, and what else it could have been")
        self.changes_action = QAction("Show changes", self, checkable=True, shortcut="Ctrl+D")
        self.changes_action.setToolTip("The minutes against their version before the last"
                                       " regenerate, word by word")
        self.tokenizer_action = QAction("Tokenizer…", self, shortcut="Ctrl+T")
        self.export_md_action = QAction("Export Markdown…", self, shortcut="Ctrl+S")
        self.export_pdf_action = QAction("Export PDF…", self, shortcut="Ctrl+P")
        self.export_txt_action = QAction("Export transcript (.txt)…", self)
        self.export_srt_action = QAction("Export transcript (.srt)…", self)
        self.settings_action = QAction("Settings…", self, shortcut="Ctrl+,")
        for action in (self.import_action, self.cancel_action, self.regenerate_action,
                       self.source_action, self.lens_action, self.export_md_action, self.export_pdf_action,
                       self.settings_action):
            tb.addAction(action)
        # Recording gets a row of its own: beside the actions it overflowed at 1280 px.
        self.addToolBarBreak()
        record_tb = QToolBar("Recording")
        record_tb.setMovable(False)
        record_tb.addWidget(self.record_bar)
        self.addToolBar(record_tb)

        file_menu = self.menuBar().addMenu("&File")
        for action in (self.import_action, self.export_md_action, self.export_pdf_action,
                       self.export_txt_action, self.export_srt_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(QAction("Quit", self, shortcut="Ctrl+Q", triggered=self.close))
        meeting_menu = self.menuBar().addMenu("&Meeting")
        for action in (self.cancel_action, self.regenerate_action, self.source_action,
                       self.lens_action, self.changes_action, self.tokenizer_action,
                       self.settings_action):
            meeting_menu.addAction(action)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(QAction("Open log folder", self, triggered=self.open_log_folder))

        self.stage_label = QLabel("Ready: drop a meeting recording here, or Import…")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.time_label = QLabel()
        self.device_label = QLabel("Device: not loaded yet")
        status = self.statusBar()
        status.addWidget(self.stage_label, 1)
        status.addWidget(self.progress)
        status.addWidget(self.time_label)
        status.addPermanentWidget(self.device_label)
        self._clock = QTimer(self)
        self._clock.setInterval(500)
        self._clock.timeout.connect(self._tick)
        self._job_started = 0.0
        self._left = -1.0

    def _connect(self) -> None:
        c = self.controller
        c.job_started.connect(self.on_job_started)
        c.queue_changed.connect(self.on_queue_changed)
        c.session_started.connect(self.on_session_started)
        c.device_chosen.connect(lambda label: self.device_label.setText(f"Device: {label}"))
        c.stage_changed.connect(self.on_stage_changed)
        c.progress_changed.connect(self.on_progress_changed)
        c.segment_added.connect(self.transcript.add_segment)
        c.transcript_saved.connect(self.on_transcript_saved)
        c.minutes_planned.connect(self.on_minutes_planned)
        c.minutes_delta.connect(self.minutes.append_delta)
        self.minutes.time_clicked.connect(self.show_time)
        self.insights_view.time_clicked.connect(self.show_time)
        c.insights_found.connect(self.on_insights_found)
        c.minutes_piece.connect(self.on_minutes_piece)
        self.lens_action.toggled.connect(self.show_lens)
        self.changes_action.toggled.connect(lambda _: self._show_page())
        self.tokenizer_action.triggered.connect(self.open_tokenizer)
        self.lens_page.fork_requested.connect(self.fork)
        self.lens_page.step_requested.connect(self.step_through)
        self.lens_page.tokenizer_requested.connect(self.open_tokenizer)
        self.lens_page.panel.choose_requested.connect(self.controller.choose_token)
        self.lens_page.panel.run_requested.connect(self.controller.run_to_end)
        c.token_offered.connect(self.lens_page.panel.show_offer)
        self.sampling_bar.changed.connect(self.apply_sampling)
        self.sampling_bar.regenerate_requested.connect(self.regenerate)
        self.tokenizer.plan_ready.connect(self.context_meter.set_plan)
        self.tokenizer.failed.connect(self.on_tokenizer_failed)
        c.notice.connect(lambda msg: self.message_bar.show_message(msg, kind="info"))
        c.job_finished.connect(self.on_job_finished)
        c.job_failed.connect(self.on_job_failed)
        c.job_cancelled.connect(self.on_job_cancelled)
        c.state_changed.connect(self.on_state_changed)
        self.import_action.triggered.connect(self.import_files)
        self.cancel_action.triggered.connect(self.controller.cancel)
        self.regenerate_action.triggered.connect(self.regenerate)
        self.source_action.toggled.connect(self.minutes.show_source)
        self.source_action.toggled.connect(lambda _: self.edits.flush())
        self.minutes.edited.connect(self.on_minutes_edited)
        self.message_bar.closed.connect(self.on_message_closed)
        self.export_md_action.triggered.connect(lambda: self.export_markdown())
        self.export_pdf_action.triggered.connect(lambda: self.export_pdf())
        self.export_txt_action.triggered.connect(lambda: self.export_transcript("txt"))
        self.export_srt_action.triggered.connect(lambda: self.export_transcript("srt"))
        self.settings_action.triggered.connect(self.open_settings)
        self.meeting_list.currentRowChanged.connect(self.on_meeting_selected)
        self.record_bar.record_clicked.connect(self.start_recording)
        self.record_bar.pause_toggled.connect(self.controller.pause_recording)
        self.record_bar.stop_clicked.connect(self.controller.stop_recording)
        c.level_changed.connect(self.record_bar.show_level)
        c.tentative_changed.connect(self.transcript.set_tentative)
        c.recording_started.connect(self.on_recording_started)
        c.recording_stopped.connect(self.on_recording_stopped)

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

    @Slot(str)
    def on_recording_started(self, source: str) -> None:
        self.stage_label.setText(f"Recording from {source}")
        self.progress.hide()  # the level meter and elapsed time say it all

    @Slot(float)
    def on_recording_stopped(self, seconds: float) -> None:
        self.record_bar.set_recording(False, busy=True)
        self.stage_label.setText(f"Recorded {mmss(seconds)}; finishing the transcript…")

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

    @Slot(bool)
    def show_lens(self, on: bool) -> None:
        """The Token Lens: minutes are written recording each token's distribution from now
        on; the page shows the current meeting's tokens (regenerate to get them)."""
        self.controller.apply_config(replace(self.controller.config, lens_top=MAX_TOP if on else 0))
        if on:
            self.changes_action.setChecked(False)
        self._show_page()
        meeting = self.current
        if on and meeting is not None and meeting.can_rewrite and not meeting.lens \
                and not self.controller.busy:
            self.message_bar.show_message(
                "The Lens shows what the model weighed at each token; that is recorded while"
                " the minutes are written. Write this meeting's minutes again with the Lens on?",
                kind="info", action=("Regenerate with the Lens", self.regenerate))

    @Slot(int, int)
    def fork(self, position: int, token: int) -> None:
        """Write the minutes again from ``position`` on, with ``token`` there instead."""
        meeting = self._rewritable()
        if meeting is None:
            return
        self.controller.regenerate(meeting.transcript, meeting.title, fork=(position, token))

    def _rewritable(self) -> Meeting | None:
        """The shown meeting, if its minutes can be written again now (a transcript, the
        worker free)."""
        meeting = self.current
        if meeting is None or self.controller.busy:
            return None
        if not meeting.can_rewrite:
            self.message_bar.show_message(f"\u201c{meeting.title}\u201d has no transcript to write"
                                          " minutes from.", kind="info")
            return None
        self.edits.flush()
        if meeting.edited and not self.confirm(
                f"You edited the minutes of \u201c{meeting.title}\u201d. Write them again and"
                " replace your edits? (Your version stays in minutes.edited.md in its session"
                " folder.)"):
            return None
        return meeting

    @Slot(float)
    def show_time(self, seconds: float) -> None:
        """A citation was clicked: the transcript at that moment."""
        self.transcript_tabs.setCurrentWidget(self.transcript)
        self.transcript.show_time(seconds)

    @Slot(object)
    def on_insights_found(self, found) -> None:
        if self.running is not None:
            self.running.insights = found
            if self.running is self.current:
                self.insights_view.show_insights(found)

    @Slot()
    def step_through(self) -> None:
        """Write the minutes again one token per click (the Lens's step mode)."""
        meeting = self._rewritable()
        if meeting is None:
            return
        self.controller.step_through(meeting.transcript, meeting.title)

    @Slot()
    def apply_sampling(self) -> None:
        """The sampling bar's values: in force from the next generation on, and kept."""
        config = self.sampling_bar.applied_to(self.controller.config)
        self.controller.apply_config(config)
        self.settings.save_engine_config(config)

    @Slot()
    def open_tokenizer(self) -> None:
        meeting = self.current
        text = transcript_io.render(meeting.transcript, "txt") if meeting and meeting.transcript else ""
        dialog = TokenizerDialog(self.tokenizer, lambda: self.controller.config, text, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.tokenizer_dialog = dialog

    @Slot(object)
    def on_minutes_planned(self, planned) -> None:
        self.stage_label.setText(f"Writing minutes: {planned.message}")
        self.context_meter.set_plan(planned)

    @Slot(str, str)
    def on_tokenizer_failed(self, kind: str, message: str) -> None:
        if kind == "plan":
            self.context_meter.set_plan(None, message)

    def _request_plan(self) -> None:
        """The context meter before generation: count the current meeting's transcript."""
        meeting = self.current
        if meeting is None or meeting.transcript is None or not meeting.transcript.segments:
            self.context_meter.set_plan(None)
            return
        self.tokenizer.plan(meeting.transcript, self.controller.config)

    def _show_page(self) -> None:
        """Changes, the Lens or the minutes, in that order of precedence."""
        meeting = self.current
        if self.changes_action.isChecked() and meeting is not None \
                and meeting.previous_minutes is not None:
            self.diff_view.set_changes(
                word_diff(meeting.previous_minutes, self.minutes.markdown()),
                f"the previous version ({_sampling_words(meeting.previous_sampling)})")
            self.minutes_stack.setCurrentWidget(self.diff_view)
        elif self.lens_action.isChecked():
            self.minutes_stack.setCurrentWidget(self.lens_page)
        else:
            self.minutes_stack.setCurrentWidget(self.minutes)

    @Slot(str, object)
    def on_minutes_piece(self, text: str, step) -> None:
        meeting = self.running
        if meeting is None or not self.lens_action.isChecked():
            return
        meeting.lens.append((text, step))
        if meeting is self.current:
            self.lens_page.append_piece(text, step)

    @Slot()
    def regenerate(self) -> None:
        meeting = self._rewritable()
        if meeting is None:
            return
        self.controller.regenerate(meeting.transcript, meeting.title)

    @Slot()
    def open_settings(self) -> None:
        dialog = SettingsDialog(self.controller.config, self)
        if dialog.exec():
            config = dialog.config()
            self.settings.save_engine_config(config)
            if dialog.forget_consents.isChecked():
                self.settings.forget_consents()
            self.controller.apply_config(replace(config, lens_top=self.controller.config.lens_top))
            self.sampling_bar.set_config(config)
            self._request_plan()
            self.message_bar.show_message("Settings saved: they apply to the next job.", kind="info")

    @Slot()
    def open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.ensure_dir(paths.log_dir()))))

    def _save_path(self, caption: str, suffix: str, filter_: str) -> Path | None:
        meeting = self.current
        name = default_file_name(meeting.title if meeting else "meeting",
                                 meeting.day if meeting else date.today(), suffix)
        folder = Path(str(self.settings.value(Key.LAST_FOLDER, str(Path.home()))))
        file, _ = QFileDialog.getSaveFileName(self, caption, str(folder / name), filter_)
        return Path(file) if file else None

    def export_markdown(self, path: Path | None = None) -> Path | None:
        path = path or self._save_path("Export minutes", " minutes.md", "Markdown (*.md)")
        if path is None:
            return None
        try:
            path.write_text(self.minutes.markdown(), encoding="utf-8")
        except OSError as e:
            self.message_bar.show_message(f"Cannot write {path}: {e.strerror}", kind="error")
            return None
        self.message_bar.show_message(f"Minutes exported to {path}", kind="info")
        return path

    def export_pdf(self, path: Path | None = None, page_size: str | None = None) -> Path | None:
        path = path or self._save_path("Export minutes as PDF", " minutes.pdf", "PDF (*.pdf)")
        if path is None:
            return None
        meeting = self.current
        if page_size is None:  # Letter where the locale measures in inches, else A4
            us = QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
            page_size = "Letter" if us else "A4"
        try:
            pages = export_pdf(self.minutes.markdown(), path, page_size=page_size,
                               title=f"Minutes: {meeting.title if meeting else 'meeting'}",
                               day=meeting.day if meeting else date.today())
        except OutputError as e:
            self.message_bar.show_message(str(e), kind="error")
            return None
        self.message_bar.show_message(f"PDF exported to {path} ({pages} pages)", kind="info")
        return path

    def export_transcript(self, fmt: str, path: Path | None = None) -> Path | None:
        meeting = self.current
        if meeting is None or meeting.transcript is None:
            return None
        path = path or self._save_path("Export transcript", f" transcript.{fmt}", f"*.{fmt}")
        if path is None:
            return None
        try:
            path.write_text(transcript_io.render(meeting.transcript, fmt), encoding="utf-8")
        except OSError as e:
            self.message_bar.show_message(f"Cannot write {path}: {e.strerror}", kind="error")
            return None
        return path

    # ---- controller events -------------------------------------------------------------
    @Slot(object)
    def on_job_started(self, job: Job) -> None:
        self._store_current_edits()
        self._fork_at = job.fork[0] if job.fork else None
        self.edits.flush()
        self._before_rewrite = None
        if job.transcript is None or self.current is None:  # a new file or recording
            meeting = Meeting(job.title, status="running")
            self.meetings.append(meeting)
            self._refresh_list()
            self.running = meeting
            self._show_meeting(meeting)
        else:  # regenerate: same meeting, new minutes
            self.running = self.current
            self._before_rewrite = self.running.snapshot()
            self.running.edited = False
            self.running.status = "running"
            self.running.previous_minutes = self.running.minutes or self.minutes.markdown()
            self.running.previous_sampling = self.running.sampling
            self.changes_action.setChecked(False)
            self.running.minutes = ""
            self.minutes.clear()
            self.running.lens_original = self.running.lens if job.fork else None
            self.running.lens = []
            self.lens_page.set_pieces([], self.running.lens_original)
        self.running.sampling = self.controller.config.sampling  # this job's
        self.lens_page.set_sampling(self.running.sampling)
        self._refresh_list()
        self.message_bar.hide()
        self.lens_page.panel.stop_stepping()
        self.minutes.set_streaming(True)
        self._job_started = self._now()
        self._left = -1.0
        self._clock.start()
        self.progress.show()
        self.progress.setValue(0)

    @Slot(object)
    def on_session_started(self, folder: Path) -> None:
        if self.running is not None:
            self.running.session_dir = folder

    @Slot(object)
    def on_stage_changed(self, stage: Stage) -> None:
        self.stage_label.setText(stage.value.capitalize() + "…")
        self.progress.setValue(0)
        self._left = -1.0
        self.progress.setRange(0, 0 if stage in (Stage.LOADING_SPEECH_MODEL, Stage.LOADING_LLM)
                               else 1000)

    @Slot(object, float, float)
    def on_progress_changed(self, stage: Stage, fraction: float, left: float) -> None:
        self.progress.setRange(0, 1000)
        self.progress.setValue(int(fraction * 1000))
        self._left = left

    @Slot(object, object)
    def on_transcript_saved(self, transcript: Transcript, path: Path) -> None:
        if self.running is not None:
            self.running.transcript = transcript

    @Slot(object)
    def on_job_finished(self, done: Finished) -> None:
        meeting = self.running
        if meeting is None:
            return
        meeting.status = "done" if done.minutes is not None else "transcribed"
        meeting.transcript = done.transcript
        meeting.minutes = done.minutes or ""
        if meeting is self.current:
            self.minutes.set_markdown(meeting.minutes)
            if self._fork_at is not None:  # show where the fork begins
                for view in (self.lens_page.view, self.lens_page.original):
                    view.scroll_to(self._fork_at)
            if len(self.transcript.texts()) != len(done.transcript.segments):
                self.transcript.set_segments(done.transcript.segments)
            self.lens_page.panel.stop_stepping()
            self._offer_changes(meeting)
        meeting.stage_text = (f"Done: {meeting.title}, {len(done.transcript.segments)} segments,"
                              f" minutes saved in {done.session_dir}")
        self.stage_label.setText(meeting.stage_text)

    def _offer_changes(self, meeting: Meeting) -> None:
        """After a regenerate: how many words changed, and a way to see them."""
        if meeting.previous_minutes is None or meeting.minutes == meeting.previous_minutes:
            return
        changes = word_diff(meeting.previous_minutes, meeting.minutes)
        self.message_bar.show_message(
            f"Minutes rewritten ({_sampling_words(meeting.sampling)}):"
            f" {count_words(changes, 'added')} words added,"
            f" {count_words(changes, 'removed')} removed against the version before"
            f" ({_sampling_words(meeting.previous_sampling)}).", kind="info",
            action=("Show changes", lambda: self.changes_action.setChecked(True)))

    @Slot(str, str)
    def on_job_failed(self, message: str, details: str) -> None:
        meeting = self.running
        if meeting is not None and self._keep_previous_minutes(meeting):
            message = f"Writing the minutes again failed: {message} The minutes shown are kept."
        elif meeting is not None:
            meeting.status, meeting.error = "failed", message.splitlines()[0] if message else ""
        self.message_bar.show_message(message, kind="error", details=details)
        self.stage_label.setText("Failed: see the message above")

    @Slot()
    def on_job_cancelled(self) -> None:
        meeting = self.running
        if meeting is None:
            return
        if self._keep_previous_minutes(meeting):
            self.stage_label.setText("Cancelled: the minutes shown before are kept")
            return
        meeting.status = "cancelled"
        meeting.stage_text = "Cancelled: the transcript so far is kept"
        if meeting is self.current and meeting.transcript is not None:
            self.transcript.set_segments(meeting.transcript.segments)
            self._request_plan()  # the context meter: what the minutes of it would need
        self.stage_label.setText(meeting.stage_text)

    def _keep_previous_minutes(self, meeting: Meeting) -> bool:
        """A regenerate that failed or was cancelled never replaces minutes that were there:
        the meeting goes back to what it was (its minutes, session folder and status)."""
        before, self._before_rewrite = self._before_rewrite, None
        if before is None or not before.minutes.strip():
            return False
        meeting.restore(before)
        if meeting is self.current:
            self.minutes.set_markdown(meeting.minutes)
            self.lens_page.set_pieces(meeting.lens, meeting.lens_original)
        return True

    @Slot(str)
    def on_state_changed(self, state: str) -> None:
        if state == "idle":
            self._clock.stop()
            self.progress.hide()
            self.time_label.clear()
            self.minutes.set_streaming(False)
            if self.running is not None and self.running is self.current:
                self.running.minutes = self.minutes.markdown()
            self.running = None
            self._refresh_list()
        elif state == "cancelling":
            self.stage_label.setText("Cancelling…")
        self._update_actions()

    # ---- meetings list -----------------------------------------------------------------
    @Slot(int)
    def on_meeting_selected(self, row: int) -> None:
        if not 0 <= row < len(self.meetings):  # a queued file: nothing to show yet
            self._refresh_list()
            return
        if self.meetings[row] is not self.current:
            self._store_current_edits()
            self._show_meeting(self.meetings[row])
            if not self.controller.busy:
                self.stage_label.setText(stage_words(self.current))

    @Slot()
    def on_message_closed(self) -> None:
        if not self.controller.busy:  # "see the message above" would point at nothing
            self.stage_label.setText(stage_words(self.current))

    @Slot()
    def on_minutes_edited(self) -> None:
        if self.current is not None and self.current is not self.running:
            self.edits.edited(self.current)

    @Slot(int)
    def on_queue_changed(self, _waiting: int) -> None:
        self._refresh_list()

    def _store_current_edits(self) -> None:
        self.edits.flush()
        if self.current is not None and self.current is not self.running:
            self.current.minutes = self.minutes.markdown()

    def _show_meeting(self, meeting: Meeting) -> None:
        self.current = meeting
        self.transcript.set_segments(meeting.transcript.segments if meeting.transcript else [])
        self.minutes.set_markdown(meeting.minutes)
        self.lens_page.set_pieces(meeting.lens, meeting.lens_original)
        self.lens_page.set_sampling(meeting.sampling or self.controller.config.sampling)
        self.insights_view.show_insights(meeting.insights)
        self.changes_action.setChecked(False)
        self._request_plan()
        self._update_title()
        self._update_actions()

    def _refresh_list(self) -> None:
        self.meeting_list.show_rows(self.meetings, self.controller.queued_titles(), self.current)

    def _update_title(self) -> None:
        self.setWindowTitle(f"Minutia — {self.current.title}" if self.current else "Minutia")

    def _update_actions(self) -> None:
        busy = self.controller.busy
        self.record_bar.set_recording(self.controller.recording, busy=busy)
        has_transcript = self.current is not None and self.current.transcript is not None
        rewritable = not busy and self.current is not None and self.current.can_rewrite
        self.cancel_action.setEnabled(busy)
        self.regenerate_action.setEnabled(rewritable)
        self.sampling_bar.regenerate.setEnabled(rewritable)
        self.lens_page.step_button.setEnabled(rewritable)
        self.changes_action.setEnabled(self.current is not None
                                       and self.current.previous_minutes is not None)
        for action in (self.export_md_action, self.export_pdf_action):
            action.setEnabled(self.current is not None)
        for action in (self.export_txt_action, self.export_srt_action):
            action.setEnabled(has_transcript)

    # ---- status bar clock ---------------------------------------------------------------
    @staticmethod
    def _now() -> float:
        return time.monotonic()

    @Slot()
    def _tick(self) -> None:
        elapsed = self._now() - self._job_started
        text = f"{mmss(elapsed)} elapsed"
        if self._left >= 0:
            text += f", about {mmss(self._left)} left in this stage"
        self.time_label.setText(text)

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
        self.controller.shutdown(timeout_s=10, helpers_s=0)  # the guard waited for them
        self.tokenizer.shutdown()
        event.accept()
