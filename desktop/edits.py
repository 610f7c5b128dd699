"""The user's edits of the minutes (Edit Markdown), saved in the meeting's session folder as
minutes.edited.md: a second after typing stops, and at once when the user leaves the editor,
another meeting is shown, the minutes are regenerated or the app quits."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Slot

from engine.session import EDITED_MINUTES_FILE, Session

log = logging.getLogger("minutia.window")
SAVE_AFTER_MS = 1000


class EditSaver(QObject):
    def __init__(self, markdown: Callable[[], str], report: Callable[[str], None],
                 parent: QObject | None = None) -> None:
        """``markdown``: the text being edited; ``report``: shows a one-line error."""
        super().__init__(parent)
        self._markdown, self._report = markdown, report
        self._meeting = None  # the meeting whose edit is not saved yet
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_AFTER_MS)
        self._timer.timeout.connect(self.flush)

    def edited(self, meeting) -> None:
        """``meeting``'s minutes (shown now) were changed by the user."""
        meeting.edited = True
        self._meeting = meeting
        self._timer.start()

    @Slot()
    def flush(self) -> None:
        """Save the pending edit now (the shown text must still be that meeting's)."""
        self._timer.stop()
        meeting, self._meeting = self._meeting, None
        if meeting is None:
            return
        meeting.minutes = self._markdown()
        if meeting.session_dir is None:
            return
        try:
            Session.open(meeting.session_dir).save_edited_minutes(meeting.minutes)
        except OSError as e:
            log.warning("cannot save the edited minutes in %s: %s", meeting.session_dir, e)
            self._report(f"Cannot save your edit in {meeting.session_dir / EDITED_MINUTES_FILE}:"
                         f" {e.strerror or e}")
