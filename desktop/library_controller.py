"""The meeting library in the window: the Meetings pane (every kept meeting, search, sort,
rename, delete, open folder) and the Actions tab, their requests run by LibraryJobs off
the GUI thread, and what comes back shown: a meeting reopened with its transcript, minutes
and insights (at a search hit's or an action item's moment), the lists refreshed whenever
a job ends or something changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QInputDialog, QLineEdit

from desktop.ask_controller import AskController
from desktop.library_open import meeting_from_folder
from desktop.meeting import Meeting, stage_words
from desktop.session_controller import ControllerState
from desktop.workers.library_jobs import LibraryJobs
from engine import Cancelled, ModelError
from engine.library import Action, Entry, Hit, Library

if TYPE_CHECKING:
    from desktop.main_window import MainWindow


def _search(query: str, jobs: LibraryJobs) -> Callable[[Library], tuple[str, list[Hit], str]]:
    """The search job: first the meaning vectors the index lacks (many after meetings were
    copied in: a batch at a time, saying how far, stopping when the window closes), then
    the search itself."""
    def progress(done: int, total: int) -> None:
        if jobs.stopping.is_set():
            raise Cancelled()
        jobs.progressed.emit(f"Preparing meaning search: {done:,} of {total:,} passages…")

    def run(library: Library) -> tuple[str, list[Hit], str]:
        try:
            library.embed_pending(progress)
            return query, library.search(query), ""
        except ModelError:  # words still work without the embedding model
            return (query, library.search(query, meaning=False),
                    "(Words only: the model for meaning search is not installed.)")
    return run


def _open(session: str, at: float | None) -> Callable[[Library], tuple[Meeting, float | None]]:
    return lambda library: (meeting_from_folder(library.resolve(session)), at)


class LibraryController(QObject):
    def __init__(self, window: MainWindow, jobs: LibraryJobs) -> None:
        super().__init__(window)
        self.window, self.jobs = window, jobs
        if jobs.parent() is None:
            jobs.setParent(window)  # lives as long as the window
        self.pane, self.actions_view = window.library_pane, window.actions_view
        self.all_actions: list[Action] = []
        # What asks the user (tests answer instead): a new title, None when cancelled.
        self.ask_title: Callable[[str], str | None] = self._ask_title
        self.open_folder: Callable[[Path], None] = lambda p: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(p)))
        # the Ask tab: questions answered from every meeting, on its own worker and index
        # connection (an answer being written never holds up a search)
        self.ask = AskController(window, make_library=jobs._make_library,
                                 open_meeting=self.open_meeting)
        window.side_tabs.addTab(self.ask.box, "Ask")
        self._connect()

    def _connect(self) -> None:
        p, a, c = self.pane, self.actions_view, self.window.controller
        p.search_changed.connect(self.search)
        p.entry_activated.connect(self.open_entry)
        p.hit_activated.connect(self.open_hit)
        p.rename_requested.connect(self.rename)
        p.delete_requested.connect(self.delete)
        p.folder_requested.connect(self.show_folder)
        a.done_toggled.connect(self.set_done)
        a.open_requested.connect(self.open_action)
        a.show_done_changed.connect(lambda _: a.show_actions(self.all_actions))
        self.window.meeting_list.currentRowChanged.connect(self._session_row_chosen)
        c.state_changed.connect(self._on_state_changed)
        c.session_started.connect(lambda _folder: self.refresh())
        # a tab shown again: minutes edited or folders changed meanwhile are listed as they are
        self.window.side_tabs.currentChanged.connect(lambda _index: self.refresh())
        self.jobs.progressed.connect(self.pane.show_note)
        self.jobs.done.connect(self._on_done)
        self.jobs.failed.connect(self._on_failed)

    # ---- requests -----------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        """Bring the index in line with the folders, then list meetings and action items."""
        if not self.pane.entries:  # the first reading of many folders takes a while
            self.pane.count_label.setText("<b>Library</b> · reading the session folders…")
        self.jobs.submit("list", lambda library: (library.sync(), library.entries()))
        self.jobs.submit("actions", lambda library: library.actions())

    @Slot(str)
    def search(self, query: str) -> None:
        if query:
            self.jobs.submit("search", _search(query, self.jobs))

    @Slot(object)
    def open_entry(self, entry: Entry) -> None:
        self._open(entry.path, entry.id, None)

    @Slot(object)
    def open_hit(self, hit: Hit) -> None:
        self._open(Path(hit.path), hit.session_id, hit.start)

    @Slot(object)
    def open_action(self, action: Action) -> None:
        self._open(action.path, action.session_id, action.start)

    def open_meeting(self, session: str, at: float | None) -> None:
        """Show the meeting ``session`` (an id) at ``at``: a citation of an answer."""
        entry = next((e for e in self.pane.entries if e.id == session), None)
        if entry is None:
            self.jobs.submit("open", _open(session, at))
        else:
            self._open(entry.path, entry.id, at)

    def _open(self, path: Path, session: str, at: float | None) -> None:
        """Show the meeting kept in ``path``: the one already in the window, else read back."""
        w = self.window
        known = next((m for m in [w.current, *w.meetings]
                      if m is not None and m.session_dir == path), None)
        if known is not None:
            self.show(known, at)
        else:
            self.jobs.submit("open", _open(session, at))

    @Slot(object)
    def rename(self, entry: Entry) -> None:
        if self._busy_with(entry, "renaming"):
            return
        title = self.ask_title(entry.title)
        if title and title.strip() and title.strip() != entry.title:
            self.jobs.submit("renamed", lambda library: library.rename(entry.id, title))

    @Slot(object)
    def delete(self, entry: Entry) -> None:
        w = self.window
        if self._busy_with(entry, "deleting"):
            return
        if w.confirm(f"Move “{entry.title}” to the trash?\n\nIts folder ({entry.path}) with the"
                     " audio, transcript and minutes goes to the system trash."):
            self.jobs.submit("deleted", lambda library: library.delete(entry.id))

    def _busy_with(self, entry: Entry, doing: str) -> bool:
        """Whether a job writes ``entry``'s folder now (then say so: it must end first)."""
        running = self.window.jobs.running
        if running is None or running.session_dir != entry.path:
            return False
        self.window.message_bar.show_message(f"“{entry.title}” is being worked on: cancel the"
                                             f" job or let it end before {doing} it.",
                                             kind="error")
        return True

    @Slot(object)
    def show_folder(self, entry: Entry) -> None:
        self.open_folder(entry.path)

    @Slot(str, bool)
    def set_done(self, action_id: str, done: bool) -> None:
        self.jobs.submit("done", lambda library: library.set_done(action_id, done))

    def shutdown(self) -> None:
        self.ask.shutdown()
        self.jobs.shutdown()

    # ---- results (GUI thread) -------------------------------------------------------------
    @Slot(str, object)
    def _on_done(self, kind: str, value: object) -> None:
        if kind == "list":
            report, entries = value
            self.pane.show_entries(entries)
            current = self.window.current
            self.pane.select_path(current.session_dir if current else None)
            skipped = [f"{s.path.name} ({s.reason})" for s in report.skipped]
            if not self.pane.search.text().strip():
                self.pane.show_note("Not listed: " + "; ".join(skipped) if skipped else "")
        elif kind == "actions":
            self.all_actions = value
            self.actions_view.show_actions(value)
        elif kind == "search":
            self.pane.show_hits(*value)
        elif kind == "open":
            self.show(*value)
        else:
            self._changed(kind, value)

    def _changed(self, kind: str, value) -> None:
        """A rename, delete or tick is done: say so where it shows, and list again."""
        w = self.window
        if kind == "renamed":
            for m in [w.current, *w.meetings]:
                if m is not None and m.session_dir == value.path:
                    m.title = value.title
            w.refresh_list()
            w.setWindowTitle(f"Minutia — {w.current.title}" if w.current else "Minutia")
        elif kind == "deleted":
            if w.current is not None and w.current.session_dir == value.path:
                self._clear_shown()
            w.meetings[:] = [m for m in w.meetings if m.session_dir != value.path]
            w.refresh_list()  # gone from this session's list too
            w.status_line.say(f"Moved to the trash: “{value.title}” ({value.path})")
        self.refresh()

    @Slot(str, str)
    def _on_failed(self, kind: str, message: str) -> None:
        if kind == "search":
            self.pane.show_note(f"Search failed: {message}")
            return
        self.window.message_bar.show_message(message, kind="error")
        if kind in ("done", "open", "renamed", "deleted"):
            self.refresh()  # e.g. a folder deleted behind our back; a box back as the folder says

    def show(self, meeting: Meeting, at: float | None) -> None:
        """Show ``meeting`` (at the moment ``at``, when given) in the window."""
        w = self.window
        if meeting is not w.current:
            w.store_current_edits()
            w.show_meeting(meeting)
        if meeting in w.meetings:
            w.refresh_list()  # its row in this session's list selected too
        else:
            w.meeting_list.blockSignals(True)
            w.meeting_list.setCurrentRow(-1)
            w.meeting_list.blockSignals(False)
        self.pane.select_path(meeting.session_dir)
        if at is not None:
            w.show_time(at)
        if not w.controller.busy:
            w.status_line.say(stage_words(meeting))

    def _clear_shown(self) -> None:
        w = self.window
        w.current = None
        w.transcript.set_segments([])
        w.minutes.set_markdown("")
        w.speakers.show(None)
        w.setWindowTitle("Minutia")
        w.update_actions()

    @Slot(int)
    def _session_row_chosen(self, _row: int) -> None:
        current = self.window.current
        self.pane.select_path(current.session_dir if current else None)

    @Slot(str)
    def _on_state_changed(self, state: str) -> None:
        if state == ControllerState.IDLE:
            self.refresh()  # a job ended: its meeting is in the library now

    def _ask_title(self, current: str) -> str | None:
        title, ok = QInputDialog.getText(self.window, "Rename meeting", "New title:",
                                         QLineEdit.EchoMode.Normal, current)
        return title if ok else None
