"""File ▸ Export: the shown meeting's minutes as Markdown or PDF, its transcript as .txt or
.srt. Each asks for a file (named after the meeting and its day) unless given one, and says
in the message bar what was written or why it could not be."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.export_pdf import export_pdf
from desktop.meeting import Meeting
from desktop.settings import Key, Settings
from desktop.widgets.message_bar import MessageBar
from engine import OutputError, transcript_io
from engine.export import default_file_name


def default_page_size() -> str:
    """Letter where the locale measures in inches, else A4."""
    us = QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return "Letter" if us else "A4"


class Exports:
    def __init__(self, parent: QWidget, settings: Settings, message_bar: MessageBar, *,
                 meeting: Callable[[], Meeting | None], markdown: Callable[[], str]) -> None:
        """``meeting``: the meeting shown; ``markdown``: its minutes as shown (edits included)."""
        self._parent, self._settings, self._bar = parent, settings, message_bar
        self._meeting, self._markdown = meeting, markdown

    def markdown(self, path: Path | None = None) -> Path | None:
        path = path or self._ask("Export minutes", " minutes.md", "Markdown (*.md)")
        if path is None or not self._write(path, self._markdown()):
            return None
        self._bar.show_message(f"Minutes exported to {path}", kind="info")
        return path

    def pdf(self, path: Path | None = None, page_size: str | None = None) -> Path | None:
        path = path or self._ask("Export minutes as PDF", " minutes.pdf", "PDF (*.pdf)")
        if path is None:
            return None
        meeting = self._meeting()
        try:
            pages = export_pdf(self._markdown(), path, page_size=page_size or default_page_size(),
                               title=f"Minutes: {meeting.title if meeting else 'meeting'}",
                               day=meeting.day if meeting else date.today())
        except OutputError as e:
            self._bar.show_message(str(e), kind="error")
            return None
        self._bar.show_message(f"PDF exported to {path} ({pages} pages)", kind="info")
        return path

    def transcript(self, fmt: str, path: Path | None = None) -> Path | None:
        """``fmt``: "txt" or "srt" (engine.transcript_io)."""
        meeting = self._meeting()
        if meeting is None or meeting.transcript is None:
            return None
        path = path or self._ask("Export transcript", f" transcript.{fmt}", f"*.{fmt}")
        if path is None or not self._write(path, transcript_io.render(meeting.transcript, fmt)):
            return None
        return path

    def _ask(self, caption: str, suffix: str, filter_: str) -> Path | None:
        """A file to write, from the save dialog (None: the user cancelled it)."""
        meeting = self._meeting()
        name = default_file_name(meeting.title if meeting else "meeting",
                                 meeting.day if meeting else date.today(), suffix)
        folder = Path(str(self._settings.value(Key.LAST_FOLDER, str(Path.home()))))
        file, _ = QFileDialog.getSaveFileName(self._parent, caption, str(folder / name), filter_)
        return Path(file) if file else None

    def _write(self, path: Path, text: str) -> bool:
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as e:
            self._bar.show_message(f"Cannot write {path}: {e.strerror}", kind="error")
            return False
        return True
