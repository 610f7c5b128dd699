"""A meeting of the library read back from its session folder, as the window shows one:
transcript (with the speakers' names saved beside it), the current minutes (the user's edit
when there is one) and the insights. Runs on the library's worker thread (file reads and
the insights' computation); imports no Qt."""

from __future__ import annotations

from datetime import datetime

from desktop.meeting import Meeting, MeetingStatus
from engine import transcript_io
from engine.errors import InputError
from engine.insights import insights
from engine.library import Entry
from engine.library.folders import TRANSCRIPT
from engine.session import EDITED_MINUTES_FILE


def meeting_from_folder(entry: Entry) -> Meeting:
    """``entry``'s meeting with what its folder holds.

    Raises:
        InputError: the folder is gone, or its transcript or minutes cannot be read.
    """
    folder = entry.path
    if not (folder / "manifest.json").is_file():
        raise InputError(f"No meeting “{entry.title}” any more: its folder {folder} is gone")
    transcript = None
    if (folder / TRANSCRIPT).is_file():
        transcript = transcript_io.load_transcript(folder)  # the corrected one, if any
    minutes = ""
    if entry.minutes_file:
        try:
            minutes = (folder / entry.minutes_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(f"Cannot read the minutes {folder / entry.minutes_file}: {e}") from e
    status = (MeetingStatus.DONE if minutes else MeetingStatus.TRANSCRIBED if transcript
              else MeetingStatus.CANCELLED)
    meeting = Meeting(entry.title, status=status, session_dir=folder, transcript=transcript,
                      minutes=minutes, edited=entry.minutes_file == EDITED_MINUTES_FILE)
    try:
        meeting.day = datetime.fromisoformat(entry.created).date()
    except ValueError:
        pass
    if transcript is not None:
        meeting.insights = insights(transcript.segments)
    meeting.stage_text = f"{entry.title}: {entry.status}, opened from the library ({folder})"
    return meeting
