"""Reviewing the transcript of the meeting shown: hear it and correct it (issue 19).

The play bar under the transcript plays the meeting's audio; a click on a row (or on a
``[mm:ss]`` citation) plays from there and the row being heard is highlighted. A row is
edited in place (double-click or F2; Ctrl+Enter while editing splits it at the cursor); its
menu merges, deletes, or gives it to another speaker; Find and replace shows the hits before
replacing. Each edit is saved at once in the session's transcript.edited.json
(engine.transcript_layer), with undo and redo; transcript.json stays as transcribed, and the
meeting's transcript (exports, regenerated minutes) becomes the corrected one. A "Corrected"
badge says so, and "Show the original" goes back to the machine's transcript.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QMenu, QToolButton, QWidget

from desktop.dialogs.find_replace import FindReplaceDialog
from desktop.meeting import Meeting
from desktop.session_controller import ControllerState, Job
from desktop.settings import Key
from desktop.widgets.play_bar import PlayBar
from engine import speakers
from engine.audio.playback_source import session_audio
from engine.audio.player import Player
from engine.errors import InputError, MinutiaError
from engine.transcript_edits import new_speaker
from engine.transcript_layer import TranscriptLayer

if TYPE_CHECKING:
    from desktop.main_window import MainWindow

log = logging.getLogger("minutia.window")
BADGE_STYLE = "background: #2e7d32; color: white; border-radius: 3px; padding: 1px 6px"


class TranscriptController(QObject):
    """Places the edit strip above the transcript and the play bar under it, and does what
    they and the transcript's rows ask."""

    def __init__(self, window: MainWindow, player: Player | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.meeting: Meeting | None = None
        self._layer: TranscriptLayer | None = None
        self._offered: set[Path] = set()  # meetings offered a regenerate after a correction
        self._rewriting = False  # the job running writes minutes of a kept transcript
        self.queued: Meeting | None = None  # corrected while its minutes were written
        self.play_bar = PlayBar(player)
        self.play_bar.find_audio = self._audio
        self.play_bar.remembered_output = str(window.settings.value(Key.OUTPUT_DEVICE, "") or "")
        self.badge = QLabel("Corrected")
        self.badge.setStyleSheet(BADGE_STYLE)
        self.badge.setToolTip("You corrected this transcript: exports and regenerated minutes"
                              " use your corrections (transcript.json keeps the original)")
        # Short labels, the rest in tooltips: the transcript's column must stay narrow.
        self.show_original = QCheckBox("Original", toolTip="Show the transcript as transcribed"
                                       " (your corrections are kept)")
        self.undo_button = QToolButton(text="↶", toolTip="Undo the last correction (Ctrl+Z)")
        self.redo_button = QToolButton(text="↷", toolTip="Redo (Ctrl+Shift+Z)")
        self.find_button = QToolButton(text="Replace…", toolTip="Find and replace (Ctrl+H)")
        self.strip = QWidget()
        row = QHBoxLayout(self.strip)
        row.setContentsMargins(0, 0, 0, 0)
        for w in (self.badge, self.show_original, self.undo_button, self.redo_button):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.find_button)
        layout = window.transcript_page.layout()
        layout.insertWidget(layout.indexOf(window.transcript), self.strip)
        layout.addWidget(self.play_bar)
        self._connect()
        self._refresh_tools()
        window.installEventFilter(self)  # a close stops the playing (and any decoding)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Close:
            self.play_bar.shutdown()
        return False

    def cited(self, seconds: float) -> None:
        """A ``[mm:ss]`` citation was clicked: play from there, when the meeting has audio
        (none, or moved away: the transcript is shown at that moment all the same)."""
        try:
            self._audio()
        except MinutiaError:
            return
        self.play_bar.play_from(seconds)

    def _connect(self) -> None:
        view, page = self.window.transcript, self.window.transcript_page
        view.segment_clicked.connect(self.play_bar.play_from)
        view.segment_edited.connect(self.on_segment_edited)
        view.segment_split.connect(self.on_segment_split)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self.on_menu_requested)
        self.play_bar.position_changed.connect(view.set_playing)
        self.play_bar.failed.connect(self.on_play_failed)
        self.play_bar.noticed.connect(self.on_play_noticed)
        self.play_bar.output_chosen.connect(self.on_output_chosen)
        self.undo_button.clicked.connect(self.undo)
        self.redo_button.clicked.connect(self.redo)
        self.find_button.clicked.connect(self.find_and_replace)
        self.show_original.toggled.connect(self.on_show_original_toggled)
        self.window.controller.job_started.connect(self.on_job_started)
        self.window.controller.state_changed.connect(self.on_state_changed)
        for keys, slot in (("Ctrl+Z", self.undo), ("Ctrl+Shift+Z", self.redo),
                           ("Ctrl+Y", self.redo), ("Ctrl+H", self.find_and_replace)):
            shortcut = QShortcut(QKeySequence(keys), page)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # ---- the meeting shown ---------------------------------------------------------------
    def show(self, meeting: Meeting | None) -> None:
        """``meeting`` is about to be shown: its corrected transcript (if any) becomes its
        transcript, and the play bar gets its audio."""
        self.meeting, self._layer = meeting, None
        self.play_bar.set_audio(None)
        layer = self.layer()
        if layer is not None and meeting.transcript is not None:
            meeting.transcript = layer.shown
        self._refresh_tools()

    def layer(self) -> TranscriptLayer | None:
        """The corrections of the meeting shown (None: no saved transcript yet, or a job is
        transcribing it; a job writing its minutes from its kept transcript lets it be
        corrected, and the minutes are written again when that job ends)."""
        meeting = self.meeting
        if meeting is None or meeting.session_dir is None or (
                meeting is self.window.jobs.running and not self._rewriting):
            return None
        if self._layer is None or self._layer.session.dir != meeting.session_dir:
            if not (meeting.session_dir / "transcript.json").is_file():
                return None
            try:
                self._layer = TranscriptLayer.open(meeting.session_dir)
            except InputError as e:
                self.window.message_bar.show_message(str(e), kind="error")
                return None
        return self._layer

    def _audio(self) -> Path:
        if self.meeting is None or self.meeting.session_dir is None:
            raise InputError("This meeting has no audio to play yet")
        return session_audio(self.meeting.session_dir)

    # ---- corrections ---------------------------------------------------------------------
    def _edit(self, change, *args) -> bool:
        """Make one correction (``change``: a TranscriptLayer method); False: refused."""
        layer = self.layer()
        if layer is None:
            why = ("Correct the transcript when the job on this meeting has ended."
                   if self.meeting is not None and self.meeting is self.window.jobs.running
                   else "This meeting has no saved transcript to correct.")
            self.window.message_bar.show_message(why, kind="info")
            self._redraw()
            return False
        try:
            change(layer, *args)
        except (MinutiaError, OSError) as e:
            log.warning("a transcript correction failed: %s", e)
            self.window.message_bar.show_message(f"Not corrected: {e}", kind="error")
            self._redraw()
            return False
        self._redraw()
        if self.meeting is self.window.jobs.running and layer.edits:
            self._queue_regenerate()
        elif not self._offer_regenerate() and layer.taught:
            self.window.message_bar.show_message(
                f"Added {', '.join(layer.taught)} to your vocabulary: later transcriptions are"
                " told about it (Settings ▸ Vocabulary).", kind="info")
        return True

    def _queue_regenerate(self) -> None:
        """A correction while the minutes are being written: kept, and the minutes written
        again from it once the job ends (``on_state_changed``)."""
        self.queued = self.meeting
        text = ("Correction kept. The minutes being written use the text before it: they will"
                " be written again from the corrected transcript when this job ends.")
        self.window.message_bar.show_message(text, kind="info")

    @Slot(object)
    def on_job_started(self, job: Job) -> None:
        self._rewriting = job.transcript is not None

    @Slot(str)
    def on_state_changed(self, state: str) -> None:
        if state == ControllerState.IDLE and self.queued is not None:
            # After the window's own handling of the job's end (JobEvents, connected later).
            QTimer.singleShot(0, self._run_queued)

    def _run_queued(self) -> None:
        meeting, self.queued = self.queued, None
        if meeting is None or self.window.controller.busy:
            self.queued = meeting
            return
        if meeting is not self.meeting or meeting is not self.window.current:
            self.window.message_bar.show_message(
                f"“{meeting.title}” was corrected while its minutes were written: open it and"
                " regenerate to use the corrections.", kind="info")
            return
        self._redraw()  # the job's end showed the transcript it was given
        self.window.status_line.say("Writing the minutes again from your corrections…")
        self.window.regenerate()

    def _offer_regenerate(self) -> bool:
        """Once per meeting: its minutes were written from the text before the corrections.
        Whether it was offered now."""
        meeting = self.meeting
        if meeting is None or not meeting.minutes or meeting.session_dir in self._offered:
            return False
        self._offered.add(meeting.session_dir)
        self.window.message_bar.show_message(
            "Transcript corrected. The minutes were written from the text before; write them"
            " again from the corrected one?", kind="info",
            action=("Regenerate minutes", self.window.regenerate))
        return True

    def _redraw(self) -> None:
        """The transcript, speakers and tools after a change of the meeting shown."""
        layer, meeting = self._layer, self.meeting
        if meeting is None:
            return
        if layer is not None and meeting.transcript is not None:
            meeting.transcript = layer.shown
        if meeting.transcript is not None:
            self.window.transcript.set_segments(meeting.transcript.segments,
                                                meeting.transcript.speaker_names)
        self.window.speakers.show(meeting)
        self._refresh_tools()

    def _refresh_tools(self) -> None:
        layer = self._layer if self.meeting is not None else None
        self.badge.setVisible(layer is not None and layer.corrected)
        self.show_original.blockSignals(True)
        self.show_original.setChecked(layer is not None and bool(layer.edits)
                                      and not layer.corrected)
        self.show_original.blockSignals(False)
        self.show_original.setVisible(layer is not None and bool(layer.edits))
        self.undo_button.setEnabled(layer is not None and layer.can_undo)
        self.redo_button.setEnabled(layer is not None and layer.can_redo)
        self.find_button.setEnabled(self.meeting is not None and self.meeting.transcript
                                    is not None)

    @Slot(int, str)
    def on_segment_edited(self, row: int, text: str) -> None:
        self._edit(TranscriptLayer.edit_text, row, text)

    @Slot(int, int)
    def on_segment_split(self, row: int, at: int) -> None:
        self._edit(TranscriptLayer.split, row, at)

    @Slot()
    def undo(self) -> None:
        self._edit(TranscriptLayer.undo)

    @Slot()
    def redo(self) -> None:
        self._edit(TranscriptLayer.redo)

    @Slot(bool)
    def on_show_original_toggled(self, original: bool) -> None:
        self._edit(TranscriptLayer.use_original, original)

    def replace_all(self, old: str, new: str, match_case: bool, whole_word: bool) -> int:
        """Replace everywhere; the number of hits replaced (a message says it)."""
        done: list = []
        self._edit(lambda layer: done.extend(layer.replace(old, new, match_case=match_case,
                                                           whole_word=whole_word)))
        if done:
            minutes = self.meeting is not None and bool(self.meeting.minutes)
            taught = self._layer.taught if self._layer is not None else []
            added = f" {', '.join(taught)} added to your vocabulary." if taught else ""
            self.window.message_bar.show_message(
                f"Replaced {len(done)} × “{old}” with “{new}” (Undo takes it back).{added}",
                kind="info",
                action=("Regenerate minutes", self.window.regenerate) if minutes else None)
        return len(done)

    @Slot()
    def find_and_replace(self) -> None:
        if self.layer() is None:
            self._edit(lambda layer: None)  # says why not
            return
        dialog = FindReplaceDialog(lambda old, **o: self._layer.find(old, **o), self.window)
        dialog.replace_all.connect(self.replace_all)
        self.dialog = dialog  # tests reach it; one at a time
        dialog.open()

    # ---- a row's menu ---------------------------------------------------------------------
    @Slot(QPoint)
    def on_menu_requested(self, point: QPoint) -> None:
        view = self.window.transcript
        row = view.row(view.itemAt(point)) if view.itemAt(point) is not None else -1
        menu = self.row_menu(row)
        if menu is not None:
            menu.exec(view.viewport().mapToGlobal(point))

    def row_menu(self, row: int) -> QMenu | None:
        """Play from here, edit, merge with the next, delete, and the speakers to give it to."""
        view = self.window.transcript
        segment = view.segment_at(row)
        if segment is None:
            return None
        menu = QMenu(view)
        menu.addAction("Play from here", lambda: self.play_bar.play_from(segment.start))
        menu.addAction("Edit text (F2)", lambda: view.editItem(view.item(row)))
        merge = menu.addAction("Merge with the next", lambda: self._edit(TranscriptLayer.merge,
                                                                         row))
        merge.setEnabled(view.segment_at(row + 1) is not None)
        menu.addAction("Delete", lambda: self._edit(TranscriptLayer.delete, row))
        transcript = self.meeting.transcript if self.meeting else None
        present = speakers.speakers_in(transcript.segments) if transcript else []
        if present:
            who = menu.addMenu("Said by")
            for s in present:
                action = who.addAction(speakers.display_name(s, transcript.speaker_names),
                                       lambda s=s: self._edit(TranscriptLayer.set_speaker, row, s))
                action.setEnabled(s != segment.speaker)
            who.addAction("Someone else (a new speaker)",
                          lambda: self._edit(TranscriptLayer.set_speaker, row,
                                             new_speaker(transcript)))
        return menu

    @Slot(str)
    def on_play_failed(self, message: str) -> None:
        self.window.message_bar.show_message(message, kind="error")

    @Slot(str)
    def on_play_noticed(self, message: str) -> None:
        self.window.message_bar.show_message(message, kind="info")

    @Slot(str)
    def on_output_chosen(self, name: str) -> None:
        """Picked in the play bar's menu or in Settings: remembered for the next run (kept
        when it is missing: it may be plugged in again)."""
        self.play_bar.prefer_output(name)
        self.window.settings.set_value(Key.OUTPUT_DEVICE, name)
