"""A correction while the minutes are being written (issue 19): kept, and the minutes written
again from the corrected transcript when that job ends."""

import json

from conftest import Backends, make_window, short_wav  # noqa: F401 - fixture
from test_main_window import wait_idle
from test_transcript_review import edit_row

from engine import transcript_io


def test_an_edit_during_a_regenerate_is_kept_and_the_minutes_are_written_again_after(
        qtbot, settings, tmp_path, short_wav):  # noqa: F811
    backends = Backends()
    window = make_window(qtbot, settings, backends, tmp_path)
    window.open_files([short_wav])
    wait_idle(qtbot, window)
    meeting, first = window.current, window.current.session_dir
    backends.chat.delay = 0.3  # the regenerate is still writing when the edit is made
    window.regenerate()
    qtbot.waitUntil(lambda: window.jobs.running is meeting and meeting.session_dir != first
                    and (meeting.session_dir / "transcript.json").is_file())
    rewriting = meeting.session_dir
    edit_row(qtbot, window, 1, "Bryan will test the contact form by Friday.")
    assert window.controller.busy  # made while the job ran
    assert "they will be written again from the corrected transcript when this job ends" \
        in window.message_bar.label.text()
    assert "Bryan will test" in transcript_io.load_transcript(rewriting).text
    backends.chat.delay = 0.0
    qtbot.waitUntil(lambda: any("Bryan will test" in json.dumps(r)
                                for r in backends.chat.requests), timeout=20000)
    wait_idle(qtbot, window)
    assert meeting.session_dir not in (first, rewriting)  # a third writing, from the correction
    assert "Bryan will test" in transcript_io.load_transcript(meeting.session_dir).text
    assert "Bryan will test" in window.transcript.texts()[1]
    assert window.transcript_review.queued is None
