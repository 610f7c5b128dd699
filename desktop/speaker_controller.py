"""The speakers of the meeting shown: the list above the transcript (or why there is none
yet), the names in the transcript and insights, and what the user does with them: rename a
speaker (saved in the session's speakers.json; the transcript, exports and insights follow
at once, the minutes when written again) and remember a voice for later meetings."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QInputDialog

from desktop.meeting import Meeting
from engine import speakers
from engine.diarize.turns import label
from engine.errors import MinutiaError
from engine.session import Session

if TYPE_CHECKING:
    from desktop.main_window import MainWindow

log = logging.getLogger("minutia.window")


class SpeakerController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.speaker_list.rename_requested.connect(self.rename)
        window.speaker_list.remember_requested.connect(self.remember)

    def note(self, meeting: Meeting | None) -> str:
        """Why the meeting shown has no speakers (yet); "" when it has them or none are due."""
        w = self.window
        if meeting is None or (meeting.transcript is not None
                               and speakers.speakers_in(meeting.transcript.segments)):
            return ""
        running = meeting is w.jobs.running
        if not w.controller.config.speakers:
            return "Speakers: turned off in Settings." if running else ""
        if running and w.controller.recording:
            return "Speakers: who said what is worked out after you press Stop."
        if running:
            return "Speakers: found when the transcript is complete."
        return ""

    def show(self, meeting: Meeting | None) -> None:
        """The list, the transcript's and the insights' names for ``meeting`` (the one shown)."""
        w = self.window
        transcript = meeting.transcript if meeting is not None else None
        w.speaker_list.show_speakers(transcript, self.note(meeting),
                                     editable=meeting is not w.jobs.running)
        names = transcript.speaker_names if transcript is not None else {}
        w.transcript.set_names(names)
        w.insights_view.show_insights(meeting.insights if meeting else None, names)

    @Slot(int, str)
    def rename(self, speaker: int, name: str) -> None:
        """Name ``speaker`` of the meeting shown ("" gives back "Speaker N")."""
        w, meeting = self.window, self.window.current
        if meeting is None or meeting.transcript is None or meeting.session_dir is None:
            return
        if meeting is w.jobs.running:  # its job saves the transcript again: rename after it
            w.message_bar.show_message("Rename speakers when the job on this meeting has ended.",
                                       kind="info")
            self.show(meeting)
            return
        suggested = any(s.speaker == speaker and s.name == name
                        for s in speakers.suggest(meeting.transcript.segments))
        try:
            saved = Session.open(meeting.session_dir).rename_speaker(speaker, name or None,
                                                                       suggested=suggested)
        except (MinutiaError, OSError) as e:
            log.warning("renaming a speaker failed: %s", e)
            w.message_bar.show_message(f"The speaker was not renamed: {e}", kind="error")
            self.show(meeting)
            return
        meeting.transcript = replace(meeting.transcript, speaker_names=saved.speaker_names)
        self.show(meeting)
        now = f"is now {name}" if name else f"is “{label(speaker)}” again"
        if meeting.minutes.strip():
            w.message_bar.show_message(
                f"{label(speaker)} {now} in the transcript, exports and insights. The minutes"
                " shown were written with the old name.", kind="info",
                action=("Write the minutes again", w.regenerate))
        else:
            w.status_line.say(f"{label(speaker)} {now}.")

    @Slot(int)
    def remember(self, speaker: int) -> None:
        """Store ``speaker``'s voice under a name, to name it in later meetings."""
        w, meeting = self.window, self.window.current
        if meeting is None or meeting.session_dir is None or meeting.transcript is None:
            return
        current = meeting.transcript.speaker_names.get(speaker, "")
        name, ok = QInputDialog.getText(
            w, "Remember this voice", f"Whose voice is {label(speaker)}? Later meetings will"
            " name it when they hear it. The voice stays on this computer.", text=current)
        if ok and name.strip():
            self.remember_as(speaker, name.strip())

    def remember_as(self, speaker: int, name: str) -> None:
        from engine import voices  # noqa: PLC0415 - numpy work only when asked

        w, meeting = self.window, self.window.current
        try:
            voice = voices.remember_speaker(meeting.session_dir, speaker, name)
        except (MinutiaError, OSError) as e:
            w.message_bar.show_message(f"The voice was not remembered: {e}", kind="error")
            return
        text = (f"Minutia will know {voice.name}'s voice in later meetings (learnt from"
                f" {voice.meetings} meeting{'s' if voice.meetings != 1 else ''}; Settings lists"
                " remembered voices).")
        w.message_bar.show_message(text, kind="info")
        w.status_line.say(text)
        if meeting.transcript.speaker_names.get(speaker) != name:
            self.rename(speaker, name)  # with minutes shown, its offer to rewrite them is shown
