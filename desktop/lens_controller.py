"""Writing a meeting's minutes again, and the Token Lens that shows how they were written:
Regenerate, a fork at a token, step mode, the sampling bar, the tokenizer view, the context
meter's plan, and which page the minutes area shows (changes, the Lens or the minutes).

It acts on the window's widgets and the meeting shown (desktop/main_window.py); the
controller's job signals are handled in desktop/job_events.py.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Slot

from desktop.dialogs.tokenizer_dialog import TokenizerDialog
from desktop.meeting import Meeting
from desktop.workers.tokenizer_jobs import JobKind
from engine import transcript_io
from engine.minutes.lens import MAX_TOP, Sampling, TokenStep
from engine.minutes.word_diff import count_words, word_diff

if TYPE_CHECKING:
    from desktop.main_window import MainWindow


def sampling_words(s: Sampling | None) -> str:
    if s is None:
        return "settings not recorded"
    return (f"temperature {s.temperature:g}, top-k {s.top_k}, top-p {s.top_p:g},"
            f" min-p {s.min_p:g}, seed {s.seed}")


class LensController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.tokenizer_dialog: TokenizerDialog | None = None  # the last one opened

    # ---- writing the minutes again -----------------------------------------------------------
    @Slot()
    def regenerate(self) -> None:
        meeting = self._rewritable()
        if meeting is None:
            return
        self.window.controller.regenerate(meeting.transcript, meeting.title)

    @Slot(int, int)
    def fork(self, position: int, token: int) -> None:
        """Write the minutes again from ``position`` on, with ``token`` there instead."""
        meeting = self._rewritable()
        if meeting is None:
            return
        self.window.controller.regenerate(meeting.transcript, meeting.title,
                                          fork=(position, token))

    @Slot()
    def step_through(self) -> None:
        """Write the minutes again one token per click (the Lens's step mode)."""
        meeting = self._rewritable()
        if meeting is None:
            return
        self.window.controller.step_through(meeting.transcript, meeting.title)

    def _rewritable(self) -> Meeting | None:
        """The shown meeting, if its minutes can be written again now (a transcript, the
        worker free, the user's edits given up if there are any)."""
        w = self.window
        meeting = w.current
        if meeting is None or w.controller.busy:
            return None
        if not meeting.can_rewrite:
            w.message_bar.show_message(f"\u201c{meeting.title}\u201d has no transcript to write"
                                       " minutes from.", kind="info")
            return None
        w.edits.flush()
        if meeting.edited and not w.confirm(
                f"You edited the minutes of \u201c{meeting.title}\u201d. Write them again and"
                " replace your edits? (Your version stays in minutes.edited.md in its session"
                " folder.)"):
            return None
        return meeting

    @Slot()
    def apply_sampling(self) -> None:
        """The sampling bar's values: in force from the next generation on, and kept."""
        w = self.window
        config = w.sampling_bar.applied_to(w.controller.config)
        w.controller.apply_config(config)
        w.settings.save_engine_config(config)

    def offer_changes(self, meeting: Meeting) -> None:
        """After a regenerate: how many words changed, and a way to see them."""
        if meeting.previous_minutes is None or meeting.minutes == meeting.previous_minutes:
            return
        changes = word_diff(meeting.previous_minutes, meeting.minutes)
        self.window.message_bar.show_message(
            f"Minutes rewritten ({sampling_words(meeting.sampling)}):"
            f" {count_words(changes, 'added')} words added,"
            f" {count_words(changes, 'removed')} removed against the version before"
            f" ({sampling_words(meeting.previous_sampling)}).", kind="info",
            action=("Show changes", lambda: self.window.menu.changes.setChecked(True)))

    # ---- the Lens ----------------------------------------------------------------------------
    @Slot(bool)
    def show_lens(self, on: bool) -> None:
        """The Token Lens: minutes are written recording each token's distribution from now
        on; the page shows the current meeting's tokens (regenerate to get them)."""
        w = self.window
        w.controller.apply_config(replace(w.controller.config, lens_top=MAX_TOP if on else 0))
        if on:
            w.menu.changes.setChecked(False)
        self.show_page()
        meeting = w.current
        if on and meeting is not None and meeting.can_rewrite and not meeting.lens \
                and not w.controller.busy:
            w.message_bar.show_message(
                "The Lens shows what the model weighed at each token; that is recorded while"
                " the minutes are written. Write this meeting's minutes again with the Lens on?",
                kind="info", action=("Regenerate with the Lens", self.regenerate))

    @Slot(str, object)
    def on_minutes_delta(self, text: str, step: TokenStep | None) -> None:
        """A piece of the minutes being written: kept for the Lens while it is on."""
        w = self.window
        meeting = w.jobs.running
        if meeting is None or not w.menu.lens.isChecked():
            return
        meeting.lens.append((text, step))
        if meeting is w.current:
            w.lens_page.append_piece(text, step)

    @Slot()
    def show_page(self) -> None:
        """Changes, the Lens or the minutes, in that order of precedence."""
        w = self.window
        meeting = w.current
        if w.menu.changes.isChecked() and meeting is not None \
                and meeting.previous_minutes is not None:
            w.diff_view.set_changes(
                word_diff(meeting.previous_minutes, w.minutes.markdown()),
                f"the previous version ({sampling_words(meeting.previous_sampling)})")
            w.minutes_stack.setCurrentWidget(w.diff_view)
        elif w.menu.lens.isChecked():
            w.minutes_stack.setCurrentWidget(w.lens_page)
        else:
            w.minutes_stack.setCurrentWidget(w.minutes)

    # ---- tokens: the tokenizer view and the context meter ------------------------------------
    @Slot()
    def open_tokenizer(self) -> None:
        w = self.window
        meeting = w.current
        text = transcript_io.render(meeting.transcript, "txt") if meeting and meeting.transcript else ""
        dialog = TokenizerDialog(w.tokenizer, lambda: w.controller.config, text, w)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.tokenizer_dialog = dialog

    def request_plan(self) -> None:
        """The context meter before generation: count the current meeting's transcript."""
        w = self.window
        meeting = w.current
        if meeting is None or meeting.transcript is None or not meeting.transcript.segments:
            w.context_meter.set_plan(None)
            return
        w.tokenizer.plan(meeting.transcript, w.controller.config)

    @Slot(str, str)
    def on_tokenizer_failed(self, kind: str, message: str) -> None:
        if kind == JobKind.PLAN:
            self.window.context_meter.set_plan(None, message)
